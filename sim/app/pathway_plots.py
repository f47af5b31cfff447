"""The pathway's chart, redrawn from its stored tables: P(pass) by year for the whole assessment and
each part with their bands, and every schedule tried as cost against the share of futures held."""

from pathlib import Path

import matplotlib.pyplot as plt

from sim.wording import label
from sim.app.plots import chart_style, load_meta, read_run_table, run_lang, save_figure  # selects Agg
from sim.data.errors import InputError

#: What a candidate's status can be (sim.planning.pathway.Outcome).
STATUSES = {"run", "pruned", "no plan", "late"}
PART_COLOURS = {"whole": "black", "resources": "tab:blue", "government": "tab:orange", "quality": "tab:green",
                "recognition": "tab:purple"}


def draw_pathway(run_dir: Path, lang: str | None = None) -> Path:
    """``pathway.png`` of a pathway folder."""
    run_dir = Path(run_dir)
    meta = load_meta(run_dir)
    lang = run_lang(meta, lang)
    years = read_run_table(run_dir, "p_by_year.csv", "edusim pathway")
    tried = read_run_table(run_dir, "candidates.csv", "edusim pathway")
    try:
        by, last, level = int(meta["by"]), int(meta["last_year"]), float(meta["level"])
        years = years.astype({"year": int, "p_pass": float, "low": float, "high": float})
        tried = tried.astype({"cost_yuan": float, "p_hold": float, "pareto": bool, "chosen": bool})
        if not set(years["part"]) <= set(PART_COLOURS) or not set(tried["status"]) <= STATUSES:
            raise ValueError("unknown parts or statuses")
    except (KeyError, ValueError, TypeError) as e:
        raise InputError.worded("pw_tables", path=run_dir, why=str(e)[:120]) from None
    with chart_style(lang, names=str(meta.get("county", ""))):
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.2))
        for part, g in years.groupby("part", sort=False):
            name = label("pw_whole", lang) if part == "whole" else label(part, lang)
            colour = PART_COLOURS.get(part, "grey")
            left.plot(g["year"], g["p_pass"], marker="o", color=colour, label=name, lw=2.2 if part == "whole" else 1.2,
                      zorder=4 if part == "whole" else 3)
            if part == "whole":
                left.fill_between(g["year"], g["low"], g["high"], color=colour, alpha=0.15, linewidth=0)
        left.axvspan(by - 0.5, last + 0.5, color="gold", alpha=0.15)
        left.axhline(level, color="grey", ls="--", lw=1)
        left.set_ylim(-0.03, 1.03)
        left.set_xlabel(label("year", lang))
        left.set_ylabel(label("p_pass", lang))
        left.set_title(label("pw_title_p", lang))
        if len(years):
            left.legend(fontsize=8, loc="best")
        ran = tried[tried["status"] == "run"]
        for mask, style, key in ((~ran["pareto"], dict(color="lightgrey", s=25), "pw_other"),
                                 (ran["pareto"], dict(color="tab:blue", s=40), "pw_front"),
                                 (ran["chosen"], dict(color="red", s=90, marker="*"), "pw_chosen")):
            sel = ran[mask.astype(bool)]
            right.scatter(sel["cost_yuan"] / 1e6, sel["p_hold"], label=label(key, lang), zorder=3, **style)
        front = ran[ran["pareto"].astype(bool)].sort_values("cost_yuan")
        right.plot(front["cost_yuan"] / 1e6, front["p_hold"], color="tab:blue", lw=1)
        right.axhline(level, color="grey", ls="--", lw=1)
        right.set_ylim(-0.03, 1.03)
        right.set_xlabel(label("pw_axis_cost", lang, year=last))
        right.set_ylabel(label("pw_axis_share", lang, by=by, last=last))
        right.set_title(label("pw_title_front", lang))
        if len(ran):
            right.legend(fontsize=8, loc="lower right")
        fig.suptitle(label("pw_title", lang, county=meta.get("county", ""), by=by))
        fig.tight_layout()
        path = run_dir / "pathway.png"
        return save_figure(fig, path, dpi=120)
