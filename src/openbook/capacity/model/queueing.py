"""Analytic queueing for beds: Erlang B (loss) and Erlang C (delay), vectorised.

Offered load is arrival rate × mean length of stay (in beds, "erlangs"). Erlang B is the
probability an arrival finds every bed full in a system that turns it away (and, by
insensitivity, holds for any length-of-stay distribution with Poisson arrivals); Erlang C is
the probability an arrival has to wait when patients queue for a bed (exact for exponential
stays). Both use the stable recursion

    B(0) = 1,   B(c) = A·B(c−1) / (c + A·B(c−1))

never factorials or powers, so hundreds or thousands of servers are fine in floating point.
Every function takes arrays (or scalars) and broadcasts servers against loads.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]


class Method(StrEnum):
    """How the probability of delay is worked out; each carries its label."""

    ERLANG_B = "erlang-b"
    ERLANG_C = "erlang-c"
    SIMULATION = "simulation"

    @property
    def label(self) -> str:
        return {
            Method.ERLANG_B: "Erlang B (loss: arrivals finding every bed full)",
            Method.ERLANG_C: "Erlang C (delay: arrivals who queue for a bed)",
            Method.SIMULATION: "simulation (replications with 95% confidence intervals)",
        }[self]


def _broadcast(servers: ArrayLike, offered_load: ArrayLike) -> tuple[NDArray[np.int64], Floats]:
    c, a = np.broadcast_arrays(np.asarray(servers), np.asarray(offered_load, dtype=np.float64))
    if np.any(c < 0) or np.any(np.asarray(c) != np.floor(c)):
        raise ValueError("servers must be whole numbers, zero or more")
    if np.any(a < 0) or not np.all(np.isfinite(a)):
        raise ValueError("offered load must be a finite number, zero or more")
    return c.astype(np.int64), a


TABLE_CELLS = 20_000_000  # above this many (servers × distinct loads), stream instead


def erlang_b(servers: ArrayLike, offered_load: ArrayLike) -> Floats:
    """Probability that an arrival finds all `servers` busy (the loss formula)."""
    c, a = _broadcast(servers, offered_load)
    shape = c.shape
    c, a = c.ravel(), a.ravel()
    top = int(c.max(initial=0))
    loads, which = np.unique(a, return_inverse=True)
    if (top + 1) * loads.size <= TABLE_CELLS:
        # one recursion per distinct load, then a lookup: 1..1,000 servers at one load is a
        # single pass of 1,000 steps
        return erlang_b_all(top, loads)[c, which.ravel()].reshape(shape)
    result = np.ones(c.shape, dtype=np.float64)
    b = np.ones(c.shape, dtype=np.float64)
    for k in range(1, top + 1):
        b = a * b / (k + a * b)
        at_k = c == k
        result[at_k] = b[at_k]
    return result.reshape(shape)


def erlang_b_all(max_servers: int, offered_load: ArrayLike) -> Floats:
    """Erlang B for every server count 0..max_servers at once: shape (max_servers + 1, *loads)."""
    a = np.asarray(offered_load, dtype=np.float64)
    if a.size <= 16:  # a few loads: plain floats beat NumPy's per-call cost
        columns = []
        for load in a.ravel().tolist():
            value, column = 1.0, [1.0]
            for k in range(1, max_servers + 1):
                value = load * value / (k + load * value)
                column.append(value)
            columns.append(column)
        return np.array(columns, dtype=np.float64).T.reshape((max_servers + 1, *a.shape))
    table = np.empty((max_servers + 1, *a.shape), dtype=np.float64)
    table[0] = 1.0
    b = np.ones(a.shape, dtype=np.float64)
    for k in range(1, max_servers + 1):
        b = a * b / (k + a * b)
        table[k] = b
    return table


def _c_from_b(c: NDArray[np.int64], a: Floats, b: Floats) -> Floats:
    stable = a < c
    with np.errstate(divide="ignore", invalid="ignore"):
        delay = c * b / (c - a * (1.0 - b))
    return np.where(stable, delay, 1.0)


def erlang_c(servers: ArrayLike, offered_load: ArrayLike) -> Floats:
    """Probability that an arrival waits for one of `servers` (1 when load ≥ servers)."""
    c, a = _broadcast(servers, offered_load)
    return _c_from_b(c, a, erlang_b(c, a))


def erlang_c_mean_wait(servers: ArrayLike, offered_load: ArrayLike, mean_stay: ArrayLike) -> Floats:
    """Mean wait of all arrivals (in the unit of `mean_stay`); infinite when load ≥ servers."""
    c, a = _broadcast(servers, offered_load)
    stay = np.broadcast_to(np.asarray(mean_stay, dtype=np.float64), c.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = erlang_c(c, a) * stay / (c - a)
    return np.where(a < c, wait, np.inf)


def probability_of_delay(method: Method, servers: ArrayLike, offered_load: ArrayLike) -> Floats:
    if method is Method.ERLANG_B:
        return erlang_b(servers, offered_load)
    if method is Method.ERLANG_C:
        return erlang_c(servers, offered_load)
    raise ValueError(f"{method} is not an analytic method")


def occupancy(method: Method, servers: ArrayLike, offered_load: ArrayLike) -> Floats:
    """Share of beds occupied on average: A(1 − B)/c for loss, min(A/c, 1) for delay."""
    c, a = _broadcast(servers, offered_load)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method is Method.ERLANG_B:
            busy = a * (1.0 - erlang_b(c, a)) / c
        else:
            busy = np.minimum(a / c, 1.0)
    return np.where(c > 0, busy, 0.0)


def beds_needed(
    method: Method, offered_load: ArrayLike, target_p_delay: float
) -> NDArray[np.int64]:
    """The fewest beds whose probability of delay is at most the target, for each load."""
    if not 0.0 < target_p_delay < 1.0:
        raise ValueError("the target probability of delay must be between 0 and 1")
    a = np.atleast_1d(np.asarray(offered_load, dtype=np.float64))
    _broadcast(0, a)
    needed = np.zeros(a.shape, dtype=np.int64)
    b = np.ones(a.shape, dtype=np.float64)
    k = 0
    while np.any(needed == 0):
        k += 1
        b = a * b / (k + a * b)
        p = b if method is Method.ERLANG_B else _c_from_b(np.full(a.shape, k), a, b)
        newly = (needed == 0) & (p <= target_p_delay)
        needed[newly] = k
    return needed.reshape(np.shape(offered_load))
