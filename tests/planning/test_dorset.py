"""The Dorset demonstration: the seed's 2020/21 bridge and what it implies for each trust."""

from __future__ import annotations

from decimal import Decimal

from openbook.planning import dorset
from openbook.planning.demonstration import dorset_document
from openbook.planning.model.bridge import bridge_total

M = Decimal(1_000_000)


def amounts(bridge: dorset.SeedBridge) -> list[tuple[str, Decimal]]:
    return [(step.label, step.amount / M) for step in bridge.steps]


def test_the_health_economy_is_223m_of_147m_acute_and_76m_other() -> None:
    system = dorset.system_bridge()
    assert system.gap == -223 * M
    assert bridge_total(system.steps) == system.gap
    assert amounts(system) == [
        ("Reconfiguration", -29),
        ("Provider efficiencies (CIP)", -46),
        ("Unidentified (acute providers)", -72),
        ("Other providers (not analysed by the source)", -76),
    ]


def test_the_acute_split_keeps_the_totals_and_derives_the_unidentified_remainder() -> None:
    acute = dorset.acute_bridge()
    assert bridge_total(acute.steps) == -147 * M
    assert acute.steps[-1].amount == -72 * M  # the seed states 73: its parts sum to 148
    assert dorset.STATED_UNIDENTIFIED == -73 * M
    assert "£148m against its £147m" in acute.note


def test_new_funding_and_the_programme_close_it_further() -> None:
    acute = dorset.acute_bridge(with_funding_and_programme=True)
    assert amounts(acute)[2:] == [
        ("New funding", -22),
        ("Programme benefits", -25),
        ("Unidentified", -25),
    ]
    assert bridge_total(acute.steps) == -147 * M


def test_apportioning_keeps_every_penny() -> None:
    shares = dorset.apportion(Decimal("-0.10"), {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)})
    assert shares == {"A": Decimal("-0.04"), "B": Decimal("-0.03"), "C": Decimal("-0.03")}


def test_what_it_implies_for_each_trust() -> None:
    document = dorset_document()
    assert document["source"].startswith("One NHS in Dorset vanguard value proposition")
    trusts = {t["org_code"]: t for t in document["trusts"]}
    assert set(trusts) == {"RBD", "RD3", "RDZ"}
    for step in range(3):
        total = sum(Decimal(t["bridge"][step]["amount"]) for t in trusts.values())
        assert total == Decimal(document["bridges"][1]["bridge"][step]["amount"])
    # RBD spends 192m of the acute trusts' 761.7m: 25.2%; its 46m + 72m share is 118m x 25.2%
    rbd = trusts["RBD"]
    assert rbd["expenditure"] == "192000000.00"
    assert rbd["share"] == 0.2521
    assert rbd["cip_pct_implied"] == 15.49
    assert all(t["above_threshold"] for t in trusts.values())
