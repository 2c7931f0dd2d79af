"""Making HiGHS models quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import highspy

_banner_shown = False
_threads: int | None = None  # HiGHS threads for every model of this process, found once


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
    model.setOptionValue("threads", _one_thread_if_possible())
    return model


def _one_thread_if_possible() -> int:
    """One thread: the models are small and starting threads costs more than they save
    (England's 42 systems solve several times faster). HiGHS refuses to run with a thread
    count other than that of its process-wide scheduler once another model started it, so
    a first tiny run finds out; if it is refused, HiGHS's own choice (0) is used."""
    global _threads  # noqa: PLW0603 - once per process, like HiGHS's scheduler
    if _threads is None:
        probe = highspy.Highs()
        probe.setOptionValue("output_flag", False)
        probe.setOptionValue("threads", 1)
        probe.addVariable(lb=0, ub=1)
        status = probe.run()
        _threads = 1 if status != highspy.HighsStatus.kError else 0
    return _threads
