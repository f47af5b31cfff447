"""What a run will cost before it starts: a hard cap on sizes, and an estimate of time and memory
that refuses work far beyond a laptop's unless the user asks for it (``--large``)."""

from sim.data.errors import InputError

#: Hard caps, whatever the flags: beyond them a mistyped number, not a plan.
MAX_REPLICATES = 1_000_000
MAX_POINTS = 100_000  # design points of an experiment
MAX_SCHOOLS = 20_000  # school parts of a layout (a province has some 10,000)
MAX_RUNS = 10_000_000
#: School-years a second on one core (benchmarks/: Ziyang, 59 school parts, about 0.014 s a year).
SCHOOL_YEARS_PER_SECOND = 4_000
#: Bytes each yearly row (one replicate, one year) holds in memory: some 400 columns of 8 bytes.
ROW_BYTES = 3_200
#: Above either, a run needs --large.
LIMIT_SECONDS = 2 * 3600
LIMIT_BYTES = 8e9


def school_parts(scenario) -> int:
    """School parts a model of ``scenario`` holds: its table's rows, else its roster's parts."""
    if scenario.table is not None:
        return len(scenario.table)
    return sum(len(s["stages"]) for c in scenario.communities for s in c["schools"])


def check_work(what: str, runs: int, parts: int, years: int, large: bool = False, workers: int = 1):
    """Refuse ``runs`` of ``parts`` school parts over ``years`` when the estimate exceeds the limits
    and ``large`` is not given; the message gives the estimate and the flag."""
    if runs > MAX_RUNS:
        raise InputError.worded("runs_too_many", what=what, runs=runs, most=MAX_RUNS)
    seconds = runs * parts * years / SCHOOL_YEARS_PER_SECOND / max(workers, 1)
    memory = runs * (years + 1) * ROW_BYTES
    if not large and (seconds > LIMIT_SECONDS or memory > LIMIT_BYTES):
        raise InputError.worded("work_too_big", what=what, runs=runs, parts=parts, years=years, hours=seconds / 3600,
                                gb=memory / 1e9)
