"""Time the core work behind one slider change, and a cached revisit.

    python benchmarks/bench_core.py [--repeats 7]

Prints the median and the worst of `repeats` runs (after one warm-up) for
the probe at default and at the largest settings, the training demos at
their default settings, and a revisit through the app's bounded cache.
Run it on an idle machine: other processes on 2 cores double the figures.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as dashboard.py does
import numpy as np  # noqa: E402
import torch  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)
from ui import compute  # noqa: E402  (the app's torch settings and caches)
from core import (  # noqa: E402
    NetSpec, TrainConfig, degradation_specs, probe_gradients, probe_recurrent, train_mlp, train_recurrent,
)
from core.claims import rnn as rnn_claims  # noqa: E402
from core.claims import residual as residual_claims  # noqa: E402
from core.phase import phase_diagram  # noqa: E402

# The pages' default settings (pages/vanishing.py, pages/exploding.py).
VANISHING = NetSpec(depth=20, width=64, activation="sigmoid", init="normal", weight_scale=1.0)
EXPLODING = NetSpec(depth=10, width=64, activation="linear", init="scaled_identity", weight_scale=5.0)
LARGEST = NetSpec(depth=100, width=512, activation="tanh", init="normal", weight_scale=1.0)
LARGEST_ORTHOGONAL = NetSpec(depth=100, width=512, activation="tanh", init="orthogonal", weight_scale=1.0)
VANISHING_TRAIN = TrainConfig(steps=100, optimizer="adam", lr=0.01, layer_every=100)
EXPLODING_NET = NetSpec(depth=10, width=64, activation="tanh", init="normal", weight_scale=1.0)
EXPLODING_PLAIN = TrainConfig(optimizer="sgd", loss="mse", lr=0.3, steps=150)
EXPLODING_CLIPPED = TrainConfig(optimizer="sgd", loss="mse", lr=0.3, steps=150, clip="norm", clip_threshold=1.0)
RACE = rnn_claims.race_config()  # pages/rnn.py's defaults


DEGRADATION_BASE = residual_claims.degradation_base()  # pages/residual.py
DEGRADATION = residual_claims.DEGRADATION_CONFIG
BROKEN = NetSpec(depth=30, width=32, activation="sigmoid", init="normal", weight_scale=1.0)  # pages/remedies.py
BROKEN_TRAINING = TrainConfig(optimizer="sgd", lr=0.1, steps=150, layer_every=150)


def as_in_app(spec: NetSpec, config: TrainConfig) -> Callable[[], object]:
    """An MLP trained as ui/compute.py trains it: float32 denormals flushed
    in the steps that record nothing (recurrent runs and the phase diagram
    are not flushed in the app either)."""
    return lambda: compute.train_mlp_flushed(spec, config)


def flush_gain(repeats: int) -> tuple[float, float]:
    """CPU seconds of 20 training steps of a 60-layer sigmoid net whose first
    layers' gradients are float32 denormals: plain core.train_mlp, and as the
    app trains it (denormals flushed). The gain is the CPU's: denormal
    multiplies cost about 20x on the Intel machine the flush was written on
    (0.8 vs 0.2 s), next to nothing on an AMD EPYC (0.22 vs 0.20 s)."""
    spec, config = NetSpec(depth=60, width=64, activation="sigmoid"), TrainConfig(steps=20, layer_every=20)
    compute.train_mlp_flushed(spec, TrainConfig(steps=2))  # warm up
    medians = []
    for run in (lambda: train_mlp(spec, config), lambda: compute.train_mlp_flushed(spec, config)):
        times = []
        for _ in range(repeats):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        medians.append(statistics.median(times))
    return medians[0], medians[1]


def orthogonal_builds(repeats: int) -> dict[str, list[float]]:
    """Seconds to build the 100 x 512 orthogonal net, interleaved repeat by
    repeat: with torch's orthogonal_ for every W (a QR each, as before the
    factors were kept), a first build (the QRs; only their digests are
    remembered), a second build (the QRs again, now kept in
    core.nets.ORTHOGONAL_FACTORS) and a rebuild at another gain (no QR)."""
    from core import nets

    class TorchOrthogonal:  # stands in for nets.ORTHOGONAL_FACTORS: keeps nothing
        @staticmethod
        def orthogonal_(weight, gain, generator):
            torch.nn.init.orthogonal_(weight, gain=gain, generator=generator)

    kept = nets.ORTHOGONAL_FACTORS

    def with_torch_orthogonal() -> None:
        nets.ORTHOGONAL_FACTORS = TorchOrthogonal()
        try:
            nets.build_mlp(LARGEST_ORTHOGONAL)
        finally:
            nets.ORTHOGONAL_FACTORS = kept

    def first_build() -> None:
        kept.clear()
        nets.build_mlp(LARGEST_ORTHOGONAL)

    builds = {"build, torch's orthogonal_ (a QR per layer)": with_torch_orthogonal, "first build (QRs, not kept)": first_build,
              "second build (QRs kept)": lambda: nets.build_mlp(replace(LARGEST_ORTHOGONAL, weight_scale=0.9)),
              "rebuild at another gain (kept factors)": lambda: nets.build_mlp(replace(LARGEST_ORTHOGONAL, weight_scale=1.5))}
    times = {name: [] for name in builds}
    for _ in range(repeats):
        for name, build in builds.items():
            start = time.perf_counter()
            build()
            times[name].append(time.perf_counter() - start)
    return times


def race() -> None:
    for cell in ("rnn", "lstm", "gru"):
        train_recurrent(rnn_claims.spec(cell, rnn_claims.RACE_HIDDEN), RACE)


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, worst) wall time in ms after one warm-up call."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def cached_revisit(repeats: int) -> tuple[float, float]:
    # The app's own cache (ui/compute.py), used outside a Streamlit server.
    compute.probe(LARGEST)
    return timed(lambda: compute.probe(LARGEST), repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"{'what':58s} {'median ms':>10s} {'worst ms':>10s} {'target ms':>10s}")
    rows = [
        ("probe, Vanishing default (sigmoid 20x64)", lambda: probe_gradients(VANISHING), 30),
        ("probe, Exploding default (linear 5I 10x64)", lambda: probe_gradients(EXPLODING), 30),
        ("probe, largest (tanh 100x512, normal)", lambda: probe_gradients(LARGEST), 300),
        ("probe, largest (tanh 100x512, orthogonal, kept factors)", lambda: probe_gradients(LARGEST_ORTHOGONAL), 300),
        ("training, Vanishing default (100 Adam steps)", as_in_app(VANISHING, VANISHING_TRAIN), 1000),
        ("training, Exploding plain (150 SGD steps, overflows)", as_in_app(EXPLODING_NET, EXPLODING_PLAIN), 1000),
        ("training, Exploding clipped (150 SGD steps)", as_in_app(EXPLODING_NET, EXPLODING_CLIPPED), 1000),
        *[(f"gradient over time, {cell} (seq 200, hidden 64)", lambda cell=cell: probe_recurrent(cell, 200, 64), 100) for cell in ("rnn", "lstm", "gru")],
    ]
    for name, work, target in rows:
        median, worst = timed(work, repeats)
        flag = "" if median <= target else "  over target"
        print(f"{name:58s} {median:10.1f} {worst:10.1f} {target:10d}{flag}")
    once = [
        (f"race, RNN + LSTM + GRU (adding problem, length {RACE.seq_len}, {RACE.steps} steps)", race, 15000),
        ("degradation, 3 nets (4/30/30 blocks, 100 steps)", lambda: [as_in_app(net, DEGRADATION)() for net in degradation_specs(DEGRADATION_BASE, residual_claims.SHALLOW_DEPTH).values()], 10000),
        ("remedies, broken + fixed run (30 layers, 150 steps)", lambda: [as_in_app(BROKEN, BROKEN_TRAINING)(), as_in_app(replace(BROKEN, activation="relu", init="he_normal"), BROKEN_TRAINING)()], 10000),
        ("phase diagram, tanh depth 20 (126 nets)", lambda: phase_diagram("tanh", 20, np.round(np.arange(0.5, 3.001, 0.125), 3), np.round(np.arange(0.0, 1.001, 0.2), 2)), 10000),
    ]
    for name, work, target in once:
        start = time.perf_counter()
        work()
        elapsed = (time.perf_counter() - start) * 1000
        flag = "" if elapsed <= target else "  over target"
        print(f"{name + ' (once)':58s} {elapsed:10.0f} {'':10s} {target:10d}{flag}")
    plain, flushed = flush_gain(repeats)
    print(f"denormal flush, 60-layer sigmoid, 20 steps: CPU {plain:.2f} s plain, {flushed:.2f} s flushed ({plain / flushed:.1f}x; {platform.processor() or platform.machine()})")
    builds = orthogonal_builds(repeats)
    reference = statistics.median(next(iter(builds.values())))
    for name, times in builds.items():
        print(f"{'100x512 orthogonal, ' + name:58s} {statistics.median(times) * 1000:10.0f} {max(times) * 1000:10.0f} {'':10s} x {statistics.median(times) / reference:.2f}")
    median, worst = cached_revisit(repeats)
    print(f"{'revisit, largest probe through the app cache':58s} {median:10.2f} {worst:10.2f} {'-':>10s}")


if __name__ == "__main__":
    main()
