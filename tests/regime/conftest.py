"""The command-line fixtures of tests/cli, for the regime's command tests."""

from tests.cli.conftest import demo_env

__all__ = ["demo_env"]
