"""Named scenarios from the literature, one list per page.

Applying a preset returns every control of the page sections it names to
its default, then sets `values` (control key -> value, typed as the widget
returns it); the other sections keep their settings, and the page's address
then reproduces the view (ui/controls.py). Its name and "what to look for"
are text keys preset.<page>.<key>.name / .what in ui/lang (the name formats
in the preset's own computed `fields`; "what" those and the page's intro's);
tests/test_links.py checks that every key names a control of the page and
every value is one the control accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from core.claims import exploding, remedies, residual, vanishing


@dataclass(frozen=True)
class Preset:
    key: str
    values: dict = field(default_factory=dict)
    fields: Callable[[], dict] | None = None  # the computed numbers its name and "what" format in (core.claims)

    def text_fields(self) -> dict:
        return self.fields() if self.fields else {}


PRESETS: dict[str, list[Preset]] = {
    "vanishing": [
        Preset("glorot_standard", {"depth": 5, "width": 512, "activation": "sigmoid", "init": "standard_uniform", "weight_scale": 1.0}),
        Preset("glorot_normalized", {"depth": 5, "width": 512, "activation": "tanh", "init": "xavier_uniform", "weight_scale": 1.0}),
        Preset("he_xavier", {"depth": 30, "width": 256, "activation": "relu", "init": "xavier_normal", "weight_scale": 1.0}),
        Preset("he_he", {"depth": 30, "width": 256, "activation": "relu", "init": "he_normal", "weight_scale": 1.0}),
        Preset("underflow", {"depth": 100, "width": 64, "activation": "sigmoid", "init": "normal", "weight_scale": 1.0}),
        Preset("xavier_relu", {"var_activation": "relu", "var_init": "xavier_normal", "var_width": 256, "var_depth": 30}),
        Preset("deeplearning_ai", dict(vanishing.DEEPLEARNING_AI), vanishing.symmetry_preset),
    ],
    "exploding": [
        Preset("five_to_ten", {"network": "identity", "weight_scale": exploding.HEADLINE_W, "depth": exploding.HEADLINE_DEPTH}),
        Preset("half_to_ten", {"network": "identity", "weight_scale": exploding.SMALL_W, "depth": exploding.HEADLINE_DEPTH}),
        Preset("article_matrix", dict(zip(("w11", "w12", "w21", "w22", "x1", "x2"), (*exploding.ARTICLE_MATRIX[0], *exploding.ARTICLE_MATRIX[1], *exploding.ARTICLE_VECTOR)))),
        Preset("newman", dict(exploding.NEWMAN), exploding.product_preset),
        Preset("divergence", dict(exploding.DIVERGENCE)),
        Preset("deep_explosion", {"train_scale": exploding.DEEP_W, "lr": exploding.SAFE_LR, "clip_threshold": exploding.DIVERGENCE["clip_threshold"]}),
    ],
    "rnn": [
        Preset("pascanu", {"cells": ["rnn"], "seq_len": 100, "recurrent_init": "orthogonal", "recurrent_scale": 0.9}),
        Preset("irnn", {"cells": ["rnn"], "seq_len": 100, "recurrent_init": "identity", "recurrent_scale": 1.0}),
        Preset("pytorch_init", {"seq_len": 100, "pytorch_biases": True}),
        Preset("open_gates", {"seq_len": 200, "forget_bias": 3.0, "update_bias": 3.0}),
        Preset("race_long", {"race_seq_len": 50, "race_steps": 600}),
    ],
    "residual": [
        Preset("sigmoid_skips", {"depth": 50, "activation": "sigmoid", "alpha": 1.0, "norm": "none"}),
        Preset("relu_skips", {"depth": 50, "activation": "relu", "alpha": 1.0, "norm": "none"}),
        Preset("scaled_skips", {"depth": 50, "activation": "relu", "alpha": 0.14, "norm": "none"}),
        Preset("alpha_zero", {"depth": 50, "activation": "relu", "alpha": 0.0, "norm": "none"}),
        Preset("degradation", {"train_activation": "tanh", "deep_depth": 30, "train_alpha": 1.0}),
        Preset("xiong", {"ln_layers": residual.LN_LAYER_RANGE[1], "ln_d_model": residual.LN_D_MODEL}, residual.ln_preset),
    ],
    "remedies": [
        Preset("he_fix", {"activation": "relu", "init": "he_normal"}),
        Preset("adam_only", {"optimizer": "adam", "lr": 0.01}),
        Preset("batchnorm", {"norm": "batch"}),
        Preset("everything", {"activation": "relu", "init": "he_normal", "norm": "batch", "residual": True, "optimizer": "adam", "lr": 0.01}),
        Preset("isometry_deep", dict(remedies.ISO_DEEP), remedies.isometry_preset),
    ],
}
