"""The county passport: people, the credentials they carry between organisations, each
organisation's acceptance rules, temporary moves, and eligibility computed with reasons.

Eligibility is never typed in: it is calculated, as of a date, from the credentials a person
holds, the rules of the organisation, site and service where the shift is, and (when the
shift is at another organisation) an agreement covering the date. People carry no more
personal data than a rota needs: an identifier, a display name, an employer, a role, a manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum


class CredentialKind(StrEnum):
    CHECK = "check"
    CORE_SKILL = "core_skill"
    COMPETENCE = "competence"

    @property
    def label(self) -> str:
        return {
            CredentialKind.CHECK: "pre-employment check",
            CredentialKind.CORE_SKILL: "core skills training",
            CredentialKind.COMPETENCE: "clinical competence",
        }[self]


@dataclass(frozen=True)
class Site:
    site: str
    org_code: str
    name: str


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    org_code: str
    role: str
    manager: str | None = None


@dataclass(frozen=True)
class Credential:
    """A verified check, training or competence: who issued it, from when to when, the evidence."""

    person_id: str
    check: str
    kind: CredentialKind
    issuer: str
    valid_from: date
    valid_to: date | None
    evidence_ref: str

    def is_valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class AcceptanceRule:
    """What an organisation (optionally one site, one service) requires of anyone on its shifts."""

    org_code: str
    requires: tuple[str, ...]
    site: str | None = None
    service: str | None = None

    def applies_to(self, place: Place) -> bool:
        return (
            self.org_code == place.org_code
            and self.site in (None, place.site)
            and self.service in (None, place.service)
        )


@dataclass(frozen=True)
class MoveAgreement:
    """A licence to attend: the person may work for `to_org` between the dates, on these terms."""

    agreement_id: str
    person_id: str
    from_org: str
    to_org: str
    start: date
    end: date
    recharge_percent: Decimal
    terms: str = ""

    def covers(self, person: Person, org_code: str, on: date) -> bool:
        return (
            self.person_id == person.person_id
            and self.from_org == person.org_code
            and self.to_org == org_code
            and self.start <= on <= self.end
        )


@dataclass(frozen=True)
class Place:
    """Where a shift is worked: the organisation, the site and the service."""

    org_code: str
    site: str
    service: str

    def __str__(self) -> str:
        return f"{self.service} at {self.site} ({self.org_code})"


@dataclass(frozen=True)
class Register:
    """The passport register: everything eligibility is computed from."""

    sites: tuple[Site, ...]
    people: tuple[Person, ...]
    credentials: tuple[Credential, ...]
    rules: tuple[AcceptanceRule, ...]
    moves: tuple[MoveAgreement, ...] = ()
    synthetic: bool = False

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.person_id == person_id), None)

    def place(self, site: str, service: str) -> Place | None:
        found = next((s for s in self.sites if s.site == site), None)
        return None if found is None else Place(found.org_code, site, service)

    def credentials_of(self, person_id: str, check: str) -> list[Credential]:
        return [c for c in self.credentials if c.person_id == person_id and c.check == check]


@dataclass(frozen=True)
class Eligibility:
    person_id: str
    place: Place
    on: date
    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons


def required_checks(register: Register, place: Place) -> tuple[str, ...]:
    """Every credential the organisation, site and service require, in rule order."""
    needed: dict[str, None] = {}
    for rule in register.rules:
        if rule.applies_to(place):
            needed.update(dict.fromkeys(rule.requires))
    return tuple(needed)


def _credential_reason(register: Register, person_id: str, check: str, on: date) -> str | None:
    held = register.credentials_of(person_id, check)
    if any(c.is_valid_on(on) for c in held):
        return None
    if not held:
        return f"no {check} on record"
    expired = [c.valid_to for c in held if c.valid_to is not None and c.valid_to < on]
    if expired:
        return f"{check} expired on {max(expired).isoformat()}"
    starts = min(c.valid_from for c in held)
    return f"{check} valid only from {starts.isoformat()}"


def _employment_reason(register: Register, person: Person, place: Place, on: date) -> str | None:
    if person.org_code == place.org_code:
        return None
    if any(m.covers(person, place.org_code, on) for m in register.moves):
        return None
    return f"employed by {person.org_code}; no agreement in force to work for {place.org_code}"


def check_eligibility(register: Register, person_id: str, place: Place, on: date) -> Eligibility:
    """May the person work a shift at `place` on `on`, and if not, every reason why."""
    person = register.person(person_id)
    if person is None:
        return Eligibility(person_id, place, on, (f"'{person_id}' is not in the register",))
    reasons = [_employment_reason(register, person, place, on)]
    reasons += [
        _credential_reason(register, person_id, check, on)
        for check in required_checks(register, place)
    ]
    return Eligibility(person_id, place, on, tuple(r for r in reasons if r))


def list_eligibility(
    register: Register, place: Place, on: date, role: str | None = None
) -> list[Eligibility]:
    """Everyone in the register (of a role, if given), eligible or not, with reasons."""
    return [
        check_eligibility(register, p.person_id, place, on)
        for p in register.people
        if role is None or p.role == role
    ]


@dataclass(frozen=True)
class ExpiryWarning:
    person_id: str
    manager: str | None
    check: str
    valid_to: date
    days_left: int

    @property
    def message(self) -> str:
        when = "today" if self.days_left == 0 else f"in {self.days_left} days"
        return f"{self.person_id}: {self.check} expires {when} ({self.valid_to.isoformat()})"


def list_expiry_warnings(register: Register, on: date, within_days: int) -> list[ExpiryWarning]:
    """Credentials valid on `on` that lapse within N days and have no renewal on record,
    addressed to the person's manager; soonest first."""
    horizon = on + timedelta(days=within_days)
    found = []
    for c in register.credentials:
        if c.valid_to is None or not c.is_valid_on(on) or c.valid_to > horizon:
            continue
        renewed = any(
            o.is_valid_on(c.valid_to + timedelta(days=1))
            for o in register.credentials_of(c.person_id, c.check)
        )
        if not renewed:
            person = register.person(c.person_id)
            manager = person.manager if person else None
            days = (c.valid_to - on).days
            found.append(ExpiryWarning(c.person_id, manager, c.check, c.valid_to, days))
    return sorted(found, key=lambda w: (w.valid_to, w.person_id, w.check))


@dataclass(frozen=True)
class PoolShortfall:
    """The eligible pool of a service against what its rota needs (for an escalation rule)."""

    place: Place
    on: date
    eligible: int
    needed: int

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.eligible)


def calculate_pool(
    register: Register, place: Place, on: date, needed: int, role: str | None = None
) -> PoolShortfall:
    eligible = sum(1 for e in list_eligibility(register, place, on, role) if e.eligible)
    return PoolShortfall(place, on, eligible, needed)
