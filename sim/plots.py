"""Charts drawn from stored run folders only, so any chart can be redrawn without re-running."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.errors import InputError  # noqa: E402
from sim.standards import BASIC_COMPOSITE_THRESHOLD, HIGH_QUALITY, HQ_CV_THRESHOLD, STAGES  # noqa: E402

STAGE_COLOUR = {"primary": "tab:blue", "junior": "tab:orange"}
BAND = (0.10, 0.90)
PNG_META = {"Software": None}  # keep the PNG bytes free of version strings


def fan(ax, yearly: pd.DataFrame, column: str, colour: str, label: str):
    """Median line and 10-90 % band across replicates of one column."""
    g = yearly.groupby("year")[column]
    lo, mid, hi = g.quantile(BAND[0]), g.median(), g.quantile(BAND[1])
    ax.fill_between(mid.index, lo, hi, color=colour, alpha=0.2, linewidth=0)
    ax.plot(mid.index, mid, color=colour, marker="o", markersize=3, label=label)


def load_meta(run_dir: Path) -> dict:
    try:
        return json.loads((Path(run_dir) / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{run_dir}: not a run folder (missing meta.json)") from None


def load_run(run_dir: Path) -> tuple[pd.DataFrame, dict]:
    run_dir = Path(run_dir)
    try:
        yearly = pd.read_csv(run_dir / "yearly.csv")
        meta = json.loads((run_dir / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{run_dir}: not a forecast run folder (missing {Path(e.filename).name})") from None
    return yearly, meta


def draw_forecast(run_dir: Path) -> Path:
    """``forecast.png``: each indicator's CV fan against its threshold, pass probabilities, the gap."""
    run_dir = Path(run_dir)
    yearly, meta = load_run(run_dir)
    stages = [st for st in STAGES if f"composite_cv_basic_{st}" in yearly]
    fig, axes = plt.subplots(3, 4, figsize=(17, 11), sharex=True, layout="constrained")
    axes = axes.ravel()
    for ax, ind in zip(axes, HIGH_QUALITY):
        for st in stages:
            fan(ax, yearly, f"cv_{ind.key}_{st}", STAGE_COLOUR[st], st)
            ax.axhline(HQ_CV_THRESHOLD[st], color=STAGE_COLOUR[st], linestyle="--", linewidth=1)
        ax.set_title(f"CV: {ind.label}\n({ind.unit})", fontsize=10)
        ax.set_ylim(bottom=0)
    ax = axes[7]
    for st in stages:
        fan(ax, yearly, f"composite_cv_basic_{st}", STAGE_COLOUR[st], st)
        ax.axhline(BASIC_COMPOSITE_THRESHOLD[st], color=STAGE_COLOUR[st], linestyle="--", linewidth=1)
    ax.set_title("Basic balance: composite CV (8 indicators)", fontsize=10)
    ax.set_ylim(bottom=0)

    ax = axes[8]
    probs = pd.DataFrame({"year": yearly["year"], "high-quality: all 7 CVs": yearly["high_quality_cv_pass"].astype(bool),
                          "high-quality: full test": yearly["high_quality_pass"].astype(bool),
                          "basic balance": yearly["basic_pass"].astype(bool)}).groupby("year").mean()
    for (name, series), style in zip(probs.items(), ("-", "-", ":")):
        ax.plot(series.index, series, style, marker="o", markersize=3, label=name)
    ax.set_ylim(-0.03, 1.03)
    ax.set_title("Probability of passing (share of replicates)", fontsize=10)
    ax.legend(fontsize=8, loc="center left")

    ax = axes[9]
    for st in stages:
        yearly[f"_share_{st}"] = yearly[f"schools_meeting_rule_{st}"] / yearly[f"schools_{st}"]
        fan(ax, yearly, f"_share_{st}", STAGE_COLOUR[st], st)
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.set_title("Share of schools meeting 6 of 7 standards\n(the rest >= 85 %; all must for the test)", fontsize=10)

    ax = axes[10]
    fan(ax, yearly, "urban_rural_gap", "tab:red", "gap")
    ax.axhline(0.0, color="grey", linewidth=1)
    ax.set_title("Urban minus rural mean quality\n(pupil SD of yearly learning)", fontsize=10)

    ax = axes[11]
    ax.axis("off")
    sc = meta["scenario"]
    lines = [f"scenario: {sc['name']}", f"replicates: {meta['replicates']}   seed: {meta['seed']}",
             f"policies: {', '.join(p['type'] for p in sc['policies']) or 'none'}",
             "", "bands: 10-90 % of replicates; line: median", "dashed: pass threshold (CV at or below)"]
    ax.text(0, 1, "\n".join(lines), va="top", fontsize=10, family="monospace", transform=ax.transAxes)
    if meta.get("synthetic_data"):
        ax.text(0, 0.25, "SYNTHETIC school data:\nsizes and resources drawn from\ndocumented distributions,\n"
                "not the county's real table", va="top", fontsize=11, color="darkred", weight="bold",
                transform=ax.transAxes)
    axes[0].legend(fontsize=8)
    for ax in axes[8:11]:
        ax.set_xlabel("school year (autumn census)")
    subject = sc["description"] or sc["name"]
    if meta.get("schools_table"):
        subject = f"Policies of scenario '{sc['name']}' on the schools of {Path(meta['schools_table']).name}"
    fig.suptitle(f"{subject}\nOfficial balance indices to {int(yearly['year'].max())}", fontsize=13)
    out = run_dir / "forecast.png"
    fig.savefig(out, dpi=100, metadata=PNG_META)
    plt.close(fig)
    return out


def draw_compare(run_dir: Path) -> Path:
    """``compare.png``: each scenario against its own counterfactual, and what the difference costs."""
    from sim.compare import COUNTERFACTUAL, POLICIES, summarise

    run_dir = Path(run_dir)
    try:
        yearly = pd.read_csv(run_dir / "yearly.csv")
    except FileNotFoundError:
        raise InputError(f"{run_dir}: not a comparison run folder (missing yearly.csv)") from None
    table = summarise(yearly)
    names = list(table["scenario"])
    colours = dict(zip(names, plt.get_cmap("tab10").colors))
    fig, axes = plt.subplots(2, 4, figsize=(21, 9.5), layout="constrained")
    ax = axes[0, 0]
    for name, runs in yearly.groupby("scenario", sort=False):
        for variant, style in ((POLICIES, "-"), (COUNTERFACTUAL, ":")):
            med = runs[runs["variant"] == variant].groupby("year")["mean_hq_cv"].median()
            ax.plot(med.index, med, style, color=colours[name], label=f"{name}" if variant == POLICIES else None)
    ax.set_title("Mean CV of the 7 high-quality indicators\n(solid: policies; dotted: no policy)", fontsize=10)
    ax.legend(fontsize=8)
    ax.set_ylim(bottom=0)

    def bars(ax, cols, labels, title, scale=1.0, fmt="{:.2f}"):
        x = np.arange(len(names))
        width = 0.8 / len(cols)
        for k, (col, label) in enumerate(zip(cols, labels)):
            values = table[col].to_numpy(dtype=float) / scale
            b = ax.bar(x + (k - (len(cols) - 1) / 2) * width, np.nan_to_num(values), width, label=label,
                       color=[colours[n] for n in names], alpha=1.0 if k == 0 else 0.45,
                       edgecolor="black", linewidth=0.5)
            ax.bar_label(b, labels=["n/a" if np.isnan(v) else fmt.format(v) for v in values], fontsize=7)
        ax.set_xticks(x, names, fontsize=9)
        ax.set_title(title, fontsize=10)
        if len(cols) > 1:
            ax.legend(fontsize=8)

    year = int(table["year"].max())
    bars(axes[0, 1], ["mean_hq_cv", "mean_hq_cv_no_policy"], ["policies", "no policy"], f"Mean high-quality CV in {year}")
    bars(axes[0, 2], ["p_high_quality", "p_all_cvs_pass"], ["full test", "all 7 CVs only"],
         f"Probability of passing high-quality balance in {year}")
    axes[0, 2].set_ylim(0, 1.1)
    bars(axes[0, 3], ["urban_rural_gap", "urban_rural_gap_no_policy"], ["policies", "no policy"],
         f"Urban minus rural quality in {year} (pupil SD)", fmt="{:.3f}")
    bars(axes[1, 0], ["diversity", "diversity_no_policy"], ["policies", "no policy"],
         f"Diversity of members' specialities in {year}\n(lower: members copy their lead school)", fmt="{:.2f}")
    bars(axes[1, 1], ["total_cost_yuan"], ["cost"], f"Policy cost to {year}, million yuan (median)", scale=1e6, fmt="{:.1f}")
    bars(axes[1, 2], ["yuan_per_0.01_cv"], ["cost per CV"],
         "Million yuan per 0.01 reduction of the mean CV\n(n/a: no reduction)", scale=1e6, fmt="{:.2f}")
    bars(axes[1, 3], ["yuan_per_0.01_gap"], ["cost per gap"],
         "Million yuan per 0.01 narrowing of the urban-rural gap\n(n/a: no narrowing)", scale=1e6, fmt="{:.2f}")
    fig.suptitle("Scenarios compared, each against its own no-policy counterfactual (same seeds)\n"
                 "Counties differ (synthetic data unless a table was given): compare effects and costs, not levels",
                 fontsize=12)
    out = run_dir / "compare.png"
    fig.savefig(out, dpi=100, metadata=PNG_META)
    plt.close(fig)
    return out
