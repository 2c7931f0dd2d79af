"""The passport register as YAML: sites, people with their credentials, acceptance rules and
temporary-move agreements. Every problem is reported at once with its YAML path.

```yaml
synthetic: true                 # demonstration people: say so
sites:
  - {site: DCH, org_code: RBD, name: Dorset County Hospital}
people:
  - person_id: S01
    name: Dr A Example
    org_code: RBD
    role: stroke consultant
    manager: M01                # optional; who gets the expiry warnings
    credentials:
      - {check: gmc_registration, kind: check, issuer: GMC,
         valid_from: 2005-08-01, valid_to: null, evidence: GMC-7000001}
rules:
  - {org_code: RBD, site: DCH, service: stroke, requires: [gmc_registration, als]}
moves:
  - {agreement: LTA-01, person_id: S01, from_org: RBD, to_org: RD3,
     start: 2018-04-01, end: 2019-03-31, recharge_percent: 100, terms: sessions}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openbook.kernel.error import DataIssue
from openbook.workforce.model.passport import (
    AcceptanceRule,
    Credential,
    CredentialKind,
    MoveAgreement,
    Person,
    Register,
    Site,
)

KINDS = ", ".join(k.value for k in CredentialKind)


@dataclass
class YamlReader:
    source: str
    issues: list[DataIssue] = field(default_factory=list)

    def report(self, path: str, message: str, hint: str | None = None) -> None:
        self.issues.append(DataIssue(self.source, message, column=path, hint=hint))

    def text(self, data: dict[str, Any], key: str, path: str, optional: bool = False) -> str:
        value = data.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value) == "":
            self.report(f"{path}.{key}", f"'{key}' is {value!r}; expected text")
            return ""
        return str(value)

    def day(self, data: dict[str, Any], key: str, path: str, optional: bool = False) -> date | None:
        value = data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.report(f"{path}.{key}", f"'{key}' is {value!r}; expected a date like 2018-04-01")
            return None

    def items(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.report(f"$.{key}", f"'{key}' should be a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"$.{key}[{index}]", item))
            else:
                self.report(f"$.{key}[{index}]", "expected a mapping")
        return found


def _credential(r: YamlReader, person_id: str, data: Any, path: str) -> Credential | None:
    if not isinstance(data, dict):
        r.report(path, "expected a mapping")
        return None
    kind_text = r.text(data, "kind", path)
    if kind_text and kind_text not in {k.value for k in CredentialKind}:
        r.report(f"{path}.kind", f"'kind' is '{kind_text}'; expected one of {KINDS}")
    start, end = r.day(data, "valid_from", path), r.day(data, "valid_to", path, optional=True)
    if start and end and end < start:
        r.report(f"{path}.valid_to", f"'valid_to' {end} is before 'valid_from' {start}")
    check, issuer = r.text(data, "check", path), r.text(data, "issuer", path)
    evidence = r.text(data, "evidence", path)
    if not (check and issuer and evidence and start) or kind_text not in set(CredentialKind):
        return None
    return Credential(person_id, check, CredentialKind(kind_text), issuer, start, end, evidence)


def _person(r: YamlReader, data: dict[str, Any], path: str) -> tuple[Person, list[Credential]]:
    person = Person(
        r.text(data, "person_id", path),
        r.text(data, "name", path),
        r.text(data, "org_code", path),
        r.text(data, "role", path),
        r.text(data, "manager", path, optional=True) or None,
    )
    held = data.get("credentials", [])
    if not isinstance(held, list):
        r.report(f"{path}.credentials", "'credentials' should be a list")
        held = []
    credentials = [
        _credential(r, person.person_id, item, f"{path}.credentials[{index}]")
        for index, item in enumerate(held)
    ]
    return person, [c for c in credentials if c]


def _rule(r: YamlReader, data: dict[str, Any], path: str) -> AcceptanceRule:
    requires = data.get("requires")
    if not isinstance(requires, list) or not all(isinstance(x, str) for x in requires):
        r.report(f"{path}.requires", "'requires' should be a list of credential names")
        requires = []
    site = r.text(data, "site", path, optional=True) or None
    service = r.text(data, "service", path, optional=True) or None
    return AcceptanceRule(r.text(data, "org_code", path), tuple(requires), site, service)


def _move(r: YamlReader, data: dict[str, Any], path: str) -> MoveAgreement | None:
    start, end = r.day(data, "start", path), r.day(data, "end", path)
    recharge: Decimal | None = None
    try:
        recharge = Decimal(str(data.get("recharge_percent")))
    except InvalidOperation:
        r.report(f"{path}.recharge_percent", "expected a percentage like 100 or 50.5")
    if start and end and end < start:
        r.report(f"{path}.end", f"'end' {end} is before 'start' {start}")
    agreement, person = r.text(data, "agreement", path), r.text(data, "person_id", path)
    from_org, to_org = r.text(data, "from_org", path), r.text(data, "to_org", path)
    if not (
        start and end and agreement and person and from_org and to_org and recharge is not None
    ):
        return None
    terms = r.text(data, "terms", path, optional=True)
    return MoveAgreement(agreement, person, from_org, to_org, start, end, recharge, terms)


def _check_references(r: YamlReader, register: Register) -> None:
    people = {p.person_id for p in register.people}
    orgs = {s.org_code for s in register.sites} | {p.org_code for p in register.people}
    for index, move in enumerate(register.moves):
        if move.person_id not in people:
            r.report(f"$.moves[{index}].person_id", f"person '{move.person_id}' is not listed")
    for index, rule in enumerate(register.rules):
        if rule.site and rule.site not in {s.site for s in register.sites}:
            r.report(f"$.rules[{index}].site", f"site '{rule.site}' is not listed")
        if rule.org_code not in orgs:
            r.report(f"$.rules[{index}].org_code", f"organisation '{rule.org_code}' is unknown")


def parse_register(data: Any, source: str) -> tuple[Register | None, list[DataIssue]]:
    """A register from parsed YAML; None unless all of it is valid."""
    if not isinstance(data, dict):
        return None, [DataIssue(source, "expected a mapping with sites, people, rules", column="$")]
    r = YamlReader(source)
    sites = [
        Site(r.text(d, "site", p), r.text(d, "org_code", p), r.text(d, "name", p))
        for p, d in r.items(data, "sites")
    ]
    people, credentials, seen = [], [], set()
    for path, item in r.items(data, "people"):
        person, held = _person(r, item, path)
        if person.person_id in seen:
            r.report(f"{path}.person_id", f"person '{person.person_id}' is listed twice")
        seen.add(person.person_id)
        people.append(person)
        credentials += held
    rules = [_rule(r, d, p) for p, d in r.items(data, "rules")]
    moves = [m for m in (_move(r, d, p) for p, d in r.items(data, "moves")) if m]
    register = Register(
        tuple(sites), tuple(people), tuple(credentials), tuple(rules), tuple(moves),
        synthetic=bool(data.get("synthetic", False)),
    )  # fmt: skip
    _check_references(r, register)
    return (None, r.issues) if r.issues else (register, [])


def load_register(path: Path) -> tuple[Register | None, list[DataIssue]]:
    from openbook.kernel.yaml_reader import load_yaml

    data, issues = load_yaml(path)
    if issues:
        return None, issues
    return parse_register(data, path.name)
