"""Training runs in a class: a run whose reader leaves stops at once, and a
default run never queues behind someone's largest settings (ui/compute.py's
training lanes)."""

from __future__ import annotations

import os
import time

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import RUN_COUNTER, VIEWPORT, free_port, start, stop, streamlit_command
from tests.browser.test_browser import SKIP, open_page
from ui.lang.en import STRINGS

pytestmark = pytest.mark.browser

# depth 60 x width 256: about 0.2 s per step, 20 s for the 100 steps (estimated 18 s: the large lane)
LONG_RUN = f"/vanishing?depth=60&width=256&{SKIP}"


def training_cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid`'s training threads (the
    training lanes name them lab-train-small / lab-train-large; the
    server's other threads, such as the prefetch, are left out)."""
    total = 0.0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{task}/stat").read()
        except FileNotFoundError:  # the thread has ended
            continue
        name, fields = stat.split("(", 1)[1].rsplit(")", 1)
        if name.startswith("lab-train"):
            values = fields.split()
            total += (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start_training(page: Page, url: str, route: str) -> None:
    open_page(page, url, route)
    page.get_by_role("button", name=STRINGS["vanishing.train_start"]).click()
    progress = page.get_by_test_id("stProgress").first
    page.wait_for_function("(bar) => /\\b[2-9]\\d*\\//.test(bar.innerText)", arg=progress.element_handle(), timeout=120_000)


def test_a_run_whose_reader_leaves_stops_within_a_second(browser: Browser, tmp_path) -> None:
    """Issue 15: a client that disconnects mid-training stops its training within a second."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start(streamlit_command(port), url, tmp_path / "server.log", "Streamlit")
    try:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(RUN_COUNTER)
        start_training(context.new_page(), url, LONG_RUN)
        before = training_cpu_seconds(server.pid)
        time.sleep(2.0)
        assert training_cpu_seconds(server.pid) - before > 0.1, "no training thread is working: nothing to stop"
        context.close()
        time.sleep(1.0)  # the run has a second to stop
        idle_from = training_cpu_seconds(server.pid)
        time.sleep(3.0)
        used = training_cpu_seconds(server.pid) - idle_from
        assert used < 0.02, f"the training threads used {used:.2f} s of CPU in the 3 s after its reader left: the run went on"
    finally:
        stop(server)
