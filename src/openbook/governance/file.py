"""A system's governance file (YAML) -> its bodies and escalation rule settings.

Every problem is reported with its path in the file, e.g.
`dorset.yaml:$.bodies[2].escalates_to: 'slt2' is not a body here`. See docs/governance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from openbook.governance.model.governance import Body, check_bodies, check_meets_rule
from openbook.governance.model.rule_settings import (
    RuleSettings,
    parse_rule_settings,
    rule_settings_from_document,
)
from openbook.kernel.error import DataIssue
from openbook.kernel.input_limit import MAX_NAME
from openbook.kernel.rule import Remit, RuleProvider
from openbook.kernel.yaml_reader import parse_yaml

BODY_KEYS = {
    "code",
    "name",
    "remits",
    "chair",
    "members",
    "escalates_to",
    "meets",
    "meetings",
    "response_days",
}


@dataclass
class GovernanceDefinition:
    system_code: str
    bodies: list[Body] = field(default_factory=list)
    rules: RuleSettings = field(default_factory=RuleSettings)

    def as_document(self) -> dict[str, Any]:
        """The JSON form kept in the store (and read back by `definition_from_document`)."""
        return {
            "system": self.system_code,
            "bodies": [
                {
                    "code": b.code,
                    "name": b.name,
                    "remits": [str(r) for r in b.remits],
                    "chair": b.chair,
                    "members": list(b.members),
                    "escalates_to": b.escalates_to,
                    "meets": b.meets,
                    "meetings": [d.isoformat() for d in b.meetings],
                    "response_days": b.response_days,
                }
                for b in self.bodies
            ],
            "rules": self.rules.as_document(),
        }


def _remits(values: list[Any], report: Callable[[str, str], None]) -> list[Remit]:
    remits = []
    for index, text in enumerate(values):
        try:
            remits.append(Remit(str(text)))
        except ValueError:
            report(f".remits[{index}]", f"{text!r} is not a remit ({', '.join(Remit)})")
    return remits


def _meetings(values: list[Any], report: Callable[[str, str], None]) -> list[date]:
    meetings = []
    for index, value in enumerate(values):
        if isinstance(value, date):
            meetings.append(value)
            continue
        try:
            meetings.append(date.fromisoformat(str(value)))
        except ValueError:
            report(f".meetings[{index}]", f"{value!r} is not a date like 2018-04-20")
    return meetings


def _body(
    item: Any, path: str, system_code: str, issues: list[DataIssue], source: str
) -> Body | None:
    def report(where: str, message: str) -> None:
        issues.append(DataIssue(source, message, column=f"{path}{where}"))

    if not isinstance(item, dict):
        report("", "a body must be a mapping with code, name, remits, chair and members")
        return None
    for key in item:
        if key not in BODY_KEYS:
            report(
                f".{key}", f"unknown key {key!r}; expected one of {', '.join(sorted(BODY_KEYS))}"
            )
    missing = [key for key in ("code", "name", "remits", "chair", "members") if not item.get(key)]
    for key in missing:
        report(f".{key}", f"{key!r} is missing")
    remits = _remits(item.get("remits") or [], report)
    meetings = _meetings(item.get("meetings") or [], report)
    meets = item.get("meets")
    if meets is not None and (why := check_meets_rule(str(meets))):
        report(".meets", why)
        meets = None
    days = item.get("response_days", 28)
    if not isinstance(days, int) or days < 1:
        report(".response_days", f"{days!r} is not a whole number of days")
        days = 28
    members = item.get("members") or []
    too_long = [
        key
        for key in ("code", "name", "chair", "escalates_to")
        if isinstance(item.get(key), (list, dict)) or len(str(item.get(key) or "")) > MAX_NAME
    ]
    too_long += [f"members[{i}]" for i, m in enumerate(members) if len(str(m)) > MAX_NAME]
    for key in too_long:
        report(f".{key}", f"{key!r} must be text of at most {MAX_NAME} characters")
    if missing or too_long or not isinstance(members, list):
        return None
    return Body(
        system_code,
        str(item["code"]),
        str(item["name"]),
        tuple(remits),
        str(item["chair"]),
        tuple(str(m) for m in members),
        None if item.get("escalates_to") is None else str(item["escalates_to"]),
        None if meets is None else str(meets),
        tuple(meetings),
        days,
    )


def parse_governance(
    text: str,
    source: str,
    known_users: set[str] | None = None,
    providers: Iterable[RuleProvider] = (),
) -> tuple[GovernanceDefinition | None, list[DataIssue]]:
    """Bodies and rule settings, checked whole; the rule settings against `providers`."""
    data, unreadable = parse_yaml(text, source)
    if unreadable:
        return None, unreadable
    if not isinstance(data, dict) or "system" not in data or "bodies" not in data:
        return None, [DataIssue(source, "must be a mapping with 'system' and 'bodies'", column="$")]
    system_code = str(data["system"]).upper()
    issues: list[DataIssue] = []
    bodies = [
        body
        for index, item in enumerate(data.get("bodies") or [])
        if (body := _body(item, f"$.bodies[{index}]", system_code, issues, source)) is not None
    ]
    codes = [b.code for b in bodies]
    issues += [
        DataIssue(source, f"body code {code!r} is used more than once", column="$.bodies")
        for code in sorted({c for c in codes if codes.count(c) > 1})
    ]
    issues += [DataIssue(source, problem, column="$.bodies") for problem in check_bodies(bodies)]
    if known_users is not None:
        for index, body in enumerate(bodies):
            issues += [
                DataIssue(
                    source,
                    f"{body.code}: member {name!r} is not a user",
                    column=f"$.bodies[{index}].members",
                    hint="create the user first: openbook users create",
                )
                for name in body.members
                if name not in known_users
            ]
    rules, problems = parse_rule_settings(data.get("rules") or {}, providers)
    issues += [DataIssue(source, problem, column="$.rules") for problem in problems]
    if issues:
        return None, issues
    return GovernanceDefinition(system_code, bodies, rules), []


def definition_from_document(document: dict[str, Any]) -> GovernanceDefinition:
    """The stored JSON form back as a definition (it was checked when it was loaded)."""
    bodies_only = {key: value for key, value in document.items() if key != "rules"}
    definition, issues = parse_governance(yaml.safe_dump(bodies_only), "stored governance")
    if definition is None:
        raise ValueError("; ".join(str(issue) for issue in issues))
    definition.rules = rule_settings_from_document(document.get("rules") or {})
    return definition
