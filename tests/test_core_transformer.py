"""core.transformer: Post-LN and Pre-LN stacks of nn.TransformerEncoderLayer
at initialisation, against the blocks' definitions and Xiong et al.'s (2020)
Theorem 1."""

import math

import pytest
import torch
from torch import nn

from core.transformer import (
    CLASSES, FFN_MULT, TransformerSpec, build_stack, compare_variants, layer_gradients, rms_law, seed_average, synthetic_task,
)

SEEDS = 8  # nets averaged, as the page does


def _attention(block: nn.TransformerEncoderLayer, x: torch.Tensor) -> torch.Tensor:
    """Multi-head self-attention written out: softmax(Q K^T / sqrt(d_head)) V per head, then W_O."""
    batch, seq, d = x.shape
    heads = block.self_attn.num_heads
    w_q, w_k, w_v = block.self_attn.in_proj_weight.chunk(3)
    b_q, b_k, b_v = block.self_attn.in_proj_bias.chunk(3)

    def split(t):  # (batch, seq, d) -> (batch, heads, seq, d_head)
        return t.reshape(batch, seq, heads, d // heads).transpose(1, 2)

    q, k, v = split(x @ w_q.T + b_q), split(x @ w_k.T + b_k), split(x @ w_v.T + b_v)
    weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // heads), dim=-1)
    mixed = (weights @ v).transpose(1, 2).reshape(batch, seq, d)
    return block.self_attn.out_proj(mixed)


def _ffn(block: nn.TransformerEncoderLayer, x: torch.Tensor) -> torch.Tensor:
    return block.linear2(torch.relu(block.linear1(x)))


def _layer_norm(x: torch.Tensor) -> torch.Tensor:
    """(x - mean) / sqrt(var + eps) over the features: the LN of the blocks at init (scale 1, shift 0)."""
    mean, var = x.mean(-1, keepdim=True), x.var(-1, unbiased=False, keepdim=True)
    return (x - mean) / torch.sqrt(var + 1e-5)


@pytest.mark.parametrize("variant", ["post", "pre"])
def test_a_block_is_the_formula_the_text_gives(variant):
    """Pre-LN: y = x + Attn(LN(x)), out = y + FFN(LN(y)); Post-LN: y = LN(x + Attn(x)), out = LN(y + FFN(y))."""
    spec = TransformerSpec(layers=1, d_model=32, heads=4, seq_len=5, batch=3, variant=variant)
    generator = torch.Generator().manual_seed(1)
    blocks, final = build_stack(spec, generator)
    block = blocks[0]
    x = torch.randn(spec.batch, spec.seq_len, spec.d_model, generator=generator)
    with torch.no_grad():
        if variant == "pre":
            y = x + _attention(block, _layer_norm(x))
            manual = y + _ffn(block, _layer_norm(y))
        else:
            y = _layer_norm(x + _attention(block, x))
            manual = _layer_norm(y + _ffn(block, y))
        torch.testing.assert_close(block(x), manual, rtol=1e-5, atol=1e-5)
        assert block.norm_first == (variant == "pre")
        assert isinstance(final, nn.LayerNorm if variant == "pre" else nn.Identity)


def test_weights_are_xavier_normal_with_zero_biases():
    """Var W = 2 / (fan_in + fan_out): 1/d for W_Q, W_K, W_V, W_O, 2/(5d) for both FFN layers (d_ff = 4d)."""
    d = 128
    blocks, _ = build_stack(TransformerSpec(layers=1, d_model=d), torch.Generator().manual_seed(0))
    block = blocks[0]
    assert block.linear1.weight.shape == (FFN_MULT * d, d)
    for weight in block.self_attn.in_proj_weight.chunk(3) + (block.self_attn.out_proj.weight,):
        assert weight.var().item() == pytest.approx(1 / d, rel=0.05)
    for weight in (block.linear1.weight, block.linear2.weight):
        assert weight.var().item() == pytest.approx(2 / (5 * d), rel=0.05)
    for bias in (block.self_attn.in_proj_bias, block.self_attn.out_proj.bias, block.linear1.bias, block.linear2.bias, block.norm1.bias):
        assert torch.count_nonzero(bias) == 0


def test_the_nets_own_generator_is_the_only_randomness():
    """The same spec gives the same numbers; torch's process-wide generator is neither read nor advanced."""
    spec = TransformerSpec(layers=3, d_model=32, seq_len=4, batch=2)
    state = torch.random.get_rng_state()
    first = layer_gradients(spec)
    torch.manual_seed(12345)  # whatever the global generator holds
    again = layer_gradients(spec)
    torch.random.set_rng_state(state)
    assert first.equals(again)
    assert not first.equals(layer_gradients(TransformerSpec(layers=3, d_model=32, seq_len=4, batch=2, seed=1)))
    torch.random.set_rng_state(state)
    layer_gradients(spec)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_synthetic_task_shapes_and_scales():
    spec = TransformerSpec(d_model=64, seq_len=16, batch=32)
    embeddings, readout, targets = synthetic_task(spec, torch.Generator().manual_seed(0))
    assert embeddings.shape == (32, 16, 64) and readout.shape == (CLASSES, 64) and targets.shape == (32, 16)
    assert embeddings.std().item() == pytest.approx(1.0, rel=0.05)
    assert readout.var().item() == pytest.approx(1 / 64, rel=0.1)
    assert 0 <= targets.min() and targets.max() < CLASSES


def test_post_ln_stream_has_rms_one_and_pre_ln_stream_grows():
    """Post-LN ends every block in a layer norm (RMS 1 up to its eps); Pre-LN adds every branch to the stream."""
    profiles = compare_variants(TransformerSpec(layers=8), 2)
    post, pre = (profiles[profiles["variant"] == v]["stream_rms"].to_numpy() for v in ("post", "pre"))
    assert post == pytest.approx(1.0, abs=1e-4)
    assert (pre[1:] > pre[:-1]).all() and pre[0] > 1.0


def test_pre_ln_last_block_gradient_falls_like_one_over_sqrt_depth():
    """Theorem 1 (Xiong et al. 2020): Pre-LN's last-block FFN gradient is
    O(d sqrt(ln d / L)). From L = 6 to 24, 8 nets: 1.83 (nine other sets of
    8 seeds: 1.70-2.01), near sqrt(4) = 2; the law is asymptotic (the
    stream's RMS^2 is 1 + O(L), not O(L), at L = 6), so 3 -> 12 gives less
    (1.63). Post-LN's: O(d sqrt(ln d)) whatever L, measured 0.83 (0.75-0.97)."""
    def last(layers, variant):
        return seed_average(TransformerSpec(layers=layers, variant=variant), SEEDS)["w2_grad"].iloc[-1]

    pre = last(6, "pre") / last(24, "pre")
    post = last(6, "post") / last(24, "post")
    assert pre == pytest.approx(2.0, abs=0.35)
    assert 0.7 <= post <= 1.15
    assert abs(math.log(post)) < abs(math.log(pre)) / 2
    assert last(3, "pre") / last(12, "pre") < pre  # approaching 2 as L grows


def test_pre_ln_block_gradient_follows_one_over_stream_rms():
    """The law the chart draws: in Pre-LN the gradient reaching block l is
    proportional to 1/RMS(x_l). At 12 blocks (d = 64, 8 nets) the gradient
    falls 3.3x from block 1 to block 12 while gradient x RMS varies 1.26x;
    anchored at the last block the law is within 30% of every block."""
    profiles = compare_variants(TransformerSpec(layers=12), SEEDS)
    pre = profiles[profiles["variant"] == "pre"]
    grad, law = pre["w2_grad"].to_numpy(), rms_law(pre)
    assert grad[0] / grad[-1] > 3.0
    assert law[-1] == grad[-1]
    assert (abs(law / grad - 1) < 0.3).all()
    post = profiles[profiles["variant"] == "post"]
    assert rms_law(post) == pytest.approx(post["w2_grad"].iloc[-1], rel=1e-4)  # RMS 1: a flat line


def test_bounds_are_checked():
    with pytest.raises(ValueError, match="multiple of heads"):
        TransformerSpec(d_model=30, heads=4)
    with pytest.raises(ValueError, match="layers"):
        TransformerSpec(layers=25)
    with pytest.raises(ValueError, match="variant"):
        TransformerSpec(variant="sandwich")
    with pytest.raises(ValueError, match="at most"):
        TransformerSpec(layers=24, d_model=128, seq_len=64, batch=32)
    with pytest.raises(ValueError, match="seeds"):
        seed_average(TransformerSpec(layers=24, d_model=128, seq_len=64, batch=8), 32)
