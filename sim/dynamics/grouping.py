"""Vectorised group operations: rank within groups, choose a quota per group, weighted picks."""

import numpy as np


def rank_within(groups: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Rank (0, 1, ...) of each element inside its group, in increasing ``keys`` order (ties in
    their original order: the order of ``np.lexsort((keys, groups))``, found faster by a stable
    sort on the keys, then a stable sort on the groups)."""
    by_key = np.argsort(keys, kind="stable")
    return _ranks(groups, by_key[np.argsort(radix_keys(groups[by_key]), kind="stable")])


def top_within(groups: np.ndarray, keys: np.ndarray, quota_of_group: np.ndarray) -> np.ndarray:
    """Mask of the elements whose ``rank_within`` rank is below their group's quota; only the groups
    with a quota are ranked (the same answer, without sorting the rest)."""
    mask = np.zeros(groups.size, dtype=bool)
    some = np.flatnonzero(quota_of_group[groups] > 0)
    mask[some] = rank_within(groups[some], keys[some]) < quota_of_group[groups[some]]
    return mask


def radix_keys(groups: np.ndarray) -> np.ndarray:
    """``groups`` as 16-bit keys where they fit (numpy's stable sort is then a radix sort, ~6x faster)."""
    return groups.astype(np.uint16) if groups.size and 0 <= groups.min() and groups.max() < 2**16 else groups


def _ranks(groups: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Ranks inside groups, given an ``order`` that sorts by group (ties in the wanted order)."""
    g = groups[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, g.size]))
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(groups.size) - first
    return rank


def pick_quota(groups: np.ndarray, quota_of_group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask choosing ``quota_of_group[g]`` random elements of each group ``g`` (or all it has)."""
    if groups.size == 0:
        return np.zeros(0, dtype=bool)
    shuffled = rng.permutation(groups.size)
    order = shuffled[np.argsort(radix_keys(groups[shuffled]), kind="stable")]  # random order inside each group
    return _ranks(groups, order) < quota_of_group[groups]


def weighted_pick(groups: np.ndarray, options_group: np.ndarray, options_weight: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """For each element, the index of one option of its own group, drawn with the options' weights.

    Every group that has elements must have at least one option of positive weight.
    """
    order = np.lexsort((np.arange(options_group.size), options_group))
    og, ow = options_group[order], options_weight[order].astype(float)
    totals = np.bincount(og, weights=ow)
    cum = np.cumsum(ow)
    base = np.r_[0.0, np.cumsum(totals)][og]  # cumulative weight before the option's group
    within = (cum - base) / totals[og]  # cumulative share within the group, ends at 1
    key = og + np.minimum(within, 1.0)
    u = groups + rng.random(groups.size) * (1 - 1e-12)
    pos = np.searchsorted(key, u, side="right")
    return order[np.minimum(pos, order.size - 1)]


def share_by_need(groups: np.ndarray, supply: np.ndarray, need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pool each group's supply and hand it to its members in proportion to their need, never
    more than the group's total need (pooled budgets, lent teaching time, redeployed staff).

    Members with ``groups < 0`` take no part. Returns what each member receives and the share of
    each member's own supply that was used (the rest stays with it).
    """
    inside = groups >= 0
    g = np.where(inside, groups, 0)
    size = int(g.max()) + 1 if g.size else 1
    total_supply = np.bincount(g, weights=np.where(inside, supply, 0.0), minlength=size)
    total_need = np.bincount(g, weights=np.where(inside, need, 0.0), minlength=size)
    given = np.minimum(total_supply, total_need)
    received = np.divide(need * given[g], total_need[g], out=np.zeros(g.size), where=inside & (total_need[g] > 0))
    used = np.divide(given[g], total_supply[g], out=np.zeros(g.size), where=inside & (total_supply[g] > 0))
    return received, used


def fill_slots(groups: np.ndarray, keys: np.ndarray, slot_rows: np.ndarray, slot_groups: np.ndarray,
               slot_sizes: np.ndarray) -> np.ndarray:
    """Hand out each group's slots to its candidates: candidates rank inside their group by
    ``keys``; the k-th of group g takes the row of g's slot whose cumulative size covers k (slots
    in the order given). Returns each candidate's row, or -1 beyond the group's total size."""
    n = int(max(groups.max(initial=-1), slot_groups.max(initial=-1))) + 1
    slot_groups = slot_groups.astype(np.int64)
    order = np.argsort(slot_groups, kind="stable")
    rows, sizes, g = slot_rows[order], np.maximum(0, slot_sizes[order]).astype(np.int64), slot_groups[order]
    ends = np.cumsum(sizes)
    before = np.zeros(n, dtype=np.int64)
    first = np.r_[True, g[1:] != g[:-1]] if g.size else np.zeros(0, dtype=bool)
    before[g[first]] = (ends - sizes)[first]
    room = np.bincount(g, weights=sizes, minlength=n).astype(np.int64)
    dest = np.full(groups.size, -1, dtype=np.int64)
    if groups.size == 0:
        return dest
    rank = rank_within(groups, keys)
    ok = rank < room[groups]
    dest[ok] = rows[np.searchsorted(ends, before[groups[ok]] + rank[ok], side="right")]
    return dest


def cap_total(counts: np.ndarray, limit: int, rng: np.random.Generator) -> np.ndarray:
    """``counts`` per element, cut to ``limit`` in all by drawing that many of their units at random."""
    counts = counts.astype(np.int64)
    if counts.sum() <= limit:
        return counts
    units = np.repeat(np.arange(counts.size), counts)
    return np.bincount(units[rng.choice(units.size, max(0, int(limit)), replace=False)], minlength=counts.size)
