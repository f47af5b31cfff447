"""``edusim pathway``: argument handling and output of the pathway search (sim.planning.pathway)."""

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from sim.app.options import (
    clip,
    count_value,
    lang_option,
    print_notes,
    probability_value,
    reader_options,
    run_folder,
    seconds_value,
    seed_value,
    wrote,
)
from sim.app.region_cli import add_executor_options
from sim.data.errors import InputError

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
DESCRIPTION = """\
The cheapest schedule from the start year to --by that passes the whole assessment (all four
parts, no veto) in --by and the two years after, in at least --level of plausible futures.

  - a schedule: the start year's actions of `edusim plan` (hire, designate, train, upgrade,
    build, buy, rezone or open schools), music and art rooms where short, and the policies of
    the scenario with the exchange rate as a lever (swapping like for like where no member needs
    a teacher) and, with the yearly upkeep, schools topped up every year to their standards
    and town schools' intake held at the size limit;
    an action must count by --by after its lead time (the simulation starts from the
    table after all of them, so years before --by are optimistic);
  - plausible futures: Latin-hypercube draws of the uncertain parameters (enrollment trends,
    attrition, transfers, hiring, effect sizes, and where an exchange teacher counts), every
    schedule run on the same futures (common random numbers);
  - the search: the plan's MILP for each margin, spare teachers and size headroom, inside an
    exact branch-and-bound enumeration of the lever lattice (docs/model.md 15);
  - reported: the share of futures held, the cost's regret, the Pareto front, where the chosen
    schedule fails (scenario discovery), the cheapest change that recovers those futures, the
    chosen schedule re-run on fresh futures, and the full ready scenario plus the plan beside it."""
EPILOG = """\
examples:
  edusim pathway experiments/data/bureau_county.xlsx --by 2029
  edusim pathway ziyang --by 2029 --without consolidation
  edusim pathway my_county.xlsx --scenario ziyang --futures 80 --level 0.9
  edusim pathway my_county.csv --uncertain rural_drift=0.01:0.03 --lever exchange_rate=0.1,0.15

writes DIR/pathway.xlsx (a summary sheet first), schedule.csv (the chosen schedule's actions by
school, with the year each is decided and the year it counts: the start year's plan, then what
its yearly upkeep and capital programme do and whom an intake cap turns away, from one run at the
scenario's parameters), cost_by_year.csv, p_by_year.csv
(whole assessment and each part, 90 % bands), candidates.csv (every schedule tried, the Pareto
front marked), futures.csv (each future's parameters, whether the schedule holds, its regret),
scenario.toml and patched.csv (the chosen schedule as a scenario:
`edusim forecast --scenario DIR/scenario.toml` runs it), pathway.png and meta.json
(default DIR: results/pathway/<county>-by<YEAR>).
An interrupted search resumes: the same command keeps what was finished (in .<DIR>.pathway-cache
beside the run folder, removed once the run is written). Not built yet: re-planning in later years
(actions are decided in the start year)."""


def add_pathway_parser(sub):
    from sim.planning.levers import LEVERS

    p = sub.add_parser("pathway", help="the cheapest yearly schedule that passes the whole assessment by a year, "
                                       "in most plausible futures", description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", metavar="TABLE-or-SCENARIO",
                   help="your school table (xlsx or csv) or a scenario (a ready name or FILE.toml); a scenario "
                        "without a table plans on its synthetic schools of its seed (written to the run as "
                        "launch_table.csv)")
    p.add_argument("--by", type=int, metavar="YEAR", help="the target year (default: the scenario's end year)")
    p.add_argument("--scenario", metavar="NAME|FILE.toml",
                   help="with a table: the scenario whose policies act on it (default: the status quo)")
    p.add_argument("--without", action="append", default=[], metavar="POLICY",
                   help="drop one of the scenario's policies (by id or type; repeatable)")
    p.add_argument("--level", type=probability_value, default=0.8, metavar="P",
                   help="share of futures the schedule must hold in (default: 0.8)")
    p.add_argument("--futures", type=count_value, default=40, metavar="N", help="plausible futures (default: 40)")
    p.add_argument("--seed", type=seed_value, default=None, metavar="S", help="random seed (default: the scenario's)")
    p.add_argument("--uncertain", action="append", default=[], metavar="KEY=LOW:HIGH",
                   help="a parameter's range in the futures (replaces or adds to the ready list, docs/model.md 15)")
    p.add_argument("--lever", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="the values a lever takes in the search; levers: " + ", ".join(
                       f"{k} ({','.join(f'{v:g}' for v in vs)})" for k, vs in LEVERS.items()))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
                   help="a cost or limit of the plan (docs/model.md 13); repeatable")
    p.add_argument("--time-limit", type=seconds_value, default=60.0, metavar="S",
                   help="solver seconds for each plan (default: 60)")
    add_executor_options(p, "the futures of each schedule")
    reader_options(p)
    lang_option(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: results/pathway/<county>-by<YEAR>)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(run=cmd_pathway, resumable=True)


def ranges(texts) -> dict:
    """``--uncertain KEY=LOW:HIGH`` as {key: (low, high)}."""
    out = {}
    for text in texts:
        key, _, span = text.partition("=")
        low, _, high = span.partition(":")
        try:
            out[key.strip()] = (float(low), float(high))
        except ValueError:
            raise InputError.worded("uncertain_shape", text=text[:80]) from None
    return out


def lever_ranges() -> dict:
    """The values each lever may take: the plan's margin and spare teachers as `plan` takes them, and the
    documented ranges of ``size_headroom`` (PLAN_PARAMS) and of ``teacher_exchange.rate``."""
    from sim.planning.costs import PLAN_PARAMS
    from sim.policies.exchange import TeacherExchange

    rate, room = TeacherExchange.PARAMS["rate"], PLAN_PARAMS["size_headroom"]
    return {"margin": (0.0, 0.5), "spare_teachers": (0, 5), "size_headroom": (room.low, room.high),
            "exchange_rate": (rate.low, rate.high), "upkeep": (0, 1)}


def levers(texts) -> dict:
    """``--lever KEY=V1,V2`` as {key: values}, each key a lever and each value in its range."""
    from sim.dynamics.params import unknown_key_error
    from sim.planning.levers import LEVERS

    out = {}
    for text in texts:
        key, _, values = (part.strip() for part in text.partition("="))
        if key not in LEVERS:
            raise unknown_key_error(key, LEVERS, f"--lever {text}")
        if key in out:  # the last would win without a word
            raise InputError.worded("lever_twice", key=key)
        try:
            numbers = [float(v) for v in values.split(",") if v.strip()]
        except ValueError:
            raise InputError.worded("lever_shape", text=text[:80]) from None
        if isinstance(LEVERS[key][0], int) and not all(v.is_integer() for v in numbers):
            raise InputError.worded("lever_whole", text=text[:80])
        parsed = tuple(sorted({type(LEVERS[key][0])(v) for v in numbers}))
        if not parsed:
            raise InputError.worded("lever_empty", text=text[:80])
        low, high = lever_ranges()[key]
        if not low <= parsed[0] <= parsed[-1] <= high:
            raise InputError.worded("lever_range", text=text[:80], low=low, high=high)
        out[key] = parsed
    return out


def load_source(args, tmp: Path):
    """``(table, base_raw, scenario, table_path)``: the evaluated table, the raw scenario its policies
    come from (start year set), that scenario parsed on the table, and the table's file."""
    from sim.assessment.balance import evaluation_county
    from sim.data.scenario import drop_policies, parse_scenario, read_toml, scenario_path, status_quo_raw
    from sim.data.schooltable import read_school_table

    is_table = Path(args.source).suffix.lower() in TABLE_SUFFIXES
    if not is_table and args.scenario:
        raise InputError.worded("pw_scenario_alone", source=args.source, scenario=args.scenario)
    name = args.scenario if is_table else args.source
    if name:
        raw, _ = read_toml(scenario_path(name), "toml.scenario")
        source = str(scenario_path(name))
    else:
        raw, source = status_quo_raw(args.source, args.accept_units), args.source
    raw["policies"] = drop_policies(raw.get("policies", []), args.without, source)
    if is_table:
        table_path = args.source
    elif "schools" in raw:
        table_path = str((scenario_path(name).parent / raw["schools"]).resolve())
    else:
        table_path = str(launch_path(raw, source, tmp))
    raw.pop("schools", None)
    raw.pop("communities", None)  # the table names each school's community
    scenario = parse_scenario({**raw, "schools": table_path}, source, "")
    raw["start_year"] = scenario.start_year
    county = evaluation_county(read_school_table(table_path, args.accept_units), args.teaching_points)
    print_notes(county)
    return county, raw, scenario, table_path


def launch_path(raw: dict, source: str, tmp: Path) -> Path:
    """A scenario's synthetic schools of its own seed, as a table file in ``tmp``."""
    from sim.data.scenario import parse_scenario
    from sim.dynamics.model import CountyModel
    from sim.planning.launch import launch_table

    scenario = parse_scenario(raw, source, "")
    path = tmp / "launch_table.csv"
    launch_table(CountyModel(scenario, seed=scenario.seed)).to_csv(path, index=False)
    return path


def cmd_pathway(args) -> int:
    from sim.app.options import output_lang
    import pandas as pd

    from sim.data.results import meta, staged_run, write_csv, write_json
    from sim.data.scenario import LAST_YEAR
    from sim.planning.futures import draw_futures, uncertain_ranges
    from sim.planning.levers import LEVERS
    from sim.planning.optimise import plan_overrides
    from sim.planning.pathway import EXCHANGE, HOLD_YEARS, Runner, search
    from sim.planning.pathway_cache import Cache, code_stamp

    plan_params = plan_overrides(args.overrides)
    lattice = {**LEVERS, **levers(args.lever)}
    if {EXCHANGE, "all"} & set(args.without):  # the user removed the exchange: its rate is no lever
        lattice.pop("exchange_rate")
    spans = uncertain_ranges(ranges(args.uncertain))
    with tempfile.TemporaryDirectory() as tmp:
        county, raw, scenario, table_path = load_source(args, Path(tmp))
        by = scenario.end_year if args.by is None else args.by
        if not scenario.start_year < by <= LAST_YEAR - HOLD_YEARS:  # the run goes on to by + HOLD_YEARS
            raise InputError.worded("pw_by", by=by, start=scenario.start_year, last=LAST_YEAR - HOLD_YEARS,
                                    hold=HOLD_YEARS, end=LAST_YEAR)
        seed = scenario.seed if args.seed is None else args.seed
        lang = output_lang(args, county)
        out = run_folder(args, "pathway", f"{county.county}-by{by}")
        futures = draw_futures(args.futures, seed, spans)
        tell = teller(args.quiet, lang)
        tell("pw_start", county=county.county, n=len(county), futures=args.futures, by=by)
        runner = Runner(args.executor, args.workers or os.cpu_count() or 1, args.scheduler)
        cache = Cache(out.parent / f".{out.name}.pathway-cache", {
            "table": hashlib.sha256(county.frame().to_csv(index=False).encode()).hexdigest(), "scenario": raw,
            "by": by, "futures": futures.to_csv(index=False), "seed": seed, "plan": plan_params,
            "time_limit": args.time_limit, "code": code_stamp(), "lang": lang})  # its messages are worded
        done = len(list(cache.folder.glob("outcome-*.json")))
        if done:
            tell("pw_resuming", n=done)
        pathway = search(county, raw, by, futures, seed, args.level, lattice, plan_params, args.time_limit, tell,
                         runner, cache)
        report = checks(pathway, county, raw, spans, seed, plan_params, args.time_limit, tell, runner)
        with staged_run(out) as stage:
            write_outputs(stage, pathway, report, county, raw, scenario, lang, seed)
            if Path(table_path).parent == Path(tmp):  # a scenario's synthetic schools: the rows the schedule names
                write_csv(pd.read_csv(table_path), stage / "launch_table.csv")  # its text cells inert, as every CSV
            write_json(stage / "meta.json", meta(
                experiment="pathway", run=out.name, county=county.county, lang=lang, by=by,
                last_year=pathway.years[-1], level=args.level, seed=seed, futures=args.futures,
                uncertain={k: list(v) for k, v in spans.items()}, levers={k: list(v) for k, v in lattice.items()},
                plan_params=plan_params, scenario=scenario.name, without=args.without,
                schools_table=args.source if Path(args.source).suffix.lower() in TABLE_SUFFIXES else "",
                teaching_points=args.teaching_points, seconds=pathway.seconds,
                declared_assumed=scenario.assumed(), command=args.command_line))
        from sim.app.pathway_plots import draw_pathway

        draw_pathway(out)
        cache.remove()
    print(summary_text(pathway, report, scenario, lang))
    print(wrote(out, sorted(p.name for p in out.iterdir()), lang))
    return 0


def checks(pathway, county, raw, spans, seed, plan_params, time_limit, tell, runner) -> dict:
    """The chosen schedule (or the best one) re-run on fresh futures (drawn anew over ``spans``), and
    the full ready scenario plus the plan on the searched futures (its policies from the start year
    on; ``status`` "not run" with why, when that scenario cannot run on this county)."""
    from sim.data.errors import InputError
    from sim.data.scenario import DEFAULT_SCENARIO, read_toml, scenario_path
    from sim.planning.futures import draw_futures
    from sim.planning.margin import DEFAULT_MARGIN
    from sim.planning.pathway import Outcome, evaluate, schedule_run

    report = {}
    run = [o for o in pathway.outcomes if o.status == "run"]
    best = pathway.chosen or (max(run, key=pathway.p_hold) if run else None)
    report["best"] = best
    if best is not None:
        tell("pw_fresh")
        fresh = draw_futures(len(pathway.futures), seed + 1, spans)
        with tempfile.TemporaryDirectory() as tmp:  # the very table the search ran, on futures it never saw
            path = Path(tmp, "patched.csv")
            pathway.tables[pathway.plan_key(best)].to_csv(path, index=False)
            report["fresh"] = evaluate(raw, str(path), best.levers, best.plan_cost, fresh, seed + 1, pathway.years,
                                       runner)
    tell("pw_reference")
    ready, _ = read_toml(scenario_path(DEFAULT_SCENARIO), "toml.scenario")
    start = int(raw["start_year"])
    ready = {**ready, "start_year": start, "seed": raw.get("seed", ready["seed"]), "name": "ready+plan",
             "county": raw.get("county", ""),
             "policies": [{**p, "start": max(int(p.get("start", start)), start)} for p in ready["policies"]]}
    ready.pop("communities", None)
    ref_levers = {"margin": DEFAULT_MARGIN, "spare_teachers": 1, "size_headroom": 0.0}
    try:
        report["reference"], _, _ = schedule_run(county, ready, ref_levers, pathway.by, pathway.futures, seed,
                                                 plan_params, time_limit, runner)
    except InputError as e:
        report["reference"] = Outcome(ref_levers, status="not run", message=str(e))
    return report


def teller(quiet: bool, lang: str):
    """The progress lines of a run, in ``lang``: ``tell(key, **fields)`` prints the catalogue's message
    (a ``point`` of the lever lattice in words) to stderr; nothing with ``quiet``."""
    from sim.wording import say

    def tell(key, **fields):
        if "point" in fields:
            fields["point"] = lever_text(fields["point"], lang)
        print(say(key, lang, **fields), file=sys.stderr, flush=True)

    return (lambda key, **fields: None) if quiet else tell


def lever_text(point: dict, lang: str) -> str:
    """A point of the lever lattice in words: margin=0.1, spare teachers=1, ..."""
    from sim.wording import label

    return ", ".join(f"{label('lever:' + k, lang)}={v:g}" for k, v in point.items())


def summary_rows(pathway, report, scenario, lang: str = "en") -> list[tuple[str, object]]:
    """(wording key, value) rows of the summary sheet (``lang``) and the printed summary (English)."""
    from sim.planning.robustness import adaptation, breaks, candidates_table, stubborn_items
    from sim.wording import item, say

    sep = "；" if lang == "zh" else ", "

    table = candidates_table(pathway)
    best = report.get("best")
    rows = [("pw_county", scenario.county), ("pw_target", pathway.by), ("pw_level", pathway.level),
            ("pw_found", pathway.chosen is not None)]
    if best is not None:
        row = table[[o is best for o in pathway.outcomes]].iloc[0]
        rows += [("pw_levers" if pathway.chosen is not None else "pw_levers_best", lever_text(best.levers, lang)),
                 ("pw_p_hold", round(pathway.p_hold(best), 3))]
        fresh = report.get("fresh")
        if fresh is not None and fresh.status == "run":
            rows.append(("pw_p_fresh", round(float(fresh.held(pathway.judged).mean()), 3)))
        rows += [("pw_cost", round(float(best.cost.mean()))), ("pw_cost_actions", round(best.plan_cost)),
                 ("pw_cost_policies", round(float(best.policy_cost.mean()))),
                 ("pw_regret", f"{row['median_regret_yuan']:,.0f} / {row['max_regret_yuan']:,.0f}")]
        found = breaks(pathway, best) if pathway.p_hold(best) >= 0.5 else {}  # else failing is the rule, not a box
        if found:
            where = say("pw_and", lang).join(f"{k} {op} {v:.3g}" for k, op, v in found["conditions"])
            rows.append(("pw_breaks", say("pw_box", lang, where=where, inside=found["failures_in_box"],
                                          failures=found["failures"], box=found["futures_in_box"],
                                          density=found["density"])))
        adapt = adaptation(pathway, best)
        if adapt:
            rows.append(("pw_adapt", say("pw_recovers", lang, levers=lever_text(adapt["levers"], lang),
                                         n=adapt["recovered"], failures=adapt["failures"],
                                         extra=adapt["extra_cost_yuan"])))
    ref = report.get("reference")
    if ref is not None and ref.status == "run":
        rows.append(("pw_reference", f"{ref.cost.mean():,.0f}; {pathway.p_hold(ref):.2f}"))
    elif ref is not None:
        rows.append(("pw_reference", f"{ref.status}: {ref.message}"))
    stubborn = stubborn_items(pathway, pathway.level)
    beyond = stubborn[stubborn["beyond_levers"]]
    if len(beyond):
        rows.append(("pw_stubborn", sep.join(say("pw_fails_at_least", lang, item=item(r.item, lang),
                                                  share=r.least_fail_share) for r in beyond.itertuples())))
    rows.append(("pw_assumed", sep.join(item(k, lang) for k in scenario.assumed()) or "-"))
    idle = table[~table["status"].isin(["run", "pruned"])]
    if len(idle):
        rows.append(("pw_not_run", "; ".join(f"{n} {status}: {clip(g['message'].iloc[0], 240)}"
                                               for status, g in idle.groupby("status") for n in [len(g)])))
    ran = int((table["status"] == "run").sum())
    rows.append(("pw_searched", f"{ran} / {len(table)}, {len(pathway.futures)}, {pathway.seconds:.0f}"))
    return rows


def summary_text(pathway, report, scenario, lang: str) -> str:
    """The summary as printed, in the table's language."""
    from sim.wording import label

    colon, yes_no = ("：", ("是", "否")) if lang == "zh" else (": ", ("True", "False"))
    return "\n".join(f"{label(k, lang)}{colon}{(yes_no[0] if v else yes_no[1]) if isinstance(v, bool) else v}"
                     for k, v in summary_rows(pathway, report, scenario, lang))


def write_outputs(stage: Path, pathway, report, county, raw, scenario, lang: str, seed: int):
    """Every table of the run, the chosen (or best) schedule as a scenario, and the workbook. The schedule:
    the start year's actions, then what the schedule's policies do school by school in the later years,
    from one run of its scenario at the scenario's parameters on ``seed`` (``sim.planning.yearly``)."""
    import pandas as pd
    import tomli_w

    from sim.assessment.gap_report import localise
    from sim.data.results import workbook, write_csv
    from sim.data.scenario import parse_scenario
    from sim.planning.pathway import horizon_cost, scenario_raw
    from sim.planning.robustness import by_year, candidates_table, regrets
    from sim.planning.yearly import yearly_actions
    from sim.wording import label

    best, years = report.get("best"), pathway.years
    candidates = candidates_table(pathway)
    schedule = pd.DataFrame()
    cost_by_year = pd.DataFrame(columns=["year", "kind", "cost_yuan"])
    p_by_year = pd.DataFrame(columns=["year", "part", "p_pass", "low", "high"])
    futures = pathway.futures.copy()
    if best is not None:
        actions = pathway.actions[pathway.plan_key(best)]
        schedule = actions.assign(decided=years[0], counts_from=years[0] + 1 + actions["lead_years"])
        spent = horizon_cost(actions, years[0], years[-1], pathway.plan_params).groupby(
            ["year", "action"], as_index=False)["cost_yuan"].sum()
        # a census row books the school year before it: the policies' cost by that school year, as the actions'
        policies = pd.DataFrame({"year": best.policy_by_year.index - 1, "action": "policies",
                                 "cost_yuan": best.policy_by_year.to_numpy()})
        cost_by_year = pd.concat([spent, policies], ignore_index=True).rename(columns={"action": "kind"})
        p_by_year = by_year(pathway, best)
        futures["holds"] = best.held(pathway.judged)
        futures["cost_yuan"] = best.cost
        futures["regret_yuan"] = regrets(pathway, best)
        patched = pathway.tables.get(pathway.plan_key(best))
        if patched is not None:  # the table the search ran, so scenario.toml reruns the schedule.csv it lists
            write_csv(patched, stage / "patched.csv")
            toml = scenario_raw(raw, "patched.csv", best.levers, years[-1])
            toml["name"] = f"{scenario.name}-pathway"
            chosen = ", ".join(f"{k}={v:g}" for k, v in best.levers.items())
            toml["description"] = f"the pathway's schedule for {county.county} ({chosen})"
            (stage / "scenario.toml").write_text(tomli_w.dumps(toml), encoding="utf-8")
            run = parse_scenario({**toml, "schools": str(stage / "patched.csv")}, str(stage / "scenario.toml"))
            schedule = pd.concat([schedule, yearly_actions(run, seed)], ignore_index=True)
    write_csv(schedule, stage / "schedule.csv")
    write_csv(cost_by_year, stage / "cost_by_year.csv")
    write_csv(p_by_year, stage / "p_by_year.csv")
    write_csv(candidates, stage / "candidates.csv")
    write_csv(futures, stage / "futures.csv")
    rows = summary_rows(pathway, report, scenario, lang)
    sheet = pd.DataFrame({label("plan_item", lang): [label(k, lang) for k, _ in rows],
                          label("plan_value", lang): [label("yes" if v else "no", lang) if isinstance(v, bool) else v
                                                      for _, v in rows]})
    with workbook(stage / "pathway.xlsx") as book:
        sheet.to_excel(book, sheet_name=label("pw_summary", lang), index=False)
        localise(schedule, lang).to_excel(book, sheet_name=label("pw_schedule", lang), index=False)
        for frame, name in ((cost_by_year, "pw_cost_by_year"), (p_by_year, "pw_p_by_year"),
                            (candidates, "pw_candidates"), (futures, "pw_futures")):
            localise(frame, lang).to_excel(book, sheet_name=label(name, lang), index=False)
