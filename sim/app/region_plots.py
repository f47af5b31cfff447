"""Charts of a many-county forecast, redrawn from its stored tables: the county-by-year heat map
and the share of counties passing by year against the timetable."""

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np
import pandas as pd

from sim.wording import label
from sim.app.plots import (  # its import selects the Agg backend
    chart_style,
    load_meta,
    read_run_table,
    run_lang,
    save_figure,
)
from sim.data.errors import InputError

#: Counties named on the heat map's axis at most; beyond, the rows are too thin to read.
MAX_NAMED = 60


def read_region_run(run_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    meta = load_meta(run_dir)
    try:
        tables = [pd.read_csv(Path(run_dir) / f) for f in ("county_years.csv", "counties.csv", "timetable.csv")]
    except (FileNotFoundError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise InputError.worded("rg_tables", path=run_dir, why=str(e)[:120]) from None
    years, counties, timetable = tables
    if set(years["county"]) != set(counties["county"]) or len(years) != len(counties) * timetable["year"].size:
        raise InputError.worded("rg_mismatch", path=run_dir)
    return years, counties, timetable, meta


def draw_region(run_dir: Path, lang: str | None = None) -> list[Path]:
    """``counties.png`` and ``timetable.png`` of a many-county forecast folder."""
    run_dir = Path(run_dir)
    years, counties, timetable, meta = read_region_run(run_dir)
    lang = run_lang(meta, lang)
    fields = {"criterion": label(f"criterion.{meta['criterion']}", lang), "level": f"{meta['level']:g}"}
    out = [run_dir / "counties.png", run_dir / "timetable.png"]
    with chart_style(lang, " ".join(map(str, counties["county"]))):
        for path, fig in zip(out, (heat_map(years, counties, lang, fields), share_chart(timetable, lang, fields))):
            save_figure(fig, path)
    return out


def heat_map(years: pd.DataFrame, counties: pd.DataFrame, lang: str, fields: dict):
    order = counties.assign(_never=counties["first_year"].isna(), _p=-counties["p_pass_final"]) \
        .sort_values(["_never", "first_year", "_p"], kind="stable")["county"].tolist()
    grid = years.pivot(index="county", columns="year", values="p_pass").loc[order]
    n = len(order)
    fig, ax = plt.subplots(figsize=(9, min(14, 3 + 0.18 * min(n, MAX_NAMED))), layout="constrained")
    image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="viridis", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(grid.shape[1]), [str(y) for y in grid.columns])
    if n <= MAX_NAMED:
        ax.set_yticks(range(n), order, fontsize=7)
    else:
        ax.set_yticks([])
    targets = counties.set_index("county").loc[order, "target_year"].to_numpy(dtype=float)
    row = np.flatnonzero(~np.isnan(targets))
    col = np.searchsorted(grid.columns.to_numpy(), targets[row])
    inside = col < grid.shape[1]
    ax.scatter(col[inside], row[inside], marker="|", s=60, color="white", label=label("marker.target", lang))
    if inside.any():
        ax.legend(loc="lower right", fontsize=8)
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(f"{label('axis.county', lang)} (n = {n})")
    ax.set_title(label("title.region_heat", lang, **fields), fontsize=10)
    fig.colorbar(image, ax=ax, label=label("colorbar.p_pass", lang))
    return fig


def share_chart(timetable: pd.DataFrame, lang: str, fields: dict):
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    ax.plot(timetable["year"], timetable["expected_share_passing"], marker="o", label=label("line.expected_share", lang))
    for at, marker in (("host", "^"), ("home", "v")):  # the convention as a range (docs/model.md 6.5)
        if f"expected_share_passing_{at}" in timetable:
            ax.plot(timetable["year"], timetable[f"expected_share_passing_{at}"], linestyle="none", marker=marker,
                    color="black", markersize=5,
                    label=label("line.expected_share_at", lang, at=label(f"counted.{at}", lang)))
    ax.plot(timetable["year"], timetable["share_reaching_level"], marker="s",
            label=label("line.reaching_level", lang, level=fields["level"]))
    if "planned_share" in timetable:
        ax.step(timetable["year"], timetable["planned_share"], where="post", color="black", linestyle="--",
                label=label("line.planned", lang))
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # school years, never 2024.25
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(label("axis.share", lang))
    ax.set_title(label("title.region_share", lang, **fields))
    ax.legend(fontsize=8)
    return fig


def draw_allocation(run_dir: Path, lang: str | None = None) -> Path:
    """``allocate.png``: counties passing in their target year under each rule, mean and 10-90 %."""
    run_dir = Path(run_dir)
    meta = load_meta(run_dir)
    lang = run_lang(meta, lang)
    rules = read_run_table(run_dir, "rules.csv", "the allocation")
    out = run_dir / "allocate.png"
    with chart_style(lang):
        fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
        mean = rules["counties_passing_mean"]
        err = [mean - rules["counties_passing_p10"], rules["counties_passing_p90"] - mean]
        ax.bar(range(len(rules)), mean, yerr=np.clip(err, 0, None), capsize=4, color="tab:blue")
        ax.set_xticks(range(len(rules)), [label(f"rule.{r}", lang) for r in rules["rule"]], rotation=15)
        ax.set_ylabel(label("axis.counties_passing", lang))
        ax.set_title(label("title.allocate", lang, criterion=label(f"criterion.{meta['criterion']}", lang)), fontsize=10)
        return save_figure(fig, out)
