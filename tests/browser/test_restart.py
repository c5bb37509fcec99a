"""Faults with a page open. A redeploy mid-lesson: the server restarts; the
page must not show a working slider over a stale chart (ui/restart.py): it
reloads itself from its address, and its next move redraws the chart. A
paused server (SIGSTOP/SIGCONT): the page carries on without a reload.

Why a pause is not a lost connection: Streamlit 1.67's browser client has no
heartbeat of its own (it sends one only when a hosting frame asks for it,
SEND_APP_HEARTBEAT; streamlit#13810), so it marks the connection lost only
when the socket closes or errors; its 15 s and 4 s timeouts apply to
connecting and to the health checks while reconnecting. A stopped process's
kernel keeps the TCP connection open, and the server's own keepalive (a
ping every 30 s, 30 s for the pong) is paused with it. Measured here: after
pauses of 5, 20 and 60 s the page never left CONNECTED and drew a move made
during the pause 0.43, 0.22 and 0.50 s after SIGCONT."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import RUN_COUNTER, VIEWPORT, free_port, start, stop, streamlit_command
from tests.browser.test_browser import MARK_RUNS, RUN_FINISHED, SKIP, assert_healthy, expected_charts, open_page, wait_for, wait_until_drawn

pytestmark = pytest.mark.browser


def start_server(port: int, log_path) -> subprocess.Popen:
    return start(streamlit_command(port), f"http://127.0.0.1:{port}", log_path, "Streamlit")


def test_a_page_open_across_a_restart_follows_its_next_move(page: Page, tmp_path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, log)
    try:
        js_errors = open_page(page, url, f"/vanishing?depth=37&activation=tanh&init=xavier_normal&seed=5&{SKIP}", expected_charts("vanishing"))
        assert_healthy(page, js_errors)
        depth = page.get_by_test_id("stMain").get_by_test_id("stSlider").first.get_by_role("slider")
        assert depth.get_attribute("aria-valuetext") == "37"
        stop(server)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]').dataset.testConnectionState !== 'CONNECTED'")
        server = start_server(port, log)
        # The page reloads itself once it is connected again, from its address.
        page.wait_for_function("() => window.__labReloadsAfterReconnect && performance.getEntriesByType('navigation')[0].type === 'reload'", timeout=90_000)
        wait_until_drawn(page, expected_charts("vanishing"))
        chart = page.get_by_test_id("stMain").get_by_test_id("stVegaLiteChart").first
        before = chart.screenshot()
        depth = page.get_by_test_id("stMain").get_by_test_id("stSlider").first.get_by_role("slider")
        assert depth.get_attribute("aria-valuetext") == "37", "the reloaded page lost the linked settings"
        page.evaluate(MARK_RUNS)
        depth.focus()
        for _ in range(3):
            depth.press("ArrowRight")
        wait_for(page, RUN_FINISHED, "the rerun after the restart")
        wait_until_drawn(page, expected_charts("vanishing"))
        assert depth.get_attribute("aria-valuetext") == "40"
        assert chart.screenshot() != before, "the slider moved but the chart stayed: the page froze after the restart"
        assert "does not exist anymore" not in log.read_text()
    finally:
        stop(server)


# Every value the page's root element gives data-test-connection-state, in
# order, from the moment this is installed: a pause the browser noticed shows
# as a state other than CONNECTED.
RECORD_CONNECTION = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__connectionStates = [app.dataset.testConnectionState];
    new MutationObserver(() => window.__connectionStates.push(app.dataset.testConnectionState))
        .observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
}"""
# Set before the pause; a reload (or any navigation) loses it.
MARK_DOCUMENT = "() => { window.__labBeforePause = true; }"
SAME_DOCUMENT = "() => window.__labBeforePause === true && performance.getEntriesByType('navigation').length === 1 && performance.getEntriesByType('navigation')[0].type === 'navigate'"
PAUSE_S = float(os.environ.get("LAB_PAUSE_S", "35"))  # past the server's websocket ping interval and timeout (30 s each)


def metrics_shown(page: Page) -> list[str]:
    return page.get_by_test_id("stMain").get_by_test_id("stMetric").all_inner_texts()


def test_a_paused_server_recovers_without_a_reload(page: Page, browser, tmp_path) -> None:
    """SIGSTOP the server (a stalled VM, a debugger, swap) with a page open;
    a move made during the pause is applied once the server is back (not
    lost, and the page agrees with itself: slider, address, chart and
    numbers all at the new value), the next move redraws, and the page was
    never reloaded."""
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    link = f"/vanishing?depth=37&activation=tanh&init=xavier_normal&seed=5&{SKIP}"
    server = start_server(port, log)
    try:
        js_errors = open_page(page, url, link, expected_charts("vanishing"))
        main = page.get_by_test_id("stMain")
        depth = main.get_by_test_id("stSlider").first.get_by_role("slider")
        chart = main.get_by_test_id("stVegaLiteChart").first
        assert depth.get_attribute("aria-valuetext") == "37"
        at_37 = chart.screenshot()
        page.evaluate(MARK_DOCUMENT)
        page.evaluate(RECORD_CONNECTION)

        os.kill(server.pid, signal.SIGSTOP)
        try:
            page.wait_for_timeout(PAUSE_S * 1000 / 2)
            page.evaluate(MARK_RUNS)
            depth.focus()
            depth.press("ArrowRight")  # during the pause: the browser shows 38, the server cannot answer yet
            assert depth.get_attribute("aria-valuetext") == "38"
            page.wait_for_timeout(PAUSE_S * 1000 / 2)
        finally:
            os.kill(server.pid, signal.SIGCONT)
        resumed = time.monotonic()
        wait_for(page, RUN_FINISHED, "the run of the move made during the pause")
        wait_until_drawn(page, expected_charts("vanishing"))
        recovery_s = time.monotonic() - resumed
        states = page.evaluate("() => window.__connectionStates")
        print(f"paused {PAUSE_S:.0f} s: connection states {states}; the move made during the pause drawn {recovery_s:.2f} s after SIGCONT")

        assert page.evaluate(SAME_DOCUMENT), "the page reloaded (or navigated) after the pause"
        assert depth.get_attribute("aria-valuetext") == "38", "the move made during the pause was lost"
        assert "depth=38" in page.url, page.url
        deadline = time.monotonic() + 30
        while chart.screenshot() == at_37 and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert chart.screenshot() != at_37, "the slider moved during the pause but the chart stayed"

        page.evaluate(MARK_RUNS)
        at_38 = chart.screenshot()
        depth.focus()
        depth.press("ArrowRight")
        wait_for(page, RUN_FINISHED, "the rerun of the move after the pause")
        wait_until_drawn(page, expected_charts("vanishing"))
        assert depth.get_attribute("aria-valuetext") == "39" and "depth=39" in page.url, page.url
        deadline = time.monotonic() + 30
        while chart.screenshot() == at_38 and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert chart.screenshot() != at_38, "the slider moved after the pause but the chart stayed"
        assert page.evaluate(SAME_DOCUMENT), "the page reloaded (or navigated) after the pause"
        assert_healthy(page, js_errors)
        assert "Traceback" not in log.read_text() and "does not exist anymore" not in log.read_text()

        # The page agrees with a direct load of its address.
        context = browser.new_context(viewport=VIEWPORT)
        try:
            context.add_init_script(RUN_COUNTER)
            fresh = context.new_page()
            fresh.goto(page.url)
            wait_until_drawn(fresh, expected_charts("vanishing"))
            assert metrics_shown(fresh) == metrics_shown(page)
        finally:
            context.close()
    finally:
        stop(server)
