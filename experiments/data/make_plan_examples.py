"""Write the two counties `edusim plan` is shown on besides the bureau example (issue 20).

    python experiments/data/make_plan_examples.py

Both are the bureau example's converted table (``bureau_county_converted.csv``, SYNTHETIC numbers,
see make_bureau_example.py) changed in one respect each:
- ``short_county.csv``: a county short of teachers in total. Every school has 15 % fewer teachers
  and 40 % fewer backbone and PE/music/art teachers (rounded down), so its communities cannot reach
  the standards by moving teachers: only hiring into the posts left open and designating within the
  backbone quota can.
- ``oversize_county.csv``: a town primary school over the 2,000-pupil limit: 城关第一小学 with
  3,300 pupils and every count scaled with them, so that only its size fails; the other town
  primaries have room for fewer than the 1,300 pupils beyond the limit.
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "bureau_county_converted.csv"
TEACHERS = ("teachers", "teachers_above_degree", "backbone_teachers", "pe_art_teachers", "senior_title_teachers")
WHOLE = TEACHERS + ("multimedia_rooms", "computers", "books", "classes", "music_rooms", "art_rooms")
COUNTS = WHOLE + ("teaching_space_m2", "sports_area_m2", "equipment_yuan")


def read() -> tuple[list[str], list[dict]]:
    with open(SOURCE, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write(name: str, fields: list[str], rows: list[dict], county: str):
    for r in rows:
        r["county"] = county
    with open(HERE / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def short(rows: list[dict]) -> list[dict]:
    for r in rows:
        staff = int(float(r["teachers"]) * 0.85)
        r["teachers"] = str(max(staff, 1))
        for key, keep in (("backbone_teachers", 0.6), ("pe_art_teachers", 0.6), ("teachers_above_degree", 1.0),
                          ("senior_title_teachers", 1.0)):
            r[key] = str(min(int(float(r[key]) * keep), int(r["teachers"])))
    return rows


def oversize(rows: list[dict], school: str = "城关第一小学", pupils: int = 3300) -> list[dict]:
    for r in rows:
        if r["school"] == school and r["stage"] == "primary":
            factor = pupils / float(r["enrollment"])
            r["enrollment"] = str(pupils)
            for key in COUNTS:
                value = float(r[key]) * factor
                r[key] = str(int(round(value))) if key in WHOLE else f"{value:.2f}"
    return rows


if __name__ == "__main__":
    fields, rows = read()
    write("short_county.csv", fields, short([dict(r) for r in rows]), "示例县（教师总量不足）")
    write("oversize_county.csv", fields, oversize([dict(r) for r in rows]), "示例县（城区学校超规模）")
    print(f"wrote {HERE / 'short_county.csv'} and {HERE / 'oversize_county.csv'}")
