"""Run the hindcasts and write their run folder (validate.csv, meta.json), whole or not at all."""

import hashlib
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from sim.data.results import meta, staged_run, write_csv, write_json
from sim.dynamics.params import unknown_key_error
from sim.experiments.validation import balance, cv_spread, national
from sim.experiments.validation.catalogue import (
    BALANCE_TOLERANCE,
    BY_NAME,
    CHANGE_TOLERANCE,
    CV_MEDIAN_TOLERANCE,
    NATIONAL_SCENARIO,
    NULLS,
)
from sim.experiments.validation.checks import Result
from sim.experiments.validation.observed import (BALANCE_FILE, CV_FILE, DATA, HIGH_QUALITY_FILE, NATIONAL_FILE,
                                                read_balance, read_national)


def check_name(only: str | None):
    """``only`` if it names a hindcast (or is None), else the error that suggests close names."""
    if only is not None and only not in BY_NAME:
        raise unknown_key_error(only, BY_NAME, "--only")


def stderr_progress(quiet: bool, lang: str = "en"):
    """Progress lines on stderr, each a catalogue message ``key`` with its fields in ``lang`` and the
    seconds since the start (nothing when quiet)."""
    from sim.wording import say

    t0 = time.perf_counter()

    def tell(key: str, **fields):
        if not quiet:
            print(f"[{time.perf_counter() - t0:5.1f} s] {say(key, lang, **fields)}", file=sys.stderr, flush=True)
    return tell


def run_validation(only=None, replicates: int = 10, seed: int | None = None, data: Path | None = None,
                   progress=None) -> tuple[list[Result], dict]:
    """Every hindcast (or ``only`` one) on the observed data in ``data`` (default: the shipped
    copy): their results and what meta.json should record of the inputs. Every observed file a
    hindcast needs is read before anything runs."""
    check_name(only)
    progress = progress or (lambda key, **fields: None)
    folder = Path(data) if data is not None else DATA
    wanted = {"cv_spread": [CV_FILE, HIGH_QUALITY_FILE], "national_resources": [NATIONAL_FILE],
              "basic_balance_share": [NATIONAL_FILE, BALANCE_FILE]}
    files = dict.fromkeys(f for name, fs in wanted.items() if only in (None, name) for f in fs)
    observed = {CV_FILE: cv_spread.read_observed, NATIONAL_FILE: read_national, BALANCE_FILE: read_balance,
                HIGH_QUALITY_FILE: cv_spread.read_high_quality}
    observed = {f: observed[f](folder) for f in files}
    inputs = {"observed_data": {f: {"path": str(folder / f), "sha256": hashlib.sha256((folder / f).read_bytes())
                                    .hexdigest()} for f in files},
              "tolerances": {"change_relative": CHANGE_TOLERANCE, "balance_share_absolute": BALANCE_TOLERANCE,
                             "cv_median_absolute": CV_MEDIAN_TOLERANCE}, "null_models": NULLS}
    results = []
    if only in (None, "cv_spread"):
        results.append(cv_spread.compare(observed[CV_FILE], cv_spread.simulated_rows(replicates, seed, progress),
                                         observed[HIGH_QUALITY_FILE]))
    if only in (None, "national_resources"):
        result, scenario = national.run(NATIONAL_SCENARIO, replicates, seed, progress, observed[NATIONAL_FILE])
        results.append(result)
        inputs["national_scenario"] = scenario
    if only in (None, "basic_balance_share"):
        results.append(balance.run(NATIONAL_SCENARIO, observed[BALANCE_FILE], replicates, seed, progress,
                                   observed[NATIONAL_FILE]))
    return results, inputs


def table(results: list[Result]) -> pd.DataFrame:
    """One row per check, every hindcast, as validate.csv: each null model's value and error in
    columns of their own (null_<name>, null_<name>_error)."""
    rows = []
    for r in results:
        for c in r.checks:
            row = {"hindcast": r.name, **asdict(c)}
            nulls, errors = row.pop("nulls"), row.pop("null_errors")
            row.update({f"null_{k}": v for k, v in nulls.items()})
            row.update({f"null_{k}_error": v for k, v in errors.items()})
            rows.append(row)
    return pd.DataFrame(rows)


def write_run(out: Path, results: list[Result], inputs: dict, **fields):
    with staged_run(out) as tmp:
        write_csv(table(results), tmp / "validate.csv")
        write_json(tmp / "meta.json", meta(experiment="validate", run=Path(out).name,
                                           verdicts={r.name: r.verdict for r in results},
                                           notes={r.name: r.notes for r in results}, **inputs, **fields))


def default_out(only: str | None, replicates: int, seed: int | None) -> Path:
    """results/validate/<all|name>-n<N>[-seed<S>]: one folder per distinct run."""
    return Path("results", "validate", f"{only or 'all'}-n{replicates}" + ("" if seed is None else f"-seed{seed}"))
