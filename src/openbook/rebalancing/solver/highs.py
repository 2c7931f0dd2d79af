"""Making HiGHS models quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import highspy

_banner_shown = False


@contextmanager
def _stdout_silenced() -> Iterator[None]:
    """HiGHS prints its licence banner from C on the first model of a process; that would
    corrupt JSON written to stdout, so the C-level stdout goes to /dev/null meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


def new_model() -> highspy.Highs:
    """A Highs instance that logs nothing."""
    global _banner_shown  # noqa: PLW0603 - once per process, as HiGHS itself does
    if _banner_shown:
        model = highspy.Highs()
    else:
        with _stdout_silenced():
            model = highspy.Highs()
        _banner_shown = True
    model.setOptionValue("output_flag", False)
    return model
