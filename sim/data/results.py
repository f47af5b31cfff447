"""Run folders: ``results/<experiment>/<run>/`` with tables, meta.json and charts, written whole or not at all."""

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("edusim", "mesa", "numpy", "scipy", "pandas", "pyarrow", "matplotlib")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    """The commit of the code that ran, with '-dirty' when it had uncommitted changes."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return sha + ("-dirty" if dirty else "")


def meta(**fields) -> dict:
    return {**fields, "versions": versions(), "git_commit": git_commit(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


@contextmanager
def staged_run(out: Path):
    """Yield a temporary folder beside ``out``; on success its files replace those in ``out``.

    If anything fails, ``out`` is left as it was and the temporary folder is removed, so
    no half-written run is ever left behind.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        out.mkdir(exist_ok=True)
        for f in sorted(tmp.iterdir()):
            os.replace(f, out / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_json(path: Path, obj):
    Path(path).write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=_jsonable) + "\n", encoding="utf-8")


def _jsonable(x):
    if hasattr(x, "item"):
        return x.item()
    if hasattr(x, "tolist"):
        return x.tolist()
    raise TypeError(f"not JSON serialisable: {type(x).__name__}")
