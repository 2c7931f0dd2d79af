"""The KPI summary that opens the activity page: one row per measure and organisation, its
latest figure, the target or plan it is judged against, and the Making Data Count variation
and assurance icons (a ring in the icon's colour around its letter, with its words beside,
so neither colour nor the letter alone carries the meaning). Each figure links to the chart
below it comes from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openbook.activity.ae_spc import SeriesChart
from openbook.activity.headline import AeHeadline
from openbook.activity.model.activity import POINTS_OF_DELIVERY
from openbook.activity.report import ActivityReport
from openbook.spc.chart import ASSURANCE_TEXT, ICON_TEXT
from openbook.web.pages.period import Period
from openbook.web.rendering import percent
from openbook.web.tables import Column, Table


@dataclass(frozen=True)
class Icon:
    letter: str
    colour: str
    words: str
    tone: str  # the CSS modifier: improvement, concern, neutral or common


def _tone(name: str) -> str:
    if name.startswith(("improvement", "consistent_pass")):
        return "improvement"
    if name.startswith(("concern", "consistent_fail")):
        return "concern"
    return "neutral" if name.startswith("neutral") else "common"


@dataclass(frozen=True)
class KpiRow:
    measure: str
    org_code: str
    org_name: str
    value: str
    judged_against: str
    href: str
    variation: Icon | None  # None: too few points for a chart
    assurance: Icon | None  # None: no target to assure against


def variation_icon(name: str | None) -> Icon | None:
    return None if name is None or name not in ICON_TEXT else Icon(*ICON_TEXT[name], _tone(name))


def assurance_icon(name: str | None) -> Icon | None:
    if name is None or name not in ASSURANCE_TEXT:
        return None
    return Icon(*ASSURANCE_TEXT[name], _tone(name))


def _ae_rows(
    series: Sequence[SeriesChart],
    headlines: Sequence[AeHeadline],
    names: dict[str, str],
    period: Period,
) -> list[KpiRow]:
    latest = {h.provider_code: h for h in headlines}
    rows = []
    for chart in series:
        headline = latest.get(chart.provider_code)
        rows.append(
            KpiRow(
                "A&E: seen within 4 hours",
                chart.provider_code,
                names.get(chart.provider_code, chart.provider_code),
                "—" if headline is None else percent(headline.four_hour),
                "95% standard",
                f"/activity?{period.query}#chart-ae-{chart.provider_code}",
                variation_icon(chart.variation_icon),
                assurance_icon(chart.assurance_icon),
            )
        )
    return rows


def _activity_rows(report: ActivityReport, names: dict[str, str], period: Period) -> list[KpiRow]:
    rows = []
    for line in report.lines:
        s = line.summary
        ytd = s.ytd
        against = (
            f"plan {ytd.plan:,} ({ytd.percent:+}%)"
            if ytd.plan and ytd.percent is not None
            else "no plan"
        )
        rows.append(
            KpiRow(
                f"{POINTS_OF_DELIVERY.get(s.pod, s.pod)}, year to date",
                s.provider_code,
                names.get(s.provider_code, s.provider_code),
                f"{s.ytd_actual:,}",
                against,
                f"/activity?{period.query}&provider={s.provider_code}&pod={s.pod}#series",
                variation_icon(line.variation_icon),
                None,
            )
        )
    return rows


def kpi_rows(
    series: Sequence[SeriesChart],
    headlines: Sequence[AeHeadline],
    report: ActivityReport | None,
    names: dict[str, str],
    period: Period,
) -> list[KpiRow]:
    """A&E 4-hour performance first (it has a standard), then activity against plan."""
    rows = _ae_rows(series, headlines, names, period)
    if report is not None:
        rows += _activity_rows(report, names, period)
    return rows


def kpi_table(rows: Sequence[KpiRow], label: str) -> Table:
    """The summary as a download: the icons in words."""
    return Table(
        "kpis",
        f"Every measure at a glance, {label}",
        [
            Column("Measure"),
            Column("Organisation"),
            Column("Latest"),
            Column("Judged against"),
            Column("Variation"),
            Column("Assurance"),
        ],
        [
            [
                row.measure,
                row.org_code,
                row.value,
                row.judged_against,
                "too few months" if row.variation is None else row.variation.words,
                "no target" if row.assurance is None else row.assurance.words,
            ]
            for row in rows
        ],
    )
