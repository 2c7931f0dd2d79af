"""The 2026/27 cluster of Dorset and its SYNTHETIC neighbour, as `openbook demo --recent`
builds it: the same figures through the CLI, the REST API and the cluster page, and the
one contract between the systems (11J -> ZZA, £24m) eliminated on both sides."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from openbook.cli import app as cli
from openbook.compose import from_url
from openbook.demo.cluster import build_cluster_demo
from openbook.finance import store as returns
from openbook.finance.position_report import get_system_position
from openbook.kernel.database import Database
from openbook.kernel.money import format_cell
from openbook.kernel.period import FinancialYear
from tests.web.conftest import make_app, signed_in
from tests.web.test_api import auth, token_for

YEAR = FinancialYear.parse("2026/27")
runner = CliRunner()


@pytest.fixture(scope="session")
def _cluster_template(_recent_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cluster") / "cluster.db"
    shutil.copy(_recent_template, target)
    db = from_url(f"sqlite:///{target}")
    assert build_cluster_demo(db)
    assert not build_cluster_demo(db)  # once
    db.dispose()
    return target


@pytest.fixture
def cluster_db(_cluster_template: Path, tmp_path: Path) -> Any:
    target = tmp_path / "openbook.db"
    shutil.copy(_cluster_template, target)
    db = from_url(f"sqlite:///{target}")
    yield db
    db.dispose()


def _cli_json(db: Database, tmp_path: Path, *args: str) -> dict[str, Any]:
    env = {"OPENBOOK_DATABASE_URL": str(db.engine.url),
           "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json")}  # fmt: skip
    result = runner.invoke(cli, ["position", *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def test_the_one_contract_between_the_systems_is_eliminated_on_both_sides(
    cluster_db: Database, tmp_path: Path
) -> None:
    payload = _cli_json(cluster_db, tmp_path, "--cluster", "DSW", "--year", "2026/27",
                        "--month", "6")  # fmt: skip
    assert payload["synthetic"] is True
    assert payload["cluster"]["systems"] == ["QVV", "QZZ"]
    [e] = payload["eliminations"]
    assert (e["commissioner_code"], e["provider_code"]) == ("11J", "ZZA")
    assert (e["commissioner_system"], e["provider_system"]) == ("QVV", "QZZ")
    # The commissioner's side: half of £24m by M6 (even phasing), all of it for the year.
    committed = e["commissioner_expenditure"]
    assert committed == {"ytd": "12000000.00", "forecast_outturn": "24000000.00"}
    # The provider's side: ZZA's own income line for 11J in its M6 return.
    with cluster_db.reading() as session:
        zza = returns.get_latest_returns(session, ["ZZA"], YEAR, 6)["ZZA"][0]
    line = "income.patient_care.11J"
    reported = zza.amount(line, "actual_ytd")
    assert e["provider_income"]["ytd"] == f"{reported:.2f}"
    assert Decimal(e["difference_to_agree"]["ytd"]) == reported - Decimal(12_000_000)
    c = {key: {k: Decimal(v) for k, v in pair.items()} for key, pair in
         payload["consolidation"].items()}  # fmt: skip
    for side in ("income", "expenditure"):
        for when in ("ytd", "forecast_outturn"):
            assert c[f"consolidated_{side}"][when] == c[side][when] - c[f"eliminated_{side}"][when]
    assert c["difference_to_agree"]["ytd"] == Decimal(e["difference_to_agree"]["ytd"])


def test_the_cluster_is_the_sum_of_its_systems_and_each_system_as_on_its_own(
    cluster_db: Database, tmp_path: Path
) -> None:
    payload = _cli_json(cluster_db, tmp_path, "--cluster", "dsw", "--year", "2026/27",
                        "--month", "6")  # fmt: skip
    alone = [get_system_position(cluster_db, code, YEAR, 6) for code in ("QVV", "QZZ")]
    for key in ("control_total", "forecast_outturn", "ytd_actual", "ytd_plan"):
        total = sum(Decimal(s["system"][key]) for s in payload["systems"])
        assert Decimal(payload["position"][key]) == total, key
        assert total == sum((getattr(r.position, key) for r in alone), Decimal(0)), key
    # ZZM joins Wessex Vale from 1 October 2026: not in the M6 position, in the M7 one.
    assert [p.code for p in alone[1].organisations] == ["ZZA", "ZZC"]
    m7 = get_system_position(cluster_db, "QZZ", YEAR, 7)
    assert [p.code for p in m7.organisations] == ["ZZA", "ZZC", "ZZM"]


def test_the_same_numbers_through_the_cli_the_api_and_the_page(
    cluster_db: Database, tmp_path: Path
) -> None:
    cli_payload = _cli_json(cluster_db, tmp_path, "--cluster", "DSW", "--year", "2026/27",
                            "--month", "6")  # fmt: skip
    web = make_app(cluster_db, tmp_path)
    api = TestClient(web).get(
        "/api/v1/clusters/DSW/position", params={"year": "2026/27", "month": 6},
        headers=auth(token_for(cluster_db, "rbd.viewer")),
    )  # fmt: skip
    assert api.status_code == 200
    assert api.json() == cli_payload
    client = signed_in(web, "rbd.viewer")
    overview = client.get("/systems/QVV", params={"year": "2026/27", "month": 6})
    assert 'href="/clusters/DSW?year=2026%2F27&amp;month=6"' in overview.text
    page = client.get("/clusters/DSW", params={"year": "2026/27", "month": 6})
    assert page.status_code == 200 and "SYNTHETIC" in page.text
    consolidated = page.text.split('id="table-consolidated"')[1].split("</table>")[0]
    for pair in cli_payload["consolidation"].values():
        for value in pair.values():
            assert f">{format_cell(Decimal(value))}<" in consolidated, value
    position = cli_payload["position"]
    for key in ("control_total", "forecast_outturn", "gap"):
        assert f"<dd>{format_cell(Decimal(position[key]))}</dd>" in page.text, key
    then = client.get("/clusters/DSW", params={"year": "2026/27", "month": 6,
                                               "as_at": "2026-10-15"})  # fmt: skip
    assert 'id="as-at"' in then.text  # M6 returns arrived on 20 October: none known then
    assert "As it was known at <strong>15 October 2026 23:59 UTC" in then.text
    download = client.get("/clusters/DSW", params={"year": "2026/27", "month": 6,
                                                   "download": "eliminations.csv"})  # fmt: skip
    assert download.status_code == 200 and "11J (QVV)" in download.text


def test_an_unknown_cluster_is_named_everywhere(cluster_db: Database, tmp_path: Path) -> None:
    env = {"OPENBOOK_DATABASE_URL": str(cluster_db.engine.url),
           "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json")}  # fmt: skip
    args = ["position", "--cluster", "NOPE", "--year", "2026/27", "--month", "6"]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 2  # a bad request, as for an unknown system
    assert "cluster 'NOPE' is not known" in result.stderr and "DSW" in result.stderr
    both = runner.invoke(cli, [*args, "--system", "QVV"], env=env)
    assert both.exit_code != 0 and "give one of --system" in both.stderr
    api = TestClient(make_app(cluster_db, tmp_path)).get(
        "/api/v1/clusters/NOPE/position", params={"year": "2026/27", "month": 6},
        headers=auth(token_for(cluster_db, "rbd.viewer")),
    )  # fmt: skip
    assert api.status_code == 404


def test_a_cluster_file_through_the_cli(cluster_db: Database, tmp_path: Path) -> None:
    env = {"OPENBOOK_DATABASE_URL": str(cluster_db.engine.url),
           "OPENBOOK_CREDENTIALS": str(tmp_path / "credentials.json")}  # fmt: skip
    example = Path(__file__).parents[2] / "examples" / "clusters" / "dorset_wessex_2026_27.yaml"
    loaded = runner.invoke(cli, ["cluster", "load", str(example)], env=env)
    assert loaded.exit_code == 0, loaded.stderr
    assert "Cluster DSW in 2026/27: QVV, QZZ." in loaded.stdout
    listed = runner.invoke(cli, ["cluster", "list"], env=env)
    assert "DSW" in listed.stdout and listed.stdout.count("SYNTHETIC") == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("cluster: {code: DSW, name: D}\nyears: {'2026/27': [QVV, QXX]}\n")
    refused = runner.invoke(cli, ["cluster", "load", str(bad)], env=env)
    assert refused.exit_code == 1
    assert "bad.yaml:$.years.2026/27[1]: 'QXX' is not a system in the store" in refused.stderr
