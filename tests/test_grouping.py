"""The vectorised group helpers against hand-computed cases, and their properties."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.dynamics.grouping import cap_total, fill_slots, share_by_need


def test_share_by_need_caps_at_the_group_need_and_returns_the_rest():
    groups = np.array([0, 0, 0, 1, 1, -1])
    supply = np.array([10.0, 0.0, 0.0, 2.0, 2.0, 5.0])
    need = np.array([0.0, 3.0, 1.0, 6.0, 2.0, 9.0])
    received, used = share_by_need(groups, supply, need)
    # group 0: 10 supplied, 4 needed -> 3 and 1 given, 40 % of the supply used
    # group 1: 4 supplied, 8 needed -> all used, shared 3 : 1; the outsider takes no part
    assert np.allclose(received, [0, 3, 1, 3, 1, 0])
    assert np.allclose(used, [0.4, 0.4, 0.4, 1, 1, 0])
    assert np.isclose(received.sum(), (supply * used).sum())  # nothing created or lost


def test_fill_slots_by_hand():
    """Group 0 has slots of 2 (row 10) and 1 (row 11); group 1 one of size 0 (row 12) and 2 (row 13).
    Candidates rank by key inside their group; the rest get -1."""
    groups = np.array([0, 0, 0, 0, 1, 1, 1])
    keys = np.array([3.0, 1.0, 2.0, 0.0, 5.0, 4.0, 6.0])
    dest = fill_slots(groups, keys, np.array([10, 11, 12, 13]), np.array([0, 0, 1, 1]), np.array([2, 1, 0, 2]))
    assert dest.tolist() == [-1, 10, 11, 10, 13, 13, -1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=30), st.lists(st.tuples(st.integers(0, 3), st.integers(-2, 4)), max_size=8),
       st.integers(0, 2**32 - 1))
def test_fill_slots_never_overfills_and_fills_what_it_can(groups, slots, seed):
    groups = np.array(groups, dtype=np.int64)
    slot_groups = np.array([g for g, _ in slots], dtype=np.int64)
    sizes = np.array([s for _, s in slots], dtype=np.int64)
    rows = np.arange(100, 100 + sizes.size)
    keys = np.random.default_rng(seed).random(groups.size)
    dest = fill_slots(groups, keys, rows, slot_groups, sizes)
    taken = np.array([(dest == row).sum() for row in rows], dtype=np.int64)
    assert np.all(taken <= np.maximum(sizes, 0))
    for g in range(4):  # each group fills min(its candidates, its room), only its own slots
        mine = dest[groups == g]
        assert (mine >= 0).sum() == min((groups == g).sum(), np.maximum(sizes[slot_groups == g], 0).sum())
        assert np.all(np.isin(mine[mine >= 0], rows[slot_groups == g]))


@given(st.lists(st.integers(0, 6), max_size=20), st.integers(0, 40), st.integers(0, 2**32 - 1))
def test_cap_total_keeps_at_most_the_limit_and_never_adds(counts, limit, seed):
    counts = np.array(counts, dtype=np.int64)
    out = cap_total(counts, limit, np.random.default_rng(seed))
    assert np.all(out <= counts) and out.sum() == min(counts.sum(), limit)


@given(st.lists(st.tuples(st.integers(-3, 70_000), st.integers(0, 4)), max_size=60))
def test_rank_within_is_the_rank_in_lexsort_order(pairs):
    """The two stable sorts give the order of np.lexsort((keys, groups)): ties keep their original
    order, whatever the group ids (negative, or beyond 16 bits)."""
    from sim.dynamics.grouping import rank_within

    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    keys = np.array([k for _, k in pairs], dtype=float)
    order = np.lexsort((keys, groups))
    expected = np.empty(groups.size, dtype=np.int64)
    for pos, i in enumerate(order):
        expected[i] = sum(groups[j] == groups[i] for j in order[:pos])
    assert np.array_equal(rank_within(groups, keys), expected)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=40),
       st.lists(st.integers(0, 3), min_size=6, max_size=6))
def test_top_within_is_rank_within_below_the_quota(pairs, quota):
    """Ranking only the groups with a quota gives the mask of ranking them all."""
    from sim.dynamics.grouping import rank_within, top_within

    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    keys = np.array([k for _, k in pairs], dtype=float)
    q = np.array(quota)
    assert np.array_equal(top_within(groups, keys, q), rank_within(groups, keys) < q[groups])
