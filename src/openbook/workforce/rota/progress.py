"""Progress of a solve, shared by the solver and its callers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """One improving answer: when, how good, and the best bound at that moment."""

    seconds: float
    objective: int
    bound: int
