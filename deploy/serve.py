"""Serve a class from one machine: N Streamlit replicas behind HAProxy.

    python deploy/serve.py                 # one replica per core, on port 8501
    python deploy/serve.py --replicas 2 --port 8080 --bind 192.168.1.20

Streamlit runs a session's Python in one process, and that process uses about
one core (the GIL), so a class on a 4-core box is served by 4 replicas.
HAProxy (Debian's `haproxy`) listens on --bind:--port and pins each browser
to one replica with a cookie (deploy/haproxy.cfg, the same file compose.yaml
uses); the replicas listen on loopback only. A replica that exits is started
again after a second, and meanwhile its sessions move to a live one.

Prints one JSON line per replica start ({"replica", "pid", "port"}) and one
when the proxy is up ({"proxy", "pid", "url"}); stops everything on
Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "haproxy.cfg"
RESTART_DELAY_S = 1.0
STARTUP_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proxy_config(ports: list[int]) -> str:
    """deploy/haproxy.cfg with its DNS-discovered servers replaced by the local replicas."""
    text = CONFIG.read_text()
    servers = "".join(f"    server app{i} 127.0.0.1:{port}\n" for i, port in enumerate(ports, start=1))
    text, count = re.subn(r"^\s*server-template .*\n", servers, text, flags=re.M)
    if count != 1:
        raise SystemExit(f"{CONFIG} must hold exactly one server-template line")
    return text


def start_replica(port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
    ]
    return subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL)


def wait_until_healthy(ports: list[int]) -> None:
    """Each replica answers /_stcore/health, so the proxy finds them all up at once."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    for port in ports:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit(f"the replica on port {port} did not start within {STARTUP_TIMEOUT_S} s")


def announce(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: one per core)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--bind", default="0.0.0.0", help="the proxy's address: one interface, or 0.0.0.0 for all (default)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 64:
        parser.error("--replicas must be between 1 and 64")
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        parser.error("haproxy is not installed (Debian/Ubuntu: sudo apt-get install haproxy)")

    ports = [free_port() for _ in range(args.replicas)]
    replicas = {port: start_replica(port) for port in ports}
    for name, (port, process) in enumerate(replicas.items(), start=1):
        announce(replica=f"app{name}", pid=process.pid, port=port)

    wait_until_healthy(ports)
    workdir = Path(tempfile.mkdtemp(prefix="gradient-flow-lab-"))
    config = workdir / "haproxy.cfg"
    config.write_text(proxy_config(ports))
    env = os.environ | {
        "LAB_BIND": args.bind, "LAB_PORT": str(args.port), "LAB_REPLICAS": str(args.replicas),
        "LAB_COOKIE_KEY": os.environ.get("LAB_COOKIE_KEY") or secrets.token_hex(8),
    }
    proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], env=env, stdin=subprocess.DEVNULL)
    announce(proxy="haproxy", pid=proxy.pid, url=f"http://{args.bind}:{args.port}")

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping and proxy.poll() is None:
            for name, (port, process) in enumerate(list(replicas.items()), start=1):
                if process.poll() is not None:
                    time.sleep(RESTART_DELAY_S)
                    replicas[port] = start_replica(port)
                    announce(replica=f"app{name}", pid=replicas[port].pid, port=port, restarted=True)
            time.sleep(0.5)
    finally:
        for process in [proxy, *replicas.values()]:
            if process.poll() is None:
                process.terminate()
        for process in [proxy, *replicas.values()]:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
