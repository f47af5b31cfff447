"""Run folders: ``results/<experiment>/<run>/`` with tables, meta.json and charts, written whole or not at all."""

import datetime as dt
import glob
import json
import math
import os
import platform
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from sim.data.errors import InputError
from sim.data.folder_lock import folder_lock, holder
from sim.data.inputs import read_record

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


#: The longest file name and path most Linux file systems take (ext4, XFS, tmpfs: NAME_MAX, PATH_MAX).
NAME_MAX, PATH_MAX = 255, 4096


def clipped(text: str, limit: int = 120) -> str:
    """``text`` cut for a message: a path or a link target may be kilobytes long."""
    return text if len(text) <= limit else text[:limit] + "..."


def check_out(out: Path, inputs=()):
    """A run folder that can be written, checked before any work: names the file system takes, not a
    symbolic link (the run's swap would replace the link, not its target), not a file, not under a
    file, holding none of ``inputs`` (the run would delete them with the old folder), its nearest
    existing folder writable. InputError naming the path otherwise."""
    out = Path(out)
    too_long = [part for part in out.parts if len(part.encode()) > NAME_MAX]
    if too_long or len(str(out.absolute()).encode()) > PATH_MAX:
        raise InputError.worded("out_too_long", out=clipped(str(out)), name_max=NAME_MAX, path_max=PATH_MAX)
    if out.is_symlink():
        raise InputError.worded("out_link", out=out, target=clipped(os.readlink(out)))
    try:
        out.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop of links on the way
        raise InputError.worded("out_loop", out=clipped(str(out))) from None
    for path in inputs:
        inside = Path(path).resolve()
        if inside == out.resolve() or out.resolve() in inside.parents:
            raise InputError.worded("out_holds_input", out=out, path=path)
    if out.exists() and not out.is_dir():
        raise InputError.worded("out_not_folder", out=out)
    here = Path.cwd().resolve()
    if out.exists() and (out.resolve() == here or out.resolve() in here.parents):
        raise InputError.worded("out_working", out=out)
    pid = holder(out)
    if pid:
        raise InputError.worded("out_busy", out=out, pid=pid)
    if out.is_dir() and any(out.iterdir()) and not is_run_folder(out):
        raise InputError.worded("out_foreign", out=out)
    stray = not_written(out) if out.is_dir() else None
    if stray is not None:
        raise InputError.worded("out_stray", out=out, path=clipped(str(stray)))
    parent = out
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise InputError.worded("out_under_file", out=out, parent=parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError.worded("out_not_writable", out=out, parent=parent)


@contextmanager
def staged_run(out: Path):
    """Yield a temporary folder beside ``out``; on success it *replaces* ``out`` as a whole.

    The swap is two renames, so the folder holds the old run or the new one, never a mix (for an
    instant between the renames, none); the folder's lock (``folder_lock``) keeps any other edusim
    command out meanwhile. Only an empty folder or an earlier run's is replaced (``check_out``):
    nothing else is lost. If anything fails, ``out`` is left as it was and the temporary folder is
    removed; temporary folders of runs that died (killed while writing) are removed by the next run
    into the same place.
    """
    out = Path(out)
    check_out(out)
    if (out / "_meta.json").is_file():
        raise InputError.worded("out_sweep", out=out)
    with folder_lock(out):
        _remove_stale(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-{os.getpid()}-", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # a run folder, not a private temporary one (mkdtemp makes 0700)
        (tmp / STAGING).touch()  # ours: only a folder that says so is ever cleared as a dead run's
        try:
            yield tmp
            (tmp / STAGING).unlink()
            record_written(tmp)
            _swap_in(tmp, out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def is_run_folder(path: Path) -> bool:
    """A folder edusim wrote: a run (meta.json naming its experiment) or a sweep (_meta.json)."""
    try:
        return "experiment" in read_record(path / "meta.json", "") or (path / "_meta.json").is_file()
    except (OSError, InputError, TypeError):
        return (path / "_meta.json").is_file()


def _swap_in(tmp: Path, out: Path):
    """Rename ``tmp`` to ``out``, moving any existing ``out`` aside first (retried if another run
    swaps in between; the old run is put back if ours cannot go in)."""
    for _ in range(20):
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}-{tmp.name.rsplit('-', 1)[-1]}"
            try:
                os.rename(out, old)
            except FileNotFoundError:  # another run moved it first
                continue
            except OSError as e:
                raise InputError.worded("out_unreplaceable", out=out, why=e.strerror) from None
        try:
            os.rename(tmp, out)
        except OSError:  # another run swapped its folder in meanwhile: go round again
            if old is not None and not out.exists():
                os.rename(old, out)
            elif old is not None:
                shutil.rmtree(old, ignore_errors=True)
            continue
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return
    raise InputError.worded("out_contended", out=out)


#: The mark of a run folder being written (removed before it is swapped in).
STAGING = ".edusim-staging"
#: A run folder's list of what edusim wrote in it: anything else is the user's, and keeps the folder
#: from being replaced.
WRITTEN = ".edusim-written"
#: Entries of a run folder looked at for files it did not write (a run writes a few dozen).
MAX_ENTRIES = 10_000


def record_written(run: Path, paths=None):
    """Add ``paths`` (default: everything now in ``run``, the run just staged) to the run's list of
    what edusim wrote (a chart redrawn into it later); a run written before lists were kept has none."""
    run = Path(run)
    listed = _written(run)
    if listed is None and paths is not None:
        return
    listed = listed or set()
    found = paths if paths is not None else run.rglob("*")
    listed |= {Path(p).relative_to(run).as_posix() for p in found}
    (run / WRITTEN).write_text(json.dumps(sorted(listed - {WRITTEN}), ensure_ascii=False), encoding="utf-8")


def _written(run: Path) -> set[str] | None:
    """The run's list of what edusim wrote; None for a run written before the list was kept."""
    try:
        listed = read_record(run / WRITTEN, "give a new or empty folder for --out")
    except FileNotFoundError:
        return None
    return {str(name) for name in listed} if isinstance(listed, list) else set()


def not_written(run: Path) -> Path | None:
    """The first file or folder in the run folder ``run`` that edusim did not write (the user's: the
    run would delete it with the folder), else None. A run written before the list was kept
    (``WRITTEN``) is its own whole."""
    listed = _written(run)
    if listed is None:
        return None
    for i, path in enumerate(run.rglob("*")):
        name = path.relative_to(run).as_posix()
        if i >= MAX_ENTRIES or (name != WRITTEN and name not in listed):
            return path
    return None


def _remove_stale(out: Path):
    """Temporary folders beside ``out`` left by runs that no longer exist: a folder being written
    (it holds the mark) or an old run moved aside, never a folder of the user's that looks alike."""
    for path in out.parent.glob(f".{glob.escape(out.name)}.*-*-*"):
        kind, _, rest = path.name[len(out.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        ours = (kind == "tmp" and (path / STAGING).is_file()) or (kind == "old" and is_run_folder(path))
        if ours and pid.isdigit() and not path.is_symlink() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


#: Longest default run-folder name, in characters and in bytes (file systems allow 255 bytes a name;
#: a Chinese character takes 3).
MAX_NAME, MAX_NAME_BYTES = 80, 150


def safe_name(text: str) -> str:
    """``text`` as one plain file name: path separators, control characters and characters Windows
    forbids become "_", leading dots and spaces go, the length is capped; "run" if nothing is left."""
    import unicodedata

    cleaned = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in str(text)
                      if unicodedata.category(c) != "Cf")  # no invisible marks (right-to-left, zero-width)
    cleaned = cleaned.lstrip(". ").replace("..", "_")[:MAX_NAME]
    while len(cleaned.encode()) > MAX_NAME_BYTES:  # room for what is added to it (.tmp-PID-XXXX, -seedN-nN)
        cleaned = cleaned[:-1]
    return cleaned.rstrip(". ") or "run"


#: How a spreadsheet formula can start: a text cell that begins so is written inert (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_text(frame):
    """``frame`` with every text cell that a spreadsheet would read as a formula prefixed by a quote."""
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for col in out.columns:
        if not is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def own_file(path: Path) -> Path:
    """``path`` about to be written in a run folder: a link put there in its place is removed first,
    so a chart or a table never goes through it to a file elsewhere."""
    path = Path(path)
    if path.is_symlink():
        path.unlink()
    return path


def with_year(frame, year: int | None):
    """``frame`` with the year of its data as its first column (empty where the table names none)."""
    return frame.assign(year=year if year is not None else "")[["year", *[c for c in frame.columns if c != "year"]]]


def write_csv(frame, path: Path, title: str | None = None):
    """A results table as CSV, no index, its text cells inert; ``title``: a line above its header (the
    reader skips it, and takes the year of the data from it)."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        if title is not None:
            csv.writer(f).writerow([title])
        inert_text(frame).to_csv(f, index=False)


@contextmanager
def workbook(path: Path):
    """An .xlsx writer (pandas, openpyxl) whose cells are all values: a cell that would hold a
    formula (text from the input beginning with "=") is stored as the text it is. Every number gets
    a format a bureau reads (``number_format``), and every column a width that fits its header."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as book:
        yield book
        for sheet in book.book.worksheets:
            years = {c.column for c in sheet[1] if _YEAR_HEADER.search(str(c.value or ""))}
            for row in sheet.iter_rows():
                year_row = _YEAR_HEADER.search(str(row[0].value or ""))  # an item-value sheet's year row
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
                    elif cell.data_type == "n" and cell.value is not None and not isinstance(cell.value, bool):
                        plain = cell.column in years or year_row
                        cell.number_format = "0" if plain else number_format(cell.value)
            for column in sheet.columns:
                head = str(column[0].value or "")
                sheet.column_dimensions[column[0].column_letter].width = min(40, max(8, 2 * len(head) + 2))


#: A column (or an item row) of years (2024, not 2,024): its header says year, 年份 or 学年, or
#: names a year column.
_YEAR_HEADER = re.compile(r"(^|[_ ])year$|^year|年份|学年|^decided$|^counts_from$")


def number_format(value) -> str:
    """Whole numbers with thousands separators; below 1 (CVs, shares, ratios) three decimals; the
    rest two decimals with separators."""
    if float(value).is_integer():
        return "#,##0"
    return "0.000" if abs(value) < 1 else "#,##0.00"


def write_json(path: Path, obj):
    Path(path).write_text(dumps(obj) + "\n", encoding="utf-8")


def dumps(obj) -> str:
    """Strict JSON (RFC 8259): NaN and infinities, which no JSON reader accepts, become null."""
    return json.dumps(_finite(obj), indent=2, ensure_ascii=False, allow_nan=False, default=str)  # dates as text


def _finite(x):
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_finite(v) for v in x]
    if hasattr(x, "tolist"):  # numpy arrays and scalars
        return _finite(x.tolist())
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    raise TypeError(f"not JSON serialisable: {type(x).__name__}")
