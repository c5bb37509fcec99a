"""Named scenarios from the literature, one list per page.

Applying a preset returns every control of the page sections it names to
its default, then sets `values` (control key -> value, typed as the widget
returns it); the other sections keep their settings, and the page's address
then reproduces the view (ui/controls.py). Its name and "what to look for"
are text keys preset.<page>.<key>.name / .what in ui/lang;
tests/test_links.py checks that every key names a control of the page and
every value is one the control accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Preset:
    key: str
    values: dict = field(default_factory=dict)


PRESETS: dict[str, list[Preset]] = {
    "vanishing": [
        Preset("glorot_standard", {"depth": 5, "width": 512, "activation": "sigmoid", "init": "normal", "weight_scale": 0.6}),
        Preset("glorot_normalized", {"depth": 5, "width": 512, "activation": "tanh", "init": "xavier_uniform", "weight_scale": 1.0}),
        Preset("he_xavier", {"depth": 30, "width": 256, "activation": "relu", "init": "xavier_normal", "weight_scale": 1.0}),
        Preset("he_he", {"depth": 30, "width": 256, "activation": "relu", "init": "he_normal", "weight_scale": 1.0}),
        Preset("underflow", {"depth": 100, "width": 64, "activation": "sigmoid", "init": "normal", "weight_scale": 1.0}),
    ],
    "exploding": [
        Preset("five_to_ten", {"network": "identity", "weight_scale": 5.0, "depth": 10}),
        Preset("half_to_ten", {"network": "identity", "weight_scale": 0.5, "depth": 10}),
        Preset("divergence", {"train_scale": 1.0, "lr": 0.3, "clip_threshold": 1.0}),
    ],
    "rnn": [
        Preset("pascanu", {"cells": ["rnn"], "seq_len": 100, "recurrent_init": "orthogonal", "recurrent_scale": 0.9}),
        Preset("irnn", {"cells": ["rnn"], "seq_len": 100, "recurrent_init": "identity", "recurrent_scale": 1.0}),
        Preset("forget_bias", {"cells": ["lstm"], "seq_len": 100, "forget_bias": 1.0}),
        Preset("open_gates", {"seq_len": 200, "forget_bias": 3.0, "update_bias": 3.0}),
    ],
    "residual": [
        Preset("sigmoid_skips", {"depth": 50, "activation": "sigmoid", "alpha": 1.0, "norm": "none"}),
        Preset("relu_skips", {"depth": 50, "activation": "relu", "alpha": 1.0, "norm": "none"}),
        Preset("scaled_skips", {"depth": 50, "activation": "relu", "alpha": 0.14, "norm": "none"}),
        Preset("degradation", {"train_activation": "tanh", "deep_depth": 30, "train_alpha": 1.0}),
    ],
    "remedies": [
        Preset("he_fix", {"activation": "relu", "init": "he_normal"}),
        Preset("adam_only", {"optimizer": "adam", "lr": 0.01}),
        Preset("batchnorm", {"norm": "batch"}),
        Preset("everything", {"activation": "relu", "init": "he_normal", "norm": "batch", "residual": True, "optimizer": "adam", "lr": 0.01}),
    ],
}
