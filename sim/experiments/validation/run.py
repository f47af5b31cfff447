"""Run the hindcasts and write their run folder (validate.csv, meta.json), whole or not at all."""

import hashlib
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from sim.data.results import meta, staged_run, write_json
from sim.dynamics.params import unknown_key_error
from sim.experiments.validation import cv_spread, national
from sim.experiments.validation.catalogue import BY_NAME, CV_DATA, NATIONAL_SCENARIO
from sim.experiments.validation.checks import Result


def check_name(only: str | None):
    """``only`` if it names a hindcast (or is None), else the error that suggests close names."""
    if only is not None and only not in BY_NAME:
        raise unknown_key_error(only, BY_NAME, "--only")


def stderr_progress(quiet: bool):
    """Progress lines on stderr, each with the seconds since the start (nothing when quiet)."""
    t0 = time.perf_counter()

    def say(text: str):
        if not quiet:
            print(f"[{time.perf_counter() - t0:5.1f} s] {text}", file=sys.stderr, flush=True)
    return say


def run_validation(only=None, replicates: int = 10, seed: int | None = None, shared: Path | None = None,
                   progress=None) -> tuple[list[Result], dict]:
    """Every hindcast (or ``only`` one): their results and what meta.json should record of the inputs."""
    from sim.experiments.validation.catalogue import SHARED

    check_name(only)
    progress = progress or (lambda text: None)
    shared = Path(shared) if shared is not None else SHARED
    results, inputs = [], {}
    if only in (None, "cv_spread"):
        data = shared / CV_DATA
        results.append(cv_spread.run(replicates, seed, shared, progress))
        inputs["cv_data"] = {"path": str(data), "sha256": hashlib.sha256(data.read_bytes()).hexdigest()}
    if only in (None, "national_resources"):
        result, scenario = national.run(NATIONAL_SCENARIO, replicates, seed, progress)
        results.append(result)
        inputs["national_scenario"] = scenario
    return results, inputs


def table(results: list[Result]) -> pd.DataFrame:
    """One row per check, every hindcast, as validate.csv."""
    return pd.DataFrame([{"hindcast": r.name, **asdict(c)} for r in results for c in r.checks])


def write_run(out: Path, results: list[Result], inputs: dict, **fields):
    with staged_run(out) as tmp:
        table(results).to_csv(tmp / "validate.csv", index=False)
        write_json(tmp / "meta.json", meta(experiment="validate", run=Path(out).name,
                                           verdicts={r.name: r.verdict for r in results},
                                           notes={r.name: r.notes for r in results}, **inputs, **fields))


def default_out(only: str | None, replicates: int, seed: int | None) -> Path:
    """results/validate/<all|name>-n<N>[-seed<S>]: one folder per distinct run."""
    return Path("results", "validate", f"{only or 'all'}-n{replicates}" + ("" if seed is None else f"-seed{seed}"))
