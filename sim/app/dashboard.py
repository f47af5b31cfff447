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
from sim.app.lang import chinese, use_cjk_font  # noqa: E402
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD  # noqa: E402
from sim.assessment.whole import PARTS, ok_columns  # noqa: E402
from sim.data.errors import InputError  # noqa: E402
from sim.data.scenario import apply_override, available, parse_scenario, scenario_path  # noqa: E402
from sim.dynamics.model import CountyModel  # noqa: E402
from sim.experiments.experiment import declared_param  # noqa: E402

#: The levers on the page: keyword of the model -> the scenario key it sets (--set syntax).
LEVERS = {
    "exchange_rate": "teacher_exchange.rate",
    "exchange_backbone_share": "teacher_exchange.backbone_share",
    "pairing_tightness": "pairing.tightness",
    "pool_share": "resource_sharing.pool_share",
    "live_class_reach": "resource_sharing.live_class_reach",
    "rural_allowance_yuan": "rural_allowance.allowance_yuan",
}
SHORT_LABEL = {
    "exchange_rate": "Exchange rate", "exchange_backbone_share": "Backbone share of exchange",
    "pairing_tightness": "Pairing tightness", "pool_share": "Pooled budget share",
    "live_class_reach": "Live-class reach", "rural_allowance_yuan": "Rural allowance (yuan)",
}
LOCATION_COLOUR = {"urban": "tab:blue", "township": "tab:orange", "village": "tab:green"}
DEFAULT_SCENARIO = os.environ.get("EDUSIM_SCENARIO", "ziyang")
DEFAULT_SCHOOLS = os.environ.get("EDUSIM_SCHOOLS", "")  # a county's own table, from `edusim dashboard --schools`


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
                          "label": "Scenario (press Reset after changing)"},
        "seed": {"type": "InputText", "value": 1, "label": "Seed"},
        "schools": {"type": "InputText", "value": DEFAULT_SCHOOLS,
                    "label": "County table: path of an .xlsx or .csv (empty: the scenario's schools)"},
    }
    for kw, value in values.items():
        p = declared_param(raw, LEVERS[kw], "dashboard")
        step = 1000.0 if p.high and p.high > 100 else 0.01
        params[kw] = {"type": "SliderFloat", "value": float(value), "min": float(p.low), "max": float(p.high),
                      "step": step, "label": SHORT_LABEL[kw]}
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


def cjk_ticks(ax, names):
    """A county's own Chinese community names drawn in the CJK font (not boxes)."""
    if any(chinese(n) for n in names):
        family = use_cjk_font()
        for tick in ax.get_xticklabels():
            tick.set_fontfamily(family)


@solara.component
def SchoolMap(model):
    """Schools grouped by community; colour = location, size = enrollment, shade = quality,
    lines = teachers on exchange from their home school to their host."""
    update_counter.get()  # the model is mutated in place: subscribe to every step
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
                   edgecolors=np.where(s.role[m] == CORE, "black", "none"), linewidths=1.5, label=loc)
    ticks = sorted(set(np.where(s.community >= 0, s.community, s.community.max() + 1)))
    names = [s.community_names[c] if c < len(s.community_names) else "no community" for c in ticks]
    ax.set_xticks(ticks, names, fontsize=8)
    cjk_ticks(ax, names)
    ax.set_yticks([])
    ax.set_xlabel("community (black ring: core school)")
    ax.set_title(f"Schools in school year {model.year}: size = pupils, darker = better quality, "
                 f"purple = {int(away.sum())} teachers on exchange", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return solara.FigureMatplotlib(fig, format="png")


@solara.component
def IndexCharts(model):
    """Each official indicator's CV so far against its pass threshold; the gap; what was spent."""
    update_counter.get()
    rows = model.history
    years = [h["year"] for h in rows]
    stages = [st for st in HQ_CV_THRESHOLD if f"cv_teachers_above_degree_{st}" in rows[0]]
    fig = Figure(figsize=(15, 5.5), layout="constrained")
    axes = fig.subplots(2, 5).ravel()
    colours = {"primary": "tab:blue", "junior": "tab:orange"}
    for ax, ind in zip(axes, HIGH_QUALITY):
        for st in stages:
            ax.plot(years, [h[f"cv_{ind.key}_{st}"] for h in rows], marker="o", color=colours[st], label=st)
            ax.axhline(HQ_CV_THRESHOLD[st], color=colours[st], linestyle="--", linewidth=1)
        ax.set_title(f"CV {ind.label}", fontsize=8)
        ax.set_ylim(bottom=0)
        ax.set_xlim(model.scenario_spec.start_year - 0.2, model.end_year + 0.2)
    axes[0].legend(fontsize=7)
    axes[7].plot(years, [h["urban_rural_gap"] for h in rows], marker="o", color="tab:red")
    axes[7].axhline(0, color="grey", linewidth=1)
    axes[7].set_title("urban - rural quality (pupil SD)", fontsize=8)
    axes[8].plot(years, np.cumsum([h["policy_cost_yuan"] for h in rows]) / 1e6, marker="o", color="black")
    axes[8].set_title("cost spent so far (million yuan)", fontsize=8)
    axes[9].plot(years, [h["diversity"] for h in rows], marker="o", color="tab:purple")
    axes[9].set_title("diversity of members' specialities", fontsize=8)
    for ax in axes[7:]:
        ax.set_xlim(model.scenario_spec.start_year - 0.2, model.end_year + 0.2)
    plt.close("all")
    return solara.FigureMatplotlib(fig, format="png")


def lever_table(model) -> str:
    """HTML: each lever's scenario key, value, unit, documented range and meaning."""
    rows = []
    for kw, key in LEVERS.items():
        if kw not in lever_values(model.raw):
            continue
        p = declared_param(model.raw, key, "dashboard")
        value = model.overrides.get(key, lever_values(model.raw)[kw])
        rows.append(f"<tr><td>{SHORT_LABEL[kw]}</td><td><code>{key}</code></td><td>{value:g}</td>"
                    f"<td>{p.unit}</td><td>{p.low:g} to {p.high:g}</td><td>{p.doc}</td></tr>")
    return ("<table style='font-size:12px;border-collapse:collapse' cellpadding='3'><tr><th>lever</th><th>key</th>"
            "<th>value</th><th>unit</th><th>range</th><th>meaning (docs/model.md)</th></tr>" + "".join(rows) + "</table>")


@solara.component
def Summary(model):
    update_counter.get()
    last = model.history[-1]
    passes = "PASS" if last["high_quality_pass"] else "not yet"
    cv_pass = "all below threshold" if last["high_quality_cv_pass"] else "some above threshold"
    changed = ", ".join(f"{k} = {v:g}" for k, v in model.overrides.items()) or "none"
    met = sum(last.get(f"schools_meeting_rule_{st}", 0) for st in HQ_CV_THRESHOLD)
    data = "synthetic school data (docs/model.md section 4)" if model.synthetic else \
        f"the table of {html_escape(model.schools.county)}: {html_escape(model.raw['schools'])}"
    if model.table_error:
        data += f"<br><b style='color:#b00' id='table-error'>table not loaded: {html_escape(model.table_error)}</b>"
    html = (f"<h3 id='school-year'>School year {model.year} (autumn census {last['year']})</h3><ul>"
            f"<li>scenario <b>{model.scenario_name}</b>, seed {model.seed_value}; "
            f"levers changed: <span id='levers-changed'>{changed}</span></li>"
            f"<li>whole assessment (4 parts): <b>{'PASS' if last['assessment_pass'] else 'not yet'}</b>; parts "
            + ", ".join(f"{part} {'pass' if last[f'pass_{part}'] else 'FAIL'}" for part in PARTS)
            + "; failing: " + (", ".join(k.removeprefix("ok_") for k in ok_columns(last) if not last[k])
                               or "none") + "</li>"
            f"<li>resource part: <b>{passes}</b> (7 CVs: {cv_pass}; schools meeting 6 of 7 standards: {met})</li>"
            f"<li>binding CV: {last['binding_indicator']} {last['binding_cv']:.3f}, "
            f"{last['binding_cv_ratio']:.2f} of its threshold; urban-rural quality gap: "
            f"<b>{last['urban_rural_gap']:.3f}</b> pupil SD</li>"
            f"<li>spent on policies so far: <b>{model.spent / 1e6:.1f} million yuan</b></li><li>{data}</li></ul>"
            "<p style='font-size:12px'>Move a lever, press <b>Reset</b> to rebuild the county with it, then "
            "<b>Step</b> one school year or <b>&#9654;</b> to play to the end year.</p>")
    with solara.Row():
        solara.HTML(tag="div", unsafe_innerHTML=html)
        solara.FileDownload(model.scenario_toml(), filename=f"{model.scenario_name}-dashboard.toml",
                            label="Export these settings as a scenario TOML")


@solara.component
def Page():
    model = solara.use_reactive(solara.use_memo(lambda: DashboardModel(DEFAULT_SCENARIO), []))  # per session
    parameters = solara.use_reactive({})
    play_interval, render_interval = solara.use_reactive(400), solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    update_counter.get()  # re-render after every step or reset
    with solara.AppBar():
        solara.AppBarTitle("edusim: urban-rural balance dashboard")
    with solara.Sidebar(), solara.Column():
        with solara.Card("School years"):
            ModelController(model, model_parameters=parameters, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)
        with solara.Card("Policy levers (then Reset)"):
            ModelCreator(model, model_params(DEFAULT_SCENARIO), model_parameters=parameters)
    with solara.Column(style={"padding": "8px"}):
        Summary(model.value)
        IndexCharts(model.value)
        with solara.Row():
            SchoolMap(model.value)
            solara.HTML(tag="div", unsafe_innerHTML=lever_table(model.value))
