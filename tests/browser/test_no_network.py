"""No network calls at run time: a real `streamlit run dashboard.py`, with
an audit hook in the server process, serves every page to Chromium; the
server never resolves a name or connects a socket anywhere but loopback.

Without `browser.serverAddress` in .streamlit/config.toml, Streamlit's
headless start asks checkip.amazonaws.com for an "External URL" (a DNS
query, then HTTP) and connects a UDP socket towards 8.8.8.8 to find the
machine's own address: this test fails on both.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.browser.conftest import RUN_COUNTER, free_port, start, stop, streamlit_command
from tests.browser.test_browser import open_page

pytestmark = pytest.mark.browser

# Runs in the server process before Streamlit: records every name looked up
# and every address bound, connected to or sent to, one JSON line each (the
# server's own bind shows the hook is live).
AUDIT = """
import json, sys
log = open({log!r}, "a", buffering=1)
def audit(event, args):
    if event == "socket.getaddrinfo":
        log.write(json.dumps(["getaddrinfo", str(args[0])]) + "\\n")
    elif event in ("socket.connect", "socket.sendto", "socket.bind"):
        address = args[1] if event != "socket.sendto" else args[-1]
        log.write(json.dumps([event, str(address[0]) if isinstance(address, tuple) else str(address)]) + "\\n")
sys.addaudithook(audit)
sys.argv = {argv!r}
from streamlit.web.cli import main
main()
"""

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "None", ""}
ROUTES = ["/", "/vanishing", "/exploding", "/rnn", "/residual", "/remedies", "/lesson"]


def test_the_server_reaches_nothing_but_loopback(browser, tmp_path):
    port = free_port()
    log = tmp_path / "sockets.jsonl"
    command = streamlit_command(port)
    script = AUDIT.format(log=str(log), argv=["streamlit", *command[3:]])
    url = f"http://127.0.0.1:{port}"
    server = start([sys.executable, "-c", script], url, tmp_path / "server.log", "Streamlit with an audit hook")
    try:
        context = browser.new_context()
        context.add_init_script(RUN_COUNTER)  # open_page waits on its counts
        page = context.new_page()
        for route in ROUTES:
            open_page(page, url, route + "?skip_predictions=true")
        context.close()
    finally:
        stop(server)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(event == "socket.bind" for event, _ in events), f"the hook saw the server bind its port: {events}"
    outside = [(event, target) for event, target in events if event != "socket.bind"
               and target not in LOOPBACK and not target.startswith("/") and not target.startswith("127.")]
    assert not outside, f"the server reached beyond loopback: {outside}"
