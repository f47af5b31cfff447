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
#: Bytes each yearly row (one replicate, one year) holds in memory: some 400 columns of 8 bytes in a
#: table (a sweep's parts, merged at its end) ...
ROW_BYTES = 3_200
#: ... and as a row of Python numbers, the way a forecast, a comparison or a calibration keeps its
#: runs until it writes them, with each run's final school parts beside them. Measured (Ziyang, 59
#: parts, /usr/bin/time's peak RSS at 100 and 900 replicates to 2025 and to 2029): 23 kB a year-row,
#: 0.65 kB a school part, on 0.21 GB of libraries; the estimate rounds each up.
HELD_ROW_BYTES, PART_BYTES, BASE_BYTES = 24_000, 700, 0.25e9
#: Above either, a run needs --large (issue 24: no input takes more than 2 GB without it).
LIMIT_SECONDS = 2 * 3600
LIMIT_BYTES = 2e9


def school_parts(scenario) -> int:
    """School parts a model of ``scenario`` holds: its table's rows, else its roster's parts."""
    if scenario.table is not None:
        return len(scenario.table)
    return sum(len(s["stages"]) for c in scenario.communities for s in c["schools"])


def check_work(what: str, runs: int, parts: int, years: int, large: bool = False, workers: int = 1,
               held: bool = True):
    """Refuse ``runs`` of ``parts`` school parts over ``years`` when the estimate exceeds the limits
    and ``large`` is not given; the message gives the estimate and the flag. ``held``: the runs are
    kept in memory as they finish (a sweep writes each chunk to disk and merges tables at its end; a
    calibration keeps one evaluation's runs at a time)."""
    if runs > MAX_RUNS:
        raise InputError.worded("runs_too_many", what=what, runs=runs, most=MAX_RUNS)
    seconds = runs * parts * years / SCHOOL_YEARS_PER_SECOND / max(workers, 1)
    per_run = (years + 1) * HELD_ROW_BYTES + parts * PART_BYTES if held else (years + 1) * ROW_BYTES
    memory = BASE_BYTES + runs * per_run
    if not large and (seconds > LIMIT_SECONDS or memory > LIMIT_BYTES):
        raise InputError.worded("work_too_big", what=what, runs=runs, parts=parts, years=years, hours=seconds / 3600,
                                gb=memory / 1e9)
