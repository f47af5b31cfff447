"""The vectorised group helpers against hand-computed cases."""

import numpy as np

from sim.dynamics.grouping import fill_slots, share_by_need


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
