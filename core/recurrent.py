"""Recurrent nets (torch.nn.RNN / LSTM / GRU), their gradient over time, and
the adding problem.

Backprop through time multiplies dL/dh_t by the recurrent Jacobian once per
step back:

    dL/dh_{t-1} = J_t^T dL/dh_t,   J_t = dh_t/dh_{t-1}
    tanh RNN:   J_t = diag(1 - h_t^2) W_hh,  so ||dL/dh_{t-k}|| <= sigma_max(W_hh)^k ||dL/dh_t||

(Pascanu, Mikolov & Bengio 2013). An LSTM's cell state adds a path whose
Jacobian is the forget gate f_t itself: with f_t near 1 the product stays
near 1. At PyTorch's default init the gates sit near sigmoid(0) = 0.5
(keep_gates measures it), so a fresh LSTM or GRU forgets about as fast
as the plain RNN; a forget-gate (LSTM) or update-gate (GRU) bias opens the
path from the start.

Gate biases: `None` is PyTorch's own init (every entry of b_ih and b_hh
drawn from U(-1/sqrt(H), 1/sqrt(H)), so the gate's bias is random around
0); a number sets the gate's bias to exactly that value (0.0 is exactly
zero, not PyTorch's default).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np
import pandas as pd
import torch
from torch import nn

from .cancel import checkpoint, checkpoint_hook
from .checks import MAX_RECURRENT_UNITS, check_choice, check_int, check_number, check_work
from .nets import SEED_RANGE, default_linear_init_
from .train import Overflow, check_training, clip_gradients, make_optimizer

CELLS = ("rnn", "lstm", "gru")
RECURRENT_INITS = ("default", "orthogonal", "scaled_normal", "identity")
NONLINEARITIES = ("tanh", "relu")
HIDDEN_RANGE = (2, 256)
SEQ_LEN_RANGE = (2, 500)
RECURRENT_SCALE_RANGE = (0.0, 3.0)
GATE_BIAS_RANGE = (-10.0, 10.0)
BATCH_RANGE = (1, 1024)
ADDING_BASELINE_MSE = 1.0 / 6.0  # predicting 1 for a sum of two U[0,1]: Var = 2 * 1/12
INPUT_SIZE = 2  # the adding problem's channels: a number and a marker
FINAL_LOSS_WINDOW = 20  # steps averaged into RecurrentTrainResult.final_loss
GATES = {"rnn": 1, "lstm": 4, "gru": 3}  # row blocks of weight_hh: LSTM (i, f, g, o), GRU (r, z, n)


@dataclass(frozen=True)
class RecurrentSpec:
    """One recurrent layer and its initialisation.

    recurrent_init, for each gate's H x H block of W_hh:
      default        PyTorch's U(-1/sqrt(H), 1/sqrt(H)); recurrent_scale ignored
      orthogonal     an orthogonal matrix times recurrent_scale (all singular values = scale)
      scaled_normal  N(0, recurrent_scale^2 / H): largest singular value ~ 2 * scale for large H
      identity       recurrent_scale * I (Le, Jaitly & Hinton 2015's IRNN uses it with ReLU)
    forget_bias: the LSTM's forget-gate bias (b_ih + b_hh of the f block);
    update_bias: the GRU's update-gate bias (z block; h' = (1 - z) n + z h,
    so a large z keeps the old state). None leaves PyTorch's random bias
    (U(-1/sqrt(H), 1/sqrt(H)) in b_ih and in b_hh); a number sets b_ih of
    the block to it and b_hh to 0, so 0.0 means exactly zero.
    nonlinearity applies to the plain RNN only; forget_bias to the LSTM,
    update_bias to the GRU (the other cells ignore them).
    """

    cell: str = "rnn"
    hidden: int = 64
    recurrent_init: str = "default"
    recurrent_scale: float = 1.0
    forget_bias: float | None = None
    update_bias: float | None = None
    nonlinearity: str = "tanh"
    seed: int = 0

    def __post_init__(self) -> None:
        for name, value, choices in (("cell", self.cell, CELLS), ("recurrent_init", self.recurrent_init, RECURRENT_INITS), ("nonlinearity", self.nonlinearity, NONLINEARITIES)):
            check_choice(name, value, choices)
        # Frozen dataclass: numpy scalars stored as the equal Python numbers.
        for name, bounds in (("hidden", HIDDEN_RANGE), ("seed", SEED_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))
        object.__setattr__(self, "recurrent_scale", check_number("recurrent_scale", self.recurrent_scale, RECURRENT_SCALE_RANGE))
        for name in ("forget_bias", "update_bias"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, check_number(name, getattr(self, name), GATE_BIAS_RANGE))

    def to_dict(self) -> dict:
        return asdict(self)


class RecurrentModel(nn.Module):
    """A recurrent layer and a linear read-out of its last hidden state. Its
    weights are left uninitialised: build it with build_recurrent."""

    def __init__(self, spec: RecurrentSpec, output_size: int = 1) -> None:
        super().__init__()
        self.spec = spec
        # Built on the meta device (PyTorch's default init runs there and
        # draws nothing), then given real, uninitialised storage.
        if spec.cell == "rnn":
            rnn = nn.RNN(INPUT_SIZE, spec.hidden, nonlinearity=spec.nonlinearity, batch_first=True, device="meta")
        elif spec.cell == "lstm":
            rnn = nn.LSTM(INPUT_SIZE, spec.hidden, batch_first=True, device="meta")
        else:
            rnn = nn.GRU(INPUT_SIZE, spec.hidden, batch_first=True, device="meta")
        self.rnn = rnn.to_empty(device="cpu")
        self.readout = nn.Linear(spec.hidden, output_size, device="meta").to_empty(device="cpu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (batch, time, input_size) -> prediction (batch, output_size)."""
        outputs, _ = self.rnn(x)  # (batch, time, hidden)
        return self.readout(outputs[:, -1])


def _default_recurrent_init_(layer: nn.RNNBase, generator: torch.Generator) -> None:
    """PyTorch's default init of nn.RNN / LSTM / GRU (RNNBase.reset_parameters),
    drawn from `generator` in the same order: every parameter (weight_ih,
    weight_hh, bias_ih, bias_hh) ~ U(+-1/sqrt(H))."""
    bound = 1.0 / math.sqrt(layer.hidden_size)
    for parameter in layer.parameters():
        nn.init.uniform_(parameter, -bound, bound, generator=generator)


def _init_recurrent_(model: RecurrentModel, spec: RecurrentSpec, generator: torch.Generator) -> None:
    """Initialise `model` in place from `generator`: PyTorch's defaults (the
    layer, then the readout), then spec's W_hh blocks and gate biases."""
    _default_recurrent_init_(model.rnn, generator)
    default_linear_init_(model.readout, generator)
    hidden = spec.hidden
    with torch.no_grad():
        weight_hh = model.rnn.weight_hh_l0  # (gates * H, H)
        for gate in range(GATES[spec.cell]):
            block = weight_hh[gate * hidden : (gate + 1) * hidden]
            if spec.recurrent_init == "orthogonal":
                nn.init.orthogonal_(block, gain=spec.recurrent_scale, generator=generator)
            elif spec.recurrent_init == "scaled_normal":
                nn.init.normal_(block, std=spec.recurrent_scale / math.sqrt(hidden), generator=generator)
            elif spec.recurrent_init == "identity":
                block.copy_(spec.recurrent_scale * torch.eye(hidden))
        if spec.cell == "lstm" and spec.forget_bias is not None:
            model.rnn.bias_ih_l0[hidden : 2 * hidden] = spec.forget_bias
            model.rnn.bias_hh_l0[hidden : 2 * hidden] = 0.0
        if spec.cell == "gru" and spec.update_bias is not None:
            model.rnn.bias_ih_l0[hidden : 2 * hidden] = spec.update_bias
            model.rnn.bias_hh_l0[hidden : 2 * hidden] = 0.0


def build_recurrent(spec: RecurrentSpec, output_size: int = 1) -> RecurrentModel:
    """The model for `spec`, drawn from its own torch.Generator seeded with
    spec.seed, in the order the models were first built with
    torch.manual_seed (so the weights are those of every figure so far);
    torch's process-wide generator is left alone and no lock is needed."""
    model = RecurrentModel(spec, output_size)
    _init_recurrent_(model, spec, torch.Generator().manual_seed(spec.seed))
    return model


def sigma_max_recurrent(model: RecurrentModel) -> float:
    """Largest singular value of the recurrent matrix that carries the state:
    W_hh for the RNN, the candidate block (g for LSTM, n for GRU) otherwise."""
    hidden = model.spec.hidden
    weight_hh = model.rnn.weight_hh_l0.detach()
    block = {"rnn": weight_hh, "lstm": weight_hh[2 * hidden : 3 * hidden], "gru": weight_hh[2 * hidden : 3 * hidden]}[model.spec.cell]
    return float(torch.linalg.matrix_norm(block.double(), ord=2))


KEEP_GATE = 1  # row block of the gate that keeps the old state: the LSTM's f in (i, f, g, o), the GRU's z in (r, z, n)


def keep_gates(model: RecurrentModel, x: torch.Tensor) -> np.ndarray | None:
    """Per hidden unit, the mean over batch and time of the gate that keeps
    the old state while `model` reads x (batch, time, 2): the LSTM's forget
    gate f (its cell path multiplies the gradient by f per step) or the
    GRU's update gate z (h' = (1 - z) n + z h). Shape (hidden,); None for
    the plain RNN, which has no gate.

    The gate at step t is sigma(W_i x_t + b_i + W_h h_{t-1} + b_h) on the f
    (resp. z) rows, with h_0 = 0 as the layer starts."""
    if model.spec.cell == "rnn":
        return None
    hidden, layer = model.spec.hidden, model.rnn
    rows = slice(KEEP_GATE * hidden, (KEEP_GATE + 1) * hidden)
    with torch.no_grad():
        states, _ = layer(x)  # (batch, time, hidden): h_1 .. h_T
        previous = torch.cat([torch.zeros_like(states[:, :1]), states[:, :-1]], dim=1)  # h_0 .. h_{T-1}
        pre = (x @ layer.weight_ih_l0[rows].T + layer.bias_ih_l0[rows]
               + previous @ layer.weight_hh_l0[rows].T + layer.bias_hh_l0[rows])  # (batch, time, hidden)
        return torch.sigmoid(pre).double().mean(dim=(0, 1)).numpy()


# --- the adding problem --------------------------------------------------------


def adding_problem(batch: int, seq_len: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Le, Jaitly & Hinton (2015)'s adding problem.

    Returns x (batch, seq_len, 2) and y (batch, 1). Channel 0 holds numbers
    ~ U[0, 1]; channel 1 marks one position in the first half and one in the
    second half; the target is the sum of the two marked numbers. Predicting
    the constant 1 scores MSE = Var(y) = 1/6 (ADDING_BASELINE_MSE).
    """
    batch, seq_len = check_int("batch", batch, BATCH_RANGE), check_int("seq_len", seq_len, SEQ_LEN_RANGE)
    if not isinstance(generator, torch.Generator):
        raise ValueError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    values = torch.rand(batch, seq_len, generator=generator)
    half = seq_len // 2
    first = torch.randint(0, half, (batch,), generator=generator)
    second = torch.randint(half, seq_len, (batch,), generator=generator)
    markers = torch.zeros(batch, seq_len)
    rows = torch.arange(batch)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = (values[rows, first] + values[rows, second]).unsqueeze(1)
    return torch.stack([values, markers], dim=2), y


# --- gradient over time ------------------------------------------------------------


PROBE_BATCH = 32


def _cell_sharing_weights(model: RecurrentModel) -> nn.Module:
    """The single-step cell of model.rnn, using the very same Parameters
    (built on the meta device: its own init would be discarded, and it would
    draw from torch's process-wide generator)."""
    spec, layer = model.spec, model.rnn
    if spec.cell == "rnn":
        cell = nn.RNNCell(INPUT_SIZE, spec.hidden, nonlinearity=spec.nonlinearity, device="meta")
    else:
        cell = {"lstm": nn.LSTMCell, "gru": nn.GRUCell}[spec.cell](INPUT_SIZE, spec.hidden, device="meta")
    cell.weight_ih, cell.weight_hh = layer.weight_ih_l0, layer.weight_hh_l0
    cell.bias_ih, cell.bias_hh = layer.bias_ih_l0, layer.bias_hh_l0
    return cell


def probe_model(model: RecurrentModel, x: torch.Tensor, seed: int = 0) -> pd.DataFrame:
    """||dL/dh_t|| for every t of one forward/backward pass of `model` on x.

    The loss looks at the last step only: l_b = u . h_T[b] with u a random
    unit vector (seeded), so ||dL/dh_T|| = 1 and each row reads directly as
    the factor by which the gradient has shrunk or grown k steps back.
    state_grad_norm is the RMS over the batch of the per-sequence L2 norm
    ||dL/dh_t|| (a norm over the hidden units, unlike the MLP probe's
    grad_norm, an RMS over batch and units);
    sigma_max (sigma_max_recurrent) and keep_gate (the mean of keep_gates,
    NaN for the plain RNN) are the same on every row.
    The sequence is stepped one time step at a time (so that every h_t can
    keep its gradient) through the matching nn.RNNCell / LSTMCell / GRUCell,
    which shares the model's parameters: the same weights and the same
    equations as the fused layer, about 40% faster than stepping it.
    """
    batch, seq_len, _ = x.shape
    generator = torch.Generator().manual_seed(30_000 + seed)
    direction = torch.randn(model.spec.hidden, generator=generator)
    direction = direction / direction.norm()  # (hidden,)
    cell = _cell_sharing_weights(model)
    hidden = torch.zeros(batch, model.spec.hidden)  # (batch, hidden), as nn.RNN/LSTM/GRU start
    memory = torch.zeros(batch, model.spec.hidden)  # the LSTM's cell state c
    hidden_states: list[torch.Tensor] = []  # h_t, each (batch, hidden)
    for t in range(seq_len):
        checkpoint()
        if model.spec.cell == "lstm":
            hidden, memory = cell(x[:, t], (hidden, memory))
        else:
            hidden = cell(x[:, t], hidden)
        hidden.retain_grad()  # the state fed to step t+1: its grad sums every path back from the loss
        hidden.register_hook(checkpoint_hook)  # the backward pass stops at a time step too
        hidden_states.append(hidden)
    (hidden_states[-1] @ direction).sum().backward()
    # (time, batch, hidden) -> per-sequence norms (time, batch) -> RMS over batch (time,)
    grads = torch.stack([h.grad for h in hidden_states]).double()
    state_grad_norm = grads.norm(dim=2).pow(2).mean(dim=1).sqrt()
    steps_back = torch.arange(seq_len - 1, -1, -1)
    return pd.DataFrame(
        {
            "steps_back": steps_back.numpy(),
            "time": range(1, seq_len + 1),
            "state_grad_norm": state_grad_norm.numpy(),
            "sigma_max": sigma_max_recurrent(model),
            "keep_gate": float(gates.mean()) if (gates := keep_gates(model, x)) is not None else math.nan,
        }
    ).sort_values("steps_back", ignore_index=True)


def probe_recurrent(cell: str, seq_len: int, hidden: int, seed: int = 0, batch: int = PROBE_BATCH, **options) -> pd.DataFrame:
    """Gradient over time of a freshly initialised cell on adding-problem inputs.

    One row per time step: steps_back (0 = the last step, where the loss
    is), time (1-based), state_grad_norm = ||dL/dh_t|| (1 at steps_back 0; exactly
    0 means float underflow), sigma_max, the largest singular value of the
    recurrent matrix (see sigma_max_recurrent), and keep_gate, the mean
    forget (LSTM) or update (GRU) gate, NaN for the RNN; the last two are
    the same on every row.
    `options` are the other RecurrentSpec fields (recurrent_init,
    recurrent_scale, forget_bias, update_bias, nonlinearity).
    """
    seq_len, batch = check_int("seq_len", seq_len, SEQ_LEN_RANGE), check_int("batch", batch, BATCH_RANGE)
    spec = RecurrentSpec(cell=cell, hidden=hidden, seed=seed, **options)
    check_recurrent_work(batch, seq_len, spec)
    seed = spec.seed  # a Python int, also when given as a numpy integer
    model = build_recurrent(spec)
    x, _ = adding_problem(batch, seq_len, torch.Generator().manual_seed(40_000 + seed))
    return probe_model(model, x, seed)


# --- training on the adding problem -------------------------------------------------


@dataclass(frozen=True)
class RecurrentTrainConfig:
    """Training on the adding problem, a fresh batch every step (seeded)."""

    seq_len: int = 50
    batch: int = 64
    optimizer: str = "adam"
    lr: float = 0.01
    steps: int = 400
    clip: str = "norm"
    clip_threshold: float = 1.0
    data_seed: int = 0

    def __post_init__(self) -> None:
        check_training(self)
        for name, bounds in (("seq_len", SEQ_LEN_RANGE), ("batch", BATCH_RANGE)):
            object.__setattr__(self, name, check_int(name, getattr(self, name), bounds))


def check_recurrent_work(batch: int, seq_len: int, spec: RecurrentSpec) -> None:
    """batch x seq_len x hidden of one pass is at most MAX_RECURRENT_UNITS."""
    if not isinstance(spec, RecurrentSpec):
        raise ValueError(f"spec must be a RecurrentSpec, got {type(spec).__name__}")
    check_work("batch", batch, seq_len * spec.hidden, MAX_RECURRENT_UNITS, "seq_len x hidden")


@dataclass
class RecurrentTrainResult:
    """history: one row per completed step (step, loss, param_grad_norm_before,
    param_grad_norm_after). grad_before / grad_after: probe_model frames of the
    model at initialisation and after training, on the same inputs;
    gates_before / gates_after: keep_gates on those inputs, the mean keep
    gate of each unit (None for the plain RNN). overflow: None if every
    step was finite."""

    history: pd.DataFrame
    grad_before: pd.DataFrame
    grad_after: pd.DataFrame
    gates_before: np.ndarray | None = None
    gates_after: np.ndarray | None = None
    overflow: Overflow | None = None

    @property
    def final_loss(self) -> float:
        """Mean loss of the last FINAL_LOSS_WINDOW steps (one batch is noisy)."""
        return float(self.history["loss"].tail(FINAL_LOSS_WINDOW).mean()) if len(self.history) else math.nan


def train_recurrent(
    spec: RecurrentSpec,
    config: RecurrentTrainConfig = RecurrentTrainConfig(),
    progress: Callable[[int, int, list[dict]], None] | None = None,
) -> RecurrentTrainResult:
    """Train build_recurrent(spec) on the adding problem with MSE.

    Stops at the first non-finite loss or gradient norm and records the
    step. `progress(step, steps, history)` is called after every step with
    the history rows so far (to stream a chart); do not modify them.
    config.batch (and the probe's PROBE_BATCH) x seq_len x hidden is at most
    core.checks.MAX_RECURRENT_UNITS.
    """
    if not isinstance(config, RecurrentTrainConfig):
        raise ValueError(f"config must be a RecurrentTrainConfig, got {type(config).__name__}")
    check_recurrent_work(max(config.batch, PROBE_BATCH), config.seq_len, spec)
    model = build_recurrent(spec)
    generator = torch.Generator().manual_seed(50_000 + config.data_seed)
    probe_x, _ = adding_problem(PROBE_BATCH, config.seq_len, torch.Generator().manual_seed(40_000 + config.data_seed))
    grad_before = probe_model(model, probe_x)
    gates_before = keep_gates(model, probe_x)
    model.zero_grad(set_to_none=True)
    params = list(model.parameters())
    optimizer = make_optimizer(config.optimizer, params, config.lr)
    loss_fn = nn.MSELoss()
    history, overflow = [], None
    for step in range(1, config.steps + 1):
        x, y = adding_problem(config.batch, config.seq_len, generator)  # (batch, T, 2), (batch, 1)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        if not torch.isfinite(loss):
            overflow = Overflow(step, "loss")
            break
        loss.backward()
        before, after = clip_gradients(params, config.clip, config.clip_threshold)
        if not math.isfinite(before):
            overflow = Overflow(step, "gradient")
            break
        history.append({"step": step, "loss": float(loss.detach()), "param_grad_norm_before": before, "param_grad_norm_after": after})
        optimizer.step()
        if progress is not None:
            progress(step, config.steps, history)
    model.zero_grad(set_to_none=True)
    grad_after = probe_model(model, probe_x)
    return RecurrentTrainResult(
        history=pd.DataFrame(history, columns=["step", "loss", "param_grad_norm_before", "param_grad_norm_after"]),
        grad_before=grad_before,
        grad_after=grad_after,
        gates_before=gates_before,
        gates_after=keep_gates(model, probe_x),
        overflow=overflow,
    )
