"""The Dorset workforce cases in the demonstration: pooling across sites, and the passport
keeping people with expired credentials off the rota, with the reason."""

import pytest

from openbook.demo.workforce import DorsetRotaCase, compare_dorset_rotas


@pytest.fixture(scope="module")
def cases() -> dict[str, DorsetRotaCase]:
    # A generous limit: CP-SAT stops as soon as it proves each rota optimal (well inside a
    # second on an idle machine); the limit only matters on a loaded one.
    return {c.service: c for c in compare_dorset_rotas(time_limit=60)}


def test_one_shared_rota_needs_fewer_staff_and_leaves_no_gaps(
    cases: dict[str, DorsetRotaCase],
) -> None:
    assert set(cases) == {"stroke", "cardiology"}
    for case in cases.values():
        separate, shared = case.comparison.separate, case.comparison.shared
        assert "SYNTHETIC" in case.name
        assert shared.staff_needed is not None and separate.staff_needed is not None
        assert shared.staff_needed < separate.staff_needed
        assert shared.shortfall == 0
        assert shared.shortfall <= separate.shortfall
    stroke = cases["stroke"]
    assert stroke.comparison.separate.shortfall > 0  # the sites alone cannot cover 24/7


def test_an_expired_credential_keeps_the_person_off_with_the_reason(
    cases: dict[str, DorsetRotaCase],
) -> None:
    stroke = cases["stroke"]
    expired = [(p, d, s) for p, d, s, why in stroke.exclusions if "expired" in why]
    assert expired
    roster = stroke.comparison.shared.results[0].roster
    assert roster is not None
    worked = {(a.employee, a.day, a.shift_id) for a in roster.assignments}
    assert not worked & set(expired)
