"""Sweeps: every run of an experiment on a local process pool, Dask or in process, streamed to
Parquet, resumable, identical on any executor.

Run ``i`` is design point ``i // replicates`` and replicate ``i % replicates``; its seed is
``SeedSequence(experiment seed, spawn_key=(replicate,))``, so the same replicate meets the same
random numbers at every design point (common random numbers) and the result never depends on
which worker ran it, or when. Each finished chunk of runs is written at once as its own part
file (atomically), so an interrupted sweep loses only the runs in flight; at the end the parts
are compacted into ``runs.parquet``, sorted, so ``pandas.read_parquet(DIR)`` gives the same
table however the sweep was interrupted and resumed.
"""

import hashlib
import json
import os
import re
import time
import uuid
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from sim.data.errors import InputError
from sim.data.folder_lock import folder_lock
from sim.data.inputs import check_regular, read_record
from sim.data.results import clipped, meta, write_json
from sim.experiments.executors import check_executor, map_tasks, reach
from sim.experiments.runner import run_chunk
from sim.wording import say

META, DESIGN, RUNS = "_meta.json", "_design.parquet", "runs.parquet"
MANIFEST = "_manifest.json"
PART = re.compile(r"part-\d{8}-[0-9a-f]{8}\.parquet")
SHA256 = re.compile(r"[0-9a-f]{64}")


def to_frame(rows: list[dict], exp) -> pd.DataFrame:
    """Rows in the table's fixed column order and types."""
    columns = ["run", "point", "replicate", *exp.parameters, "year", *exp.outcomes, "error"]
    frame = pd.DataFrame(rows).reindex(columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    frame["error"] = frame["error"].astype("string")
    for col in exp.outcomes:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("boolean")
    return frame


def read_runs(out: Path, owner: bool = False) -> pd.DataFrame | None:
    """Everything this sweep stored so far: only the files its manifest lists, each checked against
    its checksum, sorted. A file the manifest does not list is never merged: a part the sweep
    wrote but had not yet listed (killed in between) is skipped, and removed by the ``owner`` (the
    sweep holding the lock), as its runs are recomputed; any other table is an error naming it, as
    is a listed file that changed. A folder from before manifests is read as it is."""
    if not (out / MANIFEST).exists():
        listed = {f.name: None for f in _own_tables(out)}
    else:
        listed = _manifest(out)
    foreign = []
    for f in sorted(out.glob("*.parquet")):
        if f.name in listed or f.name == DESIGN:
            continue
        if PART.fullmatch(f.name):
            if owner:
                f.unlink()  # our own, written just before a kill: its runs are recomputed
        else:
            foreign.append(f.name)
    if foreign:
        raise InputError.worded("sw_foreign", out=out, names=", ".join(foreign)[:200])
    frames = []
    for name, digest in listed.items():
        path = out / name
        if not path.exists():  # deleted by the user: its runs are recomputed
            continue
        check_regular(path, "file.sweep_table")
        digests = [digest] if isinstance(digest, str) else digest
        if not path.is_file() or digest is not None and _sha256(path) not in digests:
            raise InputError.worded("sw_corrupt", path=path, manifest=MANIFEST)
        frames.append(pd.read_parquet(path))
    if not frames:
        return None
    table = pd.concat(frames, ignore_index=True)
    table = table.drop_duplicates(subset=["run", "year"], keep="first")
    return table.sort_values(["run", "year"], kind="stable", na_position="first").reset_index(drop=True)


def _own_tables(out: Path) -> list[Path]:
    """The tables a sweep writes (its parts and runs.parquet), as found in ``out``."""
    return [f for f in out.glob("*.parquet") if f.name == RUNS or PART.fullmatch(f.name)]


def _manifest(out: Path) -> dict:
    """File -> sha256 (or the list of hashes accepted while runs.parquet is being replaced)."""
    path = out / MANIFEST
    if not path.exists():
        return {}
    listed = read_record(path, "delete the folder to start the sweep again")
    if not isinstance(listed, dict):
        raise InputError.worded("sw_unreadable", path=path)
    for name, digest in listed.items():
        if not (name == RUNS or PART.fullmatch(name)):  # a plain name this sweep writes, in this folder
            raise InputError.worded("sw_listed", path=path, name=repr(name[:80]))
        digests = [digest] if isinstance(digest, str) else digest
        if not (isinstance(digests, list) and digests and all(isinstance(d, str) and SHA256.fullmatch(d)
                                                              for d in digests)):
            raise InputError.worded("sw_checksum", path=path, name=repr(name[:80]))
    return listed


def _list(out: Path, files: dict[str, str]):
    """Write the manifest (file -> sha256) atomically."""
    _atomic(out / MANIFEST, lambda tmp: tmp.write_text(json.dumps(files, indent=1), encoding="utf-8"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_atomic(frame: pd.DataFrame, path: Path):
    _atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))


def _atomic(path: Path, write):
    """``write(tmp)``, then rename it over ``path``: readers see the old file or the new one, and a
    write that fails (a full disk) leaves no temporary file behind."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _prepare(out: Path, exp, lang: str) -> set[int]:
    """Check ``out`` holds this experiment (or nothing) and return the runs already done."""
    meta_path = out / META
    if meta_path.exists() or meta_path.is_symlink():
        stored = sweep_meta(out)
        if stored["experiment"].get("sha256") != exp.sha256:
            raise InputError.worded("sw_other", out=out, source=clipped(str(stored["experiment"].get("source"))))
        if not (out / MANIFEST).exists():  # a folder from before manifests: adopt what it holds
            _list(out, {f.name: _sha256(f) for f in _own_tables(out)})
        try:
            _design(out)
        except InputError:  # the design follows from the experiment: write it again
            _write_design(out, exp)
    elif any(out.iterdir()):
        raise InputError.worded("sw_not_empty", out=out)
    else:
        _atomic(meta_path, lambda tmp: write_json(tmp, meta(experiment=exp.as_dict(), sweep_state="started",
                                                            lang=lang)))
        _write_design(out, exp)
        _list(out, {})
    done = read_runs(out, owner=True)
    return set() if done is None else set(done["run"].unique().tolist())


def _write_design(out: Path, exp):
    _write_atomic(pd.DataFrame([{"point": i, **p} for i, p in enumerate(exp.points)]), out / DESIGN)


def _design(out: Path) -> pd.DataFrame:
    path = out / DESIGN
    try:
        design = pd.read_parquet(path) if path.is_file() else None
    except (OSError, ValueError):  # not Parquet (pyarrow's errors are both)
        design = None
    if design is None or "point" not in design.columns:
        raise InputError.worded("sw_design", path=path)
    return design


def sweep_meta(out: Path) -> dict:
    """The sweep's record (_meta.json), or one line naming what is wrong with it and the fix."""
    path = out / META
    fix = "delete the folder to start the sweep again"
    try:
        stored = read_record(path, fix)
    except FileNotFoundError:
        raise InputError.worded("sw_not_sweep", out=out, meta=META) from None
    exp = stored.get("experiment") if isinstance(stored, dict) else None
    if not (isinstance(exp, dict) and isinstance(exp.get("parameters", {}), dict)
            and isinstance(exp.get("outcomes", []), list) and isinstance(exp.get("design", "grid"), str)):
        raise InputError.worded("sw_damaged", path=path, fix=fix)
    return stored


def _tasks(exp, missing: list[int], chunk: int) -> list[dict]:
    base = {"scenario_raw": exp.scenario_raw, "source": exp.source, "seed": exp.seed, "outcomes": exp.outcomes}
    runs = [(i, i // exp.replicates, i % exp.replicates, exp.points[i // exp.replicates]) for i in missing]
    return [{**base, "runs": runs[k:k + chunk]} for k in range(0, len(runs), chunk)]


def run_sweep(exp, out: Path, executor: str = "processes", workers: int | None = None,
              scheduler: str | None = None, progress: bool = True, lang: str = "en") -> dict:
    """Run the runs of ``exp`` not yet in ``out``; returns a summary (runs, failures, seconds)."""
    check_executor(executor)
    workers = workers or os.cpu_count() or 1
    out = Path(out)
    if executor == "dask" and scheduler:
        reach(scheduler)  # before anything is written into out
    with folder_lock(out):
        out.mkdir(parents=True, exist_ok=True)
        return _sweep(exp, out, executor, workers, scheduler, progress, lang)


def _sweep(exp, out: Path, executor: str, workers: int, scheduler: str | None, progress: bool, lang: str) -> dict:
    done = _prepare(out, exp, lang)
    missing = [i for i in range(exp.n_runs) if i not in done]
    chunk = max(1, min(25, -(-len(missing) // (workers * 8)))) if missing else 1
    started = time.perf_counter()
    busy, failed = 0.0, 0
    listed = _manifest(out)
    tqdm.monitor_interval = 0  # no monitor thread, so the pool can fork
    bar = tqdm(total=len(missing), desc=f"{exp.name}", unit=say("bar_run", lang), disable=not progress, smoothing=0.1)
    try:
        for rows, seconds in map_tasks(run_chunk, _tasks(exp, missing, chunk), executor, workers, scheduler):
            frame = to_frame(rows, exp)
            first = int(frame["run"].min())
            part = out / f"part-{first:08d}-{uuid.uuid4().hex[:8]}.parquet"
            _write_atomic(frame, part)
            listed[part.name] = _sha256(part)
            _list(out, listed)
            n = frame["run"].nunique()
            failed += int(frame.loc[frame["error"].notna(), "run"].nunique())
            busy += seconds
            bar.update(n)
            bar.set_postfix({say("bar_failures", lang): failed})
    finally:
        bar.close()
    wall = time.perf_counter() - started
    table = read_runs(out, owner=True)
    if set(table["run"].unique()) != set(range(exp.n_runs)):
        raise InputError.worded("sw_incomplete", out=out, n=exp.n_runs)
    tmp = out / f".{RUNS}.{uuid.uuid4().hex}.tmp"
    table.to_parquet(tmp, index=False)
    new_hash = _sha256(tmp)
    old_hash = listed.get(RUNS)
    # while runs.parquet is replaced, either version is valid (a kill in between loses nothing)
    _list(out, {**listed, RUNS: [h for h in (old_hash, new_hash) if isinstance(h, str)]})
    os.replace(tmp, out / RUNS)
    _list(out, {RUNS: new_hash})
    for part in listed:
        if part != RUNS:
            (out / part).unlink(missing_ok=True)
    failures = int(table.loc[table["error"].notna(), "run"].nunique())
    summary = {"runs": exp.n_runs, "computed": len(missing), "failures": failures, "wall_seconds": wall,
               "model_seconds": busy, "executor": executor, "workers": workers}
    stored = sweep_meta(out)
    _atomic(out / META, lambda tmp: write_json(tmp, {**stored, "sweep_state": "complete", "last_sweep": summary}))
    return summary


def load_results(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(runs, design, meta) of a stored sweep, for analysis without re-running anything."""
    out = Path(out)
    stored = sweep_meta(out)
    runs = read_runs(out)
    if runs is None:
        raise InputError.worded("sw_empty", out=out)
    return runs, _design(out), stored
