"""Charts drawn from stored run folders only, so any chart can be redrawn without re-running."""

import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from sim.app.lang import chinese, use_cjk_font  # noqa: E402
from sim.assessment.observe import other_convention  # noqa: E402
from sim.assessment.standards import (  # noqa: E402
    BASIC_COMPOSITE_THRESHOLD,
    HIGH_QUALITY,
    HQ_CV_THRESHOLD,
    STAGES,
)
from sim.data.errors import InputError  # noqa: E402
from sim.data.inputs import check_regular, read_record  # noqa: E402
from sim.data.results import own_file, write_csv  # noqa: E402
from sim.wording import LANGS, keys, label, say  # noqa: E402

STAGE_COLOUR = {"primary": "tab:blue", "junior": "tab:orange"}
BAND = (0.10, 0.90)
PNG_META = {"Software": None}  # keep the PNG bytes free of version strings
KNOWN = frozenset(keys())  # the keys sim.wording has wording for


def fan(ax, yearly: pd.DataFrame, column: str, colour: str, label: str):
    """Median line and 10-90 % band across replicates of one column."""
    g = yearly.groupby("year")[column]
    lo, mid, hi = g.quantile(BAND[0]), g.median(), g.quantile(BAND[1])
    ax.fill_between(mid.index, lo, hi, color=colour, alpha=0.2, linewidth=0)
    ax.plot(mid.index, mid, color=colour, marker="o", markersize=3, label=label)


def load_meta(run_dir: Path) -> dict:
    if not Path(run_dir).is_dir():
        raise InputError.worded("run_not_folder", path=run_dir)
    try:
        meta = read_record(Path(run_dir) / "meta.json", "rerun the command that wrote the folder")
    except FileNotFoundError:
        raise InputError.worded("run_missing", path=run_dir, name="meta.json") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("experiment", ""), str):
        raise InputError.worded("run_meta", path=run_dir)
    return meta


def load_run(run_dir: Path) -> tuple[pd.DataFrame, dict]:
    meta = load_meta(run_dir)
    return read_yearly(Path(run_dir), meta), meta


def read_yearly(run_dir: Path, meta: dict) -> pd.DataFrame:
    """A run's yearly.csv, checked whole against its meta.json: one row per year x replicate (x
    scenario and variant for a comparison), the last row not cut short. A chart of a damaged
    table would silently mislead."""
    path = run_dir / "yearly.csv"
    check_regular(path, "file.run_table")
    try:
        yearly = pd.read_csv(path)
    except FileNotFoundError:
        raise InputError.worded("run_missing", path=run_dir, name="yearly.csv") from None
    except (OSError, ValueError) as e:  # a folder in its place, not UTF-8, not CSV (pandas' errors are ValueErrors)
        raise InputError.worded("run_unreadable", path=path, why=(str(e).splitlines() or [""])[0][:120]) from None
    scenarios = meta.get("scenarios") or ([meta["scenario"]] if "scenario" in meta else [])
    variants = 2 if meta.get("experiment") == "compare" else 1
    try:
        expected = sum(variants * meta["replicates"] * (sc["end_year"] - sc["start_year"] + 1) for sc in scenarios)
    except (KeyError, TypeError):
        expected = None  # an older run folder: nothing to check against
    with open(path, "rb") as f:  # pandas ends a table with a newline; a copy cut mid-row does not
        f.seek(max(0, path.stat().st_size - 1))
        cut = f.read(1) != b"\n"
    if (expected and len(yearly) != expected) or cut:
        raise InputError.worded("run_cut_short" if cut else "run_rows", path=path, n=len(yearly), expected=expected)
    return yearly


def run_lang(meta: dict, lang: str | None) -> str:
    """The language of a run's charts: ``lang`` if given, else the run's ``meta.json`` "lang", else English."""
    lang = meta.get("lang", "en") if lang is None else lang
    if lang not in LANGS:
        raise InputError.worded("chart_lang", lang=repr(lang)[:40], langs=", ".join(LANGS))
    return lang


def chart_style(lang: str, names: str = ""):
    """The rc settings of a chart in ``lang``, for a ``with`` around drawing *and* saving it.

    English changes nothing, unless ``names`` drawn in it hold Chinese (a county's or a school's
    name): Noto Sans CJK SC then follows the default fonts, which matplotlib falls back to glyph by
    glyph. Chinese puts Noto Sans CJK SC first and draws ASCII minus signs (the font's U+2212 is
    full-width). An rc_context, so nothing leaks into the next chart.
    """
    if lang == "en":
        if not any("\u4e00" <= ch <= "\u9fff" for ch in names):
            return plt.rc_context()
        return plt.rc_context({"font.family": [plt.rcParams["font.sans-serif"][0], use_cjk_font()]})
    family = use_cjk_font()
    return plt.rc_context({"font.family": "sans-serif",
                           "font.sans-serif": [family, *plt.rcParams["font.sans-serif"]],
                           "axes.unicode_minus": False})


#: Vertical step between the lines of the probability panel, so that lines sharing 0 or 1 are seen.
P_DODGE = 0.015


def figure_texts(fig) -> list[str]:
    """Every non-empty text drawn in ``fig`` (titles, axis labels, tick labels, legends, notes)."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]


def pack(items: list[str], sep: str, width: int) -> list[str]:
    """``items`` joined by ``sep`` in lines of at most ``width`` characters, never splitting an item
    (textwrap splits only at spaces, and Chinese has none)."""
    lines = [""]
    for item in items:
        piece = item if not lines[-1] else sep + item
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines[-1] += sep.rstrip()
            lines.append(item)
        else:
            lines[-1] += piece
    return lines


def draw_forecast(run_dir: Path, lang: str | None = None) -> Path:
    """``forecast.png``: each indicator's CV fan against its threshold, pass probabilities, the gap.

    In ``lang`` ("en" or "zh"); by default the run's ``meta.json`` "lang", else English.
    """
    run_dir = Path(run_dir)
    yearly, meta = load_run(run_dir)
    lang = run_lang(meta, lang)
    return save_chart(run_dir / "forecast.png", lang, lambda: forecast_figure(yearly, meta, lang), user_names(meta))


def user_names(meta: dict) -> str:
    """What a chart may draw of the user's own: the scenarios' (or experiment's) names and
    descriptions, the table's file name."""
    scenarios = meta.get("scenarios") or [meta.get("scenario"), meta.get("experiment")]
    return " ".join([str(meta.get("schools_table") or ""), *(f"{s.get('name', '')} {s.get('description', '')}"
                                                            for s in scenarios if isinstance(s, dict))])


def save_chart(out: Path, lang: str, figure, names: str = "") -> Path:
    """``figure()`` drawn and saved to ``out`` inside ``chart_style(lang, names)``, then closed:
    ``names`` holds what the chart may draw of the user's own (a county's or a scenario's name)."""
    with chart_style(lang, names):
        fig = figure()
        return save_figure(fig, out)


def save_figure(fig, path: Path, dpi: int = 100) -> Path:
    """``fig`` written to ``path`` in a run folder, then closed: a link put there in the chart's place
    is replaced, never written through (``own_file``)."""
    with warnings.catch_warnings():  # matplotlib's layout advice is for its programmer, not the user
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(own_file(path), dpi=dpi, metadata=PNG_META)
    plt.close(fig)
    return path


def read_run_table(run_dir: Path, name: str, rerun: str) -> pd.DataFrame:
    """A stored run's table ``name``; missing or damaged, an error saying to rerun ``rerun``."""
    check_regular(Path(run_dir) / name, "file.run_table")
    try:
        return pd.read_csv(Path(run_dir) / name)
    except (OSError, ValueError) as e:  # missing, a folder, not UTF-8, not CSV
        raise InputError.worded("run_table", path=f"{run_dir}/{name}", why=(str(e).splitlines() or [""])[0][:120], rerun=rerun) from None


def forecast_figure(yearly: pd.DataFrame, meta: dict, lang: str = "en"):
    """The figure of ``forecast.png``; draw and save it inside ``chart_style(lang)``."""
    def L(key, **fields):
        return label(key, lang, **fields)

    zh = lang == "zh"
    stages = [st for st in STAGES if f"composite_cv_basic_{st}" in yearly]
    fig, axes = plt.subplots(3, 4, figsize=(17, 11), sharex=True, layout="constrained")
    axes = axes.ravel()
    for ax, ind in zip(axes, HIGH_QUALITY):
        for st in stages:
            fan(ax, yearly, f"cv_{ind.key}_{st}", STAGE_COLOUR[st], L(st))
            ax.axhline(HQ_CV_THRESHOLD[st], color=STAGE_COLOUR[st], linestyle="--", linewidth=1)
        ax.set_title(L("title.cv", name=L(ind.key), unit=ind.unit), fontsize=10)
        ax.set_ylim(bottom=0)
    ax = axes[7]
    for st in stages:
        fan(ax, yearly, f"composite_cv_basic_{st}", STAGE_COLOUR[st], L(st))
        ax.axhline(BASIC_COMPOSITE_THRESHOLD[st], color=STAGE_COLOUR[st], linestyle="--", linewidth=1)
    ax.set_title(L("title.basic_cv"), fontsize=10)
    ax.set_ylim(bottom=0)

    ax = axes[8]
    flags = {L("flag.assessment"): "assessment_pass", L("flag.resources"): "pass_resources",
             L("flag.government"): "pass_government", L("flag.quality"): "pass_quality",
             L("flag.recognition"): "pass_recognition", L("flag.all_cvs"): "high_quality_cv_pass",
             L("flag.basic"): "basic_pass"}
    probs = pd.DataFrame({"year": yearly["year"], **{name: yearly[col].astype(bool) for name, col in flags.items()
                                                     if col in yearly}}).groupby("year").mean()
    other = other_convention(meta["scenario"]["params"].get("exchange_counted_at", "host"))
    for k, ((name, series), style) in enumerate(zip(probs.items(), ("-", "--", "--", "--", "--", ":", ":"))):
        shift = (k - (len(probs.columns) - 1) / 2) * P_DODGE  # lines at 0 or 1 stay apart (said in the legend)
        line, = ax.plot(series.index, series + shift, style, marker="o", markersize=3, label=name,
                        linewidth=2.5 if style == "-" else 1.2, color="black" if style == "-" else None)
        recount = f"{flags[name]}_{other}"
        if recount in yearly:  # the same flag with exchange teachers counted the other way: a range, not a rule
            again = yearly[recount].astype(bool).groupby(yearly["year"]).mean()
            ax.plot(again.index, again + shift, linestyle="none", marker="x", markersize=5, color=line.get_color(),
                    label=L("flag.other_convention", name=name, at=L(f"counted.{other}")))
    ax.set_ylim(-0.03 - 4 * P_DODGE, 1.03 + 4 * P_DODGE)
    ax.set_title(L("title.p_pass"), fontsize=10)
    ax.legend(fontsize=6, loc="center left", title=L("p_dodged", step=P_DODGE), title_fontsize=6)

    ax = axes[9]
    shares = pd.DataFrame({"year": yearly["year"], **{st: yearly[f"schools_meeting_rule_{st}"] / yearly[f"schools_{st}"]
                                                      for st in stages}})
    for st in stages:
        fan(ax, shares, st, STAGE_COLOUR[st], L(st))
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.set_title(L("title.school_rule"), fontsize=10)

    ax = axes[10]
    fan(ax, yearly, "urban_rural_gap", "tab:red", L("gap"))
    ax.axhline(0.0, color="grey", linewidth=1)
    ax.set_title(L("title.gap"), fontsize=10)

    ax = axes[11]
    ax.axis("off")
    sc = meta["scenario"]
    if zh:  # policy types in Chinese, a custom id beside its type; lines never split a name
        names = [label(f"policy:{p['type']}", lang) if f"policy:{p['type']}" in KNOWN else p["type"]
                 for p in sc["policies"]]
        names = [n if p.get("id", p["type"]) == p["type"] else f"{n}（{p['id']}）"
                 for n, p in zip(names, sc["policies"])]
        policies = pack(names, "、", 22) if names else [L("none")]
    else:
        policies = textwrap.wrap(", ".join(p.get("id", p["type"]) for p in sc["policies"]) or "none", 38)
    lines = [L("info.scenario", name=sc["name"]), L("info.replicates", replicates=meta["replicates"], seed=meta["seed"]),
             L("info.policies"), *(f"  {line}" for line in policies),
             "", L("info.bands"), L("info.dashed")]
    # monospace has no Chinese glyphs: a panel with Chinese (a county's name in English) keeps the chart's font
    text = "\n".join(lines)
    ax.text(0, 1, text, va="top", fontsize=9, family=None if zh or chinese(text) else "monospace",
            transform=ax.transAxes)
    if meta.get("synthetic_data"):
        ax.text(0, 0.2, L("synthetic"), va="top", fontsize=11, color="darkred",
                weight="normal" if zh or chinese(text) else "bold", transform=ax.transAxes)  # the CJK font has no bold
    axes[0].legend(fontsize=8)
    for ax in axes[8:11]:
        ax.set_xlabel(L("school_year"))
    if meta.get("schools_table"):
        subject = L("subject.table" if sc["policies"] else "subject.table_status_quo", name=sc["name"],
                    table=Path(meta["schools_table"]).name)
    elif zh:  # a scenario's description is English unless its author wrote it in Chinese
        subject = sc["description"] if chinese(sc["description"]) else L("subject.scenario", name=sc["name"])
    else:
        subject = sc["description"] or sc["name"]
    title = "\n".join(textwrap.wrap(subject, 60 if zh else 120))
    fig.suptitle(L("title.forecast", title=title, year=int(yearly["year"].max())), fontsize=12)
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def draw_compare(run_dir: Path, lang: str | None = None) -> Path:
    """``compare.png``: each scenario against its own counterfactual in the evaluation's terms
    (P(pass), the binding CV), and what each gain costs.

    In ``lang`` ("en" or "zh"); by default the run's ``meta.json`` "lang", else English.
    """
    run_dir = Path(run_dir)
    meta = load_meta(run_dir) if (run_dir / "meta.json").exists() else {}
    yearly = read_yearly(run_dir, meta)
    lang = run_lang(meta, lang)
    return save_chart(run_dir / "compare.png", lang, lambda: compare_figure(yearly, lang), user_names(meta))


def compare_figure(yearly: pd.DataFrame, lang: str = "en"):
    """The figure of ``compare.png``; draw and save it inside ``chart_style(lang)``."""
    from sim.experiments.compare import COUNTERFACTUAL, POLICIES, summarise

    def L(key, **fields):
        return label(key, lang, **fields)

    zh = lang == "zh"
    table = summarise(yearly)
    names = list(table["scenario"])
    colours = dict(zip(names, plt.get_cmap("tab10").colors))
    fig, axes = plt.subplots(3, 3, figsize=(17, 13.5), layout="constrained")
    ax = axes[0, 0]
    for name, runs in yearly.groupby("scenario", sort=False):
        for variant, style in ((POLICIES, "-"), (COUNTERFACTUAL, ":")):
            med = runs[runs["variant"] == variant].groupby("year")["binding_cv_ratio"].median()
            ax.plot(med.index, med, style, color=colours[name], label=f"{name}" if variant == POLICIES else None)
    ax.axhline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set_title(L("title.binding_ratio"), fontsize=10)
    ax.set_ylabel(L("cv_over_threshold"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=8)
    ax.set_ylim(bottom=0)

    def bars(ax, cols, labels, title, ylabel, scale=1.0, fmt="{:.2f}", ticks=names):
        x = np.arange(len(names))
        width = 0.8 / len(cols)
        for k, (col, legend) in enumerate(zip(cols, labels)):
            values = table[col].to_numpy(dtype=float) / scale
            b = ax.bar(x + (k - (len(cols) - 1) / 2) * width, np.nan_to_num(values), width, label=legend,
                       color=[colours[n] for n in names], alpha=1.0 if k % 2 == 0 else 0.45,
                       hatch="//" if k >= 2 else None, edgecolor="black", linewidth=0.5)
            ax.bar_label(b, labels=[L("n/a") if np.isnan(v) else fmt.format(v) for v in values],
                         fontsize=7 if len(cols) <= 2 else 6)
        ax.set_xticks(x, ticks, fontsize=9 if ticks is names else 8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylabel)
        if len(cols) > 1:
            ax.legend(fontsize=8)

    year = int(table["year"].max())
    if zh:
        binding = [f"{n}\n{binding_label(k, lang)}" for n, k in zip(names, table["binding_indicator"])]
    else:
        binding = [f"{n}\n" + textwrap.fill(k.replace("_", " "), 13) for n, k in zip(names, table["binding_indicator"])]
    with_without = [L("policies"), L("no_policy")]
    bars(axes[0, 1], ["binding_cv", "binding_cv_no_policy"], with_without,
         L("title.binding_cv", year=year), L("cv"), ticks=binding)
    p_cols = ["p_assessment", "p_assessment_no_policy", "p_all_cvs_pass", "p_resources", "p_government",
              "p_quality", "p_recognition"]
    bars(axes[0, 2], p_cols,
         [L("bar.whole_policies"), L("bar.whole_no_policy"), L("bar.all_cvs"), L("bar.resources"),
          L("bar.government"), L("bar.quality"), L("bar.recognition")],
         L("title.p_parts", year=year), L("share_of_replicates"), fmt="{:.0%}")
    both_countings(axes[0, 2], table, p_cols, lang)
    axes[0, 2].set_ylim(0, 1.15)
    bars(axes[1, 0], ["urban_rural_gap", "urban_rural_gap_no_policy"], with_without,
         L("title.gap_year", year=year), L("pupil_sd"), fmt="{:.3f}")
    bars(axes[1, 1], ["diversity", "diversity_no_policy"], with_without,
         L("title.diversity", year=year), L("diversity_axis"))
    bars(axes[1, 2], ["total_cost_yuan"], [L("bar.cost")], L("title.cost", year=year), L("million_yuan"),
         scale=1e6, fmt="{:.1f}")
    per_point = ["yuan_per_point_p_all_cvs_pass", "yuan_per_point_p_high_quality"]
    bars(axes[2, 0], per_point, [L("bar.all_cvs"), L("bar.full_test")], L("title.cost_per_point"),
         L("axis.cost_per_point"), scale=1e6)
    both_countings(axes[2, 0], table, per_point, lang, scale=1e6)
    bars(axes[2, 1], ["yuan_per_0.01_binding_cv"], [L("bar.cost_binding")], L("title.cost_binding"),
         L("axis.cost_binding"), scale=1e6)
    bars(axes[2, 2], ["yuan_per_0.01_gap"], [L("bar.cost_gap")], L("title.cost_gap"), L("axis.cost_gap"), scale=1e6)
    fig.suptitle(L("title.compare"), fontsize=12)
    return fig


def both_countings(ax, table: pd.DataFrame, cols: list[str], lang: str, scale: float = 1.0):
    """Markers on a panel of ``bars``: each column that has ``_host`` and ``_home`` versions at
    both (^ host, v home), so a bar that depends on where exchange teachers count reads as a
    range (docs/model.md 6.5)."""
    width = 0.8 / len(cols)
    labelled = set()
    for k, col in enumerate(cols):
        x = np.arange(len(table)) + (k - (len(cols) - 1) / 2) * width
        for at, marker in (("host", "^"), ("home", "v")):
            if f"{col}_{at}" in table:
                ax.scatter(x, table[f"{col}_{at}"].to_numpy(dtype=float) / scale, marker=marker, s=18, zorder=3,
                           color="black", label=None if at in labelled else label(f"counted.{at}", lang))
                labelled.add(at)
    ax.legend(fontsize=7)


def draw_marginal(run_dir: Path, lang: str | None = None) -> Path:
    """``marginal.png`` from a stored ``marginal.csv``: each policy's drop-one effects and its yuan
    per percentage point, with their 90 % intervals, both countings of exchange teachers side by side."""
    run_dir = Path(run_dir)
    meta = load_meta(run_dir)
    lang = run_lang(meta, lang)
    table = read_run_table(run_dir, "marginal.csv", "compare --marginal")
    return save_chart(run_dir / "marginal.png", lang, lambda: marginal_figure(table, meta, lang), user_names(meta))


def marginal_figure(table: pd.DataFrame, meta: dict, lang: str = "en"):
    """The figure of ``marginal.png``; draw and save it inside ``chart_style(lang)``."""
    def L(key, **fields):
        return label(key, lang, **fields)

    y = np.arange(len(table))[::-1]
    names = [label(f"policy:{t}", lang) if lang == "zh" and f"policy:{t}" in KNOWN else p
             for p, t in zip(table["policy"], table["type"])]
    fig, axes = plt.subplots(2, 3, figsize=(17, 3 + 0.45 * len(table) * 2), sharey=True, layout="constrained")

    def points(ax, series: list[tuple[str, str, str, float]], title: str, xlabel: str):
        """Each (column, legend, marker, scale) as a point with its interval, offset per series."""
        for k, (col, legend, marker, scale) in enumerate(series):
            off = (k - (len(series) - 1) / 2) * 0.18
            mid, low, high = (table[f"{col}{s}"].to_numpy(dtype=float) / scale for s in ("", "_low", "_high"))
            ax.errorbar(mid, y + off, xerr=np.nan_to_num([mid - low, high - mid]), fmt=marker, capsize=3,
                        label=legend, markersize=5)
            for yy, v in zip(y + off, mid):
                if np.isnan(v):
                    ax.annotate(L("n/a"), (0, yy), fontsize=7, va="center", color="grey")
        ax.axvline(0, color="grey", linewidth=1)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        if len(series) > 1:
            ax.legend(fontsize=7)

    at = {c: L(f"counted.{c}") for c in ("host", "home")}
    pp = L("axis.points")
    points(axes[0, 0], [(f"p_all_cvs_pass_{c}", at[c], m, 1) for c, m in (("host", "^"), ("home", "v"))],
           L("title.marginal_p", test=L("bar.all_cvs")), pp)
    points(axes[0, 1], [(f"p_high_quality_{c}", at[c], m, 1) for c, m in (("host", "^"), ("home", "v"))],
           L("title.marginal_p", test=L("bar.full_test")), pp)
    points(axes[0, 2], [("cost_yuan", L("bar.cost"), "o", 1e6)], L("title.marginal_cost", year=meta["year"]),
           L("million_yuan"))
    points(axes[1, 0], [("binding_cv_ratio", "", "o", 1)], L("title.marginal_binding"), L("cv_over_threshold"))
    points(axes[1, 1], [("urban_rural_gap", "", "o", 1)], L("title.marginal_gap"), L("pupil_sd"))
    points(axes[1, 2], [(f"yuan_per_point_{t}_{c}", f"{L(b)}, {at[c]}", m, 1e6)
                        for t, b in (("p_all_cvs_pass", "bar.all_cvs"), ("p_high_quality", "bar.full_test"))
                        for c, m in (("host", "^"), ("home", "v"))],
           L("title.marginal_per_point"), L("axis.cost_per_point"))
    for ax in axes[:, 0]:
        ax.set_yticks(y, names, fontsize=8)
    fig.suptitle(L("title.marginal", name=meta["scenario"]["name"], year=meta["year"], replicates=meta["replicates"]),
                 fontsize=12)
    return fig


def binding_label(key: str, lang: str) -> str:
    """``backbone_teachers_primary`` -> the indicator's short name and its stage in ``lang``."""
    indicator, _, stage = key.rpartition("_")
    if stage not in STAGES or indicator not in KNOWN:
        return key
    return label("stage_in", lang, name=label(indicator, lang, short=True), stage=label(stage, lang))


def draw_sweep(out: Path, x: str | None = None, y: str | None = None, outcome: str | None = None,
               lang: str | None = None) -> list[Path]:
    """Charts of a stored sweep in ``out/_plots/``: pass heatmap, fans per design point, scenario
    discovery, and Sobol sensitivity for a Sobol design; in ``lang``, by default the sweep's own."""
    from sim.experiments.sweep import load_results

    runs, design, meta = load_results(out)
    lang = run_lang(meta, lang)
    with chart_style(lang, user_names(meta)):
        return sweep_charts(out, runs, design, meta, x, y, outcome, lang)


def sweep_charts(out: Path, runs, design, meta, x, y, outcome, lang: str) -> list[Path]:
    from sim.experiments.analysis import discover, pass_grid

    def T(key, **fields):
        return say(key, lang, **fields)

    exp = meta["experiment"]
    params = list(exp["parameters"])
    flag = "high_quality_pass" if "high_quality_pass" in runs else None
    outcome = outcome or ("mean_hq_cv" if "mean_hq_cv" in runs else exp["outcomes"][0])
    stored = [c for c in runs.columns if c not in ("run", "point", "replicate", "year", "error", *params)]
    if outcome not in stored:
        from sim.dynamics.params import unknown_key_error
        raise unknown_key_error(outcome, stored, f"{out}: --outcome (the outcomes this sweep stored)")
    folder = Path(out) / "_plots"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):  # charts go into the sweep, nowhere else
        raise InputError.worded("plots_not_folder", path=folder)
    missing = [p for p in params if p not in design.columns]
    if missing:  # the record names parameters its design does not hold: edited by hand
        raise InputError.worded("sw_design_lacks", path=f"{out}/_meta.json", names=", ".join(map(repr, missing))[:200])
    x = x or params[0]
    y = y or next((p for p in params if p != x), None)  # the default never repeats the --x asked for
    for name in (x, y):
        if name is not None and name not in params:
            raise InputError.worded("sp_not_parameter", name=name, params=", ".join(params))
    if x == y:
        raise InputError.worded("sp_same_axes", name=x)
    folder.mkdir(exist_ok=True)  # after every check: a refused command leaves nothing
    written = []
    if y is not None:
        for flag_col, title in ((flag, T("sp_heat_hq")), ("high_quality_cv_pass", T("sp_heat_cv"))):
            if flag_col not in runs:
                continue
            grid = pass_grid(runs, x, y, flag_col)
            fig, ax = plt.subplots(figsize=(7, 5.5), layout="constrained")
            im = ax.imshow(grid.to_numpy(), vmin=0, vmax=1, cmap="viridis", aspect="auto")
            ax.set_xticks(range(grid.shape[1]), [tick(v) for v in grid.columns])
            ax.set_yticks(range(grid.shape[0]), [tick(v) for v in grid.index])
            for (i, j), v in np.ndenumerate(grid.to_numpy()):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", color="white" if v < 0.6 else "black", fontsize=9)
            ax.set_xlabel(x)
            ax.set_ylabel(y)
            fig.colorbar(im, ax=ax, label=T("sp_share_runs"))
            ax.set_title(T("sp_heat_title", title=title, year=int(runs["year"].max()), name=exp["name"]), fontsize=10)
            path = folder / f"heatmap_{flag_col}.png"
            written.append(save_figure(fig, path))

    ok = runs[runs["error"].isna()]
    points = sorted(ok["point"].unique())
    shown = [points[int(i)] for i in np.linspace(0, len(points) - 1, min(12, len(points)))]
    cols = min(4, len(shown))
    rows_n = -(-len(shown) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(4 * cols, 3 * rows_n), sharey=True, squeeze=False,
                             layout="constrained")
    flag_outcome = is_flag(runs[outcome])
    for ax, point in zip(axes.ravel(), shown):
        if flag_outcome:  # a band of a yes/no is 0 or 1: the share of replicates that pass says more
            share = ok[ok["point"] == point].groupby("year")[outcome].mean()
            ax.plot(share.index, share, color="tab:blue", marker="o", markersize=3)
            ax.set_ylim(-0.03, 1.03)
        else:
            fan(ax, ok[ok["point"] == point], outcome, "tab:blue", outcome)
        values = design.set_index("point").loc[point, params]
        ax.set_title("\n".join(f"{k} = {tick(v)}" for k, v in values.items()), fontsize=8)
    for ax in axes.ravel()[len(shown):]:
        ax.axis("off")
    fig.suptitle(T("sp_fans_flag" if flag_outcome else "sp_fans", outcome=outcome), fontsize=11)
    path = folder / f"fans_{outcome}.png"
    written.append(save_figure(fig, path))

    target = outcome if flag_outcome else flag or outcome  # a yes/no outcome asked for is the one to explain
    tree, rules, share = discover(runs, params, target)
    text = T("sp_discovery", target=target, share=f"{share:.0%}") + f"\n\n{rules}"
    own_file(folder / "discovery.txt").write_text(text, encoding="utf-8")
    written.append(folder / "discovery.txt")

    if exp["design"] == "sobol":
        written += draw_sensitivity(runs, design, meta, folder,
                                    [outcome, *(c for c in stored if c != outcome and not is_text(runs[c]))], lang)
    return written


def is_flag(column: pd.Series) -> bool:
    """A yes/no outcome (plain or nullable bool)."""
    return pd.api.types.is_bool_dtype(column)


def is_text(column: pd.Series) -> bool:
    """An outcome that is a name (``binding_indicator``), with no mean to take."""
    return not (is_flag(column) or pd.api.types.is_numeric_dtype(column))


def tick(value) -> str:
    """A parameter value as a label: numbers short, levels as they are."""
    return f"{value:g}" if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) else str(value)


def draw_sensitivity(runs, design, meta, folder: Path, outcomes: list[str], lang: str = "en") -> list[Path]:
    """Sobol indices of each outcome (a yes/no one as P over replicates): a chart and a table per
    outcome, and ``sensitivity.txt`` with every total index's interval width, those too wide flagged."""
    from sim.experiments.analysis import MAX_CI_WIDTH, final_year, sweep_sensitivity

    params = list(meta["experiment"]["parameters"])
    year = int(runs["year"].max())
    written, report = [], []
    for outcome in outcomes:
        name = f"P({outcome})" if is_flag(runs[outcome]) else outcome
        values = final_year(runs)[outcome].astype(float)
        if values.nunique() == 1:  # nothing to apportion: SALib would divide by a zero variance
            report.append(say("sp_const", lang, name=name, year=year, value=f"{values.iloc[0]:g}"))
            continue
        table = sweep_sensitivity(runs, design, meta, outcome)
        write_csv(table, own_file(folder / f"sensitivity_{outcome}.csv"))
        fig, ax = plt.subplots(figsize=(1.6 * len(params) + 3, 4.5), layout="constrained")
        pos = np.arange(len(params))
        ax.bar(pos - 0.2, table["S1"], 0.4, yerr=table["S1_conf"], capsize=3, label=say("sp_s1", lang))
        ax.bar(pos + 0.2, table["ST"], 0.4, yerr=table["ST_conf"], capsize=3, label=say("sp_st", lang))
        ax.set_xticks(pos, params, rotation=20, ha="right", fontsize=8)
        ax.set_ylabel(say("sp_sobol_y", lang))
        wide = int(table["ST_too_wide"].sum())
        note = say("sp_wide", lang, wide=wide, limit=f"{MAX_CI_WIDTH:g}") if wide else ""
        ax.set_title(say("sp_drives", lang, name=name, year=year, wide=note), fontsize=10)
        ax.legend()
        path = folder / f"sensitivity_{outcome}.png"
        written += [save_figure(fig, path), folder / f"sensitivity_{outcome}.csv"]
        report.append(sensitivity_text(table, name, year, MAX_CI_WIDTH, lang))
    own_file(folder / "sensitivity.txt").write_text("\n\n".join(report) + "\n", encoding="utf-8")
    return [*written, folder / "sensitivity.txt"]


def sensitivity_text(table: pd.DataFrame, name: str, year: int, limit: float, lang: str = "en") -> str:
    """One outcome's indices, largest total first, with each 95 % interval's width."""
    wide = int(table["ST_too_wide"].sum())
    note = say("sp_sens_wide", lang, wide=wide, n=len(table), limit=f"{limit:g}") if wide else \
        say("sp_sens_ok", lang, limit=f"{limit:g}")
    lines = [say("sp_sens_head", lang, name=name, year=year, note=note),
             f"{say('sp_param', lang):34s} {'ST':>7s} {say('sp_ci', lang):>17s} {say('sp_width', lang):>6s}   "
             f"{'S1':>7s} {say('sp_s1_width', lang):>8s}"]
    for r in table.sort_values("ST", ascending=False, na_position="last").itertuples():
        lines.append(f"{r.parameter:34s} {r.ST:7.3f} [{r.ST - r.ST_conf:6.3f}, {r.ST + r.ST_conf:6.3f}] "
                     f"{r.ST_ci_width:6.3f}{'*' if r.ST_too_wide else ' '}  {r.S1:7.3f} {r.S1_ci_width:8.3f}")
    return "\n".join(lines)


def draw_profiles(run_dir: Path, lang: str | None = None) -> Path:
    """``profile.png``: the calibration loss along each parameter, from ``report.json``; in ``lang``,
    by default the run's own."""
    lang = run_lang(load_meta(run_dir), lang)
    try:
        report = read_record(Path(run_dir) / "report.json", "rerun the calibration")
    except FileNotFoundError:
        report = None
    if not isinstance(report, dict) or not {"profiles", "fitted", "loss", "calibration", "scenario"} <= set(report):
        raise InputError.worded("cal_report", path=f"{run_dir}/report.json")
    return save_chart(Path(run_dir) / "profile.png", lang, lambda: profiles_figure(report, lang),
                      f"{report['calibration']} {report['scenario']}")


def profiles_figure(report: dict, lang: str):
    names = list(report["fitted"])
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4), squeeze=False, layout="constrained")
    for ax, name in zip(axes[0], names):
        prof = report["profiles"][name]
        ax.plot(prof["grid"], prof["loss"], marker="o")
        ax.axhline(report["loss"] + 1, color="grey", linestyle="--", label=say("cp_min1", lang))
        ax.axvspan(*prof["interval_loss_min_plus_1"], color="tab:green", alpha=0.2, label=say("cp_consistent", lang))
        ax.axvline(report["fitted"][name], color="tab:red", label=say("cp_fit", lang, value=f"{report['fitted'][name]:.3g}"))
        ax.set_yscale("symlog")
        ax.set_xlabel(name)
        ax.set_ylabel(say("cp_loss", lang))
        ax.legend(fontsize=8)
    fig.suptitle(say("cp_title", lang, name=report["calibration"], scenario=report["scenario"]), fontsize=11)
    return fig
