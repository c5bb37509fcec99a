"""English text of Gradient Flow Lab. Keys are "<page>.<name>"."""

STRINGS: dict[str, str] = {
    # --- app frame -------------------------------------------------------------
    "app.title": "Gradient Flow Lab",
    "app.tagline": "Why deep networks' gradients vanish or explode, and what fixes it: measured live on real PyTorch models.",
    "nav.home": "Home",
    "nav.vanishing": "Vanishing gradients",
    "nav.exploding": "Exploding gradients",
    "nav.rnn": "RNN vs LSTM/GRU",
    "nav.residual": "Residual blocks",
    "nav.remedies": "Remedies",
    "frame.controls": "Controls",
    "frame.about": "About this page",
    "frame.notice": "What to notice",
    "frame.math": "The math",
    "frame.reading": "Further reading",
    "frame.computing": "Computing gradients…",
    "frame.training": "Training…",
    "frame.queued": "Waiting for a free training slot (other sessions are training)…",
    "frame.open": "Open",
    "frame.csv": "Download the data (CSV)",
    "frame.link": "Link",
    "frame.present": "Presentation mode",
    "frame.present_help": "For a projector: larger text, numbers and chart fonts, charts across the full width, the intro and each section's controls folded into boxes, and this sidebar closed (reopen it with the arrow at the top left).",
    "frame.hide_controls": "Hide controls",
    "frame.hide_controls_help": "Folds the controls away so the charts of the linked settings fill the page; share the link with this on for students.",
    "frame.link_help": "This view's address: every control's setting is in it. Copy it into a lesson plan or send it to students.",
    "frame.link_unknown": "Ignored the link's unknown parameter “{name}”.",
    "frame.link_invalid": "Ignored “{name}={value}” from the link: not a value this control accepts, so it shows its default ({default}).",
    "common.layer": "Layer (1 = nearest the input)",
    "common.layer_short": "Layer",
    "common.step": "Training step",
    "common.series": "Curve",
    "common.run": "Run",
    "common.grad_norm": "RMS of dL/dz (log scale)",
    "common.grad_value": "RMS of dL/dz",
    "common.underflow": "Underflow: exactly 0 in float32",
    "common.underflow_short": "0 (underflow)",
    "common.overflow": "Overflow: inf or NaN",
    "common.measured": "Measured (autograd)",
    "common.seed": "Random seed",
    "common.depth": "Depth (hidden layers)",
    "common.width": "Width (units per layer)",
    "common.activation": "Activation",
    "common.init": "Weight initialisation",
    "common.weight_scale": "Weight scale",
    "common.weight_scale_help": "normal: σ_w in W ~ N(0, σ_w²/fan_in). scaled identity: W = scale·I. Xavier/orthogonal: the gain. He: a factor on N(0, 2/fan_in).",
    "common.lr": "Learning rate",
    "common.optimizer": "Optimiser",
    "common.clip": "Gradient clipping",
    "common.clip_threshold": "Clip threshold",
    "common.steps": "Training steps",
    "common.loss": "Training loss",
    "common.loss_log": "Training loss (log scale)",
    "common.overflow_event": "overflowed at step {step} ({quantity})",
    "common.quantity.loss": "the loss",
    "common.quantity.gradient": "the gradient",
    "common.underflow_note": "{count} of {depth} layers have a gradient that underflowed to exactly 0 in float32 (red triangles at the bottom of the chart): those layers receive no learning signal at all.",
    # activations, inits, optimisers, clipping: display names
    "act.linear": "linear (identity)",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.leaky_relu": "Leaky ReLU (0.01)",
    "act.elu": "ELU",
    "act.gelu": "GELU",
    "init.normal": "normal N(0, scale²/fan_in)",
    "init.scaled_identity": "scaled identity (W = scale·I)",
    "init.xavier_normal": "Xavier / Glorot normal",
    "init.xavier_uniform": "Xavier / Glorot uniform",
    "init.he_normal": "He / Kaiming normal",
    "init.orthogonal": "orthogonal",
    "opt.sgd": "SGD",
    "opt.momentum": "SGD + momentum 0.9",
    "opt.rmsprop": "RMSProp",
    "opt.adam": "Adam",
    "clip.none": "none",
    "clip.norm": "by norm (rescale ‖g‖)",
    "clip.value": "by value (clamp each entry)",
    # --- home ------------------------------------------------------------------
    "home.intro": (
        "Backpropagation sends the loss's gradient from the output back to every layer. On the way it is "
        "multiplied by one factor per layer, so in a deep network it can shrink to nothing (**vanishing**) or "
        "grow without bound (**exploding**). Every chart in this lab is computed live, with autograd, on a real "
        "PyTorch network that you configure; theory lines are closed forms, labelled as theory."
    ),
    "home.chain_rule": "The chain rule behind it all: the gradient at layer i is a product of one Jacobian per layer above it.",
    "home.chain_caption": "Each factor is diag(φ′(zₖ)) Wₖᵀ. If these factors are mostly smaller than 1, the product shrinks geometrically with distance from the loss; if larger, it grows. Either way the earliest layers are hit hardest.",
    "home.pages": "Pages",
    "home.card.vanishing": "Watch the gradient fade layer by layer in sigmoid and tanh nets, against mean-field theory and the 0.25ᴸ bound; see which layers stop learning.",
    "home.card.exploding": "Reproduce 5¹⁰ = 9,765,625 exactly, explore a matrix's eigenvalues and singular values, and watch training overflow, then clip it.",
    "home.card.rnn": "Backprop through time: watch ‖dL/dhₜ‖ fade with steps back in RNN, LSTM and GRU, open the gates, and race the three cells on the adding problem.",
    "home.card.residual": "y = F(x) + x: plain and residual nets side by side, the branch scale α, and the degradation experiment.",
    "home.card.remedies": "Start from a broken 30-layer sigmoid net and switch the fixes on one at a time; map order and chaos.",
    "home.how": "How to use it",
    "home.how_text": "Pick a page in the sidebar. Controls are on the left of each page, charts on the right. Hover any chart for exact values. Every number shown comes from a computation on the settings you chose.",
    # --- vanishing ---------------------------------------------------------------
    "vanishing.title": "Vanishing gradients",
    "vanishing.intro": (
        "Think of a **telephone game**: a message whispered down a long line of children fades a little at every "
        "step until nothing is left. Backpropagation passes the gradient down the layers the same way, and each "
        "layer multiplies it by its derivative and weights. With sigmoid or tanh and small weights, every factor is "
        "below 1, and the layers nearest the input hear almost nothing."
    ),
    "vanishing.flow_title": "Gradient reaching each layer",
    "vanishing.flow_subtitle": "RMS of dL/dz per layer on a fixed random batch, one backward pass at initialisation",
    "vanishing.theory_mf": "Mean-field theory (Poole et al. 2016)",
    "vanishing.theory_bound": "Bound 0.25ᴸ⁻ⁱ·‖W‖ᴸ⁻ⁱ (sigmoid′ ≤ 0.25)",
    "vanishing.theory_none": "No theory overlay for this setting: the mean-field prediction needs Gaussian-like weights of equal width, the 0.25 bound needs sigmoid with weights of known spectral norm (scaled identity, orthogonal).",
    "vanishing.metric_ratio": "Layer 1 ÷ layer {depth}",
    "vanishing.metric_ratio_help": "RMS gradient at the first hidden layer divided by that at the last one.",
    "vanishing.metric_chi": "χ₁ per layer (theory)",
    "vanishing.metric_chi_help": "Mean-field factor on the squared gradient per layer: < 1 vanishes, > 1 explodes.",
    "vanishing.metric_depth": "Trainable depth (theory)",
    "vanishing.metric_depth_help": "How many layers a gradient survives: about 6 / |ln χ₁| (Schoenholz et al. 2017).",
    "vanishing.metric_saturated": "Saturated units (mean)",
    "vanishing.metric_saturated_help": "Share of units whose derivative φ′(z) is below 10% of its largest value: they pass almost no gradient back.",
    "vanishing.metric_underflow": "all zero",
    "vanishing.dist_title": "Activations per layer",
    "vanishing.dist_subtitle": "Quantiles over the batch and units; a band pressed against 0 or 1 (sigmoid) or ±1 (tanh) means saturation",
    "vanishing.dist_outer": "5–95%",
    "vanishing.dist_inner": "25–75%",
    "vanishing.dist_median": "median",
    "vanishing.dist_y": "Activation value",
    "vanishing.sat_title": "Saturated share per layer",
    "vanishing.sat_subtitle": "φ′(z) below 10% of its maximum (for ReLU: the inactive units)",
    "vanishing.sat_y": "Saturated units",
    "vanishing.sat_none": "No saturated units in any layer",
    "vanishing.act_title": "The activation and its derivative",
    "vanishing.act_value": "φ(z)",
    "vanishing.act_derivative": "φ′(z)",
    "vanishing.act_peak": "max φ′ = {value:.4g} at z = {z:.2g}",
    "vanishing.act_peak_plateau": "max φ′ = {value:.4g} for all z > {z:.2g}",
    "vanishing.act_peak_everywhere": "φ′ = {value:.4g} everywhere",
    "vanishing.act_x": "Pre-activation z",
    "vanishing.act_y": "Value",
    "vanishing.train_header": "Do the early layers learn?",
    "vanishing.train_start": "Train this network",
    "vanishing.train_prompt": "**Predict first:** after {steps} steps, will the first of the {depth} layers have moved as far as the last? Then press *Train this network* (a second or two; results are kept for these settings).",
    "vanishing.train_caption": "The same network trained on two interleaved spirals ({steps} full-batch steps, Adam, learning rate {lr}). Bars show how far each layer's weights moved: ‖W_end − W_start‖ / ‖W_start‖.",
    "vanishing.train_title": "How far each layer's weights moved",
    "vanishing.train_subtitle": "Relative change of the weight matrix after training (log scale)",
    "vanishing.train_y": "‖ΔW‖ / ‖W₀‖ (log scale)",
    "vanishing.train_loss_title": "Training loss",
    "vanishing.train_loss_subtitle": "Binary cross-entropy; chance level is ln 2 ≈ 0.693",
    "vanishing.train_result": "Final loss {loss:.3f}, accuracy {accuracy:.0%}. The first layer moved {first:.2g}, the last {last:.2g}: a factor {ratio:.2g}.",
    "vanishing.notice": (
        "- With **sigmoid**, every layer multiplies the gradient by at most 0.25·‖W‖: at depth 20 with the default init the "
        "first layer's gradient is many orders of magnitude below the last one's. Try **depth 100**: the first layers "
        "underflow to exactly 0 in float32 (red triangles).\n"
        "- Switch to **tanh** with **Xavier**: the decay is far slower. Then **ReLU with He init** keeps the gradient "
        "roughly flat: that is what these inits were designed for.\n"
        "- The dashed **mean-field** line is a prediction made without running the network; it matches the measured "
        "points for wide nets with Gaussian-like weights.\n"
        "- The bars at the bottom: when gradients vanish, the first layers' weights barely move during training."
    ),
    "vanishing.math_chain": "Backpropagation through layer k multiplies by its Jacobian:",
    "vanishing.math_sigmoid": "Sigmoid's derivative is at most 1/4, so with weights of spectral norm ‖W‖:",
    "vanishing.math_mf": "Mean-field theory (wide nets, W ~ N(0, σ_w²/n)): the squared gradient shrinks or grows by χ₁ per layer:",
    "vanishing.reading": (
        "- Glorot & Bengio (2010), *Understanding the difficulty of training deep feedforward neural networks*: "
        "with the standard init, back-propagated gradients shrink toward the input and sigmoid's top layer saturates; "
        "their normalised (Xavier) init keeps gradient variance roughly flat across layers.\n"
        "- Hochreiter (1991); Bengio, Simard & Frasconi (1994): the vanishing-gradient problem.\n"
        "- Poole et al. (2016), *Exponential expressivity in deep neural networks through transient chaos*; "
        "Schoenholz et al. (2017), *Deep information propagation*: the mean-field theory drawn here.\n"
        "- He et al. (2015), *Delving deep into rectifiers*: the He/Kaiming init for ReLU."
    ),
    "preset.vanishing.glorot_standard.name": "Glorot & Bengio 2010: sigmoid, standard init",
    "preset.vanishing.glorot_standard.what": "5 sigmoid layers of 512 units with the then-standard init, Var W ≈ 1/(3n). Look at the gradient chart: it shrinks toward the input, and the saturated share and activation bands show sigmoid's layers pushed off-centre (Glorot & Bengio 2010, *Understanding the difficulty of training deep feedforward neural networks*).",
    "preset.vanishing.glorot_normalized.name": "Glorot & Bengio 2010: tanh, normalized (Xavier) init",
    "preset.vanishing.glorot_normalized.what": "The same 5 × 512 net with tanh and their normalized init, Var W = 2/(n_in + n_out). The gradient stays roughly flat across layers: the reason the init carries Xavier Glorot's name. In their Table 1 this setting had the lowest test error on Shapeset (15.60% against 82.61% for sigmoid).",
    "preset.vanishing.he_xavier.name": "He et al. 2015: 30-layer ReLU, Xavier init",
    "preset.vanishing.he_xavier.what": "Xavier's Var W = 1/n assumes a symmetric activation; ReLU zeroes half its inputs, so each layer halves the squared signal and gradient (χ₁ = 1/2). Over 30 layers the gradient falls by about (1/2)^14.5. He et al. (2015) report that this 30-layer net did not train.",
    "preset.vanishing.he_he.name": "He et al. 2015: 30-layer ReLU, He init",
    "preset.vanishing.he_he.what": "The same net with He/Kaiming init, Var W = 2/n: χ₁ = 1 exactly, and the gradient reaches layer 1 at about the size it has at layer 30. This is the init that let He et al. (2015) train it.",
    "preset.vanishing.underflow.name": "100 sigmoid layers: underflow to exactly 0",
    "preset.vanishing.underflow.what": "The product of 100 factors below 1/4 leaves float32's range (smallest positive number about 1.4 × 10⁻⁴⁵): the first layers' gradient is exactly 0, drawn as red triangles. No optimiser can learn from a gradient of 0.",
    "predict.vanishing.question": "At depth {depth} with {activation}, how much smaller is layer 1's gradient than layer {depth}'s? Guess a power of ten, then open this.",
    "predict.vanishing.answer": "Layer 1 receives **{ratio}** of layer {depth}'s gradient (measured by autograd for the current settings).",
    # --- exploding ---------------------------------------------------------------
    "exploding.title": "Exploding gradients",
    "exploding.intro": (
        "Hold a microphone near its speaker and a whisper becomes a howl: every pass through the loop **amplifies** "
        "the sound. In a deep network the gradient passes through one weight matrix per layer; if each one "
        "amplifies it, the product grows geometrically, and the layers **nearest the input**, furthest from the "
        "loss, receive the largest gradients. Activations do not cause this: their derivatives are at most about 1 "
        "(sigmoid's peak is 0.25, tanh's and ReLU's 1, GELU's 1.13). The weights do."
    ),
    "exploding.net_header": "Explosion through depth",
    "exploding.net_kind": "Network",
    "exploding.kind.identity": "linear, W = w·I (exact: gain wᴸ)",
    "exploding.kind.gaussian_tanh": "tanh, W ~ N(0, w²/n) (mean field)",
    "exploding.kind.gaussian_relu": "ReLU, W ~ N(0, w²/n) (mean field)",
    "exploding.weight_scale": "Weight scale w",
    "exploding.flow_title": "Gradient reaching each layer",
    "exploding.flow_subtitle": "RMS of dL/dz per layer, one backward pass at initialisation",
    "exploding.theory_power": "Theory: wᴸ⁻ⁱ",
    "exploding.theory_mf": "Mean-field theory",
    "exploding.metric_gain": "Gain from loss to input",
    "exploding.metric_gain_help": "‖dL/dx‖ ÷ ‖dL/dh_L‖: how much the gradient grew on its way from the last layer to the input, measured by autograd in float32.",
    "exploding.metric_theory": "Theory wᴸ",
    "exploding.metric_theory_mf": "Theory (mean field)",
    "exploding.exact": "Measured {measured} = {w}$^{{{depth}}}$ = {theory}: the product of {depth} identical factors, reproduced exactly by autograd in float32.",
    "exploding.matrix_header": "One matrix, applied again and again",
    "exploding.matrix_caption": "A recurrent net (or a deep linear net with tied weights) multiplies by the same W at every step. Edit W and the starting vector x.",
    "exploding.matrix_w": "Matrix W",
    "exploding.matrix_x": "Start vector x",
    "exploding.matrix_steps": "Powers k",
    "exploding.eigen": "Eigenvalues λ",
    "exploding.singular": "Singular values σ",
    "exploding.eigen_note": "For [[2, 3], [4, 5]] the eigenvalues are (7 ± √57)/2 ≈ 7.275 and −0.275, not 7 and 1 as a popular article claims; the singular values are 7.343 and 0.272. ‖Wᵏx‖ grows like |λ_max|ᵏ (the spectral radius) and can never grow faster than σ_maxᵏ‖x‖.",
    "exploding.complex": "complex pair",
    "exploding.power_title": "‖Wᵏx‖ over k",
    "exploding.power_subtitle": "Measured in float64, with the growth rates theory predicts",
    "exploding.power_measured": "Measured ‖Wᵏx‖",
    "exploding.power_radius": "Theory: |λ_max|ᵏ · c (spectral radius)",
    "exploding.power_sigma": "Bound: σ_maxᵏ ‖x‖",
    "exploding.power_y": "‖Wᵏx‖ (log scale)",
    "exploding.power_x": "k (number of multiplications)",
    "exploding.train_header": "When training overflows",
    "exploding.train_caption": "A 10-layer tanh network, W ~ N(0, w²/n), trained with plain SGD on two spirals (squared-error loss) for {steps} steps: once without clipping, once with gradient-norm clipping at the threshold you set. Same seed, same data. At initialisation its first layer's gradient is {ratio}× the last layer's.",
    "exploding.train_scale": "Weight scale w of this network",
    "exploding.train_scale_help": "w ≈ 1 is a healthy tanh init; above about 1.5 the gradient already grows through depth before any training step.",
    "exploding.run_plain": "No clipping",
    "exploding.run_clipped": "Norm clipping at {threshold}",
    "exploding.train_title": "Training loss",
    "exploding.train_subtitle": "A red line marks the step at which a value stopped being a finite number",
    "exploding.gnorm_title": "Gradient norm at each step",
    "exploding.gnorm_subtitle": "Before clipping; the dashed line is the clip threshold",
    "exploding.gnorm_y": "‖g‖ before clipping (log scale)",
    "exploding.threshold": "clip threshold {threshold}",
    "exploding.event": "**Overflow at step {step}** without clipping: {quantity} became inf/NaN, so training stopped there. With clipping, the run {clipped_outcome}.",
    "exploding.clipped_finite": "stayed finite for all {steps} steps (final loss {loss:.3g})",
    "exploding.clipped_overflow": "also overflowed, at step {step}: clipping bounds each step's size, but {steps} steps at this learning rate still diverge",
    "exploding.no_event": "No overflow in {steps} steps without clipping (final loss {loss:.3g}). Raise the learning rate or the weight scale to make it overflow.",
    "exploding.depth_vs_step": (
        "**Two different failures.** *Explosion through depth* is a property of the network at initialisation: "
        "with w = 5 and 10 layers, the gradient at the input is 5¹⁰ times the one at the output before any training "
        "step, whatever the learning rate. *Divergence* is a property of the step size: with well-scaled weights "
        "(w ≈ 1), a learning rate that is too large makes each update overshoot, the loss grows step after step and "
        "eventually overflows. Clipping bounds the gradient's norm and so each step; a smaller learning rate or a "
        "better init removes the cause."
    ),
    "exploding.notice": (
        "- At **w = 5, depth 10** the gain is exactly 5¹⁰ = 9,765,625; halve w to 0.5 and the same product vanishes "
        "(0.5¹⁰ ≈ 0.001): one mechanism, two failures.\n"
        "- The **first layers** get the largest gradients: explosion grows with distance from the loss, like "
        "vanishing.\n"
        "- In the matrix lab, ‖Wᵏx‖ follows |λ_max|ᵏ, bounded by σ_maxᵏ.\n"
        "- Training at **w = 1, learning rate 0.3**: without clipping the loss grows step after step and **overflows** at a named step; "
        "with clipping the same run stays finite and learns. That is divergence from the step size, not explosion through depth: "
        "lower the learning rate and it goes away. Raise w to 3: the gradient now grows about 14× toward the input "
        "before any step, and learning rate 0.1, safe at w = 1, overflows too (at step 30); 0.01 still trains."
    ),
    "exploding.math_product": "With W = w·I in every one of L linear layers, backpropagation multiplies by the same factor L times:",
    "exploding.math_spectral": "For any weights, the gradient's growth is bounded by the largest singular values:",
    "exploding.math_clip": "Gradient-norm clipping (Pascanu et al. 2013), threshold τ:",
    "exploding.reading": (
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*: the "
        "spectral conditions for explosion and gradient-norm clipping.\n"
        "- Bengio, Simard & Frasconi (1994), *Learning long-term dependencies with gradient descent is difficult*.\n"
        "- Goodfellow, Bengio & Courville (2016), *Deep Learning*, §8.2.4 (cliffs and exploding gradients) and §10.11.1 (clipping)."
    ),
    "preset.exploding.five_to_ten.name": "5¹⁰ = 9,765,625",
    "preset.exploding.five_to_ten.what": "Ten linear layers with W = 5·I: backpropagation multiplies by 5 ten times, and autograd in float32 reproduces 9,765,625 exactly.",
    "preset.exploding.half_to_ten.name": "0.5¹⁰: the same product, vanishing",
    "preset.exploding.half_to_ten.what": "The same net with W = 0.5·I: the gain is 0.5¹⁰ ≈ 0.000977. Explosion and vanishing are one mechanism, a product of per-layer factors, on either side of 1.",
    "preset.exploding.divergence.name": "Divergence from the step size (Pascanu et al. 2013)",
    "preset.exploding.divergence.what": "A well-initialised 10-layer tanh net trained with SGD at learning rate 0.3: without clipping the loss grows step after step and overflows; with gradient-norm clipping at 1 the same run stays finite (Pascanu, Mikolov & Bengio 2013).",
    "predict.exploding.question": "With W = {w:g}·I and {depth} layers the gain is {gain}. What does it become if you halve w?",
    "predict.exploding.answer": "(w/2)ᴸ = wᴸ / 2ᴸ: the gain falls by 2^{depth} = {factor:,} to **{halved}**. Halving every factor divides the product by 2 for each layer.",
    # --- RNN vs LSTM/GRU ------------------------------------------------------------
    "rnn.title": "RNN vs LSTM / GRU",
    "rnn.intro": (
        "A recurrent network applies the **same** weights at every time step, so backpropagation through time "
        "multiplies the gradient by the same kind of Jacobian once per step back. Over 100 steps that is a product of "
        "100 factors: it vanishes (the net forgets what happened long ago) or explodes. The gated cells, LSTM and GRU, "
        "add a path whose factor is a **gate** the network can hold open. At initialisation the gates sit half open, "
        "and the gated cells forget as fast as the plain one; what helps is that a gate can be set, or learn, to stay open."
    ),
    "rnn.cell.rnn": "tanh RNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
    "rnn.init.default": "PyTorch default U(±1/√H)",
    "rnn.init.orthogonal": "orthogonal × scale",
    "rnn.init.scaled_normal": "normal N(0, scale²/H)",
    "rnn.init.identity": "identity × scale (IRNN)",
    "rnn.time_header": "The gradient over time, at initialisation",
    "rnn.seq_len": "Sequence length",
    "rnn.hidden": "Hidden units H",
    "rnn.cells": "Cells to compare",
    "rnn.recurrent_init": "Recurrent weights W_hh",
    "rnn.recurrent_scale": "Recurrent scale",
    "rnn.recurrent_scale_help": "Used by the orthogonal, normal and identity inits (each gate's H×H block of W_hh); PyTorch's default ignores it.",
    "rnn.forget_bias": "LSTM forget-gate bias",
    "rnn.forget_bias_help": "b_f in f = σ(W_f x + U_f h + b_f). 0 is PyTorch's default on average (small random biases); 1 is the common recommendation (Jozefowicz et al. 2015).",
    "rnn.update_bias": "GRU update-gate bias",
    "rnn.update_bias_help": "b_z in z = σ(…+ b_z); PyTorch's GRU computes h′ = (1 − z)·n + z·h, so a large z keeps the old state.",
    "rnn.no_cells": "Pick at least one cell to compare.",
    "rnn.flow_title": "Gradient reaching each earlier time step",
    "rnn.flow_subtitle": "‖dL/dhₜ‖ with the loss on the last step only (normalised to 1 there), one backward pass at initialisation",
    "rnn.steps_back": "Steps back from the loss",
    "rnn.grad_y": "‖dL/dhₜ‖ (log scale)",
    "rnn.grad_value": "‖dL/dhₜ‖",
    "rnn.bound": "Bound for the tanh RNN: σ_max(W_hh)ᵏ",
    "rnn.metric_back": "{cell}: {steps} steps back",
    "rnn.metric_sigma": "σ_max(W_hh) of the RNN",
    "rnn.metric_sigma_help": "Pascanu et al. (2013): with tanh (|tanh′| ≤ 1), σ_max < 1 is sufficient for the gradient to vanish; σ_max > 1 is necessary (not sufficient) for it to explode.",
    "rnn.sigma_below": "below 1: must vanish",
    "rnn.sigma_above": "above 1: may explode",
    "rnn.race_header": "A training race on the adding problem",
    "rnn.race_caption": (
        "Each sequence holds random numbers in [0, 1] and two markers, one in each half; the target is the sum of the two "
        "marked numbers (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015). Predicting the constant 1 scores "
        "MSE = 1/6 ≈ 0.167: a cell that goes clearly below has learned to carry a number across the sequence. "
        "Hidden size {hidden}, batch {batch}, a fresh batch every step; the cells use the recurrent init and gate biases set above."
    ),
    "rnn.race_seq_len": "Race sequence length",
    "rnn.race_steps": "Training steps",
    "rnn.race_start": "Start the race",
    "rnn.race_prompt": "**Predict first:** which cells will get below the dashed baseline in {steps} steps? Then press *Start the race* (about 5 s per cell; results are kept for these settings).",
    "rnn.race_title": "Adding problem: loss during training",
    "rnn.race_subtitle": "Mean squared error per step (log scale); the dashed line is the constant-prediction baseline 1/6",
    "rnn.race_y": "MSE (log scale)",
    "rnn.baseline": "baseline 1/6 (predict 1)",
    "rnn.outcome.solved": "solved",
    "rnn.outcome.learning": "partly learned",
    "rnn.outcome.stuck": "stuck at the baseline",
    "rnn.outcome.overflow": "overflowed at step {step}",
    "rnn.outcome_help": "Mean MSE of the last 20 steps. Solved: below 10% of the baseline; stuck: above 90% of it.",
    "rnn.clip_title": "Gradient norm during training",
    "rnn.clip_subtitle": "‖g‖ of all parameters before clipping (solid or long dashes) and after (short dashes or dots)",
    "rnn.clip_y": "‖g‖ (log scale)",
    "rnn.before_clip": "{cell}, before clipping",
    "rnn.after_clip": "{cell}, after clipping",
    "rnn.threshold": "threshold {threshold}",
    "rnn.after_title": "Gradient over time: at initialisation and after training",
    "rnn.after_subtitle": "‖dL/dhₜ‖ on the same sequences; short dashes or dots: at initialisation, solid or long dashes: after the race",
    "rnn.at_init": "{cell} at init",
    "rnn.trained": "{cell} trained",
    "rnn.notice": (
        "- At PyTorch's default init all three cells lose about **20 orders of magnitude** over 100 steps: "
        "the gates start near σ(0) = 0.5, so the LSTM's cell path multiplies by about 0.5 per step too.\n"
        "- Raise the **LSTM forget-gate bias** to 1, then 3: the curve lifts by orders of magnitude, because the "
        "cell state's Jacobian is the forget gate itself. The GRU's update-gate bias does the same for the GRU.\n"
        "- For the tanh RNN, the gradient always stays under the dashed σ_max(W_hh)ᵏ line: set the init to orthogonal "
        "with scale 0.9 to see the bound decay.\n"
        "- In the race, watch the **gradient over time after training**: the gated cells that learned have opened their "
        "gates, and their gradient at the start of the sequence is many orders of magnitude larger than at initialisation."
    ),
    "rnn.math_bptt": "Backpropagation through time multiplies by one Jacobian per step back; for the tanh RNN hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b):",
    "rnn.math_lstm": "The LSTM's cell state is updated additively, so its Jacobian along the cell path is the forget gate (Hochreiter & Schmidhuber 1997; Gers et al. 2000):",
    "rnn.math_gru": "The GRU interpolates between the old state and a candidate with its update gate z (PyTorch's convention):",
    "rnn.reading": (
        "- Hochreiter & Schmidhuber (1997), *Long short-term memory*; Gers, Schmidhuber & Cummins (2000), *Learning to forget*.\n"
        "- Cho et al. (2014): the GRU.\n"
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*: the σ_max conditions and clipping.\n"
        "- Le, Jaitly & Hinton (2015), *A simple way to initialize recurrent networks of rectified linear units*: IRNN and the adding problem.\n"
        "- Jozefowicz, Zaremba & Sutskever (2015), *An empirical exploration of recurrent network architectures*: forget-gate bias 1."
    ),
    "preset.rnn.pascanu.name": "Pascanu et al. 2013: σ_max(W_hh) = 0.9",
    "preset.rnn.pascanu.what": "A tanh RNN with an orthogonal W_hh scaled to 0.9: all its singular values are 0.9, and the gradient k steps back stays below the dashed 0.9ᵏ line, as Pascanu, Mikolov & Bengio (2013) prove: σ_max < 1 is sufficient for vanishing.",
    "preset.rnn.irnn.name": "Le et al. 2015: identity recurrent weights (IRNN)",
    "preset.rnn.irnn.what": "W_hh = I, as in Le, Jaitly & Hinton (2015), who pair it with ReLU units. With tanh here, the identity keeps σ_max = 1, so the gradient decays only through tanh's saturation: far slower than at PyTorch's default init.",
    "preset.rnn.forget_bias.name": "Jozefowicz et al. 2015: forget-gate bias 1",
    "preset.rnn.forget_bias.what": "An LSTM whose forget gate starts at σ(1) ≈ 0.73 instead of 0.5: its gradient 99 steps back rises by about 13 orders of magnitude (measured 1.4 × 10⁻⁸ against 2 × 10⁻²¹ at bias 0). Jozefowicz, Zaremba & Sutskever (2015) recommend this bias.",
    "preset.rnn.open_gates.name": "Gates held open: biases 3",
    "preset.rnn.open_gates.what": "Forget-gate and update-gate biases of 3 (σ(3) ≈ 0.95) over 200 steps: the LSTM's and GRU's gradients stay within a few orders of magnitude while the tanh RNN's vanishes. This is what gates are for; in training they learn such settings.",
    "predict.rnn.question": "At these settings, which cell keeps the largest gradient {steps} steps back: the tanh RNN, the LSTM or the GRU?",
    "predict.rnn.answer": "{ranking}. With PyTorch's default init the gates sit near 0.5, so the gated cells vanish about as fast as the plain one: the gaps between them are small next to the {decades:.0f} orders of magnitude they lose. Raise the gate biases and the order changes.",
    # --- Residual blocks ---------------------------------------------------------
    "residual.title": "Residual blocks",
    "residual.intro": (
        "A residual block adds its input back to its output: **y = x + F(x)**. Backpropagation through it multiplies by "
        "**I + ∂F/∂x** instead of ∂F/∂x, so the gradient always has a path to the early layers that is not a long product: "
        "the identity. That path cures vanishing, but the sum can also grow: with ReLU and no normalisation every block "
        "adds to the signal, and the gradient grows toward the input unless the branch is scaled down (y = x + α·F(x)) "
        "or normalised. This page shows both sides."
    ),
    "residual.diagram_identity": "Identity shortcut: y = x + α·F(x)",
    "residual.diagram_projection": "Projection shortcut when the width changes: y = W_s x + α·F(x)",
    "residual.dot_input": "x",
    "residual.dot_branch": "F(x): Linear → [norm] → activation",
    "residual.dot_scale": "× α",
    "residual.dot_projection": "W_s x (Linear, no bias)",
    "residual.dot_identity": "identity",
    "residual.flow_header": "Plain and residual, the same weights",
    "residual.alpha": "Branch scale α",
    "residual.alpha_help": "y = x + α·F(x). α = 1 is the classic ResNet block; α ≈ 1/√depth keeps the sum's variance bounded (SkipInit, ReZero and Fixup scale or zero the branch at initialisation).",
    "residual.alpha_hint": "For depth {depth}, 1/√depth ≈ {value:.3f}.",
    "residual.norm": "Normalisation in the branch",
    "norm.none": "none",
    "norm.batch": "BatchNorm",
    "norm.layer": "LayerNorm",
    "residual.net.plain": "Plain",
    "residual.net.residual": "Residual (α = {alpha:g})",
    "residual.metric_plain": "Plain: layer 1 ÷ layer {depth}",
    "residual.metric_residual": "Residual: layer 1 ÷ layer {depth}",
    "residual.metric_help": "RMS gradient dL/dz at the first hidden layer divided by that at the last. 1 is perfect flow; far below 1 is vanishing, far above is explosion toward the input.",
    "residual.flow_title": "Gradient reaching each layer: plain versus residual",
    "residual.flow_subtitle": "RMS of dL/dz per layer at initialisation; both nets have the same weights, the residual one adds identity skips",
    "residual.verdict_grows": "With skips the gradient **grows** {ratio}× toward the input: identity paths add up. Lower α (try 1/√depth) or add normalisation.",
    "residual.verdict_flat": "With skips the first layer's gradient is within 10× of the last layer's ({ratio}×): the identity path carries it.",
    "residual.verdict_shrinks": "Even with skips the gradient shrinks {ratio}× toward the input here.",
    "residual.degradation_header": "The degradation experiment",
    "residual.degradation_caption": (
        "He et al. (2016) saw deeper plain networks train to a **higher** training error than shallower ones (plain-56 worse than "
        "plain-20 on CIFAR-10), although the deep net could copy the shallow one and set its extra layers to the identity. "
        "Here: three nets on two spirals, same seed, width {width}, Xavier-normal weights, Adam (learning rate {lr}), {steps} full-batch steps."
    ),
    "residual.shallow_depth": "Shallow plain depth",
    "residual.deep_depth": "Deep depth",
    "residual.run.shallow_plain": "Shallow plain ({depth} layers)",
    "residual.run.deep_plain": "Deep plain ({depth} layers)",
    "residual.run.deep_residual": "Deep residual ({depth} layers, α = {alpha:g})",
    "residual.train_start": "Train the three nets",
    "residual.train_prompt": "**Predict first:** which net will reach the lowest training loss, and will the deep plain net beat the shallow one? Then press *Train the three nets* (about 6 s).",
    "residual.train_title": "Training loss: shallow plain, deep plain, deep residual",
    "residual.train_subtitle": "Binary cross-entropy on two spirals (log scale); chance level is ln 2 ≈ 0.693",
    "residual.final_loss": "final loss",
    "residual.notice": (
        "- **Sigmoid, depth 50, no skips**: the first layer's gradient is about 10⁻³¹ of the last layer's. The same weights with "
        "identity skips: within a factor of 10.\n"
        "- **ReLU, no normalisation, α = 1**: the plain net's first layer gets about 10⁻⁸ of the last layer's gradient, while the "
        "residual net's grows about 10⁷× toward the input. Set α to 1/√depth and it is within a factor of 10 again.\n"
        "- In the degradation experiment the deep plain net stalls near chance (loss ≈ 0.69) while the shallow one learns, and the "
        "deep residual net learns best of all: depth helps once gradients can flow."
    ),
    "residual.math_block": "A residual block's Jacobian has an identity term:",
    "residual.math_product": "Through L blocks the gradient is a product of such factors; expanded, it is a sum over all 2ᴸ paths, and the path that skips every block carries it unchanged:",
    "residual.math_variance": "With ReLU, Xavier weights (Var W = 1/n) and no normalisation, the branch is uncorrelated with x and adds α²/2 of the mean square q at every block; the gradient grows in the same way. So α = 1 explodes with depth, while α = 1/√L keeps the growth below e^½ at any depth:",
    "residual.reading": (
        "- He, Zhang, Ren & Sun (2016), *Deep residual learning for image recognition*; *Identity mappings in deep residual networks*.\n"
        "- Veit, Wilber & Belongie (2016), *Residual networks behave like ensembles of relatively shallow networks*: the sum over paths.\n"
        "- Balduzzi et al. (2017), *The shattered gradients problem*; Hayou et al. (2021), *Stable ResNet*: scaling the branch by 1/√L.\n"
        "- De & Smith (2020), *Batch normalization biases residual blocks towards the identity function* (SkipInit); "
        "Bachlechner et al. (2020), *ReZero*; Zhang, Dauphin & Ma (2019), *Fixup initialization*."
    ),
    "preset.residual.sigmoid_skips.name": "Sigmoid, depth 50: skips rescue the gradient",
    "preset.residual.sigmoid_skips.what": "Without skips layer 1 receives about 10⁻³¹ of layer 50's gradient; with identity skips the same weights pass it within a factor of 10.",
    "preset.residual.relu_skips.name": "ReLU, depth 50, α = 1: skips explode",
    "preset.residual.relu_skips.what": "With ReLU, no normalisation and α = 1, every block adds to the signal: the residual net's gradient grows about 10⁷× toward the input (the plain one vanishes to 10⁻⁸). Skips trade vanishing for growth unless the branch is scaled or normalised.",
    "preset.residual.scaled_skips.name": "ReLU, depth 50, α ≈ 1/√50",
    "preset.residual.scaled_skips.what": "Scaling the branch by α = 0.14 ≈ 1/√50 (as SkipInit, ReZero and Fixup do at initialisation) keeps the first layer's gradient within a factor of 10 of the last layer's.",
    "preset.residual.degradation.name": "He et al. 2016: the degradation problem",
    "preset.residual.degradation.what": "Press *Train the three nets*: a 30-layer plain tanh net stalls at chance (loss ≈ 0.69) while a 4-layer one learns, and the 30-layer residual net learns best. Deeper plain nets train worse (He et al. 2016, Fig. 1); skips reverse it.",
    "predict.residual.question": "With skips, will layer 1's gradient stay within 10× of layer {depth}'s at these settings?",
    "predict.residual.answer": "Layer 1 ÷ layer {depth} with skips: **{ratio}**, {verdict}.",
    "predict.residual.yes": "within 10×",
    "predict.residual.no": "outside 10×",
    # --- Remedies --------------------------------------------------------------------
    "remedies.title": "Remedies",
    "remedies.intro": (
        "Start from a **broken network**, a 30-layer sigmoid net with N(0, 1/n) weights trained by plain SGD, whose first "
        "layers receive almost no gradient, and switch the remedies on one at a time. Every chart compares the broken net "
        "with your version: same seed, same data. Some remedies change the gradient itself (activation, initialisation, "
        "normalisation, skips); others only change the step taken with it (clipping, optimiser, learning rate)."
    ),
    "remedies.fix_header": "Fix a broken network",
    "remedies.train_start": "Train both networks",
    "remedies.train_prompt": "**Predict first:** with these remedies, will the loss after {steps} steps fall below the broken network's? Then press *Train both networks* (one or two seconds; results are kept for these settings).",
    "remedies.reset": "Back to the broken network",
    "remedies.broken_caption": "Broken: {depth} layers, sigmoid, N(0, 1/n), no normalisation, no skips, SGD with learning rate {lr}, no clipping.",
    "remedies.residual": "Residual skips (α = 1/√depth)",
    "remedies.clipping": "Gradient-norm clipping at 1",
    "remedies.run.broken": "Broken",
    "remedies.run.fixed": "Your version",
    "remedies.metric_ratio": "Layer 1 ÷ layer {depth}",
    "remedies.metric_ratio_help": "RMS gradient at the first hidden layer divided by that at the last, at initialisation. The change is relative to the broken net.",
    "remedies.metric_loss": "Final training loss",
    "remedies.delta_decades": "{value:+.1f} decades vs broken",
    "remedies.delta_points": "{value:+.0f} points vs broken",
    "remedies.metric_accuracy": "Final accuracy",
    "remedies.flow_title": "Gradient per layer at initialisation",
    "remedies.flow_subtitle": "RMS of dL/dz per layer: the broken net and your version, same seed",
    "remedies.same_gradient": "The gradient at initialisation is **identical** to the broken net's: clipping, the optimiser and the learning rate do not change the gradient, only the step taken with it. Compare the training curves instead.",
    "remedies.train_title": "Training loss: broken versus your version",
    "remedies.train_subtitle": "Binary cross-entropy on two spirals (log scale); chance level is ln 2 ≈ 0.693",
    "remedies.phase_header": "Order and chaos: a phase diagram",
    "remedies.phase_start": "Measure the phase diagram",
    "remedies.phase_prompt": "**Predict first:** where on this grid will the gradient neither vanish nor explode? Then press *Measure the phase diagram* ({nets} networks, a few seconds; results are kept for these settings).",
    "remedies.phase_caption": (
        "Each cell is a {depth}-layer {activation} net of width {width} with W ~ N(0, σ_w²/n) and b ~ N(0, σ_b²), "
        "coloured by the **measured** log₁₀ of layer 1's gradient over layer {depth}'s (one seed). Blue: it vanishes "
        "toward the input; orange: it explodes. The black line is mean-field theory's boundary χ₁ = 1 "
        "(Poole et al. 2016; Schoenholz et al. 2017): on it the gradient neither shrinks nor grows."
    ),
    "remedies.phase_activation": "Activation",
    "remedies.phase_depth": "Depth",
    "remedies.phase_title": "Measured gradient ratio over (σ_w, σ_b)",
    "remedies.phase_subtitle": "log₁₀(RMS dL/dz at layer 1 ÷ at the last layer); black: theory's χ₁ = 1",
    "remedies.phase_x": "σ_w (weight scale)",
    "remedies.phase_y": "σ_b (bias scale)",
    "remedies.phase_color": "log₁₀ ratio",
    "remedies.phase_theory": "theory log₁₀ ratio",
    "remedies.phase_boundary": "Theory: χ₁ = 1 (edge of chaos)",
    "remedies.phase_agreement": "Measured and theory agree within {error:.2f} decades on average over the grid (largest gap {worst:.2f}).",
    "remedies.table_header": "Which remedy addresses which failure",
    "remedies.table": (
        "| Remedy | What it fixes | How | What it does **not** do |\n"
        "|---|---|---|---|\n"
        "| ReLU-family activations | vanishing from saturation | φ′ = 1 wherever the unit is active; no flat tails | Large activation derivatives are not what makes gradients explode: sigmoid′ ≤ 0.25, tanh′ ≤ 1, ReLU′ is 0 or 1, and even GELU′ peaks at only 1.13. Explosion comes from the weights. |\n"
        "| Xavier / He / orthogonal init | vanishing and explosion through depth | sets the per-layer factor χ₁ ≈ 1 at the start | It does not keep the factor at 1 during training. |\n"
        "| BatchNorm / LayerNorm | drifting activation scales | re-centres and re-scales every layer | BatchNorm alone does not prevent explosion in deep plain ReLU nets: the squared gradient grows ≈ 1.47× per layer at initialisation (Yang et al. 2019). |\n"
        "| Residual skips | vanishing through depth; degradation | an identity term in every layer's Jacobian | With ReLU and no normalisation, skips at α = 1 make the gradient grow toward the input; scale the branch. |\n"
        "| Gradient clipping | exploding updates | rescales g so that ‖g‖ ≤ τ | It does nothing for a vanishing gradient. |\n"
        "| Adam, RMSProp, momentum | badly scaled or noisy steps | rescale or average the steps | They change the **step**, not the gradient: the gradient flow chart above does not move when you switch the optimiser, and a gradient that underflowed to 0 stays 0. |\n"
        "| Smaller learning rate | divergence (loss grows step after step) | smaller steps | It does not fix a gradient that vanishes at initialisation. |"
    ),
    "remedies.notice": (
        "- Switch **activation to ReLU** alone: the gradient stops vanishing as fast, but with N(0, 1/n) weights the ReLU net "
        "still halves the squared gradient per layer (χ₁ = σ_w²/2); add **He init** (σ_w² = 2, χ₁ = 1) and it flows.\n"
        "- Switch only the **optimiser** to Adam: the gradient chart does not change at all, yet training may improve: "
        "Adam rescales each weight's step, it does not repair the gradient.\n"
        "- In the phase diagram the measured colour changes sign on theory's χ₁ = 1 line: good initialisations sit on "
        "the edge of chaos."
    ),
    "remedies.math_chi": "Mean-field theory: the squared gradient is multiplied by χ₁ per layer; initialise on χ₁ = 1:",
    "remedies.math_he": "For ReLU, E[φ′(z)²] = ½, so χ₁ = σ_w²/2: He init (σ_w² = 2) is exactly critical; Xavier (σ_w² = 1) halves it per layer:",
    "remedies.math_adam": "Adam's step is a ratio of running averages of the gradient: it rescales the step, and a gradient of exactly 0 gives a step of 0:",
    "remedies.reading": (
        "- Glorot & Bengio (2010); He et al. (2015), *Delving deep into rectifiers*; Saxe, McClelland & Ganguli (2014): orthogonal init.\n"
        "- Ioffe & Szegedy (2015), BatchNorm; Ba, Kiros & Hinton (2016), LayerNorm; Yang et al. (2019), *A mean field theory of batch normalization*.\n"
        "- He et al. (2016), residual networks; Pascanu, Mikolov & Bengio (2013), clipping; Kingma & Ba (2015), Adam.\n"
        "- Poole et al. (2016); Schoenholz et al. (2017), *Deep information propagation*: the order-to-chaos phase diagram."
    ),
    "preset.remedies.he_fix.name": "ReLU + He init (He et al. 2015)",
    "preset.remedies.he_fix.what": "Two switches: ReLU instead of sigmoid, He init instead of N(0, 1/n). The gradient reaches layer 1 again and the loss starts to fall.",
    "preset.remedies.adam_only.name": "Adam alone: the gradient does not change",
    "preset.remedies.adam_only.what": "Only the optimiser changes. The gradient chart is identical to the broken net's: Adam rescales the step, it does not repair the gradient.",
    "preset.remedies.batchnorm.name": "BatchNorm alone",
    "preset.remedies.batchnorm.what": "BatchNorm re-centres every layer's pre-activations, so sigmoid works near its steepest point: compare the gradient chart with the broken net's.",
    "preset.remedies.everything.name": "Everything on",
    "preset.remedies.everything.what": "ReLU, He init, BatchNorm, scaled skips and Adam together: the gradient flows and the net learns the spirals.",
    "predict.remedies.question": "Switch the optimiser from SGD to Adam: will the gradient chart change?",
    "predict.remedies.answer": "No. The gradient at initialisation is computed before any step, so the optimiser cannot change it: layer 1 ÷ layer {depth} is {ratio} with either. Adam changes the step taken with it.",
    "frame.presets": "Presets",
    # --- home: myths; frame: predict, notebook ---------------------------------------------------------
    "home.myths": "Myths, disproved live",
    "home.myths_caption": "Claims found in popular articles on this topic, each checked by a computation that runs as this page loads.",
    "myth.eigen.claim": "“The eigenvalues of [[2, 3], [4, 5]] are 7 and 1.”",
    "myth.eigen.fact": "They are (7 ± √57)/2: computed {lambda_1:.4f} and {lambda_2:.4f}. Its singular values are {sigma_1:.4f} and {sigma_2:.4f}.",
    "myth.later.claim": "“Exploding gradients happen in the later layers.”",
    "myth.later.fact": "Both vanishing and exploding products grow with distance from the loss, so the earliest layers are hit hardest: in a {depth}-layer net with W = 5·I, layer 1's gradient is {first:,.0f}, the last layer's {last:g}.",
    "myth.derivative.claim": "“Activations whose derivative exceeds 1 cause explosion.”",
    "myth.derivative.fact": "Largest derivatives, computed: {values}. Only GELU exceeds 1, by 13%; explosion comes from the weights.",
    "myth.tanh.claim": "“tanh′(x) = tanh(x)(1 − tanh(x)), and it approaches 1 for large inputs.”",
    "myth.tanh.fact": "Autograd gives tanh′({x:g}) = {autograd:.4f} = 1 − tanh² ({correct:.4f}), not tanh(1 − tanh) ({wrong:.4f}). It is largest at 0 ({at_zero:g}) and tends to 0 far out: tanh′({far:g}) = {autograd_far:.2e}.",
    "myth.saturation.claim": "“Saturated sigmoid/tanh units cause exploding gradients.”",
    "myth.saturation.fact": "Saturation makes gradients vanish: a {depth}-layer sigmoid net with large weights has {saturated:.0%} saturated units, and layer 1 gets {ratio:.2g} of the last layer's gradient.",
    "myth.adam.claim": "“Adam or momentum keep the gradient itself under control.”",
    "myth.adam.fact": "They change the step, not the gradient: the same net's gradient norm at step 1 is {sgd:.6g} with SGD, {momentum:.6g} with momentum and {adam:.6g} with Adam. Clipping bounds the gradient.",
    "frame.predict": "Predict, then reveal",
    "frame.notebook": "Reproduce in a notebook",
    "frame.notebook_help": "This code recomputes the chart above for the current settings with the lab's own library (run it from the repository's root; `pip install -r requirements.txt`). `grad_norm` holds the plotted values.",
}
