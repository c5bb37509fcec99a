"""A redeploy mid-lesson: the server restarts while a page is open. The page
must not show a working slider over a stale chart (ui/restart.py): it reloads
itself from its address, and its next move redraws the chart."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import free_port, start, stop, streamlit_command
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
