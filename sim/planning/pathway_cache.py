"""What a pathway search has finished, kept beside its run folder so that the same command, run again
after an interruption, resumes: each plan (its actions and the table after them) and each schedule's
outcome on the futures, stored as CSV, JSON and ``.npz`` without pickles, under a stamp of every
input; a stamp that differs starts the cache afresh. The command removes it once the run is written."""

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from sim.data.errors import InputError
from sim.planning.levers import PLAN_LEVERS

STAMP = "stamp.json"


def _key(point: dict) -> str:
    return hashlib.sha256(json.dumps(point, sort_keys=True).encode()).hexdigest()[:20]


def _write(path: Path, write):
    """``write(tmp)`` then an atomic rename: a kill leaves the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


class Cache:
    """A folder of finished plans and outcomes for one set of inputs (``None``: keep nothing)."""

    def __init__(self, folder: Path | None, inputs: dict):
        self.folder = folder
        if folder is None:
            return
        stamp = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):  # never follow or replace it
            raise InputError.worded("pw_cache_foreign", path=folder)
        found = folder / STAMP
        if folder.is_dir() and not (found.is_file() and _stamp(found) == stamp):
            shutil.rmtree(folder)  # another search's, or damaged: start afresh
        folder.mkdir(parents=True, exist_ok=True)
        _write(found, lambda p: p.write_text(json.dumps({"stamp": stamp}), encoding="utf-8"))

    def plan(self, key: tuple):
        """``(patched table path or None, actions, why)`` of a finished plan, or None."""
        if self.folder is None:
            return None
        name = _key(dict(zip(PLAN_LEVERS, key)))
        meta = self.folder / f"plan-{name}.json"
        if not meta.is_file():
            return None
        why = json.loads(meta.read_text(encoding="utf-8"))["why"]
        table = self.folder / f"patched-{name}.csv"
        actions = pd.read_csv(self.folder / f"actions-{name}.csv") if table.is_file() else None
        return (table if table.is_file() else None), actions, why

    def save_plan(self, key: tuple, patched, actions, why: str) -> Path | None:
        """Keep a plan; the path of its patched table (None without a plan)."""
        if self.folder is None:
            return None
        name = _key(dict(zip(PLAN_LEVERS, key)))
        table = None
        if patched is not None:
            table = self.folder / f"patched-{name}.csv"
            _write(table, lambda p: patched.frame().to_csv(p, index=False))
            _write(self.folder / f"actions-{name}.csv", lambda p: actions.to_csv(p, index=False))
        _write(self.folder / f"plan-{name}.json", lambda p: p.write_text(json.dumps({"why": why}), encoding="utf-8"))
        return table

    def outcome(self, point: dict):
        """A finished schedule's outcome, or None."""
        from sim.planning.pathway import Outcome

        if self.folder is None or not (self.folder / f"outcome-{_key(point)}.json").is_file():
            return None
        name = _key(point)
        info = json.loads((self.folder / f"outcome-{name}.json").read_text(encoding="utf-8"))
        with np.load(self.folder / f"outcome-{name}.npz", allow_pickle=False) as arrays:
            parts = {k.removeprefix("part_"): arrays[k] for k in arrays.files if k.startswith("part_")}
            items = pd.DataFrame(info["items"]["data"], index=info["items"]["index"],
                                 columns=[int(c) for c in info["items"]["columns"]])
            by_year = pd.Series({int(y): v for y, v in info["policy_by_year"].items()}, dtype=float)
            return Outcome(info["levers"], info["plan_cost"], arrays["policy_cost"], arrays["passes"], parts, items,
                           by_year, info["status"], info["message"])

    def save_outcome(self, out):
        if self.folder is None:
            return
        name = _key(out.levers)
        def arrays(path):
            with path.open("wb") as f:
                np.savez(f, policy_cost=out.policy_cost, passes=out.passes,
                         **{f"part_{k}": v for k, v in out.parts.items()})

        _write(self.folder / f"outcome-{name}.npz", arrays)
        info = {"levers": out.levers, "plan_cost": out.plan_cost, "status": out.status, "message": out.message,
                "items": out.items.to_dict(orient="split"),
                "policy_by_year": {str(k): float(v) for k, v in out.policy_by_year.items()}}
        _write(self.folder / f"outcome-{name}.json", lambda p: p.write_text(json.dumps(info), encoding="utf-8"))

    def remove(self):
        if self.folder is not None and self.folder.is_dir():
            shutil.rmtree(self.folder)


def code_stamp() -> str:
    """A hash of the model's source (sim/ and agents/): an editable install keeps its version number
    while its code changes, and a resumed search must not mix results of two codes."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for path in sorted([*root.joinpath("sim").rglob("*.py"), *root.joinpath("agents").rglob("*.py")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path) -> str | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found.get("stamp") if isinstance(found, dict) else None
