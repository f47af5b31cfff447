"""Scenario files: TOML naming the county's schools, the model parameters and the policies.

Every key is checked: an unknown one is an error that names it and suggests close ones;
a policy year outside the simulated school years is an error that names the policy.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from agents.school import LOCATIONS, ROLES
from sim.assessment.declared import DECLARATIONS, resolve_declared
from sim.assessment.standards import STAGES
from sim.data.errors import InputError
from sim.data.inputs import check_regular
from sim.data.layout import communities_from_layout
from sim.dynamics.params import (
    MODEL_PARAMS,
    check_keys,
    given_twice,
    resolve,
    unknown_key_error,
    whole_number,
)
from sim.wording import Phrase

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "experiments" / "scenarios"
FIRST_YEAR, LAST_YEAR = 2000, 2100
TOP_KEYS = ("name", "description", "county", "start_year", "end_year", "seed", "params", "policies",
            "communities", "layout", "declared", "schools", "accept_units")
DEFAULT_SCENARIO = "ziyang"
COMMUNITY_KEYS = ("name", "schools", "tightness", "unpaired", "start", "end")
SCHOOL_KEYS = ("name", "location", "stages", "role", "parent", "external")


@dataclass
class Scenario:
    name: str
    description: str
    source: str
    start_year: int
    end_year: int
    seed: int
    county: str
    params: dict
    policies: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    sha256: str = ""
    declared: dict = field(default_factory=lambda: resolve_declared({}, "defaults"))
    declared_given: tuple = ()  # the declared items the scenario states; the rest are their defaults, assumed
    table: object = None  # the county's own school table (a UserCounty) when the scenario names one

    @property
    def policy_years(self) -> tuple[int, int]:
        """School years a policy can act in: the step for year Y is school year Y-(Y+1)."""
        return self.start_year, self.end_year - 1

    def assumed(self) -> list[str]:
        """The declared items (not the vetoes) the scenario does not state: taken at their defaults."""
        from sim.assessment.declared import DECLARED

        return [k for k in DECLARED if k not in self.declared_given]

    def as_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "source": self.source,
                "sha256": self.sha256, "county": self.county, "start_year": self.start_year,
                "end_year": self.end_year, "seed": self.seed, "params": self.params, "declared": self.declared,
                "declared_assumed": self.assumed(),
                "policies": [p.config() for p in self.policies],
                "schools": None if self.table is None else {"path": self.table.path, "sha256": self.table.sha256}}


def available() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def scenario_path(name_or_path: str) -> Path:
    """A scenario name (``ziyang``) or a path to a TOML file."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        check_regular(path, "toml.scenario")  # a pipe or a device is not "not found"
        if not path.is_file():
            raise InputError.worded("file_missing", path=name_or_path, what="toml.scenario")
        return path
    named = SCENARIO_DIR / f"{name_or_path}.toml"
    if not named.is_file():
        raise unknown_key_error(name_or_path, available(), "--scenario") from None
    return named


#: The largest TOML file read (a scenario is a few kB) and the deepest nesting of its tables and
#: arrays: beyond them a file is refused in one line instead of exhausting memory or the stack.
MAX_TOML_BYTES = 5_000_000
MAX_TOML_DEPTH = 16


def toml_loads(text: str, where: str) -> dict:
    """``tomllib.loads`` with the nesting bounded (``MAX_TOML_DEPTH``): a one-line error naming
    ``where`` for a file nested too deep, whatever the parser or the code after it would do."""
    try:
        value = tomllib.loads(text)
    except RecursionError:
        raise InputError.worded("toml_deep", where=where, depth=MAX_TOML_DEPTH) from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError as e:  # a whole number of thousands of digits, beyond what Python converts
        raise InputError.worded("toml_long_number", where=where, why=str(e).split(";")[0]) from None
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_TOML_DEPTH:
                    raise InputError.worded("toml_deep", where=where, depth=MAX_TOML_DEPTH)
                stack.append((child, depth + 1))
    return value


def read_toml(path: Path, what: str) -> tuple[dict, bytes]:
    """A TOML file's table and bytes; a missing, oversized, too deeply nested or malformed file is an
    error naming it."""
    path = Path(path)
    if path.is_dir():
        raise InputError.worded("toml_folder", path=path, what=what)
    check_regular(path, what)
    try:
        if path.stat().st_size > MAX_TOML_BYTES:
            raise InputError.worded("toml_big", path=path, size=path.stat().st_size, what=what, limit=MAX_TOML_BYTES)
        data = path.read_bytes()
        return toml_loads(data.decode("utf-8"), str(path)), data
    except FileNotFoundError:
        raise InputError.worded("file_missing", path=path, what=what) from None
    except OSError as e:
        raise InputError.worded("toml_unreadable", path=path, what=what, why=e.strerror) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError.worded("toml_invalid", path=path, why=e) from None


def referenced_scenario(raw: dict, base: Path, where: str, schools: str | None = None,
                        accept_units: bool = False) -> tuple[str, dict]:
    """The scenario an experiment or calibration file names (a ready name, or a TOML path
    relative to that file), checked, with its raw table for applying design points. A county
    table (``schools`` given on the command line, else the file's ``schools`` key relative to
    it, else the scenario's own) is written into that table as an absolute path."""
    if "scenario" not in raw:
        raise InputError.worded("scenario_required", where=where)
    ref = str(raw["scenario"])
    if ref.endswith(".toml") and not Path(ref).is_absolute() and (Path(base).parent / ref).exists():
        ref = str(Path(base).parent / ref)
    scenario_raw = read_toml(scenario_path(ref), "toml.scenario")[0]
    if "schools" in raw and not (isinstance(raw["schools"], str) and raw["schools"].strip()):
        raise InputError.worded("schools_path", where=where, value=repr(str(raw["schools"])[:80]))
    if schools is None and isinstance(raw.get("schools"), str):
        schools = str(Path(base).parent / raw["schools"])
    elif schools is None and isinstance(scenario_raw.get("schools"), str):
        schools = str(scenario_path(ref).parent / scenario_raw["schools"])
    if schools is not None:
        scenario_raw["schools"] = str(Path(schools).resolve())
    if accept_units:
        scenario_raw["accept_units"] = True
    parse_scenario(dict(scenario_raw), ref)  # checks the scenario itself, with its table
    return ref, scenario_raw


def load_scenario(name_or_path: str | None = None, end_year: int | None = None, without=(), overrides=(),
                  schools: str | None = None, accept_units: bool = False) -> Scenario:
    """Load and validate a scenario.

    ``end_year`` moves its horizon (policies then run to it); ``without`` drops policies by
    id or type (``"all"`` drops every one: the no-policy counterfactual); ``overrides`` are
    ``KEY=VALUE`` strings as given to ``--set``. ``schools`` is a county's own table: the
    scenario's policies then act on it; with no scenario named it runs under the status quo
    (no new policy), named after the table's county.
    """
    if name_or_path is None and schools is not None:
        raw, source, sha = status_quo_raw(schools, accept_units), str(schools), ""
    else:
        path = scenario_path(name_or_path or DEFAULT_SCENARIO)
        raw, raw_bytes = read_toml(path, "toml.scenario")
        source, sha = str(path), hashlib.sha256(raw_bytes).hexdigest()
    check_shape(raw, source)
    if schools is not None:
        raw["schools"] = str(Path(schools).resolve())
    if accept_units:
        raw["accept_units"] = True
    if end_year is not None:
        set_end = [t for t in overrides if "=" in t and t.split("=", 1)[0].strip().removeprefix("params.") == "end_year"]
        if set_end:
            raise InputError.worded("end_twice", year=end_year, text=set_end[0].strip())
        raw["end_year"] = end_year
    raw["policies"] = drop_policies(raw.get("policies", []), without, source)
    twice = given_twice(t.split("=", 1)[0].strip().removeprefix("params.") for t in overrides)
    if twice:  # the last would win without a word
        raise InputError.worded("set_twice", key=twice[0][:80])
    for text in overrides:
        apply_override(raw, text)
    return parse_scenario(raw, source, sha)


def status_quo_raw(schools: str, accept_units: bool = False) -> dict:
    """A county table under today's rules and budgets, no new policy: a scenario named after its county."""
    from sim.data.schooltable import cached_table

    county = cached_table(str(schools), accept_units).county
    return {"name": county, "county": county, "description": f"{county}: status quo (no new policy), from {schools}"}


def _policy_id(cfg) -> str:
    return str(cfg.get("id", cfg.get("type", ""))) if isinstance(cfg, dict) else ""


def drop_policies(policies: list, without, source: str) -> list:
    """The policy tables left after ``--without`` (by id or type; ``all`` drops every one)."""
    without = list(without)
    if "all" in without:
        return []
    names = {_policy_id(c) for c in policies} | {str(c.get("type", "")) for c in policies}
    for name in without:
        if name not in names:
            raise unknown_key_error(name, sorted(names | {"all"}), Phrase("policies_of", option="--without", source=source))
    return [c for c in policies if _policy_id(c) not in without and c.get("type") not in without]


def set_value(text: str):
    """A --set value as TOML would read it (numbers, true/false, "strings"); bare words are strings."""
    if "\n" in text or "\r" in text:  # a second line would be read as more TOML keys and dropped unseen
        raise InputError.worded("set_lines", text=repr(text[:40]))
    try:
        return toml_loads(f"v = {text}", f"--set value {text[:40]!r}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_override(raw: dict, text: str):
    """Apply one ``KEY=VALUE``: a scenario key (``end_year``), a model parameter (``rural_drift``
    or ``params.rural_drift``) or a policy parameter (``teacher_exchange.rate``, by id or type)."""
    from sim.policies import REGISTRY

    if "=" not in text:
        raise InputError.worded("set_shape", text=text, example="teacher_exchange.rate=0.2")
    key, value = (part.strip() for part in text.split("=", 1))
    value = set_value(value)
    policies = raw.get("policies", [])
    known = [k for k in ("start_year", "end_year", "seed")] + list(MODEL_PARAMS)
    known += [f"declared.{k}" for k in DECLARATIONS]
    for cfg in policies:
        pid = _policy_id(cfg)
        kind = cfg.get("type") if isinstance(cfg, dict) else None
        params = REGISTRY[kind].PARAMS if isinstance(kind, str) and kind in REGISTRY else {}
        known += [f"{pid}.{p}" for p in ("start", "end", *params)]
    target = key.removeprefix("params.")
    if target in ("start_year", "end_year", "seed"):
        raw[target] = value
    elif target in MODEL_PARAMS:
        raw.setdefault("params", {})[target] = value
    elif key.startswith("declared.") and key in known:
        raw.setdefault("declared", {})[key.removeprefix("declared.")] = value
    elif key in known:
        pid, name = key.split(".", 1)
        for cfg in policies:
            if _policy_id(cfg) == pid:
                cfg[name] = value
    else:
        raise unknown_key_error(key, known, "--set")


def _year(raw, key, where, default=None):
    year = raw.get(key, default)
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError.worded("year_range", where=where, key=key, value=repr(year)[:40], first=FIRST_YEAR, last=LAST_YEAR)
    return year


#: The shape of a scenario's tables: key -> type (``sim.wording`` says what it must be: "shape.<key>").
SHAPES = {"policies": list, "communities": list, "params": dict, "declared": dict, "layout": dict}


def check_shape(raw: dict, source: str):
    """The scenario's keys and the types of its tables, before anything looks inside them."""
    check_keys(raw, TOP_KEYS, source)
    for key, kind in SHAPES.items():
        if key in raw and not isinstance(raw[key], kind):
            raise InputError.worded("key_shape", where=source, key=key, what=f"shape.{key}", value=repr(raw[key])[:80])
    for i, cfg in enumerate(raw.get("policies", [])):
        if not isinstance(cfg, dict):
            raise InputError.worded("policy_entry", where=f"{source}: policies[{i}]", value=repr(cfg)[:80])


#: Longest scenario name: it titles charts and names run folders (a longer one is a description).
MAX_NAME = 80


def scenario_name(name, source: str) -> str:
    """A scenario's ``name``, one printable line of at most MAX_NAME characters."""
    name = str(name)
    if len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise InputError.worded("scenario_name", where=source, n=len(name), most=MAX_NAME)
    return name


def parse_scenario(raw: dict, source: str = "scenario", sha256: str = "", table=None) -> Scenario:
    """Validate a scenario's parsed TOML; every problem is an InputError naming where it is.
    ``table`` (a ``UserCounty``), when given, is the county's schools instead of the scenario's own."""
    from sim.policies import REGISTRY

    check_shape(raw, source)
    start = _year(raw, "start_year", source, 2024)
    end = _year(raw, "end_year", source, 2029)
    if end <= start:
        raise InputError.worded("end_after_start", where=source, end=end, start=start)
    seed = whole_number(raw.get("seed", 0), source, "seed")
    params = resolve(MODEL_PARAMS, raw.get("params", {}), f"{source}: [params]")
    if "layout" in raw and "communities" in raw:
        raise InputError.worded("layout_or_roster", where=source)
    listed = raw.get("communities", [])
    if "layout" in raw:
        listed = communities_from_layout(raw["layout"], f"{source}: [layout]")
    communities = [_community(c, f"{source}: communities[{i}]", start, end) for i, c in enumerate(listed)]
    table = table if table is not None else _table(raw, source)
    own = [x for c in communities for x in c["schools"] if not x.get("external", False)]
    if table is None and not own:  # external partners are not the county's: they are never evaluated
        raise InputError.worded("no_own_schools", where=source)
    scenario = Scenario(name=scenario_name(raw.get("name", Path(source).stem), source),
                        description=str(raw.get("description", "")),
                        source=source, start_year=start, end_year=end, seed=seed,
                        county=table.county if table is not None else str(raw.get("county", "")), params=params,
                        communities=communities, sha256=sha256, table=table,
                        declared=resolve_declared(raw.get("declared", {}), f"{source}: [declared]"),
                        declared_given=tuple(raw.get("declared", {})))
    first, last = scenario.policy_years
    for i, cfg in enumerate(raw.get("policies", [])):
        where = f"{source}: policies[{i}]"
        if not isinstance(cfg, dict) or "type" not in cfg:
            raise InputError.worded("policy_type_missing", where=where, types=", ".join(sorted(REGISTRY)))
        cfg = dict(cfg)
        kind = cfg.pop("type")
        if not isinstance(kind, str):
            raise InputError.worded("policy_type_name", where=where, types=", ".join(sorted(REGISTRY)),
                                    value=repr(kind)[:80])
        if kind not in REGISTRY:
            raise unknown_key_error(kind, REGISTRY, f"{where}: type")
        pid = cfg.pop("id", kind)
        if not isinstance(pid, str) or not pid.isidentifier():
            raise InputError.worded("policy_id", where=where, value=repr(pid)[:80])
        if pid in {p.id for p in scenario.policies}:
            raise InputError.worded("policy_id_twice", where=where, pid=pid)
        allowed = ("start", "end", *REGISTRY[kind].PARAMS)
        check_keys(cfg, allowed, f"{where} ({kind})")
        policy = REGISTRY[kind].from_config(cfg, f"{where} ({kind})", first, last)
        policy.id = pid
        scenario.policies.append(policy)
    return scenario


def _table(raw: dict, source: str):
    """The county table a scenario names (``schools``, relative to the scenario file), read once per process."""
    from sim.data.schooltable import cached_table

    if "schools" not in raw:
        return None
    ref, accept = raw["schools"], raw.get("accept_units", False)
    if not isinstance(ref, str) or not ref:
        raise InputError.worded("schools_path", where=source, value=repr(ref)[:80])
    if not isinstance(accept, bool):
        raise InputError.worded("key_bool", where=source, key="accept_units", value=repr(accept)[:80])
    path = Path(ref)
    if not path.is_absolute() and Path(source).suffix == ".toml":
        path = Path(source).parent / path
    return cached_table(str(path), accept)


def _community(raw, where, first_year, last_year) -> dict:
    check_keys(raw, COMMUNITY_KEYS, where)
    schools = raw.get("schools")
    if not isinstance(schools, list) or not schools:
        raise InputError.worded("community_schools", where=where)
    checked = []
    for j, s in enumerate(schools):
        w = f"{where}.schools[{j}]"
        check_keys(s, SCHOOL_KEYS, w)
        for key, options in (("location", LOCATIONS), ("role", ROLES)):
            if s.get(key) not in options:
                raise InputError.worded("key_choice", where=w, key=key, options=", ".join(options), value=repr(s.get(key))[:80])
        stages = s.get("stages")
        if not isinstance(stages, list) or not stages or any(st not in STAGES for st in stages):
            raise InputError.worded("stages_list", where=w, stages=" / ".join(STAGES), value=repr(stages)[:80])
        if not isinstance(s.get("name"), str) or not s["name"]:
            raise InputError.worded("name_empty", where=w)
        if not isinstance(s.get("external", False), bool):
            raise InputError.worded("key_bool", where=w, key="external", value=repr(s.get("external"))[:80])
        checked.append(s)
    roles = [s["role"] for s in checked]
    unpaired = raw.get("unpaired", False)
    if unpaired is not True and roles.count("core") != 1:
        raise InputError.worded("one_core", where=where, n=roles.count("core"))
    if unpaired is True and "core" in roles:
        raise InputError.worded("unpaired_core", where=where)
    out = {"name": str(raw.get("name", "")), "schools": checked, "unpaired": unpaired is True}
    for key in ("start", "end"):  # the school years the community works together
        if key in raw:
            year = raw[key]
            if isinstance(year, bool) or not isinstance(year, int) or not first_year <= year < last_year:
                raise InputError.worded("community_years", where=where, key=key, value=repr(year)[:40],
                                        first=first_year, last=last_year - 1)
            out[key] = year
    if "tightness" in raw:
        t = raw["tightness"]
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 1:
            raise InputError.worded("tightness", where=where, value=repr(t)[:40])
        out["tightness"] = float(t)
    return out
