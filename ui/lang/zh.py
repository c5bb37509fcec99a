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
    "frame.about": "关于本页",
    "frame.notice": "观察要点",
    "frame.math": "数学原理",
    "frame.reading": "延伸阅读",
    "frame.computing": "正在计算梯度…",
    "frame.training": "正在训练…",
    "frame.queued": "正在等待空闲的训练槽位（其他会话正在训练）…",
    "frame.open": "打开",
    "frame.csv": "下载数据（CSV）",
    "frame.link": "链接",
    "frame.present": "演示模式",
    "frame.present_help": "用于投影：放大文字、数值和图表字体，图表占满整个宽度，简介和各部分的控件收进折叠框，并收起侧边栏（点击左上角的箭头可重新打开）。",
    "frame.hide_controls": "隐藏控件",
    "frame.hide_controls_help": "把控件折叠起来，让链接所带设置下的图表铺满页面；分享给学生的链接可以打开此项。",
    "frame.link_help": "当前视图的网址，其中包含每个控件的设置。可以把它复制到教案里，或发给学生。",
    "frame.link_unknown": "已忽略链接中的未知参数“{name}”。",
    "frame.link_invalid": "已忽略链接中的“{name}={value}”：该控件不接受这个值，因此显示其默认值（{default}）。",
    "common.layer": "层（1 = 最靠近输入）",
    "common.layer_short": "层",
    "common.step": "训练步",
    "common.series": "曲线",
    "common.run": "运行",
    "common.grad_norm": "dL/dz 均方根（对数坐标）",
    "common.grad_value": "dL/dz 均方根",
    "common.underflow": "下溢：float32 中恰为 0",
    "common.underflow_short": "0（下溢）",
    "common.overflow": "溢出：inf 或 NaN",
    "common.measured": "实测（autograd）",
    "common.seed": "随机种子",
    "common.depth": "深度（隐藏层数）",
    "common.width": "宽度（每层单元数）",
    "common.activation": "激活函数",
    "common.init": "权重初始化",
    "common.weight_scale": "权重尺度",
    "common.weight_scale_help": "正态：W ~ N(0, σ_w²/fan_in) 中的 σ_w。缩放单位矩阵：W = scale·I。Xavier/正交：增益（gain）。He：乘在 N(0, 2/fan_in) 上的系数。",
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
    "common.underflow_note": "{depth} 层中有 {count} 层的梯度在 float32 中下溢为恰好 0（图表底部的红色三角形）：这些层完全收不到学习信号。",
    # activations, inits, optimisers, clipping: display names
    "act.linear": "线性（恒等）",
    "act.sigmoid": "sigmoid",
    "act.tanh": "tanh",
    "act.relu": "ReLU",
    "act.leaky_relu": "Leaky ReLU (0.01)",
    "act.elu": "ELU",
    "act.gelu": "GELU",
    "init.normal": "正态 N(0, scale²/fan_in)",
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
    "home.chain_caption": "每个因子都是 diag(φ′(zₖ)) Wₖᵀ。如果这些因子大多小于 1，乘积就随着与损失的距离呈几何级数缩小；如果大多大于 1，乘积就呈几何级数增长。无论哪种情况，最靠前的层受影响都最大。",
    "home.pages": "页面",
    "home.card.vanishing": "在 sigmoid 和 tanh 网络中观察梯度逐层衰减，并与均值场理论和 0.25ᴸ 上界对比；看看哪些层停止了学习。",
    "home.card.exploding": "精确复现 5¹⁰ = 9,765,625，探索矩阵的特征值和奇异值，观察训练溢出，再用梯度裁剪加以控制。",
    "home.card.rnn": "随时间反向传播：观察 RNN、LSTM 和 GRU 中 ‖dL/dhₜ‖ 随回溯步数衰减，打开门控，并让三种单元在加法问题上比赛。",
    "home.card.residual": "y = F(x) + x：普通网络与残差网络并排对比、分支缩放系数 α，以及退化实验。",
    "home.card.remedies": "从一个失效的 30 层 sigmoid 网络出发，逐一开启各项解决方法；绘制有序相与混沌相的相图。",
    "home.how": "使用方法",
    "home.how_text": "在侧边栏中选择页面。每个页面左侧是控件，右侧是图表。将鼠标悬停在任意图表上可查看精确数值。显示的每个数字都来自基于你所选设置的实际计算。",
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
    "vanishing.theory_bound": "上界 0.25ᴸ⁻ⁱ·‖W‖ᴸ⁻ⁱ（sigmoid′ ≤ 0.25）",
    "vanishing.theory_none": "此设置下没有理论曲线：均值场预测要求各层等宽且权重近似服从高斯分布；0.25 上界要求使用 sigmoid 且权重的谱范数已知（缩放单位矩阵、正交）。",
    "vanishing.metric_ratio": "第 1 层 ÷ 第 {depth} 层",
    "vanishing.metric_ratio_help": "第一个隐藏层的梯度均方根除以最后一个隐藏层的梯度均方根。",
    "vanishing.metric_chi": "每层 χ₁（理论）",
    "vanishing.metric_chi_help": "均值场理论中梯度平方每层所乘的因子：< 1 则消失，> 1 则爆炸。",
    "vanishing.metric_depth": "可训练深度（理论）",
    "vanishing.metric_depth_help": "梯度能穿过多少层而不消失：约为 6 / |ln χ₁|（Schoenholz et al. 2017）。",
    "vanishing.metric_saturated": "饱和单元（平均）",
    "vanishing.metric_saturated_help": "导数低于激活函数导数最大值 10% 的单元所占比例：它们几乎不向后传递梯度。",
    "vanishing.metric_underflow": "全为 0",
    "vanishing.dist_title": "各层的激活值",
    "vanishing.dist_subtitle": "对批次和单元取分位数；色带紧贴 0 或 1（sigmoid）或 ±1（tanh）表示饱和",
    "vanishing.dist_outer": "5–95%",
    "vanishing.dist_inner": "25–75%",
    "vanishing.dist_median": "中位数",
    "vanishing.dist_y": "激活值",
    "vanishing.sat_title": "各层饱和比例",
    "vanishing.sat_subtitle": "φ′(z) 低于其最大值的 10%（对 ReLU：未激活的单元）",
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
    "vanishing.train_header": "前面的层在学习吗？",
    "vanishing.train_start": "训练这个网络",
    "vanishing.train_prompt": "**先预测：** 训练 {steps} 步之后，{depth} 层中第一层的权重变化会和最后一层一样大吗？然后按 *训练这个网络*（一两秒；这些设置的结果会保留）。",
    "vanishing.train_caption": "同一个网络在两条交错的螺旋线上训练（{steps} 步全批量训练，Adam，学习率 {lr}）。柱形表示每层权重变化了多少：‖W_end − W_start‖ / ‖W_start‖。",
    "vanishing.train_title": "每层权重的变化幅度",
    "vanishing.train_subtitle": "训练后权重矩阵的相对变化（对数坐标）",
    "vanishing.train_y": "‖ΔW‖ / ‖W₀‖（对数坐标）",
    "vanishing.train_loss_title": "训练损失",
    "vanishing.train_loss_subtitle": "二元交叉熵；随机猜测水平为 ln 2 ≈ 0.693",
    "vanishing.train_result": "最终损失 {loss:.3f}，准确率 {accuracy:.0%}。第一层变化了 {first:.2g}，最后一层变化了 {last:.2g}：相差 {ratio:.2g} 倍。",
    "vanishing.notice": (
        "- 使用 **sigmoid** 时，每一层最多把梯度乘以 0.25·‖W‖：在深度 20、默认初始化下，第一层的梯度比最后一层"
        "小许多个数量级。试试**深度 100**：最前面几层的梯度在 float32 中下溢为恰好 0（红色三角形）。\n"
        "- 切换到 **tanh** 并使用 **Xavier** 初始化：衰减慢得多。再换成 **ReLU 加 He 初始化**，梯度大致保持平稳："
        "这正是这些初始化方法的设计目标。\n"
        "- 虚线表示的**均值场**曲线是不运行网络就做出的预测；对于权重近似服从高斯分布的宽网络，它与实测点吻合。\n"
        "- 底部的柱形图：梯度消失时，前几层的权重在训练中几乎不动。"
    ),
    "vanishing.math_chain": "反向传播经过第 k 层时，要乘以该层的雅可比矩阵：",
    "vanishing.math_sigmoid": "sigmoid 的导数至多为 1/4，因此当权重的谱范数为 ‖W‖ 时：",
    "vanishing.math_mf": "均值场理论（宽网络，W ~ N(0, σ_w²/n)）：梯度的平方每经过一层就乘以 χ₁，因而逐层缩小或增大：",
    "vanishing.reading": (
        "- Glorot & Bengio (2010), *Understanding the difficulty of training deep feedforward neural networks*："
        "在标准初始化下，反向传播的梯度朝输入方向逐层缩小，sigmoid 的顶层会饱和；"
        "他们提出的归一化（Xavier）初始化使各层的梯度方差大致保持平稳。\n"
        "- Hochreiter (1991)；Bengio, Simard & Frasconi (1994)：梯度消失问题。\n"
        "- Poole et al. (2016), *Exponential expressivity in deep neural networks through transient chaos*；"
        "Schoenholz et al. (2017), *Deep information propagation*：本页绘制的均值场理论。\n"
        "- He et al. (2015), *Delving deep into rectifiers*：适用于 ReLU 的 He/Kaiming 初始化。"
    ),
    "preset.vanishing.glorot_standard.name": "Glorot & Bengio 2010：sigmoid，标准初始化",
    "preset.vanishing.glorot_standard.what": "5 层、每层 512 个单元的 sigmoid 网络，采用当时的标准初始化 Var W ≈ 1/(3n)。看梯度图：梯度向输入端逐层缩小；饱和比例和激活值分布显示 sigmoid 层偏离了中心（Glorot & Bengio 2010, *Understanding the difficulty of training deep feedforward neural networks*）。",
    "preset.vanishing.glorot_normalized.name": "Glorot & Bengio 2010：tanh，归一化（Xavier）初始化",
    "preset.vanishing.glorot_normalized.what": "同样的 5 × 512 网络，改用 tanh 和他们提出的归一化初始化 Var W = 2/(n_in + n_out)。梯度在各层之间大致保持平稳，这正是该初始化以 Xavier Glorot 命名的原因。在他们的表 1 中，这一设置在 Shapeset 上测试误差最低（15.60%，sigmoid 为 82.61%）。",
    "preset.vanishing.he_xavier.name": "He et al. 2015：30 层 ReLU，Xavier 初始化",
    "preset.vanishing.he_xavier.what": "Xavier 的 Var W = 1/n 假设激活函数对称；ReLU 会把一半输入置零，因此每层使信号和梯度的平方减半（χ₁ = 1/2）。经过 30 层，梯度约缩小为 (1/2)^14.5。He et al. (2015) 报告这个 30 层网络无法训练。",
    "preset.vanishing.he_he.name": "He et al. 2015：30 层 ReLU，He 初始化",
    "preset.vanishing.he_he.what": "同一网络改用 He/Kaiming 初始化 Var W = 2/n：χ₁ 恰好为 1，梯度到达第 1 层时与第 30 层大小相当。正是这种初始化让 He et al. (2015) 训练成功。",
    "preset.vanishing.underflow.name": "100 层 sigmoid：下溢为精确的 0",
    "preset.vanishing.underflow.what": "100 个小于 1/4 的因子相乘，超出 float32 的表示范围（最小正数约 1.4 × 10⁻⁴⁵）：前几层的梯度恰好为 0，图中以红色三角标出。任何优化器都无法从为 0 的梯度中学习。",
    "predict.vanishing.question": "深度为 {depth}、激活函数为 {activation} 时，第 1 层的梯度比第 {depth} 层小多少？先猜一个 10 的幂，再展开查看。",
    "predict.vanishing.answer": "第 1 层得到的梯度是第 {depth} 层的 **{ratio}**（由 autograd 按当前设置实测）。",
    # --- exploding ---------------------------------------------------------------
    "exploding.title": "梯度爆炸",
    "exploding.intro": (
        "把麦克风靠近它连着的扬声器，一声耳语就会变成刺耳的啸叫：声音每绕回路一圈都会被**放大**。在深层网络中，"
        "梯度每经过一层都要乘以一个权重矩阵；如果每个矩阵都放大它，乘积就会呈几何级数增长，而**最靠近输入**、"
        "离损失最远的层得到的梯度最大。这不是激活函数造成的：常见激活函数的导数最多为 1 左右（GELU 的峰值为 1.13）。"
        "罪魁祸首是权重。"
    ),
    "exploding.net_header": "沿深度方向的爆炸",
    "exploding.net_kind": "网络",
    "exploding.kind.identity": "线性，W = w·I（精确：增益 wᴸ）",
    "exploding.kind.gaussian_tanh": "tanh，W ~ N(0, w²/n)（均值场）",
    "exploding.kind.gaussian_relu": "ReLU，W ~ N(0, w²/n)（均值场）",
    "exploding.weight_scale": "权重尺度 w",
    "exploding.flow_title": "到达各层的梯度",
    "exploding.flow_subtitle": "每层 dL/dz 的均方根，初始化时的一次反向传播",
    "exploding.theory_power": "理论：wᴸ⁻ⁱ",
    "exploding.theory_mf": "均值场理论",
    "exploding.metric_gain": "从损失到输入的增益",
    "exploding.metric_gain_help": "‖dL/dx‖ ÷ ‖dL/dh_L‖：梯度从最后一层传到输入的过程中增长了多少倍，由 autograd 在 float32 中测得。",
    "exploding.metric_theory": "理论 wᴸ",
    "exploding.metric_theory_mf": "理论（均值场）",
    "exploding.exact": "实测 {measured} = {w}$^{{{depth}}}$ = {theory}：{depth} 个相同因子的乘积，autograd 在 float32 中将其精确复现。",
    "exploding.matrix_header": "同一个矩阵，一乘再乘",
    "exploding.matrix_caption": "循环网络（或权重共享的深层线性网络）在每一步都乘以同一个 W。你可以编辑 W 和初始向量 x。",
    "exploding.matrix_w": "矩阵 W",
    "exploding.matrix_x": "初始向量 x",
    "exploding.matrix_steps": "幂次 k",
    "exploding.eigen": "特征值 λ",
    "exploding.singular": "奇异值 σ",
    "exploding.eigen_note": "[[2, 3], [4, 5]] 的特征值是 (7 ± √57)/2 ≈ 7.275 和 −0.275，而不是某篇流传甚广的文章所说的 7 和 1；它的奇异值是 7.343 和 0.272。‖Wᵏx‖ 按 |λ_max|ᵏ（谱半径）增长，且增长速度永远不会超过 σ_maxᵏ‖x‖。",
    "exploding.complex": "共轭复数对",
    "exploding.power_title": "‖Wᵏx‖ 随 k 的变化",
    "exploding.power_subtitle": "在 float64 中测得，并附上理论预测的增长率",
    "exploding.power_measured": "实测 ‖Wᵏx‖",
    "exploding.power_radius": "理论：|λ_max|ᵏ · c（谱半径）",
    "exploding.power_sigma": "上界：σ_maxᵏ ‖x‖",
    "exploding.power_y": "‖Wᵏx‖（对数坐标）",
    "exploding.power_x": "k（相乘次数）",
    "exploding.train_header": "当训练溢出时",
    "exploding.train_caption": "一个 10 层 tanh 网络，W ~ N(0, w²/n)，用普通 SGD 在两条螺旋线上训练 {steps} 步（平方误差损失）：一次不裁剪，一次按你设定的阈值做梯度范数裁剪。随机种子相同，数据相同。初始化时，它第一层的梯度是最后一层的 {ratio} 倍。",
    "exploding.train_scale": "该网络的权重尺度 w",
    "exploding.train_scale_help": "w ≈ 1 是健康的 tanh 初始化；w 超过约 1.5 时，在任何训练步之前梯度就已经随深度增长。",
    "exploding.run_plain": "不裁剪",
    "exploding.run_clipped": "范数裁剪，阈值 {threshold}",
    "exploding.train_title": "训练损失",
    "exploding.train_subtitle": "红线标出数值不再是有限数的那一步",
    "exploding.gnorm_title": "每一步的梯度范数",
    "exploding.gnorm_subtitle": "裁剪前；虚线为裁剪阈值",
    "exploding.gnorm_y": "裁剪前 ‖g‖（对数坐标）",
    "exploding.threshold": "裁剪阈值 {threshold}",
    "exploding.event": "**不裁剪时在第 {step} 步溢出**：{quantity}变为 inf/NaN，训练就此停止。加上裁剪后，这次训练{clipped_outcome}。",
    "exploding.clipped_finite": "在全部 {steps} 步中都保持有限（最终损失 {loss:.3g}）",
    "exploding.clipped_overflow": "也在第 {step} 步溢出：裁剪限制了每一步的大小，但在这个学习率下，{steps} 步训练仍然会发散",
    "exploding.no_event": "不裁剪时 {steps} 步内没有溢出（最终损失 {loss:.3g}）。提高学习率或权重尺度可以让它溢出。",
    "exploding.depth_vs_step": (
        "**两种不同的失败**。*沿深度的爆炸*是网络在初始化时的性质：当 w = 5、共 10 层时，在任何训练步之前，"
        "输入处的梯度就已是输出处的 5¹⁰ 倍，与学习率无关。*发散*是步长的性质：即使权重尺度合适（w ≈ 1），"
        "过大的学习率也会让每次更新冲过头，损失一步步增大，最终溢出。裁剪限制了梯度的范数，从而限制了每一步；"
        "更小的学习率或更好的初始化才能消除根源。"
    ),
    "exploding.notice": (
        "- 在 **w = 5、深度 10** 时，增益恰好是 5¹⁰ = 9,765,625；把 w 减半到 0.5，同一个乘积就会消失"
        "（0.5¹⁰ ≈ 0.001）：同一种机制，两种失败。\n"
        "- **最前面的层**得到的梯度最大：和梯度消失一样，爆炸程度随与损失的距离而增长。\n"
        "- 在矩阵实验中，‖Wᵏx‖ 遵循 |λ_max|ᵏ，并以 σ_maxᵏ 为上界。\n"
        "- 在 **w = 1、学习率 0.3** 下训练：不裁剪时损失一步步增大，并在标明的某一步**溢出**；"
        "加上裁剪后，同样的训练保持有限并能学习。这是步长导致的发散，而不是沿深度的爆炸："
        "降低学习率它就会消失。把 w 提高到 3：训练开始前梯度就向输入端增长约 14 倍，在 w = 1 时安全的学习率 0.1 也会溢出（第 30 步）；学习率 0.01 仍能正常训练。"
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
    "preset.exploding.five_to_ten.name": "5¹⁰ = 9,765,625",
    "preset.exploding.five_to_ten.what": "十个线性层，W = 5·I：反向传播连乘十次 5，float32 下的 autograd 精确得到 9,765,625。",
    "preset.exploding.half_to_ten.name": "0.5¹⁰：同一个乘积，梯度消失",
    "preset.exploding.half_to_ten.what": "同一网络取 W = 0.5·I：增益为 0.5¹⁰ ≈ 0.000977。梯度爆炸与梯度消失是同一机制——逐层因子的连乘——分别位于 1 的两侧。",
    "preset.exploding.divergence.name": "步长导致的发散（Pascanu et al. 2013）",
    "preset.exploding.divergence.what": "初始化良好的 10 层 tanh 网络用 SGD、学习率 0.3 训练：不裁剪时损失逐步增大直至溢出；按范数裁剪到 1 后，同一次训练保持有限（Pascanu, Mikolov & Bengio 2013）。",
    "predict.exploding.question": "W = {w:g}·I、共 {depth} 层时增益为 {gain}。如果把 w 减半，增益变为多少？",
    "predict.exploding.answer": "(w/2)ᴸ = wᴸ / 2ᴸ：增益缩小 2^{depth} = {factor:,} 倍，变为 **{halved}**。每个因子减半，乘积就在每一层都除以 2。",
    # --- RNN vs LSTM/GRU ------------------------------------------------------------
    "rnn.title": "RNN 与 LSTM / GRU",
    "rnn.intro": (
        "循环神经网络在每个时间步都使用**相同的**权重，因此随时间反向传播时，每往回一步，梯度都要乘以同一类雅可比矩阵。"
        "100 步就是 100 个因子的乘积：它要么消失（网络遗忘很久以前发生的事），要么爆炸。门控单元 LSTM 和 GRU "
        "增加了一条通路，其因子是网络可以保持打开的**门**。初始化时这些门处于半开状态，门控单元遗忘得和普通 RNN 一样快；"
        "真正起作用的是：门可以被设定为（或学会）保持打开。"
    ),
    "rnn.cell.rnn": "tanh RNN",
    "rnn.cell.lstm": "LSTM",
    "rnn.cell.gru": "GRU",
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
    "rnn.forget_bias": "LSTM 遗忘门偏置",
    "rnn.forget_bias_help": "f = σ(W_f x + U_f h + b_f) 中的 b_f。0 是 PyTorch 默认值的平均水平（偏置为很小的随机数）；1 是常见的推荐值（Jozefowicz et al. 2015）。",
    "rnn.update_bias": "GRU 更新门偏置",
    "rnn.update_bias_help": "z = σ(…+ b_z) 中的 b_z；PyTorch 的 GRU 计算 h′ = (1 − z)·n + z·h，因此 z 较大时会保留旧状态。",
    "rnn.no_cells": "请至少选择一种单元进行比较。",
    "rnn.flow_title": "到达各个更早时间步的梯度",
    "rnn.flow_subtitle": "‖dL/dhₜ‖，损失只在最后一步计算（并在该处归一化为 1），初始化时的一次反向传播",
    "rnn.steps_back": "距损失的回溯步数",
    "rnn.grad_y": "‖dL/dhₜ‖（对数坐标）",
    "rnn.grad_value": "‖dL/dhₜ‖",
    "rnn.bound": "tanh RNN 的上界：σ_max(W_hh)ᵏ",
    "rnn.metric_back": "{cell}：回溯 {steps} 步",
    "rnn.metric_sigma": "RNN 的 σ_max(W_hh)",
    "rnn.metric_sigma_help": "Pascanu et al. (2013)：使用 tanh（|tanh′| ≤ 1）时，σ_max < 1 是梯度消失的充分条件；σ_max > 1 是梯度爆炸的必要（而非充分）条件。",
    "rnn.sigma_below": "小于 1：必然消失",
    "rnn.sigma_above": "大于 1：可能爆炸",
    "rnn.race_header": "加法问题上的训练比赛",
    "rnn.race_caption": (
        "每个序列包含 [0, 1] 内的随机数和两个标记，前后两半各有一个；目标是两个被标记数字之和"
        "（Hochreiter & Schmidhuber 1997；Le, Jaitly & Hinton 2015）。始终预测常数 1 的 MSE = 1/6 ≈ 0.167："
        "明显低于这个值的单元已经学会把一个数字跨越整个序列携带下去。"
        "隐藏层大小 {hidden}，批大小 {batch}，每步使用新的批次；各单元使用上面设置的循环权重初始化和门偏置。"
    ),
    "rnn.race_seq_len": "比赛序列长度",
    "rnn.race_steps": "训练步数",
    "rnn.race_start": "开始比赛",
    "rnn.race_prompt": "**先预测**：在 {steps} 步内，哪些单元能降到虚线基线以下？然后点击*开始比赛*（每种单元约 5 秒；这些设置下的结果会被保留）。",
    "rnn.race_title": "加法问题：训练过程中的损失",
    "rnn.race_subtitle": "每步的均方误差（对数坐标）；虚线为常数预测基线 1/6",
    "rnn.race_y": "MSE（对数坐标）",
    "rnn.baseline": "基线 1/6（预测 1）",
    "rnn.outcome.solved": "已解决",
    "rnn.outcome.learning": "部分学会",
    "rnn.outcome.stuck": "停在基线",
    "rnn.outcome.overflow": "在第 {step} 步溢出",
    "rnn.outcome_help": "最后 20 步的平均 MSE。已解决：低于基线的 10%；停在基线：高于基线的 90%。",
    "rnn.clip_title": "训练过程中的梯度范数",
    "rnn.clip_subtitle": "全部参数的 ‖g‖：裁剪前（实线或长划线）和裁剪后（短虚线或点线）",
    "rnn.clip_y": "‖g‖（对数坐标）",
    "rnn.before_clip": "{cell}，裁剪前",
    "rnn.after_clip": "{cell}，裁剪后",
    "rnn.threshold": "阈值 {threshold}",
    "rnn.after_title": "梯度随时间的变化：初始化时与训练后",
    "rnn.after_subtitle": "相同序列上的 ‖dL/dhₜ‖；短虚线或点线：初始化时，实线或长划线：比赛结束后",
    "rnn.at_init": "{cell}（初始化）",
    "rnn.trained": "{cell}（训练后）",
    "rnn.notice": (
        "- 在 PyTorch 默认初始化下，三种单元在 100 步内都衰减了约 **20 个数量级**："
        "门的初始值接近 σ(0) = 0.5，因此 LSTM 的细胞状态通路每步也大约乘以 0.5。\n"
        "- 把 **LSTM 遗忘门偏置**提高到 1，再到 3：曲线会抬高好几个数量级，因为细胞状态的雅可比矩阵就是遗忘门本身。"
        "GRU 的更新门偏置对 GRU 起同样的作用。\n"
        "- 对于 tanh RNN，梯度始终位于虚线 σ_max(W_hh)ᵏ 之下：把初始化设为正交、尺度 0.9，即可看到这条上界衰减。\n"
        "- 在比赛中，注意观察**训练后梯度随时间的变化**：学会了任务的门控单元已经把门打开，"
        "它们在序列开头处的梯度比初始化时大许多个数量级。"
    ),
    "rnn.math_bptt": "随时间反向传播时，每回溯一步就乘以一个雅可比矩阵；对于 tanh RNN hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b)：",
    "rnn.math_lstm": "LSTM 的细胞状态以加法方式更新，因此沿细胞状态通路的雅可比矩阵就是遗忘门（Hochreiter & Schmidhuber 1997；Gers et al. 2000）：",
    "rnn.math_gru": "GRU 用更新门 z 在旧状态和候选状态之间插值（采用 PyTorch 的约定）：",
    "rnn.reading": (
        "- Hochreiter & Schmidhuber (1997), *Long short-term memory*；Gers, Schmidhuber & Cummins (2000), *Learning to forget*。\n"
        "- Cho et al. (2014)：GRU。\n"
        "- Pascanu, Mikolov & Bengio (2013), *On the difficulty of training recurrent neural networks*：σ_max 条件与梯度裁剪。\n"
        "- Le, Jaitly & Hinton (2015), *A simple way to initialize recurrent networks of rectified linear units*：IRNN 与加法问题。\n"
        "- Jozefowicz, Zaremba & Sutskever (2015), *An empirical exploration of recurrent network architectures*：遗忘门偏置设为 1。"
    ),
    "preset.rnn.pascanu.name": "Pascanu et al. 2013：σ_max(W_hh) = 0.9",
    "preset.rnn.pascanu.what": "tanh RNN 的 W_hh 为缩放到 0.9 的正交矩阵：所有奇异值都是 0.9，向前 k 步的梯度始终低于虚线 0.9ᵏ，正如 Pascanu, Mikolov & Bengio (2013) 所证明：σ_max < 1 足以导致梯度消失。",
    "preset.rnn.irnn.name": "Le et al. 2015：单位矩阵循环权重（IRNN）",
    "preset.rnn.irnn.what": "W_hh = I，取自 Le, Jaitly & Hinton (2015)，原文搭配 ReLU 单元。这里用 tanh，单位矩阵使 σ_max = 1，梯度只因 tanh 的饱和而衰减，比 PyTorch 默认初始化慢得多。",
    "preset.rnn.forget_bias.name": "Jozefowicz et al. 2015：遗忘门偏置 1",
    "preset.rnn.forget_bias.what": "LSTM 的遗忘门初始为 σ(1) ≈ 0.73 而不是 0.5：向前 99 步的梯度提高约 13 个数量级（实测 1.4 × 10⁻⁸，偏置为 0 时约 2 × 10⁻²¹）。Jozefowicz, Zaremba & Sutskever (2015) 推荐这一偏置。",
    "preset.rnn.open_gates.name": "门保持打开：偏置 3",
    "preset.rnn.open_gates.what": "遗忘门和更新门的偏置都设为 3（σ(3) ≈ 0.95），序列长 200：LSTM 和 GRU 的梯度只变化几个数量级，而 tanh RNN 的梯度消失。这正是门的作用；训练中门会学到这样的设置。",
    "predict.rnn.question": "在当前设置下，向前 {steps} 步时哪种单元保留的梯度最大：tanh RNN、LSTM 还是 GRU？",
    "predict.rnn.answer": "{ranking}。在 PyTorch 默认初始化下各门的值接近 0.5，因此门控单元的梯度消失速度与普通 RNN 相近：与它们损失的 {decades:.0f} 个数量级相比，彼此的差距很小。调高门偏置，排序就会改变。",
    # --- Residual blocks ---------------------------------------------------------
    "residual.title": "残差块",
    "residual.intro": (
        "残差块把输入加回到输出上：**y = x + F(x)**。反向传播经过它时乘的是 **I + ∂F/∂x**，而不是 ∂F/∂x，"
        "因此梯度总有一条不是长串乘积的通路通往前面的层：恒等映射。这条通路解决了梯度消失，但求和也可能让梯度增长："
        "使用 ReLU 且不做归一化时，每个残差块都会放大信号，除非把分支缩小（y = x + α·F(x)）或加以归一化，"
        "否则梯度会朝输入方向增长。本页展示这两个方面。"
    ),
    "residual.diagram_identity": "恒等快捷连接：y = x + α·F(x)",
    "residual.diagram_projection": "宽度变化时的投影快捷连接：y = W_s x + α·F(x)",
    "residual.dot_input": "x",
    "residual.dot_branch": "F(x)：线性层 → [归一化] → 激活函数",
    "residual.dot_scale": "× α",
    "residual.dot_projection": "W_s x（线性层，无偏置）",
    "residual.dot_identity": "恒等映射",
    "residual.flow_header": "普通网络与残差网络，权重相同",
    "residual.alpha": "分支缩放系数 α",
    "residual.alpha_help": "y = x + α·F(x)。α = 1 是经典的 ResNet 残差块；α ≈ 1/√depth 可使求和结果的方差保持有界（SkipInit、ReZero 和 Fixup 在初始化时缩小分支或将其置零）。",
    "residual.alpha_hint": "深度为 {depth} 时，1/√depth ≈ {value:.3f}。",
    "residual.norm": "分支中的归一化",
    "norm.none": "无",
    "norm.batch": "批归一化（BatchNorm）",
    "norm.layer": "层归一化（LayerNorm）",
    "residual.net.plain": "普通网络",
    "residual.net.residual": "残差网络（α = {alpha:g}）",
    "residual.metric_plain": "普通：第 1 层 ÷ 第 {depth} 层",
    "residual.metric_residual": "残差：第 1 层 ÷ 第 {depth} 层",
    "residual.metric_help": "第一个隐藏层的梯度 dL/dz 均方根除以最后一个隐藏层的值。1 表示梯度完美流动；远小于 1 表示梯度消失，远大于 1 表示梯度朝输入方向爆炸。",
    "residual.flow_title": "到达各层的梯度：普通网络与残差网络",
    "residual.flow_subtitle": "初始化时每层 dL/dz 的均方根；两个网络权重相同，残差网络额外加了恒等跳跃连接",
    "residual.verdict_grows": "加了跳跃连接后，梯度朝输入方向**增大**：第一层的梯度是最后一层的 {ratio} 倍，因为各条恒等通路的贡献层层累加。请降低 α（试试 1/√depth）或加入归一化。",
    "residual.verdict_flat": "加了跳跃连接后，第一层的梯度是最后一层的 {ratio} 倍，相差不到 10 倍：恒等通路把梯度传了过去。",
    "residual.verdict_shrinks": "即使有跳跃连接，这里的梯度仍朝输入方向缩小：第一层的梯度只有最后一层的 {ratio} 倍。",
    "residual.degradation_header": "退化实验",
    "residual.degradation_caption": (
        "He et al. (2016) 发现，更深的普通网络训练后的训练误差反而**高于**较浅的网络（在 CIFAR-10 上 plain-56 比 "
        "plain-20 更差），尽管深层网络完全可以复制浅层网络，并把多出来的层设为恒等映射。"
        "本实验：三个网络在两条螺旋线上训练，随机种子相同，宽度 {width}，Xavier 正态权重，Adam（学习率 {lr}），{steps} 步全批量训练。"
    ),
    "residual.shallow_depth": "浅层普通网络深度",
    "residual.deep_depth": "深层网络深度",
    "residual.run.shallow_plain": "浅层普通（{depth} 层）",
    "residual.run.deep_plain": "深层普通（{depth} 层）",
    "residual.run.deep_residual": "深层残差（{depth} 层，α = {alpha:g}）",
    "residual.train_start": "训练三个网络",
    "residual.train_prompt": "**先预测**：哪个网络的训练损失最低？深层普通网络会胜过浅层网络吗？然后点击*训练三个网络*（约 6 秒）。",
    "residual.train_title": "训练损失：浅层普通、深层普通、深层残差",
    "residual.train_subtitle": "两条螺旋线上的二元交叉熵（对数坐标）；随机猜测水平为 ln 2 ≈ 0.693",
    "residual.final_loss": "最终损失",
    "residual.notice": (
        "- **sigmoid、深度 50、无跳跃连接**：第一层的梯度约为最后一层的 10⁻³¹。同样的权重加上恒等跳跃连接："
        "两者相差在 10 倍以内。\n"
        "- **ReLU、无归一化、α = 1**：普通网络第一层得到的梯度约为最后一层的 10⁻⁸，而残差网络的梯度朝输入方向"
        "增大约 10⁷ 倍。把 α 设为 1/√depth，又回到 10 倍以内。\n"
        "- 在退化实验中，深层普通网络停滞在随机猜测水平附近（损失 ≈ 0.69），而浅层网络能够学习，深层残差网络学得最好："
        "一旦梯度能够流动，深度就有帮助。"
    ),
    "residual.math_block": "残差块的雅可比矩阵中含有一个单位矩阵项：",
    "residual.math_product": "经过 L 个残差块，梯度是这些因子的乘积；展开后是对全部 2ᴸ 条路径的求和，而跳过所有残差块的那条路径会把梯度原封不动地传过去：",
    "residual.math_variance": "使用 ReLU、Xavier 权重（Var W = 1/n）且不做归一化时，分支与 x 不相关，每经过一个残差块，均方值 q 都会增加其自身的 α²/2；梯度也以同样的方式增长。因此 α = 1 时会随深度爆炸，而 α = 1/√L 在任意深度下都能把增长控制在 e^½ 以内：",
    "residual.reading": (
        "- He, Zhang, Ren & Sun (2016), *Deep residual learning for image recognition*；*Identity mappings in deep residual networks*。\n"
        "- Veit, Wilber & Belongie (2016), *Residual networks behave like ensembles of relatively shallow networks*：对路径求和的视角。\n"
        "- Balduzzi et al. (2017), *The shattered gradients problem*；Hayou et al. (2021), *Stable ResNet*：把分支按 1/√L 缩放。\n"
        "- De & Smith (2020), *Batch normalization biases residual blocks towards the identity function*（SkipInit）；"
        "Bachlechner et al. (2020), *ReZero*；Zhang, Dauphin & Ma (2019), *Fixup initialization*。"
    ),
    "preset.residual.sigmoid_skips.name": "sigmoid，深度 50：残差连接挽救梯度",
    "preset.residual.sigmoid_skips.what": "没有残差连接时，第 1 层只收到第 50 层梯度的约 10⁻³¹；加上恒等连接，同样的权重能把梯度保持在 10 倍以内。",
    "preset.residual.relu_skips.name": "ReLU，深度 50，α = 1：残差连接导致爆炸",
    "preset.residual.relu_skips.what": "ReLU、无归一化、α = 1 时，每个块都在累加信号：残差网络的梯度向输入端增长约 10⁷ 倍（普通网络则消失到 10⁻⁸）。若不缩放或归一化分支，残差连接只是把消失换成了增长。",
    "preset.residual.scaled_skips.name": "ReLU，深度 50，α ≈ 1/√50",
    "preset.residual.scaled_skips.what": "把分支缩放为 α = 0.14 ≈ 1/√50（SkipInit、ReZero、Fixup 在初始化时的做法），第一层的梯度与最后一层相差不到 10 倍。",
    "preset.residual.degradation.name": "He et al. 2016：退化问题",
    "preset.residual.degradation.what": "点击 *训练三个网络*：30 层普通 tanh 网络停在随机水平（损失 ≈ 0.69），4 层网络能学习，而 30 层残差网络学得最好。更深的普通网络训练得更差（He et al. 2016, 图 1）；残差连接扭转了这一点。",
    "predict.residual.question": "在当前设置下，有残差连接时第 1 层的梯度能否保持在第 {depth} 层的 10 倍以内？",
    "predict.residual.answer": "有残差连接时，第 1 层 ÷ 第 {depth} 层：**{ratio}**，{verdict}。",
    "predict.residual.yes": "在 10 倍以内",
    "predict.residual.no": "超出 10 倍",
    # --- Remedies --------------------------------------------------------------------
    "remedies.title": "解决方法",
    "remedies.intro": (
        "从一个**失效的网络**出发：它是一个 30 层 sigmoid 网络，权重服从 N(0, 1/n)，用普通 SGD 训练，最前面几层"
        "几乎收不到梯度；然后逐一开启各项解决方法。每张图表都把失效网络与你的版本进行对比：随机种子相同，数据相同。"
        "有些方法改变梯度本身（激活函数、权重初始化、归一化、跳跃连接）；另一些只改变用梯度迈出的步子（梯度裁剪、优化器、学习率）。"
    ),
    "remedies.fix_header": "修复一个失效的网络",
    "remedies.train_start": "训练两个网络",
    "remedies.train_prompt": "**先预测：** 用上这些补救措施，{steps} 步之后的损失会低于原来那个坏网络吗？然后按 *训练两个网络*（一两秒；这些设置的结果会保留）。",
    "remedies.reset": "恢复为失效网络",
    "remedies.broken_caption": "失效网络：{depth} 层，sigmoid，N(0, 1/n)，无归一化，无跳跃连接，SGD（学习率 {lr}），不裁剪。",
    "remedies.residual": "残差跳跃连接（α = 1/√depth）",
    "remedies.clipping": "梯度范数裁剪，阈值 1",
    "remedies.run.broken": "失效网络",
    "remedies.run.fixed": "你的版本",
    "remedies.metric_ratio": "第 1 层 ÷ 第 {depth} 层",
    "remedies.metric_ratio_help": "初始化时第一个隐藏层的梯度均方根除以最后一个隐藏层的值。变化量是相对于失效网络而言的。",
    "remedies.metric_loss": "最终训练损失",
    "remedies.delta_decades": "{value:+.1f} 个数量级（相对失效网络）",
    "remedies.delta_points": "{value:+.0f} 个百分点（相对失效网络）",
    "remedies.metric_accuracy": "最终准确率",
    "remedies.flow_title": "初始化时到达各层的梯度",
    "remedies.flow_subtitle": "每层 dL/dz 的均方根：失效网络与你的版本，随机种子相同",
    "remedies.same_gradient": "初始化时的梯度与失效网络**完全相同**：梯度裁剪、优化器和学习率都不改变梯度，只改变用它迈出的步子。请改为比较训练曲线。",
    "remedies.train_title": "训练损失：失效网络与你的版本",
    "remedies.train_subtitle": "两条螺旋线上的二元交叉熵（对数坐标）；随机猜测水平为 ln 2 ≈ 0.693",
    "remedies.phase_header": "有序与混沌：相图",
    "remedies.phase_start": "测量相图",
    "remedies.phase_prompt": "**先预测：** 在这张网格上，梯度在哪里既不消失也不爆炸？然后按 *测量相图*（{nets} 个网络，几秒钟；这些设置的结果会保留）。",
    "remedies.phase_caption": (
        "每个格子代表一个宽度为 {width} 的 {depth} 层 {activation} 网络，W ~ N(0, σ_w²/n)，b ~ N(0, σ_b²)，"
        "颜色表示**实测的**第 1 层梯度与第 {depth} 层梯度之比的 log₁₀（单个随机种子）。蓝色：梯度朝输入方向消失；"
        "橙色：梯度爆炸。黑线是均值场理论给出的边界 χ₁ = 1（Poole et al. 2016；Schoenholz et al. 2017）："
        "在这条线上，梯度既不缩小也不增长。"
    ),
    "remedies.phase_activation": "激活函数",
    "remedies.phase_depth": "深度",
    "remedies.phase_title": "(σ_w, σ_b) 平面上的实测梯度比",
    "remedies.phase_subtitle": "log₁₀(第 1 层 dL/dz 均方根 ÷ 最后一层)；黑线：理论 χ₁ = 1",
    "remedies.phase_x": "σ_w（权重尺度）",
    "remedies.phase_y": "σ_b（偏置尺度）",
    "remedies.phase_color": "log₁₀ 比值",
    "remedies.phase_theory": "理论 log₁₀ 比值",
    "remedies.phase_boundary": "理论：χ₁ = 1（混沌边缘）",
    "remedies.phase_agreement": "在整个网格上，实测值与理论值平均相差 {error:.2f} 个数量级（最大差距 {worst:.2f}）。",
    "remedies.table_header": "哪种方法解决哪种问题",
    "remedies.table": (
        "| 方法 | 解决什么问题 | 原理 | **不能**做什么 |\n"
        "|---|---|---|---|\n"
        "| ReLU 系列激活函数 | 饱和导致的梯度消失 | 单元激活时 φ′ = 1；没有平坦的尾部 | 爆炸并非由 φ′ > 1 的激活函数造成：sigmoid′ ≤ 0.25，tanh′ ≤ 1，ReLU′ 为 0 或 1，GELU′ ≤ 1.13。爆炸来自权重。 |\n"
        "| Xavier / He / 正交初始化 | 沿深度的梯度消失与爆炸 | 在训练开始时使每层因子 χ₁ ≈ 1 | 不能在训练过程中把该因子保持在 1。 |\n"
        "| BatchNorm / LayerNorm | 激活值尺度漂移 | 对每一层重新中心化和缩放 | 仅靠 BatchNorm 无法防止深层普通 ReLU 网络中的爆炸：初始化时梯度的平方每层增长为原来的 ≈ 1.47 倍（Yang et al. 2019）。 |\n"
        "| 残差跳跃连接 | 沿深度的梯度消失；退化问题 | 每层的雅可比矩阵中都有一个恒等项 | 使用 ReLU 且不做归一化时，α = 1 的跳跃连接会让梯度朝输入方向增长；需要缩放分支。 |\n"
        "| 梯度裁剪 | 爆炸式的更新 | 缩放 g，使 ‖g‖ ≤ τ | 对梯度消失毫无作用。 |\n"
        "| Adam、RMSProp、动量 | 尺度不当或噪声大的步长 | 对步长重新缩放或取平均 | 它们改变的是**步长**，而不是梯度：切换优化器时，上方的梯度流图表纹丝不动；下溢为 0 的梯度仍然是 0。 |\n"
        "| 更小的学习率 | 发散（损失一步步增大） | 更小的步长 | 无法修复初始化时就已消失的梯度。 |"
    ),
    "remedies.notice": (
        "- 只把**激活函数换成 ReLU**：梯度不再消失得那么快，但在 N(0, 1/n) 权重下，ReLU 网络的梯度平方仍然每层减半"
        "（χ₁ = σ_w²/2）；再加上 **He 初始化**（σ_w² = 2，χ₁ = 1），梯度就能顺畅流动。\n"
        "- 只把**优化器**换成 Adam：梯度图表完全不变，但训练可能会改善：Adam 重新缩放每个权重的步长，它并不修复梯度。\n"
        "- 在相图中，实测颜色在理论的 χ₁ = 1 线上变号：好的初始化正位于混沌边缘。"
    ),
    "remedies.math_chi": "均值场理论：梯度的平方每层乘以 χ₁；应在 χ₁ = 1 处初始化：",
    "remedies.math_he": "对于 ReLU，E[φ′(z)²] = ½，因此 χ₁ = σ_w²/2：He 初始化（σ_w² = 2）恰好处于临界点；Xavier（σ_w² = 1）则使其每层减半：",
    "remedies.math_adam": "Adam 的步长是梯度的两个滑动平均之比：它重新缩放步长，而恰好为 0 的梯度给出的步长也是 0：",
    "remedies.reading": (
        "- Glorot & Bengio (2010)；He et al. (2015), *Delving deep into rectifiers*；Saxe, McClelland & Ganguli (2014)：正交初始化。\n"
        "- Ioffe & Szegedy (2015)：BatchNorm；Ba, Kiros & Hinton (2016)：LayerNorm；Yang et al. (2019), *A mean field theory of batch normalization*。\n"
        "- He et al. (2016)：残差网络；Pascanu, Mikolov & Bengio (2013)：梯度裁剪；Kingma & Ba (2015)：Adam。\n"
        "- Poole et al. (2016)；Schoenholz et al. (2017), *Deep information propagation*：从有序到混沌的相图。"
    ),
    "preset.remedies.he_fix.name": "ReLU + He 初始化（He et al. 2015）",
    "preset.remedies.he_fix.what": "两个开关：用 ReLU 替换 sigmoid，用 He 初始化替换 N(0, 1/n)。梯度重新到达第 1 层，损失开始下降。",
    "preset.remedies.adam_only.name": "只换 Adam：梯度不变",
    "preset.remedies.adam_only.what": "只改变优化器。梯度图与失效网络完全相同：Adam 调整的是步长，并不修复梯度。",
    "preset.remedies.batchnorm.name": "只加批归一化",
    "preset.remedies.batchnorm.what": "批归一化把每层的预激活重新居中，使 sigmoid 工作在最陡的区域：把梯度图与失效网络对比。",
    "preset.remedies.everything.name": "全部打开",
    "preset.remedies.everything.what": "ReLU、He 初始化、批归一化、缩放的残差连接和 Adam 同时使用：梯度顺畅传播，网络学会了螺旋数据。",
    "predict.remedies.question": "把优化器从 SGD 换成 Adam：梯度图会变化吗？",
    "predict.remedies.answer": "不会。初始化时的梯度在任何一步更新之前计算，优化器无法改变它：两种情况下第 1 层 ÷ 第 {depth} 层都是 {ratio}。Adam 改变的是用梯度迈出的步长。",
    "frame.presets": "预设场景",
    # --- home: myths; frame: predict, notebook ---------------------------------------------------------
    "home.myths": "常见误解：现场计算验证",
    "home.myths_caption": "以下说法见于关于这一主题的流行文章；每一条都由页面加载时运行的计算来检验。",
    "myth.eigen.claim": "“[[2, 3], [4, 5]] 的特征值是 7 和 1。”",
    "myth.eigen.fact": "特征值是 (7 ± √57)/2：计算得 {lambda_1:.4f} 和 {lambda_2:.4f}。它的奇异值是 {sigma_1:.4f} 和 {sigma_2:.4f}。",
    "myth.later.claim": "“梯度爆炸发生在靠后的层。”",
    "myth.later.fact": "无论消失还是爆炸，乘积都随与损失的距离增长，因此最靠前的层受影响最大：在 W = 5·I 的 {depth} 层网络中，第 1 层的梯度为 {first:,.0f}，最后一层为 {last:g}。",
    "myth.derivative.claim": "“导数大于 1 的激活函数会导致梯度爆炸。”",
    "myth.derivative.fact": "计算得到的最大导数：{values}。只有 GELU 超过 1，且只超出 13%；梯度爆炸来自权重。",
    "myth.tanh.claim": "“tanh′(x) = tanh(x)(1 − tanh(x))，并且输入很大时趋近于 1。”",
    "myth.tanh.fact": "autograd 给出 tanh′({x:g}) = {autograd:.4f} = 1 − tanh²（{correct:.4f}），而不是 tanh(1 − tanh)（{wrong:.4f}）。它在 0 处最大（{at_zero:g}），远离 0 时趋于 0：tanh′({far:g}) = {autograd_far:.2e}。",
    "myth.saturation.claim": "“sigmoid/tanh 单元饱和会导致梯度爆炸。”",
    "myth.saturation.fact": "饱和导致的是梯度消失：权重较大的 {depth} 层 sigmoid 网络中有 {saturated:.0%} 的单元饱和，第 1 层只得到最后一层梯度的 {ratio:.2g}。",
    "myth.adam.claim": "“Adam 或动量能控制梯度本身。”",
    "myth.adam.fact": "它们改变的是步长，而不是梯度：同一网络在第 1 步的梯度范数，SGD 为 {sgd:.6g}，动量为 {momentum:.6g}，Adam 为 {adam:.6g}。限制梯度的是梯度裁剪。",
    "frame.predict": "先预测，再揭晓",
    "frame.notebook": "在 Notebook 中复现",
    "frame.notebook_help": "这段代码用本实验室自己的库，按当前设置重新计算上面的图（在仓库根目录运行；先 `pip install -r requirements.txt`）。`grad_norm` 保存图中绘制的数值。",
}
