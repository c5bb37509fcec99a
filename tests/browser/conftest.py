"""Fixtures for the browser tests: a real `streamlit run` server and headless Chromium.

The browser is Debian's chromium (Playwright's own browser download cannot be
fetched on our machines); set CHROMIUM_PATH to use another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1600, "height": 1000}  # projector-like
STARTUP_TIMEOUT_S = 60


def chromium_path() -> str:
    """CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH.

    Missing browser = failure, not skip: a CI run that silently skips the
    browser tests would pass without ever having looked at the app.
    """
    explicit = os.environ.get("CHROMIUM_PATH")  # when set, it alone counts: no silent fallback
    candidates = [explicit] if explicit else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in filter(None, candidates):
        if os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "No Chromium found for the browser tests. Install Debian's chromium "
        "(`sudo apt-get install chromium`, or run `bash .ci/install-test-deps`), "
        f"or set CHROMIUM_PATH to an existing Chromium binary (now: {explicit!r}).",
        pytrace=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except OSError:
        return False


def start(command: list[str], url: str, log_path: Path, what: str) -> subprocess.Popen:
    """Start `command` in the repo root (output appended to `log_path`: a
    full pipe would block it) and wait until `url` answers its health check."""
    with open(log_path, "a") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            pytest.fail(f"{what} did not come up on {url}; its log:\n{log_path.read_text()[-4000:]}", pytrace=False)
        time.sleep(0.5)
    return process


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def streamlit_command(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
            "--server.port", str(port), "--browser.gatherUsageStats", "false"]


@contextmanager
def streamlit_server(log_dir: Path):
    """Base URL of a fresh `streamlit run dashboard.py` from the repo root."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start(streamlit_command(port), url, log_dir / "server.log", "Streamlit")
    try:
        yield url
    finally:  # also runs when a test failed
        stop(server)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The app served once for the whole session."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            # No sandbox: CI runs as root in a container. The rest keeps Chromium
            # off the network (only the local app is reachable anyway).
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


# Installed in every page the tests and benchmarks open: counts the reruns the
# browser asks for and the runs the server finishes, from the websocket's
# messages (BackMsg.rerun_script, ForwardMsg.script_finished), keeps the last
# finished run's status (__lastRunStatus: ScriptFinishedStatus, 2 = stopped
# early for another run) and the order of the last ask, run start
# (ForwardMsg.new_session, sent when any run starts) and finish (__lastAsk,
# __lastStart, __lastFinish: event numbers). The server merges asks that
# arrive while a run is starting or being stopped into one run, so asks and
# finishes need not pair up; but every ask is followed by a run that starts
# after it. The page's running indicator can miss a fast rerun, and a control
# may change no chart. Reads each message's top-level protobuf fields only
# (field numbers from streamlit.proto at start-up).
RUN_COUNTER = """(() => {
    // The value of top-level field `wanted` in a protobuf message: a number for a varint, true for others, undefined if absent.
    const fieldOf = (data, wanted) => {
        const bytes = new Uint8Array(data);
        let at = 0;
        const varint = () => { let value = 0, shift = 0, byte; do { byte = bytes[at++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte & 128); return value; };
        while (at < bytes.length) {
            const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
            if (field === wanted) return wire === 0 ? varint() : true;
            const length = wire === 2 ? varint() : 0;  // read before `at +=` reads at
            if (wire === 0) varint(); else if (wire === 2) at += length; else if (wire === 1) at += 8; else if (wire === 5) at += 4; else return undefined;
        }
        return undefined;
    };
    window.__runsAsked = 0; window.__runsFinished = 0; window.__lastRunStatus = undefined;
    let events = 0;
    window.__lastAsk = 0; window.__lastStart = 0; window.__lastFinish = 0;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', event => {
                if (!(event.data instanceof ArrayBuffer)) return;
                if (fieldOf(event.data, STARTED) !== undefined) window.__lastStart = ++events;
                const status = fieldOf(event.data, FINISHED);
                if (status !== undefined) { window.__runsFinished++; window.__lastRunStatus = status; window.__lastFinish = ++events; }
            });
        }
        send(data) {
            if (typeof data !== 'string' && fieldOf(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), RERUN) !== undefined) {
                window.__runsAsked++; window.__lastAsk = ++events;
            }
            return super.send(data);
        }
    };
})()""".replace("RERUN", str(BackMsg.DESCRIPTOR.fields_by_name["rerun_script"].number)).replace(
    "FINISHED", str(ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number)).replace(
    "STARTED", str(ForwardMsg.DESCRIPTOR.fields_by_name["new_session"].number))
RUN_STOPPED_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # __lastRunStatus of a run the server restarts by itself


@pytest.fixture
def page(browser):
    """A fresh browser context per test, so no widget state leaks between tests."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RUN_COUNTER)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a cold page trains networks before it is done
    yield page
    context.close()
