"""Activity's escalation rules: activity in special-cause concern or above plan, and A&E
4-hour performance in special-cause concern (a quality matter, for the quality body)."""

from __future__ import annotations

from decimal import Decimal

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.kernel.period import FinancialYear
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting

ACTIVITY_CONCERN = "activity-special-cause"
ACTIVITY_ABOVE = "activity-above-plan"
QUALITY_CONCERN = "quality-special-cause"
QUALITY_METRIC = "A&E 4-hour"


def find_activity(flags: list[tuple[str, str, str, str]]) -> list[Condition]:
    """Activity flags (provider, point of delivery, kind, reason): one condition per
    provider and kind, listing its points of delivery."""
    grouped: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for provider, pod, kind, reason in flags:
        grouped.setdefault((provider, kind), []).append((pod, reason))
    found = []
    for (provider, kind), items in sorted(grouped.items()):
        rule = ACTIVITY_CONCERN if kind == "special-cause" else ACTIVITY_ABOVE
        what = "special-cause concern" if kind == "special-cause" else "activity above plan"
        pods = ", ".join(pod for pod, _ in items)
        found.append(
            Condition(
                rule,
                provider,
                Remit.ACTIVITY,
                f"{provider} {what}: {pods}",
                " ".join(f"{pod}: {reason}." for pod, reason in items),
            )
        )
    return found


def find_quality(concerns: list[tuple[str, str, str]]) -> list[Condition]:
    """Quality metrics (provider, metric, description) whose SPC shows special-cause
    concern."""
    return [
        Condition(
            QUALITY_CONCERN,
            provider,
            Remit.QUALITY,
            f"{provider} {metric}: special-cause concern",
            description,
            extra=metric,
        )
        for provider, metric, description in concerns
    ]


class ActivityRules:
    """The activity rule provider (settings section `activity`)."""

    section = "activity"
    rules = (
        Rule(ACTIVITY_CONCERN, "Activity in special-cause concern (SPC)", Remit.ACTIVITY),
        Rule(ACTIVITY_ABOVE, "Activity above plan, year to date", Remit.ACTIVITY),
        Rule(QUALITY_CONCERN, "A&E 4-hour performance in special-cause concern", Remit.QUALITY),
    )
    settings = (
        RuleSetting("activity_above_pct", Decimal(2), "% above plan, year to date"),
        RuleSetting("activity_min_months", Decimal(3), "months in before judging above plan"),
    )

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        found = self._activity(db, system_code, year, month, settings)
        if settings.enabled(QUALITY_CONCERN):
            found += self._quality(db, system_code, year, month)
        return found

    def _activity(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        wanted = [
            kind
            for kind, rule in (("special-cause", ACTIVITY_CONCERN), ("above-plan", ACTIVITY_ABOVE))
            if settings.enabled(rule)
        ]
        if not wanted:
            return []
        from openbook.activity.report import activity_report  # pandas: only when run

        try:
            report = activity_report(
                db, system_code, year, month, flag_percent=settings["activity_above_pct"]
            )
        except NotFoundError:
            return []
        if report.month < month:
            return []  # activity for this month is not in yet: judge it when it is
        if month < settings["activity_min_months"] and "above-plan" in wanted:
            wanted.remove("above-plan")  # a month or two is too few to judge a year's run
        flags = [
            (f.provider_code, f.pod, f.kind, f.reason) for f in report.flags if f.kind in wanted
        ]
        return find_activity(flags)

    def _quality(
        self, db: Database, system_code: str, year: FinancialYear, month: int
    ) -> list[Condition]:
        from openbook.activity.ae_spc import ae_four_hour_charts  # pandas: only when run
        from openbook.activity.load import system_providers

        with db.reading() as session:
            providers = system_providers(session, system_code, year)
        charts = ae_four_hour_charts(db, providers, year, month)
        return find_quality(
            [
                (
                    chart.provider_code,
                    QUALITY_METRIC,
                    "The share of A&E attendances seen within 4 hours shows special-cause "
                    "concern (fewer seen in time than the process predicts) at "
                    f"M{month} {year.label}.",
                )
                for chart in charts
                if chart.variation_icon == "concern_low"
            ]
        )
