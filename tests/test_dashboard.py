"""The dashboard: its model and export without a browser, then end to end in headless Chromium."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

solara = pytest.importorskip("solara", reason="the dashboard extra is not installed")

from sim.app.dashboard import DashboardModel, lever_values, model_params, scenario_raw  # noqa: E402
from sim.data.scenario import load_scenario  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


def test_levers_reach_the_model_and_the_export_forecasts(tmp_path):
    model = DashboardModel("ziyang", seed=3, exchange_rate=0.25, pairing_tightness=0.5)
    exchange = next(p for p in model.policies if p.name == "teacher_exchange")
    assert exchange.p["rate"] == 0.25 and model.overrides["pairing.tightness"] == 0.5
    while model.running:
        model.step()
    assert model.year == 2029 and model.history[-1]["year"] == 2029
    assert model.spent == pytest.approx(sum(h["policy_cost_yuan"] for h in model.history))
    path = tmp_path / "exported.toml"
    path.write_text(model.scenario_toml())
    sc = load_scenario(str(path))
    assert next(p for p in sc.policies if p.name == "teacher_exchange").p["rate"] == 0.25 and sc.seed == 3


def test_switching_scenario_keeps_its_own_lever_values():
    start = lever_values(scenario_raw("ziyang"))  # the sliders start at the first scenario's values
    model = DashboardModel("chengdu", exchange_rate=start["exchange_rate"], pairing_tightness=start["pairing_tightness"])
    assert model.overrides == {}  # unmoved sliders: Chengdu keeps its 2.5 % exchange
    assert next(p for p in model.policies if p.name == "teacher_exchange").p["rate"] == 0.025
    moved = DashboardModel("chengdu", exchange_rate=0.3)
    assert moved.overrides == {"teacher_exchange.rate": 0.3}


def test_sliders_carry_documented_ranges_and_skip_absent_policies():
    params = model_params("ziyang")
    assert params["exchange_rate"]["min"] == 0.0 and params["exchange_rate"]["max"] == 0.5
    assert "rural_allowance_yuan" not in lever_values(scenario_raw("dingxi"))
    model = DashboardModel("dingxi", rural_allowance_yuan=20000.0)  # dingxi has no allowance policy
    assert model.overrides == {}


def test_the_page_speaks_chinese_with_lang_zh(monkeypatch):
    """Issue 23: with --lang zh (the default for a Chinese table) the summary, the sliders and the
    charts are Chinese, the failing items are named as the assessment names them, never by key."""
    import sim.app.dashboard as page
    from sim.app.plots import chart_style, figure_texts
    from sim.wording import item

    monkeypatch.setattr(page, "LANG", "zh")
    model = DashboardModel("ziyang", seed=3)
    model.step()
    html = page.summary_html(model)
    assert "2025学年" in html and "整体评估" in html and "资源配置" in html and "累计政策投入" in html
    failing = [k.removeprefix("ok_") for k in page.ok_columns(model.history[-1]) if not model.history[-1][k]]
    assert failing and all(item(k, "zh") in html and k not in html for k in failing)
    assert page.model_params("ziyang")["exchange_rate"]["label"] == "交流轮岗比例"
    with chart_style("zh"):
        texts = " ".join(figure_texts(page.index_charts(model)) + figure_texts(page.school_map(model)))
    assert "差异系数" in texts and "小学" in texts and "共同体" in texts and "CV " not in texts


def test_the_command_passes_the_tables_language_to_the_page(monkeypatch):
    import sim.app.cli as cli

    seen = {}
    monkeypatch.setattr(cli, "supervise", lambda cmd, env: seen.update(env) or 0)
    port = str(free_port())
    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    assert cli.main(["dashboard", "--port", port, "--schools", str(table)]) == 0 and seen["EDUSIM_LANG"] == "zh"
    assert cli.main(["dashboard", "--port", port]) == 0 and seen["EDUSIM_LANG"] == "en"
    assert cli.main(["dashboard", "--port", port, "--lang", "zh"]) == 0 and seen["EDUSIM_LANG"] == "zh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sim.app.cli", "dashboard", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"dashboard exited: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("dashboard did not start in 90 s")
    yield url
    os.killpg(proc.pid, signal.SIGTERM)  # the whole group: nothing the test started outlives it
    proc.wait(timeout=20)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")
def test_end_to_end_in_headless_chromium(server, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    offsite = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
        page.on("request", lambda req: None if req.url.startswith(server) or req.url.startswith("data:")
                or req.url.startswith("blob:") else offsite.append(req.url))
        page.goto(server, wait_until="networkidle", timeout=90000)
        year = page.locator("#school-year")
        year.wait_for(timeout=90000)
        assert "School year 2024" in year.inner_text()
        charts = page.locator("img")
        before = charts.nth(0).get_attribute("src")

        slider = page.locator(".v-input", has_text="Exchange rate").locator("[role=slider]")
        slider.focus()
        for _ in range(5):  # 0.10 -> 0.15 in steps of 0.01
            page.keyboard.press("ArrowRight")
        page.get_by_role("button", name="Reset", exact=True).click()
        page.wait_for_function("document.querySelector('#levers-changed').innerText.includes('teacher_exchange.rate = 0.15')",
                               timeout=30000)
        page.get_by_role("button", name="Step", exact=True).click()
        page.wait_for_function("document.querySelector('#school-year').innerText.includes('School year 2025')",
                               timeout=30000)
        # the charts follow the model (the year label may update a moment before the image)
        page.wait_for_function("before => document.querySelector('img').getAttribute('src') !== before",
                               arg=before, timeout=30000)

        with page.expect_download(timeout=30000) as download:
            page.get_by_role("button", name="Export these settings as a scenario TOML").click()
        exported = tmp_path / "exported.toml"
        download.value.save_as(exported)
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        browser.close()
    assert not offsite, f"the page fetched from elsewhere: {offsite[:3]}"
    assert "rate = 0.15" in exported.read_text()
    done = subprocess.run([sys.executable, "-m", "sim.app.cli", "forecast", "--scenario", str(exported), "--replicates", "1",
                           "--out", str(tmp_path / "fc"), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "fc" / "forecast.png").exists() and (tmp_path / "dashboard.png").stat().st_size > 50_000


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_command_stops_the_server(sig):
    """SIGTERM (a service manager, some terminals' Ctrl-C) or SIGKILL to `edusim dashboard` alone,
    not its process group, leaves no Solara server on the port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sim.app.cli", "dashboard", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 90
        while not listening(port) and time.time() < deadline:
            time.sleep(0.5)
        assert listening(port), "the dashboard did not start"
        proc.send_signal(sig)
        proc.wait(timeout=20)
        deadline = time.time() + 20
        while listening(port) and time.time() < deadline:
            time.sleep(0.5)
        assert not listening(port), "the Solara server outlived its command"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass
