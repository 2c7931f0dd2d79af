"""The console script builds only the command asked for: the same answers as the whole app,
and the whole app for --help, no command, or a name it does not know."""

from __future__ import annotations

from typer.testing import CliRunner

from openbook.cli import app
from openbook.cli.start import app_for

POSITION = ["position", "--system", "QVV", "--year", "2017/18", "--month", "12", "-f", "json"]
TRACKER = ["returns", "tracker", "--system", "QVV", "--year", "2018/19", "--month", "6"]


def test_one_command_answers_as_the_whole_app(demo_env: dict[str, str]) -> None:
    runner = CliRunner()
    for args in (POSITION, TRACKER, ["position", "--help"], ["returns", "--help"]):
        one = app_for(app, args)
        assert one is not app
        assert len(one.registered_commands) + len(one.registered_groups) == 1
        alone = runner.invoke(one, args, env=demo_env)
        whole = runner.invoke(app, args, env=demo_env)
        assert alone.exit_code == whole.exit_code == 0, alone.output
        assert alone.stdout == whole.stdout


def test_the_whole_app_when_it_is_needed() -> None:
    for args in ([], ["--help"], ["positon"]):
        assert app_for(app, args) is app


def test_a_missing_option_is_still_named(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app_for(app, ["position"]), ["position"], env=demo_env)
    assert result.exit_code == 2 and "Missing option '--year'" in result.output
