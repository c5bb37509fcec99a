"""Shared pytest setup: import `core` from the repository root and keep
torch to two threads so the suite's timing is the same on any machine."""

import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

torch.set_num_threads(2)
