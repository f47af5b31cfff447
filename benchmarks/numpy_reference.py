"""Pure-numpy projections of the model's yearly work: the yardsticks `bench_projection.py` divides
the model's time by (issue 21).

Neither is the model. Each does kinds of work the model does, on arrays of the same sizes, each as
one vectorised pass written straight in numpy, so the ratio of the model's time to a reference's
measures what the model's structure (agents, policy objects, registries, bookkeeping, re-counting)
costs on top of the arithmetic.

- ``core_projection``: the demographic and resource core alone. Teachers learn (skill grows with
  experience), retire and leave (Bernoulli by location), posts are refilled by hires placed by
  vacancy, stocks depreciate and are renewed, pupils drift to town, school quality follows mean
  skill, and the 7 resource CVs of each stage are taken.
- ``full_projection``: the core plus the people-placing work every default run also does each
  year: an exchange round (10 % of each town school's eligible teachers drawn at random, placed on
  the village schools with most room, knowledge transfer counted per host), backbone recognition
  and title promotion (ranking every teacher by skill within their school), and the yearly
  observation (five teacher counts per school, per-school standards and the 7 CVs per stage).
"""

import numpy as np


def weighted_cv(values: np.ndarray, weights: np.ndarray) -> float:
    share = weights / weights.sum()
    mean = share @ values
    return float(np.sqrt(share @ (values - mean) ** 2) / mean)


def rank_in_school(school: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Rank of each element inside its group ``school`` by ``key`` (0 = smallest): a sort on the key,
    then a stable sort on the group (radix, on 16-bit groups where they fit), faster than lexsort."""
    order = np.argsort(key)
    groups = school[order]
    order = order[np.argsort(groups.astype(np.uint16) if groups.max() < 2**16 else groups, kind="stable")]
    g = school[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    rank = np.empty(school.size, dtype=np.int64)
    rank[order] = np.arange(school.size) - np.repeat(starts, np.diff(np.r_[starts, g.size]))
    return rank


class _County:
    """The arrays both projections start from."""

    def __init__(self, schools: int, teachers: int, seed: int):
        rng = self.rng = np.random.default_rng(seed)
        self.location = rng.integers(0, 3, schools)
        self.stage = rng.integers(0, 2, schools)
        self.pupils = rng.lognormal(6.0, 0.6, schools)
        self.stocks = rng.lognormal(0.0, 0.3, (schools, 7)) * self.pupils[:, None]
        self.posts = np.maximum(1, np.round(self.pupils / self.pupils.sum() * teachers)).astype(np.int64)
        self.home = np.repeat(np.arange(schools), self.posts)
        n = self.home.size
        self.school = self.home.copy()
        self.skill, self.experience = rng.normal(0.0, 1.0, n), rng.integers(0, 35, n).astype(float)
        self.backbone, self.titled, self.degree, self.pe_art = (rng.random((4, n)) < [[0.1], [0.4], [0.6], [0.1]])
        self.exchange_end = np.full(n, -1)
        self.quality = np.zeros(schools)
        self.leave_rate = np.array([0.03, 0.05, 0.08])
        self.community = np.arange(schools) // 6  # a town core and its members, six schools each

    def core_year(self) -> list[float]:
        rng, n, s = self.rng, self.home.size, self.pupils.size
        self.skill += 0.15 * np.exp(-self.experience / 5.0) + 0.01  # learn
        self.experience += 1
        gone = (self.experience >= 40) | (rng.random(n) < self.leave_rate[self.location[self.home]])
        have = np.bincount(self.home[~gone], minlength=s)
        vacancy = np.maximum(self.posts - have, 0)
        self.home[gone] = np.repeat(np.arange(s), vacancy)[: gone.sum()]  # refill posts with hires
        self.school[gone], self.exchange_end[gone] = self.home[gone], -1
        self.skill[gone], self.experience[gone] = rng.normal(-0.5, 1.0, gone.sum()), 0.0
        self.stocks *= 0.94  # depreciate
        self.stocks += 0.06 * self.pupils[:, None] * rng.lognormal(0.0, 0.1, (s, 1))  # renew
        drift = 0.01 * self.pupils * (self.location > 0)  # pupils to town
        self.pupils += np.where(self.location == 0, drift.sum() / max((self.location == 0).sum(), 1), 0.0) - drift
        mean_skill = np.bincount(self.school, weights=self.skill, minlength=s) / np.maximum(
            np.bincount(self.school, minlength=s), 1)
        self.quality += 0.5 * (mean_skill - self.quality)  # quality follows teaching
        per_pupil = self.stocks / self.pupils[:, None]
        return [weighted_cv(per_pupil[self.stage == g, k], self.pupils[self.stage == g])
                for g in (0, 1) for k in range(7)]

    def people_year(self, year: int) -> list[float]:
        rng, s = self.rng, self.pupils.size
        # Exchange: terms end, then 10 % of each town school's eligible teachers go down.
        back = self.exchange_end < year
        self.school[back], self.exchange_end[back] = self.home[back], -1
        town = self.location[self.home] == 0
        eligible = np.flatnonzero(town & (self.exchange_end < 0) & (self.experience >= 3))
        quota = np.ceil(0.1 * np.bincount(self.home[eligible], minlength=s)).astype(np.int64)
        chosen = eligible[rank_in_school(self.home[eligible], rng.random(eligible.size)) < quota[self.home[eligible]]]
        room = np.where(self.location > 0, np.maximum(self.posts - np.bincount(self.school, minlength=s), 0) + 2, 0)
        hosts = np.lexsort((-room, self.community))  # by community, most room first
        slots = np.repeat(hosts, room[hosts])
        slot_rank = rank_in_school(self.community[slots], np.arange(slots.size))
        want = rank_in_school(self.community[self.home[chosen]], rng.random(chosen.size))
        key_slot = self.community[slots] * (slots.size + 1) + slot_rank
        key_want = self.community[self.home[chosen]] * (slots.size + 1) + want
        at = np.searchsorted(key_slot, key_want)
        hit = (at < slots.size) & (key_slot[np.minimum(at, slots.size - 1)] == key_want)
        self.school[chosen[hit]], self.exchange_end[chosen[hit]] = slots[at[hit]], year + 1
        mean_skill = np.bincount(self.school, weights=self.skill, minlength=s) / np.maximum(
            np.bincount(self.school, minlength=s), 1)
        visitors = np.flatnonzero(self.school != self.home)
        gain = np.bincount(self.school[visitors], weights=np.maximum(
            0.0, self.skill[visitors] - mean_skill[self.school[visitors]]), minlength=s)
        self.quality += 0.1 * gain / np.maximum(np.bincount(self.school, minlength=s), 1)
        # Recognition and titles: the best by skill within each school, up to 15 % and 45 %.
        staff = np.bincount(self.home, minlength=s)
        rank = rank_in_school(self.home, -self.skill)
        self.backbone |= rank < np.floor(0.15 * staff)[self.home]
        self.titled |= (rank < np.floor(0.45 * staff)[self.home]) & (self.experience >= 8)
        # Observation: counts where teachers teach, standards per school, the CVs of each stage.
        counts = np.array([np.bincount(self.school, weights=w, minlength=s) for w in
                           (None, self.degree, self.backbone, self.pe_art, self.titled)])
        per_pupil = np.c_[counts.T / self.pupils[:, None] * 100, self.stocks / self.pupils[:, None]]
        meets = per_pupil >= np.median(per_pupil, axis=0) * 0.5
        passed = meets.sum(axis=1) >= 6
        return [weighted_cv(per_pupil[self.stage == g, k], self.pupils[self.stage == g])
                for g in (0, 1) for k in range(per_pupil.shape[1])] + [float(passed.mean())]


def core_projection(schools: int, teachers: int, years: int, seed: int = 0) -> list[float]:
    """Project ``schools`` school parts with ``teachers`` teachers for ``years`` years: the core."""
    county = _County(schools, teachers, seed)
    return [cv for _ in range(years) for cv in county.core_year()]


def full_projection(schools: int, teachers: int, years: int, seed: int = 0) -> list[float]:
    """The core plus exchange, recognition, titles and the yearly observation."""
    county = _County(schools, teachers, seed)
    return [v for year in range(years) for v in county.core_year() + county.people_year(year)]
