"""The multi-replica deployment (deploy/serve.py: two Streamlit replicas
behind HAProxy on loopback) in a real browser: a session stays on one
replica (its reruns and its media files), a replica killed mid-lesson leaves
the other serving, and the proxy hides the server's internals and sends the
hardening headers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import REPO, RUN_COUNTER, STARTUP_TIMEOUT_S, VIEWPORT, free_port, start, stop
from tests.browser.test_browser import SKIP, assert_healthy, expected_charts, open_page

pytestmark = pytest.mark.browser

HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@contextmanager
def replicas(log_dir: Path, count: int = 2):
    """(proxy url, {replica name: pid}) of `python deploy/serve.py` on loopback."""
    if shutil.which("haproxy") is None:
        pytest.fail("haproxy is missing: `bash .ci/install-test-deps` installs Debian's haproxy", pytrace=False)
    port = free_port()
    log_path = log_dir / "serve.log"
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "deploy/serve.py", "--replicas", str(count), "--port", str(port), "--bind", "127.0.0.1"]
    server = start(command, url, log_path, "deploy/serve.py")
    try:
        yield url, lambda: _pids(log_path)
    finally:
        stop(server, timeout=20)  # serve.py stops its replicas and the proxy on SIGTERM


def _pids(log_path: Path) -> dict[str, int]:
    """The latest pid of each replica, from serve.py's JSON lines."""
    pids = {}
    for line in log_path.read_text().splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if "replica" in record:
                pids[record["replica"]] = record["pid"]
    return pids


def _wait_for_every_replica(url: str, count: int) -> None:
    """Fresh connections without the cookie until each replica has answered once
    (a replica counts as up in the proxy only after its first health check)."""
    seen, deadline = set(), time.monotonic() + STARTUP_TIMEOUT_S
    while len(seen) < count and time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            seen.add(response.headers["x-lab-replica"])
        time.sleep(0.2)
    assert len(seen) == count, f"only {seen} answered"


def test_the_proxy_hides_metrics_and_hardens_the_pages(tmp_path) -> None:
    with replicas(tmp_path) as (url, _):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=5)
        assert refused.value.code == 404
        with urllib.request.urlopen(url + "/", timeout=5) as response:
            headers = {key.lower(): value for key, value in response.headers.items()}
        for name, value in HEADERS.items():
            assert headers.get(name) == value, (name, headers.get(name))
        assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_session_stays_on_one_replica_and_survives_losing_it(browser: Browser, tmp_path) -> None:
    with replicas(tmp_path) as (url, pids):
        _wait_for_every_replica(url, 2)
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.add_init_script(RUN_COUNTER)
        page = context.new_page()
        page.set_default_timeout(120_000)
        served_by: list[str] = []
        # Responses from the proxy (not the network picture's script, a blob: URL made in the browser).
        page.on("response", lambda response: served_by.append(response.headers.get("x-lab-replica", "?")) if response.url.startswith("http") else None)
        csp_errors: list[str] = []
        page.on("console", lambda message: csp_errors.append(message.text) if "Content Security Policy" in message.text else None)

        js_errors = open_page(page, url, f"/vanishing?{SKIP}", expected_charts("vanishing"))
        assert_healthy(page, js_errors)
        # A CSV download is a media file that only the replica that made it holds.
        for button in page.get_by_test_id("stDownloadButton").all()[:3]:
            with page.expect_download() as download:
                button.click()
            header = Path(download.value.path()).read_text().partition("\n")[0]
            assert "," in header, f"the CSV came back empty or from the wrong replica: {header!r}"
        assert len(set(served_by)) == 1, f"one session was served by {set(served_by)}"
        assert not csp_errors, csp_errors

        home = served_by[0]
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies() if c["name"] == "LAB_REPLICA")
        assert cookie, "the proxy set no stickiness cookie"
        os.kill(pids()[home], signal.SIGKILL)
        # At once, before serve.py has restarted it: the killed replica's
        # sessions are sent to the live one.
        request = urllib.request.Request(url + "/vanishing", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200 and response.headers["x-lab-replica"] != home
        js_errors = open_page(page, url, f"/vanishing?depth=30&{SKIP}", expected_charts("vanishing"))  # the same browser, its cookie names the killed replica
        assert_healthy(page, js_errors)
        depth = page.get_by_test_id("stMain").get_by_test_id("stSlider").first.get_by_role("slider")
        assert depth.get_attribute("aria-valuetext") == "30"
        context.close()


def test_the_proxy_config_is_valid_for_compose_and_for_one_machine(tmp_path) -> None:
    """deploy/haproxy.cfg as compose.yaml runs it, and as serve.py renders it."""
    sys.path.insert(0, str(REPO / "deploy"))
    try:
        import serve
    finally:
        sys.path.pop(0)
    env = os.environ | {"LAB_BIND": "127.0.0.1", "LAB_PORT": "8501", "LAB_REPLICAS": "3", "LAB_COOKIE_KEY": "test"}
    local = tmp_path / "local.cfg"
    local.write_text(serve.proxy_config([9001, 9002, 9003]))
    lines = [line.strip() for line in local.read_text().splitlines()]
    assert sum(line.startswith("server app") for line in lines) == 3 and not any(line.startswith("server-template") for line in lines)
    for config in (REPO / "deploy" / "haproxy.cfg", local):
        check = subprocess.run(["haproxy", "-c", "-f", str(config)], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
