"""The Dorset workforce cases in the demonstration: the SYNTHETIC passport register and its two
shared rotas (24/7 stroke thrombolysis consultants across the three acute sites; cardiology out
of hours), each compared as three separate site rotas against one shared rota.

Quick and repeatable: short time limits, one worker, the solver's fixed seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from openbook.workforce.dorset import REGISTER, ROTAS, load_dorset_register, load_dorset_rota
from openbook.workforce.record import store_passport
from openbook.workforce.rota.compare import Comparison, compare_rotas
from openbook.workforce.rota.shared import build_rota

DEMO_TIME_LIMIT = 1.0  # seconds per solve; the demonstration must stay quick


@dataclass(frozen=True)
class DorsetRotaCase:
    service: str
    name: str
    comparison: Comparison
    exclusions: tuple[tuple[str, int, str, str], ...]  # person, day, shift, why not

    def as_dict(self) -> dict[str, object]:
        return {
            "service": self.service,
            "name": self.name,
            **self.comparison.as_dict(),
            "exclusions": [
                {"employee": p, "day": d, "shift": s, "reason": r} for p, d, s, r in self.exclusions
            ],
        }


def compare_dorset_rotas(time_limit: float = DEMO_TIME_LIMIT) -> list[DorsetRotaCase]:
    """Both Dorset rotas, separate against shared, with who the passport keeps off and why."""
    register = load_dorset_register()
    cases = []
    for service in ROTAS:
        spec = load_dorset_rota(service)
        shared = build_rota(spec, register)
        excluded = tuple((e.employee, e.day, e.shift_id, e.reason) for e in shared.exclusions)
        comparison = compare_rotas(spec, register, time_limit=time_limit, num_workers=1)
        cases.append(DorsetRotaCase(service, spec.name, comparison, excluded))
    return cases


PASSPORT_LOADED = datetime(2018, 3, 26, 9, tzinfo=UTC)  # a week before the rotas start


def record_dorset_passport(session: Session, actor: str) -> int:
    """Store the SYNTHETIC Dorset register as the passport in force; its version number."""
    loaded = store_passport(
        session, load_dorset_register(), f"{REGISTER} (SYNTHETIC)", actor, PASSPORT_LOADED
    )
    return loaded.version
