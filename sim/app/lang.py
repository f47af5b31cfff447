"""The CJK font Chinese charts use (the wording itself is ``sim.wording``'s).

Chinese text is drawn with Noto Sans CJK SC (SIL Open Font License 1.1), shipped inside the
``mplfonts`` package and registered from there with ``fontManager.addfont``: nothing is copied
into matplotlib's folders and nothing is downloaded.
"""

import functools
import importlib.util
import re
from pathlib import Path

#: The font of Chinese charts: its family name and its file inside the mplfonts package.
CJK_FAMILY = "Noto Sans CJK SC"
CJK_FILE = "NotoSansCJKsc-Regular.otf"

_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")


def chinese(text) -> bool:
    """Whether ``text`` holds any CJK character (ideographs, CJK punctuation, full-width forms, kana,
    hangul): text that needs a CJK font."""
    return bool(_CJK.search(str(text)))


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC file shipped inside the installed ``mplfonts`` package (not imported)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Chinese charts need the mplfonts package (it ships the Noto Sans CJK SC font): "
                           "pip install mplfonts")
    path = Path(next(iter(spec.submodule_search_locations)), "fonts", CJK_FILE)
    if not path.is_file():
        raise RuntimeError(f"{path}: the Noto Sans CJK SC font is missing from the mplfonts package; reinstall it")
    return path


@functools.cache
def use_cjk_font() -> str:
    """Register Noto Sans CJK SC with matplotlib (once per process) and return its family name.

    Only the font manager's in-memory list changes: no rcParams, no file written or downloaded.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False)
    if Path(found).resolve() != path.resolve():
        raise RuntimeError(f"matplotlib resolves {CJK_FAMILY!r} to {found}, not {path}")
    return CJK_FAMILY
