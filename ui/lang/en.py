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
    "frame.about": "About",
    "frame.notice": "What to notice",
    "frame.math": "The math",
    "frame.reading": "Further reading",
    "frame.computing": "Computing gradients…",
    "frame.training": "Training…",
    "frame.queued": "Waiting for a free training slot (other sessions are training)…",
    "frame.heavy_queued": "Waiting for a free computing slot (large computations are running)…",
    "frame.open": "Open",
    "frame.csv": "Download the data (CSV)",
    "frame.link": "Link",
    "frame.present": "Presentation mode",
    "frame.present_help": "For a projector: larger text, numbers and chart fonts, charts across the full width, the intro and each section's controls folded into boxes, and this sidebar closed (reopen it with the arrow at the top left).",
    "frame.hide_controls": "Hide controls",
    "frame.hide_controls_help": "Folds the controls away so the charts of the linked settings fill the page; share the link with this on for students.",
    "frame.link_help": "This view's address: every control's setting is in it, and the preset whose description is shown. Copy it into a lesson plan or send it to students.",
    "frame.link_ignored": "Ignored from this link: {items}. A control whose value was ignored shows its default.",
    "frame.link_unknown": "{name} (not a setting of this page)",
    "frame.link_invalid": "{name}={value} (not a value this control accepts)",
    "frame.link_preset_differs": "{name} (the link's settings are not this preset's)",
    "frame.link_preset_unknown": "{name} (not a preset of this page)",
    "frame.link_repeated": "{name}={value} (given again later in the link)",
    "frame.link_more": "and {count} more",
    "frame.link_too_long": "Ignored this link ({chars} characters, {params} parameters): longer than any view of this lab needs (at most {max_chars} characters, {max_params} parameters). Every control shows its default.",
    "common.layer": "Layer (1 = nearest the input)",
    "common.layer_short": "Layer",
    "common.step": "Training step",
    "common.series": "Curve",
    "common.run": "Run",
    "common.grad_norm": "RMS of dL/dz (log scale)",
    "common.grad_value": "RMS of dL/dz",
    "common.underflow": "Underflow: exactly 0 in float32",
    "common.underflow_short": "0 (underflow)",
    "common.dead": "Dead units: exactly 0",
    "common.dead_short": "0 (dead units)",
    "common.zero_scale": "Multiplied by 0: exactly 0",
    "common.zero_scale_short": "0 (multiplied by 0)",
    "common.overflow": "Overflow: inf or NaN",
    "common.measured": "Measured (autograd)",
    "common.seed": "Random seed",
    "common.depth": "Depth (hidden layers)",
    "common.width": "Width (units per layer)",
    "common.activation": "Activation",
    "common.init": "Weight initialisation",
    "common.weight_scale": "Weight scale",
    "common.weight_scale_help": (
        "normal: σ_w in W ~ N(0, σ_w²/fan_in). standard uniform: W ~ U(±scale/√fan_in). scaled identity: W = scale·I. "
        "Xavier/orthogonal: the gain. He: a factor on N(0, 2/fan_in)."
    ),
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
    "common.progress": "{label} {step}/{steps}",
    "common.progress_eta": "{label} {step}/{steps}, about {seconds:.0f} s left",
    "common.underflow_note": (
        "{count} of {depth} layers receive a gradient that underflowed to exactly 0 in float32 (the ▼ markers at the "
        "bottom of the chart): the same net computed in float64 gives them a nonzero gradient, too small for float32 "
        "to hold. A gradient of exactly 0 changes no weight, whichever the optimiser."
    ),
    "common.dead_note": (
        "{count} of {depth} layers receive exactly 0, in float64 too: not underflow but dead units. For every example, "
        "some layer above them has no active unit (ReLU′ = 0 for all of its units), so no path carries the gradient "
        "back."
    ),
    "common.zero_scale_note": "{count} of {depth} layers receive exactly 0, in float64 too: the net multiplies their gradient by 0 (a weight scale or a branch scale α of 0).",
    # activations, inits, optimisers, clipping: display names
    "act.linear": "linear (identity)",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.leaky_relu": "Leaky ReLU (0.01)",
    "act.elu": "ELU",
    "act.gelu": "GELU",
    "init.normal": "normal N(0, scale²/fan_in)",
    "init.standard_uniform": "standard uniform U(±scale/√fan_in)",
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
    "home.chain_caption": "Each factor is a layer's Jacobian ∂hₖ/∂hₖ₋₁ = diag(φ′(zₖ)) Wₖ. If the factors shrink the gradient (a gain below 1 per layer), the product shrinks geometrically with the number of layers between layer i and the loss; if they stretch it (a gain above 1), it grows. Either way the backpropagated gradient ∂L/∂hᵢ differs most from its value at the loss in the layers nearest the input.",
    "home.pages": "Pages",
    "home.card.vanishing": "Watch the gradient fade layer by layer in sigmoid and tanh nets, against mean-field theory and the (¼‖W‖₂)ᴸ⁻ⁱ bound; see which layers stop learning.",
    "home.card.exploding": "Reproduce {power} = {gain} exactly, explore a matrix's eigenvalues and singular values, and watch training overflow, then clip it.",
    "home.card.rnn": "Backprop through time: watch ‖dL/dhₜ‖ fade with steps back in RNN, LSTM and GRU, open the gates, and race the three cells on the adding problem.",
    "home.card.residual": "y = F(x) + x: plain and residual nets side by side, the branch scale α, and the degradation experiment.",
    "home.card.remedies": "Start from a broken deep sigmoid net and switch the fixes on one at a time; map order and chaos.",
    "home.how": "How to use it",
    "home.how_text": "Pick a page in the sidebar. Controls are on the left of each page, charts on the right. Hover any chart for exact values. Every number shown comes from a computation on the settings you chose.",
    # --- home: the worked chain (core/chain.py) --------------------------------
    "home.chain.title": "A worked example: the chain rule, link by link",
    "home.chain.intro": (
        "A chain of {links} scalar links carries the gradient from the loss L = h{last} back to the input x = h₀. Link k computes "
        "hₖ = φ(zₖ) with zₖ = w·hₖ₋₁ + b, so it multiplies the gradient by its **local derivative** "
        "∂hₖ/∂hₖ₋₁ = w·φ′(zₖ). Set each link's activation φ, weight w and pre-activation z (its bias b puts the "
        "unit there); autograd, run on the real chain, multiplies the local derivatives together."
    ),
    "home.chain.scenario_sigmoid": "Sigmoid at its steepest: {local} per link",
    "home.chain.scenario_unit": "w = {w}: {local} per link",
    "home.chain.scenario_dead_relu": "ReLU with one dead link",
    "home.chain.link": "Link {k}: h{before} → h{after}",
    "home.chain.weight": "Weight w",
    "home.chain.z": "Pre-activation z",
    "home.chain.z_help": "Where the unit sits on φ: the link's slope φ′(z) is read here. Sigmoid and tanh are steepest at z = 0 and flatten away from it (saturation); ReLU′ is 1 above 0 and exactly 0 at or below it.",
    "home.chain.local": "w·φ′(z) = {w} × {slope} = **{local}**",
    "home.chain.measured": "Autograd on the real chain, in float64: ∂L/∂x = {autograd:.6g}. The product of the {links} closed forms above: {closed_form:.6g}.",
    "home.chain.shrinks": "The gradient reaching x is **{factor}× smaller** than at the loss.",
    "home.chain.grows": "The gradient reaching x is **{factor}× larger** than at the loss.",
    "home.chain.same": "The gradient reaching x is as large as at the loss: the sizes of the local derivatives multiply to exactly 1.",
    "home.chain.zero": "The gradient reaching x is **exactly 0**: link {k} multiplies it by 0 (a ReLU at z ≤ 0, or w = 0), and every link below it passes that 0 on, whatever its own derivative.",
    "home.chain.lesson": (
        "**The lesson.** Sigmoid's slope σ′(z) is at most {peak:g}, at z = {peak_z:g}. So with w = {w:g} on every link, "
        "{links} sigmoid links pass on at most {power} = **{product:.3g}** of the gradient, wherever their units sit. A weight "
        "of w = {weight:g} makes each link exactly {unit:g} and the product {unit_product:g}, but only at z = {peak_z:g}: "
        "move any z and the product falls below {unit:g} again."
    ),
    "netpic.caption": (
        "One column per layer, {shown} of its {width} units drawn; each layer's incoming connections are coloured and "
        "thickened by the gradient measured at that layer (log colour scale). Hover a column for its value."
    ),
    "netpic.caption_all": (
        "One column per layer, every unit drawn; each layer's incoming connections are coloured and thickened by the "
        "gradient measured at that layer (log colour scale). Hover a column for its value."
    ),
    "netpic.play": "▶ Play the backward pass",
    "netpic.pause": "⏸ Pause",
    "netpic.back": "◀ Step back",
    "netpic.forward": "Step forward ▶",
    "netpic.block": "Block",
    "netpic.time": "Time step",
    "netpic.initial_state": "h₀",
    "netpic.caption_time": (
        "The cell unrolled in time: one column per hidden state hₜ, {shown} of its {width} units drawn; the connections into "
        "hₜ are coloured and thickened by ‖dL/dhₜ‖ (log colour scale), the loss reads the last state. Hover a column for its value."
    ),
    "netpic.direction_time": "The backward pass runs from the loss (right) back in time to the first step (left)",
    "netpic.input": "Input x",
    "netpic.loss": "Loss",
    "netpic.skip": "identity skip around each block",
    "netpic.saturated": "share of saturated units (bar under each layer)",
    "netpic.direction": "The backward pass runs from the loss (right) to the input (left)",
    "home.chain.chart_title": "|∂L/∂hᵢ| along the chain",
    "home.chain.position": "Position i (h₀ = x, h{last} = L)",
    "home.chain.gradient": "|∂L/∂hᵢ| (log scale)",
    "home.chain.gradient_value": "|∂L/∂hᵢ|",
    "home.chain.autograd": "autograd",
    "home.chain.closed_form": "closed form ∏ w·φ′(z)",
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
    "vanishing.theory_bound": "Bound (¼‖W‖₂)ᴸ⁻ⁱ (sigmoid′ ≤ ¼)",
    "vanishing.theory_none": (
        "No theory overlay for this setting: the mean-field prediction needs i.i.d. weights of known variance (normal, "
        "standard uniform, Xavier, He), the (¼‖W‖₂)ᴸ⁻ⁱ bound needs sigmoid with weights of known spectral norm (scaled "
        "identity, orthogonal)."
    ),
    "vanishing.metric_ratio": "Layer 1 ÷ layer {depth}",
    "vanishing.metric_ratio_help": "RMS gradient at the first hidden layer divided by that at the last one.",
    "vanishing.metric_none": "no gradient reaches any layer",
    "vanishing.metric_chi": "χ₁ per layer (theory)",
    "vanishing.metric_chi_help": "Mean-field factor on the squared gradient per layer: < 1 vanishes, > 1 explodes.",
    "vanishing.metric_depth": "Trainable depth (theory)",
    "vanishing.metric_depth_help": (
        "About the deepest net of this kind that still trains: {factor}·ξ layers, where ξ is the depth over which the "
        "squared gradient (ordered phase) or two inputs' correlation (chaotic phase) changes by a factor e (Schoenholz "
        "et al. 2017)."
    ),
    "vanishing.metric_depth_unbounded": "no limit",
    "vanishing.metric_saturated": "Saturated units (mean)",
    "vanishing.metric_saturated_help": "Share of units whose derivative φ′(z) is below {level:.0%} of its largest value: they pass almost no gradient back.",
    "vanishing.phase.ordered": (
        "**Ordered phase: the gradient vanishes.** χ₁ = {chi:.3g} < 1, so its square shrinks by χ₁ per layer, by a "
        "factor e every ξ = {xi:.3g} layers. By Schoenholz et al.'s (2017) rule, nets like this train up to about "
        "{factor}ξ ≈ {depth:,.0f} layers."
    ),
    "vanishing.phase.chaotic": (
        "**Chaotic phase: the gradient explodes.** χ₁ = {chi:.3g} > 1, so it grows toward the input. The trainable "
        "depth comes from two inputs' correlation instead, which settles at c* = {c_star:.2g} by a factor χ_c = "
        "{chi_c:.3g} per layer, e every ξ = {xi:.3g} layers: about {factor}ξ ≈ {depth:,.0f} layers ({factor}/ln χ₁ "
        "would give {naive:,.0f}; Schoenholz et al. 2017)."
    ),
    "vanishing.phase.chaotic_unbounded": (
        "**The gradient explodes.** χ₁ = {chi:.3g} > 1, and the signal's variance grows without bound (it has no fixed "
        "point), so the only depth scale is the gradient's own: its square grows by a factor e every ξ = {xi:.3g} "
        "layers; about {factor}ξ ≈ {depth:,.0f} layers."
    ),
    "vanishing.phase.critical_flat": (
        "**χ₁ = 1: no depth limit in theory.** The mean-field gradient neither shrinks nor grows: its finite-depth "
        "prediction is {theory:.3g} for layer 1 ÷ layer {layers}, and the measurement's distance from it is a finite "
        "net's random spread around the wide-net limit."
    ),
    "vanishing.phase.critical_settling": (
        "**χ₁ = 1: no depth limit in theory, but not flat either.** χ₁ = 1 holds at the fixed point q*, which the "
        "layers' variance q approaches only slowly, like a power of the depth; until then each layer's factor differs "
        "from 1, and the finite-depth theory (dashed) gives {theory:.3g} for layer 1 ÷ layer {layers}: a slow change, "
        "not a geometric one."
    ),
    "vanishing.phase.stray_below": " This net measures {measured}, {factor}× below the theory: the theory is the limit of infinitely wide nets, and one net of width {width} strays from it. Another seed strays differently; wider nets stray less.",
    "vanishing.phase.stray_above": " This net measures {measured}, {factor}× above the theory: the theory is the limit of infinitely wide nets, and one net of width {width} strays from it. Another seed strays differently; wider nets stray less.",
    "vanishing.not_saturation": (
        "**Vanishing without saturation:** only {saturated:.1%} of the units are saturated (φ′ below {level:.0%} of "
        "its peak), yet layer 1 receives {ratio} of layer {layers}'s gradient. Sigmoid′ is at most ¼ even at z = 0 "
        "(its RMS here is {deriv:.3g}), so each layer passes on about {factor:.3g} of the gradient it receives "
        "(measured, mean per layer): σ′ ≤ ¼, not saturation, makes it vanish."
    ),
    "vanishing.dist_title": "Activations per layer",
    "vanishing.dist_subtitle": "Quantiles over the batch and units; a band pressed against 0 or 1 (sigmoid) or ±1 (tanh) means saturation",
    "vanishing.dist_outer": "5–95%",
    "vanishing.dist_inner": "25–75%",
    "vanishing.dist_median": "median",
    "vanishing.dist_y": "Activation value",
    "vanishing.sat_title": "Saturated share per layer",
    "vanishing.sat_subtitle": "φ′(z) below {level:.0%} of its maximum (for ReLU: the inactive units)",
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
    "vanishing.xavier_header": "Deriving Xavier and He: Var(z) = n · Var(W) · E[h²]",
    "vanishing.xavier_caption": "Each line of the derivation, and under it what one freshly initialised net of these settings measures ({batch} inputs, standard normal; zero biases; float64), at its last layer, layer {layers}, unless the line says otherwise.",
    "vanishing.xavier_sigma_w": "σ_w of the normal init (Var(W) = σ_w²/n)",
    "vanishing.xavier_sigma_w_help": "Used by the normal init only: Xavier and He set Var(W) themselves.",
    "vanishing.xavier_metric_measured": "Var(z) factor per layer (measured)",
    "vanishing.xavier_metric_measured_help": "The geometric mean, over this net's layers, of each layer's Var(z) divided by the previous layer's.",
    "vanishing.xavier_metric_theory": "Var(z) factor per layer (theory)",
    "vanishing.xavier_metric_theory_help": "The same factor for the mean-field recursion q ↦ σ_w² E[φ(√q u)²], u standard normal, run from the input.",
    "vanishing.xavier_metric_back": "Var(δ) factor per layer toward the input (measured)",
    "vanishing.xavier_metric_back_help": "The geometric mean of Var(δ) of one layer divided by that of the layer after it, δ = dL/dz.",
    "vanishing.xavier_line_weights": "This net: {init}, n = {n}, Var(W) = {var_w:.3g}.",
    "vanishing.xavier_line_step": "{n} × {var_w:.3g} × E[h²] = {n} × {var_w:.3g} × {h_sq:.3g} = **{var_z_step:#.3g}**; measured Var(z) = **{var_z:#.3g}**. Over all layers the two differ by at most {step_gap:.0%}: the line is an average over weight draws, and one draw moves it by a relative spread of at most {spread:.0%} at this width.",
    "vanishing.xavier_line_gain": "{activation}: measured E[h²] / Var(z) is {gain_first:.3f} at layer 1, where z is Gaussian (as the inputs are), and from {gain_low:.3f} to {gain_high:.3f} over all layers; for a Gaussian z of each layer's variance, {gain_theory_low:.3f} to {gain_theory_high:.3f}.",
    "vanishing.xavier_line_glorot": "Glorot's Var(W) takes the mean of the forward fan n_in and the backward fan n_out. At this width n_in = n_out = {n}, so it is {glorot:.3g}, LeCun's {lecun:.3g}.",
    "vanishing.xavier_line_back": "Toward the input Var(δ) changes by a factor **{back:.3f}** per layer (measured); the product of the steps n · Var(W) · E[φ′(z)²] gives **{back_theory:.3f}**.",
    "vanishing.xavier_measured": "Measured Var(z) (this net)",
    "vanishing.xavier_step": "n · Var(W) · E[h²] from the measured E[h²] (theory, one step)",
    "vanishing.xavier_recursion": "Mean-field recursion from the input (theory)",
    "vanishing.xavier_chart_title": "Var(z) per layer: the derivation against one net",
    "vanishing.xavier_chart_subtitle": "Measured Var(z) of the pre-activations; the one-step line starts from each layer's measured E[h²], the recursion only from the input",
    "vanishing.xavier_chart_y": "Var(z) (log scale)",
    "vanishing.xavier_drift": "The recursion is an average over nets: this net's Var(z) at layer {layers} is {drift:.3g} times the recursion's, while the one-step line, restarted from the measured E[h²] at every layer, stays within {step_gap:.0%} of the net.",
    "vanishing.train_header": "Do the early layers learn?",
    "vanishing.train_start": "Train this network",
    "vanishing.train_prompt": "**Predict first:** {question} Then press *Train this network* (the results are kept for these settings).",
    "vanishing.train_caption": "The network of the first section (its controls at the top of the page), trained on two interleaved spirals ({steps} full-batch steps, Adam, learning rate {lr}). Bars show how far each layer's weights moved: ‖W_end − W_start‖ / ‖W_start‖.",
    "vanishing.train_title": "How far each layer's weights moved",
    "vanishing.train_subtitle": "Relative change of the weight matrix after training (log scale)",
    "vanishing.train_y": "‖ΔW‖ / ‖W₀‖ (log scale)",
    "vanishing.train_loss_title": "Training loss",
    "vanishing.train_loss_subtitle": "Binary cross-entropy; chance level ln 2 ≈ {chance:.3f}",
    "vanishing.sym_header": "Zero init and symmetry",
    "vanishing.sym_caption": (
        "One net, six inits: {depth} hidden layers of {width} {activation} units and one output unit (a logit), on {points} points of "
        "the two spirals with binary cross-entropy. Every weight, the output's too, is set by the init and every bias starts at "
        "zero, as in the deeplearning.ai initialisation exercise. **Zero**: W = 0. **Constant**: every weight = c = {c:g}. "
        "**Too small**: N(0, σ²), σ = {small:g}. **Too large**: σ = {large:g}. **Xavier**: N(0, 2/(n_in + n_out)). "
        "**He**: N(0, 2/n_in). Computed in float64, so that zero means exactly zero and equal means equal."
    ),
    "vanishing.sym_constant": "Constant c (every weight = c)",
    "vanishing.sym_constant_help": (
        "The constant init sets every weight of every layer to c. Any c gives every unit of a layer the same input, so the "
        "same output and the same gradient; c only sets how large they are."
    ),
    "vanishing.sym_steps": "Training steps (Adam)",
    "vanishing.sym_init.zeros": "Zero",
    "vanishing.sym_init.constant": "Constant c = {c:g}",
    "vanishing.sym_init.small": "Too small: σ = {small:g}",
    "vanishing.sym_init.large": "Too large: σ = {large:g}",
    "vanishing.sym_init.xavier": "Xavier",
    "vanishing.sym_init.he": "He",
    "vanishing.sym_title": "The gradient at init: six inits of one net",
    "vanishing.sym_subtitle": "RMS of dL/dz for one point, layer by layer; layer {out} is the output unit",
    "vanishing.sym_x": "Layer (layer {out} = output)",
    "vanishing.sym_zero": "Zero init: exactly 0 (multiplied by W = 0)",
    "vanishing.sym_note": (
        "**Zero**: every hidden layer's gradient is exactly 0 (the largest: {zero_hidden:g}), since δᵢ = Wᵢ₊₁ᵀδᵢ₊₁ ⊙ φ′(zᵢ) "
        "and Wᵢ₊₁ = 0. Only the output's δ = σ(logit) − y is not zero; its weights' gradient, the mean of δ·φ(0), is "
        "{zero_out:g} here as well, so nothing moves. **Constant**: the gradients are not zero, but every unit of a layer "
        "gets the same one: the {width} rows of each hidden layer's dL/dW are {distinct} distinct row(s) (they differ by "
        "{spread:.1g} of their size)."
    ),
    "vanishing.sym_ratios": "The first hidden layer's gradient over layer {depth}'s: too small {small:.2g}, too large {large:.2g}, Xavier {xavier:.2g}, He {he:.2g}.",
    "vanishing.sym_point": (
        "**Xavier and He are derived for this.** In a ReLU net of width n, theory multiplies the gradient's RMS by "
        "√(n·Var(W)/2) per layer: half of the units pass it back. In the ReLU net of this section's defaults (n = {width}, "
        "{depth} hidden layers): He, Var(W) = 2/n, gives {he_theory:.2f} per layer, measured {he:.2f}; Xavier, Var(W) = 1/n, "
        "{xavier_theory:.2f}, measured {xavier:.2f}; σ = {small_std:g} gives {small_theory:.3f}, measured {small:.3f}, so the "
        "first hidden layer gets {small_ratio:.1e} of the last one's gradient; σ = {large_std:g} gives {large_theory:.3g}, "
        "measured {large:.3g}, and {large_ratio:.1e} times the last one's."
    ),
    "vanishing.sym_metric_units": "Distinct units per layer, {init}",
    "vanishing.sym_units": "{distinct} of {width}",
    "vanishing.sym_metric_units_help": (
        "After {steps} steps, the fewest distinct units over the hidden layers: units whose incoming weights and bias are "
        "the same count once."
    ),
    "vanishing.sym_metric_zero": "Loss after training, {init}",
    "vanishing.sym_metric_zero_help": "ln 2 = {chance:.4f} is the loss of predicting ½ for every point. The zero net's loss was {zero_first:.4f} at the start and changed by {zero_spread:g} over the run.",
    "vanishing.sym_loss_title": "Training loss over {steps} steps, six inits",
    "vanishing.sym_loss_subtitle": "Binary cross-entropy on all the points, Adam; log scale",
    "vanishing.sym_chance": "Chance: ln 2 ≈ {chance:.3f}",
    "vanishing.sym_result": (
        "**Zero** stays at ln 2 = {chance:.4f} at every step: it predicts ½ for every point (accuracy {zeros_accuracy:.0%}). "
        "**Constant** learns one feature per layer, copied {width} times: loss {constant_loss:.3f}, accuracy "
        "{constant_accuracy:.0%}. **Too small**: loss {small_loss:.3g} ({small_accuracy:.0%}); **too large**: "
        "{large_loss:.3g} ({large_accuracy:.0%}); **Xavier**: {xavier_loss:.3g} ({xavier_accuracy:.0%}); **He**: "
        "{he_loss:.3g} ({he_accuracy:.0%})."
    ),
    "vanishing.train_result": "Final loss {loss:.3f}, accuracy {accuracy:.0%}. The first layer moved {first:.2g}, the last {last:.2g}: a factor {ratio:.2g}.",
    "vanishing.train_result_still": "Final loss {loss:.3f}, accuracy {accuracy:.0%}. The first layer's weights did not change at all (to float32 precision); the last layer's moved {last:.2g}.",
    "vanishing.notice": (
        "- With **sigmoid**, every layer multiplies the gradient by at most ¼·‖W‖₂: at depth {depth} with the default "
        "init the first layer receives {ratio:.2g} of the last layer's gradient, with {saturated:.0%} of the units "
        "saturated. Try **depth {deep}**: the first {underflowed} layers underflow to exactly 0 in float32 (the ▼ "
        "markers).\n- Switch to **tanh** with **Xavier**: the gradient still shrinks, to {tanh_ratio:.2g} of the last "
        "layer's, but slowly rather than geometrically (χ₁ = 1). **ReLU with He init** gives {relu_ratio:.2g}, close "
        "to 1: what these inits were designed for.\n- The dashed **mean-field** line is a prediction made without "
        "running the network; it matches the measured points for wide nets with i.i.d. weights.\n- The bars at the "
        "bottom: when gradients vanish, the first layers' weights barely move during training."
    ),
    "vanishing.math_chain": "Backpropagation through layer k multiplies by its Jacobian:",
    "vanishing.math_sigmoid": "Sigmoid's derivative is at most ¼, so with weights of spectral norm ‖W‖₂:",
    "vanishing.math_mf": "Mean-field theory (wide nets, W ~ N(0, σ_w²/n)): the squared gradient shrinks or grows by χ₁ per layer:",
    "vanishing.reading": (
        "- Glorot & Bengio (2010), *Understanding the difficulty of training deep feedforward neural networks*: with "
        "their standard init, back-propagated gradients shrink toward the input, and sigmoid's top hidden layer "
        "saturates during training; their normalised (Xavier) init keeps the gradients' variance the same across "
        "layers in their linear analysis.\n- Hochreiter (1991); Bengio, Simard & Frasconi (1994): the "
        "vanishing-gradient problem.\n- Poole et al. (2016), *Exponential expressivity in deep neural networks through "
        "transient chaos*; Schoenholz et al. (2017), *Deep information propagation*: the mean-field theory and the "
        "depth scales drawn here.\n- He et al. (2015), *Delving deep into rectifiers*: the He/Kaiming init for ReLU."
    ),
    "preset.vanishing.glorot_standard.name": "Glorot & Bengio 2010: sigmoid, standard init",
    "preset.vanishing.glorot_standard.what": (
        "Their setting at initialisation: 5 sigmoid layers (512 units here; the paper used 1,000) with their standard "
        "init W ~ U[−1/√n, 1/√n], Var W = 1/(3n). The gradient falls steeply toward the input (Layer 1 ÷ layer 5), "
        "with no unit saturated and the activations centred on ½: sigmoid′ ≤ ¼ and the small weights shrink it at "
        "every layer. The saturation Glorot & Bengio report, of the top hidden layer, sets in during training (their "
        "Fig. 2); this screen shows the net before it."
    ),
    "preset.vanishing.glorot_normalized.name": "Glorot & Bengio 2010: tanh, normalized (Xavier) init",
    "preset.vanishing.glorot_normalized.what": (
        "The same 5 × 512 net with tanh and their normalized init, Var W = 2/(n_in + n_out) = 1/n. The gradient still "
        "shrinks toward the input, but slowly: Layer 1 ÷ layer 5 is far closer to 1 than with their standard init "
        "(switch the init to standard uniform to compare). Var W = 1/n puts tanh at χ₁ = 1, but the variance q of the "
        "pre-activations keeps shrinking layer after layer and tanh′ is below its peak wherever q is not yet "
        "negligible: the dashed mean-field line follows that slow decay. In their Table 1 this setting had the lowest "
        "Shapeset test error of the three they compare."
    ),
    "preset.vanishing.he_xavier.name": "He et al. 2015: 30-layer ReLU, Xavier init",
    "preset.vanishing.he_xavier.what": (
        "Xavier's Var W = 1/n assumes a symmetric activation; ReLU zeroes half its inputs, so every layer halves the "
        "squared signal and gradient (χ₁ on screen). Over the 30 layers the gradient falls by orders of magnitude, "
        "along the dashed mean-field line. He et al. (2015) report that their 30-layer net with this init did not "
        "learn."
    ),
    "preset.vanishing.he_he.name": "He et al. 2015: 30-layer ReLU, He init",
    "preset.vanishing.he_he.what": (
        "The same net with He/Kaiming init, Var W = 2/n, which makes up for the halving: χ₁ = 1, and the gradient "
        "reaches layer 1 at about the size it has at layer 30 (within a factor 2: the spread of a finite width). This "
        "is the init that let He et al. (2015) train it."
    ),
    "preset.vanishing.underflow.name": "100 sigmoid layers: underflow to exactly 0",
    "preset.vanishing.underflow.what": (
        "A hundred layers, each multiplying the gradient by at most ¼·‖W‖₂, take it out of float32's range: the first "
        "layers' gradient is exactly 0 (the ▼ markers), though in float64 the same net gives them a tiny nonzero "
        "gradient. No optimiser can learn from a gradient of exactly 0."
    ),
    "preset.vanishing.xavier_relu.name": "ReLU: Xavier halves the variance per layer, He keeps it",
    "preset.vanishing.xavier_relu.what": "In the derivation section: ReLU with Xavier init, whose Var(W) was derived for E[h²] ≈ Var(z). ReLU keeps only half of E[z²], so Var(z) halves from layer to layer (the metric and the falling line). Switch the init to He, whose Var(W) is twice Xavier's: the factor per layer becomes about one, and over all the layers Var(z) changes by less than a factor of ten instead of falling by decades.",
    "preset.vanishing.deeplearning_ai.name": "The deeplearning.ai initialisation exercise",
    "preset.vanishing.deeplearning_ai.what": (
        "In the last section, the course's comparison measured: ReLU hidden layers and a sigmoid output, with weights "
        "zero, N(0, σ²) with σ = {large:g} (the exercise's randn·{large:g}) and He, beside this section's constant, "
        "σ = {small:g} and Xavier. Here {depth} hidden layers of {width} units (the exercise's have {first} and {second}) "
        "train for {steps} steps of Adam (the exercise: plain gradient descent, thousands of iterations). As there, the zero "
        "net's loss stays at ln 2 = {chance:.4f}, the large init starts at a loss of {large_start:.3g} and He learns: loss "
        "{he_loss:.3f} after {steps} steps."
    ),
    "predict.vanishing.question": "At depth {depth} with {activation}, how much smaller is layer 1's gradient than layer {depth}'s? Guess a power of ten.",
    "predict.vanishing.answer": "Layer 1 receives **{ratio}** of layer {depth}'s gradient (measured by autograd for the current settings).",
    "predict.vanishing.train_answer": "The first layer's weights moved {first:.2g} (relative), the last layer's {last:.2g}.",
    "predict.vanishing.move.more": "Over {band:g}× more",
    "predict.vanishing.move.same": "About as far (within {band:g}×)",
    "predict.vanishing.move.less": "Over {band:g}× less",
    "predict.vanishing.train_question": "After {steps} steps of training, how far will the first of the {depth} layers' weights have moved next to the last layer's?",
    "predict.vanishing.sym_question": (
        "The constant net's gradients are not zero (see the chart). After {steps} steps of Adam, how many different units "
        "will each of its hidden layers of {width} have (units whose weights differ)?"
    ),
    "predict.vanishing.sym_features.one": "One: the others stay copies",
    "predict.vanishing.sym_features.few": "A few",
    "predict.vanishing.sym_features.all": "All {width}",
    "predict.vanishing.sym_answer": (
        "After {steps} steps every hidden layer of the constant net still has **{distinct} distinct unit(s) of {width}**: "
        "their rows of [W | b] differ by {spread:.1g} of their size (float64 rounding). Equal gradients gave equal steps."
    ),
    # --- exploding ---------------------------------------------------------------
    "exploding.title": "Exploding gradients",
    "exploding.intro": (
        "Hold a microphone near its speaker and a whisper becomes a howl: every pass through the loop **amplifies** "
        "the sound. In a deep network the gradient passes through one weight matrix per layer; if each one "
        "amplifies it, the product grows geometrically, and the layers **nearest the input**, furthest from the "
        "loss, receive the largest gradients. Activations do not cause this: their derivatives are at most about 1 "
        "(sigmoid's peak is {sigmoid:.3g}, tanh's {tanh:.3g}, ReLU's {relu:.3g}, GELU's {gelu:.3g}). The weights do."
    ),
    "exploding.net_header": "Explosion through depth",
    "exploding.net_kind": "Network",
    "exploding.kind.identity": "linear, W = w·I (exact: gain wᴸ)",
    "exploding.kind.gaussian_tanh": "tanh, W ~ N(0, w²/n) (mean field)",
    "exploding.kind.gaussian_relu": "ReLU, W ~ N(0, w²/n) (mean field)",
    "exploding.weight_scale": "Weight scale w",
    "exploding.flow_title": "Gradient reaching each layer, and the input",
    "exploding.flow_subtitle": "One backward pass at initialisation: RMS of dL/dz per layer, and of dL/dx at the input x",
    "exploding.layer_axis": "Layer (0 = the input x)",
    "exploding.flow_y": "RMS gradient (log scale)",
    "exploding.theory_power": "Theory: wᴸ⁻ⁱ",
    "exploding.theory_mf": "Mean-field theory",
    "exploding.metric_gain": "Gain from loss to input",
    "exploding.metric_gain_help": "‖dL/dx‖ ÷ ‖dL/dh_L‖: how much the gradient grew on its way from the last layer to the input, measured by autograd in float32.",
    "exploding.metric_theory": "Theory wᴸ",
    "exploding.exact": "Measured {measured} = {w}$^{{{depth}}}$ = {theory}: the product of {depth} identical factors, reproduced exactly by autograd in float32.",
    "exploding.matrix_header": "One matrix, applied again and again",
    "exploding.matrix_caption": "A recurrent net (or a deep linear net with tied weights) multiplies by the same W at every step. Edit W and the starting vector x.",
    "exploding.matrix_w": "Matrix W",
    "exploding.matrix_x": "Start vector x",
    "exploding.matrix_steps": "Powers k",
    "exploding.eigen": "Eigenvalues λ",
    "exploding.singular": "Singular values σ",
    "exploding.power_note": (
        "‖Wᵏx‖ grows like |λ_max|ᵏ in the long run (the spectral radius, for almost every x) and never faster than "
        "σ_maxᵏ‖x‖: σ_max is the most one multiplication can stretch a vector, |λ_max| the rate many multiplications "
        "settle to. They differ when W is not symmetric (more precisely, not normal)."
    ),
    "exploding.eigen_note": (
        "A popular article's matrix {matrix} has eigenvalues ({trace:g} ± √{disc:g})/2 ≈ {l1:.3f} and {l2:.3f}, not "
        "7 and 1 as the article claims, and singular values {s1:.3f} and {s2:.3f}. Its largest singular value is so close "
        "to its largest eigenvalue that its three curves almost coincide (the bound is never more than {spread:.3g}× the "
        "measurement): load it from *Presets*."
    ),
    "exploding.power_title": "‖Wᵏx‖ over k",
    "exploding.power_subtitle": "Measured in float64, with the growth rates theory predicts",
    "exploding.power_measured": "Measured ‖Wᵏx‖",
    "exploding.power_radius": "Theory: c·|λ_max|ᵏ (spectral radius)",
    "exploding.power_sigma": "Bound: σ_maxᵏ‖x‖",
    "exploding.power_y": "‖Wᵏx‖ (log scale)",
    "exploding.power_x": "k (number of multiplications)",
    "exploding.product_header": "Products of different random matrices",
    "exploding.product_caption": (
        "A deep net at initialisation multiplies by a different random matrix in every layer, W_L⋯W₁x; a recurrent net "
        "multiplies by one W at every time step, Wᵏx. Here both are n×n with entries N(0, σ²/n): the fresh ones redrawn "
        "at every step ({samples} independent products), the single one drawn once. Logarithms are added up step by step, "
        "so no product overflows."
    ),
    "exploding.product_n": "Matrix size n",
    "exploding.product_sigma": "Scale σ (entries N(0, σ²/n))",
    "exploding.product_steps": "Steps L",
    "exploding.product_draw": "Draw of the single W (seed)",
    "exploding.product_draw_help": "Another seed draws another W from the same distribution: its ρ(W) changes, λ₁ does not.",
    "exploding.metric_lyapunov": "λ₁ measured (fresh W each step)",
    "exploding.metric_lyapunov_help": "ln‖W_L⋯W₁x‖ ÷ L, averaged over the {samples} products: the growth per step, in natural log.",
    "exploding.metric_lyapunov_theory": "λ₁ theory (Newman 1986)",
    "exploding.metric_lyapunov_theory_help": (
        "λ₁ = ln(σ/√n) + ½[ln 2 + ψ(n/2)] for Gaussian entries (Cohen & Newman 1984; ψ is the digamma function): "
        "a property of the distribution, not of any one matrix."
    ),
    "exploding.metric_radius": "ρ(W) of the single W",
    "exploding.metric_radius_help": "The spectral radius |λ_max| of the one W: Wᵏx grows like ρ(W)ᵏ in the long run, by ln ρ(W) = {log_rho:.3f} per step.",
    "exploding.product_title": "log₁₀‖product · x‖ over the steps",
    "exploding.product_subtitle": "Fresh W each step: median and {low:.0%}–{high:.0%} band of {samples} products. One W repeated: a single product",
    "exploding.product_fresh": "Fresh W each step",
    "exploding.product_theory": "Theory λ₁",
    "exploding.product_single": "One W repeated",
    "exploding.product_radius": "Theory ln ρ(W)",
    "exploding.product_x": "Step k",
    "exploding.product_y": "log₁₀‖product · x‖",
    "exploding.product_zero": "The single W sent x to exactly 0 (Wᵏx = 0: W is nilpotent on x), so its line stops and has no growth rate. Draw another W.",
    "exploding.product_note": (
        "Fresh matrices: ln‖·‖ changed by {measured:.3f} per step; theory λ₁ = {lyapunov:.3f}, a factor exp(λ₁) = {growth:.3f} per "
        "step. The single W: ρ(W) = {rho:.3f}; over the last half of the steps its log changed by {slope:.3f} per step, "
        "against ln ρ(W) = {log_rho:.3f}."
    ),
    "exploding.product_point": (
        "**Eigenvalues are the story of one W.** At σ = {sigma_c:.3f} for n = {n}, where λ₁ = 0 and the product of fresh "
        "matrices neither grows nor shrinks, {share:.0%} of {draws:,} single draws of W have ρ(W) > 1, so their powers explode, "
        "and the rest ρ(W) < 1, so theirs vanish; their median ρ(W) is {median:.3f}. And σ = 1, which keeps "
        "E‖Wx‖² = ‖x‖², still gives λ₁ = {at_one:.3f} for n = {n}: the typical product shrinks. An RNN repeats one W_hh, so "
        "its eigenvalues (and singular values) decide; a feed-forward net draws a fresh W in every layer, and λ₁ decides, "
        "a property of the distribution its weights come from."
    ),
    "exploding.train_header": "When training overflows",
    "exploding.train_caption": (
        "A {depth}-layer tanh network, W ~ N(0, w²/n), trained with plain SGD on two spirals (squared-error loss) for "
        "{steps} steps: once without clipping, once with gradient-norm clipping at the threshold you set. Same seed, same "
        "data. Before its first step, this network's first layer receives {ratio}× the gradient of its last layer "
        "(RMS of dL/dz, for this loss and data)."
    ),
    "exploding.train_scale": "Weight scale w of this network",
    "exploding.train_scale_help": (
        "At w = {w:g} this network's first layer receives {ratio:.2g}× its last layer's gradient before any training "
        "step; from w ≈ {onset:.2g} on it receives more: the gradient grows through depth before training starts."
    ),
    "exploding.train_start": "Train both runs",
    "exploding.train_prompt": "**Predict first:** {question} Then press *Train both runs* (results are kept for these settings).",
    "exploding.run_plain": "No clipping",
    "exploding.run_clipped": "Clipped at {threshold}",
    "exploding.train_title": "Training loss",
    "exploding.train_subtitle": "Dashed: always predicting the mean. Lines are cut at the top of the axis; a labelled vertical line marks an overflow",
    "exploding.baseline": "always predicting {mean:g}: {mse:.3f}",
    "exploding.gnorm_title": "Gradient norm at each step",
    "exploding.gnorm_subtitle": "Before clipping; the dashed line is the clip threshold",
    "exploding.gnorm_y": "‖g‖ of all parameters, before clipping (log scale)",
    "exploding.threshold": "clip threshold {threshold}",
    "exploding.event": "**Overflow at step {step}** without clipping: {quantity} became inf/NaN, so training stopped there. With clipping, the run {clipped_outcome}.",
    "exploding.clipped_learned": "stayed finite for all {steps} steps and ended at loss {loss:.3g}, below the {baseline:.3f} of always predicting {mean:g}: it learned",
    "exploding.clipped_stuck": "stayed finite for all {steps} steps but ended at loss {loss:.3g}, not below the {baseline:.3f} of always predicting {mean:g}",
    "exploding.clipped_overflow": "also overflowed, at step {step}: clipping limits each step's length, but {steps} steps at this learning rate still diverge",
    "exploding.no_event": (
        "No overflow in {steps} steps without clipping: final loss {loss:.3g}, against {baseline:.3f} for always "
        "predicting {mean:g}. Raise the learning rate to make it overflow."
    ),
    "exploding.depth_vs_step": (
        "**Two different failures.** *Explosion through depth* is a property of the network at initialisation: "
        "with w = {w:g} and {depth} layers, the gradient at the input is {gain:,.0f} times the one at the output before "
        "any training step, whatever the learning rate. *Divergence* is a property of the step size: even with weights "
        "at the critical scale w = {train_w:g}, a learning rate that is too large makes the updates overshoot, and the "
        "loss climbs until it overflows. Clipping rescales the gradient the optimiser uses, so that no step is longer "
        "than learning rate × threshold; it leaves the backpropagated gradients as they are (the gradient-norm chart shows "
        "them before clipping). A smaller learning rate removes the cause of divergence; weights whose per-layer factor "
        "is near 1 remove explosion through depth."
    ),
    "exploding.notice": (
        "- At **w = {w:g}, depth {depth}** the gain is exactly {w:g}$^{{{depth}}}$ = {gain:,.0f}; at w = {small_w:g} the "
        "same product of {depth} factors vanishes ({small_gain:.3g}): one mechanism, two failures.\n"
        "- The **input and the first layers** get the largest gradients: explosion grows with distance from the loss, "
        "like vanishing.\n"
        "- In the matrix lab, ‖Wᵏx‖ grows like |λ_max|ᵏ in the long run and never faster than σ_maxᵏ‖x‖. The default "
        "W is not normal: |λ_max| = {lam:.3g} but σ_max = {sigma:.3g}; its first multiplication stretches x by "
        "{first_step:.3g}, and after {k} steps the σ_max bound is {gap:,.0f}× above the measurement.\n"
        "- Training at **w = {train_w:g}, learning rate {lr:g}** (the default): without clipping the loss climbs step "
        "after step until it **overflows**; with clipping at {tau:g} the same run stays finite and ends below the loss of "
        "always predicting the mean. That is divergence from the step size: at learning rate {safe_lr:g} neither run "
        "overflows.\n"
        "- Explosion through depth is another failure: at w = {deep_w:g} the gradient grows {deep_ratio:.3g}× toward the "
        "first layer before any step, yet at learning rate {safe_lr:g} it trains without overflow, to a lower loss than "
        "at w = {train_w:g}; at {risky_lr:g} both w = {train_w:g} and w = {deep_w:g} overflow."
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
    "preset.exploding.five_to_ten.name": "5¹⁰: ten linear layers of W = 5·I",
    "preset.exploding.five_to_ten.what": "Backpropagation multiplies by 5 ten times, and the metric shows what autograd measures in float32: exactly 5¹⁰. The leftmost point of the chart, the gradient at the input, is the same number.",
    "preset.exploding.half_to_ten.name": "0.5¹⁰: the same product, vanishing",
    "preset.exploding.half_to_ten.what": "The same net with W = 0.5·I: the same product of ten factors, each now below 1, so the gradient shrinks toward the input instead (the metric shows 0.5¹⁰). Explosion and vanishing are one mechanism, a product of per-layer factors, on either side of 1.",
    "preset.exploding.article_matrix.name": "A popular article's matrix",
    "preset.exploding.article_matrix.what": "W = [[2, 3], [4, 5]] and x = (1, 1), the example of a popular article, which gives its eigenvalues as 7 and 1. The metrics show the true ones; its largest singular value is so close to its largest eigenvalue that the three curves lie almost on top of each other.",
    "preset.exploding.newman.name": "{n}×{n} N(0, {variance:g}): λ₁ = {lam:.3f}",
    "preset.exploding.newman.what": (
        "Entries N(0, {variance:g}) (σ = {sigma:g} with n = {n}), Newman's example: the fresh product grows by λ₁ = {lam:.3f} "
        "per step in theory and {measured:.3f} measured, a factor exp(λ₁) = {growth:.3f} per step, less than the σ = {sigma:g} "
        "by which its root mean square grows (the logarithm is concave). Redraw the single W: its ρ(W) changes from draw to "
        "draw, λ₁ does not."
    ),
    "preset.exploding.divergence.name": "Divergence from the step size (Pascanu et al. 2013)",
    "preset.exploding.divergence.what": "The page's default: a tanh net at the critical scale w = 1 trained with SGD at learning rate 0.3. Without clipping the loss climbs step after step until it overflows; with gradient-norm clipping at 1 the same run stays finite and ends below the loss of always predicting the mean (Pascanu, Mikolov & Bengio 2013).",
    "preset.exploding.deep_explosion.name": "Explosion through depth is not divergence",
    "preset.exploding.deep_explosion.what": "A tanh net at w = 3, whose gradient grows toward the first layer before any step (the caption says how much), trained at learning rate 0.01: neither run overflows, and both end far below the loss of always predicting the mean. A gradient that grows through depth at initialisation and steps that diverge are different failures.",
    "predict.exploding.question": "With W = {w:g}·I and {depth} layers the gain is {gain}. If you halve w, by what factor does the gain fall?",
    "predict.exploding.answer": "Halving w halves each of the {depth} factors, so the gain falls by 2$^{{{depth}}}$ = {factor:,} to **{halved}**.",
    "predict.exploding.train_question": "Which run will overflow within {steps} steps: the one without clipping, the one clipped at {threshold}, both or neither?",
    "predict.exploding.outcome.plain": "Only the run without clipping",
    "predict.exploding.outcome.both": "Both runs",
    "predict.exploding.outcome.neither": "Neither run",
    "predict.exploding.outcome.clipped": "Only the clipped run",
    "predict.exploding.train_answer": "Measured: **{outcome}** overflowed.",
    # --- RNN vs LSTM/GRU ------------------------------------------------------------
    "rnn.title": "RNN vs LSTM / GRU",
    "rnn.intro": (
        "A recurrent network applies the **same** weights at every time step, so backpropagation through time "
        "multiplies the gradient by the same kind of Jacobian once per step back. Over a long sequence that is a "
        "product of as many factors as there are steps: it vanishes (the net forgets what happened long ago) or "
        "explodes. The gated cells, LSTM and GRU, add a path whose factor per step is a **gate** the network can hold "
        "open. At PyTorch's own init the gates start half open and a fresh LSTM or GRU forgets about as fast as the "
        "plain RNN; this page starts the LSTM's forget gate more open, as Jozefowicz et al. (2015) recommend, and the "
        "GRU's update gate likewise; a switch brings PyTorch's init back. What helps is that a gate can be set, or learn, to stay open."
    ),
    "rnn.cell.rnn": "tanh RNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
    "rnn.gate.lstm": "forget",
    "rnn.gate.gru": "update",
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
    "rnn.pytorch_biases": "PyTorch's biases",
    "rnn.pytorch_biases_help": (
        "On: PyTorch's own init. Every entry of b_ih and b_hh is drawn from U(−1/√H, 1/√H), so the gate biases are "
        "random and the gates start half open (forget_bias=None in core). Off: the two sliders below set the forget-gate "
        "and update-gate biases exactly (b_ih = the value, b_hh = 0): a bias of 0 is then exactly zero, which is not "
        "PyTorch's init."
    ),
    "rnn.forget_bias": "LSTM forget-gate bias",
    "rnn.forget_bias_help": (
        "b_f in f = σ(W_f x + U_f h + b_f), set exactly to this value (in core a number; None is PyTorch's random init, "
        "the switch above). {recommended:g} is the recommendation of Jozefowicz et al. (2015) "
        "and Keras's default."
    ),
    "rnn.update_bias": "GRU update-gate bias",
    "rnn.update_bias_help": "b_z in z = σ(…+ b_z), set exactly to this value; PyTorch's GRU computes h′ = (1 − z)·n + z·h, so a large z keeps the old state.",
    "rnn.no_cells": "Pick at least one cell to compare.",
    "rnn.flow_title": "Gradient reaching each earlier time step",
    "rnn.flow_subtitle": "‖dL/dhₜ‖: the Euclidean norm over the hidden units, RMS over the batch; the loss on the last step only (normalised to 1 there), one backward pass at initialisation",
    "rnn.steps_back": "Steps back from the loss",
    "rnn.grad_y": "‖dL/dhₜ‖ (log scale)",
    "rnn.grad_value": "‖dL/dhₜ‖",
    "rnn.bound": "Bound for the tanh RNN: σ_max(W_hh)ᵏ",
    "rnn.metric_back": "{cell}: {steps} steps back",
    "rnn.metric_sigma": "RNN σ_max(W_hh)",
    "rnn.metric_sigma_help": "Pascanu et al. (2013): with tanh (|tanh′| ≤ 1), σ_max < 1 is sufficient for the gradient to vanish; σ_max > 1 is necessary (not sufficient) for it to explode.",
    "rnn.sigma.below": "Below 1: the gradient must vanish.",
    "rnn.sigma.about": "About 1: the bound stays near 1, so the gradient cannot grow much, and need not vanish.",
    "rnn.sigma.above": "Above 1: the gradient may explode (it need not: the bound only allows it).",
    "rnn.per_step": "Average factor per step back over {steps} steps: {factors}.",
    "rnn.per_step_cell": "{cell} ×{factor:.3f}",
    "rnn.per_step_gated": "{cell} ×{factor:.3f} (mean {gate} gate {value:.2f})",
    "rnn.per_step_underflow": "{cell}: {underflow}",
    "rnn.race_header": "A training race on the adding problem",
    "rnn.race_caption": (
        "Each sequence holds random numbers in [0, 1] and two markers, one in each half; the target is the sum of the two "
        "marked numbers (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015). Predicting the constant 1 (the mean "
        "target) scores MSE = {fraction} ≈ {baseline:.3f}: a cell that goes clearly below has learned to carry a number "
        "across the sequence. Hidden size {hidden}, batch {batch}, a fresh batch every step; the cells use the recurrent "
        "init and gate biases set above."
    ),
    "rnn.race_seq_len": "Race sequence length",
    "rnn.race_steps": "Training steps",
    "rnn.race_start": "Start the race",
    "rnn.race_prompt": "**Predict first:** {question} Then press *Start the race* (the cells train one after another; results are kept for these settings).",
    "rnn.race_title": "Adding problem: loss during training",
    "rnn.race_subtitle": "Mean squared error per step (log scale); the dashed line is the constant-prediction baseline {fraction}",
    "rnn.race_y": "MSE (log scale)",
    "rnn.baseline": "baseline {fraction} (predict 1)",
    "rnn.outcome.solved": "Solved: {share:.1%} of the baseline.",
    "rnn.outcome.learning": "Partly learned: {share:.0%} of the baseline.",
    "rnn.outcome.stuck": "Stuck at the baseline ({share:.0%} of it).",
    "rnn.outcome.overflow": "Overflowed at step {step}.",
    "rnn.outcome_help": "Mean MSE of the last {window} steps. Solved: below {solved:.0%} of the baseline; stuck: above {stuck:.0%} of it.",
    "rnn.change": "Gradient at the first step: {before:.2g} at init, {after:.2g} trained (×{ratio:.3g}).",
    "rnn.change_gate": "Most open unit's mean {gate} gate: {gate_before:.2f} at init, {gate_after:.2f} trained.",
    "rnn.clip_title": "Gradient norm during training",
    "rnn.clip_subtitle": "‖g‖ of all parameters before clipping (solid or long dashes) and after (short dashes or dots)",
    "rnn.clip_y": "‖g‖ of all parameters (log scale)",
    "rnn.before_clip": "{cell}, before clipping",
    "rnn.after_clip": "{cell}, after clipping",
    "rnn.threshold": "threshold {threshold}",
    "rnn.after_title": "Gradient over time: at initialisation and after training",
    "rnn.after_subtitle": "‖dL/dhₜ‖ on the same sequences; short dashes or dots: at initialisation, solid or long dashes: after the race",
    "rnn.at_init": "{cell} at init",
    "rnn.trained": "{cell} trained",
    "rnn.notice": (
        "- At **PyTorch's default init** (switch on *PyTorch's biases*) the LSTM's forget gates average "
        "{pt_forget_gate:.2f}, so its cell path alone would lose {pt_cell_path_decades:.0f} orders of magnitude over "
        "{pt_steps} steps. The gradient also reaches hₜ through the gates, and falls by ×{pt_lstm_factor:.3f} per step on "
        "average; the tanh RNN's falls by ×{pt_rnn_factor:.3f}. Both lose about {pt_lstm_decades:.0f} orders "
        "({pt_lstm_far:.1e} and {pt_rnn_far:.1e}): a fresh LSTM does not beat the plain RNN.\n"
        "- This page starts the forget-gate bias at **{bias:g}** (Jozefowicz et al. 2015; Keras's default): the mean "
        "forget gate is {bias_gate:.2f} and the LSTM's gradient {pt_steps} steps back is {bias_far:.1e}, "
        "{bias_gained:.0f} orders more than at PyTorch's init. A bias of exactly 0 is not PyTorch's init either: "
        "{zero_far:.1e}. The GRU's update-gate bias does the same for the GRU.\n"
        "- For the tanh RNN the gradient always stays under the dashed σ_max(W_hh)ᵏ line, because |tanh′| ≤ 1: set "
        "the init to orthogonal with a scale below 1 to see the bound decay.\n"
        "- In the race, read the captions under each cell: a cell that learns the task carries more gradient to the "
        "first time step after training than at initialisation, and its most open unit's keep gate opens further; the "
        "plain RNN, which does not learn it, carries less."
    ),
    "rnn.math_bptt": "Backpropagation through time multiplies by one Jacobian per step back; for the tanh RNN hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b):",
    "rnn.math_lstm": "The LSTM's cell state is updated additively, so its Jacobian along the cell path is the forget gate (Hochreiter & Schmidhuber 1997; Gers et al. 2000):",
    "rnn.math_gru": "The GRU interpolates between the old state and a candidate with its update gate z (PyTorch's convention):",
    "rnn.reading": (
        "- Hochreiter & Schmidhuber (1997), *Long short-term memory*; Gers, Schmidhuber & Cummins (2000), *Learning to forget*.\n"
        "- Cho et al. (2014): the GRU.\n"
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*: the σ_max conditions and clipping.\n"
        "- Le, Jaitly & Hinton (2015), *A simple way to initialize recurrent networks of rectified linear units*: IRNN and the adding problem.\n"
        "- Jozefowicz, Zaremba & Sutskever (2015), *An empirical exploration of recurrent network architectures*: a forget-gate bias of one."
    ),
    "preset.rnn.pascanu.name": "Pascanu et al. 2013: σ_max(W_hh) = 0.9",
    "preset.rnn.pascanu.what": "A tanh RNN whose W_hh is orthogonal times 0.9: every singular value is σ_max, and the gradient k steps back stays below the dashed σ_maxᵏ line, as Pascanu, Mikolov & Bengio (2013) prove: σ_max < 1 is sufficient for vanishing.",
    "preset.rnn.irnn.name": "Le et al. 2015: identity recurrent weights (IRNN)",
    "preset.rnn.irnn.what": "W_hh = I, as in Le, Jaitly & Hinton (2015), who pair it with ReLU units. With tanh here, σ_max = 1, so the gradient decays only through tanh's saturation: far slower per step than at PyTorch's default init (the factor per step is under the chart).",
    "preset.rnn.pytorch_init.name": "PyTorch's default init: gates half open",
    "preset.rnn.pytorch_init.what": "PyTorch's own init, random gate biases: the gates start half open, and the LSTM and GRU lose about as many orders of magnitude as the tanh RNN. *What to notice* below explains why, with the numbers.",
    "preset.rnn.open_gates.name": "Gates held open: biases 3, length 200",
    "preset.rnn.open_gates.what": "Large forget-gate and update-gate biases hold the gates nearly open (their mean is under the chart): the LSTM's and GRU's gradients stay within a few orders of magnitude over the whole sequence while the tanh RNN's vanishes. This is what gates are for; in training they learn such settings.",
    "preset.rnn.race_long.name": "The adding problem at length 50",
    "preset.rnn.race_long.what": "A longer race than the default: press *Start the race*. The tanh RNN stays at the baseline while the LSTM and GRU solve the task; the captions under each cell compare its gradient at the first step before and after training.",
    "predict.rnn.question": "At these settings, which cell keeps the largest gradient {steps} steps back?",
    "predict.rnn.answer": "{ranking}. Per step back their gradients shrink on average by {factors}: a small difference per step compounds over {steps} steps into {gap} orders of magnitude between the first and the last. The more open a cell's keep gate, the slower its gradient fades.",
    "predict.rnn.gap_underflow": "more than {decades:.0f}",
    "predict.rnn.race_question": "Which cells will solve the adding problem within {steps} steps, ending with an MSE below {solved:.0%} of the baseline {fraction}? Pick any of them, or none.",
    "predict.rnn.race_answer": "Solved in this race (below {solved:.0%} of the baseline): **{cells}**.",
    # --- Residual blocks ---------------------------------------------------------
    "residual.title": "Residual blocks",
    "residual.intro": (
        "A residual block adds its input back to its output: **y = x + α·F(x)**. Backpropagation through it multiplies by "
        "**I + α·∂F/∂x** instead of ∂F/∂x, so the gradient always has a path to the early layers that is not a long product: "
        "the identity. Here F is the pre-activation branch of He et al. (2016): two weight layers, the last one linear with "
        "zero-mean weights, so the branch adds no positive mean to the signal (a branch ending in a ReLU would, at every "
        "block). The plain net is the same blocks, with the same weights, without "
        "the skip. The identity path cures vanishing, but the sum also grows: every branch adds its own variance, so the "
        "gradient grows toward the input unless α is small. This page measures both sides beside the law that predicts them."
    ),
    "residual.diagram_identity": "Identity shortcut: y = x + α·F(x)",
    "residual.diagram_projection": "Projection shortcut where the width changes (the first block of the training nets, whose inputs are points in the plane): y = W_s x + α·F(x)",
    "residual.diagram_caption": (
        "F is the pre-activation branch of He et al. (2016): [norm] → activation → Linear W → [norm] → activation → Linear V. "
        "The first block reads the data as it is (Linear W first). The plain net is the same blocks without the skip: y = F(x)."
    ),
    "residual.dot_input": "x",
    "residual.dot_branch": "F(x): [norm] → φ → W → [norm] → φ → V",
    "residual.dot_scale": "× α",
    "residual.dot_projection": "W_s x (Linear, no bias)",
    "residual.dot_identity": "identity",
    "residual.flow_header": "Plain and residual, the same weights",
    "residual.depth": "Depth (residual blocks)",
    "residual.depth_help": "Each block has two weight layers, W and V. The plain net has the same blocks without the skip.",
    "residual.alpha": "Branch scale α",
    "residual.alpha_help": (
        "y = x + α·F(x), α fixed. α = 1 is He et al.'s block. For ReLU the law grows by 1 + α²/4 per block, so a fixed "
        "α ≈ 1/√depth keeps the growth below {bound:.3f} at any depth (Hayou et al. 2021, Stable ResNet, scale branches so). "
        "SkipInit (De & Smith 2020) and ReZero (Bachlechner et al. 2020) instead multiply each branch by a trained scalar "
        "that starts at zero (SkipInit also allows a small start below 1/√depth): every block starts as the identity. "
        "Fixup (Zhang, Dauphin & Ma 2019) keeps a multiplier that starts at one, initialises each branch's last layer to "
        "zero and scales its other layers by L^(−1/(2m−2)), m layers per branch."
    ),
    "residual.alpha_hint": "For depth {depth}, 1/√depth ≈ {value:.3f}.",
    "residual.norm": "Normalisation in the branch",
    "norm.none": "none",
    "norm.batch": "BatchNorm",
    "norm.layer": "LayerNorm",
    "residual.net.plain": "Plain",
    "residual.net.residual": "Residual (α = {alpha:g})",
    "residual.theory.plain": "Plain: law (mean field)",
    "residual.theory.residual": "Residual: law (mean field)",
    "residual.metric_plain": "Plain: block 1 ÷ block {depth}",
    "residual.metric_residual": "Residual: block 1 ÷ block {depth}",
    "residual.metric_law": "Law: block 1 ÷ block {depth}",
    "residual.metric_help": (
        "RMS of dL/dh at block 1's output divided by that at the last block's output (over batch and units, at "
        "initialisation). Equal gradients give 1; far below is vanishing, far above is growth toward the input."
    ),
    "residual.metric_law_help": (
        "The mean-field law for this residual net (infinite width, no normalisation, theory.residual_profile): toward the "
        "input each block multiplies the mean-square gradient by 1 + α²χ, with χ computed from the activation "
        "(ReLU: χ = {relu_chi:g} exactly). A net of finite width scatters around it."
    ),
    "residual.law_none": "No law drawn: it assumes no normalisation (BatchNorm and LayerNorm rescale every block by the statistics of the batch or of the example).",
    "residual.theory_caption": "Dashed: the mean-field law (infinite width; theory, not a fit), anchored at the measured last block. A net of finite width scatters around it.",
    "residual.block": "Block (1 = nearest the input)",
    "residual.grad_axis": "RMS of dL/dh (log scale)",
    "residual.flow_title": "Gradient reaching each block: plain versus residual",
    "residual.flow_subtitle": "RMS of dL/dh_i at each block's output, at initialisation; same weights, the residual net adds identity skips",
    "residual.ln_header": "Transformers: Post-LN versus Pre-LN",
    "residual.ln_caption": (
        "A Transformer block has two residual branches, self-attention and a feed-forward net (FFN), each with a layer "
        "norm (LN). **Post-LN** (the original Transformer) normalises after each sum, x ← LN(x + F(x)); **Pre-LN** "
        "normalises inside the branch, x ← x + F(LN(x)), and once more after the last block. Both are PyTorch's "
        "nn.TransformerEncoderLayer (norm_first off / on; FFN width {ffn}·d, ReLU, no dropout) with Xavier-normal weights "
        "and zero biases. Input: {batch} sequences of {seq_len} random token embeddings; loss: cross-entropy of a fixed "
        "random readout against a random class per token ({classes} classes). Gradients at initialisation, averaged over {seeds} nets."
    ),
    "residual.ln_layers": "Blocks L",
    "residual.ln_d_model": "Model width d",
    "residual.ln_variant.post": "Post-LN",
    "residual.ln_variant.pre": "Pre-LN",
    "residual.ln_same": "About the same (within {band:g}×)",
    "residual.ln_metric_ratio": "{name}: block {layers} ÷ block 1",
    "residual.ln_metric_ratio_help": "The FFN weight gradient ‖∂L/∂W₂‖ of the last block over that of the first: below 1, the blocks near the output get less.",
    "residual.ln_metric_last": "Block {layers}: Post-LN ÷ Pre-LN",
    "residual.ln_metric_last_help": "The last block's FFN weight gradient in Post-LN over that in Pre-LN, same weights and inputs: how much larger Post-LN's first update near the output is at the same learning rate.",
    "residual.ln_theory": "{name}: theory ∝ 1/RMS(xₗ)",
    "residual.ln_title": "FFN weight gradient of each block: Post-LN versus Pre-LN",
    "residual.ln_subtitle": "‖∂L/∂W₂‖ (Frobenius) at initialisation, mean over {seeds} nets; dashed: ∝ 1/RMS of the block's output stream, anchored at the last block",
    "residual.ln_axis": "‖∂L/∂W₂‖ (log scale)",
    "residual.ln_why": (
        "Why: the loss sees the stream x only through a layer norm, which divides by its RMS. Post-LN renormalises the "
        "stream after every block (RMS 1), so its blocks' FFN gradients stay within {post_spread:.2f}× of each other. "
        "Pre-LN never does: every block adds its output, the stream's RMS reaches {rms:.2f} at the last block, and the "
        "gradient reaching block l falls like 1/RMS(xₗ) (dashed; the measured gradient × RMS stays within "
        "{law_spread:.2f}×), so its blocks' gradients spread over {pre_spread:.2f}×."
    ),
    "residual.ln_warmup": (
        "**Why Post-LN needs a warm-up.** Xiong et al. (2020, Theorem 1): at initialisation the gradient of the last "
        "block's FFN weights is O(d√(ln d)) in Post-LN, whatever the depth L, and O(d√(ln d / L)) in Pre-LN. Measured "
        "(d = {d_model}, {seeds} nets): from L = {short} to L = {long} blocks, Pre-LN's is divided by {pre:.2f} (the law's "
        "√{factor} = {sqrt:g}, reached as L grows; the stream's RMS grew {rms:.2f}×) and Post-LN's by {post:.2f}. Here, "
        "at L = {layers}, Post-LN's last block gets {last:.2f}× Pre-LN's gradient, so the same learning rate moves its "
        "weights {last:.2f}× as far in the first step of SGD. Xiong et al. found that Post-LN trains badly without a "
        "learning-rate warm-up (a rate that starts near zero and grows over the first steps), and that Pre-LN trains without one."
    ),
    "residual.verdict_off": (
        "**α = 0 switches every branch off.** The residual net is then the identity map: the gradient reaches block 1 "
        "unchanged ({ratio}), and the branches' weights receive no gradient at all (largest ‖dL/dW‖: {weight_grad:g}, "
        "exactly zero because α multiplies every branch, not a float underflow). ReZero and SkipInit start here with α "
        "a trained scalar per block: its own gradient dL/dα = Σ dL/dh · F(h) is not zero (RMS over the blocks "
        "{alpha_grad:.3g}), so α leaves zero at the first step and the branches start to learn."
    ),
    "residual.verdict_grows": "With skips the gradient **grows** {ratio} toward the input: every branch adds its own variance to the skip path. Lower α: try 1/√depth ≈ {value:.3f}.",
    "residual.verdict_flat": "With skips block 1's gradient is within {band:g}× of the last block's ({ratio}): the identity path carries it.",
    "residual.verdict_shrinks": "Even with skips the gradient shrinks to {ratio} toward the input here.",
    "residual.degradation_header": "The degradation experiment",
    "residual.degradation_caption": (
        "He et al. (2016) saw deeper plain networks train to a **higher** training error than shallower ones (plain-56 worse than "
        "plain-20 on CIFAR-10), although the deep net could copy the shallow one and set its extra layers to the identity. "
        "Their plain nets had BatchNorm and, as they checked, gradients of healthy size: the failure was not vanishing. "
        "Here: three nets of pre-activation blocks on two spirals, same seed, width {width}, Xavier-normal weights, no "
        "normalisation, Adam (learning rate {lr}), {steps} full-batch steps; the shallow plain net has {shallow} blocks. "
        "Under each run: its final loss, and block 1 ÷ last block of the gradient its first step received."
    ),
    "residual.deep_depth": "Deep depth (blocks)",
    "residual.run.shallow_plain": "Shallow plain ({depth} blocks)",
    "residual.run.deep_plain": "Deep plain ({depth} blocks)",
    "residual.run.deep_residual": "Deep residual ({depth} blocks, α = {alpha:g})",
    "residual.train_start": "Train the three nets",
    "residual.train_prompt": "**Predict first:** {question} Then press *Train the three nets*.",
    "residual.train_title": "Training loss: shallow plain, deep plain, deep residual",
    "residual.train_subtitle": "Binary cross-entropy on two spirals (log scale); chance level is ln 2 ≈ {chance:.3f}",
    "residual.run_caption": "Final loss. The gradient of the first step, block 1 ÷ block {depth}: {ratio}",
    "residual.notice": (
        "- **Sigmoid, depth {depth}, no skips**: the plain net's gradient falls to {sigmoid_plain:g} before block 1: it "
        "underflows float32 (the law predicts {sigmoid_law:.1e}). The same weights with identity skips: {sigmoid_residual:.3g}×, "
        "within {band:g}×.\n"
        "- **ReLU, no normalisation, α = 1**: the plain net's block 1 gets {relu_plain:.1e} of the last block's gradient, "
        "while the residual net's grows {relu_residual:.3g}× toward the input (law: {relu_law:.3g}×; a net of finite width "
        "scatters around it). With α = 1/√{depth} ≈ {scaled_alpha:.3f} it is {scaled_residual:.3g}× (law: {scaled_law:.3g}×), "
        "within {band:g}×.\n"
        "- **Degradation** (tanh): the {deep_depth}-block plain net stays near chance (ln 2 ≈ {chance:.3f}) while the "
        "{shallow_depth}-block one learns, and so does the {deep_depth}-block residual net, the same blocks with skips. The deep plain net's gradient "
        "did not vanish: at its first step block 1 received {deep_plain_gradient:.2g} of block {deep_depth}'s. Depth alone "
        "made the plain net harder to train, the degradation He et al. (2016) describe; skips let the deep net learn."
    ),
    "residual.math_block": "A pre-activation residual block (He et al. 2016) and its Jacobian, which has an identity term:",
    "residual.math_product": "Through L blocks the gradient is a product of such factors; expanded, it is a sum over all 2ᴸ paths, and the path that skips every block carries it unchanged:",
    "residual.math_variance": (
        "With ReLU, Var W = Var V = 1/n, zero biases and no normalisation, V is independent of h and has mean zero, so the "
        "branch adds to the mean square q with no cross term. ReLU halves the mean square twice inside the branch, so each "
        "block after the first multiplies q by 1 + α²/4 (the first reads the data, which is not halved: 1 + α²/2), and the "
        "mean-square gradient grows toward the input by the same factor per block (theory.relu_residual_growth; for sigmoid "
        "and tanh the dashed law is theory.residual_profile). So α = 1 grows exponentially with depth, while α = 1/√L keeps "
        "the law's RMS growth below e^(1/8) ≈ {bound:.3f} at any depth. At depth {depth}, width {width}, α = {alpha:g}: "
        "measured {measured:.3f}, law {law:.3f}; {seeds} nets of different seeds gave {low:.3f} to {high:.3f}, the scatter of a "
        "finite width:"
    ),
    "residual.reading": (
        "- He, Zhang, Ren & Sun (2016), *Deep residual learning for image recognition*; *Identity mappings in deep residual networks* (the pre-activation block used here).\n"
        "- Veit, Wilber & Belongie (2016), *Residual networks behave like ensembles of relatively shallow networks*: the sum over paths.\n"
        "- Balduzzi et al. (2017), *The shattered gradients problem*; Hayou et al. (2021), *Stable ResNet*: branches scaled by 1/√L.\n"
        "- De & Smith (2020), *Batch normalization biases residual blocks towards the identity function* (SkipInit: a trained branch scale "
        "that starts at zero or small); Bachlechner et al. (2020), *ReZero* (a trained scale that starts at zero); Zhang, Dauphin & Ma (2019), "
        "*Fixup initialization* (each branch's last layer starts at zero, its other layers scaled down)."
    ),
    "preset.residual.sigmoid_skips.name": "Sigmoid, depth 50: skips rescue the gradient",
    "preset.residual.sigmoid_skips.what": "Without skips the gradient underflows float32 before it reaches block 1 (the Plain metric says so); with identity skips the same weights keep block 1's gradient within 10× of the last block's, as the dashed law predicts.",
    "preset.residual.relu_skips.name": "ReLU, depth 50, α = 1: skips grow the gradient",
    "preset.residual.relu_skips.what": "With ReLU, no normalisation and α = 1 every branch adds its variance: the residual net's gradient grows toward the input far beyond 10×, as the dashed law (1 + α²/4 per block) predicts to within the scatter of a finite net, while the plain net's vanishes. Skips trade vanishing for growth unless the branch is scaled down.",
    "preset.residual.scaled_skips.name": "ReLU, depth 50, α ≈ 1/√50",
    "preset.residual.scaled_skips.what": "A fixed branch scale α ≈ 1/√depth (the Stable ResNet of Hayou et al. 2021) keeps block 1's gradient within 10× of the last block's: the law's growth stays below e^(1/8) at any depth. SkipInit and ReZero start lower still, at zero (the next preset).",
    "preset.residual.alpha_zero.name": "ReZero and SkipInit: α = 0",
    "preset.residual.alpha_zero.what": "α = 0 switches every branch off: the residual net is the identity and passes the gradient to block 1 unchanged, while the branches' weights get no gradient at all. ReZero and SkipInit start here with α trained: its gradient is not zero, so the branches come alive at the first step.",
    "preset.residual.degradation.name": "He et al. 2016: the degradation problem",
    "preset.residual.degradation.what": "Press *Train the three nets*: the 30-block plain tanh net stays near chance while the 4-block one learns, and so does the 30-block residual net, although the deep plain net's first-step gradient did not vanish (under each run). Deeper plain nets train worse (He et al. 2016, Fig. 1); skips let the deep net learn.",
    "preset.residual.xiong.name": "Xiong et al. 2020: {layers} blocks, Post-LN versus Pre-LN",
    "preset.residual.xiong.what": (
        "The deepest stack, {layers} blocks: Pre-LN's FFN gradient falls to {pre:.2f} of block 1's at the last block, "
        "like 1/RMS of its growing stream (RMS {rms:.2f}), while Post-LN's blocks stay within {post_spread:.2f}× of each "
        "other, so Post-LN's last block gets {last:.2f}× Pre-LN's gradient: the large early updates near the output that "
        "a learning-rate warm-up tames."
    ),
    "predict.residual.question": "With skips, will block 1's gradient stay within {band:g}× of block {depth}'s at these settings?",
    "predict.residual.answer": "Block 1 ÷ block {depth} with skips: **{ratio}**, {verdict}.",
    "predict.residual.train_answer": "Lowest final loss: **{net}**, {loss:.3g}.",
    "predict.residual.train_question": "Which net will reach the lowest training loss?",
    "predict.residual.yes": "within {band:g}×",
    "predict.residual.no": "outside {band:g}×",
    "predict.residual.law": " The mean-field law predicts {law}.",
    # --- Remedies --------------------------------------------------------------------
    "predict.residual.ln_question": "In a {layers}-block stack at initialisation, which gets the larger gradient on the last block's FFN weights, next to the output?",
    "predict.residual.ln_answer": "Block {layers}: Post-LN's gradient is **{last:.2f}×** Pre-LN's.",
    "remedies.title": "Remedies",
    "remedies.intro": (
        "Start from a **broken network**, a {depth}-layer sigmoid net with N(0, 1/n) weights trained by plain SGD, whose first "
        "layers receive almost no gradient (layer 1 gets {broken_ratio:.3g}× of layer {depth}'s), and switch the remedies on one "
        "at a time. Every chart compares the broken net with your version: same seed, same data. Some remedies change the "
        "gradient itself (activation, initialisation, normalisation, skips); others only change the step taken with it "
        "(clipping, optimiser, learning rate)."
    ),
    "remedies.fix_header": "Fix a broken network",
    "remedies.train_start": "Train both networks",
    "remedies.train_prompt": "**Predict first:** {question} Then press *Train both networks* (results are kept for these settings).",
    "remedies.reset": "Back to the broken network",
    "remedies.broken_caption": "Broken: {depth} layers, sigmoid, N(0, 1/n), no normalisation, no skips, SGD with learning rate {lr}, no clipping.",
    "remedies.residual": "Residual skips (α = 1/√depth)",
    "remedies.clipping": "Gradient-norm clipping at {threshold:g}",
    "remedies.run.broken": "Broken",
    "remedies.run.fixed": "Your version",
    "remedies.metric_ratio": "Layer 1 ÷ layer {depth}",
    "remedies.metric_ratio_help": "RMS gradient at the first hidden layer divided by that at the last, at initialisation. The change is in decades (powers of ten) relative to the broken net: green when your version is closer to 1, red when it is farther.",
    "remedies.metric_loss": "Final training loss",
    "remedies.metric_overflow": "overflow at step {step}",
    "remedies.delta_decades": "{value:+.1f} decades vs broken",
    "remedies.delta_points": "{value:+.0f} points vs broken",
    "remedies.metric_accuracy": "Final accuracy",
    "remedies.flow_title": "Gradient per layer at initialisation",
    "remedies.flow_subtitle": "RMS of dL/dz per layer: the broken net and your version, same seed",
    "remedies.same_gradient": "The gradient at initialisation is **identical** to the broken net's: clipping, the optimiser and the learning rate do not change the gradient, only the step taken with it. Compare the training curves instead.",
    "remedies.train_title": "Training loss: broken versus your version",
    "remedies.train_subtitle": "Binary cross-entropy on two spirals (log scale); chance level is ln 2 ≈ {chance:.3f}",
    "remedies.phase_header": "Order and chaos: a phase diagram",
    "remedies.phase_start": "Measure the phase diagram",
    "remedies.phase_prompt": "**Predict first:** {question} Then press *Measure the phase diagram* ({nets} networks; results are kept for these settings).",
    "remedies.phase_caption": (
        "Each cell is a {depth}-layer {activation} net of width {width} with W ~ N(0, σ_w²/n) and b ~ N(0, σ_b²), "
        "coloured by the **measured** log₁₀ of layer 1's gradient over layer {depth}'s (one seed). Blue: it shrinks "
        "toward the input; orange: it grows. Two theory lines (mean-field theory: Poole et al. 2016; Schoenholz et al. 2017): "
        "dashed, χ₁ = 1, the edge of chaos, where an infinitely deep net's gradient neither vanishes nor explodes "
        "exponentially; solid, where theory predicts that a {depth}-layer net passes layer 1 exactly layer {depth}'s gradient."
    ),
    "remedies.phase_finding_apart": (
        "At σ_b = 0 the measured colour changes sign at σ_w ≈ {measured:.2f}, near the solid finite-depth line ({finite:.2f}), "
        "not on χ₁ = 1 ({critical:.2f}): on χ₁ = 1 itself layer 1 still gets only {on_line:.2g}× layer {depth}'s gradient "
        "(theory {on_line_theory:.2g}×). χ₁ is the factor per layer once the variance q of the pre-activations has settled at "
        "its fixed point q*; at σ_b = 0 that is q* = {q_star:g}, approached only like 1/n, so a finite net never gets there. With more "
        "bias the two lines draw together: σ_w = {finite_top:.2f} against {critical_top:.2f} at σ_b = {sigma_b_top:g}."
    ),
    "remedies.phase_finding_same": (
        "For this activation E[φ′²] = {phi_slope:g} at every q, so χ₁ = {phi_slope:g} σ_w² at every layer and the two theory lines coincide at "
        "σ_w = {critical:.3f} for every depth. The measured colour changes sign between σ_w = {measured_low:.2f} and "
        "{measured_high:.2f} across σ_b (one net of width {width} per cell); on the line at σ_b = 0, layer 1 gets "
        "{on_line:.2g}× layer {depth}'s gradient (theory {on_line_theory:.2g}×)."
    ),
    "remedies.phase_activation": "Activation",
    "remedies.phase_depth": "Depth",
    "remedies.phase_title": "Measured gradient ratio over (σ_w, σ_b)",
    "remedies.phase_subtitle": "log₁₀(RMS dL/dz at layer 1 ÷ at the last layer); dashed: theory's χ₁ = 1; solid: theory for depth {depth}",
    "remedies.phase_x": "σ_w (weight scale)",
    "remedies.phase_y": "σ_b (bias scale)",
    "remedies.phase_color": "log₁₀ ratio",
    "remedies.phase_theory": "theory log₁₀ ratio",
    "remedies.phase_boundary": "Theory: χ₁ = 1 (edge of chaos)",
    "remedies.phase_finite": "Theory, depth {depth}: layer 1 = layer {depth}",
    "remedies.phase_agreement": "Measured and theory agree within {error:.2f} decades on average over the grid (largest gap {worst:.2f}).",
    "remedies.table_header": "Which remedy addresses which failure",
    "remedies.table": (
        "| Remedy | What it fixes | How | What it does **not** do |\n"
        "|---|---|---|---|\n"
        "| ReLU-family activations | vanishing from small derivatives: sigmoid′ ≤ {sigmoid_peak:g}, so even unsaturated sigmoid layers shrink the gradient | φ′ = {relu_peak:g} wherever the unit is active | Alone they do not set χ₁ = 1 (see the next row). And large activation derivatives are not what makes gradients explode: tanh′ ≤ {tanh_peak:g}, ReLU′ is {relu_low:g} or {relu_peak:g}, and even GELU′ peaks at only {gelu_peak:.3g}. Explosion comes from the weights. |\n"
        "| Xavier / He / orthogonal init | vanishing and explosion through depth | sets the per-layer factor to χ₁ = 1 at the start, **if it matches the activation**: He for ReLU (χ₁ = {he_relu:.3g}), Xavier or orthogonal for tanh (χ₁ = {xavier_tanh:.3g}) | A mismatch does not: ReLU with Xavier has χ₁ = {xavier_relu:.3g} (measured on this page's net: {xavier_relu_measured:.2f} per layer), sigmoid with Xavier {xavier_sigmoid:.2g}. Even on χ₁ = 1 a finite net's gradient can shrink: tanh with Xavier passes layer 1 only {xavier_tanh_ratio:.2g}× layer {depth}'s gradient here (theory {xavier_tanh_theory:.2g}×; the phase diagram shows why). And no init keeps χ₁ = 1 during training. |\n"
        "| BatchNorm / LayerNorm | drifting activation scales | re-centres and re-scales every layer | BatchNorm alone does not prevent explosion in deep plain ReLU nets: at initialisation the squared gradient grows {bn_growth:.2f}× per layer toward the input at this page's batch of {batch} (measured on {bn_depth}-layer nets of width {bn_width}), and {bn_limit:.3f}× = π/(π − 1) in the large-batch limit (Yang et al. 2019). |\n"
        "| Residual skips | vanishing through depth; degradation | an identity term in every layer's Jacobian | With ReLU and no normalisation, skips at α = 1 make the gradient grow toward the input ({residual_growth:.3g}× from layer {depth} to layer 1 with He init); scale the branch: α = 1/√depth gives {scaled_growth:.3g}×. |\n"
        "| Gradient clipping | exploding updates | rescales g so that ‖g‖ ≤ τ | It scales every layer's gradient by the same factor, so it cannot lift the first layers' share of a vanishing gradient. |\n"
        "| Adam, RMSProp, momentum | badly scaled or noisy steps | rescale or average the steps | They change the **step**, not the gradient: the gradient flow chart above does not move when you switch the optimiser. Adam divides each step by √v + ε (ε = {adam_eps:g}): a gradient far below ε, like the broken net's first layer's ({broken_first_grad:.2g}), still gives almost no step, and one that underflowed to exactly 0 gives none. |\n"
        "| Smaller learning rate | divergence (loss grows step after step) | smaller steps | It does not fix a gradient that vanishes at initialisation. |"
    ),
    "remedies.notice": (
        "- Switch **activation to ReLU** alone: layer 1 ÷ layer {depth} rises from {broken_ratio:.3g} to {relu_ratio:.3g}, but with "
        "N(0, 1/n) weights the ReLU net still halves the squared gradient per layer (χ₁ = σ_w²/2 = {xavier_relu:.3g}); add **He init** "
        "(σ_w² = {he_sigma_w2:g}, χ₁ = {he_relu:.3g}) and it becomes {he_ratio:.3g}.\n"
        "- Switch only the **optimiser** to Adam: the gradient chart does not change at all, and the broken net still does not "
        "learn: its first layer's gradient ({broken_first_grad:.2g}) is far below Adam's ε = {adam_eps:g}, so those weights do not move at all.\n"
        "- Switch on **BatchNorm** alone, sigmoid kept: layer 1 ÷ layer {depth} becomes {bn_ratio:.3g}. BatchNorm rescales every "
        "unit's pre-activation to unit spread over the batch, and backprop multiplies the gradient by the same factor.\n"
        "- In the phase diagram (tanh, σ_b = 0, depth {phase_depth}), the χ₁ = 1 line is at σ_w = {critical:.2f}, yet there layer 1 "
        "still gets only {on_line:.2g}× the last layer's gradient (theory {on_line_theory:.2g}×); theory for this depth puts the "
        "change of colour at σ_w = {finite:.2f}. Near the edge of chaos the gradient changes slowly with depth: good "
        "initialisations sit close to it."
    ),
    "remedies.math_chi": "Mean-field theory: once the pre-activations' variance has settled at its fixed point q*, the squared gradient is multiplied by χ₁ per layer; χ₁ = 1 is the edge of chaos:",
    "remedies.math_he": "For ReLU, E[φ′(z)²] = ½ at every q, so χ₁ = σ_w²/2: He init (σ_w² = {he_sigma_w2:g}) is exactly critical; Xavier (σ_w² = {xavier_sigma_w2:g}) halves it per layer:",
    "remedies.math_adam": "Adam's step is a ratio of running averages of the gradient: it rescales the step, a gradient far below ε gives a step far below η, and a gradient of exactly 0 gives no step at all:",
    "remedies.reading": (
        "- Glorot & Bengio (2010); He et al. (2015), *Delving deep into rectifiers*; Saxe, McClelland & Ganguli (2014): orthogonal init.\n"
        "- Ioffe & Szegedy (2015), BatchNorm; Ba, Kiros & Hinton (2016), LayerNorm; Yang et al. (2019), *A mean field theory of batch normalization*.\n"
        "- He et al. (2016), residual networks; Pascanu, Mikolov & Bengio (2013), clipping; Kingma & Ba (2015), Adam.\n"
        "- Poole et al. (2016); Schoenholz et al. (2017), *Deep information propagation*: the order-to-chaos phase diagram.\n"
        "- Pennington, Schoenholz & Ganguli (2017), *Resurrecting the sigmoid in deep learning through dynamical isometry*: dynamical isometry."
    ),
    "preset.remedies.he_fix.name": "ReLU + He init (He et al. 2015)",
    "preset.remedies.he_fix.what": "Two switches: ReLU instead of sigmoid, He init instead of N(0, 1/n). The gradient reaches layer 1 again: layer 1 ÷ layer {depth} goes from {broken_ratio:.3g} to {he_ratio:.3g}. Train both: the broken net's loss stays at chance (ln 2), this one's goes below it, unsteadily, with plain SGD at learning rate {lr}.",
    "preset.remedies.adam_only.name": "Adam alone: the gradient does not change",
    "preset.remedies.adam_only.what": "Only the optimiser changes: Adam, with its own learning rate {adam_lr} instead of SGD's {lr}. The gradient chart is identical to the broken net's: the optimiser acts after the gradient is computed. Train both: Adam's loss stays at chance too. The first layer's gradient ({broken_first_grad:.2g}) is far below Adam's ε = {adam_eps:g}, so its weights do not move at all; the last layers do move, but the input barely reaches them: over the spiral points, layer {depth}'s activations vary by only {broken_spread:.1g} of their size. Adam rescales the step; it does not repair the gradient.",
    "preset.remedies.batchnorm.name": "BatchNorm alone",
    "preset.remedies.batchnorm.what": "Only BatchNorm, sigmoid kept: layer 1 ÷ layer {depth} goes from {broken_ratio:.3g} to {bn_ratio:.3g}. BatchNorm rescales each unit's pre-activation to unit spread over the batch, and backprop multiplies the gradient by the same factor: the squared gradient is now multiplied by {bn_factor:.2f} per layer instead of {broken_factor:.2g}. Train both: the loss falls below the broken net's.",
    "preset.remedies.everything.name": "Everything on",
    "preset.remedies.everything.what": "ReLU, He init, BatchNorm, scaled skips (α = {alpha:.2f}) and Adam at learning rate {adam_lr} together: layer 1 ÷ layer {depth} is {everything_ratio:.3g}, so every layer gets a gradient, and once trained the net fits the spirals: its loss ends far below the broken net's.",
    "predict.remedies.question": "Switch the optimiser from SGD to Adam: will the gradient chart change?",
    "predict.remedies.answer": "The gradient chart does not change: the gradient at initialisation is computed before any step, so the optimiser cannot change it; layer 1 ÷ layer {depth} is {ratio} with either. Adam changes the step taken with it.",
    "predict.remedies.train_question": "With these remedies, will your version's loss after {steps} steps end below the broken network's?",
    "predict.remedies.train_answer": "After {steps} steps your version's loss is **{loss:.3g}**, the broken network's **{broken:.3g}**.",
    "predict.remedies.train_overflow": "Your version's loss overflowed at step {step}; the broken network's ended at **{broken:.3g}**.",
    "predict.remedies.phase_question": "On the bottom row of the grid (σ_b = {sigma_b:g}), at which σ_w does layer 1 of the {depth}-layer net get as much gradient as layer {depth}, so that the gradient neither vanishes nor explodes?",
    "predict.remedies.phase_range": "σ_w {low:g} to {high:g}",
    "predict.remedies.phase_answer": "Measured: at σ_b = {sigma_b:g} the colour changes sign at σ_w ≈ {measured:.2f}; below it layer 1 gets less gradient than layer {depth}, above it more.",
    "predict.remedies.phase_nowhere": "Measured: at σ_b = {sigma_b:g} the colour changes sign nowhere on the grid.",
    "remedies.iso_header": "Dynamical isometry: every singular value near 1",
    "remedies.iso_caption": (
        "J = ∂h_L/∂h₀ = D_L W_L ⋯ D₁W₁ (D_l = diag φ′(z_l)) carries every gradient from the output back to the input; its "
        "singular values σ are the gains of all directions at once, and λ = σ² are the eigenvalues of JJᵀ. χ₁ = 1 only fixes "
        "their mean E[λ]. Every net is at criticality, one input, float64: tanh at σ_w = {tanh_w:.4f}, σ_b = {tanh_b:.4f}, the "
        "point of the χ₁ = 1 line (χ₁ = {tanh_chi:.3f}) whose fixed point is q* = {q_star:.4g}, with the input at q*; ReLU with "
        "He init (σ_w² = {relu_w2:g}, σ_b = 0); linear units with σ_w = 1. The weights are Gaussian N(0, σ_w²/n) or an "
        "orthogonal matrix times σ_w (Pennington, Schoenholz & Ganguli 2017)."
    ),
    "remedies.iso_metric_normal": "Var λ, Gaussian W",
    "remedies.iso_metric_orthogonal": "Var λ, orthogonal W",
    "remedies.iso_metric_help": "The variance of λ = σ² over J's singular values, measured on this one draw of the net: an exact isometry has none.",
    "remedies.iso_metric_theory": "Theory (wide net)",
    "remedies.iso_metric_theory_help": (
        "Var λ of the net on the left in the limit of infinite width, from free probability (Pennington et al. 2017): Var λ / E[λ]² adds up μ₂/μ₁² − 1 over the layers, with "
        "μ₁ = E[φ′²] and μ₂ = E[φ′⁴] at each layer's pre-activation variance, plus {gaussian_excess:g} per layer for "
        "Gaussian weights (the spread of WWᵀ's eigenvalues) and nothing for orthogonal ones. Linear units: Var λ = L with "
        "Gaussian weights (the Fuss–Catalan law of a product of L Gaussian matrices), none with orthogonal ones. The theory "
        "averages over draws; the metric on the left is one draw. With Gaussian weights it is set by the few largest λ and "
        "jumps from draw to draw: where the depth is small next to the width it lands near the theory, but once the depth is a "
        "sizeable fraction of the width most draws fall well below it and a rare one lands far above."
    ),
    "remedies.iso_gaussian": "Gaussian W",
    "remedies.iso_orthogonal": "Orthogonal W",
    "remedies.iso_title": "The singular values of J at depth {depth}",
    "remedies.iso_subtitle": "{activation}, width {width}, one input; sorted, largest first. Shaded: σ within [{band_low:g}, {band_high:g}]; a flat line at σ = 1 is an isometry",
    "remedies.iso_x": "Rank (largest first)",
    "remedies.iso_y": "Singular value σ (log scale)",
    "remedies.iso_series": "Weights",
    "remedies.iso_unresolved": "Below float64's resolution (σ_max · n · ε): indistinguishable from 0",
    "remedies.iso_below": "below {floor:.1g}",
    "remedies.iso_note": (
        "Gaussian: σ from {g_min} to {g_max:.3g}, {g_within:.0%} within [{band_low:g}, {band_high:g}], E[λ] = {g_mean:.3f}. "
        "Orthogonal: σ from {o_min} to {o_max:.3g}, {o_within:.0%} within, E[λ] = {o_mean:.3f}. Theory's E[λ] is "
        "{theory_mean:.3f} for both: criticality fixes the mean, the weights decide the spread."
    ),
    "remedies.iso_point": (
        "**Criticality fixes the mean; orthogonal weights keep the spread small.** At depth {iso_depth} and width {iso_width}, "
        "tanh at criticality with orthogonal weights keeps {tanh_orth_within:.0%} of J's singular values within "
        "[{band_low:g}, {band_high:g}] (Var λ = {tanh_orth_var:.3f}; theory {tanh_orth_theory:.3f}); with Gaussian weights, "
        "{tanh_gauss_within:.0%} (Var λ = {tanh_gauss_var:.3g}; theory {tanh_gauss_theory:.3g}). Free probability says why: "
        "every layer adds μ₂/μ₁² − 1 to Var λ / E[λ]² through φ′, and a Gaussian W adds {gaussian_excess:g} more, so with "
        "Gaussian weights the spread grows in proportion to depth whatever the activation. tanh near its small fixed point is "
        "almost linear and adds only {tanh_excess:.4f} per layer; ReLU switches about half its units off and adds "
        "{relu_excess:g} per layer even with orthogonal weights (Var λ = {relu_orth_var:.3g} at this depth, "
        "{relu_orth_within:.0%} within the band). With every σ near 1, the error's every direction reaches the input with its "
        "size kept, so no direction of the weights learns orders of magnitude slower than another; Pennington et al. (2017) "
        "report that deep tanh nets initialised this way learn much faster than Gaussian-initialised or ReLU nets."
    ),
    "predict.remedies.iso_question": (
        "{activation} at criticality, depth {depth}: which weights keep more than half of J's singular values within "
        "[{band_low:g}, {band_high:g}]?"
    ),
    "predict.remedies.iso_normal": "Gaussian",
    "predict.remedies.iso_orthogonal": "Orthogonal",
    "predict.remedies.iso_both": "Both",
    "predict.remedies.iso_neither": "Neither",
    "predict.remedies.iso_answer": "At depth {depth}, {gauss:.0%} of the Gaussian net's singular values and {orth:.0%} of the orthogonal net's lie within [{band_low:g}, {band_high:g}].",
    "preset.remedies.isometry_deep.name": "Dynamical isometry at depth {deep_depth} (Pennington et al. 2017)",
    "preset.remedies.isometry_deep.what": (
        "tanh at criticality, {deep_depth} layers of {deep_width} units: orthogonal weights keep {deep_orth_within:.0%} of J's "
        "singular values within [{band_low:g}, {band_high:g}] (σ from {deep_orth_min:.2g} to {deep_orth_max:.3g}); Gaussian "
        "weights {deep_gauss_within:.0%}, their largest σ {deep_gauss_max:.3g}. Switch to ReLU: then neither init keeps more "
        "than {relu_deep_within:.0%} within the band."
    ),
    "frame.presets": "Presets",
    # --- home: myths; frame: predict, notebook ---------------------------------------------------------
    "home.myths": "Myths, disproved live",
    "home.myths_caption": "Claims found in popular articles on this topic, each checked by a computation that runs as this page loads.",
    "myth.eigen.claim": "“The eigenvalues of {matrix} are {claimed_1:g} and {claimed_2:g}.”",
    "myth.eigen.fact": "Computed: {lambda_1:.4f} and {lambda_2:.4f}. Eigenvalues add up to the trace ({trace:g}) and multiply to the determinant ({det:g}); {claimed_1:g} and {claimed_2:g} give {claimed_sum:g} and {claimed_product:g}. Its singular values, the largest and the smallest stretch of one multiplication, are {sigma_1:.4f} and {sigma_2:.4f}.",
    "myth.later.claim": "“Exploding gradients happen in the later layers.”",
    "myth.later.fact": "The gradient grows on its way to the input, one factor per layer: with W = {weight:g}·I over {depth} layers, ∂L/∂h is {last_grad:,.0f} at the last layer and {input_grad:,.0f} at the input. The weight gradient ∂L/∂Wᵢ = δᵢ hᵢ₋₁ᵀ (δ = ∂L/∂z) also carries the forward signal h, which in this net grows toward the output as fast as δ shrinks: ‖∂L/∂Wᵢ‖ is the same at all {depth} layers (largest ÷ smallest = {weight_grad_spread:.6f}). In a tanh net in the chaotic phase (σ_w = {chaotic_sigma_w:g}) h saturates instead, and ‖∂L/∂Wᵢ‖ grows {chaotic_weight_growth:.3g}× from the last layer to the first. In neither are the later layers hit hardest.",
    "myth.derivative.claim": "“Activations whose derivative exceeds 1 cause explosion.”",
    "myth.derivative.fact": "Largest derivatives, computed: {values}. Only {above} exceeds 1, by {excess:.0%}. But what scales the squared gradient per layer is σ_w²·E[φ′(z)²] over the layer's Gaussian pre-activations z, and E[φ′²] is at most {largest_mean_square:.3g} for all of these at any variance from {q_low:g} to {q_high:g} ({above}: at most {above_mean_square:.2f}). So the factor exceeds 1 only when σ_w is large enough: explosion comes from the weights.",
    "myth.tanh.claim": "“tanh′(x) = tanh(x)(1 − tanh(x)), and it approaches 1 for large inputs.”",
    "myth.tanh.fact": "Autograd gives tanh′({x:g}) = {autograd:.4f}, which is 1 − tanh²({x:g}) = {correct:.4f}, not tanh(1 − tanh) = {wrong:.4f}. It is largest at z = {peak_z:g}, where it equals {peak:g}, and falls toward zero for large inputs (saturation): tanh′({far:g}) = {autograd_far:.2e}.",
    "myth.saturation.claim": "“Saturated sigmoid/tanh units cause exploding gradients.”",
    "myth.saturation.fact": "Neither saturation nor its absence decides; the per-layer factor χ₁ = σ_w²·E[φ′(z)²] of the squared gradient does. Two {depth}-layer nets without biases: sigmoid at σ_w = {sigmoid_sigma_w:g} has {sigmoid_saturated:.0%} of units saturated, yet φ′ ≤ {sigmoid_peak:g} keeps χ₁ at {sigmoid_chi:.3f}, and the first layer's ∂L/∂z is {sigmoid_ratio:.2g}× the last layer's: vanishing without saturation. tanh at σ_w = {tanh_sigma_w:g} has {tanh_saturated:.0%} of units saturated, which lowers E[φ′²] to {tanh_mean_square:.2f}, but σ_w² = {tanh_sigma_w_squared:g} lifts χ₁ to {tanh_chi:.2f}, and ∂L/∂z grows {tanh_ratio:.3g}× from the last layer to the first: saturation and explosion together, both from the large weights.",
    "myth.adam.claim": "“Adam or momentum keep the gradient itself under control.”",
    "myth.adam.fact": "They change the step, not the gradient that backpropagation delivers. A {depth}-layer sigmoid net after {steps} training steps at learning rate {lr:g}: the first layer's gradient (RMS per weight) is {sgd_grad_first:.2g} with SGD and {adam_grad_first:.2g} with Adam, {sgd_fraction:.2g} and {adam_fraction:.2g} of the last layer's: vanishing under both. What Adam normalises is each weight's step, dividing by the gradient's own running scale: the first layer's weights move {adam_step_first:.2g} per step, near the learning rate and more than the last layer's ({adam_step_last:.2g}). With SGD they move {sgd_step_first:.2g} per step and with momentum {momentum_step_first:.2g}, in proportion to their gradient. Clipping acts after backpropagation too: it scales every layer's gradient by the same factor, so the first layer's stays as small next to the last layer's.",
    "frame.predict": "Predict, then reveal",
    "frame.notebook": "Reproduce in a notebook",
    "frame.notebook_help": "This code recomputes the chart above for the current settings with the lab's own library (run it from the repository's root; `pip install -r requirements.txt`). `grad_norm` holds the plotted values.",
    "predict.your_guess": "Your guess",
    "predict.reveal": "Lock in my guess and reveal",
    "predict.pick_first": "Pick an answer first: the measurement is revealed after your guess.",
    "predict.hidden": "The numbers that answer this stay hidden until you commit a guess (lecturers: *Skip predictions* in the sidebar).",
    "predict.you_said": "You guessed **{guess}**.",
    "predict.again": "Ask me again",
    "predict.none": "none of them",
    "predict.yes": "Yes",
    "predict.no": "No",
    "frame.skip_predictions": "Skip predictions",
    "frame.skip_predictions_help": "Show every answer at once, without asking first: for a lecturer who has already asked the room.",
    "nav.lesson": "Lesson",
    "lesson.page_title": "Teach a class",
    "lesson.page_intro": "A lesson runs a class across the lab's pages, one step at a time: each step opens a page with its controls set, states the takeaway, what to say, the prediction to put to the room and what to notice, with the numbers for the board computed at those settings. Keys: → or PageDown for the next step, ← or PageUp for the previous one (a presenter's clicker sends these). The step is in the address, so students can follow on their own devices.",
    "lesson.steps": "{count} steps",
    "lesson.start": "Start the lesson",
    "lesson.finished": "End of the lesson “{title}”.",
    "lesson.step": "Step {k} of {n}",
    "lesson.previous": "Previous",
    "lesson.next": "Next",
    "lesson.end": "End",
    "lesson.say": "Say:",
    "lesson.ask": "Ask the room:",
    "lesson.notice": "Notice:",
    "lesson.board_item": "{label}: **{value}**",
    "lesson.board": "On the board:",
    "lesson.reveal": "The answer: takeaway and numbers for the board",
    "lesson.keys": "→ / PageDown next · ← / PageUp previous",
    "lesson.no_step": "The lesson “{title}” has no step {step}: open step one from the Lesson page.",
    "lesson.bad_board": "{where}: the board's numbers cannot be computed at this step's state: {problem}",
    "lesson.bad_state": "{where}: the {page} page did not take this step's state as written. {report}",
    "lesson.add": "Add to lesson",
    "lesson.add_help": "Adds this page, with the settings its Link carries now, as the next step of *my lesson* (kept in this browser session). Run, reorder, download or print it on the Lesson page.",
    "lesson.add_title": "Title (optional)",
    "lesson.add_title_placeholder": "{page}, as it is now",
    "lesson.add_say": "What to say (optional)",
    "lesson.add_ask": "Question for the room (optional)",
    "lesson.add_button": "Add this screen",
    "lesson.full": "My lesson has {count} steps, the most a lesson may have: remove one on the Lesson page first.",
    "lesson.added": "Added as step {k} of my lesson.",
    "lesson.open_index": "Open the Lesson page",
    "lesson.mine": "My lesson",
    "lesson.mine_intro": "Screens you added with *Add to lesson* on a lab page, or the lesson file you uploaded.",
    "lesson.mine_empty": "No screens yet: on any lab page, set it up and press *Add to lesson* → *Add this screen*; or upload a lesson file below.",
    "lesson.session_note": "This lesson lives in this browser session only, not in any address: a step's Link carries only its page's settings. Download it to keep it or to share it.",
    "lesson.session_badge": "kept in this session only, not in the address",
    "lesson.mine_step": "**{k}.** {page}",
    "lesson.default_settings": "the page's defaults",
    "lesson.up": "Move up",
    "lesson.down": "Move down",
    "lesson.remove": "Remove",
    "lesson.clear": "Clear my lesson",
    "lesson.start_mine": "Run my lesson",
    "lesson.download": "Lesson file (.toml)",
    "lesson.handout_md": "Handout (Markdown)",
    "lesson.handout_html": "Printable handout (HTML)",
    "lesson.handout_help": "Each step's question with room for a prediction; the answers, with the board's numbers computed at each step's settings, start on a new page.",
    "lesson.upload": "Upload a lesson file (.toml)",
    "lesson.upload_help": "A file downloaded here, or one written like lessons/intro.toml; at most {kb} KB. It becomes this session's lesson.",
    "lesson.uploaded": "Loaded “{title}”, {count} steps, as my lesson.",
    "handout.intro": "Before each screen is shown, write down what you expect. The answers, computed by the lab, are on the last pages.",
    "handout.settings": "Settings:",
    "handout.default_settings": "the page's defaults",
    "handout.question": "Question:",
    "handout.default_question": "What will this screen show? Predict before it is opened.",
    "handout.prediction": "Your prediction:",
    "handout.answers": "Answers",
    "handout.no_board": "The numbers of this step cannot be computed at its settings.",
    "lesson.board.vanishing.depth": "layers",
    "lesson.board.vanishing.ratio": "first ÷ last layer, measured",
    "lesson.board.vanishing.factor": "factor per layer, measured",
    "lesson.board.vanishing.peak": "the activation's largest slope",
    "lesson.board.vanishing.peak_power": "largest slope, multiplied down the chain",
    "lesson.board.vanishing.zero_layers": "layers whose gradient is exactly zero",
    "lesson.board.vanishing.float32_tiny": "smallest positive float32",
    "lesson.board.vanishing.half_power": "theory: √½ per layer",
    "lesson.board.exploding.weight": "w (every layer W = w·I)",
    "lesson.board.exploding.depth": "layers",
    "lesson.board.exploding.gain": "gain, measured by autograd",
    "lesson.board.exploding.weight_power": "wᴸ, closed form",
    "lesson.board.exploding.lambda_max": "largest |eigenvalue|",
    "lesson.board.exploding.sigma_max": "largest singular value",
    "lesson.board.exploding.growth": "growth per step at the last step, measured",
    "lesson.board.exploding.steps": "steps",
    "lesson.board.rnn.steps": "steps back",
    "lesson.board.rnn.far": "‖dL/dh‖ at the first step, measured",
    "lesson.board.rnn.factor": "factor per step",
    "lesson.board.rnn.decades": "orders of magnitude lost",
    "lesson.board.rnn.scale": "scale of W_hh",
    "lesson.board.rnn.bound": "Pascanu et al.'s bound σ_maxᵏ",
    "lesson.board.rnn.default_far": "the same at PyTorch's default init",
    "lesson.board.residual.depth": "blocks",
    "lesson.board.residual.alpha": "branch scale α",
    "lesson.board.residual.plain": "plain net: first ÷ last block",
    "lesson.board.residual.residual": "residual net: first ÷ last block",
    "lesson.board.residual.law_plain": "mean-field law, plain net",
    "lesson.board.residual.law_residual": "mean-field law, residual net",
    "lesson.board.residual.band": "“flat” band, either way (×)",
    "lesson.board.remedies.depth": "layers",
    "lesson.board.remedies.ratio": "first ÷ last layer, measured",
    "lesson.board.remedies.broken_ratio": "the broken net's first ÷ last layer",
    "lesson.board.remedies.band": "“flat” band, either way (×)",
}
