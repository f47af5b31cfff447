"""The one lock every edusim writer of a run folder takes, so two commands never write one folder.

The lock is a file beside the folder, ``.<name>.lock``, not inside it: a run replaces its folder
whole by renaming, which would carry a lock inside away with it. The kernel's lock (flock) goes
with its holder, so a command that died leaves no lock; the file itself is removed on release.
Forecast, compare, sweep, calibrate, plan, report, pathway, region and the rest take it through
``sim.app.options.run_folder`` (``hold``) and keep it until the command ends (``release_all``);
``folder_lock`` is the same lock for code that writes a folder outside the command line.
"""

import fcntl
import os
import stat
from contextlib import contextmanager
from pathlib import Path

from sim.data.errors import InputError

#: Folders this process holds: resolved path -> (open lock file descriptor, lock path, folders made).
_HELD: dict[Path, tuple[int, Path, list[Path]]] = {}


def lock_path(out: Path) -> Path:
    out = Path(out)
    return out.parent / f".{out.name}.lock"


def _key(out: Path) -> Path:
    return Path(os.path.abspath(out))


def holder(out: Path) -> str:
    """The pid of another live process holding ``out`` ("" when none does, or this process does)."""
    if _key(out) in _HELD:
        return ""
    try:
        fd = os.open(lock_path(out), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # no lock file (nobody holds it), or not one we can read: hold() says what is wrong
        return ""
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return ""
    except BlockingIOError:
        return os.read(fd, 40).decode("utf-8", "replace").strip() or "unknown"
    except OSError:
        return ""
    finally:
        os.close(fd)


def hold(out: Path):
    """Take ``out``'s lock for the rest of the command, or refuse naming the pid that holds it.
    Folders made to hold the lock file are removed again on release if the run left them empty."""
    key = _key(out)
    if key in _HELD:
        return
    made = [p for p in [key.parent, *key.parent.parents] if not p.exists()]
    key.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(key)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
        except OSError as e:
            _remove_empty(made)
            raise InputError.worded("lock_unopenable", path=path, out=out, why=e.strerror) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a pipe or a device put in its place
            os.close(fd)
            _remove_empty(made)
            raise InputError.worded("lock_not_file", path=path, out=out)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(fd, 40).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            _remove_empty(made)
            raise InputError.worded("out_busy", out=out, pid=pid) from None
        # the holder before us may have removed the file between our open and our lock: lock the file that is there
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    if not os.pread(fd, 64, 0).strip().isdigit() and os.fstat(fd).st_size:  # a file of the user's, named alike
        os.close(fd)
        _remove_empty(made)
        raise InputError.worded("lock_foreign", path=path, out=out)
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    _HELD[key] = (fd, path, made)


def release(out: Path):
    """Give ``out``'s lock back: the lock file is removed while still held, then unlocked."""
    entry = _HELD.pop(_key(out), None)
    if entry is None:
        return
    fd, path, made = entry
    try:
        os.unlink(path)
    except OSError:
        pass
    os.close(fd)  # closing drops the flock
    _remove_empty(made)


def release_all():
    for key in list(_HELD):
        release(key)


@contextmanager
def folder_lock(out: Path):
    """``out``'s lock for a block (nothing more if this process already holds it)."""
    if _key(out) in _HELD:
        yield
        return
    hold(out)
    try:
        yield
    finally:
        release(out)


def _remove_empty(folders: list[Path]):
    for folder in folders:  # deepest first
        try:
            folder.rmdir()
        except OSError:
            break
