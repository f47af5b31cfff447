"""A county table that meets every high-quality standard at every school part (a test fixture).

Each school part holds every one of the 7 indicators at 15-24 % above its stage's standard,
with whole teachers and rooms, so ``edusim balance`` passes it for both stages.
"""

import csv
import math

import numpy as np

from sim.assessment.standards import BASIC, HIGH_QUALITY, STANDARDS

#: (location, stage, number of parts, enrollment range)
LAYOUT = (("urban", "primary", 4, (1500, 2000)), ("urban", "junior", 3, (1200, 1600)),
          ("township", "primary", 8, (400, 600)), ("township", "junior", 6, (350, 500)),
          ("village", "primary", 12, (60, 150)))
WHOLE = {"teachers_above_degree", "backbone_teachers", "pe_art_teachers", "multimedia_rooms", "computers",
         "books", "teachers", "senior_title_teachers"}


def passing_county_rows(seed: int = 1) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for loc, stage, n, (lo, hi) in LAYOUT:
        for i in range(n):
            pupils = int(rng.integers(lo, hi))
            row = {"school": f"{loc}-{stage}-{i}", "stage": stage, "enrollment": pupils}
            for ind in HIGH_QUALITY:
                value = STANDARDS[stage][ind.key] * rng.uniform(1.15, 1.24) * pupils / ind.per
                row[ind.key] = math.ceil(value) if ind.key in WHOLE else round(value, 1)
            norm = 19.0 if stage == "primary" else 13.5
            row["teachers"] = max(math.ceil(pupils / norm * 1.05), row["teachers_above_degree"] + 1)
            row["senior_title_teachers"] = math.ceil(0.5 * row["teachers"])
            row["computers"] = math.ceil(0.12 * pupils)
            row["books"] = 30 * pupils
            row.update(county="Passing county", community=f"c{i % 4}", location=loc,
                       role="core" if loc == "urban" and i < 4 and stage == "primary" else "member")
            rows.append(row)
    return rows


def write_passing_county(path, seed: int = 1):
    rows = passing_county_rows(seed)
    keys = ["school", "stage", "enrollment", *[i.key for i in HIGH_QUALITY],
            *[i.key for i in BASIC if i.key not in {h.key for h in HIGH_QUALITY}],
            "county", "community", "role", "location"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return path
