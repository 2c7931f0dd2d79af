"""Reading each entry of a programme file's sections: workstreams, milestones, cost lines,
benefits, logic models and the return-on-investment statement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openbook.kernel.organisation import is_ods_code
from openbook.programme.file_reader import MAX_TEXT, Reader
from openbook.programme.model import (
    Benefit,
    Confidence,
    CostCategory,
    CostLine,
    Direction,
    Funding,
    LineKind,
    LogicModel,
    MeasureKind,
    MeasureLink,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Rating,
    ReturnOnInvestment,
    Workstream,
    YearAmount,
)


def read_workstream(r: Reader, data: Any, path: str) -> Workstream | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    code, name = r.text(entry, "code", path), r.text(entry, "name", path)
    kind = r.choice(entry, "kind", path, LineKind)
    ratings = []
    for index, item in enumerate(r.items(entry, "ratings", path, required=False)):
        at = f"{path}.ratings[{index}]"
        rating = r.mapping(item, at)
        if rating is None:
            continue
        on = r.day(rating.get("date"), f"{at}.date")
        confidence = r.choice(rating, "confidence", at, Confidence)
        if on and confidence:
            ratings.append(Rating(on, confidence, r.text(rating, "note", at, False) or ""))
    lead_org = r.text(entry, "lead_org", path, required=False)
    if lead_org is not None and not is_ods_code(lead_org):
        r.report(f"{path}.lead_org", f"{lead_org!r} is not an ODS code", "e.g. RD3")
    if not (code and name and kind):
        return None
    return Workstream(
        code,
        name,
        kind,
        lead_org,
        r.text(entry, "lead_person", path, required=False),
        r.text(entry, "terms_of_reference", path, required=False, limit=MAX_TEXT),
        tuple(sorted(ratings, key=lambda x: x.on)),
    )


def read_milestone(r: Reader, data: Any, path: str) -> Milestone | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    ref, title = r.text(entry, "ref", path), r.text(entry, "title", path)
    plan = r.text(entry, "plan", path)
    kind = r.choice(entry, "kind", path, MilestoneKind, MilestoneKind.MILESTONE)
    baseline = r.month(entry.get("month"), f"{path}.month")
    status = r.choice(entry, "status", path, MilestoneStatus, MilestoneStatus.NOT_STARTED)
    end = r.optional_month(entry, "end", path)
    if baseline and end and end < baseline:
        r.report(f"{path}.end", "'end' is before 'month'", "the activity's last month")
    if not (ref and title and plan and kind and baseline and status):
        return None
    return Milestone(
        ref=ref,
        title=title,
        plan=plan,
        kind=kind,
        baseline=baseline,
        workstream=r.text(entry, "workstream", path, required=False),
        end=end,
        forecast=r.optional_month(entry, "forecast", path),
        actual=r.optional_month(entry, "actual", path),
        status=status,
        depends_on=r.texts(entry, "depends_on", path),
        deliverables=r.texts(entry, "deliverables", path),
    )


def read_cost_line(r: Reader, data: Any, path: str, host: str | None) -> CostLine | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    ref, name = r.text(entry, "ref", path), r.text(entry, "name", path)
    category = r.choice(entry, "category", path, CostCategory)
    funding = r.choice(entry, "funding", path, Funding, Funding.CENTRAL)
    given = r.text(entry, "spending_org", path, required=False)
    if given is not None and not is_ods_code(given):
        r.report(f"{path}.spending_org", f"{given!r} is not an ODS code", "e.g. RD3")
    spender = given or host
    planned = r.by_year(entry.get("years"), f"{path}.years", allow_tbc=True)
    if not planned and "years" not in entry:
        r.report(f"{path}.years", "'years' is missing", "financial year: amount (or TBC)")
    committed = r.by_year(entry.get("committed"), f"{path}.committed")
    spent = r.by_year(entry.get("spent"), f"{path}.spent")
    for label in {*committed, *spent} - set(planned):
        r.report(f"{path}", f"{label} is committed or spent but not planned", "a year of 'years'")
    if not (ref and name and category and funding and spender):
        return None
    years = {
        label: YearAmount(amount, committed.get(label), spent.get(label))
        for label, amount in planned.items()
    }
    return CostLine(
        ref,
        name,
        category,
        funding,
        spender.upper(),
        years,
        r.text(entry, "workstream", path, required=False),
        r.text(entry, "note", path, required=False, limit=MAX_TEXT) or "",
    )


def _link(r: Reader, data: Any, path: str) -> MeasureLink | None:
    if data is None:
        return None
    entry = r.mapping(data, path)
    if entry is None:
        return None
    kind = r.choice(entry, "kind", path, MeasureKind)
    org, code = r.text(entry, "org", path), r.text(entry, "code", path)
    if org is not None and not is_ods_code(org):
        r.report(f"{path}.org", f"{org!r} is not an ODS code", "e.g. RD3")
    return MeasureLink(kind, org.upper(), code) if kind and org and code else None


def read_benefit(r: Reader, data: Any, path: str) -> Benefit | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    ref, name = r.text(entry, "ref", path), r.text(entry, "name", path)
    measure, unit = r.text(entry, "measure", path), r.text(entry, "unit", path)
    owner, model = r.text(entry, "owner", path), r.text(entry, "logic_model", path)
    direction = r.choice(entry, "direction", path, Direction)
    baseline = r.number(entry.get("baseline"), f"{path}.baseline")
    baseline_year = r.year(entry.get("baseline_year"), f"{path}.baseline_year")
    trajectory = r.numbers_by_year(entry.get("trajectory"), f"{path}.trajectory")
    if not trajectory:
        r.report(f"{path}.trajectory", "'trajectory' is missing", "financial year: target")
    link = _link(r, entry.get("link"), f"{path}.link")
    progress = r.numbers_by_year(entry.get("progress"), f"{path}.progress")
    if link is not None and progress:
        r.report(
            f"{path}.progress",
            "a linked benefit's progress comes from its measure",
            "no 'progress' where there is a 'link'",
        )
    if not (ref and name and measure and unit and owner and model and direction):
        return None
    if baseline is None or baseline_year is None:
        return None
    return Benefit(
        ref,
        name,
        measure,
        unit,
        owner,
        model,
        direction,
        baseline,
        baseline_year,
        trajectory,
        link,
        bool(entry.get("financial", False)),
        bool(entry.get("synthetic", True)),
        progress,
    )


def read_logic_model(r: Reader, data: Any, path: str) -> LogicModel | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    ref, name = r.text(entry, "ref", path), r.text(entry, "name", path)
    categories = []
    for index, value in enumerate(r.items(entry, "cost_categories", path, required=False)):
        try:
            categories.append(CostCategory(str(value)))
        except ValueError:
            allowed = ", ".join(c.value for c in CostCategory)
            r.report(
                f"{path}.cost_categories[{index}]", f"{value!r} is not a cost category", allowed
            )
    if not (ref and name):
        return None
    return LogicModel(
        ref,
        name,
        r.texts(entry, "inputs", path),
        r.texts(entry, "activities", path),
        r.texts(entry, "short_term", path),
        r.texts(entry, "medium_term", path),
        r.texts(entry, "long_term", path),
        r.texts(entry, "assumptions", path),
        tuple(categories),
    )


def read_roi(r: Reader, data: Any, path: str) -> ReturnOnInvestment | None:
    entry = r.mapping(data, path)
    if entry is None:
        return None
    statement = r.text(entry, "statement", path, limit=MAX_TEXT)
    amounts: dict[str, Decimal | None] = {
        key: r.money(entry.get(key), f"{path}.{key}")
        for key in (
            "gap_low",
            "gap_high",
            "contribution_low",
            "contribution_high",
            "gross_investment",
        )
    }
    if statement is None or any(value is None for value in amounts.values()):
        return None
    values = {key: value for key, value in amounts.items() if value is not None}
    return ReturnOnInvestment(statement, **values)
