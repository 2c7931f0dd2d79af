"""A cluster: systems viewed as one for a financial year (ICBs clustering and merging, e.g.
Dorset with a neighbour from 2026/27). Which systems belong is data by year, never a
constant; the systems keep their own members, control totals and positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openbook.kernel.period import FinancialYear

_CLUSTER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,11}$")


def is_cluster_code(code: str) -> bool:
    """2 to 12 capital letters, digits or hyphens, e.g. DSW or DORSET-2026."""
    return bool(_CLUSTER_CODE.match(code))


@dataclass(frozen=True)
class Cluster:
    cluster_code: str
    name: str
    synthetic: bool = False  # demonstration data, labelled SYNTHETIC wherever shown


@dataclass(frozen=True)
class ClusterYear:
    """The systems a cluster is made of in one financial year."""

    cluster: Cluster
    financial_year: FinancialYear
    system_codes: tuple[str, ...]
