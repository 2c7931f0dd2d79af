"""The England A&E funnel: 2018/19 type-1 4-hour performance of every type-1 trust, from
NHS England's monthly file as shipped (OGL v3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from openbook.funnel import Overdispersion
from openbook.funnel.ae import (
    ae_four_hour_funnel,
    build_ae_four_hour_table,
    check_ae_rows,
)

ROOT = Path(__file__).resolve().parents[2]
AE_FILE = ROOT / "src" / "openbook" / "demo" / "data" / "ae_attendances.csv"
EXAMPLE = ROOT / "examples" / "quality" / "ae_type1_2018_19.csv"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    rows = pd.read_csv(AE_FILE, dtype={"org_code": str, "type": str})
    return build_ae_four_hour_table(rows)


def test_every_type_1_trust_of_2018_19(table: pd.DataFrame) -> None:
    assert len(table) == 137
    assert table["org_code"].is_unique and table["attendances"].gt(0).all()
    dorset = table.set_index("org_code").loc[["RBD", "RD3", "RDZ"]]
    assert dorset["attendances"].tolist() == [47877, 68554, 77857]
    assert dorset["breaches"].tolist() == [4531, 10015, 7370]
    assert dorset["months"].tolist() == [12, 12, 12]
    assert dorset["within_four_hours"].tolist() == [43346, 58539, 70487]
    # Three trusts merged in 2018/19 and report 3 months only; they are kept.
    assert sorted(table.loc[table["months"] < 12, "org_code"]) == ["RGQ", "RJF", "RR1"]


def test_the_shipped_example_is_this_table(table: pd.DataFrame) -> None:
    shipped = pd.read_csv(EXAMPLE, dtype={"org_code": str})
    assert shipped.columns.tolist() == table.columns.tolist()
    assert shipped.drop(columns="four_hour").equals(table.drop(columns="four_hour"))
    assert shipped["four_hour"].round(6).tolist() == table["four_hour"].round(6).tolist()


def test_the_england_funnel(table: pd.DataFrame) -> None:
    result = ae_four_hour_funnel(table)
    assert result.target == pytest.approx(0.8154, abs=1e-4)  # England's type-1 pooled
    assert result.phi > 1000  # trusts differ far more than chance: strongly overdispersed
    assert result.used is Overdispersion.ADDITIVE
    dorset = {g.group: g for g in result.groups if g.group in ("RBD", "RD3", "RDZ")}
    assert [dorset[code].outside for code in ("RBD", "RD3", "RDZ")] == [None, None, None]
    assert round(dorset["RBD"].value, 4) == 0.9054


def test_other_years_and_types(table: pd.DataFrame) -> None:
    rows = pd.read_csv(AE_FILE, dtype={"org_code": str, "type": str})
    earlier = build_ae_four_hour_table(rows, "2017/18")
    assert 130 < len(earlier) < 150 and not earlier.equals(table)
    assert build_ae_four_hour_table(rows, "2018/19", "2")["attendances"].gt(0).all()


def test_the_columns_are_checked() -> None:
    issues = check_ae_rows(pd.DataFrame({"period": [], "org_code": []}))
    assert [str(i) for i in issues] == [
        "ae_attendances.csv:1: is missing column(s) type, attendances, breaches "
        "(use NHS England's monthly A&E file as shipped in openbook/demo/data)"
    ]
