"""Workforce's escalation rules, for the body whose remit is workforce (in Dorset, the system
leadership team): a shared rota whose eligible pool falls below the cover it needs, and a
credential about to lapse with no renewal on record (a notice to the person's organisation)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from openbook.kernel.database import Database
from openbook.kernel.period import FinancialYear, month_end, month_start
from openbook.kernel.rule import Condition, ProviderSettings, Remit, Rule, RuleSetting
from openbook.reference import store as organisations
from openbook.workforce import store
from openbook.workforce.model.passport import Register, list_expiry_warnings, required_checks
from openbook.workforce.rota.pool import StaffNeed, calculate_need, rota_days, smallest_pool
from openbook.workforce.rota.shared import RotaSpec

POOL_BELOW_NEED = "rota-pool-below-need"
CREDENTIAL_EXPIRING = "passport-credential-expiring"
EXPIRY_DAYS = "credential_expiry_days"

RotaReader = Callable[[], Sequence[RotaSpec]]
NeedCalculator = Callable[[RotaSpec, Register], StaffNeed]


def shipped_rotas() -> list[RotaSpec]:
    """The shared rotas the rules watch: the shipped Dorset ones (SYNTHETIC)."""
    from openbook.workforce.dorset import ROTAS, load_dorset_rota

    return [load_dorset_rota(name) for name in ROTAS]


def find_pool_shortfalls(
    register: Register, rotas: Sequence[RotaSpec], members: set[str], start: date, end: date,
    need_of: NeedCalculator, system_code: str,
) -> list[Condition]:  # fmt: skip
    """One condition per shared rota of the system whose smallest daily pool in the month
    is below what it needs."""
    found = []
    for spec in rotas:
        orgs = {s.org_code for s in register.sites if s.site in spec.sites}
        pool = smallest_pool(spec, register, rota_days(spec, start, end))
        if pool is None or not orgs or not orgs <= members:
            continue
        need = need_of(spec, register)
        if need.staff_needed is None or len(pool.eligible) >= need.staff_needed:
            continue
        kept = "; ".join(f"{person} ({why})" for person, why in pool.kept_off)
        found.append(
            Condition(
                POOL_BELOW_NEED,
                system_code,
                Remit.WORKFORCE,
                f"{spec.name}: {len(pool.eligible)} eligible, {need.staff_needed} needed",
                f"On {pool.on:%d %B %Y} only {len(pool.eligible)} people of the role "
                f"'{spec.role}' may work every site of the rota ({', '.join(spec.sites)}); its "
                f"cover needs {need.staff_needed}"
                f"{'' if need.proven else ' (not proven minimal)'}. Kept off: {kept or 'none'}.",
                extra=spec.service,
            )
        )
    return found


def find_expiring(
    register: Register, members: set[str], on: date, within_days: int
) -> list[Condition]:
    """One notice per credential lapsing within the days with no renewal on record, to the
    person's organisation (the person's manager is named)."""
    found = []
    for w in list_expiry_warnings(register, on, within_days):
        person = register.person(w.person_id)
        if person is None or person.org_code not in members:
            continue
        needed_at = sorted(
            f"{place.service} at {place.site}"
            for site in register.sites
            for service in sorted({r.service for r in register.rules if r.service})
            if (place := register.place(site.site, service)) and w.check in required_checks(
                register, place)
        )  # fmt: skip
        found.append(
            Condition(
                CREDENTIAL_EXPIRING,
                person.org_code,
                Remit.WORKFORCE,
                f"{person.org_code}: {w.person_id}'s {w.check} lapses on {w.valid_to:%d %B %Y}",
                f"{person.name} ({person.role}): {w.check} lapses on {w.valid_to:%d %B %Y}, "
                f"{w.days_left} days after {on:%d %B %Y}, with no renewal on record. Manager: "
                f"{w.manager or 'none recorded'}. Required for: "
                f"{', '.join(needed_at) or 'no shift in the register'}.",
                extra=f"{w.person_id}|{w.check}|{w.valid_to.isoformat()}",
            )
        )
    return found


class WorkforceRules:
    """The workforce rule provider (settings section `workforce`)."""

    section = "workforce"
    rules = (
        Rule(POOL_BELOW_NEED, "Shared rota's eligible pool below the cover it needs",
             Remit.WORKFORCE),
        Rule(CREDENTIAL_EXPIRING, "Passport credential lapsing with no renewal",
             Remit.WORKFORCE),
    )  # fmt: skip
    settings: tuple[RuleSetting, ...] = (
        RuleSetting(EXPIRY_DAYS, Decimal(30),
                    "days ahead of the month's first day a lapsing credential is raised"),
    )  # fmt: skip

    def __init__(
        self, rotas: RotaReader = shipped_rotas, need_of: NeedCalculator | None = None
    ) -> None:
        self.rotas = rotas
        self.need_of = need_of or self._cached_need
        self._needs: dict[tuple[str, date, int], StaffNeed] = {}

    def _cached_need(self, spec: RotaSpec, register: Register) -> StaffNeed:
        """The need depends on the rota's cover and limits, not on who is in the register."""
        key = (spec.name, spec.start_date, spec.days)
        if key not in self._needs:
            self._needs[key] = calculate_need(spec, register)
        return self._needs[key]

    def find(
        self,
        db: Database,
        system_code: str,
        year: FinancialYear,
        month: int,
        settings: ProviderSettings,
    ) -> list[Condition]:
        wanted = [rule.code for rule in self.rules if settings.enabled(rule.code)]
        with db.reading() as session:
            stored = store.get_passport(session)
            members = {
                o.org_code for o, _ in organisations.list_members(session, system_code, year)
            }
        if not wanted or stored is None:
            return []
        start, end = month_start(year, month), month_end(year, month)
        found: list[Condition] = []
        if POOL_BELOW_NEED in wanted:
            found += find_pool_shortfalls(stored.register, self.rotas(), members, start, end,
                                          self.need_of, system_code)  # fmt: skip
        if CREDENTIAL_EXPIRING in wanted:
            days = int(settings[EXPIRY_DAYS])
            found += find_expiring(stored.register, members, start, days)
        return found
