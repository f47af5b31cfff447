"""Charts drawn from stored run folders only, so any chart can be redrawn without re-running."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
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
    cv_pass = pd.concat([yearly[f"cv_{i.key}_{st}"] <= HQ_CV_THRESHOLD[st] for i in HIGH_QUALITY for st in stages],
                        axis=1).all(axis=1)
    probs = pd.DataFrame({"year": yearly["year"], "high-quality: all 7 CVs": cv_pass,
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
