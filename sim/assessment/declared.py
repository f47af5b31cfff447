"""The indicators a county declares (D) and the one-vote vetoes of the 2017 method.

A simulation of schools and teachers cannot compute these from its state; a scenario's
``[declared]`` table (or ``--set declared.KEY=VALUE``, or a declarations file for
``edusim balance``) states them. Each default is what a county preparing for the assessment
would declare; every default is an assumption unless its source says otherwise
(docs/model.md 7.4). A policy may switch one on (``pay_parity``).
"""

from sim.dynamics.params import ASSUMPTION, Param, resolve

_DEFAULT = ASSUMPTION + ": a county preparing for the assessment declares it met"

#: Declared indicators: key -> (part, threshold, Param). A bool passes when true; a number when
#: it is at least the threshold.
DECLARED = {
    "network_planned": ("government", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                  "school network planned to national rules (item 1)")),
    "unified_standards": ("government", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                    "one building, staffing, funding and equipment standard for town "
                                                    "and village (item 2)")),
    "special_ed_funds_yuan": ("government", 6000.0, Param(6000.0, "yuan / pupil / year", 0.0, 100000.0, _DEFAULT,
                                                          "public funds per special-education pupil (item 7)")),
    "teacher_pay_parity": ("government", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                     "teachers' average pay not below local civil servants' (item 8)")),
    "staffing_allocated": ("government", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                     "posts allocated across schools within the county total (item 10)")),
    "catchment_urban": ("government", 1.0, Param(1.0, "share", 0.0, 1.0, _DEFAULT,
                                                 "town-district public schools admitting by catchment (item 13)")),
    "catchment_town": ("government", 0.95, Param(0.95, "share", 0.0, 1.0, _DEFAULT,
                                                 "township-seat public schools admitting by catchment (item 13)")),
    "senior_quota_share": ("government", 0.5, Param(0.5, "share", 0.0, 1.0, _DEFAULT,
                                                    "places of good senior high schools given to junior schools (item 14)")),
    "migrant_public_share": ("government", 0.85, Param(0.85, "share", 0.0, 1.0, _DEFAULT,
                                                       "migrant children in public or funded schools")),
    "left_behind_care": ("government", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                   "care system for left-behind children (item 15)")),
    "junior_retention": ("quality", 0.95, Param(0.96, "share", 0.0, 1.0,
                                                ASSUMPTION + "; the national nine-year retention rate was 95.2-95.7 % in "
                                                "2020-2023 (statistical bulletins), no junior-only rate was found",
                                                "three-year retention in junior school (item 1)")),
    "disabled_enrolment": ("quality", 0.95, Param(0.95, "share", 0.0, 1.0, _DEFAULT,
                                                  "enrolment of children with disabilities (item 2)")),
    "charter_and_it": ("quality", None, Param(True, "yes / no", None, None, _DEFAULT,
                                              "every school has a charter; management and teaching informatised (item 3)")),
    "ict_in_teaching": ("quality", None, Param(True, "yes / no", None, None, _DEFAULT,
                                               "teachers use ICT well; equipment well used (item 5)")),
    "moral_education": ("quality", None, Param(True, "yes / no", None, None, _DEFAULT,
                                               "moral education and school culture good or better (item 6)")),
    "full_curriculum": ("quality", None, Param(True, "yes / no", None, None, _DEFAULT,
                                               "full curriculum, orderly teaching, practical activities (item 7)")),
    "no_excess_homework": ("quality", None, Param(True, "yes / no", None, None, _DEFAULT,
                                                  "no excessive homework burden (item 8)")),
    "satisfaction": ("recognition", 0.85, Param(0.85, "share", 0.0, 1.0, _DEFAULT,
                                                "satisfaction of pupils, parents, teachers, principals, deputies and "
                                                "residents in the survey")),
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
