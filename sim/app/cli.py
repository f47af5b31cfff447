"""The ``edusim`` command: thin argument handling over the library; no model logic here."""

import argparse
import contextlib
import errno
import functools
import os
import re
import sys
from pathlib import Path

from sim.app.options import (
    accept_units_option,
    accepted_units,
    argv_lang,
    bounded,
    clip,
    convention_note,
    count_value,
    dated,
    edusim_version,
    lang_option,
    large_option,
    output_lang,
    argparse_words,
    parse_lang,
    port_value,
    positive_int,
    print_notes,
    printable,
    reader_options,
    run_folder,
    scenario_options,
    seconds_value,
    seed_value,
    share_passing,
    share_value,
    table_options,
    wrap_wide,
    wrote,
    year_option,
    yuan_amount,
)
from sim.app.pathway_cli import add_pathway_parser
from sim.app.region_cli import (
    EPILOG_REGION,
    add_allocate_parser,
    add_executor_options,
    add_region_options,
    region_forecast,
    wants_region,
)
from sim.data.errors import InputError
from sim.data.results import dumps, workbook, write_csv
from sim.experiments.budget import check_work, school_parts

EPILOG_FORECAST = """\
examples:
  edusim forecast                          Ziyang to 2029, 100 replicates, into results/forecast/...
  edusim forecast --replicates 100 --seed 7 --out results/forecast/ziyang-100
  edusim forecast --schools my_county.csv  start from your own school table (schema: edusim balance --help)
  edusim forecast --scenario my_county.toml --end-year 2035
  edusim forecast --without teacher_exchange   what the exchange contributes
  edusim forecast --without all                the no-policy counterfactual
  edusim forecast --set teacher_exchange.rate=0.2 --set rural_drift=0.02

writes DIR/yearly.csv (one row per year x replicate), DIR/schools.csv (each school's
indicators against the standards in the final year, median over replicates),
DIR/meta.json and DIR/forecast.png. Same seed, same files.
"""

EPILOG_COMPARE = """\
examples:
  edusim compare chengdu pingdingshan dingxi ziyang weicheng
  edusim compare ziyang --marginal                          every policy of Ziyang, dropped one at a time
  edusim compare ziyang --marginal teacher_exchange rural_allowance --replicates 100 --year 2029

--marginal runs the scenario and, for each policy, the scenario without it, on the same seeds
(common random numbers); per policy: the effect (full minus without) on P(all 7 CVs pass) and
P(full high-quality test), with exchange teachers counted at host and at home, in percentage
points; on the binding CV / its threshold and on the urban-rural gap; the cost to the year
judged (package cost, full minus without); and yuan per percentage point, each with a 90 %
paired bootstrap interval over replicates. Yuan per point is n/a when the effect's interval
includes 0 (or lies below it). Writes DIR/marginal.csv (one row per policy), replicates.csv
(the paired differences), meta.json and marginal.png (default DIR:
results/marginal/<scenario>-<year>-seed<S>-n<N>).
"""

EPILOG_BALANCE = """\
the table: the official form as kept (.xlsx, or CSV in UTF-8 or GBK), Chinese or English
headers with units (教学仪器设备值（万元）, 体育运动场馆面积（亩）); title, blank and 合计 rows
skipped; unknown columns ignored; a nine-year school may be one row (小学在校生数, 初中在校生数;
split 1 : 1.1); teaching points name their school in 'parent' (所属学校). Every problem is
reported at once. docs/county-tables.md lists every header understood.

one row per school and stage, absolute numbers (the tool divides):
  school, stage (primary|junior), enrollment,
  teachers_above_degree, backbone_teachers, pe_art_teachers, teaching_space_m2,
  sports_area_m2, equipment_yuan, multimedia_rooms        (high-quality balance, required)
  computers, books, teachers, senior_title_teachers        (basic balance, optional)
  county, community, role (core|member|teaching_point), location (urban|township|village),
  parent (the school of a teaching point)
  classes                                                  (class size; with rooms: special rooms)
  music_rooms, art_rooms                                   (one of each per 12 classes, at least one)

the whole assessment (2017 method): resource allocation (the CVs above), government assurance,
education quality and social recognition. From the table alone it judges school size (2,000
pupils; 2,500 for a nine-year school, i.e. a school name with both stages), class size (45 / 50)
and special rooms. Declared items (pay, catchment, retention, satisfaction, vetoes, ...) come
from --scenario (its [declared] table) or --declared FILE.toml; items that need a simulation
(training hours, exchange rate, monitoring) are listed as not assessed.
"""


class ChineseHeadings(argparse.HelpFormatter):
    """The headings argparse writes itself (usage, positional arguments, options), in Chinese, and
    option texts wrapped as Chinese is: by the width a terminal gives each character, between any two
    Chinese characters but never inside a word of Latin letters (a key, a command, 200 MB)."""

    def _split_lines(self, text, width):
        return wrap_wide(" ".join(text.split()), width)

    def start_section(self, heading):
        from sim.wording import help_zh

        super().start_section(help_zh("*", heading) or heading)

    def add_usage(self, usage, actions, groups, prefix=None):
        from sim.wording import help_zh

        super().add_usage(usage, actions, groups, help_zh("*", "usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse, with a wrong option said in one line like every other error (not the usage, then it),
    and ``--help`` in Chinese where the catalogue words it (``--lang zh``, a Chinese table, locale).
    Options are taken whole: ``plot --out`` is no ``--outcome`` (argparse would take the prefix)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{"allow_abbrev": False, **kwargs})

    def format_help(self):
        from sim.wording import help_zh, help_zh_commands

        command = self.prog.split()[-1]
        if parse_lang() != "zh" or command not in help_zh_commands():  # the others' help stays English
            return super().format_help()
        texts = [(self, "description", "description"), (self, "epilog", "epilog")]
        for action in self._actions:
            texts.append((action, "help", (action.option_strings or [action.dest])[-1]))
            texts += [(c, "help", f"cmd:{c.dest}") for c in getattr(action, "_choices_actions", [])]
        before = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in texts]
        try:
            for obj, attr, item in texts:
                words = help_zh(command, "table" if item in ("table", "FILE.xlsx|FILE.csv") else item)
                if words is not None and getattr(obj, attr):
                    setattr(obj, attr, words.format(default=getattr(obj, "default", "")))
            self.formatter_class = type("Chinese", (ChineseHeadings, self.formatter_class), {})
            return re.sub(r"^(\S.*):$", r"\1：", super().format_help(), flags=re.M)  # headings end in "："
        finally:
            for obj, attr, value in before:
                setattr(obj, attr, value)
            self.formatter_class = self.formatter_class.__mro__[2]

    def error(self, message):
        from sim.wording import say

        lang = parse_lang()
        text = bounded(argparse_words(message) if lang == "zh" else message)
        self.exit(2, say("error", lang, text=say("see_help", lang, text=text, prog=self.prog)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="edusim",
        description="Simulate urban-rural convergence of a county's schools under pairing, teacher "
                    "rotation and resource sharing, and compute the official balance indices.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {edusim_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    f = sub.add_parser("forecast", help="project a scenario's balance indices with uncertainty bands",
                       description="Run replicates of a scenario to its end year and chart the official "
                                   "indices with 10-90 % bands.",
                       epilog=EPILOG_FORECAST + "\n" + EPILOG_REGION, formatter_class=argparse.RawDescriptionHelpFormatter)
    f.add_argument("--scenario", default=None, metavar="NAME|FILE.toml",
                   help="a ready scenario (see 'edusim scenarios') or a TOML file (default: ziyang; with "
                        "--schools, the table's county under the status quo, no new policy)")
    f.add_argument("--replicates", type=positive_int, default=100, metavar="N",
                   help="independent runs; more gives smoother bands (default: 100, about 2 s)")
    f.add_argument("--seed", type=seed_value, default=None, metavar="S",
                   help="random seed (default: the scenario's own)")
    table_options(f)
    f.add_argument("--end-year", type=int, metavar="YEAR", help="project to this year instead of the scenario's")
    scenario_options(f)
    f.add_argument("--out", metavar="DIR",
                   help="run folder (default: results/forecast/<scenario>-seed<S>-n<N>; many counties: results/region/...)")
    f.add_argument("--quiet", action="store_true", help="no progress bar")
    add_region_options(f)
    f.set_defaults(run=cmd_forecast)

    b = sub.add_parser("balance", help="official balance indices of your own school table",
                       description="Compute the enrollment-weighted CVs, the high-quality test (7 "
                                   "indicators, 6-of-7 rule) and the basic test (8-indicator composite) "
                                   "for a school table.",
                       epilog=EPILOG_BALANCE, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("table", metavar="FILE.xlsx|FILE.csv")
    reader_options(b)
    year_option(b)
    lang_option(b)
    b.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    b.add_argument("--scenario", metavar="NAME|FILE.toml", help="take the declared items from this scenario's [declared]")
    b.add_argument("--declared", metavar="FILE.toml",
                   help="take the declared items from a TOML file of KEY = VALUE (or a [declared] table)")
    b.set_defaults(run=cmd_balance)

    k = sub.add_parser("check", help="check a school table and list every problem in it, one a line",
                       description="Read a school table as every other command reads it and list every problem\n"
                                   "found in it, one a line (other commands stop at the first line of their\n"
                                   "error), then the notes on what the reader did. Exit 0 when the table can be\n"
                                   "used, 2 when it cannot.",
                       epilog="examples:\n  edusim check experiments/data/bureau_county.xlsx\n"
                              "  edusim check my_county.csv --lang zh\n\nwrites nothing.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    k.add_argument("table", metavar="FILE.xlsx|FILE.csv")
    accept_units_option(k)
    large_option(k)
    lang_option(k, what="what is said (default: zh when the table's headers are Chinese, else en)")
    k.set_defaults(run=cmd_check)

    r = sub.add_parser("report", help="gap report of your school table: who misses which standard, by how much",
                       description="For each school and stage, each of the 7 high-quality standards: value, standard,\n"
                                   "ratio and the shortfall in the indicator's own unit (teachers, m2, yuan, rooms);\n"
                                   "the 6-of-7 / 85 % status; which CV binds and which schools move it most; school\n"
                                   "size, class size and special rooms where the table allows.",
                       epilog="examples:\n  edusim report experiments/data/bureau_county.xlsx\n"
                              "  edusim report my_county.csv --lang zh --out results/report/mine\n\n"
                              "writes DIR/report.xlsx (one sheet per table, Chinese when the table is), schools.csv,\n"
                              "shortfalls.csv, cvs.csv, other.csv and meta.json (default DIR: results/report/<table>).",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("table", metavar="FILE.xlsx|FILE.csv")
    reader_options(r)
    year_option(r)
    lang_option(r)
    r.add_argument("--out", metavar="DIR", help="output folder (default: results/report/<table name>)")
    r.set_defaults(run=cmd_report)

    from sim.planning.margin import DEFAULT_MARGIN
    pn = sub.add_parser("plan", help="the cheapest actions that pass the resource test, with a margin",
                        description="Find the cheapest set of actions after which the table passes the high-quality\n"
                                    "resource test and the school-size item with a margin:\n"
                                    "  - whole teachers moved between schools (within a community when the table\n"
                                    "    names them), hired into open posts or into new posts, designated county-level\n"
                                    "    or trained city-level backbone teachers, degrees upgraded in service;\n"
                                    "  - teaching space and sports ground built (an indoor hall where the site has\n"
                                    "    no land), equipment and multimedia rooms bought;\n"
                                    "  - pupils beyond a site's 2,000 (2,500 nine-year) sent with their teachers to\n"
                                    "    schools with room, or else to a new school;\n"
                                    "  - with --merge-points, teaching points counted as schools merged into their own.\n"
                                    "Each at its documented cost, limit and lead time (docs/model.md 13). Solved as a\n"
                                    "MILP (HiGHS) with cutting planes for the CV limits; the optimality gap is\n"
                                    "reported. Then checked: the patched table passes `edusim balance`, and a\n"
                                    "forecast of it under the status quo still passes the next year in most replicates.",
                        epilog=f"the margin: every standard a school counts on at (1 + margin) x the standard, every\n"
                               f"CV at (1 - margin) x its threshold (default margin {DEFAULT_MARGIN:g}), and K spare\n"
                               "teachers of each kind at every school. Unless --spare-teachers is given, K = 1, 2, 3\n"
                               "is tried in turn and the first plan whose status quo still passes a year later in\n"
                               "80 % of --check-replicates simulated counties is kept: a small school's margin is a\n"
                               "whole teacher (experiments/plan_margin.py; docs/model.md 13).\n\n"
                               "examples:\n  edusim plan experiments/data/bureau_county.xlsx\n"
                               "  edusim plan my_county.csv --set new_post_share=0 --set salary_yuan=95000\n"
                               "  edusim plan my_county.csv --margin 0.1 --spare-teachers 1 --out results/plan/mine\n\n"
                               "writes DIR/actions.csv (with each action's lead time), patched.csv (the table after\n"
                               "the plan: give it to `balance` or `forecast --schools`), plan.xlsx (a summary sheet\n"
                               "first, then actions by school), plan.json and meta.json\n"
                               "(default DIR: results/plan/<table>-m<margin>-s<spare>). Not modelled: class size,\n"
                               "special rooms, costs after the first year.",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    pn.add_argument("table", metavar="FILE.xlsx|FILE.csv")
    reader_options(pn)
    year_option(pn)
    lang_option(pn)
    pn.add_argument("--margin", type=share_value, default=DEFAULT_MARGIN, metavar="M",
                    help=f"relative margin on every standard and CV threshold (default: {DEFAULT_MARGIN:g})")
    pn.add_argument("--spare-teachers", type=count_value, default=None, metavar="K",
                    help="teachers of each kind a school keeps beyond its standard (default: the fewest of 1, 2, 3 "
                         "whose plan passes the next-year check)")
    pn.add_argument("--moves", choices=("community", "county"), default="community",
                    help="teachers move within their community (default, when the table names communities) or "
                         "anywhere in the county (县管校聘)")
    pn.add_argument("--time-limit", type=seconds_value, default=120.0, metavar="S",
                    help="solver seconds for each plan (1 to 3600; default: 120)")
    pn.add_argument("--check-replicates", type=count_value, default=100, metavar="N",
                    help="replicates of the next-year forecast check (0: skip it and plan with 1 spare; default: 100)")
    pn.add_argument("--merge-points", action="store_true",
                    help="with --teaching-points separate or exclude_small: merge a teaching point into its school "
                         "where that makes the plan cheaper (transport or boarding costed; closing a rural school "
                         "needs due process)")
    pn.add_argument("--budget", type=yuan_amount, default=None, metavar="YUAN",
                    help="the most the plan may cost: the search for spare teachers stops at a plan over it, the "
                         "plan without a spare is kept instead (however it holds next year) unless it too is over, and "
                         "the output says by how much")
    pn.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides",
                    help="override a cost or limit of the plan (new_post_share=0, cost_land_yuan_m2=3000; the "
                         "table in docs/model.md 13); repeatable")
    pn.add_argument("--out", metavar="DIR", help="output folder (default: results/plan/<table>-m<margin>-s<spare>)")
    pn.set_defaults(run=cmd_plan)

    m = sub.add_parser("compare", help="compare scenarios, each against its no-policy counterfactual, with costs",
                       description="Run each scenario and its no-policy counterfactual on the same seeds;\n"
                                   "write yearly.csv, meta.json, compare.png and compare.csv, one row per\n"
                                   "scenario in the end year, with and without its policies:\n"
                                   "  - P(pass): share of replicates passing all 7 high-quality CVs, and\n"
                                   "    the full high-quality test, with exchange teachers counted at\n"
                                   "    their host and at their home school (_host, _home);\n"
                                   "  - the binding CV: the indicator largest relative to its threshold\n"
                                   "    without policies, and its CV in both;\n"
                                   "  - urban-rural gap, diversity, total policy cost;\n"
                                   "  - yuan per percentage point of P(pass), per 0.01 reduction of the\n"
                                   "    binding CV and per 0.01 narrowing of the gap (NaN: no gain).",
                       epilog=EPILOG_COMPARE, formatter_class=argparse.RawDescriptionHelpFormatter)
    m.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="names or TOML files")
    m.add_argument("--marginal", nargs="*", default=None, metavar="POLICY",
                   help="one scenario: each policy's drop-one effect and yuan per percentage point (all its "
                        "policies, or those named by id or type)")
    m.add_argument("--year", type=int, default=None, metavar="YEAR",
                   help="with --marginal: the year judged (default: the scenario's end year)")
    table_options(m)
    m.add_argument("--replicates", type=positive_int, default=50, metavar="N", help="runs per scenario and variant (default: 50)")
    m.add_argument("--seed", type=seed_value, default=None, metavar="S", help="one seed for all (default: each scenario's own)")
    m.add_argument("--out", metavar="DIR", help="run folder (default: results/compare/<names>-n<N>)")
    m.add_argument("--quiet", action="store_true", help="no progress bar")
    m.set_defaults(run=cmd_compare)

    w = sub.add_parser("sweep", help="run an experiment file: parameter sweep, replicates, resumable",
                       description="Run every design point x replicate of an experiment and stream the "
                                   "results to Parquet in DIR (pandas.read_parquet(DIR) reads them). "
                                   "Interrupted? Run the same command again: only missing runs are computed.",
                       epilog="examples:\n"
                              "  edusim sweep experiments/smoke.toml\n"
                              "  edusim sweep experiments/ziyang_exchange_pairing.toml --workers 2\n"
                              "  edusim sweep EXP.toml --executor dask                      (a local Dask cluster)\n"
                              "  edusim sweep EXP.toml --executor dask --scheduler tcp://host:8786\n"
                              "then: edusim plot results/sweep/<name>",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    w.add_argument("experiment", metavar="EXPERIMENT.toml")
    table_options(w)
    w.add_argument("--out", metavar="DIR", help="results folder (default: results/sweep/<experiment name>)")
    add_executor_options(w)
    w.add_argument("--quiet", action="store_true", help="no progress bar")
    w.set_defaults(run=cmd_sweep, resumable=True)

    pl = sub.add_parser("plot", help="charts of a stored sweep: pass heatmap, fans, scenario discovery, sensitivity",
                        description="Draw charts from a sweep's stored results into DIR/_plots (nothing is re-run).")
    pl.add_argument("sweep_dir", metavar="DIR")
    pl.add_argument("--x", metavar="PARAM", help="heatmap x axis (default: the first parameter)")
    pl.add_argument("--y", metavar="PARAM", help="heatmap y axis (default: the second parameter)")
    pl.add_argument("--outcome", metavar="COLUMN", help="outcome of the fans and sensitivity (default: mean_hq_cv)")
    lang_option(pl, what="the charts (default: the sweep's own, that of its table)")
    pl.set_defaults(run=cmd_plot)

    k = sub.add_parser("calibrate", help="fit parameters to observed targets; write the calibrated scenario",
                       description="Fit the parameters named in a calibration file to its targets (loss: squared "
                                   "errors in units of each target's sd, medians over replicates with common "
                                   "random numbers), report the fit and the interval each parameter can honestly "
                                   "claim, and write the calibrated scenario file.",
                       epilog="example:\n  edusim calibrate experiments/calibrate_chengdu.toml\n"
                              "  edusim forecast --scenario results/calibrate/chengdu_balance_index/calibrated.toml",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    k.add_argument("calibration", metavar="CALIBRATION.toml")
    table_options(k)
    k.add_argument("--out", metavar="DIR", help="output folder (default: results/calibrate/<name>)")
    k.add_argument("--quiet", action="store_true", help="no progress bar")
    k.set_defaults(run=cmd_calibrate)

    d = sub.add_parser("dashboard", help="explore a scenario in the browser: levers, school years, live indices",
                       description="Serve the dashboard on this machine (no internet needed): move the policy "
                                   "levers, press Reset, step a school year or play to the end year, and export "
                                   "the settings as a scenario file for `edusim forecast --scenario FILE`.",
                       epilog="example:\n  edusim dashboard --scenario ziyang --port 8765   then open http://127.0.0.1:8765",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("--scenario", default="ziyang", metavar="NAME|FILE.toml",
                   help="scenario shown first: a ready name or a TOML file (default: ziyang)")
    d.add_argument("--schools", metavar="FILE.xlsx|FILE.csv",
                   help="start with your county's school table (it can also be loaded on the page)")
    d.add_argument("--port", type=port_value, default=8765, help="port (default: 8765)")
    d.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    lang_option(d)
    d.set_defaults(run=cmd_dashboard)

    add_allocate_parser(sub)
    add_pathway_parser(sub)

    c = sub.add_parser("chart", help="redraw the charts of a stored forecast, comparison, marginal, region or "
                                     "allocation run")
    c.add_argument("run_dir", metavar="DIR")
    lang_option(c, what="the charts (default: the run's own, as its meta.json says)")
    c.set_defaults(run=cmd_chart)

    s = sub.add_parser("scenarios", help="list the ready scenarios")
    lang_option(s, "en", "the descriptions (default: en)")
    s.set_defaults(run=cmd_scenarios)

    from sim.experiments.validation.catalogue import help_text as validate_help
    v = sub.add_parser("validate", help="hindcasts: the model against observations it was not tuned to",
                       description="Run hindcasts of the model, with no tuning to their targets, and print\n"
                                   "observed against simulated, the error and whether each meets its tolerance\n"
                                   "(stated below, before anything runs), beside null models (the same run\n"
                                   "without its capital programme; nothing changes): a hindcast a null model\n"
                                   "also passes is NOT DISCRIMINATING. A failing hindcast is a finding: the\n"
                                   "exit code is 0 unless the input is bad (2).",
                       epilog=validate_help() + "\n\nexamples:\n  edusim validate\n"
                              "  edusim validate --only national_resources --json\n"
                              "  edusim validate --only basic_balance_share --replicates 5\n"
                              "  edusim validate --data my_observations/\n"
                              "  edusim validate --replicates 50 --out results/validate/full\n\n"
                              "writes DIR/validate.csv (one row per check) and DIR/meta.json. Same seed, same numbers.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--only", metavar="NAME", help="run one hindcast (cv_spread, national_resources or basic_balance_share)")
    v.add_argument("--replicates", type=positive_int, default=20, metavar="N",
                   help="synthetic counties per ready scenario, runs of the national hindcast (and of its null "
                        "model and band), and synthetic countries of 10 counties of the balance hindcast (default: 20)")
    v.add_argument("--seed", type=seed_value, default=None, metavar="S", help="one seed for all (default: each scenario's own)")
    v.add_argument("--data", metavar="DIR", help="a folder of observed data files of the same names and columns "
                                                 "(default: the copy shipped in sim/experiments/validation/data/)")
    v.add_argument("--json", action="store_true", help="print a JSON object instead of the tables")
    v.add_argument("--out", metavar="DIR", help="run folder (default: results/validate/<all|NAME>-n<N>[-seed<S>])")
    v.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    lang_option(v, "en", "the tables and verdicts (default: en; the hindcasts' titles, sources and notes, and the "
                         "progress lines, quote the literature in English)")
    v.set_defaults(run=cmd_validate)

    lg = sub.add_parser("ledger", help="each policy's isolated five-year effect beside its evidence range",
                        description="Run each registered policy alone in its ready scenario against no policy\n"
                                    "(same seeds) and compare its five-year effect on village-school quality\n"
                                    "with the range its evidence allows (docs/model.md section 11).",
                        epilog="examples:\n  edusim ledger\n  edusim ledger --replicates 20 --json\n\n"
                               "writes DIR/ledger.csv (one row per policy) and DIR/meta.json; exit 0 even when an\n"
                               "effect is outside its range (it is reported), 2 for bad input.",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    lg.add_argument("--replicates", type=positive_int, default=8, metavar="N", help="runs per policy (default: 8)")
    lg.add_argument("--json", action="store_true", help="print a JSON list instead of the table")
    lg.add_argument("--out", metavar="DIR", help="run folder (default: results/ledger/n<N>)")
    lg.add_argument("--quiet", action="store_true", help="no progress bar")
    lang_option(lg, "en", "the table (default: en; the measures and sources stay as published, in English)")
    lg.set_defaults(run=cmd_ledger)
    return parser


def cmd_forecast(args) -> int:
    from sim.app.plots import draw_forecast
    from sim.data.results import meta, staged_run, write_json
    from sim.data.scenario import load_scenario
    from sim.experiments.compare import both_ways
    from sim.experiments.forecast import (
        SYNTHETIC_NOTE,
        binding_name,
        inherited_failures,
        inherited_line,
        run_forecast,
    )
    from sim.wording import say

    if wants_region(args):
        return region_forecast(args)

    scenario = load_scenario(args.scenario, end_year=args.end_year, without=args.without, overrides=args.overrides,
                             schools=args.schools, accept_units=args.accept_units)
    county = scenario.table
    lang = output_lang(args, county)
    seed = scenario.seed if args.seed is None else args.seed
    label = f"{scenario.name}-{Path(args.schools).stem}" if args.schools and args.scenario else scenario.name
    label += "".join(f"-without-{w}" for w in args.without) + ("-modified" if args.overrides else "")
    out = run_folder(args, "forecast", f"{label}-seed{seed}-n{args.replicates}")
    check_work("forecast", args.replicates, school_parts(scenario), scenario.end_year - scenario.start_year, args.large)
    if county is None:
        print(say("fc_synthetic", lang), file=sys.stderr)
    else:
        print_notes(county)
        what = say("fc_status_quo", lang) if args.scenario is None else say("fc_scenario", lang, name=scenario.name)
        print(say("fc_acts_on", lang, what=what, n=len(county), county=county.county, path=args.schools or county.path),
              file=sys.stderr)
    result = run_forecast(scenario, args.replicates, seed, progress=not args.quiet, lang=lang)
    inherited = inherited_failures(result.yearly)
    with staged_run(out) as tmp:
        write_csv(result.yearly, tmp / "yearly.csv")
        write_csv(result.schools, tmp / "schools.csv")
        if lang == "zh":  # the same table with the official Chinese names, for a report
            from sim.assessment.gap_report import localise
            with workbook(tmp / "schools.xlsx") as book:
                report = result.schools.assign(enrollment=result.schools["enrollment"].round())  # whole pupils
                localise(report, "zh").to_excel(book, sheet_name="学校达标情况", index=False)
        write_json(tmp / "meta.json", meta(
            experiment="forecast", run=out.name, scenario=scenario.as_dict(), seed=seed,
            replicates=args.replicates, synthetic_data=result.synthetic, county=scenario.county,
            lang=lang, schools_table=args.schools, schools_table_sha256=county.sha256 if county else None,
            note=SYNTHETIC_NOTE if result.synthetic else None, inherited_failures=inherited,
            command=args.command_line))
        draw_forecast(tmp)
    final = result.yearly[result.yearly["year"] == result.yearly["year"].max()]
    binding = final["binding_indicator"].mode().iloc[0]
    own = scenario.params["exchange_counted_at"]
    p = functools.partial(share_passing, final)
    print(say("fc_headline", lang, name=scenario.name, n=args.replicates, year=int(final["year"].iloc[0]),
              cvs=both_ways(p, "high_quality_cv_pass", own, lang), hq=both_ways(p, "high_quality_pass", own, lang),
              basic=both_ways(p, "basic_pass", own, lang), binding=binding_name(binding, lang),
              ratio=final["binding_cv_ratio"].median()))
    print(assessment_summary(final, own, scenario.assumed(), lang))
    print(inherited_line(inherited, result.synthetic, lang))
    print(convention_note(own, lang))
    print(wrote(out, ["forecast.png", "yearly.csv", "schools.csv", *(["schools.xlsx"] if lang == "zh" else []),
                      "meta.json"], lang))
    return 0


def assessment_summary(final, own: str, assumed=(), lang: str = "en") -> str:
    """P(pass) of the whole assessment and of each part (both countings of exchange teachers where
    they differ), the indicators failing most often, and, beside each part, how many of its items
    are declared ones the scenario does not state (``assumed``: taken at their defaults, so its P
    is only as good as that assumption)."""
    from sim.assessment.whole import ok_columns
    from sim.experiments.compare import assumed_line, both_ways, parts_line
    from sim.wording import item, say, separator

    p = functools.partial(share_passing, final)
    fails = (1.0 - final[ok_columns(final.columns)].astype(float).mean()).sort_values(ascending=False)
    worst = separator(lang).join(say("fc_worst", lang, item=item(k.removeprefix("ok_"), lang), share=v)
                                 for k, v in fails[fails > 0].head(3).items())
    line = say("fc_whole", lang, p=both_ways(p, "assessment_pass", own, lang), parts=parts_line(p, own, assumed, lang),
               worst=worst or say("fc_none", lang))
    return "\n".join(filter(None, [line, assumed_line(assumed, lang)]))


def cmd_balance(args) -> int:
    from sim.assessment.balance import (
        county_reports,
        format_assessment,
        format_reports,
        self_assessment,
    )

    from sim.experiments.compare import assumed_line

    county = _evaluated_table(args)  # first: the errors that follow speak its language
    declared, assumed = _declared(args)
    reports = county_reports(county)
    whole = self_assessment(county, reports, declared)
    if args.json:
        print(dumps({**{st: rep.as_dict([county.school[i] for i in county.stage_rows(i_st)])
                        for (st, rep), i_st in reports}, "assessment": whole, "declared_assumed": assumed,
                     "year": county.year,
                     "notes": county.notes}))
    else:
        lang = output_lang(args, county)
        print(format_reports(county, reports, lang))
        print("\n".join(filter(None, [format_assessment(whole, lang), assumed_line(assumed, lang, "bal_assumed")])))
    return 0


def cmd_check(args) -> int:
    from sim.data.schooltable import read_counties
    from sim.wording import say

    try:
        counties = read_counties(args.table, args.accept_units)
    except InputError as e:
        if not e.problems:
            raise
        print("\n".join(clip(printable(x)) for x in e.problems))  # one a line, whatever a name holds
        print_notes(e)  # a hidden row, a skipped sheet: what may explain a problem
        print(say("problems_counted", e.lang, path=printable(args.table), n=e.count), file=sys.stderr)
        return 2
    print_notes(counties[0])  # the table's notes, the same for each of its counties
    print(say("check_ok", counties[0].lang, path=args.table, n=sum(len(c) for c in counties), counties=len(counties)))
    return 0


def _evaluated_table(args):
    """The user's table read (notes on stderr) and counted as the evaluators do (teaching points)."""
    from sim.assessment.balance import evaluation_county
    from sim.data.schooltable import read_school_table

    county = evaluation_county(read_school_table(args.table, args.accept_units), args.teaching_points)
    print_notes(county)
    return dated(county, args)


def cmd_report(args) -> int:
    import dataclasses

    from sim.assessment.gap_report import format_report, gap_report, write_workbook
    from sim.data.results import meta, staged_run, with_year, write_json

    county = _evaluated_table(args)
    lang = output_lang(args, county)
    rep = gap_report(county)
    out = run_folder(args, "report", Path(args.table).stem)
    names = ("schools", "shortfalls", "cvs", "other")
    stamped = dataclasses.replace(rep, **{name: with_year(getattr(rep, name), county.year) for name in names})
    with staged_run(out) as tmp:
        for name in names:
            write_csv(getattr(stamped, name), tmp / f"{name}.csv")
        write_workbook(stamped, tmp / "report.xlsx", lang)
        write_json(tmp / "meta.json", meta(experiment="report", run=out.name, county=county.county, lang=lang,
                                           schools_table=args.table, schools_table_sha256=county.sha256,
                                           teaching_points=args.teaching_points, notes=county.notes,
                                           command=args.command_line))
    print(format_report(rep, lang))
    print(wrote(out, ["report.xlsx", "schools.csv", "shortfalls.csv", "cvs.csv", "other.csv", "meta.json"], lang))
    return 0


def cmd_plan(args) -> int:
    from sim.wording import label
    from sim.assessment.gap_report import localise
    from sim.data.results import meta, staged_run, with_year, write_json
    from sim.planning.check import SPARES, checked_plan, simulable, simulation_gap
    from sim.planning.optimise import default_params, plan_overrides
    from sim.planning.summary import by_school, simple_rule_cost
    from sim.wording import say

    params = plan_overrides(args.overrides)
    if args.merge_points and args.teaching_points == "merge":
        raise InputError.worded("merge_points_merged")
    county = _evaluated_table(args)
    lang = output_lang(args, county)
    spares = SPARES if args.spare_teachers is None else (args.spare_teachers,)
    name = f"{Path(args.table).stem}-m{args.margin:g}-s{'auto' if args.spare_teachers is None else args.spare_teachers}"
    out = run_folder(args, "plan", name)
    print(say("pl_planning", lang, n=len(county), county=county.county, limit=args.time_limit), file=sys.stderr)
    result, checks = checked_plan(county, args.margin, spares, args.check_replicates, args.time_limit,
                                  args.moves == "county",
                                  progress=lambda text: print(text, file=sys.stderr), params=params,
                                  budget=args.budget, merge_points=args.merge_points, lang=lang)
    if result.patched is not None and args.check_replicates and not simulable(county):
        checks["next_year"] = say("pl_not_run", lang, why=simulation_gap(county))
    checks["simple_rule_yuan"] = simple_rule_cost(county, default_params(params), result.spare_teachers)
    sheets = {label("plan_summary", lang): plan_summary(result, checks, lang, county.year),
              label("plan_by_school", lang): localise(with_year(by_school(result.actions), county.year), lang),
              "措施" if lang == "zh" else "actions": localise(with_year(result.actions, county.year), lang),
              "差异系数" if lang == "zh" else "cvs": localise(with_year(result.cvs, county.year), lang)}
    with staged_run(out) as tmp:
        write_csv(with_year(result.actions, county.year), tmp / "actions.csv")
        if result.patched is not None:
            write_patched(result.patched, tmp / "patched.csv", lang, county.year)
        with workbook(tmp / "plan.xlsx") as book:
            for sheet, frame in sheets.items():
                frame.to_excel(book, sheet_name=sheet, index=False)
        write_json(tmp / "plan.json", {**result.as_dict(), "checks": checks})
        write_json(tmp / "meta.json", meta(experiment="plan", run=out.name, county=county.county, lang=lang,
                                           schools_table=args.table, schools_table_sha256=county.sha256,
                                           margin=args.margin, spare_teachers=result.spare_teachers, params=params,
                                           budget=args.budget, merge_points=args.merge_points, moves=args.moves,
                                           teaching_points=args.teaching_points, notes=county.notes,
                                           command=args.command_line))
    print(result.summary(lang))
    rule = checks["simple_rule_yuan"]
    if result.patched is not None:
        share = say("pl_share", lang, share=result.cost_yuan / rule) if rule > 0 else ""
        print("\n" + say("pl_simple_rule", lang, spare=result.spare_teachers, rule=rule, cost=result.cost_yuan,
                         share=share))
    print(format_checks(checks, result.spare_teachers if result.patched is not None else None, lang))
    print(wrote(out, ["actions.csv", *(["patched.csv"] if result.patched is not None else []), "plan.xlsx",
                      "plan.json", "meta.json"], lang))
    return 0


def write_patched(patched, path: Path, lang: str, year: int | None):
    """The table after the plan, in the form and language its user gave (read back by any command),
    under a title line that names its county and the year of its data."""
    from sim.wording import say

    title = say("pl_patched_title" if year else "pl_patched_undated", lang, county=patched.county, year=year)
    write_csv(patched.frame(lang), path, title)


def plan_summary(result, checks: dict, lang: str, year: int | None = None):
    """The summary sheet of plan.xlsx: the year of the data, then one worded row per item of
    ``sim.planning.summary``."""
    import pandas as pd

    from sim.wording import label
    from sim.planning.summary import summary_rows

    def word(value):
        if isinstance(value, bool):
            return label("yes" if value else "no", lang)
        if isinstance(value, tuple):  # a part's verdicts before and after
            return " -> ".join(label(v, lang) for v in value)
        return label(value, lang) if value in ("optimal", "infeasible", "time limit", "round limit") else value

    rows = [(label("plan_data_year", lang), "" if year is None else year)]
    rows += [(label(f"plan_{item}", lang, stage=label(stage, lang) if stage else ""), word(value))
             for item, stage, value in summary_rows(result, checks)]
    return pd.DataFrame(rows, columns=[label("plan_item", lang), label("plan_value", lang)])


def format_checks(checks: dict, kept: int | None, lang: str = "en") -> str:
    """The plan's checks: the spare teachers tried, balance today and the simulated next year, in ``lang``."""
    from sim.planning.check import HOLDS
    from sim.wording import label, say, term

    lines, money = [], checks.get("budget")
    for t in checks.get("tried", []):
        if t.get("over_budget") and t["spare_teachers"] != kept:
            lines.append(say("pl_tried_budget", lang, spare=t["spare_teachers"], cost=t["cost_yuan"],
                             budget=money["yuan"]))
        elif t["spare_teachers"] != kept or t["status"] == "infeasible":
            why = t.get("message") or say("pl_tried_p", lang, p=t["p_pass_next_year"], holds=HOLDS)
            status = term(t["status"], lang)
            lines.append(say("pl_tried", lang, spare=t["spare_teachers"], status=status, why=why))
    if "passes_today" in checks:
        today = ", ".join(f"{label(st, lang) if lang == 'zh' else st} {say('pass' if ok else 'fail', lang)}"
                          for st, ok in checks["passes_today"].items())
        lines.append(say("pl_today", lang, today=today))
    nxt = checks.get("next_year")
    if isinstance(nxt, dict):
        se = (nxt["p_pass_next_year"] * (1 - nxt["p_pass_next_year"]) / nxt["replicates"]) ** 0.5
        lines.append(say("pl_next", lang, n=nxt["replicates"], now=nxt["p_pass_start"], next=nxt["p_pass_next_year"],
                         se=se, cvs=nxt["p_all_cvs_next_year"], rule=nxt["p_every_school_rule_next_year"]))
        if nxt["p_pass_next_year"] < HOLDS:
            more = any(t["status"] == "infeasible" and t["spare_teachers"] > (kept or 0) for t in checks["tried"])
            dear = any(t.get("over_budget") and t["spare_teachers"] > (kept or 0) for t in checks["tried"])
            advice = "pl_advice_budget" if dear else "pl_advice_infeasible" if more else "pl_advice_more"
            lines.append(say("pl_warning", lang, holds=HOLDS, advice=say(advice, lang)))
    elif nxt:
        lines.append(say("pl_next_other", lang, what=nxt))
    if money and money["over_by"] > 0:
        lines.append(say("pl_over_budget", lang, over=money["over_by"], budget=money["yuan"]))
    return ("\n" if lines else "") + "\n".join(lines)


def _declared(args) -> tuple[dict | None, list[str]]:
    """The declared items of ``--scenario`` or ``--declared`` (None when neither is given), and those
    of them the file does not state, taken at their defaults."""
    from sim.assessment.declared import DECLARED, resolve_declared
    from sim.data.scenario import load_scenario, read_toml

    if args.scenario and args.declared:
        raise InputError.worded("declared_twice")
    if args.scenario:
        scenario = load_scenario(args.scenario)
        return scenario.declared, scenario.assumed()
    if args.declared:
        path = Path(args.declared)
        raw, _ = read_toml(path, "toml.declared")
        given = raw.get("declared", raw) if set(raw) <= {"declared"} else raw
        if not isinstance(given, dict):
            raise InputError.worded("declared_shape", path=path, got=type(given).__name__)
        return resolve_declared(given, str(path)), [k for k in DECLARED if k not in given]
    return None, []


def cmd_marginal(args) -> int:
    from sim.app.plots import draw_marginal
    from sim.data.results import meta, staged_run, write_json
    from sim.data.scenario import load_scenario
    from sim.experiments.marginal import chosen_policies, marginal_lines, run_marginal, target_year

    if len(args.scenarios) != 1:
        raise InputError.worded("marginal_one", n=len(args.scenarios))
    table = {"schools": args.schools, "accept_units": args.accept_units}
    sc = load_scenario(args.scenarios[0], **table)  # fail fast: a bad name, policy or year before any run
    policies, year = chosen_policies(sc, args.marginal), target_year(sc, args.year)
    if not policies:
        raise InputError.worded("marginal_none", name=sc.name)
    seed = sc.seed if args.seed is None else args.seed
    out = run_folder(args, "marginal", f"{sc.name}-{year}-seed{seed}-n{args.replicates}")
    check_work("compare --marginal", (1 + len(policies)) * args.replicates, school_parts(sc),
               sc.end_year - sc.start_year, args.large)
    if sc.table is not None:
        print_notes(sc.table)
    lang = output_lang(args, sc.table)
    result = run_marginal(args.scenarios[0], args.replicates, seed, args.marginal, year, not args.quiet, lang, **table)
    with staged_run(out) as tmp:
        write_csv(result.table, tmp / "marginal.csv")
        write_csv(result.replicates, tmp / "replicates.csv")
        write_json(tmp / "meta.json", meta(
            experiment="marginal", run=out.name, scenario=sc.as_dict(), seed=seed, replicates=args.replicates,
            year=year, full=result.full, synthetic_data=sc.table is None, lang=lang,
            command=args.command_line))
        draw_marginal(tmp)
    print("\n".join(marginal_lines(result.table, result.full, sc.name, year, sc.params["exchange_counted_at"], lang)))
    print(wrote(out, ["marginal.csv", "replicates.csv", "meta.json", "marginal.png"], lang))
    return 0


def cmd_compare(args) -> int:
    if args.marginal is not None:
        return cmd_marginal(args)
    if args.year is not None:
        raise InputError.worded("year_marginal")
    from sim.app.plots import draw_compare
    from sim.data.results import meta, staged_run, write_json
    from sim.data.scenario import load_scenario
    from sim.experiments.compare import assumed_by, assumed_line, run_comparison, summarise
    from sim.wording import say

    table = {"schools": args.schools, "accept_units": args.accept_units}
    named, work = {}, []
    for ref in args.scenarios:  # fail fast, before any run, on a bad name or file
        sc = load_scenario(ref, **table)
        work.append(school_parts(sc) * (sc.end_year - sc.start_year))
        if sc.name in named:  # rows are keyed by name: two scenarios of one name would be summed
            raise InputError.worded("compare_same_name", first=named[sc.name], second=ref, name=sc.name)
        named[sc.name] = ref
        county = sc.table
    if county is not None:
        print_notes(county)
    stem = "-".join(Path(n).stem for n in args.scenarios) + (f"-{Path(args.schools).stem}" if args.schools else "")
    out = run_folder(args, "compare", f"{stem}-n{args.replicates}")
    lang = output_lang(args, county)
    check_work("compare", 2 * len(args.scenarios) * args.replicates, max(work), 1, args.large)
    yearly, scenarios = run_comparison(args.scenarios, args.replicates, args.seed, progress=not args.quiet, lang=lang,
                                       **table)
    table = summarise(yearly)
    with staged_run(out) as tmp:
        write_csv(yearly, tmp / "yearly.csv")
        write_csv(table, tmp / "compare.csv")
        write_json(tmp / "meta.json", meta(
            experiment="compare", run=out.name, scenarios=[sc.as_dict() for sc in scenarios],
            replicates=args.replicates, seed=args.seed, synthetic_data=county is None, lang=lang,
            command=args.command_line))
        draw_compare(tmp)
    cols = ["scenario", "p_assessment_host", "p_assessment_home", "p_assessment_no_policy", "p_government", "p_quality",
            "p_all_cvs_pass_host", "p_all_cvs_pass_home", "p_all_cvs_pass_no_policy", "p_high_quality_host",
            "p_high_quality_home", "binding_indicator", "binding_cv", "binding_cv_no_policy", "total_cost_yuan",
            "yuan_per_point_p_all_cvs_pass_host", "yuan_per_point_p_all_cvs_pass_home",
            "yuan_per_point_p_high_quality", "yuan_per_0.01_binding_cv"]
    shown = table[cols]
    if lang == "zh":
        from sim.experiments.forecast import binding_name
        from sim.wording import label

        shown = shown.assign(binding_indicator=shown["binding_indicator"].map(lambda k: binding_name(k, lang)))
        shown = shown.rename(columns={c: label(c, lang) for c in cols})
    print(shown.to_string(index=False, float_format=lambda v: f"{v:,.3f}" if abs(v) < 100 else f"{v:,.0f}"))
    print(say("cmp_convention", lang))
    assumed = assumed_line(assumed_by(scenarios), lang)
    if assumed:
        print(assumed)
    print(wrote(out, ["compare.png", "compare.csv", "yearly.csv", "meta.json"], lang))
    return 0


def working_cores(args) -> int:
    """The cores a sweep's work estimate may count: one when serial; locally, no more than the
    machine has, whatever --workers says; on a Dask cluster (--scheduler), the workers asked for."""
    cores = os.cpu_count() or 1
    if args.executor == "serial":
        return 1
    return (args.workers or cores) if args.scheduler else min(args.workers or cores, cores)


def cmd_sweep(args) -> int:
    from sim.experiments.experiment import load_experiment, scenario_for
    from sim.experiments.sweep import run_sweep
    from sim.wording import say

    exp = load_experiment(args.experiment, accepted_units(args), args.accept_units)
    if args.scheduler and args.executor != "dask":
        raise InputError.worded("scheduler_dask")
    out = run_folder(args, "sweep", exp.name)
    sc = scenario_for(exp.scenario_raw, exp.points[0], exp.source)
    check_work("sweep", exp.n_runs, school_parts(sc), sc.end_year - sc.start_year, args.large, working_cores(args),
               held=False)
    lang = output_lang(args, sc.table)
    print(say("sw_start", lang, name=exp.name, points=len(exp.points), replicates=exp.replicates, runs=exp.n_runs,
              design=exp.design, out=out), file=sys.stderr)
    summary = run_sweep(exp, out, args.executor, args.workers, args.scheduler, progress=not args.quiet, lang=lang)
    print(say("sw_done", lang, computed=summary["computed"], stored=exp.n_runs - summary["computed"],
              failed=summary["failures"], seconds=f"{summary['wall_seconds']:.1f}", out=out))
    return 0


def cmd_plot(args) -> int:
    from sim.app.plots import draw_sweep, run_lang
    from sim.experiments.sweep import sweep_meta

    args.lang = run_lang(sweep_meta(Path(args.sweep_dir)), args.lang)
    written = draw_sweep(Path(args.sweep_dir), args.x, args.y, args.outcome, args.lang)
    print(wrote(Path(args.sweep_dir) / "_plots", [p.name for p in written], args.lang))
    for path in written:
        if path.name == "sensitivity.txt":  # the Sobol table with its interval widths, on screen too
            print("\n" + path.read_text(encoding="utf-8"), end="")
    return 0


def cmd_calibrate(args) -> int:
    from sim.app.plots import draw_profiles
    from sim.data.results import meta, staged_run, write_json
    from sim.experiments.calibrate import (
        calibrate,
        calibrated_scenario,
        load_calibration,
    )
    from sim.experiments.experiment import scenario_for
    from sim.wording import say

    cal = load_calibration(args.calibration, accepted_units(args), args.accept_units)
    out = run_folder(args, "calibrate", cal.name)
    sc = scenario_for(cal.scenario_raw, {}, cal.source)
    lang = output_lang(args, sc.table)
    # evaluations: the search (Brent about 25, Nelder-Mead about 100 a parameter) and 9 a parameter's profile
    evaluations = 25 + (100 if len(cal.bounds) > 1 else 0) * len(cal.bounds) + 9 * len(cal.bounds)
    check_work("calibrate", evaluations * cal.replicates, school_parts(sc), sc.end_year - sc.start_year, args.large,
               held=False)  # an evaluation's runs are reduced to its loss before the next one runs
    print(say("cal_start", lang, name=cal.name, params=", ".join(cal.bounds), n=len(cal.targets),
              replicates=cal.replicates), file=sys.stderr)
    report = calibrate(cal, progress=not args.quiet, lang=lang)
    with staged_run(out) as tmp:
        write_json(tmp / "report.json", report)
        (tmp / "calibrated.toml").write_text(calibrated_scenario(cal, report["fitted"], report, lang), encoding="utf-8")
        write_json(tmp / "meta.json", meta(experiment="calibrate", run=out.name, calibration=cal.source,
                                           sha256=cal.sha256, lang=lang, command=args.command_line))
        draw_profiles(tmp)
    for name, value in report["fitted"].items():
        prof = report["profiles"][name]
        lo, hi = prof["interval_loss_min_plus_1"]
        print(say("cal_fit", lang, name=name, value=f"{value:.4g}", lo=f"{lo:.4g}", hi=f"{hi:.4g}",
                  note="" if prof["identified"] else say("cal_not_identified", lang)))
    for t in report["targets"]:
        print(say("cal_target", lang, columns=" + ".join(t["columns"]), year=t["year"], value=t["value"],
                  median=f"{t['simulated_median']:.4g}", se=f"{t['monte_carlo_se']:.2g}"))
    print(wrote(out, ["calibrated.toml", "report.json", "profile.png"], lang))
    return 0


def cmd_dashboard(args) -> int:
    import socket

    from sim.data.scenario import available, load_scenario, scenario_path

    load_scenario(args.scenario)  # a bad name fails here, with suggestions
    import importlib.util
    if importlib.util.find_spec("solara") is None:  # not imported here: its threads would outlive a stop
        raise InputError.worded("dashboard_missing")
    try:  # a port in use or an address this machine does not have: one line now, not a silent exit later
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.bind((args.host, args.port))
    except OSError as e:
        raise InputError.worded("dashboard_listen", host=args.host, port=args.port, why=e.strerror or e) from None
    # a ready scenario by its name; a scenario file by its whole path (its stem could name a ready one)
    name = args.scenario if args.scenario in available() else str(Path(scenario_path(args.scenario)).resolve())
    env = {**os.environ, "EDUSIM_SCENARIO": name}
    table = None
    if args.schools:
        table = load_scenario(args.scenario, schools=args.schools).table  # a bad table fails here, not on the page
        print_notes(table)
        env["EDUSIM_SCHOOLS"] = str(Path(args.schools).resolve())
    env["EDUSIM_LANG"] = output_lang(args, table)
    print(f"edusim dashboard: http://{args.host}:{args.port}  (Ctrl-C stops it)", file=sys.stderr)
    cmd = [sys.executable, "-m", "solara", "run", "sim.app.dashboard", "--host", args.host, "--port", str(args.port),
           "--production", "--no-open", "--no-check-version", "--log-level", "warning"]
    sys.stderr.flush()
    return supervise(cmd, env)


def supervise(cmd: list[str], env: dict, grace: float = 5.0) -> int:
    """Run a server as a child that stops with this command: SIGTERM, SIGHUP or Ctrl-C here stop it
    (terminate, then kill after ``grace`` seconds; Solara's server can ignore SIGTERM while it
    starts), and on Linux the kernel kills it if this process is killed outright."""
    import signal
    import subprocess
    import time

    def die_with_parent():
        try:
            import ctypes
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    proc = subprocess.Popen(cmd, env=env, preexec_fn=die_with_parent)
    asked = []  # when a stop was asked for; the handler only asks, the loop below waits and kills

    def ask(*_):
        if not asked:
            asked.append(time.monotonic())
            proc.terminate()

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, ask)
    while True:
        try:
            code = proc.wait(timeout=0.5)
            return 0 if asked else code
        except subprocess.TimeoutExpired:
            if asked and time.monotonic() - asked[0] > grace:
                proc.kill()
        except KeyboardInterrupt:
            ask()


def cmd_chart(args) -> int:
    from sim.app.plots import draw_compare, draw_forecast, draw_marginal, draw_profiles, load_meta, run_lang
    from sim.app.pathway_plots import draw_pathway
    from sim.app.region_plots import draw_allocation, draw_region
    from sim.data.results import record_written

    run_dir = Path(args.run_dir)
    meta = load_meta(run_dir)
    draw = {"compare": draw_compare, "region": draw_region, "allocate": draw_allocation,
            "marginal": draw_marginal, "pathway": draw_pathway, "calibrate": draw_profiles}.get(
        meta.get("experiment"), draw_forecast)
    args.lang = run_lang(meta, args.lang)
    drawn = draw(run_dir, args.lang)
    record_written(run_dir, drawn if isinstance(drawn, list) else [drawn])
    print(wrote(run_dir, [p.name for p in (drawn if isinstance(drawn, list) else [drawn])], args.lang))
    return 0


def cmd_scenarios(args) -> int:
    from sim.data.scenario import available, load_scenario
    from sim.wording import scenario_text

    for name in available():
        print(f"{name:14s} {scenario_text(name, load_scenario(name).description, args.lang)}")
    return 0


def cmd_validate(args) -> int:
    from sim.wording import label, say, separator
    from sim.experiments.validation.checks import format_result
    from sim.experiments.validation.run import (
        check_name,
        default_out,
        run_validation,
        stderr_progress,
        write_run,
    )

    check_name(args.only)  # a bad name fails before anything runs
    out = run_folder(args, "validate", default_out(args.only, args.replicates, args.seed).name)
    results, inputs = run_validation(args.only, args.replicates, args.seed, args.data,
                                     stderr_progress(args.quiet, args.lang))
    write_run(out, results, inputs, replicates=args.replicates, seed=args.seed,
              command=args.command_line)
    verdicts = separator(args.lang).join(f"{r.name} {label(r.verdict, args.lang)}" for r in results)
    if args.json:
        print(dumps({"hindcasts": [r.as_dict() for r in results], "out": str(out)}))
    else:
        print("\n\n".join(format_result(r, args.lang) for r in results))
        print("\n" + say("vl_summary", args.lang, verdicts=verdicts))
    print(wrote(out, ["validate.csv", "meta.json"], args.lang), file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_ledger(args) -> int:
    from sim.data.results import meta, staged_run, write_json
    from sim.experiments.ledger import isolated_effects, markdown

    from sim.wording import say

    out = run_folder(args, "ledger", f"n{args.replicates}")
    table = isolated_effects(args.replicates, progress=not args.quiet, lang=args.lang)
    with staged_run(out) as tmp:
        write_csv(table, tmp / "ledger.csv")
        write_json(tmp / "meta.json", meta(experiment="ledger", run=out.name, replicates=args.replicates,
                                           command=args.command_line))
    outside = table.loc[~table["inside"], "policy"].tolist()
    if args.json:
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    else:
        print(markdown(table, args.replicates, args.lang))
        print("\n" + (say("lg_outside", args.lang, policies=", ".join(outside)) if outside else
                      say("lg_inside", args.lang, n=len(table))))
    print(wrote(out, ["ledger.csv", "meta.json"], args.lang), file=sys.stderr if args.json else sys.stdout)
    return 0


class Terminated(BaseException):
    """SIGTERM reached the command: unwind like an interrupt, so that pools stop their workers and
    staged output is removed."""


#: What the machine can refuse while a run writes: a full disk or quota, a read-only or forbidden folder.
WRITE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENAMETOOLONG)


def _terminated(signum, frame):
    raise Terminated()


def stop_lang(args, guessed: str | None) -> str:
    """The language the command settled on (``output_lang``); before it did, that of the last table it
    read; before any, the one its command line suggests (``argv_lang``: parse errors spoke it too);
    else English."""
    from sim.data.schooltable import TABLES_READ

    return getattr(args, "lang", None) or (TABLES_READ[-1][1] if TABLES_READ else guessed or "en")


def main(argv=None) -> int:
    import signal
    import threading

    from sim.data.forms import language_asked

    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    guessed = argv_lang(argv)
    with language_asked(guessed):  # its parse errors' language
        args = build_parser().parse_args(argv)  # first: --help loads no numerical library
    args.command_line = " ".join(["edusim", *argv])  # as run, for meta.json (main may be called with argv)

    from sim.data.folder_lock import release_all
    from sim.data.forms import limits_lifted
    from sim.data.schooltable import TABLES_READ
    from sim.wording import say

    own = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGTERM, _terminated) if own else None
    lifted = limits_lifted() if getattr(args, "large", False) else contextlib.nullcontext()

    def kept() -> str:
        return say("kept_runs" if getattr(args, "resumable", False) else "kept_nothing", stop_lang(args, guessed))

    TABLES_READ.clear()  # the command's language comes from its own tables, none read before it
    try:
        with lifted, language_asked(getattr(args, "lang", None)):
            return args.run(args)
    except (Terminated, KeyboardInterrupt) as e:
        stop = "stop_terminated" if isinstance(e, Terminated) else "stop_interrupted"
        print(say(stop, stop_lang(args, guessed), kept=kept()), file=sys.stderr)
        return 143 if isinstance(e, Terminated) else 130
    except InputError as e:
        lang = e.lang if e.key is None else stop_lang(args, guessed)  # a catalogue error speaks the command's language
        print(say("error", lang, text=bounded(e.text(lang))), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (| head) stopped reading: nothing is wrong, say nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        if e.errno not in WRITE_ERRORS:
            raise
        where = f"{e.filename}: " if e.filename else ""
        print(say("write_error", stop_lang(args, guessed), text=bounded(where + (e.strerror or str(e))), kept=kept()),
              file=sys.stderr)
        return 2
    finally:
        release_all()
        TABLES_READ.clear()  # the next command in this process starts from its own tables
        if own:
            signal.signal(signal.SIGTERM, before)


if __name__ == "__main__":
    sys.exit(main())
