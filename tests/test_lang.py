"""Charts in Chinese: official wording, the shipped Noto Sans CJK SC font, no missing glyphs, and
English charts unchanged."""

import json
import logging
import os
import re
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib import font_manager

from agents.school import LOCATIONS, ROLES
from sim.app import plots
from sim.app.lang import chinese, cjk_font_path, use_cjk_font
from sim.assessment.standards import BASIC, HIGH_QUALITY, STAGES
from sim.assessment.whole import PARTS
from sim.data.errors import InputError
from sim.data.results import write_json
from sim.data.scenario import load_scenario
from sim.experiments.compare import run_comparison, summarise
from sim.experiments.forecast import run_forecast
from sim.wording import LANGS, label, say

#: 教督〔2017〕6号, 二、(一) 1-7, in the official order.
OFFICIAL_HQ = (
    "每百名学生拥有高于规定学历教师数",
    "每百名学生拥有县级及以上骨干教师数",
    "每百名学生拥有体育、艺术（美术、音乐）专任教师数",
    "生均教学及辅助用房面积",
    "生均体育运动场馆面积",
    "生均教学仪器设备值",
    "每百名学生拥有网络多媒体教室数",
)


def write_run(folder: Path, yearly: pd.DataFrame, lang: str | None, **meta) -> Path:
    folder.mkdir(parents=True)
    yearly.to_csv(folder / "yearly.csv", index=False)
    write_json(folder / "meta.json", {**meta, **({"lang": lang} if lang else {})})
    return folder


@pytest.fixture(scope="module")
def forecast_runs(tmp_path_factory):
    """The same small forecast stored twice: as an English run (no "lang" in meta.json) and a Chinese one."""
    scenario = load_scenario("ziyang", end_year=2026)
    result = run_forecast(scenario, 2, 7, progress=False)
    meta = {"experiment": "forecast", "scenario": scenario.as_dict(), "seed": 7, "replicates": 2,
            "synthetic_data": result.synthetic, "schools_table": None}
    root = tmp_path_factory.mktemp("lang")
    return {lang: write_run(root / lang, result.yearly, None if lang == "en" else lang, **meta) for lang in LANGS}


@pytest.fixture(scope="module")
def compare_runs(tmp_path_factory):
    yearly, scenarios = run_comparison(["ziyang", "dingxi"], 1, 7, progress=False)
    meta = {"experiment": "compare", "scenarios": [sc.as_dict() for sc in scenarios], "replicates": 1, "seed": 7}
    root = tmp_path_factory.mktemp("lang_cmp")
    return {lang: write_run(root / lang, yearly, None if lang == "en" else lang, **meta) for lang in LANGS}


def drawn_quietly(draw, *args, caplog, **kwargs):
    """``draw(*args)``; fails on any missing-glyph warning or font-not-found log line."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        out = draw(*args, **kwargs)
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not glyphs, glyphs[:3]
    fonts = [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()]
    assert not fonts, fonts
    return out


# -- (a) Chinese charts render with the shipped Noto Sans CJK SC and no missing glyph --------------

def test_the_cjk_font_is_the_noto_file_inside_mplfonts():
    path = cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.parent.parent.name == "mplfonts"
    family = use_cjk_font()
    assert family == "Noto Sans CJK SC" and use_cjk_font() == family  # registered once, cached
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(found).resolve() == path.resolve()
    # the chart's default font inside the Chinese style is that file too
    with plots.chart_style("zh"):
        assert Path(font_manager.findfont(font_manager.FontProperties())).resolve() == path.resolve()
        assert matplotlib.rcParams["axes.unicode_minus"] is False


@pytest.mark.parametrize("draw, runs", [(plots.draw_forecast, "forecast_runs"), (plots.draw_compare, "compare_runs")])
def test_chinese_charts_render_without_missing_glyphs(draw, runs, request, caplog):
    folders = request.getfixturevalue(runs)
    before = {k: matplotlib.rcParams[k] for k in ("font.family", "font.sans-serif", "axes.unicode_minus")}
    zh = drawn_quietly(draw, folders["zh"], caplog=caplog).read_bytes()  # the language comes from meta.json
    assert {k: matplotlib.rcParams[k] for k in before} == before  # nothing leaked into later charts
    en = draw(folders["en"]).read_bytes()
    assert zh[:8] == b"\x89PNG\r\n\x1a\n" and zh != en


# -- (b) every text of a Chinese chart is Chinese -------------------------------------------------

def chart_texts(figure, *args, lang):
    with plots.chart_style(lang):
        fig = figure(*args, lang)
        fig.canvas.draw()
        texts = plots.figure_texts(fig)
        labelled = [t for ax in fig.axes for t in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) if t]
        labelled += [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
        labelled.append(fig.get_suptitle())
    matplotlib.pyplot.close(fig)
    return texts, labelled


def test_the_chinese_forecast_chart_says_everything_in_chinese(forecast_runs):
    yearly, meta = plots.load_run(forecast_runs["zh"])
    texts, labelled = chart_texts(plots.forecast_figure, yearly, meta, lang="zh")
    english = [t for t in labelled if not chinese(t)]
    assert not english, english  # titles, axis labels, legends, the figure title
    joined = "\n".join(texts)
    for name in (*OFFICIAL_HQ, "小学", "初中", "达标概率", "基本均衡", "差异系数", "中位数", "模拟生成的学校数据"):
        assert name in joined, name
    for phrase in ("CV:", "Probability of passing", "school year", "primary", "replicates", "median"):
        assert phrase not in joined, phrase
    assert "ziyang" in joined  # names as stored


def test_the_chinese_comparison_chart_says_everything_in_chinese(compare_runs):
    yearly = pd.read_csv(compare_runs["zh"] / "yearly.csv")
    texts, labelled = chart_texts(plots.compare_figure, yearly, lang="zh")
    # the legend of scenario names holds the names as stored
    english = [t for t in labelled if not chinese(t) and t not in ("ziyang", "dingxi")]
    assert not english, english
    joined = "\n".join(texts)
    for phrase in ("实施政策", "无政策", "政策成本", "城乡教育质量差距", "百万元"):
        assert phrase in joined, phrase
    for phrase in ("policies", "no policy", "CV", "million yuan", "n/a"):
        assert phrase not in joined, phrase
    binding = summarise(yearly)["binding_indicator"].iloc[0]
    assert plots.binding_label(binding, "zh") in joined


def test_a_schools_table_run_names_its_file_in_chinese(forecast_runs):
    yearly, meta = plots.load_run(forecast_runs["zh"])
    meta = {**meta, "schools_table": "data/紫阳县学校.csv", "synthetic_data": False}
    texts, _ = chart_texts(plots.forecast_figure, yearly, meta, lang="zh")
    assert any("情景“ziyang”的政策作用于紫阳县学校.csv中的学校" in t for t in texts)
    assert not any("模拟生成" in t for t in texts)


# -- (c) English charts are unchanged and need no CJK font ------------------------------------------

@pytest.mark.parametrize("draw, runs", [(plots.draw_forecast, "forecast_runs"), (plots.draw_compare, "compare_runs")])
def test_english_charts_need_no_cjk_font_and_follow_meta(draw, runs, request, monkeypatch, caplog):
    folders = request.getfixturevalue(runs)

    def no_cjk():
        raise AssertionError("an English chart asked for the CJK font")

    monkeypatch.setattr(plots, "use_cjk_font", no_cjk)
    default = drawn_quietly(draw, folders["en"], caplog=caplog).read_bytes()  # no "lang" in meta.json
    # an explicit lang overrides the run's: the Chinese run drawn in English is the English chart
    assert draw(folders["zh"], lang="en").read_bytes() == default


def test_the_english_forecast_chart_keeps_its_wording(forecast_runs):
    yearly, meta = plots.load_run(forecast_runs["en"])
    texts, _ = chart_texts(plots.forecast_figure, yearly, meta, lang="en")
    assert not [t for t in texts if chinese(t)]
    for text in ("CV: teachers above required degree\n(per 100 students)", "Basic balance: composite CV (8 indicators)",
                 "Probability of passing (share of replicates)", "whole assessment (4 parts)", "primary", "junior",
                 "school year (autumn census)", ("SYNTHETIC school data:\nsizes and resources drawn from\n"
                                                 "documented distributions,\nnot the county's real table")):
        assert text in texts, text


def test_an_unknown_language_is_an_input_error(forecast_runs, tmp_path):
    with pytest.raises(InputError, match="unknown chart language 'fr'"):
        plots.draw_forecast(forecast_runs["en"], lang="fr")
    meta = json.loads((forecast_runs["en"] / "meta.json").read_text(encoding="utf-8"))
    bad = write_run(tmp_path / "fr", pd.read_csv(forecast_runs["en"] / "yearly.csv"), "fr", **meta)
    with pytest.raises(InputError):
        plots.draw_forecast(bad)


# -- (d) the wording covers every indicator, stage, location, role and part ---------------------------

def test_label_gives_the_official_names_of_the_seven_indicators():
    assert tuple(label(ind.key, "zh") for ind in HIGH_QUALITY) == OFFICIAL_HQ
    assert [label(ind.key, "en") for ind in HIGH_QUALITY] == [ind.label for ind in HIGH_QUALITY]


@pytest.mark.parametrize("key", [*dict.fromkeys(i.key for i in HIGH_QUALITY + BASIC), *STAGES, *LOCATIONS, *ROLES,
                                 *PARTS])
def test_label_covers_every_key_in_both_languages(key):
    en, zh, short = label(key, "en"), label(key, "zh"), label(key, "zh", short=True)
    assert en and not chinese(en)
    assert chinese(zh) and chinese(short) and len(short) <= len(zh)


def test_label_of_the_basic_and_organisational_words():
    assert [label(i.key, "zh") for i in BASIC[3:6]] == ["每百名学生拥有计算机台数", "生均图书册数", "师生比"]
    assert label("senior_title_teachers", "zh") == "生均中级及以上专业技术职务教师数"
    assert [label(s, "zh") for s in STAGES] == ["小学", "初中"]
    assert [label(s, "zh") for s in LOCATIONS] == ["城区", "镇区", "乡村"]
    assert [label(s, "zh") for s in ROLES] == ["牵头校", "成员校", "教学点"]
    assert [label(s, "zh") for s in PARTS] == ["资源配置", "政府保障程度", "教育质量", "社会认可度"]
    assert (label("cv", "zh"), label("high_quality_balance", "zh"), label("basic_balance", "zh")) == (
        "差异系数", "优质均衡", "基本均衡")
    assert label("title.p_parts", "zh", year=2030).startswith("2030年达标概率")


def test_every_policy_type_has_a_chinese_name():
    from sim.policies import REGISTRY
    for name in REGISTRY:
        assert chinese(label(f"policy:{name}", "zh")) and label(f"policy:{name}", "en") == name


def test_label_rejects_unknown_keys_and_languages():
    with pytest.raises(KeyError):
        label("no_such_key", "zh")
    with pytest.raises(ValueError):
        label("primary", "fr")


@pytest.mark.parametrize("text, expected", [("小学", True), ("CV（小学）", True), ("（", True), ("ziyang", False),
                                            ("10-90 %", False), ("", False), ("Town No.1 Primary", False)])
def test_chinese_detects_cjk(text, expected):
    assert chinese(text) is expected


def test_the_layers_below_the_app_never_import_it():
    """Issue 23: the data, assessment, dynamics, policies, planning and region layers take their words
    from sim.wording and never import sim.app (the app imports them, not the reverse)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "sim"
    offenders = [str(f.relative_to(root.parent)) for layer in ("data", "assessment", "dynamics", "policies",
                                                                "planning", "region")
                 for f in (root / layer).rglob("*.py")
                 if re.search(r"^\s*(from sim\.app|import sim\.app)", f.read_text(encoding="utf-8"), re.M)]
    offenders += [str(f.name) for f in [root / "wording.py"] if "sim.app" in f.read_text(encoding="utf-8")]
    assert offenders == []


def test_every_message_of_the_catalogue_is_worded_in_both_languages():
    """Issue 23: each message the table reader can give has an English and a Chinese wording with the
    same fields; the Chinese one is Chinese, the English one has no Chinese beyond the official names
    it quotes, and both fill without error."""
    import string

    from sim.wording import _MESSAGES, message_keys, say

    quoted = set("小学初中九年一贯制完全中学栏次所属学校教学点学校类别角色在校生数学校名称学段")
    for key in message_keys():
        en, zh = _MESSAGES[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (en, zh)]
        # the same fields, but an indicator is named by its key in English and its short Chinese name in Chinese
        assert fields[0] - {"indicator"} == fields[1] - {"short"}, key
        assert chinese(zh) and set(ch for ch in en if chinese(ch)) <= quoted, key
        dummy = {f: 1.5 for f in fields[0] | fields[1]}
        assert say(key, "en", **dummy) and say(key, "zh", **dummy)


def test_a_sweep_and_a_calibration_speak_chinese_and_so_does_their_stop(capsys, tmp_path, monkeypatch):
    """Issue 23: the sweep's and the calibration's lines come from the catalogue in the language
    asked for (or the table's), and so does the line a command prints when it is stopped."""
    import sim.experiments.sweep
    from sim.app.cli import main

    repo = Path(__file__).resolve().parents[1]
    exp = tmp_path / "e.toml"
    exp.write_text('scenario = "dingxi"\nreplicates = 1\noutcomes = ["mean_hq_cv"]\n'
                   '[parameters]\nrural_drift = [0.0, 0.01]\n', encoding="utf-8")
    assert main(["sweep", str(exp), "--executor", "serial", "--quiet", "--lang", "zh", "--out", str(tmp_path / "s")]) == 0
    out, err = capsys.readouterr()
    assert "2个设计点" in err and out.startswith("本次计算2次运行")
    cal = tmp_path / "c.toml"
    cal.write_text('scenario = "dingxi"\nreplicates = 1\n[parameters]\nrural_drift = { low = 0.0, high = 0.02 }\n'
                   '[[targets]]\ncolumns = ["mean_hq_cv"]\nyear = 2026\nvalue = 0.3\nsd = 0.1\n', encoding="utf-8")
    assert main(["calibrate", str(cal), "--quiet", "--lang", "zh", "--out", str(tmp_path / "c")]) == 0
    out, err = capsys.readouterr()
    assert "拟合参数 rural_drift" in err and "与目标相符的范围" in out and "2026年 mean_hq_cv：观测值 0.3" in out

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sim.experiments.sweep, "_sweep", stopped)
    assert main(["sweep", str(repo / "experiments" / "smoke.toml"), "--quiet", "--lang", "zh",
                 "--out", str(tmp_path / "s2")]) == 130
    assert capsys.readouterr().err.strip().endswith("edusim：已中断；已完成的运行均已保存：重新执行同一命令即可继续")


def test_a_region_speaks_chinese_and_names_what_it_assumed(capsys, tmp_path):
    """Issue 23: a many-county forecast in Chinese: its note, summary and files written; each part's
    P(pass) says how many of its declared items were taken as met, and the items are listed."""
    from sim.app.cli import main

    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "prefecture_12.csv"
    assert main(["forecast", "--schools", str(table), "--replicates", "1", "--end-year", "2025", "--quiet",
                 "--lang", "zh", "--executor", "serial", "--out", str(tmp_path / "r")]) == 0
    out, err = capsys.readouterr()
    assert "分别作用于12个县" in err
    assert "12个县，预测至2025年" in out and "教育质量 " in out and "个申报项目假定已满足" in out
    assert "假定已满足、未申报（18项取默认值" in out and "最常见的约束性指标" in out and "已写入" in out
    assert "counties" not in out.replace("counties.png", "").replace("counties.csv", "")


def test_charts_of_a_sweep_a_calibration_and_a_run_follow_its_language(capsys, tmp_path, monkeypatch):
    """Issue 23: `plot` draws a sweep's charts and tables in the sweep's language (its --lang, kept in
    _meta.json), `chart` redraws any run in its own language or the one asked for, the calibration's
    profile included, and `scenarios --lang zh` describes the ready scenarios in Chinese."""
    import matplotlib.figure
    from sim.app.cli import main
    from sim.app.plots import figure_texts

    drawn = []
    real = matplotlib.figure.Figure.savefig
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig",
                        lambda fig, *a, **k: drawn.append(" ".join(figure_texts(fig))) or real(fig, *a, **k))
    exp = tmp_path / "e.toml"
    exp.write_text('scenario = "dingxi"\nreplicates = 1\noutcomes = ["mean_hq_cv", "high_quality_cv_pass"]\n'
                   '[parameters]\nrural_drift = [0.0, 0.01]\nsynth_stock_sigma = [0.2, 0.4]\n', encoding="utf-8")
    sweep = tmp_path / "s"
    assert main(["sweep", str(exp), "--executor", "serial", "--quiet", "--lang", "zh", "--out", str(sweep)]) == 0
    capsys.readouterr()
    assert main(["plot", str(sweep)]) == 0
    assert capsys.readouterr().out.startswith("已写入") and any("7项差异系数全部达标" in t for t in drawn)
    assert "情景发现" in (sweep / "_plots" / "discovery.txt").read_text(encoding="utf-8")
    cal = tmp_path / "c.toml"
    cal.write_text('scenario = "dingxi"\nreplicates = 1\n[parameters]\nrural_drift = { low = 0.0, high = 0.02 }\n'
                   '[[targets]]\ncolumns = ["mean_hq_cv"]\nyear = 2026\nvalue = 0.3\nsd = 0.1\n', encoding="utf-8")
    assert main(["calibrate", str(cal), "--quiet", "--lang", "zh", "--out", str(tmp_path / "c")]) == 0
    assert "与目标相符" in drawn[-1] and "已写入" in capsys.readouterr().out
    assert main(["chart", str(tmp_path / "c"), "--lang", "en"]) == 0
    assert "consistent with targets" in drawn[-1] and capsys.readouterr().out.startswith("wrote")
    assert main(["scenarios", "--lang", "zh"]) == 0 and "陕西紫阳县" in capsys.readouterr().out


def test_balance_and_compare_say_which_declared_items_they_assumed(capsys, tmp_path):
    """Issue 23: with --declared stating one item, balance names the other 17 as assumed met (they
    count as met in its verdicts), in the table's language; compare says the same of its scenarios."""
    from sim.app.cli import main

    data = Path(__file__).resolve().parents[1] / "experiments" / "data"
    declared = tmp_path / "d.toml"
    declared.write_text("satisfaction = 0.9\n", encoding="utf-8")
    assert main(["balance", str(data / "bureau_county.xlsx"), "--declared", str(declared)]) == 0
    out = capsys.readouterr().out
    assert "假定已满足、未申报（17项取默认值；请在 --declared 文件" in out and "社会认可度（满意度" not in out.split("假定")[-1]
    assert main(["balance", str(data / "example_county.csv"), "--declared", str(declared), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["declared_assumed"]) == 17
    assert main(["compare", "dingxi", "--replicates", "1", "--quiet", "--lang", "zh", "--out", str(tmp_path / "c")]) == 0
    assert "假定已满足、未申报（18项取默认值" in capsys.readouterr().out


@pytest.mark.parametrize("setting, zh, en", [
    ("foo=1", "无法识别的键“foo”", "unknown key 'foo'"),
    ("rural_drift=9", "“rural_drift” = 9，超出取值范围", "'rural_drift' = 9 is outside its range"),
    ("rural_drift=abc", "“rural_drift”应为数值", "'rural_drift' must be a number")])
def test_the_checks_of_every_option_speak_the_tables_language(capsys, tmp_path, setting, zh, en):
    """Issue 23: the checks that every file and option goes through (unknown keys, numbers, ranges)
    are worded from the catalogue in the command's language: Chinese for a Chinese table, English
    for an English one or with --lang en."""
    from sim.app.cli import main

    data = Path(__file__).resolve().parents[1] / "experiments" / "data"
    for table, lang, words in ((data / "bureau_county.xlsx", [], "edusim：错误：" + "|" + zh),
                               (data / "example_county.csv", [], "edusim: error:|" + en),
                               (data / "bureau_county.xlsx", ["--lang", "en"], "edusim: error:|" + en)):
        assert main(["forecast", "--schools", str(table), "--set", setting, "--replicates", "1", *lang,
                     "--out", str(tmp_path / "o")]) == 2
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert all(w in line for w in words.split("|")), line


def test_a_pathways_tables_are_localised_for_its_workbook():
    """Issue 23: pathway.xlsx's cost, P(pass), candidate and future sheets carry Chinese headers and
    cells (a cost's kind, a part, a candidate's status, where exchange teachers count; its note is worded
    in the table's language when the search makes it)."""
    from sim.assessment.gap_report import localise

    frames = [pd.DataFrame({"year": [2024], "kind": ["build"], "cost_yuan": [1.0]}),
              pd.DataFrame({"year": [2024, 2024], "part": ["whole", "resources"], "p_pass": [0.5, 0.4],
                            "low": [0.3, 0.2], "high": [0.7, 0.6]}),
              pd.DataFrame({"margin": [0.0], "spare_teachers": [1], "size_headroom": [0.1], "exchange_rate": [0.15],
                            "upkeep": [1], "status": ["pruned"],
                            "message": [say("pw_pruned", "zh")], "pareto": [True],
                            "chosen": [False], "plan_cost_yuan": [1.0], "policy_cost_yuan": [1.0], "p_hold": [0.8],
                            "median_regret_yuan": [0.0], "max_regret_yuan": [0.0]}),
              pd.DataFrame({"exchange_counted_at": ["home"], "holds": [True], "regret_yuan": [0.0]})]
    text = " ".join(localise(f, "zh").to_csv(index=False) for f in frames)
    for english in ("build", "whole", "resources", "pruned", "True", "False", "home", "year",
                    "kind", "part", "status", "margin", "regret"):
        assert english not in text, english
    assert "建设校舍或运动场" in text and "整体评估" in text and "资源配置" in text and "派出校" in text


def test_an_english_chart_draws_a_chinese_countys_name(tmp_path, capsys):
    """Issue 23: a Chinese table's forecast in English (--lang en) draws the county's and the
    scenario's Chinese names in the CJK font, not as empty boxes."""
    from sim.app.cli import main

    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["forecast", "--schools", str(table), "--replicates", "1", "--end-year", "2025", "--quiet",
                     "--lang", "en", "--out", str(tmp_path / "f")]) == 0
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_lang_en_makes_a_chinese_tables_notes_and_errors_english(capsys, tmp_path):
    """Issue 23: --lang en is English from the first line: the reader's notes and errors about a
    Chinese table too (they follow its headers only when no language is asked for)."""
    from sim.app.cli import main

    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    assert main(["balance", str(table), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "skipped a total row" in err and "提示" not in err
    bad = tmp_path / "表.csv"
    bad.write_text("学校名称,学段,在校生数,高于规定学历教师数,县级及以上骨干教师数,体育、艺术（美术、音乐）专任教师数,"
                   "教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\n甲小学,小学,-5,1,1,1,1,1,1,1\n",
                   encoding="utf-8")
    for lang, words in (("en", "row 1 (甲小学), field '在校生数': must be positive"), ("zh", "第1行 (甲小学)，“在校生数”：应为正数")):
        assert main(["balance", str(bad), "--lang", lang]) == 2
        assert words in capsys.readouterr().err


@pytest.mark.parametrize("argv, words", [
    (["balance", "表.xlsx", "--margin", "1"], "edusim：错误：无法识别的参数：--margin 1（参见 edusim --help）"),
    (["forecast", "--replicates", "0", "--lang", "zh"], "参数 --replicates：应在1至1,000,000之间，实为0"),
    (["plan", "县.csv", "--margin", "x"], "参数 --margin：无效的值 'x'（参见 edusim plan --help）"),
    (["balance", "--lang=zh"], "缺少必需的参数：FILE.xlsx|FILE.csv"),
    (["forecast", "--replicates", "0"], "edusim: error: argument --replicates: must be from 1 to 1,000,000, got 0"),
    (["balance", "表.xlsx", "--json=1"], "参数 --json：不接受取值 '1'"),
    (["balance", "表.xlsx", "--year", "abc"], "参数 --year：应为2000至2100之间的年份，实为abc"),
    (["plot", "结果", "--out", "x"], "无法识别的参数：--out x"),  # audit: a prefix of --outcome is not it
], ids=["chinese-file", "lang-zh", "invalid", "required", "english", "explicit", "year", "no-prefix"])
def test_parse_errors_speak_the_commands_language(capsys, monkeypatch, argv, words):
    """Issue 23: a wrong option is said in Chinese when --lang zh, EDUSIM_LANG or a Chinese table's
    name says the command will speak it; one line, exit 2."""
    from sim.app.cli import main

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "EDUSIM_LANG"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit) as e:
        main(argv)
    err = capsys.readouterr().err
    assert e.value.code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_errors_before_any_table_speak_as_the_parse_errors_do(capsys, monkeypatch):
    """Review: a wrong combination of options found after parsing, before any table is read, is said
    in the language the command line suggests (a Chinese file name, EDUSIM_LANG), as a wrong option
    is."""
    from sim.app.cli import main

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "EDUSIM_LANG"):
        monkeypatch.delenv(name, raising=False)
    assert main(["plan", "县.csv", "--merge-points", "--teaching-points", "merge"]) == 2
    assert capsys.readouterr().err.startswith("edusim：错误：")
    monkeypatch.setenv("EDUSIM_LANG", "zh")
    assert main(["compare", "ziyang", "--year", "2025"]) == 2
    assert capsys.readouterr().err.startswith("edusim：错误：")


def test_words_inside_a_worded_error_are_said_in_its_language(capsys, tmp_path):
    """Review: what a key must be, a layout's kind of school and an error said of a place were English
    text inside Chinese errors."""
    from sim.app.cli import main
    from sim.data.errors import InputError

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\npolicies = 3\n', encoding="utf-8")
    assert main(["forecast", "--scenario", str(bad), "--lang", "zh", "--out", str(tmp_path / "o")]) == 2
    assert "“policies”应为由 [[policies]] 表组成的列表，实为3" in capsys.readouterr().err
    short = InputError.worded("layout_short", where="w", n=1, loc="township", stage="primary", left=0)
    assert short.text("zh") == "w：需要的镇区小学学校比布局剩余的多1所（剩余0所）"
    placed = InputError.worded("set_shape", text="x", example="a=1").at("o.toml: [县] set")
    assert placed.text("zh") == "o.toml: [县] set：--set x：应为“键=值”，例如 a=1"
    assert str(placed) == "o.toml: [县] set: --set x: expected KEY=VALUE, e.g. a=1"
    moved = InputError.worded("not_found", path="/tmp/xyz/patched.csv").renamed("/tmp/xyz/patched.csv", "patched.csv")
    assert moved.text("zh").startswith("patched.csv") and moved.key == "not_found"


def test_a_chinese_tables_run_folder_errors_are_chinese(capsys, tmp_path):
    """Issue 23: an --out that cannot be written, for a Chinese table, is said in Chinese."""
    from sim.app.cli import main

    (tmp_path / "f").touch()
    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    assert main(["report", str(table), "--out", str(tmp_path / "f")]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"edusim：错误：{tmp_path / 'f'}：已存在且不是文件夹；请另给 --out"


TABLE_COMMANDS = ("check", "balance", "report", "plan", "forecast")


def test_the_table_commands_help_is_worded_in_chinese():
    """Issue 23: every text of the table commands' --help (description, examples, each option) and
    the command list has a Chinese wording, so a bureau reads its --help in Chinese."""
    import argparse

    from sim.app.cli import build_parser
    from sim.wording import help_zh

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [c.dest for c in commands._choices_actions if help_zh("edusim", f"cmd:{c.dest}") is None]
    for name in TABLE_COMMANDS:
        sub = commands.choices[name]
        missing += [f"{name} {item}" for item in ("description", "epilog")
                    if getattr(sub, item) and help_zh(name, item) is None]
        missing += [f"{name} {a.option_strings[-1]}" for a in sub._actions
                    if a.help and a.option_strings and help_zh(name, a.option_strings[-1]) is None]
    assert missing == []


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_help_is_chinese_when_the_command_speaks_chinese(command, capsys, monkeypatch):
    from sim.app.cli import main

    monkeypatch.setenv("EDUSIM_LANG", "zh")
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert e.value.code == 0 and out.startswith(f"用法：edusim {command}") and "显示本帮助并退出" in out
    monkeypatch.delenv("EDUSIM_LANG")
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert capsys.readouterr().out.startswith(f"usage: edusim {command}")  # and back to English after


def test_other_commands_help_stays_english_and_chinese_help_keeps_keys_whole(capsys, monkeypatch):
    """Review: the Chinese option texts are written for the table commands (compare's --year is not
    the data's year), so the others' --help stays English; Chinese is wrapped by its width, between
    characters, never inside a key the user copies, and headings end in a Chinese colon."""
    from sim.app.cli import main
    from sim.app.options import wrap_wide
    from sim.wording import help_zh_commands

    assert help_zh_commands() == {"edusim", *TABLE_COMMANDS}
    monkeypatch.setenv("EDUSIM_LANG", "zh")
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    assert capsys.readouterr().out.startswith("usage: edusim compare")
    with pytest.raises(SystemExit):
        main(["forecast", "--help"])
    out = capsys.readouterr().out
    assert "teacher_exchange.rate=0.2" in out and "\n选项：\n" in out and "200MB" in out
    options = out.split("\n选项：\n")[1].split("示例：")[0].splitlines()  # the options argparse wraps
    assert max(sum(2 if ord(c) > 0x2e7f else 1 for c in line) for line in options) <= 100
    assert wrap_wide("甲乙丙（key_name=0.2）丁", 20) == ["甲乙丙", "（key_name=0.2）丁"]
    assert wrap_wide("甲乙丙丁戊，己", 10) == ["甲乙丙丁", "戊，己"]  # a comma never starts a line


def test_validate_and_ledger_speak_chinese_with_lang_zh():
    """Issue 23: --lang on every command: validate's table headings and verdicts and the ledger's
    table are Chinese with --lang zh; the literature they quote (quantities, sources) stays as published."""
    from sim.experiments.ledger import markdown
    from sim.experiments.validation.checks import Check, Result, format_result

    result = Result("cv_spread", "CV spread", [Check("composite CV, primary", 0.372, 0.377, 0.005, "sim - obs",
                                                     "|error| <= 0.10", "PASS", source="MOE 2015",
                                                     nulls={"persistence": 0.4}, null_errors={"persistence": 0.03},
                                                     closer="model")])
    text = format_result(result, "zh")
    assert text.splitlines()[0].endswith("->  通过") and "观测值" in text and "零模型：维持不变（误差）" in text
    assert "更接近者" in text and "来源：" in text and "composite CV, primary" in text
    english = format_result(result)
    assert "observed" in english and "null: persistence (error)" in english and "PASS" in english
    table = pd.DataFrame([{"policy": "pairing", "scenario": "ziyang", "measure": "village_quality", "effect": 0.01,
                           "gap_effect": -0.01, "low": 0.0, "high": 0.05, "inside": True, "source": "Li 2020"}])
    zh = markdown(table, 8, "zh")
    assert "| 政策 | 情景 |" in zh and "| 是 |" in zh and "+0.00至+0.05" in zh
    assert "| policy | scenario |" in markdown(table, 8) and "+0.00 to +0.05 | yes |" in markdown(table, 8)


def test_every_error_is_worded_by_the_catalogue():
    """Issue 23: an error made of English text in place (InputError(f"...")) could not speak Chinese;
    every one comes from the catalogue (InputError.worded, or a message ``say`` worded in the table's
    language). The two made of text already worded are named here."""
    import re

    root = Path(__file__).resolve().parents[1] / "sim"
    worded = {("errors.py", "InputError(str(self).replace(old, new), self.lang, self.problems, self.count, self.notes)"),
              ("schooltable.py", "InputError(items[0], self.lang, items, notes=notes)")}
    found = {(f.name, m.group(0)) for f in root.rglob("*.py")
             for m in re.finditer(r"(?<!class )InputError\((?!say\(|\))[^\n]*", f.read_text(encoding="utf-8"))}
    assert found == worded


@pytest.mark.parametrize("header, value, words", [
    ("图书册数（千册）", "5", "表头“图书册数(千册)”：单位无法识别（“千册”不是可识别的单位；可用：册、本、万册）"),
    ("图书册数（万元）", "5", "单位无法识别（“万元”不是图书的单位）"),
    ("城乡分类", "城郊", "“城乡分类”：应为城区（111、112）、镇区（121、122、123）、乡村（210、220）之一，实为“城郊”"),
    ("生均教学仪器设备值（元）", "5", "为生均比值；本表需要学校的总数（“教学仪器设备值”）"),
], ids=["unit", "dimension", "location", "ratio"])
def test_a_chinese_tables_unit_choice_and_ratio_errors_are_chinese(capsys, tmp_path, header, value, words):
    """Audit: these errors held English (unit '千册' not understood; urban / 城区; equipment_yuan)."""
    from sim.app.cli import main

    head = ["学校名称", "学段", "在校生数", "高于规定学历教师数", "县级及以上骨干教师数", "体育、艺术（美术、音乐）专任教师数",
            "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值", "网络多媒体教室数"]
    path = tmp_path / "t.csv"
    row = dict(zip(head, "甲小学,小学,400,20,4,4,1800,3000,800000,9".split(",")))
    if header.startswith("生均"):  # a per-pupil column alone, without its total
        row.pop("教学仪器设备值")
    row[header] = value
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert words in out + err and not re.search("[A-Za-z]{4,}", (out + err).replace(str(path), "").replace("edusim", ""))


def test_option_errors_beside_a_chinese_table_are_chinese(capsys, tmp_path):
    """Audit: '--without (policies of …)', '--declared file (.toml)' and "'a' or 'b'" were English
    inside Chinese errors; a pipe given as a scenario was "not found"."""
    from sim.app.cli import main

    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    assert main(["forecast", "--schools", str(table), "--without", "nosuch", "--out", str(tmp_path / "o")]) == 2
    assert f"--without（{table}中的政策）：无法识别的键“nosuch”" in capsys.readouterr().err
    assert main(["forecast", "--schools", str(table), "--set", "declared.satisfacton=0.9", "--out", str(tmp_path / "o")]) == 2
    assert "是否指“declared.satisfaction”" in capsys.readouterr().err
    pipe = tmp_path / "p.toml"
    os.mkfifo(pipe)
    assert main(["forecast", "--scenario", str(pipe), "--lang", "zh", "--out", str(tmp_path / "o")]) == 2
    assert "不是普通文件" in capsys.readouterr().err and not (tmp_path / "o").exists()
