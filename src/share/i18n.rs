//! Every string the playground shows, in English and in Simplified Chinese, from one table.
//!
//! The seed is a Chinese tutorial (负载均衡), so the Chinese column uses its terminology: 负载均衡,
//! 轮询, 加权轮询, 最少连接, 加权最少连接, 一致性哈希, 虚拟节点, 健康检查, 权重. A string is one
//! [`Text`] variant, named for what it says; [`Text::get`] returns it in a [`Lang`]. Strings with
//! values to fill in name them as `{placeholder}`s ([`Text::fill`]); both languages use the same
//! placeholders (a test checks it), so a translation may reorder them freely. Nothing here is
//! HTML: the UI renders every string as text.
//!
//! The English one-line summaries of strategies and presets repeat the engine's and the
//! scenarios' own (`StrategyKind::info`, `scenario::preset`); tests keep the two equal, so the
//! UI can show either.

use crate::engine::{Status, StrategyKind};

/// A language the playground speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code used in URLs (`lang=zh`) and in `<html lang>`: "en" or "zh".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>` ("en", "zh-Hans").
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    /// A language tag this module knows ("en", "en-GB", "zh", "zh-CN", "ZH-hans", …), or `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::Zh)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language for a browser's `navigator.language` ("zh-CN" → Zh), or for a list of
    /// preferences ("fr-FR,zh-CN;q=0.8" → Zh: the first one spoken here wins); English otherwise.
    pub fn from_browser(languages: &str) -> Lang {
        languages
            .split(',')
            .filter_map(|item| Lang::from_tag(item.split(';').next().unwrap_or("")))
            .next()
            .unwrap_or(Lang::En)
    }

    /// The language's own name ("English", "简体中文"), for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => Text::LanguageEnglish.get(self),
            Lang::Zh => Text::LanguageChinese.get(self),
        }
    }
}

/// A string in both languages, for content kept beside its data (lessons) rather than in
/// [`Text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Bilingual {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Bilingual {
    pub const fn new(en: &'static str, zh: &'static str) -> Self {
        Self { en, zh }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Replace each `{name}` in `template` by its value in `args`; placeholders without a value stay
/// as they are (so `{i}` in a preset's description survives). Values are inserted as text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholder}` names in `template`, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Declares [`Text`]: one variant per string, with its English and Chinese text.
macro_rules! texts {
    ($( $(#[$doc:meta])* $name:ident => $en:literal, $zh:literal; )*) => {
        /// Every string of the UI. The variant names what the string says.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Text {
            $( $(#[$doc])* $name, )*
        }

        impl Text {
            /// Every string, in table order.
            pub const ALL: &'static [Text] = &[ $( Text::$name, )* ];

            /// The string in `lang`. Inlined, so a page links only the strings it names (a
            /// variant known where it is used folds to its two strings).
            #[inline(always)]
            pub fn get(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $( Text::$name => $en, )* },
                    Lang::Zh => match self { $( Text::$name => $zh, )* },
                }
            }
        }
    };
}

texts! {
    // The page.
    AppName => "Fulcrum", "Fulcrum";
    Tagline => "A load-balancing playground", "负载均衡演练场";
    NoScript => "Fulcrum needs JavaScript and WebAssembly to run its simulation in your browser.",
        "Fulcrum 需要 JavaScript 和 WebAssembly 才能在浏览器中运行模拟。";
    Controls => "Controls", "控制";
    Language => "Language", "语言";
    LanguageEnglish => "English", "English";
    LanguageChinese => "简体中文", "简体中文";
    KeyboardHelp => "Space plays and pauses, → steps, ← steps back", "空格键播放/暂停，→ 单步前进，← 后退一步";

    // Controls (issue 4).
    Strategy => "Strategy", "策略";
    Code => "Code", "代码";
    CorrectedCode => "Corrected", "修正版";
    SeedCode => "The seed's code", "教程原代码";
    SeedCodeUnavailable => "The seed has no {strategy}: only the corrected code exists",
        "教程中没有 {strategy}：只有修正版代码";
    Preset => "Preset", "预设场景";
    PresetRun => "Run", "运行";
    RequestRate => "Request rate", "请求速率";
    Latency => "Latency", "延迟";
    ErrorRate => "Error rate", "错误率";
    HealthCheckInterval => "Health check interval", "健康检查间隔";
    VirtualNodes => "Virtual nodes", "虚拟节点";
    LoadFactor => "Load factor c", "负载系数 c";
    Speed => "Speed", "速度";
    Play => "Play", "播放";
    Pause => "Pause", "暂停";
    Step => "Step", "单步";
    Reset => "Reset", "重置";
    AddServer => "Add server", "添加服务器";
    RemoveServer => "Remove server", "移除服务器";
    Seed => "Seed", "随机种子";
    NewSeed => "New seed", "换一个种子";
    Ring => "Ring", "哈希环类型";
    RingFulcrum => "Fulcrum's ring (XXH3 points)", "Fulcrum 哈希环（XXH3 哈希点）";
    RingNginx => "nginx's ring (ketama, 160 points per weight)", "nginx 哈希环（ketama，每单位权重 160 个点）";
    CompareStrategies => "Strategies to compare", "对比的策略";

    // Units of the sliders.
    UnitRequestsPerSecond => "{value} requests/s", "{value} 请求/秒";
    UnitMilliseconds => "{value} ms", "{value} 毫秒";
    UnitSeconds => "{value} s", "{value} 秒";
    UnitPercent => "{value}%", "{value}%";
    UnitTimes => "{value}×", "{value}×";
    UnitPointsPerWeight => "{value} points per unit of weight", "每单位权重 {value} 个点";

    // Views.
    View => "View", "视图";
    ServerPool => "Server pool", "服务器池";
    HashRing => "Hash ring", "哈希环";
    MaglevTable => "Maglev lookup table", "Maglev 查找表";
    RequestFlow => "Request flow", "请求流";
    BalancerView => "What the balancer sees", "负载均衡器眼中的状态";
    Distribution => "Distribution", "请求分布";
    Compare => "Compare", "对比";
    Lookup => "Lookup", "查找";
    SeedStats => "The seed's statistics (get_stats)", "统计信息（get_stats）";
    LatencyPercentiles => "Latency percentiles", "延迟百分位";
    ThroughputOverTime => "Throughput over time", "吞吐量随时间变化";
    Explanation => "Explanation", "解释";
    LastPick => "Last pick", "最近一次选择";
    NoRequestYet => "No request yet: press Step.", "还没有请求：请按“单步”。";

    // The seed's formal model.
    FormalModel => "The seed's model: LB = (S, R, A, W, D)", "教程的形式化模型：LB = (S, R, A, W, D)";
    ModelServers => "S: the servers", "S：服务器实例集合";
    ModelRequests => "R: the requests", "R：请求集合";
    ModelAssignment => "A: R → S, the strategy", "A：R → S，分配策略";
    ModelWeights => "W: S → ℝ⁺, the weights", "W：S → ℝ⁺，服务器权重";
    ModelHealth => "D: S → {true, false}, the health", "D：S → {true, false}，健康状态";
    ComplexityClaimed => "Cost per pick as the seed claims it: {cost}", "教程声称的每次选择开销：{cost}";
    ComplexitySeedCode => "Cost per pick of the seed's code: {cost}", "教程代码的实际每次选择开销：{cost}";
    ComplexityCorrected => "Cost per pick of the corrected code: {cost}", "修正版代码的每次选择开销：{cost}";
    ComplexityMeasured => "Measured by fulcrum analyze: {nanos} ns per pick at {servers} servers",
        "fulcrum analyze 实测：{servers} 台服务器时每次选择 {nanos} 纳秒";

    // Narration (the live region).
    NarrationPick => "request {request}: {method} {path} from {client} → {server}",
        "请求 {request}：{method} {path}，来自 {client} → {server}";
    NarrationHashed => "request {request}: key {key} → {hash} → {point} → {server}",
        "请求 {request}：键 {key} → {hash} → {point} → {server}";
    NarrationNoServer => "request {request}: {error}", "请求 {request}：{error}";
    NarrationStatus => "{server} is now {status}", "{server} 现在的状态：{status}";
    NarrationProbe => "health check of {server}: {result}", "{server} 的健康检查：{result}";
    ProbePassed => "passed", "通过";
    ProbeFailed => "failed", "失败";

    // The server pool.
    Server => "Server", "服务器";
    Weight => "Weight", "权重";
    WeightValue => "weight {weight}", "权重 {weight}";
    RequestCount => "{count} requests", "{count} 个请求";
    Connections => "Connections", "连接数";
    ConnectionsOfMax => "{current} of {max} connections", "{current} / {max} 个连接";
    MaxConnections => "Max connections", "最大连接数";
    Queue => "Queue", "队列";
    AverageResponse => "Average response", "平均响应时间";
    P95Response => "p95 response", "p95 响应时间";
    EditServer => "Edit {server}", "编辑 {server}";
    CrashServer => "Crash {server}", "使 {server} 崩溃";
    RecoverServer => "Recover {server}", "恢复 {server}";
    DrainServer => "Drain {server}", "排空 {server}";
    UndrainServer => "Stop draining {server}", "停止排空 {server}";
    MaintainServer => "Put {server} in maintenance", "将 {server} 置于维护状态";
    EndMaintenance => "End maintenance of {server}", "结束 {server} 的维护";

    // Server status (the seed's ServerStatus, plus draining and ejection).
    StatusHealthy => "healthy", "健康";
    StatusUnhealthy => "unhealthy", "不健康";
    StatusOverloaded => "overloaded", "过载";
    StatusMaintenance => "maintenance", "维护中";
    StatusDraining => "draining", "排空中";
    StatusEjected => "ejected", "已被剔除";

    // Request outcomes.
    OutcomeOk => "success", "成功";
    OutcomeError => "failed (500)", "失败（500）";
    OutcomeRefused => "connection refused", "连接被拒绝";
    OutcomeReset => "reset mid-request", "请求中途被重置";
    OutcomeTimeout => "timed out", "超时";
    OutcomeNoServer => "503 No available servers", "503 无可用服务器";
    OutcomeSeedFault => "the seed's code raised an error", "教程代码抛出异常";
    OutcomeRetried => "retried", "已重试";

    // The distribution table.
    Requests => "Requests", "请求数";
    Share => "Share", "占比";
    ExpectedShare => "Expected share", "期望占比";
    Deviation => "Deviation", "偏差";
    DeviationPoints => "{points} pts", "{points} 个百分点";
    NoValue => "–", "–";
    RecentShare => "Recent share (last {seconds} s)", "近期占比（最近 {seconds} 秒）";
    DistributionAndStatistics => "Distribution and statistics", "请求分布与统计";
    OverTime => "Over time", "随时间变化";
    BeyondTheSeed => "Beyond the seed", "教程之外";
    RunStatistics => "Run statistics", "运行统计";
    SimulatedTime => "simulated time", "模拟时间";
    LatencyP50To99 => "latency p50 / p95 / p99 / max", "延迟 p50 / p95 / p99 / 最大值";
    InFlight => "in flight", "处理中";
    AttemptsRetries => "attempts / retries", "尝试次数 / 重试次数";
    RequestSpread => "request spread max − min", "请求数极差（最大 − 最小）";
    Outcomes => "Outcomes:", "结果：";
    NavPool => "Pool", "服务器池";
    NavFlow => "Flow", "请求流";
    NavRing => "Ring", "哈希环";
    NavTables => "Tables", "表格";
    NavCharts => "Charts", "图表";
    NavBalancer => "Balancer's view", "均衡器视角";
    NavTitle => "Views", "视图导航";
    MastheadTagline => "A load-balancing playground: the seed's nine strategies, done right and as the seed wrote them, and seven more, on a simulated pool.",
        "负载均衡演练场：教程中的九种策略（正确实现与教程原始写法）外加七种策略，运行在模拟的服务器池上。";

    // The seed's get_stats() fields.
    TotalRequests => "Total requests", "总请求数";
    SuccessfulRequests => "Successful requests", "成功请求数";
    FailedRequests => "Failed requests", "失败请求数";
    AverageResponseTime => "Average response time (s)", "平均响应时间（秒）";
    TotalServers => "Total servers", "服务器总数";
    HealthyServers => "Healthy servers", "健康服务器数";
    ServerDetails => "Server details", "服务器详情";
    Endpoint => "Endpoint", "地址";
    Status => "Status", "状态";
    CurrentConnections => "Current connections", "当前连接数";
    ConnectionUtilization => "Connection utilization", "连接利用率";
    Availability => "Availability", "可用性";
    Retries => "Retries", "重试次数";
    JainFairness => "Jain's fairness index (per weight)", "Jain 公平性指数（按权重）";

    // The lookup debugger (issue 5).
    Key => "Key", "键";
    NextStep => "Next step", "下一步";
    PreviousStep => "Previous step", "上一步";
    LookupSteps => "Lookup steps", "查找步骤";
    StepOf => "Step {step} of {steps}", "第 {step} 步，共 {steps} 步";
    Pseudocode => "Pseudocode", "伪代码";
    HashValue => "hash {hash} ({angle}° on the ring)", "哈希值 {hash}（环上 {angle}°）";
    RingWrapped => "past the last point: wrap around to the first", "超过最后一个点：绕回第一个点";
    Owner => "Owner", "归属服务器";
    Churn => "Churn", "键迁移";
    KeysMoved => "{moved} of {keys} keys moved ({percent}); ideal 1/n = {ideal}",
        "{keys} 个键中有 {moved} 个迁移（{percent}）；理想值 1/n = {ideal}";
    KeysAbsorbed => "{server} took {count} of the moved keys", "{server} 接收了 {count} 个迁移的键";
    ChurnMatrix => "Keys remapped by one change, per hashing strategy", "一次变更后各哈希策略重新映射的键";
    SampleKeys => "Sample keys", "示例键";
    HotKeys => "Hot keys", "热点键";
    MaxOverMean => "max / mean", "最大值 / 平均值";
    StandardDeviation => "standard deviation", "标准差";

    // Share, embed, export, replay (issue 6).
    ShareLink => "Share", "分享";
    LinkCopied => "Link copied", "链接已复制";
    CopyThisLink => "Copy this link:", "请复制此链接：";
    OpenInPlayground => "Open in the playground", "在演练场中打开";
    Embed => "Embed", "嵌入";
    Export => "Export", "导出";
    ExportDistributionCsv => "Distribution (CSV)", "请求分布（CSV）";
    ExportDistributionJson => "Distribution (JSON)", "请求分布（JSON）";
    ExportStatsCsv => "Statistics (CSV)", "统计信息（CSV）";
    ExportStatsJson => "Statistics (JSON)", "统计信息（JSON）";
    ExportTrace => "Event trace (JSON)", "事件轨迹（JSON）";
    ExportSvg => "Picture (SVG)", "图片（SVG）";
    ExportPng => "Picture (PNG)", "图片（PNG）";
    ExportChartsSvg => "Charts (SVG)", "图表（SVG）";
    ExportChartsPng => "Charts (PNG)", "图表（PNG）";
    Timeline => "Timeline", "时间轴";
    StepBack => "Step back", "后退一步";
    JumpToRequest => "Jump to request", "跳转到请求";
    AtRequest => "at request {request} of {requests}", "第 {request} 个请求，共 {requests} 个";

    // Lessons.
    Lessons => "Lessons", "课程";
    StartLesson => "Start lesson", "开始课程";
    WatchFor => "Watch for", "注意观察";
    Question => "Question", "问题";
    CheckAnswer => "Check answer", "核对答案";
    AnswerCorrect => "Correct.", "回答正确。";
    AnswerWrong => "Not quite.", "不完全对。";
    NextLesson => "Next lesson", "下一课";
    LessonStartsFrom => "Starts from the preset {preset}", "从预设场景 {preset} 开始";

    // Notes about a link's parameters.
    NotesHeading => "Some settings in the link were ignored or changed", "链接中的部分设置已被忽略或调整";
    NoteUnknownParameter => "{param}: unknown setting, ignored", "{param}：未知设置，已忽略";
    NoteDuplicate => "{param}: given more than once; the first value is used", "{param}：出现多次，只使用第一个值";
    NoteMalformed => "{param}: could not read “{value}”, ignored", "{param}：无法识别“{value}”，已忽略";
    NoteNotFinite => "{param}: “{value}” is not a finite number, ignored", "{param}：“{value}”不是有限数值，已忽略";
    NoteClamped => "{param}: {value} is outside {min}–{max}; {used} is used", "{param}：{value} 超出范围 {min}–{max}，改用 {used}";
    NoteUnknownValue => "{param}: unknown value “{value}”, ignored", "{param}：未知取值“{value}”，已忽略";
    NoteBadEncoding => "{param}: broken percent-encoding or invalid UTF-8, ignored", "{param}：百分号编码损坏或不是有效的 UTF-8，已忽略";
    NoteTooLong => "{param}: longer than {max} characters, ignored", "{param}：超过 {max} 个字符，已忽略";
    NoteTooMany => "{param}: more than {max} entries; only the first {max} are used", "{param}：超过 {max} 项，只使用前 {max} 项";
    NoteBadEntry => "{param}: entry “{value}” ignored", "{param}：条目“{value}”已忽略";
    NoteNotAvailable => "{param}: “{value}” is not available here; {used} is used", "{param}：“{value}”在此不可用，改用 {used}";
    NoteMore => "… and {count} more", "…… 另有 {count} 条";

    // Errors.
    Error => "Error", "错误";
    ErrorHeading => "The playground stopped", "演练场已停止运行";
    ErrorReload => "Reload the page to start again. Please report this message.", "请刷新页面重新开始，并报告此消息。";

    // Strategy names.
    NameRoundRobin => "Round robin", "轮询";
    NameWeightedRoundRobin => "Weighted round robin", "加权轮询";
    NameLeastConnections => "Least connections", "最少连接";
    NameWeightedLeastConnections => "Weighted least connections", "加权最少连接";
    NameIpHash => "IP hash", "IP 哈希";
    NameUrlHash => "URL hash", "URL 哈希";
    NameRandom => "Random", "随机";
    NameLeastResponseTime => "Least response time", "最短响应时间";
    NameConsistentHash => "Consistent hashing", "一致性哈希";
    NameWeightedRandom => "Weighted random", "加权随机";
    NamePowerOfTwoChoices => "Power of two choices", "两次随机选择";
    NamePeakEwma => "Peak EWMA", "峰值 EWMA";
    NameMaglev => "Maglev", "Maglev 哈希";
    NameBoundedLoadConsistentHash => "Consistent hashing with bounded loads", "有界负载一致性哈希";
    NameRendezvousHash => "Rendezvous hashing", "Rendezvous 哈希（最高随机权重）";
    NameJumpHash => "Jump consistent hash", "跳跃一致性哈希";

    // Strategy summaries (English = StrategyKind::info().summary).
    SummaryRoundRobin => "each eligible server in turn", "依次轮流选择每台可用服务器";
    SummaryWeightedRoundRobin => "smooth weighted round robin (nginx): shares follow weights, interleaved",
        "平滑加权轮询（nginx）：按权重分配，且相互交错";
    SummaryLeastConnections => "the server with the fewest requests in flight", "在途请求最少的服务器";
    SummaryWeightedLeastConnections => "the lowest connections / weight", "连接数 / 权重最低的服务器";
    SummaryIpHash => "hash of the client IP modulo the eligible servers", "客户端 IP 的哈希值对可用服务器数取模";
    SummaryUrlHash => "hash of the path modulo the eligible servers", "请求路径的哈希值对可用服务器数取模";
    SummaryRandom => "a uniformly random eligible server", "均匀随机选择一台可用服务器";
    SummaryLeastResponseTime => "the lowest recent time per successful response × (in flight + 1), failures counted, untried servers scored as average",
        "最近每次成功响应所需时间 × (在途请求数 + 1) 最低者；计入失败，未尝试过的服务器按平均水平计分";
    SummaryConsistentHash => "a hash ring with virtual nodes (Karger et al.), optionally nginx's ketama ring",
        "带虚拟节点的哈希环（Karger 等），也可用 nginx 的 ketama 环";
    SummaryWeightedRandom => "a random server with probability proportional to weight", "按权重比例的概率随机选择服务器";
    SummaryPowerOfTwoChoices => "two random servers, the less loaded wins (Mitzenmacher; Azar et al.)",
        "随机选两台服务器，负载较低者胜出（Mitzenmacher；Azar 等）";
    SummaryPeakEwma => "two random servers, the lower peak-EWMA latency × (in flight + 1) / weight wins (Finagle/Linkerd)",
        "随机选两台服务器，峰值 EWMA 延迟 × (在途请求数 + 1) / 权重 较低者胜出（Finagle/Linkerd）";
    SummaryMaglev => "Google's Maglev lookup table: O(1) lookups, near-perfect balance",
        "Google 的 Maglev 查找表：O(1) 查找，近乎完美的均衡";
    SummaryBoundedLoadConsistentHash => "a hash ring that skips servers at capacity ⌈c · (m + 1) · wᵢ / W⌉ for m requests in flight (Mirrokni, Thorup, Zadimoghaddam)",
        "跳过已达容量 ⌈c · (m + 1) · wᵢ / W⌉（m 为在途请求数）的服务器的哈希环（Mirrokni、Thorup、Zadimoghaddam）";
    SummaryRendezvousHash => "highest random weight: every server scores the key, the best wins; beyond 16 servers, a virtual tree of 16-way choices (skeleton-based HRW)",
        "最高随机权重：每台服务器为键打分，得分最高者胜出；超过 16 台服务器时，键沿一棵每层 16 选 1 的虚拟树逐层下行（基于骨架的 HRW）";
    SummaryJumpHash => "Lamping and Veach's jump consistent hash over stable buckets; a departed server's buckets are tombstones, skipped by rehashing",
        "Lamping 与 Veach 的跳跃一致性哈希，作用于稳定的桶列表；离开的服务器留下墓碑桶，通过重新哈希跳过";

    // Preset summaries (English = scenario::preset(name).summary).
    PresetSeedDemo => "the seed's demo exactly: five strategies on 20 requests, then the health-check run",
        "完全复现教程的演示：五种策略各处理 20 个请求，然后运行健康检查演示";
    PresetSlowServer => "one server slows down 10x; who keeps sending it traffic?",
        "一台服务器变慢 10 倍；谁还在给它发流量？";
    PresetServerCrash => "a server crashes; its share falls to 0 once health checks notice",
        "一台服务器崩溃；健康检查发现后它的占比降为 0";
    PresetCrashMidRequest => "a server dies with requests in flight; retries save the idempotent ones",
        "一台服务器在处理请求时宕机；重试挽救了幂等请求";
    PresetHotKey => "hot paths: hashing buys cache hits and a hot spot", "热点路径：哈希带来缓存命中，也带来热点";
    PresetHeterogeneous => "servers of different sizes: weights matter", "服务器规格不同：权重很重要";
    PresetFlapping => "a flapping server with and without rise/fall thresholds",
        "一台反复上下线的服务器，有无 rise/fall 阈值的对比";
    PresetScaleOut => "servers join a busy pool", "新服务器加入繁忙的服务器池";
    PresetHerding => "many balancers, one stale picture of load: who herds?", "多个负载均衡器，同一份过时的负载视图：谁在扎堆？";

    // Preset run descriptions (English = the scenario's description).
    RunSeedDemo => "the seed's demo: 20 requests GET /api/data/{i} from 192.168.1.{i % 10} over server1-4 (weights 1,2,1,3)",
        "教程的演示：20 个请求 GET /api/data/{i}，来自 192.168.1.{i % 10}，分发到 server1-4（权重 1,2,1,3）";
    RunSeedDemoHealthCheck => "the seed's health-check demo: a round-robin proxy forwards 5 requests GET /api/health/{i} from 192.168.1.1",
        "教程的健康检查演示：轮询代理转发来自 192.168.1.1 的 5 个请求 GET /api/health/{i}";
    RunSlowServer => "server3 turns 10x slower at 5 s: latency-aware strategies move traffic off it",
        "server3 在 5 秒时变慢 10 倍：感知延迟的策略会把流量移走";
    RunServerCrash => "server2 crashes at 10 s; health checks (every 2 s, fall 3) take it out, retries hide the gap",
        "server2 在 10 秒时崩溃；健康检查（每 2 秒，fall 3）将其摘除，重试掩盖了这段空档";
    RunCrashMidRequest => "server1 dies halfway through a request at 5 s with long requests in flight: idempotent ones are retried elsewhere, POSTs fail",
        "server1 在 5 秒时处理请求途中宕机，仍有长请求在途：幂等请求转到别处重试，POST 请求失败";
    RunHotKey => "Zipf-popular paths (s = 1.1) and a 100-path cache per server: hashing on the path wins cache hits and puts the hot path on one server",
        "路径热度服从 Zipf 分布（s = 1.1），每台服务器缓存 100 个路径：按路径哈希赢得缓存命中，但热点路径集中在一台服务器上";
    RunHeterogeneous => "three servers of capacity 40, 20 and 10 with matching weights 4, 2, 1: ignoring weights overloads the small one",
        "三台容量为 40、20、10 的服务器，权重对应为 4、2、1：忽略权重会压垮最小的那台";
    RunFlappingSeedLike => "server2 is down 1.5 s, up 1.5 s, over and over; probes every second with the seed's rise = fall = 1 flip the pool each time",
        "server2 反复宕机 1.5 秒、恢复 1.5 秒；按教程的 rise = fall = 1 每秒探测，服务器池每次都随之翻转";
    RunFlappingDamped => "the same flapping server with HAProxy's rise 2 / fall 3: the pool holds still",
        "同一台反复上下线的服务器，采用 HAProxy 的 rise 2 / fall 3：服务器池保持稳定";
    RunScaleOut => "three busy servers; server4 and server5 join at 10 s with a 5 s slow start",
        "三台繁忙的服务器；server4 和 server5 在 10 秒时加入，慢启动 5 秒";
    RunHerding => "10 balancers over 10 servers share load reports every 250 ms: between reports least connections sends everyone to the same least-loaded servers, power of two choices does not",
        "10 个负载均衡器共用 10 台服务器，每 250 毫秒交换一次负载报告：两次报告之间，最少连接把所有请求都发往同几台负载最低的服务器，两次随机选择不会";
}

impl Text {
    /// The string in `lang` with `{placeholders}` filled from `args`.
    #[inline(always)]
    pub fn fill(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(self.get(lang), args)
    }

    /// A strategy's display name ("Weighted round robin", "加权轮询").
    pub fn strategy_name(kind: StrategyKind) -> Text {
        use StrategyKind as K;
        match kind {
            K::RoundRobin => Text::NameRoundRobin,
            K::WeightedRoundRobin => Text::NameWeightedRoundRobin,
            K::LeastConnections => Text::NameLeastConnections,
            K::WeightedLeastConnections => Text::NameWeightedLeastConnections,
            K::IpHash => Text::NameIpHash,
            K::UrlHash => Text::NameUrlHash,
            K::Random => Text::NameRandom,
            K::LeastResponseTime => Text::NameLeastResponseTime,
            K::ConsistentHash => Text::NameConsistentHash,
            K::WeightedRandom => Text::NameWeightedRandom,
            K::PowerOfTwoChoices => Text::NamePowerOfTwoChoices,
            K::PeakEwma => Text::NamePeakEwma,
            K::Maglev => Text::NameMaglev,
            K::BoundedLoadConsistentHash => Text::NameBoundedLoadConsistentHash,
            K::RendezvousHash => Text::NameRendezvousHash,
            K::JumpHash => Text::NameJumpHash,
        }
    }

    /// A strategy's one-line summary (English: `StrategyKind::info().summary`).
    pub fn strategy_summary(kind: StrategyKind) -> Text {
        use StrategyKind as K;
        match kind {
            K::RoundRobin => Text::SummaryRoundRobin,
            K::WeightedRoundRobin => Text::SummaryWeightedRoundRobin,
            K::LeastConnections => Text::SummaryLeastConnections,
            K::WeightedLeastConnections => Text::SummaryWeightedLeastConnections,
            K::IpHash => Text::SummaryIpHash,
            K::UrlHash => Text::SummaryUrlHash,
            K::Random => Text::SummaryRandom,
            K::LeastResponseTime => Text::SummaryLeastResponseTime,
            K::ConsistentHash => Text::SummaryConsistentHash,
            K::WeightedRandom => Text::SummaryWeightedRandom,
            K::PowerOfTwoChoices => Text::SummaryPowerOfTwoChoices,
            K::PeakEwma => Text::SummaryPeakEwma,
            K::Maglev => Text::SummaryMaglev,
            K::BoundedLoadConsistentHash => Text::SummaryBoundedLoadConsistentHash,
            K::RendezvousHash => Text::SummaryRendezvousHash,
            K::JumpHash => Text::SummaryJumpHash,
        }
    }

    /// A preset's one-line summary, by preset name.
    pub fn preset_summary(preset: &str) -> Option<Text> {
        Some(match preset {
            "seed-demo" => Text::PresetSeedDemo,
            "slow-server" => Text::PresetSlowServer,
            "server-crash" => Text::PresetServerCrash,
            "crash-mid-request" => Text::PresetCrashMidRequest,
            "hot-key" => Text::PresetHotKey,
            "heterogeneous" => Text::PresetHeterogeneous,
            "flapping" => Text::PresetFlapping,
            "scale-out" => Text::PresetScaleOut,
            "herding" => Text::PresetHerding,
            _ => return None,
        })
    }

    /// A preset run's description, by the run's scenario name ("flapping/rise=2,fall=3").
    pub fn run_description(run: &str) -> Option<Text> {
        Some(match run {
            "seed-demo" => Text::RunSeedDemo,
            "seed-demo/health-check" => Text::RunSeedDemoHealthCheck,
            "slow-server" => Text::RunSlowServer,
            "server-crash" => Text::RunServerCrash,
            "crash-mid-request" => Text::RunCrashMidRequest,
            "hot-key" => Text::RunHotKey,
            "heterogeneous" => Text::RunHeterogeneous,
            "flapping/rise=fall=1" => Text::RunFlappingSeedLike,
            "flapping/rise=2,fall=3" => Text::RunFlappingDamped,
            "scale-out" => Text::RunScaleOut,
            "herding" => Text::RunHerding,
            _ => return None,
        })
    }

    /// A server status in words (never colour alone).
    pub fn status(status: Status) -> Text {
        match status {
            Status::Healthy => Text::StatusHealthy,
            Status::Unhealthy => Text::StatusUnhealthy,
            Status::Overloaded => Text::StatusOverloaded,
            Status::Maintenance => Text::StatusMaintenance,
        }
    }

    /// A request's final outcome in words.
    pub fn outcome(outcome: crate::sim::Outcome) -> Text {
        use crate::sim::Outcome as O;
        match outcome {
            O::Ok => Text::OutcomeOk,
            O::Error => Text::OutcomeError,
            O::Refused => Text::OutcomeRefused,
            O::Reset => Text::OutcomeReset,
            O::Timeout => Text::OutcomeTimeout,
            O::NoServer => Text::OutcomeNoServer,
            O::SeedFault => Text::OutcomeSeedFault,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{PRESETS, preset};
    use std::collections::BTreeSet;

    #[test]
    fn no_string_is_missing_or_empty_in_either_language() {
        for &text in Text::ALL {
            for lang in Lang::ALL {
                let s = text.get(lang);
                assert!(!s.trim().is_empty(), "{text:?} is empty in {lang:?}");
                assert_eq!(s, s.trim(), "{text:?} has stray spaces in {lang:?}");
            }
        }
        // The macro lists every variant once.
        let unique: BTreeSet<Text> = Text::ALL.iter().copied().collect();
        assert_eq!(unique.len(), Text::ALL.len());
        assert!(Text::ALL.len() > 200, "{}", Text::ALL.len());
    }

    #[test]
    fn every_placeholder_appears_in_both_languages() {
        for &text in Text::ALL {
            let mut en = placeholders(text.get(Lang::En));
            let mut zh = placeholders(text.get(Lang::Zh));
            en.sort_unstable();
            zh.sort_unstable();
            assert_eq!(en, zh, "{text:?}");
            // Braces come in pairs: an unclosed `{` would be shown raw.
            for lang in Lang::ALL {
                let s = text.get(lang);
                assert_eq!(
                    s.matches('{').count(),
                    s.matches('}').count(),
                    "{text:?} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_is_translated_and_uses_the_seeds_terms() {
        // Apart from names, codes and notation, a Chinese string differs from the English one.
        let same: Vec<Text> = Text::ALL
            .iter()
            .copied()
            .filter(|t| t.get(Lang::En) == t.get(Lang::Zh))
            .collect();
        assert_eq!(
            same,
            [
                Text::AppName,
                Text::LanguageEnglish,
                Text::LanguageChinese,
                Text::UnitPercent,
                Text::UnitTimes,
                Text::NoValue,
            ]
        );
        let zh = |t: Text| t.get(Lang::Zh);
        assert_eq!(zh(Text::NameRoundRobin), "轮询");
        assert_eq!(zh(Text::NameWeightedRoundRobin), "加权轮询");
        assert_eq!(zh(Text::NameLeastConnections), "最少连接");
        assert_eq!(zh(Text::NameConsistentHash), "一致性哈希");
        assert_eq!(zh(Text::VirtualNodes), "虚拟节点");
        assert!(zh(Text::HealthCheckInterval).contains("健康检查"));
        assert!(zh(Text::Tagline).contains("负载均衡"));
    }

    #[test]
    fn english_summaries_are_the_engines_and_the_presets() {
        for kind in StrategyKind::ALL {
            assert_eq!(
                Text::strategy_summary(kind).get(Lang::En),
                kind.info().summary,
                "{kind}"
            );
            assert!(!Text::strategy_name(kind).get(Lang::Zh).is_empty());
        }
        let names: BTreeSet<Text> = StrategyKind::ALL
            .iter()
            .map(|&k| Text::strategy_name(k))
            .collect();
        assert_eq!(names.len(), StrategyKind::ALL.len());
        for name in PRESETS {
            let p = preset(name).unwrap();
            let summary = Text::preset_summary(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(summary.get(Lang::En), p.summary, "{name}");
            for run in &p.runs {
                let text = Text::run_description(&run.name)
                    .unwrap_or_else(|| panic!("no description for run {}", run.name));
                assert_eq!(text.get(Lang::En), run.description, "{}", run.name);
            }
        }
        assert_eq!(Text::preset_summary("nope"), None);
    }

    #[test]
    fn languages_from_the_browser() {
        assert_eq!(Lang::from_browser("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser("zh"), Lang::Zh);
        assert_eq!(Lang::from_browser("zh-Hans-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser("ZH_tw"), Lang::Zh);
        assert_eq!(Lang::from_browser("en-US"), Lang::En);
        assert_eq!(Lang::from_browser("fr-FR"), Lang::En);
        assert_eq!(Lang::from_browser(""), Lang::En);
        assert_eq!(Lang::from_browser("fr-FR,zh-CN;q=0.8,en;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_browser("de, en-GB;q=0.9, zh"), Lang::En);
        assert_eq!(Lang::from_browser("zhx"), Lang::En);
        assert_eq!(Lang::from_tag("Zh"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("<script>"), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
            assert_eq!(Lang::from_tag(lang.html_tag()), Some(lang));
        }
        assert_eq!(Lang::Zh.native_name(), "简体中文");
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_the_rest() {
        assert_eq!(
            Text::WeightValue.fill(Lang::Zh, &[("weight", "3")]),
            "权重 3"
        );
        assert_eq!(
            fill("{a} and {b} but {c}", &[("a", "1"), ("b", "{c}")]),
            "1 and {c} but {c}"
        );
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(fill("", &[("a", "1")]), "");
        assert_eq!(placeholders("x {a} {b} {"), ["a", "b"]);
        // Values are text, inserted verbatim, never interpreted.
        assert_eq!(
            Text::NoteMalformed.fill(Lang::En, &[("param", "rate"), ("value", "<script>")]),
            "rate: could not read “<script>”, ignored"
        );
    }

    #[test]
    fn every_status_and_outcome_has_words() {
        for status in Status::ALL {
            assert_eq!(Text::status(status).get(Lang::En), status.as_str());
        }
        let outcomes = crate::sim::Outcome::ALL;
        let texts: BTreeSet<Text> = outcomes.iter().map(|&o| Text::outcome(o)).collect();
        assert_eq!(texts.len(), outcomes.len());
    }
}
