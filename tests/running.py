"""The command line as a user runs it, in the test's own process: a subprocess per call cost two to
three seconds of imports each, most of the suite's time. Tests of what only a process shows (signals,
stray workers, what --help imports) start their own."""

import contextlib
import io
import warnings

from sim.app.cli import main


def run_cli(*args) -> tuple[int, str, str]:
    """``edusim ARGS``: (exit code, stdout, stderr); a warning is printed to stderr, as a user sees it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse: --help, a wrong option
            code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
    return code, out.getvalue(), err.getvalue()
