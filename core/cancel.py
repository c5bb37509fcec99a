"""Cooperative cancellation of long computations.

A caller that may lose interest in a computation (the app: a student moved
the slider again, or closed the page) runs it under `stop_when(should_stop)`;
the computation calls `checkpoint()` at each layer, block or time step (the
net build, the forward loop, the backward pass through a hook), which raises
`Cancelled` once `should_stop()` is true. So a largest probe stops within
one layer's work (a few ms) instead of finishing its seconds for nobody.

The callable travels in a context variable rather than as an argument, so
the public functions keep their signatures and a probe that calls other
probes (compare_probe -> probe_gradients -> build_mlp) needs no plumbing.
It belongs to the calling thread (each thread starts with no callable):
outside `stop_when`, `checkpoint()` does nothing, so notebooks and tests
see no difference.
"""

from __future__ import annotations

import contextlib
import contextvars
from typing import Callable, Iterator

_SHOULD_STOP: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("should_stop", default=None)


class Cancelled(Exception):
    """Raised by `checkpoint()` inside `stop_when(should_stop)` once `should_stop()` is true."""


@contextlib.contextmanager
def stop_when(should_stop: Callable[[], bool]) -> Iterator[None]:
    """Within this block, `checkpoint()` raises Cancelled once `should_stop()` is true."""
    token = _SHOULD_STOP.set(should_stop)
    try:
        yield
    finally:
        _SHOULD_STOP.reset(token)


def checkpoint() -> None:
    """Raise Cancelled if the enclosing `stop_when`'s callable says stop; else nothing."""
    should_stop = _SHOULD_STOP.get()
    if should_stop is not None and should_stop():
        raise Cancelled


def checkpoint_hook(_gradient=None) -> None:
    """`checkpoint()` as an autograd hook (tensor or post-accumulate-grad
    hook): the backward pass stops at the next layer or time step too
    (the exception leaves backward() with its own type)."""
    checkpoint()
