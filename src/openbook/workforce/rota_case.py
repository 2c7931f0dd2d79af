"""The shared rotas on the stored passport (the use cases behind the rota pages and the
API): the shipped Dorset rota definitions, staffed and ruled by the register in force, solved
or compared. The same rota as `openbook rota solve stroke` when the register in force is the
shipped one (as in the demonstration)."""

from __future__ import annotations

from dataclasses import dataclass

from openbook.kernel.database import Database
from openbook.kernel.error import NotFoundError
from openbook.workforce.dorset import ROTAS, load_dorset_rota
from openbook.workforce.query import get_passport
from openbook.workforce.rota.compare import Comparison, compare_rotas
from openbook.workforce.rota.model import RotaDefinition
from openbook.workforce.rota.shared import RotaSpec, build_rota, rota_staff
from openbook.workforce.rota.solve import RotaResult, solve
from openbook.workforce.store import StoredPassport

SERVICES = tuple(ROTAS)


@dataclass(frozen=True)
class RotaCase:
    service: str
    spec: RotaSpec
    rota: RotaDefinition
    passport: StoredPassport
    site: str | None = None  # one site's separate rota (its own staff); None: the shared one

    @property
    def key(self) -> tuple[str, str, str]:
        """What a solve depends on: the rota, the site and the register's content."""
        return self.service, self.site or "", self.passport.version.content_hash

    @property
    def arrangement(self) -> str:
        if self.site is None:
            return f"One shared rota across {', '.join(self.spec.sites)}"
        return f"{self.site}'s separate site rota (its own staff on its own shifts)"


@dataclass(frozen=True)
class SolvedRota:
    case: RotaCase
    result: RotaResult


def get_rota_case(db: Database, service: str, site: str | None = None) -> RotaCase:
    """The shared rota of a service, or with `site` that site's separate rota."""
    if service not in ROTAS:
        raise NotFoundError(f"there is no rota '{service}'", hint=f"rotas: {', '.join(ROTAS)}")
    passport = get_passport(db)
    spec = load_dorset_rota(service)
    if site is None:
        return RotaCase(service, spec, build_rota(spec, passport.register), passport)
    if site not in spec.sites:
        raise NotFoundError(f"the {service} rota has no site '{site}'",
                            hint=f"sites: {', '.join(spec.sites)}")  # fmt: skip
    staff = rota_staff(spec, passport.register, (site,))
    rota = build_rota(spec, passport.register, sites=(site,), staff=staff)
    return RotaCase(service, spec, rota, passport, site)


def solve_rota_case(case: RotaCase, time_limit: float = 10.0, num_workers: int = 1) -> SolvedRota:
    """Solved with one worker and the fixed seed, so the same register gives the same roster."""
    return SolvedRota(case, solve(case.rota, time_limit=time_limit, num_workers=num_workers))


def compare_rota_case(case: RotaCase, time_limit: float = 1.0, num_workers: int = 1) -> Comparison:
    return compare_rotas(case.spec, case.passport.register, time_limit, num_workers)
