"""The indicators a county declares (D) and the one-vote vetoes of the 2017 method.

A simulation of schools and teachers cannot compute these from its state; a scenario's
``[declared]`` table (or ``--set declared.KEY=VALUE``, or a declarations file for
``edusim balance``) states them. Each default is what a county preparing for the assessment
would declare; every default is an assumption unless its source says otherwise
(docs/model.md 6.27). A policy may switch one on (``pay_parity``).
"""

from sim.dynamics.params import ASSUMPTION, Param, resolve

_DEFAULT = ASSUMPTION + ": a county preparing for the assessment declares it met"

def _yes(part: str, doc: str) -> tuple:
    """A yes / no item, declared met by default."""
    return part, None, Param(True, "yes / no", None, None, _DEFAULT, doc)


def _at_least(part: str, threshold: float, doc: str, unit: str = "share", high: float = 1.0,
              default: float | None = None, source: str = _DEFAULT) -> tuple:
    """A rate or amount that passes at or above ``threshold``, declared at it by default."""
    return part, threshold, Param(threshold if default is None else default, unit, 0.0, high, source, doc)


#: Declared indicators: key -> (part, threshold, Param). A bool passes when true; a number when
#: it is at least the threshold.
DECLARED = {
    "network_planned": _yes("government", "school network planned to national rules (item 1)"),
    "unified_standards": _yes("government", "one building, staffing, funding and equipment standard for town and "
                                            "village (item 2)"),
    "special_ed_funds_yuan": _at_least("government", 6000.0, "public funds per special-education pupil (item 7)",
                                       unit="yuan / pupil / year", high=100000.0),
    "teacher_pay_parity": _yes("government", "teachers' average pay not below local civil servants' (item 8)"),
    "staffing_allocated": _yes("government", "posts allocated across schools within the county total (item 10)"),
    "catchment_urban": _at_least("government", 1.0, "town-district public schools admitting by catchment (item 13)"),
    "catchment_town": _at_least("government", 0.95, "township-seat public schools admitting by catchment (item 13)"),
    "senior_quota_share": _at_least("government", 0.5, "places of good senior high schools given to junior schools "
                                                       "(item 14)"),
    "migrant_public_share": _at_least("government", 0.85, "migrant children in public or funded schools"),
    "left_behind_care": _yes("government", "care system for left-behind children (item 15)"),
    "junior_retention": _at_least("quality", 0.95, "three-year retention in junior school (item 1)", default=0.96,
                                  source=ASSUMPTION + "; the national nine-year retention rate was 95.2-95.7 % in "
                                  "2020-2023 (statistical bulletins), no junior-only rate was found"),
    "disabled_enrolment": _at_least("quality", 0.95, "enrolment of children with disabilities (item 2)"),
    "charter_and_it": _yes("quality", "every school has a charter; management and teaching informatised (item 3)"),
    "ict_in_teaching": _yes("quality", "teachers use ICT well; equipment well used (item 5)"),
    "moral_education": _yes("quality", "moral education and school culture good or better (item 6)"),
    "full_curriculum": _yes("quality", "full curriculum, orderly teaching, practical activities (item 7)"),
    "no_excess_homework": _yes("quality", "no excessive homework burden (item 8)"),
    "satisfaction": _at_least("recognition", 0.85, "satisfaction of pupils, parents, teachers, principals, deputies "
                                                   "and residents in the survey"),
}

#: One-vote vetoes: any true fails the county outright.
VETOES = {key: Param(False, "yes / no", None, None, ASSUMPTION + ": none applies", doc) for key, doc in (
    ("exam_admission", "pupils admitted by examination"),
    ("illegal_school_choice", "illegal school choice"),
    ("key_schools_or_classes", "key schools or key classes"),
    ("unfilled_posts", "posts left unfilled or long-term teachers outside the establishment (有编不补)"),
    ("major_incident", "a major safety incident or serious violation in the education system"),
    ("falsified_data", "falsified data"),
)}

#: Every key of a ``[declared]`` table, with its declaration.
DECLARATIONS = {**{k: p for k, (_, _, p) in DECLARED.items()}, **{f"veto_{k}": p for k, p in VETOES.items()}}


def resolve_declared(given: dict, where: str) -> dict:
    """Defaults overlaid with a ``[declared]`` table; unknown keys and bad values are errors."""
    return resolve(DECLARATIONS, given, where)


def declared_items(values: dict) -> dict[str, tuple[str, object, bool]]:
    """Each declared indicator: ``key -> (part, value, passes)``."""
    out = {}
    for key, (part, threshold, _) in DECLARED.items():
        value = values[key]
        out[key] = (part, value, bool(value) if threshold is None else value >= threshold)
    return out


def vetoes_applying(values: dict) -> list[str]:
    """The vetoes declared true."""
    return [k for k in VETOES if values[f"veto_{k}"]]
