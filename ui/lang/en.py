"""English text of Gradient Flow Lab. Keys are "<page>.<name>"."""

STRINGS: dict[str, str] = {
    # --- app frame -------------------------------------------------------------
    "app.title": "Gradient Flow Lab",
    "app.tagline": "Why deep networks' gradients vanish or explode, and what fixes it: measured live on real PyTorch models.",
    "nav.home": "Home",
    "nav.vanishing": "Vanishing gradients",
    "nav.exploding": "Exploding gradients",
    "frame.controls": "Controls",
    "frame.notice": "What to notice",
    "frame.math": "The math",
    "frame.reading": "Further reading",
    "frame.computing": "Computing gradients…",
    "frame.training": "Training…",
    "frame.queued": "Waiting for a free training slot (other sessions are training)…",
    "frame.open": "Open",
    "common.layer": "Layer (1 = nearest the input)",
    "common.layer_short": "Layer",
    "common.step": "Training step",
    "common.series": "Curve",
    "common.run": "Run",
    "common.grad_norm": "RMS of dL/dz (log scale)",
    "common.grad_value": "RMS of dL/dz",
    "common.underflow": "Underflow: exactly 0 in float32",
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
    "vanishing.metric_saturated_help": "Share of units whose derivative is below 10% of the activation's maximum: they pass almost no gradient back.",
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
    "vanishing.train_caption": "The same network trained on two interleaved spirals ({steps} full-batch steps, Adam, learning rate {lr}). Bars show how far each layer's weights moved: ‖W_end − W_start‖ / ‖W_start‖.",
    "vanishing.train_title": "How far each layer's weights moved",
    "vanishing.train_subtitle": "Relative change of the weight matrix after training (log scale)",
    "vanishing.train_y": "‖ΔW‖ / ‖W₀‖ (log scale)",
    "vanishing.train_loss_title": "Training loss",
    "vanishing.train_loss_subtitle": "Binary cross-entropy; chance level is ln 2 ≈ 0.693",
    "vanishing.train_result": "Final loss {loss:.3f}, accuracy {accuracy:.0%}. The first layer moved {first:.2g}, the last {last:.2g}: a factor {ratio:.2g}.",
    "vanishing.notice": (
        "- With **sigmoid**, every layer multiplies the gradient by at most 0.25·‖W‖: at depth 20 with the default init the "
        "first layer's gradient is many orders of magnitude below the last one's. Try **depth 50**: the first layers "
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
    # --- exploding ---------------------------------------------------------------
    "exploding.title": "Exploding gradients",
    "exploding.intro": (
        "Hold a microphone near its speaker and a whisper becomes a howl: every pass through the loop **amplifies** "
        "the sound. In a deep network the gradient passes through one weight matrix per layer; if each one "
        "amplifies it, the product grows geometrically, and the layers **nearest the input**, furthest from the "
        "loss, receive the largest gradients. Activations do not cause this: common activations have derivatives of "
        "at most 1 (GELU peaks at 1.13). The weights do."
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
        "lower the learning rate and it goes away. Raise w to 3 and even small learning rates blow up."
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
}
