"""Reading the stored passport (the use cases behind `openbook passport person|warn|versions`,
the passport pages and the API): the register in force, a person's credentials and where they
may work and why not, and the credentials about to lapse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.workforce import store
from openbook.workforce.model.passport import (
    Credential,
    Eligibility,
    ExpiryWarning,
    Person,
    Place,
    Register,
    check_eligibility,
    list_expiry_warnings,
    required_checks,
)
from openbook.workforce.store import PassportVersion, StoredPassport

NO_PASSPORT_HINT = "load one with 'openbook passport load FILE' (or build the demo)"


def get_passport(db: Database, version: int | None = None) -> StoredPassport:
    """The register in force (or a given version); NotFoundError if there is none."""
    with db.reading() as session:
        found = store.get_passport(session, version)
    if found is None:
        what = "no passport register is stored" if version is None else f"no version {version}"
        raise NotFoundError(what, hint=NO_PASSPORT_HINT)
    return found


def list_passport_versions(db: Database) -> list[PassportVersion]:
    with db.reading() as session:
        return store.list_versions(session)


def credential_status(credential: Credential, on: date) -> str:
    """`valid`, `expired` or `not yet valid` on the date."""
    if credential.is_valid_on(on):
        return "valid"
    return "expired" if credential.valid_to and credential.valid_to < on else "not yet valid"


def places(register: Register) -> list[Place]:
    """Every site and service an acceptance rule names, in site order."""
    services = sorted({r.service for r in register.rules if r.service})
    found = (register.place(s.site, service) for s in register.sites for service in services)
    return [p for p in found if p is not None]


@dataclass(frozen=True)
class PersonPassport:
    person: Person
    credentials: tuple[Credential, ...]
    eligibility: tuple[Eligibility, ...]
    requires: dict[Place, tuple[str, ...]]
    warnings: tuple[ExpiryWarning, ...]
    on: date
    version: int
    synthetic: bool

    def as_dict(self) -> dict[str, object]:
        p = self.person
        return {
            "person": {
                "person_id": p.person_id,
                "name": p.name,
                "org_code": p.org_code,
                "role": p.role,
                "manager": p.manager,
            },
            "on": self.on.isoformat(),
            "version": self.version,
            "synthetic": self.synthetic,
            "credentials": [
                {
                    "check": c.check,
                    "kind": c.kind.value,
                    "issuer": c.issuer,
                    "valid_from": c.valid_from.isoformat(),
                    "valid_to": c.valid_to.isoformat() if c.valid_to else None,
                    "evidence_ref": c.evidence_ref,
                    "status": credential_status(c, self.on),
                }
                for c in self.credentials
            ],
            "eligibility": [
                {
                    "org_code": e.place.org_code,
                    "site": e.place.site,
                    "service": e.place.service,
                    "requires": list(self.requires[e.place]),
                    "eligible": e.eligible,
                    "reasons": list(e.reasons),
                }
                for e in self.eligibility
            ],
            "warnings": [warning_dict(w) for w in self.warnings],
        }


def warning_dict(w: ExpiryWarning) -> dict[str, object]:
    return {
        "person_id": w.person_id,
        "manager": w.manager,
        "check": w.check,
        "valid_to": w.valid_to.isoformat(),
        "days_left": w.days_left,
    }


def person_passport(
    db: Database, person_id: str, on: date, within_days: int = 30
) -> PersonPassport:
    """A person's credentials, and at every site and service whether they may work, and why not."""
    stored = get_passport(db)
    register = stored.register
    person = register.person(person_id)
    if person is None:
        raise NotFoundError(f"'{person_id}' is not in the passport register")
    held = tuple(c for c in register.credentials if c.person_id == person_id)
    where = places(register)
    verdicts = tuple(check_eligibility(register, person_id, place, on) for place in where)
    warnings = tuple(
        w for w in list_expiry_warnings(register, on, within_days) if w.person_id == person_id
    )
    requires = {place: required_checks(register, place) for place in where}
    return PersonPassport(
        person, held, verdicts, requires, warnings, on, stored.version.version, register.synthetic
    )


def expiry_warnings(db: Database, on: date, within_days: int) -> list[ExpiryWarning]:
    return list_expiry_warnings(get_passport(db).register, on, within_days)


def search_people(register: Register, text: str = "") -> list[Person]:
    """People whose id, name, employer or role contains the text (any case)."""
    needle = text.strip().lower()
    return [
        p
        for p in register.people
        if not needle
        or any(needle in field.lower() for field in (p.person_id, p.name, p.org_code, p.role))
    ]


def people_dict(stored: StoredPassport, people: list[Person]) -> dict[str, object]:
    """The register's people as the API and `openbook passport people --format json` give them."""
    return {
        "version": stored.version.version,
        "synthetic": stored.register.synthetic,
        "people": [
            {
                "person_id": p.person_id,
                "name": p.name,
                "org_code": p.org_code,
                "role": p.role,
                "manager": p.manager,
            }
            for p in people
        ],
    }


def default_date(stored: StoredPassport, today: date) -> date:
    """The day the pages open on: the demonstration's SYNTHETIC people are dated 2018, so a
    synthetic register opens on the first day of the Dorset rotas; a real one on today."""
    if stored.register.synthetic:
        from openbook.workforce.dorset import ROTAS, load_dorset_rota

        return min(load_dorset_rota(name).start_date for name in ROTAS)
    return today


@dataclass(frozen=True)
class RegisterLine:
    person: Person
    eligible_at: tuple[Place, ...]
    not_at: tuple[Eligibility, ...]


def list_register_lines(register: Register, people: list[Person], on: date) -> list[RegisterLine]:
    """Each person, where they may work on the day and where not (with reasons)."""
    where = places(register)
    lines = []
    for p in people:
        verdicts = [check_eligibility(register, p.person_id, place, on) for place in where]
        lines.append(RegisterLine(p, tuple(v.place for v in verdicts if v.eligible),
                                  tuple(v for v in verdicts if not v.eligible)))  # fmt: skip
    return lines


def eligibility_dict(
    register: Register, place: Place, on: date, role: str | None = None
) -> dict[str, object]:
    """Who may work at a place on a day, and why not: `openbook passport eligibility
    --format json` and the API alike."""
    from openbook.workforce.model.passport import list_eligibility

    return {
        "place": {"org_code": place.org_code, "site": place.site, "service": place.service},
        "on": on.isoformat(),
        "requires": list(required_checks(register, place)),
        "people": [{"person_id": v.person_id, "eligible": v.eligible, "reasons": list(v.reasons)}
                   for v in list_eligibility(register, place, on, role)],
    }  # fmt: skip
