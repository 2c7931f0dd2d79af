"""The Dorset workforce cases in the demonstration: the SYNTHETIC passport register and its two
shared rotas (24/7 stroke thrombolysis consultants across the three acute sites; cardiology out
of hours), each compared as three separate site rotas against one shared rota.

Quick and repeatable: short time limits, one worker, the solver's fixed seed."""

from __future__ import annotations

from dataclasses import dataclass

from openbook.workforce.dorset import ROTAS, load_dorset_register, load_dorset_rota
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
