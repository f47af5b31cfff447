"""The analysts' dashboard: move the policy levers, step school years, watch the indices.

    edusim dashboard [--scenario ziyang] [--port 8765]

Built from Mesa's visualisation controls (ModelController, ModelCreator) in a Solara page
laid out for reading; this is the only module that imports Solara. Every browser
session gets its own model (``Page`` builds it per session). Served offline: the
front-end comes from the installed ``solara-assets``.
"""

import copy
import os
import tomllib
from html import escape as html_escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import solara  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mesa.visualization.solara_viz import ModelController, ModelCreator  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from agents.school import CORE, LOCATIONS  # noqa: E402
from agents.teacher import NO_EXCHANGE  # noqa: E402
from sim.app.plots import chart_style  # noqa: E402
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD  # noqa: E402
from sim.assessment.whole import PARTS, ok_columns  # noqa: E402
from sim.data.errors import InputError  # noqa: E402
from sim.data.scenario import apply_override, available, parse_scenario, scenario_path  # noqa: E402
from sim.dynamics.model import CountyModel  # noqa: E402
from sim.experiments.experiment import declared_param  # noqa: E402
from sim.experiments.forecast import binding_name  # noqa: E402
from sim.wording import item, label, say, term  # noqa: E402

#: The levers on the page: keyword of the model -> the scenario key it sets (--set syntax).
LEVERS = {
    "exchange_rate": "teacher_exchange.rate",
    "exchange_backbone_share": "teacher_exchange.backbone_share",
    "pairing_tightness": "pairing.tightness",
    "pool_share": "resource_sharing.pool_share",
    "live_class_reach": "resource_sharing.live_class_reach",
    "rural_allowance_yuan": "rural_allowance.allowance_yuan",
}
LOCATION_COLOUR = {"urban": "tab:blue", "township": "tab:orange", "village": "tab:green"}
DEFAULT_SCENARIO = os.environ.get("EDUSIM_SCENARIO", "ziyang")
DEFAULT_SCHOOLS = os.environ.get("EDUSIM_SCHOOLS", "")  # a county's own table, from `edusim dashboard --schools`
LANG = os.environ.get("EDUSIM_LANG", "en")  # `edusim dashboard --lang`; Chinese for a Chinese table


def T(key: str, **fields) -> str:
    """The page's words, from the one catalogue, in the page's language."""
    return say(key, LANG, **fields)


def scenario_raw(name: str) -> dict:
    return tomllib.loads(scenario_path(name).read_text(encoding="utf-8"))


def lever_values(raw: dict) -> dict:
    """The scenario's own value of each lever it has (policies it lacks are left out)."""
    from sim.data.scenario import parse_scenario as parse

    scenario = parse(copy.deepcopy(raw), "dashboard")
    out = {}
    for kw, key in LEVERS.items():
        pid, name = key.split(".")
        pol = next((p for p in scenario.policies if p.id == pid), None)
        if pol is not None:
            out[kw] = pol.p[name]
    return out


class DashboardModel(CountyModel):
    """A county model built from a scenario name and the page's lever values."""

    def __init__(self, scenario_name: str = DEFAULT_SCENARIO, seed: int = 1, exchange_rate: float | None = None,
                 exchange_backbone_share: float | None = None, pairing_tightness: float | None = None,
                 pool_share: float | None = None, live_class_reach: float | None = None,
                 rural_allowance_yuan: float | None = None, schools: str = DEFAULT_SCHOOLS):
        raw = scenario_raw(scenario_name)
        given = {"exchange_rate": exchange_rate, "exchange_backbone_share": exchange_backbone_share,
                 "pairing_tightness": pairing_tightness, "pool_share": pool_share,
                 "live_class_reach": live_class_reach, "rural_allowance_yuan": rural_allowance_yuan}
        # A lever counts as moved when it differs from where the sliders started (the page's
        # first scenario); unmoved levers keep each scenario's own value, so switching the
        # scenario does not carry the first one's settings over.
        present = lever_values(raw)
        start = lever_values(scenario_raw(DEFAULT_SCENARIO))
        self.overrides = {LEVERS[k]: v for k, v in given.items()
                          if v is not None and k in present and v != start.get(k) and v != present[k]}
        for key, value in self.overrides.items():
            apply_override(raw, f"{key}={value!r}")
        self.table_error = ""
        source = str(scenario_path(scenario_name))
        if schools and str(schools).strip():
            raw["schools"] = str(Path(str(schools).strip()).expanduser().resolve())
            try:
                parse_scenario(copy.deepcopy(raw), source)
            except InputError as e:  # shown on the page; the scenario's own schools are used meanwhile
                self.table_error = str(e)
                del raw["schools"]
        self.raw = raw
        self.scenario_name = scenario_name
        self.seed_value = int(seed)
        super().__init__(parse_scenario(copy.deepcopy(raw), source), seed=int(seed))
        self.spent = 0.0

    def step(self):
        if self.year >= self.end_year:
            self.running = False
            return
        super().step()
        self.spent += self.flows["policy_cost_yuan"]
        self.running = self.year < self.end_year

    def scenario_toml(self) -> str:
        """The current settings as a scenario file that `edusim forecast --scenario FILE` accepts."""
        import tomli_w

        raw = copy.deepcopy(self.raw)
        raw["seed"] = self.seed_value
        raw["name"] = f"{raw.get('name', self.scenario_name)}-dashboard"
        changes = ", ".join(f"{k} = {v}" for k, v in self.overrides.items()) or "none"
        return (f"# Exported from the edusim dashboard: scenario '{self.scenario_name}', levers changed: {changes}\n"
                + tomli_w.dumps(raw))


def model_params(scenario_name: str) -> dict:
    """Sliders for the levers the scenario has, with their units and documented ranges."""
    raw = scenario_raw(scenario_name)
    values = lever_values(raw)
    params = {
        "scenario_name": {"type": "Select", "value": scenario_name,
                          "values": available() + ([] if scenario_name in available() else [scenario_name]),
                          "label": T("db_scenario")},
        "seed": {"type": "InputText", "value": 1, "label": T("db_seed")},
        "schools": {"type": "InputText", "value": DEFAULT_SCHOOLS, "label": T("db_schools")},
    }
    for kw, value in values.items():
        p = declared_param(raw, LEVERS[kw], "dashboard")
        step = 1000.0 if p.high and p.high > 100 else 0.01
        params[kw] = {"type": "SliderFloat", "value": float(value), "min": float(p.low), "max": float(p.high),
                      "step": step, "label": T(f"db_lever_{kw}")}
    return params


def school_positions(model) -> tuple[np.ndarray, np.ndarray]:
    """Schools laid out by community (columns), cores on top, the rest by location and quality."""
    s = model.schools
    com = np.where(s.community >= 0, s.community, s.community.max() + 1)
    order = np.lexsort((-s.quality, s.location, s.role != CORE, com))
    x, y = np.zeros(len(s)), np.zeros(len(s))
    rank = np.zeros(len(s))
    for c in np.unique(com):
        rows = order[com[order] == c]
        rank[rows] = np.arange(rows.size)
        x[rows] = c + 0.25 * (np.arange(rows.size) % 2)
    y = -(rank // 2)
    return x, y


@solara.component
def SchoolMap(model):
    """Schools grouped by community; colour = location, size = enrollment, shade = quality,
    lines = teachers on exchange from their home school to their host."""
    update_counter.get()  # the model is mutated in place: subscribe to every step
    with chart_style(LANG, "".join(model.schools.community_names)):  # Chinese names drawn, never boxes
        return solara.FigureMatplotlib(school_map(model), format="png")


def school_map(model) -> Figure:
    s, r = model.schools, model.teachers
    x, y = school_positions(model)
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    away = r.active & (r.exchange_end != NO_EXCHANGE) & (r.school != r.home)
    pairs, counts = np.unique(np.column_stack([r.home[away], r.school[away]]), axis=0, return_counts=True)
    for (a, b), n in zip(pairs, counts):
        ax.plot([x[a], x[b]], [y[a], y[b]], color="purple", alpha=0.35, linewidth=0.5 + 0.6 * n)
    q = s.quality
    shade = (q - q.min()) / max(1e-9, np.ptp(q))
    for i, loc in enumerate(LOCATIONS):
        m = (s.location == i) & s.evaluated
        ax.scatter(x[m], y[m], s=10 + s.enrollment[m] / 6, c=LOCATION_COLOUR[loc], alpha=0.35 + 0.65 * shade[m],
                   edgecolors=np.where(s.role[m] == CORE, "black", "none"), linewidths=1.5, label=label(loc, LANG))
    ticks = sorted(set(np.where(s.community >= 0, s.community, s.community.max() + 1)))
    names = [s.community_names[c] if c < len(s.community_names) else T("db_no_community") for c in ticks]
    long = max(map(len, names)) * len(names) > 60  # would overlap side by side: slant them
    ax.set_xticks(ticks, names, fontsize=8, rotation=25 if long else 0, ha="right" if long else "center")
    ax.set_yticks([])
    ax.set_xlabel(T("db_map_x"))
    ax.set_title(T("db_map_title", year=model.year, n=int(away.sum())), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return fig


@solara.component
def IndexCharts(model):
    """Each official indicator's CV so far against its pass threshold; the gap; what was spent."""
    update_counter.get()
    with chart_style(LANG):
        return solara.FigureMatplotlib(index_charts(model), format="png")


def index_charts(model) -> Figure:
    rows = model.history
    years = [h["year"] for h in rows]
    stages = [st for st in HQ_CV_THRESHOLD if f"cv_teachers_above_degree_{st}" in rows[0]]
    fig = Figure(figsize=(15, 5.5), layout="constrained")
    axes = fig.subplots(2, 5).ravel()
    colours = {"primary": "tab:blue", "junior": "tab:orange"}
    for ax, ind in zip(axes, HIGH_QUALITY):
        for st in stages:
            ax.plot(years, [h[f"cv_{ind.key}_{st}"] for h in rows], marker="o", color=colours[st], label=label(st, LANG))
            ax.axhline(HQ_CV_THRESHOLD[st], color=colours[st], linestyle="--", linewidth=1)
        ax.set_title(T("db_cv_title", name=label(ind.key, LANG, short=True)), fontsize=8)
        ax.set_ylim(bottom=0)
        ax.set_xlim(model.scenario_spec.start_year - 0.2, model.end_year + 0.2)
    axes[0].legend(fontsize=7)
    axes[7].plot(years, [h["urban_rural_gap"] for h in rows], marker="o", color="tab:red")
    axes[7].axhline(0, color="grey", linewidth=1)
    axes[7].set_title(T("db_gap"), fontsize=8)
    axes[8].plot(years, np.cumsum([h["policy_cost_yuan"] for h in rows]) / 1e6, marker="o", color="black")
    axes[8].set_title(T("db_spent_chart"), fontsize=8)
    axes[9].plot(years, [h["diversity"] for h in rows], marker="o", color="tab:purple")
    axes[9].set_title(T("db_diversity"), fontsize=8)
    for ax in axes[7:]:
        ax.set_xlim(model.scenario_spec.start_year - 0.2, model.end_year + 0.2)
    plt.close("all")
    return fig


def lever_table(model) -> str:
    """HTML: each lever's scenario key, value, unit, documented range and meaning."""
    rows = []
    for kw, key in LEVERS.items():
        if kw not in lever_values(model.raw):
            continue
        p = declared_param(model.raw, key, "dashboard")
        value = model.overrides.get(key, lever_values(model.raw)[kw])
        rows.append(f"<tr><td>{T(f'db_lever_{kw}')}</td><td><code>{key}</code></td><td>{value:g}</td>"
                    f"<td>{p.unit}</td><td>{T('db_range', low=f'{p.low:g}', high=f'{p.high:g}')}</td>"
                    f"<td>{p.doc}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in T("db_lever_head").split("|"))
    return ("<table style='font-size:12px;border-collapse:collapse' cellpadding='3'><tr>" + head + "</tr>"
            + "".join(rows) + "</table>")


def summary_html(model) -> str:
    """Where the county stands this school year, in the page's language."""
    last = model.history[-1]
    verdict = T("db_pass") if last["assessment_pass"] else T("db_not_yet")
    parts = ", ".join(T("db_part_pass" if last[f"pass_{part}"] else "db_part_fail",
                        part=term(part, LANG)) for part in PARTS)
    failing = ", ".join(item(k.removeprefix("ok_"), LANG) for k in ok_columns(last) if not last[k]) or T("db_none")
    changed = ", ".join(f"{k} = {v:g}" for k, v in model.overrides.items()) or T("db_none")
    met = sum(last.get(f"schools_meeting_rule_{st}", 0) for st in HQ_CV_THRESHOLD)
    data = T("db_synthetic") if model.synthetic else \
        T("db_table", county=html_escape(model.schools.county), path=html_escape(model.raw["schools"]))
    if model.table_error:
        data += f"<br><b style='color:#b00' id='table-error'>{T('db_table_error', why=html_escape(model.table_error))}</b>"
    items = [
        T("db_scenario_line", name=html_escape(model.scenario_name), seed=model.seed_value,
          changed=f"<span id='levers-changed'>{changed}</span>"),
        T("db_whole", verdict=verdict, parts=parts, failing=failing),
        T("db_resource", verdict=T("db_pass") if last["high_quality_pass"] else T("db_not_yet"),
          cvs=T("db_cvs_ok") if last["high_quality_cv_pass"] else T("db_cvs_bad"), met=met),
        T("db_binding", name=binding_name(last["binding_indicator"], LANG), cv=f"{last['binding_cv']:.3f}",
          ratio=f"{last['binding_cv_ratio']:.2f}", gap=f"{last['urban_rural_gap']:.3f}"),
        T("db_spent", m=f"{model.spent / 1e6:.1f}"),
        data]
    return (f"<h3 id='school-year'>{T('db_school_year', year=model.year, census=last['year'])}</h3><ul>"
            + "".join(f"<li>{x}</li>" for x in items) + f"</ul><p style='font-size:12px'>{T('db_howto')}</p>")


@solara.component
def Summary(model):
    update_counter.get()
    with solara.Row():
        solara.HTML(tag="div", unsafe_innerHTML=summary_html(model))
        solara.FileDownload(model.scenario_toml(), filename=f"{model.scenario_name}-dashboard.toml",
                            label=T("db_export"))


@solara.component
def Page():
    model = solara.use_reactive(solara.use_memo(lambda: DashboardModel(DEFAULT_SCENARIO), []))  # per session
    parameters = solara.use_reactive({})
    play_interval, render_interval = solara.use_reactive(400), solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    update_counter.get()  # re-render after every step or reset
    with solara.AppBar():
        solara.AppBarTitle(T("db_title"))
    with solara.Sidebar(), solara.Column():
        with solara.Card(T("db_years_card")):
            ModelController(model, model_parameters=parameters, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)
        with solara.Card(T("db_levers_card")):
            ModelCreator(model, model_params(DEFAULT_SCENARIO), model_parameters=parameters)
    with solara.Column(style={"padding": "8px"}):
        Summary(model.value)
        IndexCharts(model.value)
        with solara.Row():
            SchoolMap(model.value)
            solara.HTML(tag="div", unsafe_innerHTML=lever_table(model.value))
