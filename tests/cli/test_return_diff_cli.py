"""`openbook return-diff` gives the changes the page and the API give."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openbook.cli import app as cli
from openbook.compose import from_url
from openbook.finance.version_diff import diff_versions
from openbook.kernel.period import FinancialYear
from tests.web.test_return_diff import resubmit_rbd


def test_the_cli_gives_the_same_changes(demo_env: dict[str, str], tmp_path: Path) -> None:
    db = from_url(demo_env["OPENBOOK_DATABASE_URL"])
    resubmit_rbd(db, tmp_path)
    result = CliRunner().invoke(
        cli,
        ["return-diff", "--org", "RBD", "--year", "2017/18", "--month", "12", "--format", "json"],
        env=demo_env,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == diff_versions(db, "RBD", FinancialYear.parse("2017/18"), 12).as_dict()
    assert len(data["lines"]) == 4
