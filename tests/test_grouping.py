"""The vectorised group helpers against hand-computed cases."""

import numpy as np

from sim.grouping import share_by_need


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
