"""The vocabulary of funnel plots: what is compared, on which scale, and how overdispersion
is handled. Enums carry their own labels; `FunnelMethod` is one chart's whole recipe.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

LIMITS: Final = ("ll95", "ul95", "ll998", "ul998")
COVERAGE: Final = {"95": 0.95, "998": 0.998}
DEFAULT_TRIM_FRACTION: Final = 0.1


class Kind(StrEnum):
    """What a group's value is: events over cases, or observed over expected."""

    PROPORTION = "proportion"
    RATIO = "ratio"

    @property
    def label(self) -> str:
        return {"proportion": "proportion", "ratio": "indirectly standardised ratio"}[self]

    @property
    def exact_distribution(self) -> str:
        return {"proportion": "binomial", "ratio": "Poisson"}[self]

    @property
    def default_scale(self) -> Scale:
        return Scale.ARCSINE if self is Kind.PROPORTION else Scale.SQRT


class Scale(StrEnum):
    """The scale z-scores and overdispersed limits are worked on (then transformed back).

    arcsine: asin(sqrt(p)), s = 1/(2 sqrt(n)) (FunnelPlotR's proportions);
    identity: p, s = sqrt(t(1 - t)/n) (Spiegelhalter 2005's normal approximation);
    sqrt: sqrt(O/E), s = 1/(2 sqrt(E)) (Spiegelhalter 2005, FunnelPlotR's "CQC");
    log: log(O/E), s = 1/sqrt(tE) (the SHMI method, FunnelPlotR's default "SHMI").
    """

    ARCSINE = "arcsine"
    IDENTITY = "identity"
    SQRT = "sqrt"
    LOG = "log"

    @property
    def kind(self) -> Kind:
        return Kind.PROPORTION if self in (Scale.ARCSINE, Scale.IDENTITY) else Kind.RATIO

    @property
    def label(self) -> str:
        return {
            "arcsine": "arcsine square-root scale",
            "identity": "proportion scale",
            "sqrt": "square-root scale",
            "log": "log scale",
        }[self]


class Overdispersion(StrEnum):
    NONE = "none"
    ADDITIVE = "additive"
    MULTIPLICATIVE = "multiplicative"

    @property
    def label(self) -> str:
        return {
            "none": "no overdispersion adjustment",
            "additive": "additive random effects (tau²)",
            "multiplicative": "multiplicative (phi)",
        }[self]


class Trim(StrEnum):
    """How the extreme z-scores are tamed before phi is estimated."""

    WINSORISE = "winsorise"
    TRUNCATE = "truncate"

    @property
    def past_tense(self) -> str:
        return {"winsorise": "winsorised", "truncate": "truncated"}[self]


@dataclass(frozen=True)
class FunnelMethod:
    """One chart's recipe. The defaults are openbook's (see docs/quality.md)."""

    kind: Kind = Kind.PROPORTION
    overdispersion: Overdispersion = Overdispersion.ADDITIVE
    scale: Scale | None = None  # None: the kind's default (arcsine, sqrt)
    trim: Trim = Trim.WINSORISE
    trim_fraction: float = DEFAULT_TRIM_FRACTION  # each tail

    @property
    def z_scale(self) -> Scale:
        return self.kind.default_scale if self.scale is None else self.scale

    def describe(self, used: Overdispersion) -> str:
        """The method in words, as the chart's text alternative and the CLI table say it."""
        if used is Overdispersion.NONE:
            text = f"exact {self.kind.exact_distribution} limits"
            if self.overdispersion is not Overdispersion.NONE:
                text += " (no overdispersion found: phi <= 1)"
            return text
        percent = f"{self.trim_fraction * 100:g}%"
        return (
            f"{used.label} on the {self.z_scale.label}; phi from z-scores "
            f"{self.trim.past_tense} {percent} each tail"
        )


def funnelplotr_method(kind: Kind) -> FunnelMethod:
    """FunnelPlotR 0.5's defaults: SHMI (log scale, 10% truncation) for ratios, arcsine with
    10% winsorisation for proportions; additive tau² for both."""
    if kind is Kind.RATIO:
        return FunnelMethod(kind, Overdispersion.ADDITIVE, Scale.LOG, Trim.TRUNCATE)
    return FunnelMethod(kind, Overdispersion.ADDITIVE, Scale.ARCSINE, Trim.WINSORISE)
