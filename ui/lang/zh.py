"""简体中文 text of Gradient Flow Lab (梯度流实验室). Same keys as en.py, in the same order."""

STRINGS: dict[str, str] = {
    # --- app frame -------------------------------------------------------------
    "app.title": "梯度流实验室",
    "app.tagline": "深度网络的梯度为什么会消失或爆炸，又该如何解决：在真实的 PyTorch 模型上实时测量。",
    "nav.home": "首页",
    "nav.vanishing": "梯度消失",
    "nav.exploding": "梯度爆炸",
    "nav.rnn": "RNN 与 LSTM/GRU",
    "nav.residual": "残差块",
    "nav.remedies": "解决方法",
    "frame.controls": "参数设置",
    "frame.about": "简介",
    "frame.notice": "观察要点",
    "frame.math": "数学原理",
    "frame.reading": "延伸阅读",
    "frame.computing": "正在计算梯度…",
    "frame.training": "正在训练…",
    "frame.queued": "正在等待空闲的训练槽位（其他会话正在训练）…",
    "frame.heavy_queued": "正在等待空闲的计算槽位（有大型计算正在运行）…",
    "frame.open": "打开",
    "frame.csv": "下载数据（CSV）",
    "frame.link": "链接",
    "frame.present": "演示模式",
    "frame.present_help": "用于投影：放大文字、数值和图表字体，图表占满整个宽度，简介和各部分的控件收进折叠框，并收起侧边栏（点击左上角的箭头可重新打开）。",
    "frame.hide_controls": "隐藏控件",
    "frame.hide_controls_help": "把控件折叠起来，让链接所带设置下的图表铺满页面；分享给学生的链接可以打开此项。",
    "frame.link_help": "当前视图的网址，其中包含每个控件的设置，以及正在显示说明的预设。可以把它复制到教案里，或发给学生。",
    "frame.link_ignored": "已忽略链接中的以下内容：{items}。值被忽略的控件显示其默认值。",
    "frame.link_unknown": "{name}（不是本页的设置）",
    "frame.link_invalid": "{name}={value}（该控件不接受这个值）",
    "frame.link_preset_differs": "{name}（链接中的设置与该预设不一致）",
    "frame.link_preset_unknown": "{name}（不是本页的预设）",
    "frame.link_repeated": "{name}={value}（链接后面又给了一次）",
    "frame.link_more": "另有 {count} 项",
    "frame.link_too_long": "已忽略此链接（{chars} 个字符，{params} 个参数）：超出本实验任何视图所需（最多 {max_chars} 个字符、{max_params} 个参数）。所有控件显示默认值。",
    "common.layer": "层（1 = 最靠近输入）",
    "common.layer_short": "层",
    "common.step": "训练步",
    "common.series": "曲线",
    "common.run": "运行",
    "common.grad_norm": "dL/dz 均方根（对数坐标）",
    "common.grad_value": "dL/dz 均方根",
    "common.underflow": "下溢：float32 中恰为 0",
    "common.underflow_short": "0（下溢）",
    "common.dead": "死单元：恰为 0",
    "common.dead_short": "0（死单元）",
    "common.zero_scale": "乘以 0：恰为 0",
    "common.zero_scale_short": "0（乘以 0）",
    "common.overflow": "溢出：inf 或 NaN",
    "common.measured": "实测（autograd）",
    "common.seed": "随机种子",
    "common.depth": "深度（隐藏层数）",
    "common.width": "宽度（每层单元数）",
    "common.activation": "激活函数",
    "common.init": "权重初始化",
    "common.weight_scale": "权重尺度",
    "common.weight_scale_help": "正态：W ~ N(0, σ_w²/fan_in) 中的 σ_w。标准均匀：W ~ U(±scale/√fan_in)。缩放单位矩阵：W = scale·I。Xavier/正交：增益（gain）。He：乘在 N(0, 2/fan_in) 上的系数。",
    "common.lr": "学习率",
    "common.optimizer": "优化器",
    "common.clip": "梯度裁剪",
    "common.clip_threshold": "裁剪阈值",
    "common.steps": "训练步数",
    "common.loss": "训练损失",
    "common.loss_log": "训练损失（对数坐标）",
    "common.overflow_event": "在第 {step} 步溢出（{quantity}）",
    "common.quantity.loss": "损失",
    "common.quantity.gradient": "梯度",
    "common.progress": "{label} {step}/{steps}",
    "common.progress_eta": "{label} {step}/{steps}，预计还需约 {seconds:.0f} 秒",
    "common.underflow_note": "{depth} 层中有 {count} 层的梯度在 float32 中下溢为恰好 0（图表底部的 ▼ 标记）：同一网络用 float64 计算时，这些层的梯度并不为零，只是小到 float32 无法表示。恰为 0 的梯度不会改变任何权重，无论使用哪种优化器。",
    "common.dead_note": "{depth} 层中有 {count} 层的梯度恰为 0，在 float64 中也是如此：这不是下溢，而是死单元。对每个样本而言，这些层上方总有某一层没有任何激活的单元（该层所有单元的 ReLU′ 都为 0），因此没有任何路径能把梯度传回来。",
    "common.zero_scale_note": "{depth} 层中有 {count} 层的梯度恰为 0，在 float64 中也是如此：网络把它们的梯度乘以了 0（权重尺度或分支缩放系数 α 为 0）。",
    # activations, inits, optimisers, clipping: display names
    "act.linear": "线性（恒等）",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.leaky_relu": "Leaky ReLU (0.01)",
    "act.elu": "ELU",
    "act.gelu": "GELU",
    "init.normal": "正态 N(0, scale²/fan_in)",
    "init.standard_uniform": "标准均匀 U(±scale/√fan_in)",
    "init.scaled_identity": "缩放单位矩阵（W = scale·I）",
    "init.xavier_normal": "Xavier / Glorot 正态",
    "init.xavier_uniform": "Xavier / Glorot 均匀",
    "init.he_normal": "He / Kaiming 正态",
    "init.orthogonal": "正交",
    "opt.sgd": "SGD",
    "opt.momentum": "SGD + 动量 0.9",
    "opt.rmsprop": "RMSProp",
    "opt.adam": "Adam",
    "clip.none": "不裁剪",
    "clip.norm": "按范数（缩放 ‖g‖）",
    "clip.value": "按值（逐元素截断）",
    # --- home ------------------------------------------------------------------
    "home.intro": (
        "反向传播把损失的梯度从输出层传回每一层。途中每经过一层，梯度都要乘上一个因子，因此在深层网络中，"
        "它可能缩小到几乎为零（**梯度消失**），也可能无限增大（**梯度爆炸**）。本实验室中的每张图表都是在你所配置的"
        "真实 PyTorch 网络上用 autograd 实时计算出来的；理论曲线是闭式解，并标注为“理论”。"
    ),
    "home.chain_rule": "一切背后的链式法则：第 i 层的梯度是它上方每一层各一个雅可比矩阵的乘积。",
    "home.chain_caption": "每个因子都是一层的雅可比矩阵 ∂hₖ/∂hₖ₋₁ = diag(φ′(zₖ)) Wₖ。如果这些因子使梯度缩小（每层增益小于 1），乘积就随第 i 层与损失之间的层数呈几何级数缩小；如果使梯度放大（增益大于 1），乘积就增长。无论哪种情况，反向传播的梯度 ∂L/∂hᵢ 都在最靠近输入的层中偏离它在损失处的值最多。",
    "home.pages": "页面",
    "home.card.vanishing": "在 sigmoid 和 tanh 网络中观察梯度逐层衰减，并与均值场理论和 (¼‖W‖₂)ᴸ⁻ⁱ 上界对比；看看哪些层停止了学习。",
    "home.card.exploding": "精确复现 {power} = {gain}，探索矩阵的特征值和奇异值，观察训练溢出，再用梯度裁剪加以控制。",
    "home.card.rnn": "随时间反向传播：观察 RNN、LSTM 和 GRU 中 ‖dL/dhₜ‖ 随回溯步数衰减，打开门控，并让三种单元在加法问题上比赛。",
    "home.card.residual": "y = F(x) + x：普通网络与残差网络并排对比、分支缩放系数 α，以及退化实验。",
    "home.card.remedies": "从一个失效的深层 sigmoid 网络出发，逐一开启各项解决方法；绘制有序相与混沌相的相图。",
    "home.how": "使用方法",
    "home.how_text": "在侧边栏中选择页面。每个页面左侧是控件，右侧是图表。将鼠标悬停在任意图表上可查看精确数值。显示的每个数字都来自基于你所选设置的实际计算。",
    # --- home: the worked chain (core/chain.py) --------------------------------
    "home.chain.title": "手算示例：逐个环节的链式法则",
    "home.chain.intro": (
        "{links} 个标量环节把梯度从损失 L = h{last} 传回输入 x = h₀。第 k 个环节计算 hₖ = φ(zₖ)，其中 "
        "zₖ = w·hₖ₋₁ + b，因此它把梯度乘以自己的**局部导数** ∂hₖ/∂hₖ₋₁ = w·φ′(zₖ)。为每个环节设置激活函数 φ、"
        "权重 w 和预激活值 z（偏置 b 会把单元放到这个位置）；autograd 在真实的链条上运行，把这些局部导数相乘。"
    ),
    "home.chain.scenario_sigmoid": "sigmoid 最陡处：每个环节 {local}",
    "home.chain.scenario_unit": "w = {w}：每个环节 {local}",
    "home.chain.scenario_dead_relu": "ReLU，其中一个环节失活",
    "home.chain.link": "环节 {k}：h{before} → h{after}",
    "home.chain.weight": "权重 w",
    "home.chain.z": "预激活值 z",
    "home.chain.z_help": "单元在 φ 上所处的位置：环节的斜率 φ′(z) 就在这里读取。sigmoid 和 tanh 在 z = 0 处最陡，离它越远越平（饱和）；ReLU′ 在 0 以上为 1，在 0 及以下恰为 0。",
    "home.chain.local": "w·φ′(z) = {w} × {slope} = **{local}**",
    "home.chain.measured": "autograd 在真实链条上以 float64 计算：∂L/∂x = {autograd:.6g}。上面 {links} 个闭式局部导数的乘积：{closed_form:.6g}。",
    "home.chain.shrinks": "到达 x 的梯度比损失处**缩小了 {factor} 倍**。",
    "home.chain.grows": "到达 x 的梯度比损失处**放大了 {factor} 倍**。",
    "home.chain.same": "到达 x 的梯度与损失处一样大：各局部导数的绝对值相乘恰为 1。",
    "home.chain.zero": "到达 x 的梯度**恰为 0**：环节 {k} 把它乘以 0（z ≤ 0 处的 ReLU，或 w = 0），它下面的每个环节都把这个 0 继续传下去，无论自身的导数是多少。",
    "home.chain.lesson": (
        "**要点。** sigmoid 的斜率 σ′(z) 最大为 {peak:g}，在 z = {peak_z:g} 处取得。因此当每个环节的 w = {w:g} 时，{links} 个 "
        "sigmoid 环节最多只能传递梯度的 {power} = **{product:.3g}**，无论单元处在哪里。权重 w = {weight:g} 让每个环节"
        "恰为 {unit:g}，乘积也为 {unit_product:g}，但这只在 z = {peak_z:g} 处成立：移动任何一个 z，乘积就会再次低于 {unit:g}。"
    ),
    "netpic.caption": (
        "每层一列，每层 {width} 个单元中画出 {shown} 个；每层的输入连接按该层实测梯度着色并加粗（对数色标）。"
        "把鼠标移到某列上可看到它的数值。"
    ),
    "netpic.caption_all": "每层一列，画出全部单元；每层的输入连接按该层实测梯度着色并加粗（对数色标）。把鼠标移到某列上可看到它的数值。",
    "netpic.play": "▶ 播放反向传播",
    "netpic.pause": "⏸ 暂停",
    "netpic.back": "◀ 后退一步",
    "netpic.forward": "前进一步 ▶",
    "netpic.block": "块",
    "netpic.time": "时间步",
    "netpic.initial_state": "h₀",
    "netpic.caption_time": (
        "按时间展开的单元：每个隐藏状态 hₜ 一列，{width} 个单元中画出 {shown} 个；进入 hₜ 的连接按 ‖dL/dhₜ‖ 着色并加粗（对数色标），"
        "损失读取最后一个状态。把鼠标移到某列上可看到它的数值。"
    ),
    "netpic.direction_time": "反向传播从损失（右）沿时间倒退到第一步（左）",
    "netpic.input": "输入 x",
    "netpic.loss": "损失",
    "netpic.skip": "每个块旁的恒等跳跃连接",
    "netpic.saturated": "饱和单元占比（每层下方的条）",
    "netpic.direction": "反向传播从损失（右）传到输入（左）",
    "home.chain.chart_title": "沿链条的 |∂L/∂hᵢ|",
    "home.chain.position": "位置 i（h₀ = x，h{last} = L）",
    "home.chain.gradient": "|∂L/∂hᵢ|（对数刻度）",
    "home.chain.gradient_value": "|∂L/∂hᵢ|",
    "home.chain.autograd": "autograd",
    "home.chain.closed_form": "闭式解 ∏ w·φ′(z)",
    # --- vanishing ---------------------------------------------------------------
    "vanishing.title": "梯度消失",
    "vanishing.intro": (
        "想象一下**传话游戏**：一句悄悄话沿着一长排孩子传下去，每传一次就模糊一点，直到最后什么都不剩。"
        "反向传播以同样的方式把梯度逐层往回传，每一层都把它乘以本层的导数和权重。使用 sigmoid 或 tanh 且权重较小时，"
        "每个因子都小于 1，最靠近输入的层几乎什么也“听”不到。"
    ),
    "vanishing.flow_title": "到达各层的梯度",
    "vanishing.flow_subtitle": "固定随机批次上每层 dL/dz 的均方根，初始化时的一次反向传播",
    "vanishing.theory_mf": "均值场理论（Poole et al. 2016）",
    "vanishing.theory_bound": "上界 (¼‖W‖₂)ᴸ⁻ⁱ（sigmoid′ ≤ ¼）",
    "vanishing.theory_none": "此设置下没有理论曲线：均值场预测要求权重独立同分布且方差已知（正态、标准均匀、Xavier、He）；(¼‖W‖₂)ᴸ⁻ⁱ 上界要求使用 sigmoid 且权重的谱范数已知（缩放单位矩阵、正交）。",
    "vanishing.metric_ratio": "第 1 层 ÷ 第 {depth} 层",
    "vanishing.metric_ratio_help": "第一个隐藏层的梯度均方根除以最后一个隐藏层的梯度均方根。",
    "vanishing.metric_none": "没有任何一层得到梯度",
    "vanishing.metric_chi": "每层 χ₁（理论）",
    "vanishing.metric_chi_help": "均值场理论中梯度平方每层所乘的因子：< 1 则消失，> 1 则爆炸。",
    "vanishing.metric_depth": "可训练深度（理论）",
    "vanishing.metric_depth_help": "这类网络大约还能训练的最大深度：{factor}·ξ 层，其中 ξ 是梯度的平方（有序相）或两个输入之间的相关性（混沌相）变化 e 倍所需的层数（Schoenholz et al. 2017）。",
    "vanishing.metric_depth_unbounded": "无上限",
    "vanishing.metric_saturated": "饱和单元（平均）",
    "vanishing.metric_saturated_help": "导数 φ′(z) 低于其最大值 {level:.0%} 的单元所占比例：它们几乎不向后传递梯度。",
    "vanishing.phase.ordered": "**有序相：梯度消失。** χ₁ = {chi:.3g} < 1，梯度的平方每层乘以 χ₁，每 ξ = {xi:.3g} 层缩小 e 倍。按 Schoenholz et al. (2017) 的经验法则，这样的网络大约能训练到 {factor}ξ ≈ {depth:,.0f} 层。",
    "vanishing.phase.chaotic": (
        "**混沌相：梯度爆炸。** χ₁ = {chi:.3g} > 1，梯度朝输入方向增长。可训练深度改由两个输入之间的相关性决定：它以每层 χ_c = {chi_c:.3g} 的因子趋于不动点 c* = "
        "{c_star:.2g}，每 ξ = {xi:.3g} 层变化 e 倍，约为 {factor}ξ ≈ {depth:,.0f} 层（若用 {factor}/ln χ₁ 则会得到 "
        "{naive:,.0f}；Schoenholz et al. 2017）。"
    ),
    "vanishing.phase.chaotic_unbounded": "**梯度爆炸。** χ₁ = {chi:.3g} > 1，且信号的方差无界增长（没有不动点），因此唯一的深度尺度来自梯度本身：其平方每 ξ = {xi:.3g} 层增大 e 倍；约为 {factor}ξ ≈ {depth:,.0f} 层。",
    "vanishing.phase.critical_flat": "**χ₁ = 1：理论上没有深度限制。** 均值场理论中的梯度既不缩小也不增长：其有限深度预测给出第 1 层 ÷ 第 {layers} 层 = {theory:.3g}，实测值与它的差距是有限宽度网络围绕宽网络极限的随机偏差。",
    "vanishing.phase.critical_settling": (
        "**χ₁ = 1：理论上没有深度限制，但梯度也并不平稳。** χ₁ = 1 只在不动点 q* 处成立，而各层的方差 q 只是缓慢地（按深度的幂次）趋近它；在此之前每层的因子都不等于 1，有限深度理论（虚线）给出第 1 "
        "层 ÷ 第 {layers} 层 = {theory:.3g}：这是缓慢的变化，而不是几何级数式的变化。"
    ),
    "vanishing.phase.stray_below": "这个网络实测为 {measured}，只有理论值的 {factor} 分之一：理论是无限宽网络的极限，宽度为 {width} 的单个网络会偏离它。换一个种子，偏离也不同；网络越宽，偏离越小。",
    "vanishing.phase.stray_above": "这个网络实测为 {measured}，是理论值的 {factor} 倍：理论是无限宽网络的极限，宽度为 {width} 的单个网络会偏离它。换一个种子，偏离也不同；网络越宽，偏离越小。",
    "vanishing.not_saturation": (
        "**没有饱和，梯度照样消失：** 只有 {saturated:.1%} 的单元饱和（φ′ 低于其峰值的 {level:.0%}），但第 1 层得到的梯度只有第 {layers} 层的 {ratio}。sigmoid′ "
        "即使在 z = 0 处也至多为 ¼（这里其均方根为 {deriv:.3g}），所以每一层只把收到的梯度的约 {factor:.3g} 传下去（实测的每层平均值）：让梯度消失的是 σ′ ≤ ¼，而不是饱和。"
    ),
    "vanishing.dist_title": "各层的激活值",
    "vanishing.dist_subtitle": "对批次和单元取分位数；色带紧贴 0 或 1（sigmoid）或 ±1（tanh）表示饱和",
    "vanishing.dist_outer": "5–95%",
    "vanishing.dist_inner": "25–75%",
    "vanishing.dist_median": "中位数",
    "vanishing.dist_y": "激活值",
    "vanishing.sat_title": "各层饱和比例",
    "vanishing.sat_subtitle": "φ′(z) 低于其最大值的 {level:.0%}（对 ReLU：未激活的单元）",
    "vanishing.sat_y": "饱和单元",
    "vanishing.sat_none": "所有层都没有饱和单元",
    "vanishing.act_title": "激活函数及其导数",
    "vanishing.act_value": "φ(z)",
    "vanishing.act_derivative": "φ′(z)",
    "vanishing.act_peak": "max φ′ = {value:.4g}（z = {z:.2g} 处）",
    "vanishing.act_peak_plateau": "max φ′ = {value:.4g}（所有 z > {z:.2g}）",
    "vanishing.act_peak_everywhere": "φ′ 处处为 {value:.4g}",
    "vanishing.act_x": "预激活值 z",
    "vanishing.act_y": "数值",
    "vanishing.xavier_header": "推导 Xavier 与 He 初始化：Var(z) = n · Var(W) · E[h²]",
    "vanishing.xavier_caption": "推导的每一行，下面是按当前设置新初始化的一个网络实测的数值（{batch} 个标准正态输入，偏置为零，float64），若无特别说明，取最后一层，即第 {layers} 层。",
    "vanishing.xavier_sigma_w": "normal 初始化的 σ_w（Var(W) = σ_w²/n）",
    "vanishing.xavier_sigma_w_help": "只用于 normal 初始化：Xavier 与 He 自己决定 Var(W)。",
    "vanishing.xavier_metric_measured": "Var(z) 每层的倍数（实测）",
    "vanishing.xavier_metric_measured_help": "在这个网络的各层上，每层 Var(z) 除以前一层 Var(z) 的几何平均。",
    "vanishing.xavier_metric_theory": "Var(z) 每层的倍数（理论）",
    "vanishing.xavier_metric_theory_help": "从输入开始迭代均值场递推 q ↦ σ_w² E[φ(√q u)²]（u 为标准正态）得到的同一倍数。",
    "vanishing.xavier_metric_back": "Var(δ) 朝输入方向每层的倍数（实测）",
    "vanishing.xavier_metric_back_help": "某一层的 Var(δ) 除以其后一层 Var(δ) 的几何平均，δ = dL/dz。",
    "vanishing.xavier_line_weights": "这个网络：{init}，n = {n}，Var(W) = {var_w:.3g}。",
    "vanishing.xavier_line_step": "{n} × {var_w:.3g} × E[h²] = {n} × {var_w:.3g} × {h_sq:.3g} = **{var_z_step:#.3g}**；实测 Var(z) = **{var_z:#.3g}**。在所有层上两者相差至多 {step_gap:.0%}：这一行是对权重抽样的平均，而单次抽样的相对波动在这个宽度下至多为 {spread:.0%}。",
    "vanishing.xavier_line_gain": "{activation}：实测的 E[h²] / Var(z) 在第 1 层（z 与输入一样是高斯的）为 {gain_first:.3f}，在所有层介于 {gain_low:.3f} 与 {gain_high:.3f} 之间；若 z 是方差与该层相同的高斯变量，则为 {gain_theory_low:.3f} 到 {gain_theory_high:.3f}。",
    "vanishing.xavier_line_glorot": "Glorot 的 Var(W) 取前向扇入 n_in 与反向扇出 n_out 的平均。在这个宽度下 n_in = n_out = {n}，所以它等于 {glorot:.3g}，即 LeCun 的 {lecun:.3g}。",
    "vanishing.xavier_line_back": "朝输入方向，Var(δ) 每层乘以 **{back:.3f}**（实测）；各步 n · Var(W) · E[φ′(z)²] 的乘积给出 **{back_theory:.3f}**。",
    "vanishing.xavier_measured": "实测 Var(z)（这个网络）",
    "vanishing.xavier_step": "由实测 E[h²] 算出的 n · Var(W) · E[h²]（理论，单步）",
    "vanishing.xavier_recursion": "从输入开始的均值场递推（理论）",
    "vanishing.xavier_chart_title": "每层的 Var(z)：推导与一个网络的对照",
    "vanishing.xavier_chart_subtitle": "实测的预激活 Var(z)；单步线从每层实测的 E[h²] 出发，递推只从输入出发",
    "vanishing.xavier_chart_y": "Var(z)（对数坐标）",
    "vanishing.xavier_drift": "递推是对许多网络的平均：这个网络在第 {layers} 层的 Var(z) 是递推值的 {drift:.3g} 倍；而单步线在每一层都从实测的 E[h²] 重新出发，与网络的差距不超过 {step_gap:.0%}。",
    "vanishing.train_header": "前面的层在学习吗？",
    "vanishing.train_start": "训练这个网络",
    "vanishing.train_prompt": "**先预测：** {question} 然后按 *训练这个网络*（这些设置的结果会保留）。",
    "vanishing.train_caption": "第一节的网络（其控件在页面顶部）在两条交错的螺旋线上训练（{steps} 步全批量训练，Adam，学习率 {lr}）。柱形表示每层权重变化了多少：‖W_end − W_start‖ / ‖W_start‖。",
    "vanishing.train_title": "每层权重的变化幅度",
    "vanishing.train_subtitle": "训练后权重矩阵的相对变化（对数坐标）",
    "vanishing.train_y": "‖ΔW‖ / ‖W₀‖（对数坐标）",
    "vanishing.train_loss_title": "训练损失",
    "vanishing.train_loss_subtitle": "二元交叉熵；随机猜测水平为 ln 2 ≈ {chance:.3f}",
    "vanishing.sym_header": "零初始化与对称性",
    "vanishing.sym_caption": (
        "同一个网络，六种初始化：{depth} 个隐藏层，每层 {width} 个 {activation} 单元，外加一个输出单元（logit），"
        "在两条螺旋线的 {points} 个点上用二元交叉熵训练。所有权重（包括输出层）都由初始化设定，所有偏置从零开始，"
        "与 deeplearning.ai 初始化练习相同。**全零**：W = 0。**常数**：每个权重都等于 c = {c:g}。"
        "**过小**：N(0, σ²)，σ = {small:g}。**过大**：σ = {large:g}。**Xavier**：N(0, 2/(n_in + n_out))。"
        "**He**：N(0, 2/n_in)。以 float64 计算，因此“零”就是精确的零，“相等”就是完全相等。"
    ),
    "vanishing.sym_constant": "常数 c（每个权重 = c）",
    "vanishing.sym_constant_help": "常数初始化把每一层的每个权重都设为 c。无论 c 取多少，同一层的每个单元都得到相同的输入，因而输出相同、梯度也相同；c 只决定它们的大小。",
    "vanishing.sym_steps": "训练步数（Adam）",
    "vanishing.sym_init.zeros": "全零",
    "vanishing.sym_init.constant": "常数 c = {c:g}",
    "vanishing.sym_init.small": "过小：σ = {small:g}",
    "vanishing.sym_init.large": "过大：σ = {large:g}",
    "vanishing.sym_init.xavier": "Xavier",
    "vanishing.sym_init.he": "He",
    "vanishing.sym_title": "初始化时的梯度：同一网络的六种初始化",
    "vanishing.sym_subtitle": "单个样本的 dL/dz 的均方根，逐层；第 {out} 层是输出单元",
    "vanishing.sym_x": "层（第 {out} 层 = 输出）",
    "vanishing.sym_zero": "全零初始化：恰为 0（乘以了 W = 0）",
    "vanishing.sym_note": (
        "**全零**：每个隐藏层的梯度都恰为 0（最大值：{zero_hidden:g}），因为 δᵢ = Wᵢ₊₁ᵀδᵢ₊₁ ⊙ φ′(zᵢ)，而 Wᵢ₊₁ = 0。"
        "只有输出层的 δ = σ(logit) − y 不为零；它的权重梯度是 δ·φ(0) 的平均值，在这里也是 {zero_out:g}，所以什么都不会动。"
        "**常数**：梯度不为零，但同一层的每个单元得到的梯度完全相同：每个隐藏层 dL/dW 的 {width} 行中只有 {distinct} 种不同的行"
        "（彼此相差其大小的 {spread:.1g}）。"
    ),
    "vanishing.sym_ratios": "第一个隐藏层的梯度 ÷ 第 {depth} 层的梯度：过小 {small:.2g}，过大 {large:.2g}，Xavier {xavier:.2g}，He {he:.2g}。",
    "vanishing.sym_point": (
        "**Xavier 和 He 正是为此推导出来的。** 在宽度为 n 的 ReLU 网络中，理论上每一层把梯度的均方根乘以 √(n·Var(W)/2)："
        "只有一半的单元把梯度传回去。在本节默认设置的 ReLU 网络中（n = {width}，{depth} 个隐藏层）：He 的 Var(W) = 2/n，"
        "理论每层 {he_theory:.2f}，实测 {he:.2f}；Xavier 的 Var(W) = 1/n，理论 {xavier_theory:.2f}，实测 {xavier:.2f}；"
        "σ = {small_std:g} 时理论 {small_theory:.3f}，实测 {small:.3f}，于是第一个隐藏层只得到最后一个隐藏层梯度的 {small_ratio:.1e}；"
        "σ = {large_std:g} 时理论 {large_theory:.3g}，实测 {large:.3g}，第一个隐藏层的梯度是最后一个的 {large_ratio:.1e} 倍。"
    ),
    "vanishing.sym_metric_units": "每层不同单元数：{init}",
    "vanishing.sym_units": "{distinct} / {width}",
    "vanishing.sym_metric_units_help": "训练 {steps} 步之后，各隐藏层中不同单元数的最小值：输入权重和偏置都相同的单元只算一个。",
    "vanishing.sym_metric_zero": "训练后的损失：{init}",
    "vanishing.sym_metric_zero_help": "ln 2 = {chance:.4f} 是对每个点都预测 ½ 时的损失。全零网络开始时的损失为 {zero_first:.4f}，整个训练过程中变化了 {zero_spread:g}。",
    "vanishing.sym_loss_title": "{steps} 步内的训练损失：六种初始化",
    "vanishing.sym_loss_subtitle": "全部点上的二元交叉熵，Adam；对数坐标",
    "vanishing.sym_chance": "随机猜测：ln 2 ≈ {chance:.3f}",
    "vanishing.sym_result": (
        "**全零**每一步都停在 ln 2 = {chance:.4f}：它对每个点都预测 ½（准确率 {zeros_accuracy:.0%}）。"
        "**常数**每层只学到一个特征，复制了 {width} 份：损失 {constant_loss:.3f}，准确率 {constant_accuracy:.0%}。"
        "**过小**：损失 {small_loss:.3g}（{small_accuracy:.0%}）；**过大**：{large_loss:.3g}（{large_accuracy:.0%}）；"
        "**Xavier**：{xavier_loss:.3g}（{xavier_accuracy:.0%}）；**He**：{he_loss:.3g}（{he_accuracy:.0%}）。"
    ),
    "vanishing.train_result": "最终损失 {loss:.3f}，准确率 {accuracy:.0%}。第一层变化了 {first:.2g}，最后一层变化了 {last:.2g}：相差 {ratio:.2g} 倍。",
    "vanishing.train_result_still": "最终损失 {loss:.3f}，准确率 {accuracy:.0%}。第一层的权重完全没有变化（在 float32 精度下）；最后一层的权重变化了 {last:.2g}。",
    "vanishing.notice": (
        "- 使用 **sigmoid** 时，每一层最多把梯度乘以 ¼·‖W‖₂：在深度 {depth}、默认初始化下，第一层得到的梯度只有最后一层的 {ratio:.2g}，而饱和单元只占 "
        "{saturated:.0%}。试试**深度 {deep}**：最前面 {underflowed} 层的梯度在 float32 中下溢为恰好 0（▼ 标记）。\n- 切换到 **tanh** 并使用 "
        "**Xavier** 初始化：梯度仍会缩小，降到最后一层的 {tanh_ratio:.2g}，但缩小得很慢，而不是几何级数式的（χ₁ = 1）。**ReLU 加 He 初始化**给出 "
        "{relu_ratio:.2g}，接近 1：这正是这些初始化方法的设计目标。\n- 虚线表示的**均值场**曲线是不运行网络就做出的预测；对于权重独立同分布的宽网络，它与实测点吻合。\n- "
        "底部的柱形图：梯度消失时，前几层的权重在训练中几乎不动。"
    ),
    "vanishing.math_chain": "反向传播经过第 k 层时，要乘以该层的雅可比矩阵：",
    "vanishing.math_sigmoid": "sigmoid 的导数至多为 ¼，因此当权重的谱范数为 ‖W‖₂ 时：",
    "vanishing.math_mf": "均值场理论（宽网络，W ~ N(0, σ_w²/n)）：梯度的平方每经过一层就乘以 χ₁，因而逐层缩小或增大：",
    "vanishing.reading": (
        "- Glorot & Bengio (2010), *Understanding the difficulty of training deep feedforward neural "
        "networks*：在他们的标准初始化下，反向传播的梯度朝输入方向逐层缩小，sigmoid 的最上面一个隐藏层在训练中会饱和；在他们的线性分析中，归一化（Xavier）初始化使各层梯度的方差保持相同。\n- "
        "Hochreiter (1991)；Bengio, Simard & Frasconi (1994)：梯度消失问题。\n- Poole et al. (2016), *Exponential expressivity "
        "in deep neural networks through transient chaos*；Schoenholz et al. (2017), *Deep information "
        "propagation*：本页绘制的均值场理论与深度尺度。\n- He et al. (2015), *Delving deep into rectifiers*：适用于 ReLU 的 He/Kaiming 初始化。"
    ),
    "preset.vanishing.glorot_standard.name": "Glorot & Bengio 2010：sigmoid，标准初始化",
    "preset.vanishing.glorot_standard.what": (
        "他们的设置，在初始化时：5 层 sigmoid（这里每层 512 个单元；论文中为 1,000 个），使用他们的标准初始化 W ~ U[−1/√n, 1/√n]，Var W = 1/(3n)。梯度朝输入方向急剧缩小（第 "
        "1 层 ÷ 第 5 层），而没有任何单元饱和，激活值以 ½ 为中心：是 sigmoid′ ≤ ¼ 和较小的权重让梯度在每一层都缩小。Glorot 与 Bengio 报告的最上面一个隐藏层的饱和出现在训练过程中（他们的图 "
        "2）；本屏显示的是训练之前的网络。"
    ),
    "preset.vanishing.glorot_normalized.name": "Glorot & Bengio 2010：tanh，归一化（Xavier）初始化",
    "preset.vanishing.glorot_normalized.what": (
        "同样的 5 × 512 网络，改用 tanh 和他们的归一化初始化 Var W = 2/(n_in + n_out) = 1/n。梯度仍朝输入方向缩小，但很缓慢：第 1 层 ÷ 第 5 层比使用他们的标准初始化时更接近 "
        "1（把初始化切换为标准均匀即可对比）。Var W = 1/n 使 tanh 处于 χ₁ = 1，但预激活值的方差 q 逐层持续缩小，只要 q 还不可忽略，tanh′ "
        "就低于其峰值：虚线表示的均值场曲线描绘的正是这种缓慢的衰减。在他们的表 1 中，这一设置在所比较的三种设置里 Shapeset 测试误差最低。"
    ),
    "preset.vanishing.he_xavier.name": "He et al. 2015：30 层 ReLU，Xavier 初始化",
    "preset.vanishing.he_xavier.what": "Xavier 的 Var W = 1/n 假设激活函数是对称的；ReLU 会把一半输入置零，因此每一层都使信号和梯度的平方减半（χ₁ 见屏幕）。经过这 30 层，梯度缩小了好几个数量级，与虚线表示的均值场曲线一致。He et al. (2015) 报告，他们使用这种初始化的 30 层网络没有学到东西。",
    "preset.vanishing.he_he.name": "He et al. 2015：30 层 ReLU，He 初始化",
    "preset.vanishing.he_he.what": "同一网络改用 He/Kaiming 初始化 Var W = 2/n，弥补了减半：χ₁ = 1，梯度到达第 1 层时与它在第 30 层时大小相当（相差不到 2 倍：这是有限宽度带来的波动）。正是这种初始化让 He et al. (2015) 训练成功。",
    "preset.vanishing.underflow.name": "100 层 sigmoid：下溢为精确的 0",
    "preset.vanishing.underflow.what": "一百层，每层最多把梯度乘以 ¼·‖W‖₂，把梯度带出了 float32 的表示范围：前几层的梯度恰好为 0（▼ 标记），而同一网络用 float64 计算时，它们的梯度虽然极小但并不为零。任何优化器都无法从恰为 0 的梯度中学习。",
    "preset.vanishing.xavier_relu.name": "ReLU：Xavier 让方差每层减半，He 保持不变",
    "preset.vanishing.xavier_relu.what": "见推导一节：ReLU 配 Xavier 初始化，而 Xavier 的 Var(W) 是按 E[h²] ≈ Var(z) 推出来的。ReLU 只保留 E[z²] 的一半，所以 Var(z) 逐层减半（见指标和下降的曲线）。把初始化换成 He，它的 Var(W) 是 Xavier 的两倍：每层的倍数变为约等于一，Var(z) 在所有层上的变化不到十倍，而不再是下降好几个数量级。",
    "preset.vanishing.deeplearning_ai.name": "deeplearning.ai 的初始化练习",
    "preset.vanishing.deeplearning_ai.what": (
        "在最后一节中，实测该课程的比较：ReLU 隐藏层、sigmoid 输出，权重取全零、σ = {large:g} 的 N(0, σ²)（练习中的 "
        "randn·{large:g}）和 He，另加本节的常数、σ = {small:g} 和 Xavier。这里是 {depth} 个各有 {width} 个单元的隐藏层"
        "（练习中为 {first} 个和 {second} 个），用 Adam 训练 {steps} 步（练习用普通梯度下降，迭代数千次）。与练习一样，全零网络的损失"
        "一直停在 ln 2 = {chance:.4f}，过大初始化一开始的损失为 {large_start:.3g}，而 He 能学习：训练 {steps} 步后损失为 {he_loss:.3f}。"
    ),
    "predict.vanishing.question": "深度为 {depth}、激活函数为 {activation} 时，第 1 层的梯度比第 {depth} 层小多少？猜一个 10 的幂。",
    "predict.vanishing.answer": "第 1 层得到的梯度是第 {depth} 层的 **{ratio}**（由 autograd 按当前设置实测）。",
    "predict.vanishing.train_answer": "第一层权重的相对变化为 {first:.2g}，最后一层为 {last:.2g}。",
    "predict.vanishing.move.more": "大 {band:g} 倍以上",
    "predict.vanishing.move.same": "差不多（相差 {band:g} 倍以内）",
    "predict.vanishing.move.less": "小 {band:g} 倍以上",
    "predict.vanishing.train_question": "训练 {steps} 步之后，{depth} 层中第一层的权重变化与最后一层相比有多大？",
    "predict.vanishing.sym_question": "常数初始化网络的梯度不为零（见图）。用 Adam 训练 {steps} 步之后，它每个有 {width} 个单元的隐藏层里会有多少个不同的单元（权重互不相同的单元）？",
    "predict.vanishing.sym_features.one": "一个：其余的仍是它的副本",
    "predict.vanishing.sym_features.few": "少数几个",
    "predict.vanishing.sym_features.all": "全部 {width} 个",
    "predict.vanishing.sym_answer": "训练 {steps} 步之后，常数网络的每个隐藏层仍然**在 {width} 个单元中只有 {distinct} 个不同的单元**：它们的 [W | b] 行彼此相差其大小的 {spread:.1g}（float64 舍入误差）。相同的梯度带来相同的更新。",
    # --- exploding ---------------------------------------------------------------
    "exploding.title": "梯度爆炸",
    "exploding.intro": (
        "把麦克风靠近它连着的扬声器，一声耳语就会变成刺耳的啸叫：声音每绕回路一圈都会被**放大**。在深层网络中，"
        "梯度每经过一层都要乘以一个权重矩阵；如果每个矩阵都放大它，乘积就会呈几何级数增长，而**最靠近输入**、"
        "离损失最远的层得到的梯度最大。这不是激活函数造成的：它们的导数最多为 1 左右（sigmoid 的峰值为 {sigmoid:.3g}，"
        "tanh 为 {tanh:.3g}，ReLU 为 {relu:.3g}，GELU 为 {gelu:.3g}）。罪魁祸首是权重。"
    ),
    "exploding.net_header": "沿深度方向的爆炸",
    "exploding.net_kind": "网络",
    "exploding.kind.identity": "线性，W = w·I（精确：增益 wᴸ）",
    "exploding.kind.gaussian_tanh": "tanh，W ~ N(0, w²/n)（均值场）",
    "exploding.kind.gaussian_relu": "ReLU，W ~ N(0, w²/n)（均值场）",
    "exploding.weight_scale": "权重尺度 w",
    "exploding.flow_title": "到达各层以及输入的梯度",
    "exploding.flow_subtitle": "初始化时的一次反向传播：各层 dL/dz 的均方根，以及输入 x 处 dL/dx 的均方根",
    "exploding.layer_axis": "层（0 = 输入 x）",
    "exploding.flow_y": "梯度均方根（对数坐标）",
    "exploding.theory_power": "理论：wᴸ⁻ⁱ",
    "exploding.theory_mf": "均值场理论",
    "exploding.metric_gain": "从损失到输入的增益",
    "exploding.metric_gain_help": "‖dL/dx‖ ÷ ‖dL/dh_L‖：梯度从最后一层传到输入的过程中增长了多少倍，由 autograd 在 float32 中测得。",
    "exploding.metric_theory": "理论 wᴸ",
    "exploding.exact": "实测 {measured} = {w}$^{{{depth}}}$ = {theory}：{depth} 个相同因子的乘积，autograd 在 float32 中将其精确复现。",
    "exploding.matrix_header": "同一个矩阵，一乘再乘",
    "exploding.matrix_caption": "循环网络（或权重共享的深层线性网络）在每一步都乘以同一个 W。你可以编辑 W 和初始向量 x。",
    "exploding.matrix_w": "矩阵 W",
    "exploding.matrix_x": "初始向量 x",
    "exploding.matrix_steps": "幂次 k",
    "exploding.eigen": "特征值 λ",
    "exploding.singular": "奇异值 σ",
    "exploding.power_note": (
        "从长期看，‖Wᵏx‖ 按 |λ_max|ᵏ 增长（谱半径，对几乎所有 x 成立），且增长速度永远不会超过 σ_maxᵏ‖x‖："
        "σ_max 是一次相乘最多能把向量拉长的倍数，|λ_max| 是多次相乘后稳定下来的增长率。当 W 不对称（确切地说，不是正规矩阵）时，两者不同。"
    ),
    "exploding.eigen_note": (
        "某篇流传甚广的文章中的矩阵 {matrix}，其特征值是 ({trace:g} ± √{disc:g})/2 ≈ {l1:.3f} 和 {l2:.3f}，"
        "而不是文章所说的 7 和 1；它的奇异值是 {s1:.3f} 和 {s2:.3f}。它的最大奇异值与最大特征值非常接近，"
        "因此三条曲线几乎重合（上界从不超过实测值的 {spread:.3g} 倍）：可以从*预设*中载入它。"
    ),
    "exploding.power_title": "‖Wᵏx‖ 随 k 的变化",
    "exploding.power_subtitle": "在 float64 中测得，并附上理论预测的增长率",
    "exploding.power_measured": "实测 ‖Wᵏx‖",
    "exploding.power_radius": "理论：c·|λ_max|ᵏ（谱半径）",
    "exploding.power_sigma": "上界：σ_maxᵏ‖x‖",
    "exploding.power_y": "‖Wᵏx‖（对数坐标）",
    "exploding.power_x": "k（相乘次数）",
    "exploding.product_header": "不同随机矩阵的乘积",
    "exploding.product_caption": (
        "初始化时的深层网络在每一层乘以一个不同的随机矩阵，即 W_L⋯W₁x；循环网络则在每个时间步都乘以同一个 W，即 Wᵏx。"
        "这里两者都是 n×n 矩阵，元素服从 N(0, σ²/n)：前者每一步重新抽取（共 {samples} 个独立乘积），后者只抽取一次。"
        "对数逐步累加，因此任何乘积都不会溢出。"
    ),
    "exploding.product_n": "矩阵大小 n",
    "exploding.product_sigma": "尺度 σ（元素服从 N(0, σ²/n)）",
    "exploding.product_steps": "步数 L",
    "exploding.product_draw": "单个 W 的抽样（随机种子）",
    "exploding.product_draw_help": "换一个种子，就从同一分布中抽出另一个 W：它的 ρ(W) 会变，λ₁ 不变。",
    "exploding.metric_lyapunov": "实测 λ₁（每步换新 W）",
    "exploding.metric_lyapunov_help": "ln‖W_L⋯W₁x‖ ÷ L 在 {samples} 个乘积上的平均：每一步的增长量（自然对数）。",
    "exploding.metric_lyapunov_theory": "理论 λ₁（Newman 1986）",
    "exploding.metric_lyapunov_theory_help": (
        "高斯元素时 λ₁ = ln(σ/√n) + ½[ln 2 + ψ(n/2)]（Cohen & Newman 1984；ψ 为双伽马函数）："
        "它是分布的性质，而不是某一个矩阵的性质。"
    ),
    "exploding.metric_radius": "单个 W 的 ρ(W)",
    "exploding.metric_radius_help": "这一个 W 的谱半径 |λ_max|：从长期看 Wᵏx 按 ρ(W)ᵏ 增长，每步增长 ln ρ(W) = {log_rho:.3f}。",
    "exploding.product_title": "log₁₀‖乘积 · x‖ 随步数的变化",
    "exploding.product_subtitle": "每步换新 W：{samples} 个乘积的中位数及 {low:.0%}–{high:.0%} 区间。重复同一个 W：单个乘积",
    "exploding.product_fresh": "每步换新 W",
    "exploding.product_theory": "理论 λ₁",
    "exploding.product_single": "重复同一个 W",
    "exploding.product_radius": "理论 ln ρ(W)",
    "exploding.product_x": "步数 k",
    "exploding.product_y": "log₁₀‖乘积 · x‖",
    "exploding.product_zero": "这个 W 把 x 变成了恰为零的向量（Wᵏx 为零：W 在 x 上是幂零的），所以它的曲线到此为止，没有增长率。请换一个 W。",
    "exploding.product_note": (
        "每步换新矩阵：ln‖·‖ 每步变化 {measured:.3f}；理论 λ₁ = {lyapunov:.3f}，即每步乘以 exp(λ₁) = {growth:.3f}。"
        "单个 W：ρ(W) = {rho:.3f}；在后一半步数中，它的对数每步变化 {slope:.3f}，对照 ln ρ(W) = {log_rho:.3f}。"
    ),
    "exploding.product_point": (
        "**特征值讲的只是同一个 W 的故事。** 当 n = {n}、σ = {sigma_c:.3f} 时 λ₁ = 0，每步换新矩阵的乘积既不增长也不衰减；"
        "但在 {draws:,} 次单独抽取的 W 中，有 {share:.0%} 的 ρ(W) > 1，其幂会爆炸，其余的 ρ(W) < 1，其幂会消失；"
        "它们的 ρ(W) 中位数是 {median:.3f}。而保持 E‖Wx‖² = ‖x‖² 的 σ = 1，在 n = {n} 时仍给出 λ₁ = {at_one:.3f}："
        "典型的乘积在衰减。RNN 重复使用同一个 W_hh，所以由它的特征值（和奇异值）决定；前馈网络每一层都抽取新的 W，"
        "由 λ₁ 决定，而 λ₁ 是权重所来自的分布的性质。"
    ),
    "exploding.train_header": "当训练溢出时",
    "exploding.train_caption": (
        "一个 {depth} 层 tanh 网络，W ~ N(0, w²/n)，用普通 SGD 在两条螺旋线上训练 {steps} 步（平方误差损失）："
        "一次不裁剪，一次按你设定的阈值做梯度范数裁剪。随机种子相同，数据相同。在第一步之前，这个网络第一层得到的梯度"
        "是最后一层的 {ratio} 倍（dL/dz 的均方根，针对这个损失和数据）。"
    ),
    "exploding.train_scale": "该网络的权重尺度 w",
    "exploding.train_scale_help": (
        "w = {w:g} 时，在任何训练步之前，这个网络第一层得到的梯度是最后一层的 {ratio:.2g} 倍；"
        "从 w ≈ {onset:.2g} 起它得到的更多：训练开始之前，梯度就已经随深度增长。"
    ),
    "exploding.train_start": "开始两次训练",
    "exploding.train_prompt": "**先预测：**{question}然后点击*开始两次训练*（这些设置的结果会被保留）。",
    "exploding.run_plain": "不裁剪",
    "exploding.run_clipped": "按 {threshold} 裁剪",
    "exploding.train_title": "训练损失",
    "exploding.train_subtitle": "虚线：始终预测均值；超出顶端的曲线被截断；带标注的竖线标出溢出",
    "exploding.baseline": "始终预测 {mean:g}：{mse:.3f}",
    "exploding.gnorm_title": "每一步的梯度范数",
    "exploding.gnorm_subtitle": "裁剪前；虚线为裁剪阈值",
    "exploding.gnorm_y": "全部参数的 ‖g‖，裁剪前（对数坐标）",
    "exploding.threshold": "裁剪阈值 {threshold}",
    "exploding.event": "**不裁剪时在第 {step} 步溢出**：{quantity}变为 inf/NaN，训练就此停止。加上裁剪后，这次训练{clipped_outcome}。",
    "exploding.clipped_learned": "在全部 {steps} 步中都保持有限，最终损失为 {loss:.3g}，低于始终预测 {mean:g} 的 {baseline:.3f}：它学到了东西",
    "exploding.clipped_stuck": "在全部 {steps} 步中都保持有限，但最终损失为 {loss:.3g}，没有低于始终预测 {mean:g} 的 {baseline:.3f}",
    "exploding.clipped_overflow": "也在第 {step} 步溢出：裁剪限制了每一步的长度，但在这个学习率下，{steps} 步训练仍然会发散",
    "exploding.no_event": "不裁剪时 {steps} 步内没有溢出：最终损失为 {loss:.3g}，而始终预测 {mean:g} 的损失为 {baseline:.3f}。提高学习率可以让它溢出。",
    "exploding.depth_vs_step": (
        "**两种不同的失败**。*沿深度的爆炸*是网络在初始化时的性质：当 w = {w:g}、共 {depth} 层时，在任何训练步之前，"
        "输入处的梯度就已是输出处的 {gain:,.0f} 倍，与学习率无关。*发散*是步长的性质：即使权重处于临界尺度 w = {train_w:g}，"
        "过大的学习率也会让更新冲过头，损失不断攀升直至溢出。裁剪会重新缩放优化器所用的梯度，使每一步的长度不超过"
        "学习率 × 阈值；反向传播得到的梯度本身保持不变（梯度范数图显示的是裁剪前的梯度）。更小的学习率能消除发散的根源；"
        "让每层因子接近 1 的权重能消除沿深度的爆炸。"
    ),
    "exploding.notice": (
        "- 在 **w = {w:g}、深度 {depth}** 时，增益恰好是 {w:g}$^{{{depth}}}$ = {gain:,.0f}；当 w = {small_w:g} 时，"
        "同样 {depth} 个因子的乘积会消失（{small_gain:.3g}）：同一种机制，两种失败。\n"
        "- **输入和最前面的层**得到的梯度最大：和梯度消失一样，爆炸程度随与损失的距离而增长。\n"
        "- 在矩阵实验中，从长期看 ‖Wᵏx‖ 按 |λ_max|ᵏ 增长，且永远不会快于 σ_maxᵏ‖x‖。默认的 W 不是正规矩阵："
        "|λ_max| = {lam:.3g}，而 σ_max = {sigma:.3g}；第一次相乘就把 x 拉长了 {first_step:.3g} 倍，"
        "{k} 步之后 σ_max 上界比实测值高 {gap:,.0f} 倍。\n"
        "- 在 **w = {train_w:g}、学习率 {lr:g}**（默认设置）下训练：不裁剪时损失一步步攀升直至**溢出**；"
        "按 {tau:g} 裁剪后，同样的训练保持有限，且最终损失低于始终预测均值的损失。这是步长导致的发散："
        "学习率为 {safe_lr:g} 时两次训练都不会溢出。\n"
        "- 沿深度的爆炸是另一种失败：w = {deep_w:g} 时，在任何训练步之前梯度就向第一层增长 {deep_ratio:.3g} 倍，"
        "但在学习率 {safe_lr:g} 下它训练时不会溢出，损失还低于 w = {train_w:g} 时；学习率为 {risky_lr:g} 时，"
        "w = {train_w:g} 和 w = {deep_w:g} 都会溢出。"
    ),
    "exploding.math_product": "若 L 个线性层每层都有 W = w·I，反向传播就把同一个因子连乘 L 次：",
    "exploding.math_spectral": "对任意权重，梯度的增长都受最大奇异值的约束：",
    "exploding.math_clip": "梯度范数裁剪（Pascanu et al. 2013），阈值为 τ：",
    "exploding.reading": (
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*："
        "梯度爆炸的谱条件与梯度范数裁剪。\n"
        "- Bengio, Simard & Frasconi (1994), *Learning long-term dependencies with gradient descent is difficult*。\n"
        "- Goodfellow, Bengio & Courville (2016), *Deep Learning*（中译本《深度学习》），§8.2.4（悬崖与梯度爆炸）和 §10.11.1（梯度裁剪）。"
    ),
    "preset.exploding.five_to_ten.name": "5¹⁰：十个 W = 5·I 的线性层",
    "preset.exploding.five_to_ten.what": "反向传播连乘十次 5，指标显示的是 autograd 在 float32 中的实测值：恰好为 5¹⁰。图中最左边的点，即输入处的梯度，就是同一个数。",
    "preset.exploding.half_to_ten.name": "0.5¹⁰：同一个乘积，梯度消失",
    "preset.exploding.half_to_ten.what": "同一网络取 W = 0.5·I：仍是十个因子的乘积，但每个因子都小于 1，于是梯度反过来向输入端缩小（指标显示 0.5¹⁰）。梯度爆炸与梯度消失是同一机制——逐层因子的连乘——分别位于 1 的两侧。",
    "preset.exploding.article_matrix.name": "某篇流行文章中的矩阵",
    "preset.exploding.article_matrix.what": "W = [[2, 3], [4, 5]]，x = (1, 1)：某篇流传甚广的文章中的例子，文章说它的特征值是 7 和 1。指标显示的是真正的特征值；它的最大奇异值与最大特征值非常接近，因此三条曲线几乎叠在一起。",
    "preset.exploding.newman.name": "{n}×{n} N(0, {variance:g})：λ₁ = {lam:.3f}",
    "preset.exploding.newman.what": (
        "元素服从 N(0, {variance:g})（n = {n} 时 σ = {sigma:g}），即 Newman 的例子：每步换新矩阵的乘积，理论上每步增长 "
        "λ₁ = {lam:.3f}，实测为 {measured:.3f}，即每步乘以 exp(λ₁) = {growth:.3f}，小于均方根每步增长的倍数 σ = {sigma:g}"
        "（对数是凹函数）。换一个单个 W 的抽样：它的 ρ(W) 随抽样而变，λ₁ 不变。"
    ),
    "preset.exploding.divergence.name": "步长导致的发散（Pascanu et al. 2013）",
    "preset.exploding.divergence.what": "本页的默认设置：处于临界尺度 w = 1 的 tanh 网络，用 SGD、学习率 0.3 训练。不裁剪时损失一步步攀升直至溢出；按范数裁剪到 1 后，同一次训练保持有限，且最终损失低于始终预测均值的损失（Pascanu, Mikolov & Bengio 2013）。",
    "preset.exploding.deep_explosion.name": "沿深度的爆炸不等于发散",
    "preset.exploding.deep_explosion.what": "w = 3 的 tanh 网络，在任何训练步之前梯度就向第一层增长（说明文字给出倍数），以学习率 0.01 训练：两次训练都不会溢出，且最终损失都远低于始终预测均值的损失。初始化时随深度增长的梯度与发散的步长是两种不同的失败。",
    "predict.exploding.question": "W = {w:g}·I、共 {depth} 层时增益为 {gain}。如果把 w 减半，增益会除以多少？",
    "predict.exploding.answer": "把 w 减半，{depth} 个因子各减半，因此增益缩小 2$^{{{depth}}}$ = {factor:,} 倍，变为 **{halved}**。",
    "predict.exploding.train_question": "在 {steps} 步内哪次训练会溢出：不裁剪的那次、按阈值 {threshold} 裁剪的那次，两次都会，还是两次都不会？",
    "predict.exploding.outcome.plain": "只有不裁剪的那次",
    "predict.exploding.outcome.both": "两次都会",
    "predict.exploding.outcome.neither": "两次都不会",
    "predict.exploding.outcome.clipped": "只有裁剪的那次",
    "predict.exploding.train_answer": "实测：**{outcome}**溢出。",
    # --- RNN vs LSTM/GRU ------------------------------------------------------------
    "rnn.title": "RNN 与 LSTM / GRU",
    "rnn.intro": (
        "循环神经网络在每个时间步都使用**相同的**权重，因此随时间反向传播时，每往回一步，梯度都要乘以同一类雅可比矩阵。"
        "序列越长，相乘的因子就越多，步数有多少，因子就有多少：乘积要么消失（网络遗忘很久以前发生的事），要么爆炸。"
        "门控单元 LSTM 和 GRU 增加了一条通路，它每步的因子是网络可以保持打开的**门**。在 PyTorch 自带的初始化下，"
        "这些门处于半开状态，新初始化的 LSTM 或 GRU 遗忘得和普通 RNN 差不多快；本页按 Jozefowicz et al. (2015) 的建议，"
        "让 LSTM 的遗忘门在初始时开得更大，GRU 的更新门也同样处理，并用一个开关恢复 PyTorch 的初始化。真正起作用的是：门可以被设定为（或学会）保持打开。"
    ),
    "rnn.cell.rnn": "tanh RNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
    "rnn.gate.lstm": "遗忘门",
    "rnn.gate.gru": "更新门",
    "rnn.init.default": "PyTorch 默认 U(±1/√H)",
    "rnn.init.orthogonal": "正交 × scale",
    "rnn.init.scaled_normal": "正态 N(0, scale²/H)",
    "rnn.init.identity": "单位矩阵 × scale（IRNN）",
    "rnn.time_header": "初始化时梯度随时间的变化",
    "rnn.seq_len": "序列长度",
    "rnn.hidden": "隐藏单元数 H",
    "rnn.cells": "参与比较的单元",
    "rnn.recurrent_init": "循环权重 W_hh",
    "rnn.recurrent_scale": "循环权重尺度",
    "rnn.recurrent_scale_help": "用于正交、正态和单位矩阵初始化（作用于 W_hh 中每个门的 H×H 块）；PyTorch 默认初始化会忽略它。",
    "rnn.pytorch_biases": "PyTorch 随机偏置",
    "rnn.pytorch_biases_help": (
        "打开：使用 PyTorch 自带的初始化。b_ih 和 b_hh 的每个元素都从 U(−1/√H, 1/√H) 中抽取，因此门偏置是随机的，"
        "各门初始时半开（core 中的 forget_bias=None）。关闭：由下面两个滑块精确设定遗忘门和更新门的偏置"
        "（b_ih = 该值，b_hh = 0）：此时偏置为 0 就是恰好为零，这并不是 PyTorch 的初始化。"
    ),
    "rnn.forget_bias": "LSTM 遗忘门偏置",
    "rnn.forget_bias_help": (
        "f = σ(W_f x + U_f h + b_f) 中的 b_f，精确设为该值（在 core 中为数值；"
        "None 表示 PyTorch 的随机初始化，即上面的开关）。{recommended:g} 是 Jozefowicz et al. (2015) 的推荐值，"
        "也是 Keras 的默认值。"
    ),
    "rnn.update_bias": "GRU 更新门偏置",
    "rnn.update_bias_help": "z = σ(…+ b_z) 中的 b_z，精确设为该值；PyTorch 的 GRU 计算 h′ = (1 − z)·n + z·h，因此 z 较大时会保留旧状态。",
    "rnn.no_cells": "请至少选择一种单元进行比较。",
    "rnn.flow_title": "到达各个更早时间步的梯度",
    "rnn.flow_subtitle": "‖dL/dhₜ‖：对隐藏单元取欧几里得范数，再对批次取均方根；损失只在最后一步计算（并在该处归一化为 1），初始化时的一次反向传播",
    "rnn.steps_back": "距损失的回溯步数",
    "rnn.grad_y": "‖dL/dhₜ‖（对数坐标）",
    "rnn.grad_value": "‖dL/dhₜ‖",
    "rnn.bound": "tanh RNN 的上界：σ_max(W_hh)ᵏ",
    "rnn.metric_back": "{cell}：回溯 {steps} 步",
    "rnn.metric_sigma": "RNN σ_max(W_hh)",
    "rnn.metric_sigma_help": "Pascanu et al. (2013)：使用 tanh（|tanh′| ≤ 1）时，σ_max < 1 是梯度消失的充分条件；σ_max > 1 是梯度爆炸的必要（而非充分）条件。",
    "rnn.sigma.below": "小于 1：梯度必然消失。",
    "rnn.sigma.about": "约等于 1：上界始终接近 1，梯度不会明显增长，也不一定消失。",
    "rnn.sigma.above": "大于 1：梯度可能爆炸（但不一定：上界只是允许它爆炸）。",
    "rnn.per_step": "回溯 {steps} 步内，每步的平均因子：{factors}。",
    "rnn.per_step_cell": "{cell} ×{factor:.3f}",
    "rnn.per_step_gated": "{cell} ×{factor:.3f}（{gate}均值 {value:.2f}）",
    "rnn.per_step_underflow": "{cell}：{underflow}",
    "rnn.race_header": "加法问题上的训练比赛",
    "rnn.race_caption": (
        "每个序列包含 [0, 1] 内的随机数和两个标记，前后两半各有一个；目标是两个被标记数字之和"
        "（Hochreiter & Schmidhuber 1997；Le, Jaitly & Hinton 2015）。始终预测常数 1（目标的均值）的 MSE = {fraction} ≈ {baseline:.3f}："
        "明显低于这个值的单元已经学会把一个数字跨越整个序列携带下去。"
        "隐藏层大小 {hidden}，批大小 {batch}，每步使用新的批次；各单元使用上面设置的循环权重初始化和门偏置。"
    ),
    "rnn.race_seq_len": "比赛序列长度",
    "rnn.race_steps": "训练步数",
    "rnn.race_start": "开始比赛",
    "rnn.race_prompt": "**先预测**：{question}然后点击*开始比赛*（各单元依次训练；这些设置下的结果会被保留）。",
    "rnn.race_title": "加法问题：训练过程中的损失",
    "rnn.race_subtitle": "每步的均方误差（对数坐标）；虚线为常数预测基线 {fraction}",
    "rnn.race_y": "MSE（对数坐标）",
    "rnn.baseline": "基线 {fraction}（预测 1）",
    "rnn.outcome.solved": "已解决：为基线的 {share:.1%}。",
    "rnn.outcome.learning": "部分学会：为基线的 {share:.0%}。",
    "rnn.outcome.stuck": "停在基线（为基线的 {share:.0%}）。",
    "rnn.outcome.overflow": "在第 {step} 步溢出。",
    "rnn.outcome_help": "最后 {window} 步的平均 MSE。已解决：低于基线的 {solved:.0%}；停在基线：高于基线的 {stuck:.0%}。",
    "rnn.change": "第一个时间步的梯度：初始化时 {before:.2g}，训练后 {after:.2g}（×{ratio:.3g}）。",
    "rnn.change_gate": "最开放单元的{gate}均值：初始化时 {gate_before:.2f}，训练后 {gate_after:.2f}。",
    "rnn.clip_title": "训练过程中的梯度范数",
    "rnn.clip_subtitle": "全部参数的 ‖g‖：裁剪前（实线或长划线）和裁剪后（短虚线或点线）",
    "rnn.clip_y": "全部参数的 ‖g‖（对数坐标）",
    "rnn.before_clip": "{cell}，裁剪前",
    "rnn.after_clip": "{cell}，裁剪后",
    "rnn.threshold": "阈值 {threshold}",
    "rnn.after_title": "梯度随时间的变化：初始化时与训练后",
    "rnn.after_subtitle": "相同序列上的 ‖dL/dhₜ‖；短虚线或点线：初始化时，实线或长划线：比赛结束后",
    "rnn.at_init": "{cell}（初始化）",
    "rnn.trained": "{cell}（训练后）",
    "rnn.notice": (
        "- 在 **PyTorch 默认初始化**下（打开 *PyTorch 随机偏置*），LSTM 遗忘门的均值为 {pt_forget_gate:.2f}，"
        "因此仅靠细胞状态通路，梯度在 {pt_steps} 步内会衰减 {pt_cell_path_decades:.0f} 个数量级。梯度还会经由各个门到达 hₜ，"
        "平均每步乘以 ×{pt_lstm_factor:.3f}；tanh RNN 的梯度每步乘以 ×{pt_rnn_factor:.3f}。两者都衰减约 {pt_lstm_decades:.0f} 个数量级"
        "（{pt_lstm_far:.1e} 和 {pt_rnn_far:.1e}）：新初始化的 LSTM 并不比普通 RNN 强。\n"
        "- 本页把遗忘门偏置的初值设为 **{bias:g}**（Jozefowicz et al. 2015；也是 Keras 的默认值）：遗忘门均值为 {bias_gate:.2f}，"
        "LSTM 回溯 {pt_steps} 步的梯度为 {bias_far:.1e}，比 PyTorch 初始化时多 {bias_gained:.0f} 个数量级。偏置恰好为 0 也不是 PyTorch 的初始化："
        "{zero_far:.1e}。GRU 的更新门偏置对 GRU 起同样的作用。\n"
        "- 对于 tanh RNN，由于 |tanh′| ≤ 1，梯度始终位于虚线 σ_max(W_hh)ᵏ 之下：把初始化设为正交、尺度小于 1，即可看到这条上界衰减。\n"
        "- 在比赛中，请看每个单元下方的说明：学会任务的单元，训练后传到第一个时间步的梯度比初始化时更大，"
        "其最开放单元的保留门也开得更大；没有学会任务的普通 RNN，传回的梯度反而更小。"
    ),
    "rnn.math_bptt": "随时间反向传播时，每回溯一步就乘以一个雅可比矩阵；对于 tanh RNN hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b)：",
    "rnn.math_lstm": "LSTM 的细胞状态以加法方式更新，因此沿细胞状态通路的雅可比矩阵就是遗忘门（Hochreiter & Schmidhuber 1997；Gers et al. 2000）：",
    "rnn.math_gru": "GRU 用更新门 z 在旧状态和候选状态之间插值（采用 PyTorch 的约定）：",
    "rnn.reading": (
        "- Hochreiter & Schmidhuber (1997), *Long short-term memory*；Gers, Schmidhuber & Cummins (2000), *Learning to forget*。\n"
        "- Cho et al. (2014)：GRU。\n"
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*：σ_max 条件与梯度裁剪。\n"
        "- Le, Jaitly & Hinton (2015), *A simple way to initialize recurrent networks of rectified linear units*：IRNN 与加法问题。\n"
        "- Jozefowicz, Zaremba & Sutskever (2015), *An empirical exploration of recurrent network architectures*：遗忘门偏置设为一。"
    ),
    "preset.rnn.pascanu.name": "Pascanu et al. 2013：σ_max(W_hh) = 0.9",
    "preset.rnn.pascanu.what": "tanh RNN 的 W_hh 为正交矩阵乘以 0.9：所有奇异值都等于 σ_max，向前 k 步的梯度始终低于虚线 σ_maxᵏ，正如 Pascanu, Mikolov & Bengio (2013) 所证明：σ_max < 1 足以导致梯度消失。",
    "preset.rnn.irnn.name": "Le et al. 2015：单位矩阵循环权重（IRNN）",
    "preset.rnn.irnn.what": "W_hh = I，取自 Le, Jaitly & Hinton (2015)，原文搭配 ReLU 单元。这里用 tanh，σ_max = 1，梯度只因 tanh 的饱和而衰减：每步的衰减远比 PyTorch 默认初始化时慢（每步因子见图下方）。",
    "preset.rnn.pytorch_init.name": "PyTorch 默认初始化：门半开",
    "preset.rnn.pytorch_init.what": "PyTorch 自带的初始化，门偏置随机：各门初始时半开，LSTM 和 GRU 损失的数量级与 tanh RNN 差不多。下方的“注意观察”用具体数字解释了原因。",
    "preset.rnn.open_gates.name": "门保持打开：偏置 3，长度 200",
    "preset.rnn.open_gates.what": "较大的遗忘门和更新门偏置让门几乎完全打开（均值见图下方）：在整个序列上，LSTM 和 GRU 的梯度只变化几个数量级，而 tanh RNN 的梯度消失。这正是门的作用；训练中门会学到这样的设置。",
    "preset.rnn.race_long.name": "长度 50 的加法问题",
    "preset.rnn.race_long.what": "比默认设置更长的比赛：点击*开始比赛*。tanh RNN 停在基线，而 LSTM 和 GRU 解决了任务；每个单元下方的说明比较了训练前后第一个时间步的梯度。",
    "predict.rnn.question": "在当前设置下，向前 {steps} 步时哪种单元保留的梯度最大？",
    "predict.rnn.answer": "{ranking}。每回溯一步，它们的梯度平均乘以 {factors}：每步的微小差异在 {steps} 步中累积，使最大与最小者相差 {gap} 个数量级。单元的保留门开得越大，梯度衰减得越慢。",
    "predict.rnn.gap_underflow": "超过 {decades:.0f}",
    "predict.rnn.race_question": "在 {steps} 步内，哪些单元能解决加法问题，使 MSE 降到基线 {fraction} 的 {solved:.0%} 以下？可以选任意几个，也可以一个都不选。",
    "predict.rnn.race_answer": "本次比赛中解决了任务（低于基线的 {solved:.0%}）的单元：**{cells}**。",
    # --- Residual blocks ---------------------------------------------------------
    "residual.title": "残差块",
    "residual.intro": (
        "残差块把输入加回到输出上：**y = x + α·F(x)**。反向传播经过它时乘的是 **I + α·∂F/∂x**，而不是 ∂F/∂x，"
        "因此梯度总有一条不是长串乘积的通路通往前面的层：恒等映射。这里的 F 是 He et al. (2016) 的预激活分支："
        "两个权重层，最后一层是权重均值为零的线性层，因此分支不会给信号加上正的均值（以 ReLU 结尾的分支会在每个块都加上一个正均值）。普通网络由同样的块、同样的权重构成，只是去掉了跳跃连接。"
        "恒等通路解决了梯度消失，但求和也会增长：每个分支都加上自己的方差，所以除非 α 足够小，梯度会朝输入方向增长。"
        "本页同时测量这两个方面，并与预测它们的规律并列对照。"
    ),
    "residual.diagram_identity": "恒等快捷连接：y = x + α·F(x)",
    "residual.diagram_projection": "宽度变化处的投影快捷连接（训练网络的第一个块，其输入是平面上的点）：y = W_s x + α·F(x)",
    "residual.diagram_caption": (
        "F 是 He et al. (2016) 的预激活分支：[归一化] → 激活函数 → 线性层 W → [归一化] → 激活函数 → 线性层 V。"
        "第一个块直接读取原始数据（先经过线性层 W）。普通网络是同样的块去掉跳跃连接：y = F(x)。"
    ),
    "residual.dot_input": "x",
    "residual.dot_branch": "F(x)：[归一化] → φ → W → [归一化] → φ → V",
    "residual.dot_scale": "× α",
    "residual.dot_projection": "W_s x（线性层，无偏置）",
    "residual.dot_identity": "恒等映射",
    "residual.flow_header": "普通网络与残差网络，权重相同",
    "residual.depth": "深度（残差块数）",
    "residual.depth_help": "每个块有两个权重层 W 和 V。普通网络由同样的块构成，但没有跳跃连接。",
    "residual.alpha": "分支缩放系数 α",
    "residual.alpha_help": (
        "y = x + α·F(x)，α 固定不变。α = 1 是 He et al. 的残差块。对 ReLU，规律是每个块增长 1 + α²/4 倍，因此固定的 "
        "α ≈ 1/√depth 在任意深度下都能把增长控制在 {bound:.3f} 以内（Hayou et al. 2021 的 Stable ResNet 就这样缩放分支）。"
        "SkipInit（De & Smith 2020）和 ReZero（Bachlechner et al. 2020）则给每个分支乘上一个可训练的标量，初始值为零"
        "（SkipInit 也允许从小于 1/√depth 的小值开始）：每个块一开始都是恒等映射。"
        "Fixup（Zhang, Dauphin & Ma 2019）保留一个初始为一的乘数，把每个分支的最后一层初始化为零，"
        "并把分支中其他层按 L^(−1/(2m−2)) 缩放，m 为每个分支的层数。"
    ),
    "residual.alpha_hint": "深度为 {depth} 时，1/√depth ≈ {value:.3f}。",
    "residual.norm": "分支中的归一化",
    "norm.none": "无",
    "norm.batch": "批归一化（BatchNorm）",
    "norm.layer": "层归一化（LayerNorm）",
    "residual.net.plain": "普通网络",
    "residual.net.residual": "残差网络（α = {alpha:g}）",
    "residual.theory.plain": "普通网络：规律（平均场）",
    "residual.theory.residual": "残差网络：规律（平均场）",
    "residual.metric_plain": "普通：第 1 块 ÷ 第 {depth} 块",
    "residual.metric_residual": "残差：第 1 块 ÷ 第 {depth} 块",
    "residual.metric_law": "规律：第 1 块 ÷ 第 {depth} 块",
    "residual.metric_help": (
        "第 1 块输出处 dL/dh 的均方根（对批次和单元求）除以最后一个块输出处的值，在初始化时测量。"
        "梯度相等时比值为 1；远小于它表示梯度消失，远大于它表示梯度朝输入方向增长。"
    ),
    "residual.metric_law_help": (
        "这个残差网络的平均场规律（无限宽、无归一化，theory.residual_profile）：朝输入方向，每个块把均方梯度乘以 1 + α²χ，"
        "χ 由激活函数算出（ReLU：χ 恰为 {relu_chi:g}）。有限宽度的网络会在它周围散布。"
    ),
    "residual.law_none": "未画出规律：它假设没有归一化（批归一化和层归一化会按批次或样本的统计量重新缩放每个块）。",
    "residual.theory_caption": "虚线：平均场规律（无限宽；是理论，不是拟合），以实测的最后一个块为锚点。有限宽度的网络会在它周围散布。",
    "residual.block": "块（1 = 最靠近输入）",
    "residual.grad_axis": "dL/dh 的均方根（对数坐标）",
    "residual.flow_title": "到达各块的梯度：普通网络与残差网络",
    "residual.flow_subtitle": "初始化时每个块输出处 dL/dh_i 的均方根；权重相同，残差网络额外加了恒等跳跃连接",
    "residual.ln_header": "Transformer：Post-LN 与 Pre-LN",
    "residual.ln_caption": (
        "一个 Transformer 块有两个残差分支：自注意力和前馈网络（FFN），各带一个层归一化（LN）。**Post-LN**（最初的 Transformer）"
        "在每次相加之后归一化，x ← LN(x + F(x))；**Pre-LN** 在分支内部归一化，x ← x + F(LN(x))，并在最后一块之后再归一化一次。"
        "两者都是 PyTorch 的 nn.TransformerEncoderLayer（norm_first 关 / 开；FFN 宽度 {ffn}·d，ReLU，无 dropout），"
        "权重为 Xavier 正态初始化，偏置为零。输入：{batch} 个序列，每个含 {seq_len} 个随机词元嵌入；损失：固定随机读出层"
        "对每个词元的随机类别（共 {classes} 类）的交叉熵。初始化时的梯度，取 {seeds} 个网络的平均。"
    ),
    "residual.ln_layers": "块数 L",
    "residual.ln_d_model": "模型宽度 d",
    "residual.ln_variant.post": "Post-LN",
    "residual.ln_variant.pre": "Pre-LN",
    "residual.ln_same": "差不多（相差不到 {band:g} 倍）",
    "residual.ln_metric_ratio": "{name}：第 {layers} 块 ÷ 第 1 块",
    "residual.ln_metric_ratio_help": "最后一块的 FFN 权重梯度 ‖∂L/∂W₂‖ 与第一块之比：小于 1 表示靠近输出的块得到的梯度更小。",
    "residual.ln_metric_last": "第 {layers} 块：Post-LN ÷ Pre-LN",
    "residual.ln_metric_last_help": "相同权重和输入下，Post-LN 最后一块的 FFN 权重梯度与 Pre-LN 之比：在相同学习率下，Post-LN 在输出端的第一次更新大多少倍。",
    "residual.ln_theory": "{name}：理论 ∝ 1/RMS(xₗ)",
    "residual.ln_title": "各块的 FFN 权重梯度：Post-LN 与 Pre-LN",
    "residual.ln_subtitle": "初始化时的 ‖∂L/∂W₂‖（Frobenius 范数），{seeds} 个网络的平均；虚线：∝ 该块输出处残差流的均方根的倒数，以最后一块为基准",
    "residual.ln_axis": "‖∂L/∂W₂‖（对数坐标）",
    "residual.ln_why": (
        "原因：损失只通过层归一化看到残差流 x，而层归一化要除以 x 的均方根（RMS）。Post-LN 在每一块之后都重新归一化残差流"
        "（RMS 为 1），所以各块的 FFN 梯度彼此相差不到 {post_spread:.2f} 倍。Pre-LN 从不这样做：每一块都把输出加到残差流上，"
        "最后一块处残差流的 RMS 达到 {rms:.2f}，到达第 l 块的梯度按 1/RMS(xₗ) 下降（虚线；实测梯度 × RMS 的变化不超过 "
        "{law_spread:.2f} 倍），因此各块梯度相差可达 {pre_spread:.2f} 倍。"
    ),
    "residual.ln_warmup": (
        "**为什么 Post-LN 需要预热（warm-up）。** Xiong 等（2020，定理 1）：初始化时，最后一块 FFN 权重的梯度在 Post-LN 中为 "
        "O(d√(ln d))，与深度 L 无关；在 Pre-LN 中为 O(d√(ln d / L))。实测（d = {d_model}，{seeds} 个网络）：从 L = {short} "
        "块到 L = {long} 块，Pre-LN 的梯度被除以 {pre:.2f}（规律给出 √{factor} = {sqrt:g}，随 L 增大而趋近；残差流的 RMS "
        "增大了 {rms:.2f} 倍），Post-LN 的被除以 {post:.2f}。此处 L = {layers}，Post-LN 最后一块得到的梯度是 Pre-LN 的 "
        "{last:.2f} 倍，所以在相同学习率下，SGD 的第一步使它的权重移动 {last:.2f} 倍的距离。Xiong 等发现，没有学习率预热"
        "（学习率从接近零开始、在最初若干步中逐渐增大），Post-LN 训练效果很差，而 Pre-LN 不需要预热也能训练。"
    ),
    "residual.verdict_off": (
        "**α = 0 关闭了所有分支。** 此时残差网络就是恒等映射：梯度原封不动地到达第 1 块（{ratio}），"
        "而分支的权重完全得不到梯度（最大的 ‖dL/dW‖：{weight_grad:g}，恰为零，因为 α 乘在每个分支上，并非浮点下溢）。"
        "ReZero 和 SkipInit 正是从这里出发，把 α 作为每个块可训练的标量：它自己的梯度 dL/dα = Σ dL/dh · F(h) 不为零"
        "（各块的均方根为 {alpha_grad:.3g}），所以 α 在第一步就离开零，分支开始学习。"
    ),
    "residual.verdict_grows": "加了跳跃连接后，梯度朝输入方向**增长**到 {ratio}：每个分支都把自己的方差加到跳跃通路上。请降低 α：试试 1/√depth ≈ {value:.3f}。",
    "residual.verdict_flat": "加了跳跃连接后，第 1 块的梯度与最后一个块相差在 {band:g} 倍以内（{ratio}）：恒等通路把梯度传了过去。",
    "residual.verdict_shrinks": "即使有跳跃连接，这里的梯度仍朝输入方向缩小到 {ratio}。",
    "residual.degradation_header": "退化实验",
    "residual.degradation_caption": (
        "He et al. (2016) 发现，更深的普通网络训练后的训练误差反而**高于**较浅的网络（在 CIFAR-10 上 plain-56 比 "
        "plain-20 更差），尽管深层网络完全可以复制浅层网络，并把多出来的层设为恒等映射。"
        "他们的普通网络带有批归一化，而且经他们检查梯度大小正常：失败的原因不是梯度消失。"
        "本实验：三个由预激活块构成的网络在两条螺旋线上训练，随机种子相同，宽度 {width}，Xavier 正态权重，无归一化，"
        "Adam（学习率 {lr}），{steps} 步全批量训练；浅层普通网络有 {shallow} 个块。"
        "每个网络下方显示：最终损失，以及第一步所得梯度的第 1 块 ÷ 最后一个块之比。"
    ),
    "residual.deep_depth": "深层网络深度（块数）",
    "residual.run.shallow_plain": "浅层普通（{depth} 个块）",
    "residual.run.deep_plain": "深层普通（{depth} 个块）",
    "residual.run.deep_residual": "深层残差（{depth} 个块，α = {alpha:g}）",
    "residual.train_start": "训练三个网络",
    "residual.train_prompt": "**先预测**：{question} 然后点击*训练三个网络*。",
    "residual.train_title": "训练损失：浅层普通、深层普通、深层残差",
    "residual.train_subtitle": "两条螺旋线上的二元交叉熵（对数坐标）；随机猜测水平为 ln 2 ≈ {chance:.3f}",
    "residual.run_caption": "最终损失。第一步的梯度，第 1 块 ÷ 第 {depth} 块：{ratio}",
    "residual.notice": (
        "- **sigmoid、深度 {depth}、无跳跃连接**：普通网络的梯度在到达第 1 块之前就降到 {sigmoid_plain:g}："
        "float32 下溢（规律预测为 {sigmoid_law:.1e}）。同样的权重加上恒等跳跃连接：{sigmoid_residual:.3g} 倍，"
        "在 {band:g} 倍以内。\n"
        "- **ReLU、无归一化、α = 1**：普通网络第 1 块得到的梯度是最后一个块的 {relu_plain:.1e}，而残差网络的梯度朝输入方向"
        "增长 {relu_residual:.3g} 倍（规律：{relu_law:.3g} 倍；有限宽度的网络会在它周围散布）。"
        "取 α = 1/√{depth} ≈ {scaled_alpha:.3f} 时为 {scaled_residual:.3g} 倍（规律：{scaled_law:.3g} 倍），在 {band:g} 倍以内。\n"
        "- **退化**（tanh）：{deep_depth} 个块的普通网络停在随机猜测水平附近（ln 2 ≈ {chance:.3f}），而 {shallow_depth} 个块的"
        "网络能够学习，{deep_depth} 个块的残差网络（同样的块加上跳跃连接）也能学习。深层普通网络的梯度并没有消失：第一步时第 1 块得到的梯度是第 "
        "{deep_depth} 块的 {deep_plain_gradient:.2g}。仅仅是深度就让普通网络更难训练，这正是 He et al. (2016) 所说的退化；"
        "跳跃连接让深层网络能够学习。"
    ),
    "residual.math_block": "预激活残差块（He et al. 2016）及其雅可比矩阵，其中含有一个单位矩阵项：",
    "residual.math_product": "经过 L 个残差块，梯度是这些因子的乘积；展开后是对全部 2ᴸ 条路径的求和，而跳过所有残差块的那条路径会把梯度原封不动地传过去：",
    "residual.math_variance": (
        "使用 ReLU、Var W = Var V = 1/n、零偏置且不做归一化时，V 与 h 独立且均值为零，因此分支加到均方值 q 上时没有交叉项。"
        "ReLU 在分支内把均方值减半两次，所以第一个块之后的每个块把 q 乘以 1 + α²/4（第一个块读取的是未减半的数据：1 + α²/2），"
        "而均方梯度朝输入方向每个块也乘以同样的因子（theory.relu_residual_growth；sigmoid 和 tanh 的虚线规律来自 "
        "theory.residual_profile）。因此 α = 1 时随深度指数增长，而 α = 1/√L 在任意深度下都把规律的均方根增长控制在 "
        "e^(1/8) ≈ {bound:.3f} 以内。深度 {depth}、宽度 {width}、α = {alpha:g} 时：实测 {measured:.3f}，规律 {law:.3f}；"
        "{seeds} 个不同随机种子的网络给出 {low:.3f} 到 {high:.3f}，这是有限宽度带来的散布："
    ),
    "residual.reading": (
        "- He, Zhang, Ren & Sun (2016), *Deep residual learning for image recognition*；*Identity mappings in deep residual networks*（本页使用的预激活块）。\n"
        "- Veit, Wilber & Belongie (2016), *Residual networks behave like ensembles of relatively shallow networks*：对路径求和的视角。\n"
        "- Balduzzi et al. (2017), *The shattered gradients problem*；Hayou et al. (2021), *Stable ResNet*：把分支按 1/√L 缩放。\n"
        "- De & Smith (2020), *Batch normalization biases residual blocks towards the identity function*（SkipInit：可训练的分支缩放系数，"
        "初始为零或一个小值）；Bachlechner et al. (2020), *ReZero*（可训练的缩放系数，初始为零）；Zhang, Dauphin & Ma (2019), "
        "*Fixup initialization*（每个分支的最后一层初始为零，其他层缩小）。"
    ),
    "preset.residual.sigmoid_skips.name": "sigmoid，深度 50：跳跃连接挽救梯度",
    "preset.residual.sigmoid_skips.what": "没有跳跃连接时，梯度在到达第 1 块之前就发生 float32 下溢（“普通”指标会显示）；加上恒等跳跃连接，同样的权重能让第 1 块的梯度与最后一个块相差在 10 倍以内，正如虚线规律所预测。",
    "preset.residual.relu_skips.name": "ReLU，深度 50，α = 1：跳跃连接使梯度增长",
    "preset.residual.relu_skips.what": "ReLU、无归一化、α = 1 时，每个分支都加上自己的方差：残差网络的梯度朝输入方向增长，远超 10 倍，虚线规律（每个块 1 + α²/4）在有限宽度网络的散布范围内预测了它；普通网络的梯度则消失。若不把分支缩小，跳跃连接只是把消失换成了增长。",
    "preset.residual.scaled_skips.name": "ReLU，深度 50，α ≈ 1/√50",
    "preset.residual.scaled_skips.what": "固定的分支缩放 α ≈ 1/√depth（Hayou et al. 2021 的 Stable ResNet）让第 1 块的梯度与最后一个块相差在 10 倍以内：规律的增长在任意深度下都低于 e^(1/8)。SkipInit 和 ReZero 起点更低，从零开始（见下一个预设）。",
    "preset.residual.alpha_zero.name": "ReZero 与 SkipInit：α = 0",
    "preset.residual.alpha_zero.what": "α = 0 关闭了所有分支：残差网络成为恒等映射，把梯度原封不动地传到第 1 块，而分支的权重完全得不到梯度。ReZero 和 SkipInit 从这里出发并训练 α：它的梯度不为零，所以分支在第一步就开始起作用。",
    "preset.residual.degradation.name": "He et al. 2016：退化问题",
    "preset.residual.degradation.what": "点击 *训练三个网络*：30 个块的普通 tanh 网络停在随机猜测水平附近，4 个块的网络能够学习，30 个块的残差网络也能学习，而深层普通网络第一步的梯度并没有消失（见每个网络下方）。更深的普通网络训练得更差（He et al. 2016, 图 1）；跳跃连接让深层网络能够学习。",
    "preset.residual.xiong.name": "Xiong 等 2020：{layers} 块，Post-LN 与 Pre-LN",
    "preset.residual.xiong.what": (
        "最深的网络，{layers} 块：Pre-LN 最后一块的 FFN 梯度降到第 1 块的 {pre:.2f}，按其不断增大的残差流的 1/RMS 下降"
        "（RMS 为 {rms:.2f}）；Post-LN 各块彼此相差不到 {post_spread:.2f} 倍，因此 Post-LN 最后一块得到的梯度是 Pre-LN 的 "
        "{last:.2f} 倍：这正是学习率预热要驯服的、输出端的早期大幅更新。"
    ),
    "predict.residual.question": "在当前设置下，有跳跃连接时第 1 块的梯度能否保持在第 {depth} 块的 {band:g} 倍以内？",
    "predict.residual.answer": "有跳跃连接时，第 1 块 ÷ 第 {depth} 块：**{ratio}**，{verdict}。",
    "predict.residual.train_answer": "最终损失最低：**{net}**，{loss:.3g}。",
    "predict.residual.train_question": "哪个网络的训练损失最低？",
    "predict.residual.yes": "在 {band:g} 倍以内",
    "predict.residual.no": "超出 {band:g} 倍",
    "predict.residual.law": " 平均场规律预测为 {law}。",
    # --- Remedies --------------------------------------------------------------------
    "predict.residual.ln_question": "在一个 {layers} 块的网络中，初始化时，哪一种在最后一块（靠近输出）的 FFN 权重上得到的梯度更大？",
    "predict.residual.ln_answer": "第 {layers} 块：Post-LN 的梯度是 Pre-LN 的 **{last:.2f} 倍**。",
    "remedies.title": "解决方法",
    "remedies.intro": (
        "从一个**失效的网络**出发：它是一个 {depth} 层 sigmoid 网络，权重服从 N(0, 1/n)，用普通 SGD 训练，最前面几层"
        "几乎收不到梯度（第 1 层得到的梯度只有第 {depth} 层的 {broken_ratio:.3g} 倍）；然后逐一开启各项解决方法。"
        "每张图表都把失效网络与你的版本进行对比：随机种子相同，数据相同。"
        "有些方法改变梯度本身（激活函数、权重初始化、归一化、跳跃连接）；另一些只改变用梯度迈出的步子（梯度裁剪、优化器、学习率）。"
    ),
    "remedies.fix_header": "修复一个失效的网络",
    "remedies.train_start": "训练两个网络",
    "remedies.train_prompt": "**先预测：**{question}然后按 *训练两个网络*（这些设置的结果会保留）。",
    "remedies.reset": "恢复为失效网络",
    "remedies.broken_caption": "失效网络：{depth} 层，sigmoid，N(0, 1/n)，无归一化，无跳跃连接，SGD（学习率 {lr}），不裁剪。",
    "remedies.residual": "残差跳跃连接（α = 1/√depth）",
    "remedies.clipping": "梯度范数裁剪，阈值 {threshold:g}",
    "remedies.run.broken": "失效网络",
    "remedies.run.fixed": "你的版本",
    "remedies.metric_ratio": "第 1 层 ÷ 第 {depth} 层",
    "remedies.metric_ratio_help": "初始化时第一个隐藏层的梯度均方根除以最后一个隐藏层的值。变化量以数量级（10 的幂）表示，相对于失效网络：你的版本更接近 1 时为绿色，离 1 更远时为红色。",
    "remedies.metric_loss": "最终训练损失",
    "remedies.metric_overflow": "第 {step} 步溢出",
    "remedies.delta_decades": "{value:+.1f} 个数量级（相对失效网络）",
    "remedies.delta_points": "{value:+.0f} 个百分点（相对失效网络）",
    "remedies.metric_accuracy": "最终准确率",
    "remedies.flow_title": "初始化时到达各层的梯度",
    "remedies.flow_subtitle": "每层 dL/dz 的均方根：失效网络与你的版本，随机种子相同",
    "remedies.same_gradient": "初始化时的梯度与失效网络**完全相同**：梯度裁剪、优化器和学习率都不改变梯度，只改变用它迈出的步子。请改为比较训练曲线。",
    "remedies.train_title": "训练损失：失效网络与你的版本",
    "remedies.train_subtitle": "两条螺旋线上的二元交叉熵（对数坐标）；随机猜测水平为 ln 2 ≈ {chance:.3f}",
    "remedies.phase_header": "有序与混沌：相图",
    "remedies.phase_start": "测量相图",
    "remedies.phase_prompt": "**先预测：**{question}然后按 *测量相图*（{nets} 个网络；这些设置的结果会保留）。",
    "remedies.phase_caption": (
        "每个格子代表一个宽度为 {width} 的 {depth} 层 {activation} 网络，W ~ N(0, σ_w²/n)，b ~ N(0, σ_b²)，"
        "颜色表示**实测的**第 1 层梯度与第 {depth} 层梯度之比的 log₁₀（单个随机种子）。蓝色：梯度朝输入方向缩小；"
        "橙色：梯度增大。图中有两条理论线（均值场理论：Poole et al. 2016；Schoenholz et al. 2017）："
        "虚线是 χ₁ = 1，即混沌边缘，在这里无限深网络的梯度既不指数消失也不指数爆炸；"
        "实线是理论预测 {depth} 层网络的第 1 层恰好得到与第 {depth} 层相同梯度的位置。"
    ),
    "remedies.phase_finding_apart": (
        "在 σ_b = 0 处，实测颜色在 σ_w ≈ {measured:.2f} 处变号，靠近表示有限深度的实线（{finite:.2f}），"
        "而不在 χ₁ = 1 上（{critical:.2f}）：就在 χ₁ = 1 上，第 1 层得到的梯度仍只有第 {depth} 层的 {on_line:.2g} 倍"
        "（理论值 {on_line_theory:.2g} 倍）。χ₁ 是预激活方差 q 稳定在不动点 q* 之后每层的因子；σ_b = 0 时 q* = {q_star:g}，"
        "而 q 只以 1/n 的速度趋近它，所以有限深的网络永远到不了那里。偏置越大，两条线越靠近："
        "在 σ_b = {sigma_b_top:g} 处 σ_w 分别为 {finite_top:.2f} 和 {critical_top:.2f}。"
    ),
    "remedies.phase_finding_same": (
        "对这种激活函数，在任何 q 下都有 E[φ′²] = {phi_slope:g}，因此每一层都有 χ₁ = {phi_slope:g} σ_w²，两条理论线在任何深度都重合于 "
        "σ_w = {critical:.3f}。实测颜色在不同 σ_b 下于 σ_w = {measured_low:.2f} 到 {measured_high:.2f} 之间变号"
        "（每个格子一个宽度为 {width} 的网络）；在这条线上 σ_b = 0 处，第 1 层得到的梯度是第 {depth} 层的 "
        "{on_line:.2g} 倍（理论值 {on_line_theory:.2g} 倍）。"
    ),
    "remedies.phase_activation": "激活函数",
    "remedies.phase_depth": "深度",
    "remedies.phase_title": "(σ_w, σ_b) 平面上的实测梯度比",
    "remedies.phase_subtitle": "log₁₀(第 1 层 dL/dz 均方根 ÷ 最后一层)；虚线：理论 χ₁ = 1；实线：深度 {depth} 的理论",
    "remedies.phase_x": "σ_w（权重尺度）",
    "remedies.phase_y": "σ_b（偏置尺度）",
    "remedies.phase_color": "log₁₀ 比值",
    "remedies.phase_theory": "理论 log₁₀ 比值",
    "remedies.phase_boundary": "理论：χ₁ = 1（混沌边缘）",
    "remedies.phase_finite": "理论（深度 {depth}）：第 1 层 = 第 {depth} 层",
    "remedies.phase_agreement": "在整个网格上，实测值与理论值平均相差 {error:.2f} 个数量级（最大差距 {worst:.2f}）。",
    "remedies.table_header": "哪种方法解决哪种问题",
    "remedies.table": (
        "| 方法 | 解决什么问题 | 原理 | **不能**做什么 |\n"
        "|---|---|---|---|\n"
        "| ReLU 系列激活函数 | 导数太小造成的梯度消失：sigmoid′ ≤ {sigmoid_peak:g}，所以即使没有饱和，sigmoid 层也会缩小梯度 | 单元激活时 φ′ = {relu_peak:g} | 单靠它们不能使 χ₁ = 1（见下一行）。而且爆炸并非由导数大的激活函数造成：tanh′ ≤ {tanh_peak:g}，ReLU′ 为 {relu_low:g} 或 {relu_peak:g}，就连 GELU′ 的峰值也只有 {gelu_peak:.3g}。爆炸来自权重。 |\n"
        "| Xavier / He / 正交初始化 | 沿深度的梯度消失与爆炸 | 在训练开始时使每层因子 χ₁ = 1，**前提是与激活函数匹配**：ReLU 配 He（χ₁ = {he_relu:.3g}），tanh 配 Xavier 或正交初始化（χ₁ = {xavier_tanh:.3g}） | 不匹配就做不到：ReLU 配 Xavier 时 χ₁ = {xavier_relu:.3g}（在本页网络上实测每层 {xavier_relu_measured:.2f}），sigmoid 配 Xavier 时为 {xavier_sigmoid:.2g}。即使 χ₁ = 1，有限深网络的梯度也可能缩小：tanh 配 Xavier 时，这里第 1 层得到的梯度只有第 {depth} 层的 {xavier_tanh_ratio:.2g} 倍（理论值 {xavier_tanh_theory:.2g} 倍；原因见相图）。而且没有哪种初始化能在训练过程中保持 χ₁ = 1。 |\n"
        "| BatchNorm / LayerNorm | 激活值尺度漂移 | 对每一层重新中心化和缩放 | 仅靠 BatchNorm 无法防止深层普通 ReLU 网络中的爆炸：初始化时，在本页的批大小 {batch} 下，梯度的平方朝输入方向每层增长为 {bn_growth:.2f} 倍（在宽度 {bn_width} 的 {bn_depth} 层网络上实测），在大批量极限下为 {bn_limit:.3f} 倍 = π/(π − 1)（Yang et al. 2019）。 |\n"
        "| 残差跳跃连接 | 沿深度的梯度消失；退化问题 | 每层的雅可比矩阵中都有一个恒等项 | 使用 ReLU 且不做归一化时，α = 1 的跳跃连接会让梯度朝输入方向增长（采用 He 初始化时，从第 {depth} 层到第 1 层增长 {residual_growth:.3g} 倍）；需要缩放分支：α = 1/√depth 时为 {scaled_growth:.3g} 倍。 |\n"
        "| 梯度裁剪 | 爆炸式的更新 | 缩放 g，使 ‖g‖ ≤ τ | 它把每一层的梯度乘以同一个因子，因此无法提高梯度消失时最前面几层所占的份额。 |\n"
        "| Adam、RMSProp、动量 | 尺度不当或噪声大的步长 | 对步长重新缩放或取平均 | 它们改变的是**步长**，而不是梯度：切换优化器时，上方的梯度流图表纹丝不动。Adam 把每一步除以 √v + ε（ε = {adam_eps:g}）：远小于 ε 的梯度，例如失效网络第一层的梯度（{broken_first_grad:.2g}），仍然几乎迈不出步子；恰好下溢为 0 的梯度则完全不动。 |\n"
        "| 更小的学习率 | 发散（损失一步步增大） | 更小的步长 | 无法修复初始化时就已消失的梯度。 |"
    ),
    "remedies.notice": (
        "- 只把**激活函数换成 ReLU**：第 1 层 ÷ 第 {depth} 层从 {broken_ratio:.3g} 升到 {relu_ratio:.3g}，但在 N(0, 1/n) 权重下，"
        "ReLU 网络的梯度平方仍然每层减半（χ₁ = σ_w²/2 = {xavier_relu:.3g}）；再加上 **He 初始化**（σ_w² = {he_sigma_w2:g}，"
        "χ₁ = {he_relu:.3g}），它变为 {he_ratio:.3g}。\n"
        "- 只把**优化器**换成 Adam：梯度图表完全不变，失效网络也仍然学不会：它第一层的梯度（{broken_first_grad:.2g}）"
        "远小于 Adam 的 ε = {adam_eps:g}，所以这些权重根本不动。\n"
        "- 只打开 **BatchNorm**，保留 sigmoid：第 1 层 ÷ 第 {depth} 层变为 {bn_ratio:.3g}。BatchNorm 把每个单元的预激活"
        "在批内缩放到单位离散度，反向传播则把梯度乘以同一个因子。\n"
        "- 在相图中（tanh，σ_b = 0，深度 {phase_depth}），χ₁ = 1 的线位于 σ_w = {critical:.2f}，但在那里第 1 层得到的梯度"
        "仍只有最后一层的 {on_line:.2g} 倍（理论值 {on_line_theory:.2g} 倍）；针对这一深度的理论把颜色变化的位置放在 "
        "σ_w = {finite:.2f}。在混沌边缘附近，梯度随深度变化缓慢：好的初始化就位于它附近。"
    ),
    "remedies.math_chi": "均值场理论：一旦预激活的方差稳定在不动点 q*，梯度的平方每层乘以 χ₁；χ₁ = 1 即混沌边缘：",
    "remedies.math_he": "对于 ReLU，在任何 q 下都有 E[φ′(z)²] = ½，因此 χ₁ = σ_w²/2：He 初始化（σ_w² = {he_sigma_w2:g}）恰好处于临界点；Xavier（σ_w² = {xavier_sigma_w2:g}）则使其每层减半：",
    "remedies.math_adam": "Adam 的步长是梯度的两个滑动平均之比：它重新缩放步长；远小于 ε 的梯度给出的步长远小于 η，恰好为 0 的梯度则根本不迈步：",
    "remedies.reading": (
        "- Glorot & Bengio (2010)；He et al. (2015), *Delving deep into rectifiers*；Saxe, McClelland & Ganguli (2014)：正交初始化。\n"
        "- Ioffe & Szegedy (2015)：BatchNorm；Ba, Kiros & Hinton (2016)：LayerNorm；Yang et al. (2019), *A mean field theory of batch normalization*。\n"
        "- He et al. (2016)：残差网络；Pascanu, Mikolov & Bengio (2013)：梯度裁剪；Kingma & Ba (2015)：Adam。\n"
        "- Poole et al. (2016)；Schoenholz et al. (2017), *Deep information propagation*：从有序到混沌的相图。\n"
        "- Pennington, Schoenholz & Ganguli (2017), *Resurrecting the sigmoid in deep learning through dynamical isometry*：动力学等距。"
    ),
    "preset.remedies.he_fix.name": "ReLU + He 初始化（He et al. 2015）",
    "preset.remedies.he_fix.what": "两个开关：用 ReLU 替换 sigmoid，用 He 初始化替换 N(0, 1/n)。梯度重新到达第 1 层：第 1 层 ÷ 第 {depth} 层从 {broken_ratio:.3g} 变为 {he_ratio:.3g}。训练两个网络：失效网络的损失停在随机猜测水平（ln 2），这个网络的损失降到它以下，但在学习率 {lr} 的普通 SGD 下起伏不定。",
    "preset.remedies.adam_only.name": "只换 Adam：梯度不变",
    "preset.remedies.adam_only.what": "只改变优化器：换成 Adam，并用它自己的学习率 {adam_lr}，而不是 SGD 的 {lr}。梯度图与失效网络完全相同：优化器在梯度算出之后才起作用。训练两个网络：Adam 的损失也停在随机猜测水平。第一层的梯度（{broken_first_grad:.2g}）远小于 Adam 的 ε = {adam_eps:g}，所以它的权重根本不动；最后几层的权重会动，但输入几乎传不到那里：在螺旋数据的各个点上，第 {depth} 层激活值的变化只有其大小的 {broken_spread:.1g}。Adam 调整的是步长，并不修复梯度。",
    "preset.remedies.batchnorm.name": "只加批归一化",
    "preset.remedies.batchnorm.what": "只加批归一化，保留 sigmoid：第 1 层 ÷ 第 {depth} 层从 {broken_ratio:.3g} 变为 {bn_ratio:.3g}。批归一化把每个单元的预激活在批内缩放到单位离散度，反向传播则把梯度乘以同一个因子：梯度的平方现在每层乘以 {bn_factor:.2f}，而不是 {broken_factor:.2g}。训练两个网络：损失降到失效网络之下。",
    "preset.remedies.everything.name": "全部打开",
    "preset.remedies.everything.what": "ReLU、He 初始化、批归一化、缩放的残差连接（α = {alpha:.2f}）和学习率为 {adam_lr} 的 Adam 同时使用：第 1 层 ÷ 第 {depth} 层为 {everything_ratio:.3g}，每一层都得到梯度；训练之后网络拟合了螺旋数据：它的损失最终远低于失效网络。",
    "predict.remedies.question": "把优化器从 SGD 换成 Adam：梯度图会变化吗？",
    "predict.remedies.answer": "梯度图不会变化：初始化时的梯度在任何一步更新之前计算，优化器无法改变它；两种情况下第 1 层 ÷ 第 {depth} 层都是 {ratio}。Adam 改变的是用梯度迈出的步长。",
    "predict.remedies.train_question": "用上这些补救措施，{steps} 步之后你的版本的损失会低于原来那个坏网络吗？",
    "predict.remedies.train_answer": "{steps} 步之后，你的版本的损失为 **{loss:.3g}**，坏网络的为 **{broken:.3g}**。",
    "predict.remedies.train_overflow": "你的版本的损失在第 {step} 步溢出；坏网络最终为 **{broken:.3g}**。",
    "predict.remedies.phase_question": "在网格最下面一行（σ_b = {sigma_b:g}），σ_w 取多少时，{depth} 层网络第 1 层得到的梯度与第 {depth} 层一样大，即梯度既不消失也不爆炸？",
    "predict.remedies.phase_range": "σ_w 从 {low:g} 到 {high:g}",
    "predict.remedies.phase_answer": "实测：在 σ_b = {sigma_b:g} 处，颜色在 σ_w ≈ {measured:.2f} 处变号；低于此值，第 1 层得到的梯度少于第 {depth} 层，高于此值则更多。",
    "predict.remedies.phase_nowhere": "实测：在 σ_b = {sigma_b:g} 处，颜色在整个网格上都没有变号。",
    "remedies.iso_header": "动力学等距：每个奇异值都接近 1",
    "remedies.iso_caption": (
        "J = ∂h_L/∂h₀ = D_L W_L ⋯ D₁W₁（D_l = diag φ′(z_l)）把每个梯度从输出送回输入；它的奇异值 σ 是所有方向各自的增益，"
        "λ = σ² 是 JJᵀ 的特征值。χ₁ = 1 只固定了它们的均值 E[λ]。每个网络都处于临界点，单个输入，float64 计算："
        "tanh 取 σ_w = {tanh_w:.4f}、σ_b = {tanh_b:.4f}，即 χ₁ = 1 线上（χ₁ = {tanh_chi:.3f}）不动点为 q* = {q_star:.4g} 的那一点，"
        "输入也处于 q*；ReLU 用 He 初始化（σ_w² = {relu_w2:g}，σ_b = 0）；线性单元取 σ_w = 1。权重为高斯 N(0, σ_w²/n)，"
        "或正交矩阵乘以 σ_w（Pennington, Schoenholz & Ganguli 2017）。"
    ),
    "remedies.iso_metric_normal": "Var λ，高斯 W",
    "remedies.iso_metric_orthogonal": "Var λ，正交 W",
    "remedies.iso_metric_help": "λ = σ² 在 J 的全部奇异值上的方差，在这一次抽样的网络上实测：严格的等距没有任何散布。",
    "remedies.iso_metric_theory": "理论（无限宽）",
    "remedies.iso_metric_theory_help": (
        "左边那个网络在宽度趋于无穷时的 Var λ，由自由概率给出（Pennington et al. 2017）：Var λ / E[λ]² 等于各层 μ₂/μ₁² − 1 之和，其中 μ₁ = E[φ′²]、"
        "μ₂ = E[φ′⁴] 取在该层预激活的方差处；高斯权重每层再加 {gaussian_excess:g}（WWᵀ 特征值的散布），正交权重不加。"
        "线性单元：高斯权重时 Var λ = L（L 个高斯矩阵乘积的 Fuss–Catalan 律），正交权重时没有散布。"
        "理论是对抽样取平均；左边的指标只是一次抽样。高斯权重时它由少数最大的 λ 决定，每次抽样差别很大："
        "深度远小于宽度时它落在理论值附近，但当深度达到宽度的相当一部分时，大多数抽样远低于理论值，偶尔有一次远高于它。"
    ),
    "remedies.iso_gaussian": "高斯 W",
    "remedies.iso_orthogonal": "正交 W",
    "remedies.iso_title": "深度 {depth} 时 J 的奇异值",
    "remedies.iso_subtitle": "{activation}，宽度 {width}，单个输入；从大到小排序。阴影：σ 在 [{band_low:g}, {band_high:g}] 内；σ = 1 处的水平线就是等距",
    "remedies.iso_x": "序号（从大到小）",
    "remedies.iso_y": "奇异值 σ（对数坐标）",
    "remedies.iso_series": "权重",
    "remedies.iso_unresolved": "低于 float64 的分辨率（σ_max · n · ε）：与 0 无法区分",
    "remedies.iso_below": "低于 {floor:.1g}",
    "remedies.iso_note": (
        "高斯：σ 从 {g_min} 到 {g_max:.3g}，{g_within:.0%} 落在 [{band_low:g}, {band_high:g}] 内，E[λ] = {g_mean:.3f}。"
        "正交：σ 从 {o_min} 到 {o_max:.3g}，{o_within:.0%} 落在其中，E[λ] = {o_mean:.3f}。理论上两者的 E[λ] 都是 "
        "{theory_mean:.3f}：临界性固定均值，权重决定散布。"
    ),
    "remedies.iso_point": (
        "**临界性固定均值；正交权重让散布保持很小。** 在深度 {iso_depth}、宽度 {iso_width} 时，处于临界点的 tanh 网络用正交权重，"
        "J 的奇异值有 {tanh_orth_within:.0%} 落在 [{band_low:g}, {band_high:g}] 内（Var λ = {tanh_orth_var:.3f}；理论 "
        "{tanh_orth_theory:.3f}）；用高斯权重只有 {tanh_gauss_within:.0%}（Var λ = {tanh_gauss_var:.3g}；理论 "
        "{tanh_gauss_theory:.3g}）。自由概率给出原因：每一层通过 φ′ 给 Var λ / E[λ]² 加上 μ₂/μ₁² − 1，高斯 W 再加 "
        "{gaussian_excess:g}，所以无论激活函数是什么，高斯权重的散布都与深度成正比。tanh 在很小的不动点附近几乎是线性的，"
        "每层只加 {tanh_excess:.4f}；ReLU 关掉大约一半的单元，即使用正交权重每层也加 {relu_excess:g}（在这个深度 "
        "Var λ = {relu_orth_var:.3g}，只有 {relu_orth_within:.0%} 落在区间内）。当每个 σ 都接近 1 时，误差的每个方向都以原有"
        "大小到达输入，权重的任何方向都不会比其他方向学得慢几个数量级；Pennington et al.（2017）报告说，这样初始化的深层 "
        "tanh 网络比高斯初始化的网络或 ReLU 网络学得快得多。"
    ),
    "predict.remedies.iso_question": "处于临界点的 {activation}，深度 {depth}：哪种权重能让 J 的一半以上奇异值落在 [{band_low:g}, {band_high:g}] 内？",
    "predict.remedies.iso_normal": "高斯",
    "predict.remedies.iso_orthogonal": "正交",
    "predict.remedies.iso_both": "两者都能",
    "predict.remedies.iso_neither": "都不能",
    "predict.remedies.iso_answer": "在深度 {depth}，高斯网络有 {gauss:.0%} 的奇异值、正交网络有 {orth:.0%} 的奇异值落在 [{band_low:g}, {band_high:g}] 内。",
    "preset.remedies.isometry_deep.name": "深度 {deep_depth} 的动力学等距（Pennington et al. 2017）",
    "preset.remedies.isometry_deep.what": (
        "处于临界点的 tanh，{deep_depth} 层、每层 {deep_width} 个单元：正交权重让 J 的奇异值有 {deep_orth_within:.0%} 落在 "
        "[{band_low:g}, {band_high:g}] 内（σ 从 {deep_orth_min:.2g} 到 {deep_orth_max:.3g}）；高斯权重只有 "
        "{deep_gauss_within:.0%}，最大的 σ 为 {deep_gauss_max:.3g}。换成 ReLU：两种初始化都至多只有 {relu_deep_within:.0%} "
        "落在区间内。"
    ),
    "frame.presets": "预设场景",
    # --- home: myths; frame: predict, notebook ---------------------------------------------------------
    "home.myths": "常见误解：现场计算验证",
    "home.myths_caption": "以下说法见于关于这一主题的流行文章；每一条都由页面加载时运行的计算来检验。",
    "myth.eigen.claim": "“{matrix} 的特征值是 {claimed_1:g} 和 {claimed_2:g}。”",
    "myth.eigen.fact": "计算得 {lambda_1:.4f} 和 {lambda_2:.4f}。特征值之和等于迹（{trace:g}），之积等于行列式（{det:g}）；而 {claimed_1:g} 和 {claimed_2:g} 之和为 {claimed_sum:g}、之积为 {claimed_product:g}。它的奇异值，即乘一次时向量被拉伸的最大和最小倍数，是 {sigma_1:.4f} 和 {sigma_2:.4f}。",
    "myth.later.claim": "“梯度爆炸发生在靠后的层。”",
    "myth.later.fact": "梯度在传向输入的途中每经过一层乘一个因子，因而越靠近输入越大：W = {weight:g}·I、共 {depth} 层时，∂L/∂h 在最后一层为 {last_grad:,.0f}，在输入处为 {input_grad:,.0f}。权重梯度 ∂L/∂Wᵢ = δᵢ hᵢ₋₁ᵀ（δ = ∂L/∂z）还带着前向信号 h，而在这个网络中 h 朝输出方向增长的速度恰好等于 δ 缩小的速度：‖∂L/∂Wᵢ‖ 在全部 {depth} 层都相同（最大 ÷ 最小 = {weight_grad_spread:.6f}）。在处于混沌相的 tanh 网络中（σ_w = {chaotic_sigma_w:g}），h 则会饱和，‖∂L/∂Wᵢ‖ 从最后一层到第一层增长 {chaotic_weight_growth:.3g} 倍。两种情况下受影响最大的都不是靠后的层。",
    "myth.derivative.claim": "“导数大于 1 的激活函数会导致梯度爆炸。”",
    "myth.derivative.fact": "计算得到的最大导数：{values}。只有 {above} 超过 1，超出 {excess:.0%}。但每层缩放梯度平方的是 σ_w²·E[φ′(z)²]，期望对该层服从高斯分布的预激活 z 求取；在方差从 {q_low:g} 到 {q_high:g} 的任意取值下，这些激活函数的 E[φ′²] 都不超过 {largest_mean_square:.3g}（{above} 最多为 {above_mean_square:.2f}）。因此只有 σ_w 足够大时这个因子才会超过 1：梯度爆炸来自权重。",
    "myth.tanh.claim": "“tanh′(x) = tanh(x)(1 − tanh(x))，并且输入很大时趋近于 1。”",
    "myth.tanh.fact": "autograd 给出 tanh′({x:g}) = {autograd:.4f}，它等于 1 − tanh²({x:g}) = {correct:.4f}，而不是 tanh(1 − tanh) = {wrong:.4f}。它在 z = {peak_z:g} 处最大，等于 {peak:g}；输入很大时趋于零（饱和）：tanh′({far:g}) = {autograd_far:.2e}。",
    "myth.saturation.claim": "“sigmoid/tanh 单元饱和会导致梯度爆炸。”",
    "myth.saturation.fact": "起决定作用的既不是饱和，也不是没有饱和，而是梯度平方的每层因子 χ₁ = σ_w²·E[φ′(z)²]。两个无偏置的 {depth} 层网络：σ_w = {sigmoid_sigma_w:g} 的 sigmoid 网络中有 {sigmoid_saturated:.0%} 的单元饱和，但 φ′ ≤ {sigmoid_peak:g} 使 χ₁ 只有 {sigmoid_chi:.3f}，第一层的 ∂L/∂z 是最后一层的 {sigmoid_ratio:.2g} 倍：没有饱和也会消失。σ_w = {tanh_sigma_w:g} 的 tanh 网络中有 {tanh_saturated:.0%} 的单元饱和，这把 E[φ′²] 降到 {tanh_mean_square:.2f}，但 σ_w² = {tanh_sigma_w_squared:g} 把 χ₁ 抬到 {tanh_chi:.2f}，∂L/∂z 从最后一层到第一层增长 {tanh_ratio:.3g} 倍：饱和与爆炸同时出现，二者都源于过大的权重。",
    "myth.adam.claim": "“Adam 或动量能控制梯度本身。”",
    "myth.adam.fact": "它们改变的是步长，而不是反向传播送来的梯度。一个 {depth} 层 sigmoid 网络以学习率 {lr:g} 训练 {steps} 步后：第一层的梯度（每个权重的均方根）在 SGD 下为 {sgd_grad_first:.2g}，在 Adam 下为 {adam_grad_first:.2g}，分别是最后一层的 {sgd_fraction:.2g} 和 {adam_fraction:.2g}：两种优化器下梯度都在消失。Adam 归一化的是每个权重的步长——它除以梯度自身的滑动尺度：第一层的权重每步移动 {adam_step_first:.2g}，接近学习率，且比最后一层（{adam_step_last:.2g}）还大。用 SGD 时它们每步只移动 {sgd_step_first:.2g}，用动量时为 {momentum_step_first:.2g}，与梯度成正比。梯度裁剪同样作用在反向传播之后：它把每一层的梯度乘以同一个因子，所以第一层的梯度相对最后一层依然一样小。",
    "frame.predict": "先预测，再揭晓",
    "frame.notebook": "在 Notebook 中复现",
    "frame.notebook_help": "这段代码用本实验室自己的库，按当前设置重新计算上面的图（在仓库根目录运行；先 `pip install -r requirements.txt`）。`grad_norm` 保存图中绘制的数值。",
    "predict.your_guess": "你的猜测",
    "predict.reveal": "确定我的猜测并揭晓",
    "predict.pick_first": "请先选择一个答案：提交猜测后才会揭晓测量结果。",
    "predict.hidden": "回答这个问题的数字在你提交猜测之前保持隐藏（授课教师可在侧边栏选择“跳过预测”）。",
    "predict.you_said": "你猜的是 **{guess}**。",
    "predict.again": "再问我一次",
    "predict.none": "一个也没有",
    "predict.yes": "是",
    "predict.no": "否",
    "frame.skip_predictions": "跳过预测",
    "frame.skip_predictions_help": "不先提问，直接显示所有答案：适合已经向全班提过问题的授课教师。",
    "nav.lesson": "课程",
    "lesson.page_title": "上一堂课",
    "lesson.page_intro": "一个课程把一堂课分成若干步，依次走过实验室的各个页面：每一步打开一个页面并设好控件，给出要点、讲解内容、向全班提出的预测问题和图上要注意的地方，黑板上的数字都在这些设置下现场计算。按键：→ 或 PageDown 下一步，← 或 PageUp 上一步（演示遥控器发送的就是这些键）。当前步骤写在地址里，学生可以在自己的设备上跟着看。",
    "lesson.steps": "共 {count} 步",
    "lesson.start": "开始上课",
    "lesson.finished": "课程“{title}”结束。",
    "lesson.step": "第 {k} 步，共 {n} 步",
    "lesson.previous": "上一步",
    "lesson.next": "下一步",
    "lesson.end": "结束",
    "lesson.say": "讲解：",
    "lesson.ask": "向全班提问：",
    "lesson.notice": "注意：",
    "lesson.board_item": "{label}：**{value}**",
    "lesson.board": "黑板上的数字：",
    "lesson.reveal": "答案：要点与板书数字",
    "lesson.keys": "→ / PageDown 下一步 · ← / PageUp 上一步",
    "lesson.no_step": "课程“{title}”没有第 {step} 步：请从“课程”页面打开第一步。",
    "lesson.bad_board": "{where}：无法在这一步的状态下计算黑板上的数字：{problem}",
    "lesson.bad_state": "{where}：{page} 页面没有按所写的设置接受这一步的状态。{report}",
    "lesson.add": "加入课程",
    "lesson.add_help": "把这个页面连同它的链接此刻所带的设置，加为“我的课程”的下一步（保存在本浏览器会话中）。在课程页面上运行、调整顺序、下载或打印。",
    "lesson.add_title": "标题（可选）",
    "lesson.add_title_placeholder": "{page}，保持现在的设置",
    "lesson.add_say": "讲解内容（可选）",
    "lesson.add_ask": "向全班提的问题（可选）",
    "lesson.add_button": "加入此页面",
    "lesson.full": "我的课程已有 {count} 步，达到一个课程的上限：请先在课程页面删除一步。",
    "lesson.added": "已加为我的课程的第 {k} 步。",
    "lesson.open_index": "打开课程页面",
    "lesson.mine": "我的课程",
    "lesson.mine_intro": "你在实验页面上用“加入课程”添加的页面，或你上传的课程文件。",
    "lesson.mine_empty": "还没有页面：在任意实验页面上设好控件，点“加入课程”→“加入此页面”；或在下方上传课程文件。",
    "lesson.session_note": "这个课程只保存在本浏览器会话中，不在任何地址里：每一步的链接只带该页面的设置。下载它以便保存或分享。",
    "lesson.session_badge": "仅保存在本会话中，不在地址里",
    "lesson.mine_step": "**{k}.** {page}",
    "lesson.default_settings": "页面的默认设置",
    "lesson.up": "上移",
    "lesson.down": "下移",
    "lesson.remove": "删除",
    "lesson.clear": "清空我的课程",
    "lesson.start_mine": "运行我的课程",
    "lesson.download": "课程文件（.toml）",
    "lesson.handout_md": "讲义（Markdown）",
    "lesson.handout_html": "可打印讲义（HTML）",
    "lesson.handout_help": "每一步的问题，并留出写预测的空白；答案（黑板上的数字在每一步的设置下计算）从新的一页开始。",
    "lesson.upload": "上传课程文件（.toml）",
    "lesson.upload_help": "在这里下载的文件，或按 lessons/intro.toml 的格式写的文件；最大 {kb} KB。它会成为本会话的课程。",
    "lesson.uploaded": "已载入“{title}”，共 {count} 步，作为我的课程。",
    "handout.intro": "每个页面打开之前，先写下你的预测。实验室计算出的答案在最后几页。",
    "handout.settings": "设置：",
    "handout.default_settings": "页面的默认设置",
    "handout.question": "问题：",
    "handout.default_question": "这个页面会显示什么？打开之前先预测。",
    "handout.prediction": "你的预测：",
    "handout.answers": "答案",
    "handout.no_board": "这一步的数字无法在它的设置下计算。",
    "lesson.board.vanishing.depth": "层数",
    "lesson.board.vanishing.ratio": "第一层 ÷ 最后一层（实测）",
    "lesson.board.vanishing.factor": "每层的因子（实测）",
    "lesson.board.vanishing.peak": "激活函数的最大斜率",
    "lesson.board.vanishing.peak_power": "最大斜率沿链条连乘",
    "lesson.board.vanishing.zero_layers": "梯度恰为零的层数",
    "lesson.board.vanishing.float32_tiny": "float32 的最小正数",
    "lesson.board.vanishing.half_power": "理论：每层乘以 √½",
    "lesson.board.exploding.weight": "w（每层 W = w·I）",
    "lesson.board.exploding.depth": "层数",
    "lesson.board.exploding.gain": "增益（autograd 实测）",
    "lesson.board.exploding.weight_power": "wᴸ（闭式解）",
    "lesson.board.exploding.lambda_max": "最大特征值的绝对值",
    "lesson.board.exploding.sigma_max": "最大奇异值",
    "lesson.board.exploding.growth": "最后一步的每步增长（实测）",
    "lesson.board.exploding.steps": "步数",
    "lesson.board.rnn.steps": "回溯步数",
    "lesson.board.rnn.far": "第一步的 ‖dL/dh‖（实测）",
    "lesson.board.rnn.factor": "每步的因子",
    "lesson.board.rnn.decades": "损失的数量级",
    "lesson.board.rnn.scale": "W_hh 的缩放",
    "lesson.board.rnn.bound": "Pascanu 等人的上界 σ_maxᵏ",
    "lesson.board.rnn.default_far": "PyTorch 默认初始化下的同一值",
    "lesson.board.residual.depth": "块数",
    "lesson.board.residual.alpha": "分支缩放 α",
    "lesson.board.residual.plain": "普通网络：第一块 ÷ 最后一块",
    "lesson.board.residual.residual": "残差网络：第一块 ÷ 最后一块",
    "lesson.board.residual.law_plain": "平均场定律，普通网络",
    "lesson.board.residual.law_residual": "平均场定律，残差网络",
    "lesson.board.residual.band": "“平坦”范围，双向（倍）",
    "lesson.board.remedies.depth": "层数",
    "lesson.board.remedies.ratio": "第一层 ÷ 最后一层（实测）",
    "lesson.board.remedies.broken_ratio": "出问题的网络：第一层 ÷ 最后一层",
    "lesson.board.remedies.band": "“平坦”范围，双向（倍）",
}
