"""What the commands share: option groups, argument types, output folders and the notes and
clipping of what they print (imported by ``cli`` and ``region_cli`` alike, importing neither)."""

import argparse
import math
import os
import sys
from pathlib import Path

from sim.data.errors import MAX_ERROR_TEXT, InputError


def reader_options(p):
    p.add_argument("--teaching-points", choices=("merge", "separate", "exclude_small"), default="merge",
                   help="teaching points: merged into their parent school (the 'parent' column; default), counted "
                        "as schools, or left out under 50 pupils (Hebei 2017)")
    accept_units_option(p)
    large_option(p)


def table_options(p):
    p.add_argument("--schools", metavar="FILE.xlsx|FILE.csv",
                   help="your county's school table (the official form as kept: xlsx, or CSV in UTF-8 or GBK; "
                        "see 'edusim balance --help'); without --scenario it runs under the status quo")
    accept_units_option(p)
    large_option(p)
    lang_option(p)


def parse_lang() -> str:
    """The language of what parsing says: the one ``argv_lang`` found, else English."""
    from sim.data.forms import asked_lang

    return asked_lang() or "en"


def argv_lang(argv) -> str | None:
    """The language the command will speak, guessed before it is parsed (for its parse errors):
    ``--lang``, else ``EDUSIM_LANG``, else Chinese when an argument (a table's name) or the locale is."""
    from sim.data.aliases import has_chinese
    from sim.data.forms import asked_lang

    argv = [str(a) for a in argv]
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] if arg.split("=", 1)[1] in ("en", "zh") else None
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("en", "zh"):
            return argv[i + 1]
    if asked := asked_lang():
        return asked
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if any(has_chinese(a) for a in argv) or locale.startswith("zh") else None


#: argparse's own messages (Python 3.12) and the catalogue's key for each, most particular first.
ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (?P<names>.+)", "ap_required"),
    (r"unrecognized arguments: (?P<names>.+)", "ap_unrecognized"),
    (r"argument (?P<name>[^:]+): invalid choice: (?P<value>.+) \(choose from (?P<names>.+)\)", "ap_choice"),
    (r"argument (?P<name>[^:]+): invalid \S+ value: (?P<value>.+)", "ap_invalid"),
    (r"argument (?P<name>[^:]+): expected one argument", "ap_one"),
    (r"argument (?P<name>[^:]+): not allowed with argument (?P<other>.+)", "ap_not_allowed"),
    (r"argument (?P<name>[^:]+): ignored explicit argument (?P<value>.+)", "ap_explicit"),
    (r"argument (?P<name>[^:]+): (?P<text>.+)", "ap_argument"),
]


def argparse_words(message: str) -> str:
    """One of argparse's English messages in Chinese (the values it quotes kept), else the message."""
    import re

    from sim.wording import say

    for pattern, key in ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            return say(key, "zh", **found.groupdict())
    return message


def bad_value(key: str, text: str, **fields) -> argparse.ArgumentTypeError:
    """An option's value refused, worded from the catalogue in the language parsing speaks."""
    from sim.wording import say

    return argparse.ArgumentTypeError(say(key, parse_lang(), value=text, **fields))


def year_option(p):
    p.add_argument("--year", type=data_year_value, metavar="YEAR",
                   help="the year of the table's data, written on every output table (default: the year in the "
                        "table's title, a date row above its header or its file name)")


def data_year_value(text: str) -> int:
    if not text.strip().isdigit() or not 2000 <= int(text) <= 2100:
        raise bad_value("arg_year", text, low=2000, high=2100)
    return int(text)


def dated(county, args):
    """``county`` with the year of its data: ``--year``, else the reader's; a note when neither says it."""
    import dataclasses

    from sim.wording import say

    if args.year is not None:
        return dataclasses.replace(county, year=args.year)
    if county.year is None:
        print(say("note", county.lang, text=say("data_year_unknown", county.lang, path=county.path)), file=sys.stderr)
    return county


def accept_units_option(p):
    p.add_argument("--accept-units", action="store_true",
                   help="use the table's values even where a column's county median looks like a wrong unit")


def lang_option(p, default: str | None = None,
                what: str = "charts and tables (default: zh when the table's headers are Chinese, else en)"):
    p.add_argument("--lang", choices=("en", "zh"), default=default, help=f"language of {what}")


def large_option(p):
    p.add_argument("--large", action="store_true",
                   help="go past the limits that guard this machine: run work estimated above 2 hours or 2 GB "
                        "(runs x school parts x years), read a table above 200 MB, 500,000 rows or 20 million cells")


def scenario_options(p):
    p.add_argument("--without", action="append", default=[], metavar="POLICY",
                   help="drop a policy (by id or type; repeatable); 'all' gives the no-policy counterfactual")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
                   help="override a parameter: a model one (rural_drift=0.02) or a policy's "
                        "(teacher_exchange.rate=0.2); repeatable")


def positive_int(text: str) -> int:
    from sim.experiments.budget import MAX_REPLICATES

    value = int(text)
    if not 1 <= value <= MAX_REPLICATES:
        raise bad_value("arg_range", text, low=1, high=f"{MAX_REPLICATES:,}")
    return value


def yuan_amount(text: str) -> float:
    value = float(text)
    if not (value >= 0 and math.isfinite(value)):
        raise bad_value("arg_yuan", text)
    return value


def share_value(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1:
        raise bad_value("arg_share", text)
    return value


def port_value(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise bad_value("arg_range", text, low=1, high=65535)
    return value


def probability_value(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:  # also refuses nan
        raise bad_value("arg_probability", text)
    return value


def seconds_value(text: str) -> float:
    value = float(text)
    if not 1 <= value <= 3600:  # also refuses nan
        raise bad_value("arg_range", text, low=1, high=3600)
    return value


def count_value(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 1000:
        raise bad_value("arg_range", text, low=0, high=1000)
    return value


def seed_value(text: str) -> int:
    value = int(text)
    if value < 0:
        raise bad_value("arg_seed", text)
    return value


def edusim_version() -> str:
    from importlib import metadata
    try:
        return metadata.version("edusim")
    except metadata.PackageNotFoundError:
        return "dev"


def run_folder(args, kind: str, name: str) -> Path:
    """``--out`` (an empty one refused) or the default results/<kind>/<name>, checked writable before
    any work starts, and holding none of the command's own inputs (a run replaces its folder whole).
    ``name`` often comes from a file (a scenario's, an experiment's, a county's), so it is made a
    plain file name first: it cannot put the run anywhere else. The folder's lock is taken here and
    held until the command ends, so no other edusim command writes into it meanwhile."""
    from sim.data.folder_lock import hold
    from sim.data.results import check_out, safe_name

    given = args.out
    if given is not None and not given.strip():
        raise InputError.worded("out_empty")
    out = Path(given) if given is not None else Path("results", kind, safe_name(name))
    check_out(out, inputs=input_paths(args))
    hold(out)
    return out


def input_paths(args) -> list[Path]:
    """The existing files and folders the command line names, but --out, and the tables the command has
    read so far (what a run must not delete)."""
    from sim.data.schooltable import TABLES_READ

    values = [v for key, v in vars(args).items() if key != "out"] + [path for path, _ in TABLES_READ]
    flat = [x for v in values for x in (v if isinstance(v, (list, tuple)) else [v])]
    return [Path(x) for x in flat if isinstance(x, (str, Path)) and str(x).strip() and path_exists(Path(x))]


def path_exists(path: Path) -> bool:
    """Whether ``path`` names something, false for what cannot be a path (too long, a NUL byte)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


#: Longest line an error or a note prints (a 20 MB school name or a header of 200,000 columns is cut).
MAX_LINE = 500
#: Most notes printed for one table; the rest are counted.
MAX_NOTES = 50


def clip(line: str, limit: int = MAX_LINE) -> str:
    """``line`` cut to at most ``limit`` characters, saying how much was cut."""
    if len(line) <= limit:
        return line
    return line[:limit - 40] + f" ... ({len(line) - limit + 40:,} characters cut)"


def bounded(message: str) -> str:
    """An error as the user reads it: one line of at most MAX_ERROR_TEXT characters, control characters
    (escapes, a newline in a file name) shown as ``?`` (a table's problems are listed by ``edusim check``)."""
    return clip(printable(message).strip(), MAX_ERROR_TEXT)


def printable(text: str) -> str:
    """``text`` with each control character (an escape, a newline in a file name) shown as ``?``."""
    return "".join(c if ord(c) >= 32 and ord(c) != 127 else "?" for c in str(text))


def wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a Chinese character takes two): a line
    breaks at a space or between Chinese characters, never inside a run of Latin letters and digits,
    never before Chinese closing punctuation nor after opening punctuation."""
    import re

    from sim.wording import width_of

    def size(tokens):
        return width_of("".join(tokens))

    closing, opening = "，。；：、）”’》", "（“‘《"
    lines, line = [], []
    for token in re.findall(r"[!-~]+| +|.", text):
        if size(line + [token]) > width and "".join(line).strip() and not token.isspace():
            keep = len(line)
            if token in closing:  # a closing mark never starts a line: the word before it goes along
                while keep > 1 and line[keep - 1] in closing:
                    keep -= 1
                keep -= 1
            while keep > 0 and line[keep - 1] in opening:  # an opening mark goes with what it opens
                keep -= 1
            if keep > 0:
                lines.append("".join(line[:keep]).rstrip())
                line = line[keep:] if not line[keep:] or not line[keep].isspace() else line[keep + 1:]
        if line or not token.isspace():
            line.append(token)
    return lines + ["".join(line).rstrip()] if "".join(line).strip() else lines


def print_notes(county):
    """What the reader did to the user's table (rows skipped, columns ignored, schools split), on
    stderr, each on one bounded line, at most MAX_NOTES of them. ``county``: a table read, or the
    InputError of one refused (its notes may explain its problems)."""
    from sim.wording import say

    for note in county.notes[:MAX_NOTES]:
        print(say("note", county.lang, text=clip(printable(note))), file=sys.stderr)
    if len(county.notes) > MAX_NOTES:
        print(say("more_notes", county.lang, n=len(county.notes) - MAX_NOTES), file=sys.stderr)


def accepted_units(args) -> str | None:
    """``--schools``, checked here (notes shown) so that a sweep's workers read a table already accepted."""
    from sim.data.schooltable import cached_table

    if args.schools is None:
        return None
    print_notes(cached_table(args.schools, args.accept_units))
    return args.schools


def output_lang(args, county) -> str:
    """``--lang``, else the table's own language (Chinese for Chinese headers), else English. Kept
    on ``args``, so that the lines ``main`` prints when the command stops speak it too."""
    args.lang = args.lang or (county.lang if county is not None else "en")
    return args.lang


def wrote(out, files: list[str], lang: str) -> str:
    """The line that names the files a run wrote into ``out``."""
    from sim.wording import say

    return say("fc_wrote", lang, files=f"{out}/" + ("、" if lang == "zh" else ", ").join(files))


def share_passing(frame, column: str) -> float:
    """Share of ``frame``'s rows (replicates) whose pass flag ``column`` is true."""
    return float(frame[column].astype(bool).mean())


def convention_note(own: str, lang: str = "en") -> str:
    from sim.assessment.observe import other_convention
    from sim.wording import say

    return say("fc_convention", lang, own=say(own, lang), other=say(other_convention(own), lang))
