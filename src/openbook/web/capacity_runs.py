"""The capacity simulations as jobs, shared by the pages and the API: each builder checks a
request (every problem at once, each named as the command line names it, raising
`InvalidRequestError`), and returns a `Run`: what to call, and the parameters that name
its job. Same parameters, same seed, same answer as `openbook capacity ... --format json`
(replications draw from one seed each whatever the workers; the web runs them on one).

The web asks for no more than `MAX_REPLICATIONS` replications of `MAX_DAYS` days, and no
more than `MAX_REPLICATION_YEARS` simulated years in all (the command line has no limit):
a page is shared, a job runs on the server. The published defaults are 240 (30 × 8 years).

A job is kept in the store's job queue (openbook.jobs), so whichever web process or instance
is asked finds it: each kind registers here the function any process's worker runs for a
job's stored parameters (the builder again, from those parameters: the same checks, the same
work)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from openbook.capacity.request import InvalidRequestError, issue, parse_beds
from openbook.jobs import registry
from openbook.jobs.model import JobStatus, JobView, job_key
from openbook.jobs.queue import JobQueue
from openbook.kernel.error import DataIssue, InvalidDataError
from openbook.web.jobs import Progress

MAX_REPLICATIONS = 200
MAX_DAYS = 36_500.0
MAX_WEEKS = 520.0
MAX_REPLICATION_YEARS = 1_000.0  # replications × years simulated (warm-up too), per job
MAX_ARRIVALS_PER_DAY = 1_000.0  # a posted scenario's patients a day, all sites or types
POOLING_SCENARIOS = {
    "stroke-units": "dorset_stroke_units.json",
    "coronary-care": "dorset_coronary_care.json",
}


@dataclass(frozen=True)
class Run:
    kind: str
    parameters: dict[str, Any]
    work: Callable[[Progress | None], Any]
    immediate: bool = False  # analytic only: answered in the request, no job needed

    def start(self, queue: JobQueue, actor: str) -> tuple[JobView, Any]:
        """The job and, once it is done, its result (None until then). Immediate work is
        answered here and not queued."""
        if self.immediate:
            result = self.work(None)
            return immediate_job(self.kind, self.parameters, actor, queue), result
        job = queue.submit(self.kind, self.parameters, actor)
        return job, queue.result(job) if job.status is JobStatus.DONE else None


def immediate_job(kind: str, parameters: dict[str, Any], actor: str, queue: JobQueue) -> JobView:
    now = queue.db.clock.now()
    return JobView(
        job_key(kind, parameters), kind, parameters, JobStatus.DONE, 1, 1, None, 1, actor,
        now, now, now, None, None,
    )  # fmt: skip


def _limits(
    replications: int, days: float, option: str = "--days", high: float = MAX_DAYS
) -> list[DataIssue]:
    problems = []
    if replications > MAX_REPLICATIONS:
        problems.append(
            issue(
                "--replications",
                f"is {replications}; the web runs at most {MAX_REPLICATIONS} "
                "(use the command line for more)",
            )
        )
    if math.isfinite(days) and days > high:
        problems.append(
            issue(option, f"is {days:g}; the web simulates at most {high:g} (use the command line)")
        )
    years = replications * days / (52.0 if option == "--weeks" else 365.0)
    if not problems and years > MAX_REPLICATION_YEARS:
        problems.append(
            issue(
                "--replications",
                f"asks for {years:,.0f} simulated years in all (replications × years, with "
                f"warm-up); the web runs at most {MAX_REPLICATION_YEARS:,.0f} (use the "
                "command line for more)",
            )
        )
    return problems


def _raise(problems: Sequence[DataIssue]) -> None:
    if problems:
        raise InvalidRequestError(list(problems))


def _document(parse: Callable[[Any, str], tuple[Any, list[DataIssue]]], document: Any) -> Any:
    """A posted scenario, read as its file would be: every problem at once, at its path."""
    value, issues = parse(document, "body")
    if value is None:
        raise InvalidDataError("the posted scenario is not valid", issues)
    return value


def _too_busy(arrivals_per_day: float, where: str) -> list[DataIssue]:
    if arrivals_per_day <= MAX_ARRIVALS_PER_DAY:
        return []
    return [
        issue(
            where,
            f"asks for {arrivals_per_day:,.0f} patients a day; the web simulates at most "
            f"{MAX_ARRIVALS_PER_DAY:,.0f} (use the command line)",
        )
    ]


def stroke_pathway_run(
    *,
    acute_beds: str = "9..14",
    rehab_beds: str = "10..16",
    method: str = "occupancy",
    replications: int = 30,
    days: float = 1825.0,
    warm_up_days: float = 1095.0,
    admissions_multiplier: float = 1.0,
    stay_multiplier: float = 1.0,
    one_in: Sequence[int] = (),
    seed: int = 2016,
    document: Any = None,
) -> Run:
    """`openbook capacity stroke-pathway [PARAMS.json]`: the published parameters, or a posted
    `document` in the same format."""
    from openbook.capacity.file.stroke import parse_stroke_parameters, published_parameters
    from openbook.capacity.model.scenario import Horizon, PathwayMethod, StrokePathwayRequest
    from openbook.capacity.stroke_pathway import check_stroke_request, simulate_stroke_pathway

    acute, acute_problems = parse_beds(acute_beds, "--acute-beds")
    rehab, rehab_problems = parse_beds(rehab_beds, "--rehab-beds")
    problems = [*acute_problems, *rehab_problems, *_limits(replications, days + warm_up_days)]
    methods = {m.value: m for m in PathwayMethod}
    if method not in methods:
        problems.append(issue("--method", f"is {method!r}; expected occupancy or queue"))
    bad_targets = [n for n in one_in if n < 2]
    if bad_targets:
        problems.append(issue("--one-in", f"is {bad_targets[0]}; expected 2 or more (1 in N)"))
    _raise(problems)
    chosen = published_parameters()
    if document is not None:
        chosen = _document(parse_stroke_parameters, document)
        gaps = [*chosen.acute_interarrival.values(), *chosen.rehab_interarrival.values()]
        daily = sum(1 / gap for gap in gaps if gap > 0)
        _raise(_too_busy(daily * admissions_multiplier, "body"))
    request = StrokePathwayRequest(
        chosen,
        acute,
        rehab,
        methods[method],
        Horizon(warm_up_days, days, replications, seed),
        admissions_multiplier,
        stay_multiplier,
    )
    _raise(check_stroke_request(request))
    targets = tuple(one_in)
    parameters = {
        "acute_beds": list(acute),
        "rehab_beds": list(rehab),
        "method": method,
        "replications": replications,
        "days": days,
        "warm_up_days": warm_up_days,
        "admissions_multiplier": admissions_multiplier,
        "stay_multiplier": stay_multiplier,
        "one_in": list(targets),
        "seed": seed,
        "document": document,
    }
    return Run(
        "stroke-pathway",
        parameters,
        lambda progress: simulate_stroke_pathway(request, 1, progress, one_in=targets),
    )


def pooling_run(
    *,
    scenario: str = "stroke-units",
    target_one_in: float | None = None,
    method: str | None = None,
    replications: int = 0,
    days: float = 1825.0,
    warm_up_days: float = 365.0,
    seed: int = 2016,
    document: Any = None,
) -> Run:
    """`openbook capacity pooling [FILE]`: one of the shipped Dorset scenarios, or a posted
    `document` in the scenario file's format (then `scenario` is not used)."""
    from openbook.capacity.file.pooling import dorset_pooling, parse_pooling_scenario
    from openbook.capacity.model.queueing import Method
    from openbook.capacity.model.scenario import Horizon
    from openbook.capacity.pooling import check_pooling, compare_pooling

    problems = _limits(replications, days + warm_up_days)
    if document is None and scenario not in POOLING_SCENARIOS:
        problems.append(
            issue("scenario", f"is {scenario!r}; expected {' or '.join(POOLING_SCENARIOS)}")
        )
    methods = {"erlang-b": Method.ERLANG_B, "erlang-c": Method.ERLANG_C}
    if method is not None and method not in methods:
        problems.append(issue("--method", f"is {method!r}; expected erlang-b or erlang-c"))
    if replications < 0:
        problems.append(issue("--replications", f"is {replications}; expected 0 or more"))
    _raise(problems)
    if document is None:
        chosen = dorset_pooling(POOLING_SCENARIOS[scenario])
    else:
        chosen = _document(parse_pooling_scenario, document)
        _raise(_too_busy(sum(site.arrivals_per_day for site in chosen.sites), "body"))
    if target_one_in is not None:
        target = 1.0 / target_one_in if target_one_in > 0 else float("inf")
        chosen = replace(chosen, target_p_delay=target)
    if method is not None:
        chosen = replace(chosen, method=methods[method])
    horizon = Horizon(warm_up_days, days, replications, seed) if replications else None
    _raise(check_pooling(chosen, horizon))
    parameters = {
        "scenario": scenario,
        "target_one_in": target_one_in,
        "method": method,
        "replications": replications,
        "days": days,
        "warm_up_days": warm_up_days,
        "seed": seed,
        "document": document,
    }
    return Run(
        "pooling",
        parameters,
        lambda progress: compare_pooling(chosen, horizon, 1, progress),
        immediate=horizon is None,
    )


def cath_labs_run(
    *,
    policy: str | None = None,
    replications: int | None = None,
    weeks: float | None = None,
    seed: int | None = None,
    document: Any = None,
) -> Run:
    """`openbook capacity cath-labs [FILE]`: the shipped synthetic Dorset scenario, or a posted
    `document` in the scenario file's format."""
    from openbook.capacity.cath_labs import check_cath_lab_scenario, compare_cath_labs
    from openbook.capacity.file.cath_lab import dorset_cath_labs, parse_cath_lab_scenario
    from openbook.capacity.model.cath_lab import Policy

    scenario = (
        dorset_cath_labs() if document is None else _document(parse_cath_lab_scenario, document)
    )
    policies = {p.value: p for p in Policy}
    weekly = sum(d.elective_per_week + d.urgent_per_week for d in scenario.demand)
    problems = _too_busy(weekly / 7, "body")
    if policy is not None and policy not in policies:
        problems.append(issue("--policy", f"is {policy!r}; expected priority or deadline"))
    problems += _limits(
        scenario.replications if replications is None else replications,
        (scenario.weeks if weeks is None else weeks) + scenario.warm_up_weeks,
        "--weeks",
        MAX_WEEKS,
    )
    _raise(problems)
    overrides: dict[str, Any] = {}
    if policy is not None:
        overrides["policy"] = policies[policy]
    for name, value in (("replications", replications), ("weeks", weeks), ("seed", seed)):
        if value is not None:
            overrides[name] = value
    scenario = replace(scenario, **overrides)
    _raise(check_cath_lab_scenario(scenario))
    parameters = {
        "policy": scenario.policy.value,
        "replications": scenario.replications,
        "weeks": scenario.weeks,
        "seed": scenario.seed,
        "document": document,
    }
    return Run("cath-labs", parameters, lambda progress: compare_cath_labs(scenario, 1, progress))


def stay_sensitivity_run(
    *,
    stay_multipliers: Sequence[float] = (0.9, 1.0, 1.1, 1.2),
    one_in: Sequence[int] = (10, 50),
    replications: int = 30,
    days: float = 1825.0,
    warm_up_days: float = 1095.0,
    seed: int = 2016,
) -> Run:
    """`openbook capacity stay-sensitivity` with the published parameters."""
    from openbook.capacity.file.stroke import published_parameters
    from openbook.capacity.model.scenario import Horizon, PathwayMethod, StrokePathwayRequest
    from openbook.capacity.stroke_pathway import (
        StaySensitivity,
        calculate_stay_sensitivity,
        check_stroke_request,
    )

    multipliers, targets = tuple(stay_multipliers), tuple(one_in)
    problems = _limits(replications * len(multipliers), days + warm_up_days)
    if not multipliers or not all(0 < m <= 10 for m in multipliers) or len(multipliers) > 10:
        problems.append(
            issue("--stay-multipliers", "expected 1 to 10 numbers above 0 and at most 10")
        )
    if not targets or any(n < 2 for n in targets):
        problems.append(issue("--one-in", "expected whole numbers of 2 or more (1 in N)"))
    _raise(problems)
    request = StrokePathwayRequest(
        published_parameters(),
        (1,),
        (1,),
        PathwayMethod.OCCUPANCY,
        Horizon(warm_up_days, days, replications, seed),
    )
    _raise(check_stroke_request(request))
    parameters = {
        "stay_multipliers": list(multipliers),
        "one_in": list(targets),
        "replications": replications,
        "days": days,
        "warm_up_days": warm_up_days,
        "seed": seed,
    }
    return Run(
        "stay-sensitivity",
        parameters,
        lambda progress: StaySensitivity(
            replications,
            calculate_stay_sensitivity(request, multipliers, targets, 1, progress),
        ),
    )


def _beds(counts: Sequence[int]) -> str:
    return ",".join(str(count) for count in counts)


def _stroke_pathway_job(parameters: dict[str, Any], progress: Progress) -> Any:
    options = {
        **parameters,
        "acute_beds": _beds(parameters["acute_beds"]),
        "rehab_beds": _beds(parameters["rehab_beds"]),
        "one_in": tuple(parameters["one_in"]),
    }
    return stroke_pathway_run(**options).work(progress)


def _stay_sensitivity_job(parameters: dict[str, Any], progress: Progress) -> Any:
    options = {
        **parameters,
        "stay_multipliers": tuple(parameters["stay_multipliers"]),
        "one_in": tuple(parameters["one_in"]),
    }
    return stay_sensitivity_run(**options).work(progress)


registry.register("stroke-pathway", _stroke_pathway_job)
registry.register("pooling", lambda parameters, progress: pooling_run(**parameters).work(progress))
registry.register(
    "cath-labs", lambda parameters, progress: cath_labs_run(**parameters).work(progress)
)
registry.register("stay-sensitivity", _stay_sensitivity_job)
