"""County layouts for scenarios whose documents give counts, not school lists.

A ``[layout]`` table says how many school parts of each location the county has, and
``[[layout.groups]]`` how its communities are formed (core location, members per core,
tightness). The layout is deterministic: which school joins which group is structure,
not chance; sizes and resources are then drawn per replicate like any synthetic county.
"""

from sim.assessment.standards import STAGES
from sim.data.errors import InputError
from sim.dynamics.params import check_keys, whole_number
from sim.experiments.budget import MAX_SCHOOLS

LAYOUT_KEYS = ("urban", "township", "village", "teaching_points", "junior_share", "groups")
GROUP_KEYS = ("count", "core", "members", "tightness", "stage", "start", "end")
MEMBER_KEYS = ("urban", "township", "village", "teaching_point")


def communities_from_layout(layout: dict, where: str) -> list[dict]:
    """Communities (scenario form) for a layout; schools in no group form one unpaired entry."""
    check_keys(layout, LAYOUT_KEYS, where)
    share = layout.get("junior_share", 0.3)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise InputError.worded("finite_number", where=where, key="junior_share", low=0, high=1, value=repr(share)[:40])
    pools = {}
    for loc in ("urban", "township", "village"):
        n = whole_number(layout.get(loc, 0), where, loc, 0, MAX_SCHOOLS)
        n_junior = round(n * share)
        pools[(loc, "junior")] = [f"{loc}-j{i}" for i in range(n_junior)]
        pools[(loc, "primary")] = [f"{loc}-p{i}" for i in range(n - n_junior)]
    points = [f"teaching-point-{i}"
              for i in range(whole_number(layout.get("teaching_points", 0), where, "teaching_points", 0, MAX_SCHOOLS))]
    total = sum(len(p) for p in pools.values()) + len(points)
    if total > MAX_SCHOOLS:  # each location within the cap, all of them together not
        raise InputError.worded("layout_too_many", where=where, n=total, most=MAX_SCHOOLS)
    located = {name: loc for (loc, _), names in pools.items() for name in names}

    def take(loc, stage, k, w):
        pool = pools[(loc, stage)]
        if len(pool) < k:
            raise InputError.worded("layout_short", where=w, n=k, loc=loc, stage=stage, left=len(pool))
        out, pools[(loc, stage)] = pool[:k], pool[k:]
        return out

    communities, partners = [], 0
    groups = layout.get("groups", [])
    if not isinstance(groups, list):
        raise InputError.worded("key_shape", where=where, key="groups", what="shape.groups", value=repr(groups)[:80])
    for g_i, group in enumerate(groups):
        w = f"{where}.groups[{g_i}]"
        check_keys(group, GROUP_KEYS, w)
        count = whole_number(group.get("count", 1), w, "count", 1, MAX_SCHOOLS)
        core = group.get("core", "urban")
        if core not in ("urban", "township", "external"):
            raise InputError.worded("key_choice", where=w, key="core", options="urban, township, external", value=repr(core)[:80])
        members = group.get("members", {})
        check_keys(members, MEMBER_KEYS, f"{w}.members")
        stage_rule = group.get("stage", "both")
        if stage_rule not in (*STAGES, "both"):
            raise InputError.worded("key_choice", where=w, key="stage", options="primary, junior, both", value=repr(stage_rule)[:80])
        n_junior = round(count * share) if stage_rule == "both" else (count if stage_rule == "junior" else 0)
        for k in range(count):
            stage = "junior" if k < n_junior else "primary"
            if core == "external":
                name = f"partner-{partners}"
                partners += 1
                schools = [{"name": name, "role": "core", "location": "urban", "stages": [stage], "external": True}]
            else:
                name = take(core, stage, 1, w)[0]
                schools = [{"name": name, "role": "core", "location": core, "stages": [stage]}]
            head_of_points = name
            for loc in ("urban", "township", "village"):
                for m in take(loc, stage, whole_number(members.get(loc, 0), f"{w}.members", loc), w):
                    schools.append({"name": m, "role": "member", "location": loc, "stages": [stage]})
                    if loc == "township":
                        head_of_points = m
            n_points = whole_number(members.get("teaching_point", 0), f"{w}.members", "teaching_point")
            if n_points and stage == "junior":
                raise InputError.worded("layout_points_primary", where=w)
            if len(points) < n_points:
                raise InputError.worded("layout_short_points", where=w, n=n_points, left=len(points))
            parent = None if core == "external" and head_of_points == name else head_of_points
            for tp in points[:n_points]:
                schools.append({"name": tp, "role": "teaching_point", "location": "village", "stages": ["primary"],
                                "parent": parent})
            points = points[n_points:]
            entry = {"name": f"group {len(communities)}", "schools": schools}
            for key in ("tightness", "start", "end"):
                if key in group:
                    entry[key] = group[key]
            communities.append(entry)
    rest = [{"name": n, "role": "member", "location": located[n], "stages": [st]}
            for (_, st), names in pools.items() for n in names]
    rest += [{"name": tp, "role": "teaching_point", "location": "village", "stages": ["primary"]} for tp in points]
    if rest:
        communities.append({"name": "unpaired", "unpaired": True, "schools": rest})
    return communities
