"""What a user's file must be before it is read: a regular file on a real file system (a device such
as /dev/zero, a named pipe or a socket would block or never end, and so would a kernel file such as
/proc/kmsg, which calls itself regular)."""

import functools
import json
import os
import stat
from pathlib import Path

from sim.data.errors import InputError

#: Where the kernel's pseudo files live: their sizes are 0 and reading some of them never ends.
PSEUDO_ROOTS = ("/proc", "/sys", "/dev")
#: The largest run record (meta.json, _meta.json, a manifest, a report) read back: a few kB normally.
MAX_RECORD_BYTES = 50_000_000


def check_regular(path: Path, what: str):
    """InputError naming ``path`` when it exists and is neither a folder nor a regular file of a real
    file system (callers say what they want of a folder, and of a missing file)."""
    try:
        info = Path(path).stat()
    except (OSError, RuntimeError):  # missing, or a loop of links: the caller's open says which
        return
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)) or _pseudo(info):
        raise InputError.worded("not_regular", path=path, what=what)


def _pseudo(info: os.stat_result) -> bool:
    return info.st_dev in _pseudo_devices()


@functools.cache
def _pseudo_devices() -> frozenset[int]:
    return frozenset(os.stat(root).st_dev for root in PSEUDO_ROOTS if os.path.isdir(root))


def read_record(path: Path, fix: str):
    """A JSON record a run wrote (its meta.json, a sweep's _meta.json or manifest): read only from a
    regular file of sane size; anything else is one InputError naming the file and ``fix``.
    FileNotFoundError passes through (callers say what a missing record means)."""
    path = Path(path)
    check_regular(path, "file.record")
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            raise InputError.worded("record_big", path=path, size=path.stat().st_size, fix=fix)
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as e:  # a folder, unreadable, not UTF-8, not JSON
        raise InputError.worded("record_unreadable", path=path, why=(str(e).splitlines() or [""])[0][:120], fix=fix) from None
