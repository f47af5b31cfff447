"""What a user's file must be before it is read: a regular file (a device such as /dev/zero, a named
pipe or a socket would block or never end)."""

import stat
from pathlib import Path

from sim.data.errors import InputError


def check_regular(path: Path, what: str):
    """InputError naming ``path`` when it exists and is neither a folder nor a regular file (callers
    say what they want of a folder, and of a missing file)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); give the {what} as a file")
