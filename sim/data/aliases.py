"""The official forms' wording: Chinese (and English) header aliases, value aliases and units.

A bureau's workbook names its columns as the assessment forms and the statistics report do
(学校名称, 在校生数, 教学仪器设备值（万元）, ...). A header is normalised (NFKC, no spaces or
punctuation, unit in brackets taken off and read) and looked up here; the unit found turns the
column's values into the schema's unit (yuan, m2, books, whole counts).
"""

import re
import unicodedata

#: Schema column -> header wordings (normalised on use). The first Chinese one is the official name.
HEADER_ALIASES = {
    "school": ("学校名称", "学校", "校名", "单位名称", "学校（教学点）名称"),
    "stage": ("学段", "学校学段", "办学学段", "学段类型"),
    "enrollment": ("在校生数", "在校学生数", "学生数", "在校生人数", "学生人数", "在校生"),
    "primary_enrollment": ("小学在校生数", "小学学生数", "小学生数", "小学在校学生数", "小学部在校生数"),
    "junior_enrollment": ("初中在校生数", "初中学生数", "初中生数", "初中在校学生数", "初中部在校生数"),
    "senior_enrollment": ("高中在校生数", "高中学生数", "高中生数", "高中部在校生数"),
    "teachers_above_degree": ("高于规定学历教师数", "高于规定学历的教师数", "高于规定学历专任教师数",
                              "高学历教师数"),
    "backbone_teachers": ("县级及以上骨干教师数", "县级以上骨干教师数", "县级及以上骨干教师", "骨干教师数"),
    "pe_art_teachers": ("体育、艺术（美术、音乐）专任教师数", "体育艺术专任教师数", "体育、艺术专任教师数",
                        "音体美专任教师数", "体育艺术教师数", "体音美教师数"),
    "teaching_space_m2": ("教学及辅助用房面积", "教学及教学辅助用房面积", "教学辅助用房面积", "教学用房面积"),
    "sports_area_m2": ("体育运动场馆面积", "体育运动场馆面积合计", "运动场馆面积", "体育场馆面积", "运动场地面积",
                       "体育运动场地面积"),
    "equipment_yuan": ("教学仪器设备值", "教学仪器设备资产值", "教学仪器设备总值", "教学仪器设备值总额",
                       "仪器设备值"),
    "multimedia_rooms": ("网络多媒体教室数", "网络多媒体教室", "多媒体教室数", "多媒体教室"),
    "computers": ("计算机数", "教学用计算机数", "教学用计算机台数", "计算机台数", "教学用计算机"),
    "books": ("图书册数", "图书", "图书藏量", "藏书量", "图书总数"),
    "teachers": ("专任教师数", "专任教师", "教师数"),
    "senior_title_teachers": ("中级及以上专业技术职务教师数", "中级及以上职称教师数", "中级以上职称教师数",
                              "具有中级及以上专业技术职务的教师数", "中高级职称教师数"),
    "classes": ("班级数", "教学班数", "班数"),
    "music_rooms": ("音乐专用教室数", "音乐教室数", "音乐教室"),
    "art_rooms": ("美术专用教室数", "美术教室数", "美术教室"),
    "spare_land_m2": ("空余用地面积", "可用空地面积", "可建设用地面积", "空地面积", "空余用地"),
    "county": ("县（市、区）", "县区", "所属县", "县", "县名"),
    "community": ("共同体", "城乡学校共同体", "教育共同体", "教共体", "学区", "教育集团", "集团", "联盟",
                  "所属共同体", "所属集团"),
    "role": ("角色", "共同体角色", "校别", "学校角色", "办学角色"),
    "location": ("城乡类型", "城乡分类", "城乡属性", "所在地类型", "地域类型", "城乡", "城乡分类代码", "城乡代码"),
    "school_type": ("学校类别", "办学类型", "学校类型", "学校类别代码", "办学类型代码"),
    "parent": ("所属学校", "所属中心校", "所属完小", "上级学校", "主校", "挂靠学校"),
}

#: Value wordings of the choice columns. ``nine_year`` and ``complete_secondary`` are split on reading.
VALUE_ALIASES = {
    "stage": {"primary": ("小学", "完全小学", "完小", "中心小学"),
              "junior": ("初中", "初级中学", "独立初中"),
              "nine_year": ("九年一贯制", "九年一贯制学校", "九年制", "九年一贯"),
              "complete_secondary": ("完全中学", "完中", "完全中学初中部")},
    "location": {"urban": ("城区", "城市", "主城区", "县城", "111", "112"),
                 "township": ("镇区", "乡镇", "镇", "县镇", "121", "122", "123"),
                 "village": ("乡村", "农村", "村", "村小", "210", "220")},
    # 学校类别: only whether a row is a teaching point matters (code 218, 小学教学点)
    "school_type": {"teaching_point": ("教学点", "小学教学点", "村教学点", "218")},
    "role": {"core": ("牵头校", "核心校", "龙头校", "总校", "领衔校"),
             "member": ("成员校", "分校", "成员学校", "普通校"),
             "teaching_point": ("教学点", "村教学点")},
}

#: Kind of quantity each count column holds, for reading units.
DIMENSION = {"equipment_yuan": "money", "teaching_space_m2": "area", "sports_area_m2": "area", "books": "books",
             "spare_land_m2": "area"}

#: Unit wording -> (dimension, factor to the schema's unit). 1 亩 = 2000/3 m2.
UNITS = {
    "元": ("money", 1.0), "千元": ("money", 1e3), "万元": ("money", 1e4), "亿元": ("money", 1e8), "yuan": ("money", 1.0),
    "平方米": ("area", 1.0), "平米": ("area", 1.0), "m2": ("area", 1.0), "㎡": ("area", 1.0), "m²": ("area", 1.0),
    "万平方米": ("area", 1e4), "亩": ("area", 2000 / 3), "公顷": ("area", 1e4),
    "册": ("books", 1.0), "本": ("books", 1.0), "万册": ("books", 1e4),
    "人": ("count", 1.0), "名": ("count", 1.0), "个": ("count", 1.0), "间": ("count", 1.0), "台": ("count", 1.0),
    "套": ("count", 1.0), "班": ("count", 1.0), "所": ("count", 1.0),
}

PLAUSIBLE_NOTE = "per pupil, or per 100 pupils for the teacher, room, computer and class counts"

#: Ratios are not counts: a header starting so holds per-pupil values the tool would divide again.
RATIO_PREFIXES = ("生均", "每百名学生", "每百名", "百名学生", "师生比")
#: A row whose school cell holds one of these is a total, not a school.
TOTAL_MARKERS = ("合计", "小计", "总计", "全县", "全区", "全市", "平均")
#: A row starting so is a footnote or a signature under the table.
FOOTNOTE_MARKERS = ("注", "说明", "备注", "填表人", "填报人", "审核人", "负责人", "制表", "单位负责人", "填报日期")

#: Marks that print as nothing or as a terminal command (zero-width spaces and joiners, direction marks,
#: soft hyphens, byte-order marks, control characters but tab and line breaks): removed from names, so
#: that "青溪县" and "青溪\u200b县" are one county and no name moves the terminal's cursor or breaks a
#: workbook, with a note; a header or a value is compared without them.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_UNIT_RE = re.compile(r"[（(\[【]([^）)\]】]*)[）)\]】]\s*$")
_DROP = re.compile(r"[\s_\-—–:：、，,./／·*＊（）()\[\]【】" + INVISIBLE.pattern[1:-1] + "]")


def normalise(text) -> str:
    """A header or value as compared: NFKC (full-width to half-width), no spaces, punctuation or invisible
    marks, lower case."""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(text))).lower()


_HEADERS = {normalise(alias): key for key, aliases in HEADER_ALIASES.items() for alias in (key, *aliases)}
_VALUES = {field: {normalise(v): key for key, words in table.items() for v in (key, *words)}
           for field, table in VALUE_ALIASES.items()}


def split_unit(header: str) -> tuple[str, str]:
    """``'教学仪器设备值（万元）'`` -> ``('教学仪器设备值', '万元')``; also ``name/unit``. A bracket that
    holds no unit (``体育运动场馆面积（含运动场）``) stays part of the name."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", str(header))).strip()
    m = _UNIT_RE.search(text)
    if m and m.group(1).strip() and normalise(m.group(1)) in _UNIT_KEYS:
        return text[:m.start()].strip(), m.group(1).strip()
    for sep in ("/", "／"):
        if sep in text:
            name, unit = text.rsplit(sep, 1)
            if normalise(unit) in _UNIT_KEYS:
                return name.strip(), unit.strip()
    return text, ""


_UNIT_KEYS = {normalise(u): u for u in UNITS}
_RATIO_PREFIXES = sorted((normalise(p) for p in RATIO_PREFIXES), key=len, reverse=True)  # longest first
_TOTAL_MARKERS = tuple(normalise(m) for m in TOTAL_MARKERS)


def _lookup(name: str) -> str | None:
    """The column of a normalised header name: as written, without a 其中 prefix (a part of the column
    before it), or with the 数 forms drop (高于规定学历教师 for 高于规定学历教师数)."""
    for n in (name, name.removeprefix("其中")):
        if (key := _HEADERS.get(n) or _HEADERS.get(n + "数")) is not None:
            return key
    return None


def header_key(header: str) -> tuple[str | None, str]:
    """The schema column a header names (None when unknown) and the unit it states ('' when none).

    A closing bracket that is no known unit is read as a unit when it is short (``（千册）``, which
    ``unit_factor`` then refuses by name) and as a remark when longer (``（含运动场）``)."""
    name, unit = split_unit(header)
    key = _lookup(normalise(name))
    if key is not None or unit:
        return key, unit
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", str(header))).strip()
    m = _UNIT_RE.search(text)
    if m and (key := _lookup(normalise(text[:m.start()]))):
        inside = re.sub(r"^单位[:：]?", "", m.group(1).strip())
        if normalise(inside) in _UNIT_KEYS:
            return key, inside
        return key, inside if len(normalise(inside)) <= 3 else ""
    return _lookup(normalise(header)), ""


class UnitError(ValueError):
    """A stated unit that does not fit its column: the catalogue's message ``key`` (``sim.wording``)
    and its fields, worded by the reader in the table's language."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


def unit_factor(key: str, unit: str) -> float:
    """Factor from the stated unit to the schema's unit; UnitError naming the mismatch."""
    if not unit:
        return 1.0
    found = UNITS.get(_UNIT_KEYS.get(normalise(unit), ""))
    dim = DIMENSION.get(key, "count")
    if found is None:
        raise UnitError("unit_unknown", unit=unit, units="、".join(u for u, (d, _) in UNITS.items() if d == dim))
    if found[0] != dim:
        raise UnitError("unit_dimension", unit=unit, what=f"dim.{dim}")
    return found[1]


def value_key(field: str, text) -> str | None:
    """The schema value of a choice column's cell (``'城区'`` -> ``'urban'``), None when unknown."""
    return _VALUES[field].get(normalise(text))


def ratio_of(header: str) -> str | None:
    """The schema column a per-pupil header (生均…, 每百名学生拥有…) is the ratio of, None when it is none."""
    name = normalise(split_unit(header)[0])
    for prefix in _RATIO_PREFIXES:
        if name.startswith(prefix):
            rest = name[len(prefix):].removeprefix("拥有")
            return _HEADERS.get(rest) or _HEADERS.get(rest + "数") or _HEADERS.get(rest.removesuffix("数"))
    return None


def is_total_row(cells) -> bool:
    """A 合计 / 小计 row: one of its first three text cells starts with a total marker."""
    texts = [normalise(c) for c in cells[:3] if isinstance(c, str) and c.strip()]
    return any(t.startswith(_TOTAL_MARKERS) for t in texts)


def is_footnote_row(cells) -> bool:
    """A 注：… or 填表人：… row under the table: its first text cell starts with such a word."""
    first = next((str(c).strip() for c in cells if c is not None and str(c).strip()), "")
    return first.startswith(FOOTNOTE_MARKERS) and not first.endswith(("学校", "小学", "中学"))


_STEMS = set("甲乙丙丁戊己庚辛壬癸")


def is_column_number_row(cells) -> bool:
    """A 栏次 row under a statistics form's header (甲 乙 丙 1 2 3 ...): no school, only the columns'
    numbers."""
    texts = [normalise(c) for c in cells if c is not None and str(c).strip()]
    return len(texts) >= 3 and any(t in _STEMS or t == "栏次" for t in texts) and \
        all(t in _STEMS or t == "栏次" or t.isdigit() for t in texts)


def has_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))
