"""Shared pytest setup: import `core` from the repository root and keep
torch to one thread, as the app does, so the suite's timing is the same on any machine."""

import os
import sys
from pathlib import Path

# Idle OpenMP threads sleep instead of spinning. The core tests run many tiny
# ops; with spinning workers on a busy 2-core machine they were up to 30x
# slower (e.g. a 1 s training run took 30-45 s). Must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

torch.set_num_threads(1)  # as the app does (ui/compute.py)

# AppTest runs dashboard.py in this process, which turns the prefetcher on:
# it would then compute neighbouring slider values beside every later test.
# Kept off here (tests/test_prefetch.py tests it on its own instances; the
# browser tests run it in a real server).
from ui import prefetch  # noqa: E402

prefetch.enable = lambda: None

# .streamlit/config.toml shows visitors a generic message instead of an
# exception; the tests want the real message in AppTest's exception elements.
from streamlit import config as streamlit_config  # noqa: E402

streamlit_config.set_option("client.showErrorDetails", "full")
