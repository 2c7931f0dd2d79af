"""Use case: cath labs site by site against one pooled county service.

compare_cath_labs(dorset_cath_labs()) → CathLabResult (rows of configuration × site × metric)
"""

from __future__ import annotations

from dataclasses import dataclass

from openbook.capacity.model.cath_lab import CathLabScenario, Configuration
from openbook.capacity.model.result import rounded
from openbook.capacity.model.statistics import Estimate, calculate_estimate
from openbook.capacity.request import check_positive, issue, raise_if
from openbook.capacity.simulation.cath_lab import METRICS, simulate_cath_labs
from openbook.capacity.simulation.replication import Progress, run_replications
from openbook.kernel.error import DataIssue

METRIC_LABELS = {
    "urgent_wait_hours_mean": "urgent wait, mean (hours)",
    "urgent_wait_hours_p95": "urgent wait, 95th centile (hours)",
    "urgent_within_target": "urgent within target (share)",
    "elective_wait_days_mean": "elective wait, mean (days)",
    "elective_within_target": "elective within target (share)",
    "utilisation": "lab utilisation (procedure time ÷ session time)",
    "sessions_overrunning": "sessions overrunning (share)",
    "overrun_minutes_mean": "overrun when it happens, mean (minutes)",
    "share_away_from_home": "treated away from home site (share)",
}


@dataclass(frozen=True)
class CathLabRow:
    configuration: str
    site: str  # "all" or a site code
    metric: str
    estimate: Estimate

    def to_dict(self) -> dict[str, object]:
        return {
            "configuration": self.configuration,
            "site": self.site,
            "metric": self.metric,
            "mean": rounded(self.estimate.mean),
            "ci_low": rounded(self.estimate.ci_low),
            "ci_high": rounded(self.estimate.ci_high),
        }


@dataclass(frozen=True)
class CathLabResult:
    scenario: str
    policy: str
    replications: int
    weeks: float
    planned_utilisation: dict[str, float]  # lab time asked for ÷ session time, by site
    rows: tuple[CathLabRow, ...]

    def value(self, configuration: str, metric: str, site: str = "all") -> Estimate:
        return next(
            r.estimate
            for r in self.rows
            if (r.configuration, r.metric, r.site) == (configuration, metric, site)
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "policy": self.policy,
            "replications": self.replications,
            "weeks": self.weeks,
            "planned_utilisation": {k: rounded(v) for k, v in self.planned_utilisation.items()},
            "rows": [row.to_dict() for row in self.rows],
        }


def check_cath_lab_scenario(scenario: CathLabScenario) -> list[DataIssue]:
    problems: list[DataIssue] = []
    if scenario.replications < 2:
        problems.append(
            issue(
                "--replications",
                f"is {scenario.replications}; expected at least 2, for a confidence interval",
            )
        )
    problems += check_positive(scenario.weeks, "--weeks", "number of weeks to simulate")
    return problems


def compare_cath_labs(
    scenario: CathLabScenario, workers: int = 1, progress: Progress | None = None
) -> CathLabResult:
    """Simulate separate sites and the pooled county service on the same cases."""
    raise_if(check_cath_lab_scenario(scenario))
    outcomes = run_replications(
        simulate_cath_labs, scenario, scenario.replications, scenario.seed, workers, progress
    )
    sites = ["all", *(s.code for s in scenario.sites)]
    rows = tuple(
        CathLabRow(
            c.value, site, metric, calculate_estimate([o[c.value][site][metric] for o in outcomes])
        )
        for c in Configuration
        for site in sites
        for metric in METRICS
    )
    planned = {
        s.code: scenario.planned_hours_a_week(s.code) / s.lab_hours_a_week for s in scenario.sites
    }
    planned["all"] = scenario.planned_hours_a_week() / sum(
        s.lab_hours_a_week for s in scenario.sites
    )
    return CathLabResult(
        scenario.name, scenario.policy.value, scenario.replications, scenario.weeks, planned, rows
    )
