"""The demonstration with its recent years (elective activity from 2019/20, prices and
aligned payment terms from 2021/22), built once per session as tests/regime builds it."""

from tests.regime.conftest import _recent_template, recent_env

__all__ = ["_recent_template", "recent_env"]
