"""Funnel plots for comparing providers (Spiegelhalter 2005), beside `openbook.spc`.

Proportions (events / cases) and indirectly standardised ratios (observed / expected)
against a target (by default the pooled value), with 95% and 99.8% limits: exact binomial or
Poisson limits, or limits widened for overdispersion (additive tau² or multiplicative phi,
phi from winsorised or truncated z-scores). Reproduces the NHS-R community's FunnelPlotR
where documented in docs/quality.md. Pure NumPy/SciPy; imports only `openbook.kernel`.
"""

from openbook.funnel.check import Columns, check_funnel
from openbook.funnel.engine import (
    OUTSIDE,
    Funnel,
    FunnelArrays,
    FunnelGroup,
    calculate_funnels,
    funnel,
)
from openbook.funnel.limit import Limits, exact_limits
from openbook.funnel.method import (
    FunnelMethod,
    Kind,
    Overdispersion,
    Scale,
    Trim,
    funnelplotr_method,
)

__all__ = [
    "OUTSIDE",
    "Columns",
    "Funnel",
    "FunnelArrays",
    "FunnelGroup",
    "FunnelMethod",
    "Kind",
    "Limits",
    "Overdispersion",
    "Scale",
    "Trim",
    "calculate_funnels",
    "check_funnel",
    "exact_limits",
    "funnel",
    "funnelplotr_method",
]
