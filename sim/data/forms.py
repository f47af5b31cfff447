"""Cells of a school table as a bureau keeps it: an .xlsx workbook, or CSV in UTF-8 or GBK.

Only the grid is read here (every sheet, every row, with the place to name in a message);
finding the header, aliases and units is ``sim.data.schooltable``'s job.
"""

import contextlib
import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sim.data.aliases import has_chinese
from sim.data.errors import InputError
from sim.data.inputs import check_regular
from sim.wording import LANGS, say

#: Tried in order: UTF-8 (with or without BOM), then GB18030, which reads every GBK and GB2312 file.
ENCODINGS = ("utf-8-sig", "gb18030")
#: The largest table file read: a province of 50,000 school parts is about 10 MB as CSV.
MAX_TABLE_BYTES = 200_000_000
#: Rows a sheet may hold: China has about 200,000 compulsory-education schools and teaching points,
#: so a sheet beyond this is not a school table (a log, a pupil list): refused before it fills memory.
MAX_ROWS = 500_000
#: Written cells a sheet may hold (its rows' trailing empty cells not counted): a school table has a
#: few dozen columns, so 500,000 rows of 40; more is no school table, and would not fit in memory.
MAX_CELLS = 20_000_000
#: Set to "1" while the three limits above are lifted (a command's --large, ``limits_lifted``). An
#: environment variable, so the worker processes the command starts (spawned pool workers, a local
#: Dask cluster) read the tables it hands them under the same limits as the command itself.
LARGE_ENV = "EDUSIM_LARGE"


def lifted() -> bool:
    return os.environ.get(LARGE_ENV) == "1"


def limits_lifted(on: bool = True):
    """Tables are read past ``MAX_TABLE_BYTES``, ``MAX_ROWS`` and ``MAX_CELLS`` inside this block when
    ``on`` (the user asked for it with --large); the limits hold again after it."""
    return _environment(LARGE_ENV, "1" if on else "0")


#: The language a command was asked to speak (its --lang), over a table's own: what the reader says
#: of a table (notes, errors) follows it. An environment variable for the same reason as --large's,
#: and the one the dashboard's page reads.
LANG_ENV = "EDUSIM_LANG"


def asked_lang() -> str | None:
    lang = os.environ.get(LANG_ENV)
    return lang if lang in LANGS else None


def language_asked(lang: str | None):
    """The reader speaks ``lang`` inside this block (nothing changes when it is None)."""
    return _environment(LANG_ENV, lang) if lang else contextlib.nullcontext()


@contextlib.contextmanager
def _environment(name: str, value: str):
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


@dataclass
class Sheet:
    """One grid of cells; ``place(i)`` names row ``i`` (0-based) as the user sees it."""

    path: Path
    name: str | None  # the sheet of a workbook; None for CSV
    rows: list[list]
    encoding: str = ""
    hidden: bool = False  # a hidden or very hidden sheet of a workbook (skipped, with a note)
    hidden_rows: list[int] = field(default_factory=list)  # rows hidden in the sheet, 0-based (read, with a note)
    hidden_columns: set[int] = field(default_factory=set)  # and columns

    def place(self, i: int) -> str:
        return f"{self.path}:{i + 1}" if self.name is None else f"{self.path} [{self.name}]:{i + 1}"


def name_lang(path) -> str:
    """Chinese for a file whose name is Chinese: the language of what is said before its headers are read."""
    return asked_lang() or ("zh" if has_chinese(Path(path).name) else "en")


def _error(key: str, path: Path, **fields) -> InputError:
    """The catalogue's message ``key`` about the file at ``path``, in the language of its name."""
    return InputError(say(key, name_lang(path), path=path, **fields), name_lang(path))


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file; InputError naming the file when it cannot be read as a table."""
    path = Path(path)
    if path.is_dir():
        raise _error("is_folder", path)
    check_regular(path, "file.table")
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES and not lifted():
            raise _error("too_big", path, size=size, limit=MAX_TABLE_BYTES)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _error("not_found", path) from None
    except OSError as e:
        raise _error("unreadable", path, why=e.strerror) from None
    if raw[:4] == b"PK\x03\x04":
        return _workbook(path)
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _error("old_xls", path)
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        if encoding != ENCODINGS[0]:
            mixed_encodings(path, raw)
        reader = csv.reader(text.splitlines())
        try:
            return [Sheet(path, None, bounded_rows(reader, path), encoding)]
        except csv.Error as e:  # Python's words, but for the one a pasted document gives
            why = say("csv_cell_too_long", name_lang(path), most=csv.field_size_limit()) if "field limit" in str(e) else e
            raise _error("bad_csv_row", path, where=f"{path}:{reader.line_num}", why=why) from None
    mixed_encodings(path, raw)
    raise _error("not_a_table", path)


def bounded_rows(rows, path: Path, sheet: str | None = None) -> list:
    """The rows of a sheet as a list, refused past ``MAX_ROWS`` rows or ``MAX_CELLS`` cells (before
    they are all in memory)."""
    out, cells = [], 0
    where = f" [{sheet}]" if sheet else ""
    for row in rows:
        out.append(row)
        cells += len(row)
        if lifted():
            continue
        if len(out) > MAX_ROWS:
            raise _error("too_many_rows", path, sheet=where, limit=MAX_ROWS)
        if cells > MAX_CELLS:
            raise _error("too_many_cells", path, sheet=where, limit=MAX_CELLS)
    return out


def trimmed(row) -> list:
    """A row without its trailing empty cells: a sheet whose rows run to column XFD (16,384 cells
    each) keeps only what is written, so its memory stays that of its contents."""
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return list(row[:end])


def mixed_encodings(path: Path, raw: bytes):
    """Refuse a CSV whose lines are in two encodings (some UTF-8, some GBK, as pasting between files
    leaves them): read whole as GBK its UTF-8 lines turn to mojibake without a word, and read as
    neither it gets a message that does not say why. A line is UTF-8 when it decodes as UTF-8 into
    Chinese characters; the error names the first."""
    utf8, other = None, False
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other = True
        else:  # GBK bytes can pass as UTF-8 (小学 is two Cyrillic letters); Chinese in UTF-8 is CJK
            if sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 2:
                utf8 = utf8 or number
        if utf8 and other:
            raise _error("two_encodings", path, where=f"{path}:{utf8}")


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN_COLS = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
#: The most columns a sheet's hidden spans are listed for (a span may run to column XFD).
MAX_HIDDEN_COLUMNS = 1000


def sheet_marks(path: Path, member: str) -> tuple[list[tuple[int, int, int]], list[int], set[int]]:
    """What a read-only workbook does not parse, from the sheet's XML: the cells merged down one
    column, ``(column, first row, last row)`` 0-based (a hand-kept sheet writes a community or a
    stage once over all its schools; merges across columns, titles and group headers, are left as
    they are), and the hidden rows and columns, 0-based (read like the others, with a note)."""
    import zipfile

    def column(letters: bytes) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ch - 64
        return n - 1

    found, hidden, columns, tail = set(), set(), set(), b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as xml:
        while chunk := xml.read(1 << 20):  # streamed: a sheet's XML may be far larger than its file
            text = tail + chunk
            found.update(_MERGE.findall(text))
            hidden.update(int(n.group(1)) - 1 for row in _HIDDEN_ROW.finditer(text)
                          if (n := _ROW_NUMBER.search(row.group(0))))
            for col in _HIDDEN_COLS.finditer(text):
                if span := _SPAN.search(col.group(0)):
                    low, high = (span.group(1), span.group(2)) if span.group(1) else (span.group(4), span.group(3))
                    columns.update(range(int(low) - 1, min(int(high), int(low) - 1 + MAX_HIDDEN_COLUMNS)))
            tail = text[-4096:]  # a row tag cut at the chunk's end is whole in the next text
    merges = sorted((column(c1), int(r1) - 1, int(r2) - 1) for c1, r1, c2, r2 in found if c1 == c2 and r1 != r2)
    return merges, sorted(hidden), columns


def fill_merged_down(rows: list[list], merges):
    """Each cell of a merged-down range takes the value written in its first cell (in place)."""
    for col, first, last in merges:
        if first >= len(rows) or col >= len(rows[first]) or rows[first][col] is None:
            continue
        for r in range(first + 1, min(last, len(rows) - 1) + 1):
            rows[r] += [None] * (col + 1 - len(rows[r]))
            rows[r][col] = rows[first][col]


def _workbook(path: Path) -> list[Sheet]:
    import zipfile

    import openpyxl

    try:  # what the sheets unpack to, before anything is unpacked: a small file can hold gigabytes of XML
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, OSError):
        unpacked = 0  # openpyxl names what is wrong with it below
    if unpacked > MAX_TABLE_BYTES and not lifted():
        raise _error("too_big_unpacked", path, size=unpacked, limit=MAX_TABLE_BYTES)

    try:  # from its bytes: a workbook saved under another extension (.csv) is still one
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - whatever a damaged workbook raises, the user gets one line
        raise _error("bad_workbook", path, why=f"{type(e).__name__}: {e}") from None
    try:
        sheets = []
        for ws in book.worksheets:
            ws.reset_dimensions()  # some exporters store a wrong sheet size; read every row there is
            if getattr(ws, "sheet_state", "visible") != "visible":
                sheets.append(Sheet(path, ws.title, [], hidden=True))  # not read: a lookup table or an old copy
                continue
            rows = bounded_rows((trimmed(r) for r in ws.iter_rows(values_only=True)), path, ws.title)
            merges, hidden, hidden_columns = sheet_marks(path, ws._worksheet_path)
            fill_merged_down(rows, merges)
            sheets.append(Sheet(path, ws.title, rows, hidden_rows=hidden, hidden_columns=hidden_columns))
        return sheets
    except Exception as e:  # noqa: BLE001 - a sheet cut short inside a valid zip, bad XML, ...
        raise _error("bad_sheet", path, why=f"{type(e).__name__}: {e}") from None
    finally:
        book.close()
