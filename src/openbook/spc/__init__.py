"""Making Data Count statistical process control: XmR charts, special-cause rules,
variation and assurance icons, matching the NHS-R reference package (NHSRplotthedots 0.2.2).

Pure NumPy inside, pandas at the boundary; imports only `openbook.domain`.
"""

from openbook.spc.classify import SpcMethod, excel_method
from openbook.spc.engine import POINT_COLUMNS, SpcResult, spc
from openbook.spc.label import COLOURS
from openbook.spc.rule import (
    part_of_seven_trend,
    part_of_two_in_three,
    point_type,
    seven_point_one_side_mean,
    seven_point_trend,
    special_cause_type,
    trend_direction,
    two_in_three,
)
from openbook.spc.summary import assurance_type

__all__ = [
    "COLOURS",
    "POINT_COLUMNS",
    "SpcMethod",
    "SpcResult",
    "assurance_type",
    "excel_method",
    "part_of_seven_trend",
    "part_of_two_in_three",
    "point_type",
    "seven_point_one_side_mean",
    "seven_point_trend",
    "spc",
    "special_cause_type",
    "trend_direction",
    "two_in_three",
]
