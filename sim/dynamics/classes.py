"""Classes and special rooms: how many classes a school forms from its pupils and classrooms
(docs/model.md 6.27), the state behind the class-size and special-room rules."""

import numpy as np

from agents.school import TEACHING_POINT
from sim.assessment.school_rules import rooms_needed
from sim.assessment.standards import GRADES, MAX_CLASS_PUPILS, SPECIAL_ROOMS, STAGES

_GRADES = np.array([GRADES[s] for s in STAGES], dtype=float)
_MAX = np.array([MAX_CLASS_PUPILS[s] for s in STAGES], dtype=float)


def classrooms(schools, params) -> np.ndarray:
    """Ordinary classrooms the teaching space allows: its classroom share over a classroom's floor
    area (a class of the stage's maximum size at the design code's area per pupil)."""
    per_pupil = np.where(schools.stage == 0, params["classroom_m2_per_pupil_primary"],
                         params["classroom_m2_per_pupil_junior"])
    area = per_pupil * _MAX[schools.stage]
    return np.floor(schools.stocks["teaching_space_m2"] * params["classroom_share_of_space"] / area + 1e-9)


def classes(schools, params) -> np.ndarray:
    """Classes of each school part: every grade split into classes of at most the stage's maximum
    size where classrooms allow, else into as many classes as there are classrooms per grade (at
    least one). Pupils are spread evenly over grades; closed parts have none."""
    grades = _GRADES[schools.stage]
    per_grade = schools.enrollment / grades
    wanted = np.maximum(1.0, np.ceil(per_grade / _MAX[schools.stage] - 1e-9))
    room = np.floor(classrooms(schools, params) / grades)
    return np.clip(room, 1.0, wanted) * grades * schools.open


def initial_special_rooms(schools, params) -> dict[str, np.ndarray]:
    """Music and art rooms at the start when the data do not give them: what each school part
    needs for its classes (one per 12, at least one), none for teaching points (an assumption:
    docs/model.md, 4.2)."""
    need = rooms_needed(classes(schools, params)) * (schools.role != TEACHING_POINT)
    return {key: need.copy() for key in SPECIAL_ROOMS}
