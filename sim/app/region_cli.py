"""``edusim forecast`` over many counties and ``edusim allocate``: argument handling only."""

import argparse
import os
import sys
from pathlib import Path

from sim.app.options import (
    accept_units_option,
    bad_value,
    convention_note,
    lang_option,
    large_option,
    output_lang,
    positive_int,
    print_notes,
    probability_value,
    run_folder,
    seed_value,
    wrote,
)
from sim.data.errors import InputError
from sim.data.results import write_csv
from sim.wording import say, separator, term

EPILOG_REGION = """\
many counties: give --schools a table with a county column (县（市、区）), or a folder of one form
per county. Each county is projected and assessed on its own (nothing is pooled across counties).
  edusim forecast --schools province.csv --targets timetable.csv
  edusim forecast --schools province.csv --scenario ziyang --overrides counties.toml --criterion cvs
  edusim forecast --schools province/ --executor dask --scheduler tcp://10.0.0.5:8786
writes DIR/counties.csv (per county: first year P(pass) >= --level, binding CV, cost, target, at
risk), county_years.csv (P(pass) per county and year, whole assessment and each part), timetable.csv
(share of counties passing by year, and the share the timetable plans), runs.parquet (every county x
replicate x year), counties.png (heat map), timetable.png and meta.json.
"""


def add_executor_options(p, what: str = "runs", default: str | None = "processes"):
    """--workers, --executor, --scheduler; with ``default=None`` a command can tell whether they were given."""
    p.add_argument("--workers", type=_workers, default=None, metavar="N", help="parallel workers (default: all cores)")
    p.add_argument("--executor", choices=("processes", "dask", "serial"), default=default,
                   help=f"where {what} execute (default: a local process pool)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler, e.g. tcp://host:8786 "
                                                          "(docs/cluster.md)")


def add_region_options(p):
    from sim.region.choices import CRITERIA, DEFAULT_LEVEL

    g = p.add_argument_group("many counties (a table with a county column, or a folder of forms)")
    g.add_argument("--targets", metavar="FILE.csv|FILE.xlsx",
                   help="the timetable: county and target year (县（市、区）, 计划通过年份); counties at risk are listed")
    g.add_argument("--overrides", metavar="FILE.toml", dest="overrides_file",
                   help="each county's own policies: [\"county\"] tables of scenario / without / set")
    g.add_argument("--level", type=probability_value, default=None, metavar="P",
                   help=f"the P(pass) a county must reach (default: {DEFAULT_LEVEL:g})")
    g.add_argument("--criterion", choices=tuple(CRITERIA), default=None,
                   help="what pass means: the whole assessment (default), its resource part, or the 7 CVs")
    add_executor_options(g, "counties x replicates", default=None)


def _workers(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 10_000:
        raise bad_value("arg_range", text, low=1, high=10000)
    return value


REGION_ONLY = {"targets": "--targets", "overrides_file": "--overrides", "level": "--level", "criterion": "--criterion",
               "executor": "--executor", "workers": "--workers", "scheduler": "--scheduler"}


def wants_region(args) -> bool:
    """A forecast of many counties: --schools is a folder or a table of several counties. Options
    only a region uses are refused elsewhere."""
    from sim.data.schooltable import cached_counties

    region = args.schools is not None and (Path(args.schools).is_dir()
                                           or len(cached_counties(args.schools, args.accept_units)) > 1)
    given = [flag for key, flag in REGION_ONLY.items() if getattr(args, key, None) is not None]
    if given and not region:
        raise InputError.worded("region_options_none" if args.schools is None else "region_options_one",
                                options=", ".join(given))
    if args.scheduler and args.executor != "dask":
        raise InputError.worded("scheduler_dask")
    return region


def projection_end(given: int | None, scenario_end: int, targets: dict, lang: str = "en") -> int | None:
    """The end year: --end-year, else the scenario's, moved on to the latest target when the timetable
    reaches further. A --end-year before a target would judge that county early: refused."""
    latest = max(targets.values(), default=None)
    if given is not None:
        if latest is not None and latest > given:
            raise InputError.worded("end_before_targets", year=given, latest=latest)
        return given
    if latest is not None and latest > scenario_end:
        print(say("rg_timetable_end", lang, latest=latest, end=scenario_end), file=sys.stderr)
        return latest
    return None


def run_label(args, base) -> str:
    """The default folder name: the table, the scenario and what was changed, so runs that differ do
    not replace each other."""
    label = f"{Path(args.schools).stem}-{base.name}" + "".join(f"-without-{w}" for w in getattr(args, "without", []))
    if getattr(args, "overrides", None) or args.overrides_file:
        label += "-modified"
    return label + f"-{args.criterion}"


def region_run(args, without=(), overrides=()):
    """What a region command starts from: its counties, timetable, base scenario (name, seed, span),
    every county's scenario, and the seed. The projection reaches the latest target (``projection_end``)."""
    from sim.region.overrides import base_scenario, county_scenarios
    from sim.region.timetable import read_targets

    region = load_region(args)
    lang = output_lang(args, region)
    targets = read_targets(args.targets, region.names) if args.targets else {}
    base = base_scenario(region, args.scenario, args.end_year, without, overrides)
    end_year = projection_end(args.end_year, base.end_year, targets, lang) or args.end_year
    if end_year not in (None, base.end_year):  # moved on to the latest target
        base = base_scenario(region, args.scenario, end_year, without, overrides)
    scenarios = county_scenarios(region, args.scenario, end_year, without, overrides, args.overrides_file)
    return region, targets, base, scenarios, base.seed if args.seed is None else args.seed


def load_region(args):
    """The region's counties, with what the reader did to its files (notes) on stderr."""
    from sim.region.tables import read_region

    region = read_region(args.schools, args.accept_units)
    print_notes(region)
    return region


def region_forecast(args) -> int:
    from sim.app.region_plots import draw_region
    from sim.data.results import meta, staged_run, write_json
    from sim.experiments.budget import check_work
    from sim.region.forecast import (
        DEFAULT_LEVEL,
        run_region_forecast,
        summary_lines,
        write_region_forecast,
    )
    from sim.region.overrides import STATUS_QUO

    args.level = DEFAULT_LEVEL if args.level is None else args.level
    args.criterion = args.criterion or "assessment"
    args.executor = args.executor or "processes"
    region, targets, base, scenarios, seed = region_run(args, args.without, args.overrides)
    years = base.end_year - base.start_year
    parts = sum(len(c) for c in region.counties)
    out = run_folder(args, "region", f"{run_label(args, base)}-seed{seed}-n{args.replicates}")
    check_work("forecast", args.replicates * len(region.counties), parts // len(region.counties), years, args.large,
               args.workers or os.cpu_count() or 1)
    lang = args.lang
    name = (say("fc_status_quo", lang) if base.name == STATUS_QUO["name"]
            else f"“{base.name}”" if lang == "zh" else repr(base.name))
    print(say("rg_acts_on", lang, name=name, n=len(region.counties), parts=f"{parts:,}",
              over=say("rg_with_overrides", lang) if args.overrides_file else "", reps=args.replicates,
              end=base.end_year), file=sys.stderr)
    result = run_region_forecast(region, scenarios, args.replicates, seed, targets, args.level, args.criterion,
                                 args.executor, args.workers, args.scheduler, progress=not args.quiet, lang=lang)
    with staged_run(out) as tmp:
        write_region_forecast(tmp, result)
        write_json(tmp / "meta.json", meta(
            experiment="region", run=out.name, scenario=base.as_dict() | {"county": None, "schools": None},
            seed=seed, replicates=args.replicates, level=args.level, criterion=args.criterion, lang=lang,
            schools_table=args.schools, schools_sha256=region.sha256, counties=len(region.counties),
            school_parts=parts, targets=args.targets, overrides=args.overrides_file,
            executor=args.executor, command=args.command_line))
        draw_region(tmp)
    from sim.experiments.compare import assumed_by

    print("\n".join(summary_lines(result, args.level, args.criterion, base.params["exchange_counted_at"],
                                   assumed_by(scenarios.values()), lang)))
    print(convention_note(base.params["exchange_counted_at"], lang))
    print(wrote(out, ["counties.png", "timetable.png", "counties.csv", "county_years.csv", "timetable.csv",
                      "runs.parquet", "meta.json"], lang))
    return 0


def add_allocate_parser(sub):
    from sim.region.choices import CRITERIA, DEFAULT_LEVEL, PROGRAMMES, RULES

    a = sub.add_parser(
        "allocate", help="share a provincial budget among counties: how many pass by their target year, by rule",
        description="Compare rules for sharing one programme's yearly budget among the counties of a table:\n"
                    "pro rata to pupils, to the largest shortfall, to the counties closest to passing, and an\n"
                    "optimised allocation (each county simulated at 0, 1/2, 1, 2, 4 x its pro-rata amount; an\n"
                    "exact dynamic programme picks the levels that maximise the expected number of counties\n"
                    "passing). Every rule is then evaluated on the same fresh replicates.",
        epilog="programmes (the budget's unit):\n"
               + "".join(f"  {k:<13} {p.policy}.{p.param} ({p.unit})\n" for k, p in PROGRAMMES.items())
               + "\nexamples:\n"
                 "  edusim allocate --schools experiments/data/prefecture_12.csv \\\n"
                 "      --targets experiments/data/prefecture_12_targets.csv --programme construction --budget 2e8\n"
                 "  edusim allocate --schools province.xlsx --programme posts --budget 500 --criterion cvs\n\n"
                 "writes DIR/rules.csv (counties passing in their target year per rule: mean, sd, 10 % and 90 %\n"
                 "of replicates), amounts.csv (each county's amount and policy parameter per rule), counties.csv\n"
                 "(each county's P(pass in its target year) per rule), passes.parquet, allocate.png, meta.json.\n"
                 "Method: docs/model.md section 14.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--schools", required=True, metavar="FILE|FOLDER",
                   help="the region's table (a county column) or a folder of one form per county")
    accept_units_option(a)
    a.add_argument("--programme", required=True, choices=tuple(PROGRAMMES), help="what the province funds")
    a.add_argument("--budget", required=True, type=_budget, metavar="AMOUNT",
                   help="the province's yearly budget in the programme's unit (yuan, or posts)")
    a.add_argument("--targets", metavar="FILE", help="county and target year (default: every county judged in "
                                                     "the end year)")
    a.add_argument("--scenario", metavar="NAME|FILE.toml", help="the policies every county runs besides the "
                                                                "programme (default: the status quo)")
    a.add_argument("--overrides", metavar="FILE.toml", dest="overrides_file", help="each county's own policies")
    a.add_argument("--end-year", type=int, metavar="YEAR", help="project to this year (default: the scenario's, "
                                                                "or the latest target)")
    a.add_argument("--rules", nargs="+", choices=RULES, default=list(RULES), help="rules to compare (default: all)")
    a.add_argument("--replicates", type=positive_int, default=20, metavar="N",
                   help="replicates of each county under each rule (default: 20)")
    a.add_argument("--search-replicates", type=positive_int, default=10, metavar="N",
                   help="replicates per county and level in the optimised rule's search (default: 10)")
    a.add_argument("--criterion", choices=tuple(CRITERIA), default="assessment", help="what pass means")
    a.add_argument("--level", type=probability_value, default=DEFAULT_LEVEL, metavar="P",
                   help=f"the closest rule funds counties below this P(pass) (default: {DEFAULT_LEVEL:g})")
    a.add_argument("--seed", type=seed_value, default=None, metavar="S", help="random seed (default: the scenario's)")
    lang_option(a)
    large_option(a)
    a.add_argument("--out", metavar="DIR", help="output folder (default: results/allocate/<table>-<scenario>-<criterion>-"
                                                "<programme>-<budget>-seed<S>-n<N>)")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    add_executor_options(a, "counties x replicates")
    a.set_defaults(run=cmd_allocate)


def _budget(text: str) -> float:
    value = float(text)
    if not 0 < value < 1e15:  # also refuses nan and inf
        raise bad_value("arg_budget", text)
    return value


def cmd_allocate(args) -> int:
    from sim.app.region_plots import draw_allocation
    from sim.data.results import meta, staged_run, write_json
    from sim.experiments.budget import check_work
    from sim.region.allocate import PROGRAMMES, SEARCH_LEVELS, allocate
    from sim.region.forecast import CRITERIA, counties

    if args.scheduler and args.executor != "dask":
        raise InputError.worded("scheduler_dask")
    region, targets, first, scenarios, seed = region_run(args)
    name = f"{run_label(args, first)}-{args.programme}-{args.budget:g}-seed{seed}-n{args.replicates}"
    out = run_folder(args, "allocate", name)
    n = len(region.counties)
    runs = n * (args.replicates * (len(args.rules) + 1)
                + args.search_replicates * (len(SEARCH_LEVELS) if "optimised" in args.rules else 1))
    check_work("allocate", runs, sum(len(c) for c in region.counties) // n, first.end_year - first.start_year,
               args.large, args.workers or os.cpu_count() or 1)
    unit, lang = PROGRAMMES[args.programme].unit, args.lang
    shown_unit = say(f"al_unit_{args.programme}", lang)
    print(say("al_note", lang, budget=f"{args.budget:,.0f}", unit=shown_unit,
              programme=say(f"al_{args.programme}", lang), n=n,
              rules=separator(lang).join(term(r, lang, "rule.") for r in args.rules), runs=f"{runs:,}"), file=sys.stderr)
    result = allocate(region, scenarios, args.programme, args.budget, targets, args.replicates,
                      args.search_replicates, seed, CRITERIA[args.criterion], args.level, tuple(args.rules),
                      args.executor, args.workers, args.scheduler, progress=not args.quiet, lang=lang)
    with staged_run(out) as tmp:
        write_csv(result.rules, tmp / "rules.csv")
        write_csv(result.amounts, tmp / "amounts.csv")
        write_csv(result.counties, tmp / "counties.csv")
        result.runs.to_parquet(tmp / "passes.parquet", index=False)
        write_json(tmp / "meta.json", meta(
            experiment="allocate", run=out.name, programme=args.programme, budget=args.budget, unit=unit,
            scenario=first.as_dict() | {"county": None, "schools": None}, seed=seed, replicates=args.replicates,
            search_replicates=args.search_replicates, search_seed=seed + 1, rules=args.rules, level=args.level,
            criterion=args.criterion, lang=lang, schools_table=args.schools,
            schools_sha256=region.sha256, targets=args.targets, overrides=args.overrides_file,
            command=args.command_line))
        draw_allocation(tmp)
    when = say("al_when_target", lang) if targets else say("al_when_end", lang, end=first.end_year)
    print(say("al_head", lang, when=when, criterion=term(args.criterion, lang, "criterion."), n=n, reps=args.replicates))
    for row in result.rules.itertuples():
        print(say("al_row", lang, rule=term(row.rule, lang, "rule."), mean=f"{row.counties_passing_mean:6.2f}",
                  p10=f"{row.counties_passing_p10:g}", p90=f"{row.counties_passing_p90:g}",
                  host=f"{row.counties_passing_mean_host:.2f}", home=f"{row.counties_passing_mean_home:.2f}",
                  used=f"{row.used:,.0f}", unit=shown_unit, funded=counties(row.counties_funded, lang),
                  booked=f"{row.booked_yuan:,.0f}"))
    print(say("al_rules_note", lang))
    from sim.experiments.compare import assumed_by, assumed_line

    assumed = assumed_line(assumed_by(scenarios.values()), lang, "al_assumed")
    if assumed and args.criterion == "assessment":  # only the whole assessment reads the declared items
        print(assumed)
    print(wrote(out, ["allocate.png", "rules.csv", "amounts.csv", "counties.csv", "passes.parquet", "meta.json"], lang))
    return 0
