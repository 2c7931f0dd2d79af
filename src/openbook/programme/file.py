"""A programme file (YAML) -> a Programme, checked like a system file: every problem at
once, each with its path in the file. The format is in docs/programme.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.kernel.organisation import is_ods_code
from openbook.kernel.yaml_reader import load_yaml, parse_yaml
from openbook.programme.file_reader import MAX_TEXT, Reader
from openbook.programme.file_sections import (
    read_benefit,
    read_cost_line,
    read_logic_model,
    read_milestone,
    read_roi,
    read_workstream,
)
from openbook.programme.model import (
    BusinessCase,
    Confidence,
    Programme,
    Risk,
    calculate_total,
)


def _pairs(
    r: Reader, data: dict[str, Any], key: str, first: str, second: str
) -> tuple[tuple[str, str], ...]:
    found = []
    for index, item in enumerate(r.items(data, key, "$", required=False)):
        path = f"$.{key}[{index}]"
        entry = r.mapping(item, path)
        if entry is None:
            continue
        a, b = r.text(entry, first, path), r.text(entry, second, path, limit=MAX_TEXT)
        if a and b:
            found.append((a, b))
    return tuple(found)


def _business_cases(r: Reader, data: dict[str, Any]) -> tuple[BusinessCase, ...]:
    found = []
    for index, item in enumerate(r.items(data, "business_cases", "$", required=False)):
        path = f"$.business_cases[{index}]"
        entry = r.mapping(item, path)
        if entry is None:
            continue
        ref, title = r.text(entry, "ref", path), r.text(entry, "title", path)
        stage = r.text(entry, "stage", path)
        if stage not in {"strategic_outline", "outline", "full"}:
            r.report(f"{path}.stage", f"'stage' is {stage!r}", "strategic_outline, outline or full")
        elif ref and title:
            found.append(
                BusinessCase(
                    ref,
                    title,
                    stage,
                    entry.get("workstream"),
                    r.text(entry, "decision_ref", path, False),
                )
            )
    return tuple(found)


def _risks(r: Reader, data: dict[str, Any]) -> tuple[Risk, ...]:
    found = []
    for index, item in enumerate(r.items(data, "risks", "$", required=False)):
        path = f"$.risks[{index}]"
        entry = r.mapping(item, path)
        if entry is None:
            continue
        ref, owner = r.text(entry, "ref", path), r.text(entry, "owner", path)
        description = r.text(entry, "description", path, limit=MAX_TEXT)
        rating = r.choice(entry, "rating", path, Confidence, Confidence.AMBER)
        if ref and owner and description and rating:
            found.append(Risk(ref, description, owner, entry.get("workstream"), rating))
    return tuple(found)


def _check_references(r: Reader, programme: Programme, known_orgs: set[str] | None) -> None:
    """Cross-references: workstreams, dependencies, logic models and organisations."""
    lines = {w.code for w in programme.workstreams}
    milestones = {m.ref for m in programme.milestones}
    models = {m.ref for m in programme.logic_models}
    for index, m in enumerate(programme.milestones):
        if m.workstream and m.workstream not in lines:
            r.report(
                f"$.milestones[{index}].workstream", f"workstream {m.workstream!r} is not defined"
            )
        for dep in m.depends_on:
            if dep not in milestones:
                r.report(f"$.milestones[{index}].depends_on", f"milestone {dep!r} is not defined")
    for index, line in enumerate(programme.cost_lines):
        if line.workstream and line.workstream not in lines:
            r.report(
                f"$.investment[{index}].workstream",
                f"workstream {line.workstream!r} is not defined",
            )
        if known_orgs is not None and line.spending_org not in known_orgs:
            r.report(
                f"$.investment[{index}].spending_org",
                f"organisation {line.spending_org!r} is not known",
                expected="an organisation of the system file",
            )
    for index, benefit in enumerate(programme.benefits):
        if benefit.logic_model not in models:
            r.report(
                f"$.benefits[{index}].logic_model",
                f"logic model {benefit.logic_model!r} is not defined",
            )
    r.unique([w.code for w in programme.workstreams], "$.workstreams", "workstream")
    r.unique([m.ref for m in programme.milestones], "$.milestones", "milestone")
    r.unique([c.ref for c in programme.cost_lines], "$.investment", "cost line")
    r.unique([b.ref for b in programme.benefits], "$.benefits", "benefit")
    roi = programme.roi
    if roi is not None and roi.gross_investment != calculate_total(programme.cost_lines):
        r.report(
            "$.roi.gross_investment",
            f"the statement's gross investment {roi.gross_investment} is not the cost lines' "
            f"total {calculate_total(programme.cost_lines)}",
        )


def _section(
    r: Reader, data: dict[str, Any], key: str, read: Any, required: bool = True
) -> list[Any]:
    found = []
    for index, item in enumerate(r.items(data, key, "$", required)):
        value = read(r, item, f"$.{key}[{index}]")
        if value is not None:
            found.append(value)
    return found


def parse_programme(
    text: str, source: str, known_orgs: set[str] | None = None
) -> tuple[Programme | None, list[DataIssue]]:
    """The programme, or None and every problem found."""
    data, issues = parse_yaml(text, source)
    return (None, issues) if issues else read_programme(data, source, known_orgs)


def read_programme(
    data: Any, source: str, known_orgs: set[str] | None = None
) -> tuple[Programme | None, list[DataIssue]]:
    """The programme from a parsed document (a file's YAML, or a stored JSON copy)."""
    r = Reader(source)
    document = r.mapping(data, "$")
    if document is None:
        return None, r.issues
    head = r.mapping(document.get("programme"), "$.programme") or {}
    code, name = r.text(head, "code", "$.programme"), r.text(head, "name", "$.programme")
    system = r.text(head, "system", "$.programme")
    host = r.text(head, "host_org", "$.programme")
    if host is not None and not is_ods_code(host):
        r.report("$.programme.host_org", f"{host!r} is not an ODS code", "e.g. RD3")
    programme_source = r.text(head, "source", "$.programme", limit=MAX_TEXT)
    workstreams = _section(r, document, "workstreams", read_workstream)
    milestones = _section(r, document, "milestones", read_milestone)
    cost_lines = _section(
        r, document, "investment", lambda r_, d, p: read_cost_line(r_, d, p, host)
    )
    benefits = _section(r, document, "benefits", read_benefit, required=False)
    logic_models = _section(r, document, "logic_models", read_logic_model, required=False)
    roi = read_roi(r, document.get("roi"), "$.roi") if "roi" in document else None
    if not (code and name and system and host and programme_source) or r.issues:
        return None, r.issues
    programme = Programme(
        code=code,
        name=name,
        system_code=system.upper(),
        host_org=host.upper(),
        source=programme_source,
        workstreams=tuple(workstreams),
        milestones=tuple(milestones),
        cost_lines=tuple(cost_lines),
        benefits=tuple(benefits),
        logic_models=tuple(logic_models),
        roi=roi,
        business_cases=_business_cases(r, document),
        risks=_risks(r, document),
        governance=_pairs(r, document, "governance", "body", "remit"),
        people=_pairs(r, document, "people", "role", "name"),
        progress_note=r.text(head, "progress_note", "$.programme", False, MAX_TEXT) or "",
    )
    _check_references(r, programme, known_orgs)
    return (None, r.issues) if r.issues else (programme, [])


def load_programme(
    path: Path, known_orgs: set[str] | None = None
) -> tuple[Programme | None, list[DataIssue]]:
    data, issues = load_yaml(path)
    return (None, issues) if issues else read_programme(data, path.name, known_orgs)
