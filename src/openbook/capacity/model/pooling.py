"""Pooling any resource (beds, here): separate sites against one pooled service."""

from __future__ import annotations

from dataclasses import dataclass

from openbook.capacity.model.queueing import Method


@dataclass(frozen=True)
class PoolingSite:
    code: str
    name: str
    arrivals_per_day: float
    mean_stay_days: float
    stay_sd_days: float | None = None  # None: exponential stays (simulation only)
    beds: int | None = None  # the beds it has today, if known

    @property
    def offered_load(self) -> float:
        return self.arrivals_per_day * self.mean_stay_days


@dataclass(frozen=True)
class PoolingScenario:
    """Sites of one resource, a delay target and the method that judges it.

    `erlang-b`: a patient who finds no bed is delayed (placed in another ward, as in Monks et
    al.); `erlang-c`: they wait for one."""

    name: str
    resource: str
    sites: tuple[PoolingSite, ...]
    target_p_delay: float
    method: Method = Method.ERLANG_B
    source: str = ""
