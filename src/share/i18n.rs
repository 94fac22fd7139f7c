//! Every string the playground shows, in English and in Simplified Chinese, from two tables
//! declared alike (`texts!`): [`Text`], the page's, and [`LaterText`] (in `i18n/later.rs`), the
//! strings only the later module shows, whose catalog the page's first load does not fetch
//! (see [`Table`] for the catalog files, and `later` for which code may name which).
//!
//! The tutorial Fulcrum grew from is Chinese (负载均衡), so the Chinese column uses its terminology: 负载均衡,
//! 轮询, 加权轮询, 最少连接, 加权最少连接, 一致性哈希, 虚拟节点, 健康检查, 权重. A string is one
//! [`Text`] (or [`LaterText`]) variant, named for what it says; [`Text::get`] returns it in a
//! [`Lang`]. Strings with
//! values to fill in name them as `{placeholder}`s ([`Text::fill`]); both languages use the same
//! placeholders (a test checks it), so a translation may reorder them freely. Nothing here is
//! HTML: the UI renders every string as text.
//!
//! The English one-line summaries of strategies and presets repeat the engine's and the
//! scenarios' own (`StrategyKind::info`, `scenario::preset`); tests keep the two equal, so the
//! UI can show either.

use std::borrow::Cow;
use std::fmt::{Display, Write as _};

use crate::engine::{KeyMapping, Status, StrategyKind};

/// A language the playground speaks.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Lang {
    #[default]
    /// English; the default.
    En,
    /// Simplified Chinese (中文).
    Zh,
}

impl Lang {
    /// Every language, English first (the order of language pickers).
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
    /// The English text.
    pub en: &'static str,
    /// The Chinese text.
    pub zh: &'static str,
}

impl Bilingual {
    /// A pair of texts (a `const fn`, for tables).
    pub const fn new(en: &'static str, zh: &'static str) -> Self {
        Self { en, zh }
    }

    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Replace each `{name}` in `template` by the value at the same index in `values` as `name` in
/// `names`; placeholders without a value stay as they are (so `{i}` in a preset's description
/// survives). Values are inserted as text. The names are one constant array and the values sit
/// beside them, so a call site stores two words per value rather than four.
pub fn fill(template: &str, names: &[&str], values: &[&dyn Display]) -> String {
    debug_assert_eq!(names.len(), values.len(), "one value per placeholder name");
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                // A name without a value (a caller's slip) stays a placeholder, never a panic.
                match names
                    .iter()
                    .position(|k| *k == name)
                    .and_then(|i| values.get(i))
                {
                    Some(value) => {
                        let _ = write!(out, "{value}");
                    }
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

/// Declares a table of strings: an enum with one variant per string and its English and Chinese
/// text, and its [`Table`] impl (its catalog files' folder and header word, its fingerprint,
/// and where its installed catalogs are kept on wasm). Both tables, [`Text`] and
/// [`LaterText`], are declared by this one macro, so they read, fingerprint and fall back alike.
macro_rules! texts {
    (
        $(#[$meta:meta])*
        $table:ident in $folder:literal as $header:literal;
        $( $(#[$doc:meta])* $name:ident => $en:literal, $zh:literal; )*
    ) => {
        $(#[$meta])*
        // No doc per variant: each row's English text, beside it in the table, is its doc.
        #[allow(missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $table {
            $( $(#[$doc])* $name, )*
        }

        impl $table {
            /// The string in `lang`, from the table itself (natively: the CLI and the tests).
            #[cfg(not(target_arch = "wasm32"))]
            #[inline(always)]
            pub fn get(self, lang: $crate::share::i18n::Lang) -> &'static str {
                <Self as $crate::share::i18n::Table>::literal(self, lang)
            }

            /// The string in `lang`, from its installed catalog (or another language's, if that
            /// one could not be loaded; empty if none is: the page starts only once its own is
            /// installed, and the later module mounts a part only once both are).
            #[cfg(target_arch = "wasm32")]
            #[inline(always)]
            pub fn get(self, lang: $crate::share::i18n::Lang) -> &'static str {
                self.entry(lang)
            }

            /// Where the string is kept: one pointer back rather than a (pointer, length) pair
            /// keeps every use small. One function per table, reading its own static, so a call
            /// site passes no table.
            #[cfg(target_arch = "wasm32")]
            fn entry(self, lang: $crate::share::i18n::Lang) -> &'static &'static str {
                let column = |l: $crate::share::i18n::Lang| <Self as $crate::share::i18n::Table>::columns()[l as usize].get();
                column(lang)
                    .or_else(|| column($crate::share::i18n::Lang::En))
                    .or_else(|| column($crate::share::i18n::Lang::Zh))
                    .and_then(|c| c.get(self as usize))
                    .unwrap_or(&"")
            }

            /// The string in `lang` with its `{placeholders}` named in `names` filled from
            /// `values` (see [`fill`](crate::share::i18n::fill)); the string is looked up here
            /// rather than at every call site.
            pub fn fill(self, lang: $crate::share::i18n::Lang, names: &[&str], values: &[&dyn ::std::fmt::Display]) -> String {
                $crate::share::i18n::fill(self.get(lang), names, values)
            }
        }

        impl $crate::share::i18n::Table for $table {
            const ALL: &'static [Self] = &[ $( $table::$name, )* ];
            const FOLDER: &'static str = $folder;
            const HEADER: &'static str = $header;
            // The variants' names in table order: a catalog built for another table (another
            // version of the site) has another fingerprint, and is refused.
            const FINGERPRINT: u32 = $crate::share::i18n::fnv1a(concat!($( stringify!($name), " ", )*).as_bytes());

            #[cfg(not(target_arch = "wasm32"))]
            fn literal(self, lang: $crate::share::i18n::Lang) -> &'static str {
                match lang {
                    $crate::share::i18n::Lang::En => match self { $( $table::$name => $en, )* },
                    $crate::share::i18n::Lang::Zh => match self { $( $table::$name => $zh, )* },
                }
            }

            #[cfg(target_arch = "wasm32")]
            fn columns() -> &'static $crate::share::i18n::Columns {
                static COLUMNS: $crate::share::i18n::Columns = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
                &COLUMNS
            }
        }
    };
}

// The later module's own strings, in their own table and catalog files (its doc says which).
pub mod later;
pub use later::{AnyText, LaterText};

texts! {
    /// Every string of the page: everything its first load shows, and what the later module
    /// shares with it. The variant names what the string says.
    Text in "lang/" as "fulcrum-text";
    // The page.
    NoScript => "Fulcrum needs JavaScript and WebAssembly to run its simulation in your browser.",
        "Fulcrum 需要 JavaScript 和 WebAssembly 才能在浏览器中运行模拟。";
    Controls => "Controls", "控制";
    Language => "Language", "语言";
    LanguageEnglish => "English", "English";
    LanguageChinese => "简体中文", "简体中文";

    // Controls (issue 4).
    Strategy => "Strategy", "策略";
    Code => "Code", "代码";
    CorrectedCode => "Corrected", "修正版";
    SeedCode => "As the tutorial wrote it", "教程原写法";
    Preset => "Preset", "预设场景";
    RequestRate => "Request rate", "请求速率";
    Latency => "Latency", "延迟";
    ErrorRate => "Error rate", "错误率";
    HealthCheckInterval => "Health check interval", "健康检查间隔";
    VirtualNodes => "Virtual nodes", "虚拟节点";
    Speed => "Speed", "速度";
    CostSpread => "Cost spread", "请求成本离散度";
    Probes => "Probes per key (k)", "每个键的探针数 (k)";
    Choices => "Servers compared (d)", "每次比较的服务器数 (d)";
    ActiveRequestBias => "Active request bias", "活动请求偏置 (active_request_bias)";
    ActiveRequestBiasUnset => "unset (Envoy's default: 1; equal weights keep the random choices)",
        "未设置（Envoy 默认值 1；权重相同时仍随机抽取）";
    HintActiveRequestBias => "each server's weight is divided by (requests in flight + 1)^bias; 0 is weighted round robin",
        "每台服务器的权重除以 (进行中的请求数 + 1)^bias；0 即加权轮询";
    PrequalKnobs => "Prequal's settings", "Prequal 的设置";
    ProbePoolTitle => "Prequal's probe pool as request {request} found it: a bar per probe, as long as its latency, striped when hot",
        "请求 {request} 到达时 Prequal 的探针池：每个探针一条，长度为其延迟，热的带条纹";
    IdleQueuesTitle => "Join-Idle-Queue: the idle servers each balancer holds in its idle queue, head first",
        "Join-Idle-Queue：每个负载均衡器的空闲队列中的空闲服务器，队首在前";
    IdleQueuesHow => "A server that becomes idle tells one balancer, drawn at random; that balancer sends its next request to the head of its queue, and with an empty queue to a random server.",
        "变为空闲的服务器会告知随机选出的一个负载均衡器；该均衡器把下一个请求发给其队首的服务器，队列为空时发给随机服务器。";
    BalancerNumber => "Balancer {n}", "负载均衡器 {n}";
    IdleQueueEmptyNow => "empty: its next request goes to a random server", "为空：它的下一个请求发给随机服务器";
    PrequalPool => "Probe pool size", "探针池大小";
    PrequalQRif => "Hot above this quantile of requests in flight (Q_RIF)", "在途请求数高于此分位数为热 (Q_RIF)";
    PrequalProbes => "Probes per request (r)", "每个请求的探针数 (r)";
    PrequalReuse => "Uses per probe (b)", "每个探针的使用次数 (b)";
    PrequalMaxAge => "Probe maximum age", "探针最长存活时间";
    QueueLength => "Queue length", "队列长度";
    QueueOwn => "each server's own", "各服务器自己的设置";
    Play => "Play", "播放";
    Pause => "Pause", "暂停";
    Step => "Step", "单步";
    Reset => "Reset", "重置";
    StatusSlower => "{status} · {factor}× slower", "{status} · 慢 {factor} 倍";
    AddServer => "Add server", "添加服务器";
    Seed => "Random seed", "随机种子";
    NewSeed => "New random seed", "新的随机种子";
    Ring => "Ring", "哈希环类型";

    // Units of the sliders.
    UnitRequestsPerSecond => "{value} requests/s", "{value} 请求/秒";
    UnitMilliseconds => "{value} ms", "{value} 毫秒";
    UnitSeconds => "{value} s", "{value} 秒";
    UnitPercent => "{value}%", "{value}%";
    UnitTimes => "{value}×", "{value}×";
    UnitPlain => "{value}", "{value}";

    // Views.
    ServerPool => "Server pool", "服务器池";
    HashRing => "Hash ring", "哈希环";
    RequestFlow => "Request flow", "请求流";
    BalancerView => "What the balancer sees", "负载均衡器眼中的状态";
    Distribution => "Distribution", "请求分布";
    Compare => "Compare", "对比";
    Lookup => "Lookup", "查找";
    SeedStats => "The tutorial's statistics, as its function {code} returns them", "教程的统计信息，即教程中函数 {code} 的返回值";
    Explanation => "Explanation", "解释";
    NoRequestYet => "No request yet: press Step.", "还没有请求：请按“单步”。";
    MappingSet => "A key's owner depends on the set of servers only: the same servers in any order, or a list written afresh, give the same owners.",
        "键的归属只取决于服务器集合：同样的服务器无论按什么顺序列出，或重新列出，归属都相同。";
    MappingSetAndLoad => "A key's owner depends on the set of servers and on the load of the moment (servers at capacity are passed), not on their order.",
        "键的归属取决于服务器集合和当时的负载（已达容量的服务器会被跳过），与它们的顺序无关。";
    MappingOrder => "A key's owner depends on the order the servers are listed in, not only on which servers they are: the same servers in another order move keys.",
        "键的归属不仅取决于有哪些服务器，还取决于它们列出的顺序：同样的服务器换一种顺序，键就会迁移。";
    MappingOrderAndHistory => "A key's owner depends on the order the servers joined in and on who left (their slots or buckets are kept): a list written afresh maps keys differently from one that was edited.",
        "键的归属取决于服务器加入的顺序和哪些服务器离开过（它们的槽位或桶会被保留）：重新列出的服务器与逐步修改得到的服务器，键的映射不同。";

    // The seed's formal model.

    // Narration (the live region).

    // The server pool.
    Server => "Server", "服务器";
    Weight => "Weight", "权重";
    WeightValue => "weight {weight}", "权重 {weight}";
    MaxConnections => "Max connections", "最大连接数";
    EditServer => "Edit {server}", "编辑 {server}";

    // Server status (the seed's ServerStatus, plus draining and ejection).
    StatusHealthy => "healthy", "健康";
    StatusUnhealthy => "unhealthy", "不健康";
    StatusOverloaded => "overloaded", "过载";
    StatusMaintenance => "maintenance", "维护中";
    StatusDraining => "draining", "排空中";

    // Request outcomes.
    OutcomeOk => "success", "成功";
    OutcomeError => "failed (500)", "失败（500）";
    OutcomeRefused => "connection refused", "连接被拒绝";
    OutcomeReset => "reset mid-request", "请求中途被重置";
    OutcomeTimeout => "timed out", "超时";
    OutcomeNoServer => "503 No available servers", "503 无可用服务器";
    OutcomeSeedFault => "the tutorial's code raised an error", "教程代码抛出异常";
    OutcomeDropped => "503 queue full (dropped)", "503 队列已满（被丢弃）";

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
    BeyondTheSeed => "More than the tutorial measures", "教程没有统计的数据";
    RunStatistics => "Run statistics", "运行统计";
    SimulatedTime => "simulated time", "模拟时间";
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
    NavSections => "Sections", "章节";
    MastheadTagline => "A load-balancing playground: a tutorial's nine strategies, done right and as the tutorial wrote them, and eight more, on a simulated pool.",
        "负载均衡演练场：教程中的九种策略（正确实现与教程原始写法）外加八种策略，运行在模拟的服务器池上。";

    // The seed's get_stats() fields.
    Availability => "Availability", "可用性";
    JainFairness => "Jain's fairness index (of the promised share)", "Jain 公平性指数（相对承诺份额）";

    // The rest of the page: hints, flow, ring, balancer view, charts, compare, footer, notes.
    UnitPerWeight => "{value} per weight", "每单位权重 {value}";
    ControlsRun => "Run", "运行控制";
    StatePlaying => "playing", "播放中";
    StatePaused => "paused", "已暂停";
    StateParked => "paused while off screen", "已暂停（画面不在屏幕上）";
    StateReducedMotion => "reduced motion: steps, no animation", "减少动态效果：逐步显示，无动画";
    VariantHint => "the code as the tutorial wrote it, mistakes included, or Fulcrum's corrected version", "教程原写法（含错误）或 Fulcrum 的修正版";
    VariantHintNoSeed => "not one of the tutorial's nine strategies: corrected code only", "不属于教程的九种策略：只有修正版代码";
    HintLatency => "every server's median service time", "每台服务器的服务时间中位数";
    HintErrorRate => "every server, from now on", "所有服务器，从现在起生效";
    HintVirtualNodes => "ring points per unit of weight (consistent hashing, with or without bounded loads)", "每单位权重在环上的点数（一致性哈希，含有界负载）";
    HintSpeed => "simulated seconds per second", "每秒真实时间对应的模拟秒数";
    HintHealthInterval => "how often each server is checked: a crashed server still gets requests until enough checks in a row fail (its card counts down to the next)",
        "每台服务器多久检查一次：服务器崩溃后仍会收到请求，直到连续失败的检查次数足够（卡片上显示距下次检查的倒计时）";
    HintCostSpread => "0: requests alike; 2: a few do most of the work (same mean)",
        "0：请求都一样；2：少数请求承担大部分工作（均值不变）";
    HintProbes => "1 is a ring with one point per server; more even out the shares, each probe a lookup more",
        "1 即每台服务器一个点的环；越多份额越均匀，每个探针多一次查找";
    HintPrequalPool => "the most probe answers kept; a full pool drops its oldest",
        "最多保留的探针回答数；池满时丢弃最旧的";
    HintPrequalQRif => "a probe whose requests in flight are above this quantile of recent answers is hot",
        "在途请求数高于近期回答该分位数的探针为热";
    HintPrequalProbes => "servers probed at each request, at most the pool's size; 0 sends none",
        "每个请求探测的服务器数，至多为池大小；0 表示不发送";
    HintPrequalReuse => "picks one probe may serve before it leaves the pool",
        "一个探针在离开池之前可服务的选择次数";
    HintPrequalMaxAge => "an older probe is dropped: its news is stale",
        "更旧的探针被丢弃：它的消息已过时";
    HintChoices => "1 is random, 2 two choices, the pool's size least connections",
        "1 即随机，2 即二选一，等于服务器数即最少连接";
    HintQueueLength => "what a server with a capacity lets wait; one more gets a 503",
        "有容量的服务器允许排队的请求数；再多一个返回 503";
    KeysLine => "Keys: Space plays and pauses, → steps one request.", "按键：空格键播放/暂停，→ 前进一个请求。";
    FlowDescription => "Requests travel from the clients to the balancer, on to the server it picks, and back; probes pulse at the servers.",
        "请求从客户端到达负载均衡器，再到它选中的服务器，然后返回；健康检查探测在服务器处闪动。";
    FlowClients => "Clients", "客户端";
    FlowBalancer => "Balancer", "负载均衡器";
    FateInFlight => "in flight", "处理中";
    FateSuccess => "success", "成功";
    FateFailed => "failed", "失败";
    FateNoServer => "503 no server", "503 无服务器";
    FateTimeout => "timeout", "超时";
    FateRetried => "retried", "已重试";
    ProbePassedLegend => "probe passed", "探测通过";
    ProbeFailedLegend => "probe failed", "探测失败";
    FlowInFlight => "{label}: {drawn} drawn, {count} still being served", "{label}：绘制了 {drawn} 个，仍在处理中 {count} 个";
    FlowTrails => "The drawing trails the simulation: a request it has already answered is drawn in flight until it reaches its server",
        "绘制落后于模拟：模拟中已得到应答的请求，在图中到达其服务器之前仍显示为处理中";
    FlowOneInDrawn => "; one in {every} drawn", "；每 {every} 个绘制一个";
    FlowShrinks => ". A request shrinks as its server works on it.", "。服务器处理请求时，请求图形会逐渐缩小。";
    WaitingToJoin => "waiting to join", "等待加入";
    StatusAndDraining => "{status}, draining", "{status}，排空中";
    StatusAndWeightZero => "{status}, weight 0", "{status}，权重 0";
    RingPointsWord => "points", "个点";
    NoRingWord => "no ring", "无哈希环";
    RingLabelFulcrum => "Fulcrum's ring: points placed by the XXH3-64 hash function, {points} points", "Fulcrum 哈希环：点的位置由 XXH3-64 哈希函数计算，共 {points} 个点";
    RingLabelNginx => "nginx's ketama ring: points placed by the CRC-32 checksum, 160 per unit of weight, {points} points",
        "nginx 的 ketama 哈希环：点的位置由 CRC-32 校验和计算，每单位权重 160 个点，共 {points} 个点";
    RingLabelSeed => "the tutorial's ring: Python hash(), 150 points per server, rebuilt only on add/remove",
        "教程的哈希环：Python hash()，每台服务器 150 个点，只在添加/移除服务器时重建";
    RingLabelBounded => "{label}, bounded loads (c = {c})", "{label}，有界负载（c = {c}）";
    RingLabelEvery => "{label}; every {every}th point drawn", "{label}；每 {every} 个点绘制一个";
    RingOwnerRule => "{label}. A key's owner is the first point clockwise of its hash.",
        "{label}。键的归属服务器是其哈希值顺时针方向的第一个点的所有者。";
    RingOwnerPoints => "{server}: {count} points, {percent}% of the circle", "{server}：{count} 个点，占圆周的 {percent}%";
    RingOwnerSlots => "{server}: {count} slots, {percent}% of the table", "{server}：{count} 个槽位，占查找表的 {percent}%";
    MaglevLabel => "Maglev's lookup table: {size} slots, each owned by one server ({columns} evenly spaced slots drawn). A key's owner is the owner of slot hash mod {size}: one lookup.",
        "Maglev 查找表：{size} 个槽位，每个槽位归一台服务器所有（均匀抽取 {columns} 个槽位绘制）。键的归属服务器是槽位 hash mod {size} 的所有者：只需一次查找。";
    NoRingRendezvous => "Rendezvous hashing has no ring: every server scores the key and the highest score wins (over a skeleton tree, beyond 16 servers, the key descends a virtual tree, 16 choices per level; the scores are in \"What the balancer sees\")",
        "Rendezvous 哈希没有哈希环：每台服务器为键打分，得分最高者胜出（骨架树版本在超过 16 台服务器时，键沿一棵每层 16 选 1 的虚拟树下行；分数见“负载均衡器眼中的状态”）";
    NoRingJump => "Jump consistent hash has no ring: the key's hash starts a sequence of jumps over bucket numbers (shown in the explanation)",
        "跳跃一致性哈希没有哈希环：键的哈希值作为种子，在桶编号上生成一串跳跃（见“解释”）";
    NoRingModulo => "{strategy} hashes the key, then takes it modulo the number of eligible servers: no ring, which is why one server leaving moves almost every key",
        "{strategy} 对键取哈希，再对可用服务器数取模：没有哈希环，所以一台服务器离开就会让几乎所有键迁移";
    NoRingNotHashing => "{strategy} does not hash requests: pick a hashing strategy (consistent hashing, Maglev, ...) to see its ring",
        "{strategy} 不对请求取哈希：选择一种哈希策略（一致性哈希、Maglev 等）即可查看其哈希环";
    PoolCardLabel => "{server}: {status}, weight {weight}, {current} of {max} connections, {requests} requests, share {share} (expected {expected}). Edit",
        "{server}：{status}，权重 {weight}，{current} / {max} 个连接，{requests} 个请求，占比 {share}（期望 {expected}）。编辑";
    PoolConnections => "conn {current} / {max}", "连接 {current} / {max}";
    PoolRequests => "{count} requests · {share}", "{count} 个请求 · {share}";
    PoolOneRequest => "1 request · {share}", "1 个请求 · {share}";
    PoolExpected => "expected {share} by weight", "按权重期望 {share}";
    PoolExpectedEqual => "expected {share}, equal", "期望 {share}（均分）";
    ExpectedEqualNote => "This strategy reads no weights: the share it promises every server is an equal one, so that is the share expected here, not the weight's.",
        "该策略不读取权重：它承诺每台服务器得到相同的份额，因此这里的期望占比是均分的份额，而不是按权重的份额。";
    ClockSimulated => "{seconds} s simulated", "已模拟 {seconds} 秒";
    SelectServerHint => "Select a server to edit it, crash it, drain it or put it in maintenance.",
        "选择一台服务器即可编辑它、使其崩溃、排空它或将其置于维护状态。";
    RecentEvents => "Recent events", "最近事件";
    EditorStatus => "Status: {status}", "状态：{status}";
    Close => "Close", "关闭";
    CloseEditor => "Close the editor", "关闭编辑器";
    EditorLatency => "Latency (ms)", "延迟（毫秒）";
    EditorErrorRate => "Error rate (%)", "错误率（%）";
    Crash => "Crash", "崩溃";
    Recover => "Recover", "恢复";
    Drain => "Drain", "排空";
    Undrain => "Undrain", "停止排空";
    Maintenance => "Maintenance", "维护";
    EndMaintenanceButton => "End maintenance", "结束维护";
    EditorHint => "Weight, error rate and the buttons act now; latency and max connections replay the run with the new value.",
        "权重、错误率和这些按钮立即生效；延迟和最大连接数会用新值重放整个运行。";
    Footer => "Fulcrum runs the engine and the simulator in your browser (WebAssembly); nothing is sent anywhere.",
        "Fulcrum 在你的浏览器中运行引擎和模拟器（WebAssembly）；不会向任何地方发送数据。";
    Dismiss => "Dismiss", "关闭提示";
    ChartThroughput => "Throughput", "吞吐量";
    ChartUnitRequestsPerSecond => "req/s", "请求/秒";
    ChartUnitMilliseconds => "ms", "毫秒";
    ChartSuccessful => "successful", "成功";
    ChartFailed => "failed", "失败";
    ChartNoData => "{title}: no data yet", "{title}：暂无数据";
    ChartSummary => "{title}, {from} to {to}; latest: {latest}", "{title}，{from} 至 {to}；最新：{latest}";
    OutcomeCountOk => "ok", "成功";
    OutcomeCountError => "error (500)", "错误（500）";
    OutcomeCountRefused => "refused (502)", "拒绝连接（502）";
    OutcomeCountReset => "reset (502)", "中途重置（502）";
    OutcomeCountTimeout => "timeout (504)", "超时（504）";
    OutcomeCountNoServer => "no server (503)", "无服务器（503）";
    OutcomeCountSeedFault => "tutorial's code raised", "教程代码抛出异常";
    SeedGoals => "The tutorial's goals: spread |load(sᵢ) − load(sⱼ)| < ε (above, as max − min requests); minimise total response time (mean {mean}); maximise availability ({availability}).",
        "教程的目标：均衡 |load(sᵢ) − load(sⱼ)| < ε（见上方的请求数极差）；最小化总响应时间（平均 {mean}）；最大化可用性（{availability}）。";
    StrategySeedVariant => "{strategy} (as the tutorial wrote it)", "{strategy}（教程原写法）";
    StrategySeedCode => "{strategy} (as the tutorial wrote it)", "{strategy}（教程原写法）";
    CompareIntro => "Run strategies on the very same requests: the current preset and settings, with the servers' behaviour and your live actions at the same moments.",
        "在完全相同的请求上运行多种策略：使用当前的预设场景和设置，服务器的行为和你的实时操作发生在相同时刻。";
    RunCompare => "Run compare", "运行对比";
    NoChoice => "(none)", "（无）";
    StrategyA => "Strategy A", "策略 A";
    StrategyB => "Strategy B", "策略 B";
    StrategyC => "Strategy C", "策略 C";
    StrategyD => "Strategy D", "策略 D";
    CompareResults => "Compare results", "对比结果";
    CompareCaption => "{requests} requests each, simulated in {elapsed}", "每种策略 {requests} 个请求，模拟耗时 {elapsed}";
    ColStrategy => "strategy", "策略";
    ColAvailability => "availability", "可用性";
    ColRetries => "retries", "重试次数";
    ColPeakInFlight => "peak in flight", "在途请求峰值";
    ColCacheHits => "cache hits", "缓存命中率";
    ColShareByServer => "share by server", "各服务器占比";
    FieldWeight => "{server}'s weight", "{server} 的权重";
    FieldErrorRate => "{server}'s error rate (%)", "{server} 的错误率（%）";
    FieldLatency => "{server}'s latency (ms)", "{server} 的延迟（毫秒）";
    FieldMaxConnections => "{server}'s max connections", "{server} 的最大连接数";
    NoteOutOfRange => "{field} must be from {min} to {max}: using {used}", "{field} 必须在 {min} 到 {max} 之间：改用 {used}";
    NoteNotWhole => "{field} must be a whole number from {min} to {max}: using {used}", "{field} 必须是 {min} 到 {max} 之间的整数：改用 {used}";
    NoteNotWholeKept => "{field} must be a whole number from {min} to {max}: kept {kept}", "{field} 必须是 {min} 到 {max} 之间的整数：保留 {kept}";
    NoteNotNumberKept => "{field} must be a number from {min} to {max}: kept {kept}", "{field} 必须是 {min} 到 {max} 之间的数值：保留 {kept}";
    NoteTooManyServers => "The playground draws at most {max} servers", "演练场最多绘制 {max} 台服务器";
    NoteNothingLeft => "Nothing left to simulate", "没有可以继续模拟的内容了";
    NoteNoSeedCode => "{strategy} is not one of the tutorial's strategies: there is no tutorial code for it", "{strategy} 不是教程中的策略：没有教程代码";
    NoteNoSuchServer => "There is no server number {number}", "没有第 {number} 台服务器";
    NoteReplayRestarted => "Replaying {requests} requests to {seconds} s would take too long: the run restarted at 0 s",
        "重放 {requests} 个请求到 {seconds} 秒需要太长时间：运行已从 0 秒重新开始";
    NoteReplayTooFar => "Replaying to request {request} would take too long (at most {max})", "重放到第 {request} 个请求需要太长时间（最多 {max} 个）";
    NoteInvalidRun => "These settings make no valid run: {error}", "这些设置无法构成有效的运行：{error}";
    NoteCompareCount => "Pick from 2 to 4 strategies to compare", "请选择 2 到 4 种策略进行对比";
    NoteRefused => "{error}", "模拟器拒绝了此操作：{error}";
    LogLine => "{time} s: {event}", "{time} 秒：{event}";
    LogAdded => "{server} added", "{server} 已添加";
    LogAction => "{server}: {action}", "{server}：{action}";
    LogErrorRate => "error rate {percent}%", "错误率 {percent}%";
    LogStatus => "{server}: {from} → {to} ({reason})", "{server}：{from} → {to}（{reason}）";
    LogEjected => "{server} ejected until {until} s", "{server} 被剔除，直到 {until} 秒";
    LogJoined => "{server} joined", "{server} 已加入";
    ActCrash => "crash", "崩溃";
    ActCrashAfterAccept => "crash after accept", "接受请求后崩溃";
    ActHang => "hang", "挂起";
    ActSlow => "slow", "变慢";
    ActFlapping => "flapping", "反复上下线";
    ActRecover => "recover", "恢复";
    ActMaintenance => "maintenance", "维护";
    ActEndMaintenance => "end maintenance", "结束维护";
    ActDrain => "drain", "排空";
    ActUndrain => "undrain", "停止排空";
    ActSetWeight => "set weight", "设置权重";
    ActSetErrorRate => "set error rate", "设置错误率";
    ReasonEjectionOver => "ejection over", "剔除期结束";
    ReasonMaxConnectionsReached => "max_connections reached", "达到 max_connections";
    ReasonBelowMaxConnections => "below max_connections", "低于 max_connections";
    ReasonJoined => "joined", "已加入";
    ReasonChecksPass => "health checks pass", "健康检查通过";
    ReasonChecksFail => "health checks fail", "健康检查失败";
    NarrRequest => "request {request}", "请求 {request}";
    NarrRetry => "{head} (retry {attempt})", "{head}（第 {attempt} 次重试）";
    NarrFrom => "{method} {path} from {client}", "{method} {path}，来自 {client}";
    NarrKey => "key {key}", "键 {key}";
    NarrCursor => "place {position} of {of} in line", "队列中第 {position} 台，共 {of} 台";
    NarrPointOf => "point {index} of {server}", "{server} 的第 {index} 个点";
    NarrSlot => "slot {slot}", "槽位 {slot}";
    NarrVersus => "{a} vs {b}", "{a} 对 {b}";
    NarrRandom => "random {index} of {range}", "随机数 {index} / {range}";
    NarrFull => "{server} full", "{server} 已满";
    NarrSkip => "skip {server} ({reason})", "跳过 {server}（{reason}）";
    NarrSeedDefect => "the tutorial's mistake", "教程的错误";
    NarrNoServer => "no eligible server: 503 No available servers", "没有可用服务器：503 无可用服务器";
    NarrNeverReturns => "`while True` never returns", "`while True` 永不返回";
    NarrNoRequest => "No request yet: press Play or Step.", "还没有请求：请按“播放”或“单步”。";
    NarrIdle => "{strategy} at {seconds} s: no request picked since the last change. Press Play or Step.",
        "{strategy}，{seconds} 秒：上次变更后尚未选择任何请求。请按“播放”或“单步”。";
    DocumentTitle => "Fulcrum — a load-balancing playground", "Fulcrum — 负载均衡演练场";
    LookupSteps => "Lookup steps", "查找步骤";

    // The lookup debugger's and the churn view's texts.
    LookupTitle => "Hash lookup debugger", "哈希查找调试器";
    LookupLoading => "Loading the lookup debugger…", "正在加载查找调试器……";
    LookupLoadFailed => "The lookup debugger could not be loaded ({why}). Reload the page to try again.", "无法加载查找调试器（{why}）。请重新加载页面再试。";
    ErrorSeedFault => "the tutorial's code fails here: {defect}", "教程代码在此处出错：{defect}";
    // Share, embed, export, replay (issue 6).
    ShareLink => "Share", "分享";
    LinkCopied => "Link copied", "链接已复制";
    CopyThisLink => "Copy this link:", "请复制此链接：";
    OpenInPlayground => "Open in the playground", "在演练场中打开";
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
    AtRequest => "request {request} (numbered from 0) of {requests} sent", "第 {request} 号请求（从 0 起编号），共发送 {requests} 个";

    // Lessons.
    Lessons => "Lessons", "课程";
    WatchFor => "Watch for", "注意观察";
    Question => "Question", "问题";
    AnswerCorrect => "Correct.", "回答正确。";
    AnswerWrong => "Not quite.", "不完全对。";

    // Notes about a link's parameters.
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

    // The explanation: strategy descriptions, costs, and the engine's steps and notes.
    // The engine's notes (share::steps).
    NoteAllAtCapacity => "every server is at capacity: taking the key's own server", "所有服务器都已达容量：交给该键自己的服务器";
    NoteTieByFairShare => "equal scores: the fair-share tie tag decides (turns by weight)", "得分相同：由公平份额的平局标记决定（按权重轮流）";
    NoteScoredAsMean => "no success in its window yet: scored as the mean time to success ({mean} ms) × (failures + 1) × (in flight + 1)",
        "其窗口内尚无成功响应：按平均成功耗时（{mean} ms）× (失败数 + 1) × (在途请求数 + 1) 计分";
    NoteOneEligible => "one eligible server: no choice to make", "只有一台可用服务器：无需选择";
    NoteIpHashPoint => "hash mod {total} (the total weight) = {point}, which falls in {server}'s run of weight", "哈希 mod {total}（总权重）= {point}，落在 {server} 的权重区间内";
    NoteIpHashPointDown => "hash mod {total} (the total weight) = {point}, which falls in {server}'s run of weight, but it is down: hash the address again", "哈希 mod {total}（总权重）= {point}，落在 {server} 的权重区间内，但它已下线：再次对地址哈希";
    NoteNginxRoundRobinSingle => "fewer than two servers configured: nginx's smooth weighted round robin instead of the hash", "配置的服务器少于两台：nginx 改用平滑加权轮询，而不是哈希";
    NoteNginxRoundRobinTries => "{tries} hashes found no server up: nginx's smooth weighted round robin", "{tries} 次哈希都没有找到在线的服务器：nginx 改用平滑加权轮询";
    NoteWeightClassOfOne => "the server drawn (by weight) is the only one of weight {weight}: no second candidate in its class", "按权重抽中的服务器是唯一权重为 {weight} 的服务器：同一权重类中没有第二个候选";
    NoteNginxNoRing => "nginx does not use its ring for an empty key or a single server", "键为空或只有一台服务器时，nginx 不使用它的哈希环";
    NoteNginxFallback => "{points} points passed: nginx falls back to its weighted round robin", "已越过 {points} 个点：nginx 退回到它的加权轮询";
    NoteBucketOwner => "bucket {bucket} of {buckets} belongs to {server}", "{buckets} 个桶中的桶 {bucket} 属于 {server}";
    NoteSlotOwner => "slot {slot} belongs to {server}", "槽 {slot} 属于 {server}";
    NoteDeadBucketLeft => "bucket {index} is a tombstone (its server left): jump again with seed {seed}", "桶 {index} 是墓碑（它的服务器已离开）：用种子 {seed} 重新跳跃";
    NoteDeadBucket => "bucket {index} belongs to {server}, which is {why}: jump again with seed {seed}", "桶 {index} 属于 {server}，该服务器{why}：用种子 {seed} 重新跳跃";
    NoteDeadSlotLeft => "slot {index} is a tombstone (its server left): descend again with seed {seed}", "槽 {index} 是墓碑（它的服务器已离开）：用种子 {seed} 重新下行";
    NoteDeadSlot => "slot {index} belongs to {server}, which is {why}: descend again with seed {seed}", "槽 {index} 属于 {server}，该服务器{why}：用种子 {seed} 重新下行";
    NoteJumpFallback => "{attempts} jumps hit no live bucket: the live bucket with the highest XXH3-64(bucket, seed {seed}) wins, bucket {bucket} of {server}",
        "{attempts} 次跳跃都没有落在存活的桶上：XXH3-64(bucket, seed {seed}) 最高的存活桶胜出，即 {server} 的桶 {bucket}";
    NoteSkeletonTree => "{slots} slots, more than {fanout}: the key descends a virtual tree of {levels} levels, each node choosing one of its children (up to {fanout}) by weighted rendezvous hashing (highest random weight)",
        "{slots} 个槽，多于 {fanout} 个：键沿一棵 {levels} 层的虚拟树逐层下行，每个节点按加权 Rendezvous 哈希（最高随机权重）从它的子节点（至多 {fanout} 个）中选出一个";
    NoteRendezvousFallback => "{attempts} descents ended on dead slots: the flat choice over the eligible servers (the highest −w / ln u, u from XXH3-64(key, seed = XXH3-64(id))) is {server}",
        "{attempts} 次下行都停在失效的槽上：改为在可用服务器中直接选择（−w / ln u 最高者，u 取自 XXH3-64(key, seed = XXH3-64(id))），结果是 {server}";
    NoteAliasSelf => "alias table: column {column} keeps {keep} of {total} units; drew {drew} → the column itself",
        "别名表：第 {column} 列保留 {total} 个单位中的 {keep} 个；抽到 {drew} → 该列本身";
    NoteAliasOther => "alias table: column {column} keeps {keep} of {total} units; drew {drew} → its alias, column {alias}",
        "别名表：第 {column} 列保留 {total} 个单位中的 {keep} 个；抽到 {drew} → 它的别名，第 {alias} 列";
    NoteSeedCurrentWeight => "current_weight {before} → {after} (weight {weight})", "current_weight {before} → {after}（权重 {weight}）";
    NotePythonHash => "Python: hash({key}) = {hash}; {hash} % {n} = {index}", "Python：hash({key}) = {hash}；{hash} % {n} = {index}";
    NoteLinearScan => "linear scan: compared {scanned} of {total} sorted points (O(n·v); a binary search needs about {binary})",
        "线性扫描：比较了 {total} 个有序点中的 {scanned} 个（O(n·v)；二分查找约需 {binary} 次）";
    // Why a server may not take a request (after "which is", "该服务器").
    WhyWeightZero => "at weight 0", "权重为 0";
    WhyNotEligible => "not eligible", "不可用";
    WhyLeft => "gone from the pool", "已离开服务器池";

    // The seed's defects (share::steps).
    DefectStaleRing => "stale ring: {server} is {status}, but the tutorial's code rebuilds its ring only on add/remove, never on a health change, so it still routes here",
        "过期的哈希环：{server} 的状态为{status}，但教程代码只在添加或移除服务器时重建哈希环，健康状态变化时从不重建，所以请求仍被路由到这里";
    DefectIgnoresDraining => "{server} is draining, but the tutorial's code has no draining: it still gets new requests", "{server} 正在排空，但教程代码没有排空机制：它仍会收到新请求";
    DefectIgnoresWeightZero => "{server} has weight 0, but the tutorial's code never leaves out weight 0: it is picked anyway", "{server} 的权重为 0，但教程代码从不排除权重为 0 的服务器：它照样被选中";
    DefectIndexErrorOne => "IndexError: list index out of range (index {cursor}, 1 healthy server)", "IndexError: list index out of range（索引 {cursor}，1 台健康服务器）";
    DefectIndexError => "IndexError: list index out of range (index {cursor}, {count} healthy servers)", "IndexError: list index out of range（索引 {cursor}，{count} 台健康服务器）";
    DefectInfiniteLoop => "infinite loop: {server} at index {cursor} of the list has weight 0, so the tutorial's `while True` never returns",
        "死循环：列表索引 {cursor} 处的 {server} 权重为 0，所以教程代码的 `while True` 永不返回";
    DefectBursty => "bursty: {server} gets its whole weight {weight} in a row (pick {pick} of {weight}); a smooth weighted round robin would interleave the others",
        "突发：{server} 连续获得它的全部权重 {weight} 次（第 {pick} 次，共 {weight} 次）；平滑加权轮询会穿插其他服务器";
    DefectSaltedHash => "salted hash: Python salts hash() of a str per process (this is PYTHONHASHSEED={hash_seed}); after a restart this key maps elsewhere, and hash % {n} moves almost every key when the list changes length",
        "加盐哈希：Python 对 str 的 hash() 按进程加盐（这里是 PYTHONHASHSEED={hash_seed}）；重启后该键会映射到别处，而且列表长度一变，hash % {n} 几乎会移动所有键";
    DefectColdStart => "cold start: {server} has no successful response yet, so the tutorial's code scores it 0.0 and prefers it to every server it has measured",
        "冷启动：{server} 还没有成功响应，所以教程代码给它打 0.0 分，使它优先于所有已测量过的服务器";
    DefectUnrecordedFailures => "{failures} failed request(s) to {server} were never recorded (the tutorial's code records successes only), so a server that fails fast looks fast",
        "发往 {server} 的 {failures} 个失败请求从未被记录（教程代码只记录成功的请求），所以快速失败的服务器看起来很快";
    DefectNoAffinity => "no affinity: the tutorial's code keys the ring on the request's random uuid4 id, so equal requests land anywhere (hash {hash}, PYTHONHASHSEED={hash_seed})",
        "没有亲和性：教程代码用请求的随机 uuid4 id 作为哈希环的键，所以相同的请求会落到任意位置（哈希值 {hash}，PYTHONHASHSEED={hash_seed}）";
    DefectEmptyRing => "empty ring: it was built when no server was healthy and health changes never rebuild it, so the tutorial's code returns None",
        "空哈希环：它建于没有健康服务器之时，而健康状态变化从不重建它，所以教程代码返回 None";

    // The explanation's steps (ui::explain).
    StepKey => "Key: the request's {source} = “{key}”", "键：{source} = “{key}”";
    KeySourceClientIp => "client IP", "客户端 IP";
    KeySourcePath => "URI", "请求 URI";
    KeySourceHeader => "header {header}", "请求头 {header}";
    KeySourceRequestId => "request id", "请求 ID";
    StepHash => "Hash: {function}(“{input}”) = {value}", "哈希：{function}(“{input}”) = {value}";
    StepHashRing => "Hash: {function}(“{input}”) = {value}, {angle} round the ring", "哈希：{function}(“{input}”) = {value}，位于环上 {angle}";
    StepHashSeededInput => "Hash: XXH3-64 (seeded)(“{input} (seed {seed})”) = {value}", "哈希：XXH3-64（种子 {seed}）(“{input}”) = {value}";
    StepHashSeededInputRing => "Hash: XXH3-64 (seeded)(“{input} (seed {seed})”) = {value}, {angle} round the ring", "哈希：XXH3-64（种子 {seed}）(“{input}”) = {value}，位于环上 {angle}";
    FunctionXxh3Seeded => "XXH3-64 (seeded)", "XXH3-64（带种子）";
    FunctionPythonHash => "Python hash() (SipHash-1-3, salted)", "Python hash()（SipHash-1-3，加盐）";
    StepModulo => "{hash} mod {n} eligible servers = {index}: take position {index} of the eligible list",
        "{hash} mod {n}（可用服务器数）= {index}：取可用列表中位置 {index} 的服务器";
    StepCursor => "In line: place {position} of {of} takes this request; place {next} is next", "按顺序：队列中第 {position} 台（共 {of} 台）接收这个请求；下一个轮到第 {next} 台";
    StepSmoothWeights => "Current weights (each already raised by its weight): {before}; the largest wins and gives back the total {total}: {after}",
        "当前权重（各自已加上自身权重）：{before}；最大者胜出并减去总权重 {total}：{after}";
    StepRandom => "Random draw: {index} of 0..{range}", "随机抽取：0..{range} 中的 {index}";
    StepScore => "{server}: score {score}", "{server}：得分 {score}";
    StepCandidates => "Two random candidates: {a} (score {a_score}) and {b} (score {b_score}); the lower wins",
        "两个随机候选：{a}（得分 {a_score}）和 {b}（得分 {b_score}）；得分较低者胜出";
    StepRingRange => "Narrow the search to sorted points {lo}..{hi} of {of} (an index over the hash's top bits)",
        "把查找范围缩小到 {of} 个有序点中的 {lo}..{hi}（按哈希值高位建立的索引）";
    StepRingProbeRight => "Probe point {mid} at {point}: below the key, search right of it", "探查点 {mid}（位于 {point}）：小于键，向它的右侧查找";
    StepRingProbeLeft => "Probe point {mid} at {point}: at or above the key, a candidate; search left of it",
        "探查点 {mid}（位于 {point}）：不小于键，是候选点；向它的左侧查找";
    StepRingPoint => "The first point clockwise: point {index} at {point}, owned by {server}", "顺时针方向的第一个点：点 {index}，位于 {point}，属于 {server}";
    StepRingPointWrapped => "The first point clockwise: point {index} at {point} (past the top: wrapped to the first point), owned by {server}",
        "顺时针方向的第一个点：点 {index}，位于 {point}（越过顶端，回绕到第一个点），属于 {server}";
    StepRingSkip => "Point {index} belongs to {server}, which is {reason}: walk on clockwise", "点 {index} 属于 {server}，该服务器{reason}：继续顺时针前进";
    StepAtCapacity => "{server} is at capacity ({load} in flight, cap {capacity}): walk on", "{server} 已达容量（在途 {load}，上限 {capacity}）：继续前进";
    StepMaglevSlot => "Slot hash mod {table_size} = {slot}, owned by {server}", "槽位：哈希值 mod {table_size} = {slot}，属于 {server}";
    StepRendezvousScore => "{server} scores {score} for this key", "{server} 对此键的得分为 {score}";
    StepTreeNode => "Tree level {level}, {node}: {children} children (weights {weights}) scored; {what} {chosen} wins with {best}",
        "树的第 {level} 层，{node}：为 {children} 个子节点（权重 {weights}）打分；{what} {chosen} 以 {best} 胜出";
    TreeNode => "node {node}", "节点 {node}";
    TreeNodeDescent => "node {node} (descent {descent})", "节点 {node}（第 {descent} 次下行）";
    TreeSlot => "slot", "槽";
    TreeSubtree => "subtree", "子树";
    StepJump => "Jump: from bucket {from} to candidate {to}", "跳跃：从桶 {from} 跳到候选桶 {to}";
    StepSeedDefect => "The tutorial's mistake: {defect}", "教程代码的错误：{defect}";
    StepChosen => "Chosen: {server}", "选中：{server}";
    StepLeastRequestChoiceKept => "Random choice: {server}, {active} requests active: the candidate now",
        "随机选择：{server}，活动请求 {active} 个：成为当前候选";
    StepLeastRequestChoice => "Random choice: {server}, {active} requests active: not fewer, the candidate stays",
        "随机选择：{server}，活动请求 {active} 个：并不更少，候选不变";
    StepEdfPick => "Earliest deadline {deadline}: {server}; back one period later, 1 / ({weight} / ({active} + 1)^{bias} = {effective})",
        "最早截止时间 {deadline}：{server}；一个周期后重新排入，周期 1 / ({weight} / ({active} + 1)^{bias} = {effective})";
    StepSlowStart => "{server} came up {elapsed} ms ago, within the slow start window of {window} ms: its weight × {factor} = {weight}",
        "{server} 在 {elapsed} 毫秒前恢复，仍在 {window} 毫秒的慢启动窗口内：其权重 × {factor} = {weight}";
    // A real proxy's own lookup (share::steps::proxy), as config::predict makes it.
    StepNginxHashTry => "Try {attempt}: crc32({input}) gives bits {bits}; sum {sum} mod total weight {total} = {point}, in the weights of {server}",
        "第 {attempt} 次尝试：crc32({input}) 得到位 {bits}；累加和 {sum} mod 总权重 {total} = {point}，落在 {server} 的权重段";
    StepNginxHashTryDown => "{try}, which is down: hash again", "{try}，该服务器已停用：再次哈希";
    StepNginxHashRoundRobin => "{tries} tries found no server that is up: nginx's weighted round robin picks {server}",
        "{tries} 次尝试都没有找到可用服务器：nginx 的加权轮询选中 {server}";
    StepNginxHashRoundRobinOnly => "One server or an empty key: nginx does not hash; its weighted round robin picks {server}",
        "只有一台服务器或键为空：nginx 不做哈希，由加权轮询选中 {server}";
    StepNginxRandomDraw => "{draws} seeded random draw(s) mod total weight {total} (nginx's distribution, not its sequence): {server}",
        "{draws} 次带种子的随机数 mod 总权重 {total}（分布同 nginx，序列不同）：{server}";
    StepNginxRandomSecond => "two: a second server, {server}; with nothing in flight nginx keeps the second",
        "第二次抽取：另一台服务器 {server}；没有在途请求时 nginx 保留第二台";
    StepNginxRandomRoundRobin => "{tries} draws fell on down servers: nginx's weighted round robin picks {server}",
        "{tries} 次抽取都落在停用的服务器上：nginx 的加权轮询选中 {server}";
    StepHaproxyHash => "HAProxy's {function}(“{input}”) = {value}", "HAProxy 的 {function}(“{input}”) = {value}";
    StepHaproxySourceHash => "HAProxy's hash of the client address {input} (balance source) = {value}",
        "HAProxy 对客户端地址 {input} 的哈希（balance source）= {value}";
    StepHaproxyAvalanche => "avalanche: mixed once more (full_hash) = {value}", "avalanche：再混合一次（full_hash）= {value}";
    StepHaproxyMapSlot => "The hash mod {slots} slots of the map of weights = slot {slot}, held by {server}",
        "哈希值 mod 权重映射表的 {slots} 个槽 = 槽 {slot}，属于 {server}";
    StepHaproxyStaticRr => "static-rr: the next slot of the map of weights, {slot} of {slots}, held by {server}",
        "static-rr：权重映射表的下一个槽，{slots} 个中的 {slot}，属于 {server}";
    StepHaproxyTreePoint => "The closest of {points} points in the tree: {point}, of server id {id}: {server}",
        "树中 {points} 个点里最近的一个：{point}，属于服务器 id {id}：{server}";
    StepHaproxyRandomKeys => "{draws} seeded random keys (HAProxy's distribution, not its sequence); with nothing in flight the last is kept: {key}",
        "{draws} 个带种子的随机键（分布同 HAProxy，序列不同）；没有在途请求时保留最后一个：{key}";
    StepHaproxyRoundRobin => "Weighted round robin (lb_fwrr.c): {server} is first in position", "加权轮询（lb_fwrr.c）：{server} 排在最前";
    StepHaproxyFirst => "first (lb_fas.c): the usable server with the lowest id, {id}: {server}", "first（lb_fas.c）：id 最小的可用服务器 {id}：{server}";
    StepHaproxyLeastConnIdle => "leastconn (lb_fwlc.c): every server is idle; the first in the tree, idle longest: {server}",
        "leastconn（lb_fwlc.c）：所有服务器都空闲；取树中第一个、空闲最久的：{server}";
    StepEnvoyHash => "xxHash64(“{input}”, seed 0) = {value}", "xxHash64(“{input}”，种子 0) = {value}";
    StepEnvoyRingEntry => "The first of {entries} ring entries at or above it (wrapping): entry {index} at {point}, {server}",
        "{entries} 个环条目中第一个不小于它的（可回绕）：条目 {index}，位于 {point}，{server}";
    StepEnvoyMaglevSlot => "Slot {hash} mod {size} = {slot}: {server}", "槽位 {hash} mod {size} = {slot}：{server}";
    StepEnvoyRandom => "seeded random mod {n} endpoints, weights aside (Envoy's distribution, not its sequence): {server}",
        "带种子的随机数 mod {n} 个端点，不看权重（分布同 Envoy，序列不同）：{server}";
    StepEnvoyRotation => "Equal weights: the next in the rotation, which each Envoy worker starts at a random point: {server}",
        "权重相同：轮转中的下一个（每个 Envoy 工作线程从随机位置开始）：{server}";
    StepEnvoyEdf => "The earliest deadline of Envoy's earliest-deadline-first scheduler, {deadline}: {server}; it goes back 1/{weight} later",
        "Envoy 调度器中最早的截止时间 {deadline}：{server}；1/{weight} 之后重新排入";
    StepSeedRaised => "The tutorial's code raised: {defect}. The proxy answers 500.", "教程代码抛出异常：{defect}。代理返回 500。";
    StepNoEligible => "No eligible server: the proxy answers 503 “No available servers”.", "没有可用服务器：代理返回 503 “No available servers”。";
    StepsIntro => "Request {request} at {time}, from the engine's own trace of the pick:", "请求 {request}，时间 {time}，取自引擎对这次选择的原始记录：";

    // The explanation panel (ui::explain, ui::cost).
    LastPickHeading => "The last pick, step by step", "最近一次选择，逐步说明";
    MeasureInBrowser => "Measure in this browser", "在此浏览器中测量";
    MeasuredCost => "Measured cost per pick", "实测每次选择开销";
    MeasuredCaption => "Measured here, time per pick (performance.now(), thousands of picks each)",
        "在此实测的每次选择耗时（performance.now()，每项数千次选择）";
    CostCorrected => "corrected", "修正后的代码";
    CostSeedCode => "as the tutorial wrote it", "教程原写法";
    CostSeedClaims => "as the tutorial claims it", "教程声称";
    CostNoClaim => "no claim", "未说明";
    CostNotInSeed => "not in the tutorial", "教程中没有";
    CostFulcrum => "Fulcrum's code", "Fulcrum 的代码";
    CostPerPick => "Cost per pick", "每次选择开销";
    CostCaption => "Cost per pick over n servers", "n 台服务器时每次选择的开销";
    // Fulcrum's cost per pick, where it has words (English = StrategyKind::info().pick_cost).
    PickCostWeightedRoundRobin => "O(1) from one precomputed period of W/gcd picks; O(n) when that period is too long or too costly to build",
        "O(1)，取自预先算好的一个周期（W/gcd 次选择）；周期太长或构建代价太高时为 O(n)";
    PickCostLeast => "O(log n) per pick and per load change", "每次选择和每次负载变化均为 O(log n)";
    PickCostNginxLeastConn => "O(n), as nginx: a scan of every server", "O(n)，与 nginx 相同：扫描每台服务器";
    PickCostNginxIpHash => "O(log n): nginx's walk over the runs of weight as a binary search (O(1) expected re-hashes)", "O(log n)：以二分查找完成 nginx 对权重区间的遍历（重新哈希的期望次数为 O(1)）";
    PickCostLeastResponseTime => "O(log n) per pick and per load change (+ the 100-sample window when a request finishes)",
        "每次选择和每次负载变化均为 O(log n)（请求结束时另需更新 100 个样本的窗口）";
    PickCostConsistentHash => "O(1) expected, O(log n) worst (nginx ring's round-robin fallback: O(n))",
        "期望 O(1)，最坏 O(log n)（nginx 环退回轮询时：O(n)）";
    PickCostBoundedLoad => "O(1) expected for c > 1 when loads are low; the walk can pass the whole ring",
        "负载较低且 c > 1 时期望 O(1)；沿环前进可能走完整个环";
    PickCostRendezvous => "O(n): one score per eligible server (one multiplication each, one logarithm per distinct weight)",
        "O(n)：每台可用服务器计算一次得分（每台一次乘法，每种不同权重一次对数）";
    PickCostRendezvousSkeleton => "O(n) up to 16 slots; O(log n) beyond (3 tree levels at 1,000); 1/(1 − f) descents with a fraction f of the weight dead, O(n) after 64",
        "不超过 16 个槽位时 O(n)；更多时 O(log n)（1,000 台时树有 3 层）；失效权重占比为 f 时需 1/(1 − f) 次下行，64 次后为 O(n)";
    PickCostJump => "O(log B) per attempt; a few attempts when many buckets are dead", "每次尝试 O(log B)；失效的桶很多时需要几次尝试";

    // The live formal model (ui::formal_model).
    ModelTableLabel => "Formal model", "形式化模型";
    ModelCaption => "The tutorial's formal model: LB = (S, R, A, W, D), live", "教程的形式化模型：LB = (S, R, A, W, D)，实时";
    ModelRowServers => "servers", "服务器";
    ModelRowRequests => "requests", "请求";
    ModelRowAssignment => "assignment R → S", "分配 R → S";
    ModelRowWeights => "weights S → ℝ⁺", "权重 S → ℝ⁺";
    ModelRowHealth => "health S → {true, false}", "健康状态 S → {true, false}";
    ModelServersValue => "{set}: {present} servers, {healthy} healthy", "{set}：{present} 台服务器，{healthy} 台健康";
    ModelAssignmentSeed => "{strategy} (as the tutorial wrote it); last: request {request} ↦ {server}", "{strategy}（教程原写法）；最近：请求 {request} ↦ {server}";
    ModelAssignmentCorrected => "{strategy} (the corrected code); last: request {request} ↦ {server}", "{strategy}（修正后的代码）；最近：请求 {request} ↦ {server}";
    ModelNoServer => "none (503)", "无（503）";
    ModelNoAssignment => "{strategy}: no request assigned yet", "{strategy}：尚未分配任何请求";
    ModelRequestsValue => "{count} requests so far", "迄今 {count} 个请求";
    ModelRequestsLast => "{count} requests so far; the last: {method} {path} from {ip}", "迄今 {count} 个请求；最近一个：来自 {ip} 的 {method} {path}";

    // What the balancer sees (ui::seen): the strategy's state from the last pick's steps.
    SeenCursor => "In line: place {position} of {of} took the request; place {next} takes the next one.", "按顺序：队列中第 {position} 台（共 {of} 台）接收了请求；下一个请求轮到第 {next} 台。";
    SeenChipPicked => "{server} ← picked", "{server} ← 选中";
    SeenChipNext => "{server} ← next", "{server} ← 下一个";
    SeenSmoothCaption => "Smooth weighted round robin: each adds its weight; the largest current weight is picked and gives back the total ({total})",
        "平滑加权轮询：每台服务器加上自身权重；当前权重最大者被选中，并减去总权重（{total}）";
    SeenServer => "server", "服务器";
    SeenWeight => "weight", "权重";
    SeenCurrentBefore => "current before", "之前的当前权重";
    SeenAfter => "after", "之后";
    SeenCandidatesEwma => "Two random candidates of the same weight, scored peak EWMA × (in flight + 1); the lower wins", "两个权重相同的随机候选，按峰值 EWMA × (在途请求数 + 1) 打分；得分较低者胜出";
    SeenCandidatesLoad => "Two random candidates, scored by load; the lower wins", "两个随机候选，按负载打分；得分较低者胜出";
    SeenRandom => "A random draw: {index} out of 0..{range}.", "随机抽取：0..{range} 中的 {index}。";
    SeenModulo => "hash {hash} mod {n} eligible servers = {index}: position {index} of the eligible list.",
        "哈希值 {hash} mod {n}（可用服务器数）= {index}：可用列表中的位置 {index}。";
    SeenMaglev => "The key's slot: {slot} of {table_size}, owned by", "键的槽位：{table_size} 个中的 {slot}，属于";
    SeenRingPoint => "The first point clockwise of the key: #{index}, owned by", "键顺时针方向的第一个点：#{index}，属于";
    SeenRingPointWrapped => "The first point clockwise of the key: #{index} (wrapped past the top), owned by", "键顺时针方向的第一个点：#{index}（越过顶端回绕），属于";
    SeenAtCapacity => "{server} is full ({load} of {capacity} in flight): the walk goes on.", "{server} 已满（在途 {load}，上限 {capacity}）：继续前进。";
    SeenRingSkip => "{server} is {reason}: the walk goes past it.", "{server} {reason}：越过它继续前进。";
    SeenJump => "jump: bucket {from} → candidate {to}", "跳跃：桶 {from} → 候选桶 {to}";
    SeenDefect => "The tutorial's mistake:", "教程代码的错误：";
    SeenScores => "Scores considered (lower wins)", "参与比较的得分（较低者胜出）";
    SeenRendezvousTree => "Beyond 16 servers the key descends a virtual tree: the servers of the slot group it reached, scored for this key (the highest wins)",
        "超过 16 台服务器时，键沿一棵虚拟树下行：这里是它到达的槽组中的服务器，按此键打分（得分最高者胜出）";
    SeenRendezvous => "Every server's score for this key (the highest wins)", "每台服务器对此键的得分（得分最高者胜出）";
    SeenNothing => "The last pick recorded no state worth showing.", "最近一次选择没有记录值得展示的状态。";
    SeenAtLastPick => "At the last pick (request {request}):", "最近一次选择时（请求 {request}）：";
    SeenLast503 => "Last request: no eligible server (503).", "最近的请求：没有可用服务器（503）。";
    SeenNoPick => "No pick yet: press Play or Step.", "还没有选择：请按“播放”或“单步”。";
    SeenWindow => "{count} of 100", "100 个中的 {count} 个";
    SeenWindowFailed => "{count} of 100, {failures} failed", "100 个中的 {count} 个，{failures} 个失败";
    SeenYes => "yes", "是";
    SeenNo => "no", "否";
    SeenBalancerOf => "Balancer 1 of {count}: each keeps its own view of connections and latency.", "负载均衡器 1（共 {count} 个）：每个都有自己的连接数和延迟视图。";
    SeenStateLabel => "The strategy's state at the last pick", "最近一次选择时的策略状态";
    SeenViewCaption => "Its view of each server", "它眼中的每台服务器";
    SeenMayPick => "can take requests", "可接收请求";
    SeenInFlight => "in flight", "在途";
    SeenPeakEwma => "peak EWMA", "峰值 EWMA";
    SeenRecentMean => "recent mean", "近期均值";
    SeenTau => "Peak EWMA jumps up to a slow response at once and decays over τ = 10 s; the recent mean is the tutorial's window of the last 100 responses.",
        "峰值 EWMA 遇到慢响应会立即跳升，并以 τ = 10 s 衰减；近期均值是教程代码保存的最近 100 次响应的窗口。";


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
    NameRendezvousSkeleton => "Rendezvous hashing over a skeleton tree", "骨架树上的 Rendezvous 哈希";
    NameJumpHash => "Jump consistent hash", "跳跃一致性哈希";

    // Strategy summaries (English = StrategyKind::info().summary).
    SummaryRoundRobin => "each eligible server in turn", "依次轮流选择每台可用服务器";
    SummaryWeightedRoundRobin => "smooth weighted round robin (nginx): shares follow weights, interleaved",
        "平滑加权轮询（nginx）：按权重分配，且相互交错";
    SummaryLeastConnections => "the server with the fewest requests in flight", "在途请求最少的服务器";
    SummaryWeightedLeastConnections => "nginx's least_conn: the lowest connections / weight, ties by nginx's smooth weighted round robin among the tied",
        "nginx 的 least_conn：连接数 / 权重最低者；平局时在并列者之间按 nginx 的平滑加权轮询选择";
    SummaryIpHash => "nginx's ip_hash: the first three octets of an IPv4 client (the whole IPv6 address) hashed over the servers' weights; a server down re-hashes",
        "nginx 的 ip_hash：对 IPv4 客户端地址的前三个字节（IPv6 取整个地址）哈希，并按服务器权重映射；服务器下线时重新哈希";
    SummaryUrlHash => "hash of the path modulo the eligible servers", "请求路径的哈希值对可用服务器数取模";
    SummaryRandom => "a uniformly random eligible server", "均匀随机选择一台可用服务器";
    SummaryLeastResponseTime => "the lowest recent time per successful response × (in flight + 1), failures counted, untried servers scored as average",
        "最近每次成功响应所需时间 × (在途请求数 + 1) 最低者；计入失败，未尝试过的服务器按平均水平计分";
    SummaryConsistentHash => "a hash ring with virtual nodes (Karger et al.), optionally nginx's ketama ring",
        "带虚拟节点的哈希环（Karger 等），也可用 nginx 的 ketama 环";
    SummaryWeightedRandom => "a random server with probability proportional to weight", "按权重比例的概率随机选择服务器";
    SummaryPowerOfTwoChoices => "two random servers, the less loaded wins (Mitzenmacher; Azar et al.)",
        "随机选两台服务器，负载较低者胜出（Mitzenmacher；Azar 等）";
    SummaryPeakEwma => "a weight class drawn by weight, then two random servers of it, the lower peak-EWMA latency × (in flight + 1) wins (Finagle/Linkerd)",
        "先按权重抽取一个权重类，再在其中随机选两台服务器，峰值 EWMA 延迟 × (在途请求数 + 1) 较低者胜出（Finagle/Linkerd）";
    SummaryMaglev => "Google's Maglev lookup table: O(1) lookups, near-perfect balance",
        "Google 的 Maglev 查找表：O(1) 查找，近乎完美的均衡";
    SummaryBoundedLoadConsistentHash => "a hash ring that skips servers at capacity ⌈c · (m + 1) · wᵢ / W⌉ for m requests in flight (Mirrokni, Thorup, Zadimoghaddam)",
        "跳过已达容量 ⌈c · (m + 1) · wᵢ / W⌉（m 为在途请求数）的服务器的哈希环（Mirrokni、Thorup、Zadimoghaddam）";
    SummaryRendezvousHash => "highest random weight (Thaler and Ravishankar): every eligible server scores the key, the highest −w / ln u wins; the owner depends on the server set only",
        "最高随机权重（Thaler 与 Ravishankar）：每台可用服务器为键打分，−w / ln u 最高者胜出；归属只取决于服务器集合";
    SummaryRendezvousSkeleton => "rendezvous hashing over a virtual tree of 16-way choices (skeleton-based highest-random-weight hashing, Yao, Ravishankar and Tripathi); faster, but the owner depends on the order servers joined",
        "在每层 16 选 1 的虚拟树上做 Rendezvous 哈希（基于骨架的最高随机权重哈希，Yao、Ravishankar 与 Tripathi）；更快，但归属取决于服务器加入的顺序";
    SummaryJumpHash => "Lamping and Veach's jump consistent hash over stable buckets; a departed server's buckets are tombstones, skipped by rehashing",
        "Lamping 与 Veach 的跳跃一致性哈希，作用于稳定的桶列表；离开的服务器留下墓碑桶，通过重新哈希跳过";

    // Preset titles, as the Preset select shows them (the link and the CLI use the name).
    PresetTitleSeedDemo => "The tutorial's demo", "教程的演示";
    PresetTitleSlowServer => "A slow server", "一台慢服务器";
    PresetTitleServerCrash => "A server crashes", "服务器崩溃";
    PresetTitleCrashMidRequest => "A crash mid-request", "请求中途崩溃";
    PresetTitleHotKey => "Hot keys", "热点键";
    PresetTitleHeterogeneous => "Servers of different sizes", "规格不同的服务器";
    PresetTitleFlapping => "A flapping server", "反复上下线的服务器";
    PresetTitleScaleOut => "Scaling out", "扩容";
    PresetTitleHerding => "Many balancers (herding)", "多个负载均衡器（扎堆）";
    PresetTitleHeavyTail => "A few huge requests", "少数超大请求";
    PresetTitleFastButSmall => "Fast but small", "快但容量小";
    PresetTitleIdleServers => "Servers that report idle", "报告空闲的服务器";
    PresetTitleMixedSpeeds => "Servers of three speeds", "三种速度的服务器";
    PresetTitleKeySpread => "Equally popular keys", "同样热门的键";

    // Preset summaries (English = scenario::preset(name).summary).
    PresetSeedDemo => "the tutorial's own demo: 20 requests over its four servers (the playground sends them again, in the same order, for as long as it plays), then its health-check run; the tutorial ran it under five strategies, here it plays the one chosen (Compare runs the others beside it)",
        "教程自带的演示：20 个请求发往它的四台服务器（演练场只要在播放，就按同样的顺序一遍遍重发），然后运行健康检查演示；教程用五种策略各跑一遍，这里播放所选的那一种（“对比”把其余策略放在旁边一起运行）";
    PresetSlowServer => "server3 turns 10x slower at 5 s; who keeps sending it traffic?",
        "server3 在 5 秒时变慢 10 倍；谁还在给它发流量？";
    PresetServerCrash => "server2 crashes at 10 s; health checks every 2 s notice at 14 s, after 3 failures in a row, and its share falls to 0",
        "server2 在 10 秒时崩溃；每 2 秒一次的健康检查连续失败 3 次后，在 14 秒时发现，它的占比随之降为 0";
    PresetCrashMidRequest => "a server dies with requests in flight; retries save the idempotent ones",
        "一台服务器在处理请求时宕机；重试挽救了幂等请求";
    PresetHotKey => "hot paths: hashing buys cache hits and a hot spot", "热点路径：哈希带来缓存命中，也带来热点";
    PresetHeterogeneous => "servers of capacity 40, 20 and 10, weighted 4, 2, 1: a strategy that ignores weights overloads the small one (Compare shows which)",
        "容量分别为 40、20、10 的服务器，权重为 4、2、1：忽略权重的策略会压垮小服务器（“对比”可看出是哪些）";
    PresetFlapping => "a flapping server with and without rise/fall thresholds",
        "一台反复上下线的服务器，有无 rise/fall 阈值的对比";
    PresetScaleOut => "servers join a busy pool", "新服务器加入繁忙的服务器池";
    PresetHerding => "many balancers, one stale picture of load: who herds?", "多个负载均衡器，同一份过时的负载视图：谁在扎堆？";
    PresetHeavyTail => "a few huge requests: who queues behind them?", "少数超大请求：谁排在它们后面？";
    PresetFastButSmall => "a fast server with few workers: who overloads it?", "一台快但工作线程少的服务器：谁把它压垮？";
    PresetIdleServers => "servers that say when they are idle, many balancers: who waits least?",
        "服务器在空闲时主动报告，多个负载均衡器：谁等得最少？";
    PresetMixedSpeeds => "servers of three speeds and a heavy tail: who asks the servers?",
        "三种速度的服务器加上重尾请求：谁去问服务器？";
    PresetKeySpread => "equally popular keys: how evenly does each hash share them out?",
        "同样热门的键：每种哈希分得有多均匀？";

    // Preset run descriptions (English = the scenario's description).
    RunSeedDemo => "the tutorial's demo: 20 requests GET /api/data/{i} from 192.168.1.{i % 10} over server1-4 (weights 1,2,1,3)",
        "教程的演示：20 个请求 GET /api/data/{i}，来自 192.168.1.{i % 10}，分发到 server1-4（权重 1,2,1,3）";
    RunSeedDemoHealthCheck => "the tutorial's health-check demo: a round-robin proxy forwards 5 requests GET /api/health/{i} from 192.168.1.1",
        "教程的健康检查演示：轮询代理转发来自 192.168.1.1 的 5 个请求 GET /api/health/{i}";
    RunSlowServer => "server3 turns 10x slower at 5 s: latency-aware strategies move traffic off it",
        "server3 在 5 秒时变慢 10 倍：感知延迟的策略会把流量移走";
    RunServerCrash => "server2 crashes at 10 s; health checks (every 2 s, fall 3) take it out at 14 s, retries hide the gap",
        "server2 在 10 秒时崩溃；健康检查（每 2 秒，fall 3）在 14 秒时将其摘除，重试掩盖了这段空档";
    RunCrashMidRequest => "server1 dies halfway through a request at 5 s with long requests in flight: idempotent ones are retried elsewhere, POSTs fail",
        "server1 在 5 秒时处理请求途中宕机，仍有长请求在途：幂等请求转到别处重试，POST 请求失败";
    RunHotKey => "Zipf-popular paths (s = 1.1) and a 100-path cache per server: hashing on the path wins cache hits and puts the hot path on one server",
        "路径热度服从 Zipf 分布（s = 1.1），每台服务器缓存 100 个路径：按路径哈希赢得缓存命中，但热点路径集中在一台服务器上";
    RunHeterogeneous => "three servers of capacity 40, 20 and 10 with matching weights 4, 2, 1: ignoring weights overloads the small one",
        "三台容量为 40、20、10 的服务器，权重对应为 4、2、1：忽略权重会压垮最小的那台";
    RunFlappingSeedLike => "server2 is down 1.5 s, up 1.5 s, over and over; probes every second with the tutorial's rise = fall = 1 flip the pool each time",
        "server2 反复宕机 1.5 秒、恢复 1.5 秒；按教程的 rise = fall = 1 每秒探测，服务器池每次都随之翻转";
    RunFlappingDamped => "the same flapping server with HAProxy's rise 2 / fall 3: the pool holds still",
        "同一台反复上下线的服务器，采用 HAProxy 的 rise 2 / fall 3：服务器池保持稳定";
    RunScaleOut => "three busy servers; server4 and server5 join at 10 s with a 5 s slow start",
        "三台繁忙的服务器；server4 和 server5 在 10 秒时加入，慢启动 5 秒";
    RunHerding => "10 balancers over 10 servers (16 requests at once each, then a queue) share load reports every 250 ms: between reports least connections sends everyone to the same least-loaded servers, which queue, and its p99 is more than twice power of two choices'; round robin, blind to load, herds least of all",
        "10 个负载均衡器共用 10 台服务器（每台同时处理 16 个请求，其余排队），每 250 毫秒交换一次负载报告：两次报告之间，最少连接把所有请求都发往同几台负载最低的服务器，它们开始排队，其 p99 超过两次随机选择的两倍；轮询不看负载，扎堆最少";
    RunHeavyTail => "Pareto request costs (spread 1) at 80% of capacity, 4 servers of 4 workers and a queue of 16: round robin and random queue behind huge requests and drop some; least connections and two choices drop none, with a lower p99; peak EWMA drops most",
        "帕累托请求成本（离散度 1），负载为容量的 80%，4 台服务器各有 4 个工作线程和长度 16 的队列：轮询和随机排在超大请求后面并丢弃一些请求；最少连接和二选一不丢请求，p99 更低；峰值 EWMA 丢弃最多";
    RunFastButSmall => "server1 is 4x faster but has 2 workers and a queue of 4, server2-4 have 8 workers and a queue of 16: least response time and peak EWMA chase server1 and drop about a tenth of the requests, least connections and two choices a few in a hundred, round robin almost none",
        "server1 快 4 倍，但只有 2 个工作线程和长度 4 的队列，server2-4 各有 8 个工作线程和长度 16 的队列：最短响应时间和峰值 EWMA 追逐 server1，丢弃约十分之一的请求；最少连接和二选一丢弃百分之几；轮询几乎不丢";
    RunIdleServers => "8 balancers over 10 servers that serve one request at a time (then queue), log-normal costs at 70% of capacity, load reports shared every 250 ms: least connections herds between reports and has the highest p99; Join-Idle-Queue sends each request to a server that said it is idle, reads no load, and has the lowest p50 and p99; two choices comes close, random's and round robin's p99 is over 1.5 times it; near capacity (850 requests a second) idle servers grow rare and two choices overtakes it",
        "8 个负载均衡器共用 10 台一次只处理一个请求（其余排队）的服务器，对数正态请求成本，负载为容量的 70%，每 250 毫秒交换一次负载报告：最少连接在两次报告之间扎堆，p99 最高；加入空闲队列（JIQ）把每个请求发给报告过空闲的服务器，不读取负载，p50 和 p99 都最低；二选一紧随其后，随机和轮询的 p99 超过它的 1.5 倍；接近容量时（每秒 850 个请求）空闲服务器变少，二选一反超它";
    RunMixedSpeeds => "six servers at 2x, 1x and 0.5x speed (4 workers and a queue of 16 each), Pareto costs (spread 1) at 57% of capacity, 8 balancers that each see only their own requests: Prequal probes the servers for their requests in flight and latency and has the lowest p99; peak EWMA's is about 1.5 times it, least connections' and two choices' about twice; round robin gives the slow servers a full share and drops 8 requests in a hundred. Prequal's worst case is fast-but-small: the fast server with a short queue always looks cold, and Prequal drops a quarter of the requests there",
        "六台服务器，速度分别为 2 倍、1 倍和 0.5 倍（各有 4 个工作线程和长度 16 的队列），帕累托请求成本（离散度 1），负载为容量的 57%，8 个负载均衡器各自只看到自己的请求：Prequal 探测服务器的在途请求数和延迟，p99 最低；峰值 EWMA 的 p99 约为它的 1.5 倍，最少连接和二选一约为两倍；轮询给慢服务器同样的份额，每一百个请求丢弃 8 个。Prequal 最差的情形是 fast-but-small：队列很短的快服务器看起来总是冷的，Prequal 在那里丢弃四分之一的请求";
    RunKeySpread => "10 servers, 10,000 equally popular paths: multi-probe hashing (one point per server, 21 probes a key) shares them out almost as evenly as the ring's 160 points per server (the largest share about 11.5% against 11%; 10% is even); with 1 probe it is a ring of one point per server, and one server takes over a quarter while another gets 2%; rendezvous and Maglev stay within a point of 10%",
        "10 台服务器，10,000 个同样热门的路径：多探针哈希（每台服务器一个点，每个键 21 次探测）分得几乎和每台服务器 160 个点的哈希环一样均匀（最大份额约 11.5%，对比 11%；均分是 10%）；只探测 1 次时它就是每台服务器一个点的环，一台服务器拿走超过四分之一，另一台只有 2%；Rendezvous 和 Maglev 与 10% 相差不到一个百分点";
    // The link's whole numbers written otherwise than in digits (issue 15).
    NoteNotDigits => "{param}: “{value}” is read as the whole number {used}",
        "{param}：“{value}”按整数 {used} 读取";

    // The first screen, navigation, presentation mode and the tour (issue 16, the page's layout).
    Intro => "Watch a load balancer share requests between servers as it happens: pick a strategy, press Play, crash a server and see what changes.",
        "实时观看负载均衡器如何把请求分给各台服务器：选一种策略，按下播放，让一台服务器宕机，看看会发生什么。";
    PresetServersOwn => "The servers are your own now (edited or imported), not the ones this describes; the preset's traffic and events still run.",
        "服务器现在是你自己的（编辑过或导入的），不是上面描述的那些；预设的流量和事件仍照常运行。";
    MoreSettings => "More settings: random seed, latency, errors, health checks, virtual nodes, speed, servers",
        "更多设置：随机种子、延迟、错误率、健康检查、虚拟节点、速度、服务器";
    PlayOnArrival => "Play as soon as the page opens", "打开页面时自动播放";
    NavGroupPlayground => "Playground:", "演练场：";
    NavGroupLookup => "Lookup debugger:", "查找调试器：";
    SkipToRun => "Skip to Play", "跳到“播放”";
    NavGroupLearn => "Learn:", "学习：";
    NavChurn => "Churn", "键迁移";
    NavHotKeys => "Hot keys", "热点键";
    NavSampleKeys => "Sample keys", "示例键";
    NavWorkedExample => "Worked example: consistent hashing", "实例讲解：一致性哈希";
    NavEmbed => "Embed a view in your own page", "把视图嵌入你自己的网页";
    Present => "Present", "演示";
    PresentLeave => "Leave presentation", "退出演示";
    PresentView => "View shown", "显示的视图";
    PresentKeys => "F presents, Esc leaves.", "按 F 键进入演示，按退出键离开。";
    TourStart => "Start here", "从这里开始";
    TourLabel => "Start here: a short tour", "从这里开始：简短导览";
    TourStep => "Step {n} of {total}", "第 {n} 步，共 {total} 步";
    TourPlay => "Press Play{space}: requests go from the clients through the balancer to a server. Pause stops the run; Step sends one request.",
        "按下播放{space}：请求从客户端出发，经过负载均衡器，到达一台服务器。暂停让运行停下；单步只发送一个请求。";
    TourPlaying => "The run is playing: requests go from the clients through the balancer to a server. Pause{space} stops it; Step sends one request.",
        "运行正在播放：请求从客户端出发，经过负载均衡器，到达一台服务器。暂停{space}让它停下；单步只发送一个请求。";
    TourSpaceKey => "(or Space)", "（或空格键）";
    TourPool => "The server pool: each card is a server with its weight and health. Click a card to crash it, drain it or change its weight, and watch the flow react.",
        "服务器池：每张卡片是一台服务器，显示它的权重和健康状态。点击卡片可以让它宕机、排空或修改权重，再看请求流如何变化。";
    TourRing => "Next to or below the flow: the hash ring when the strategy hashes keys, otherwise what the balancer sees when it picks (the turn order, the loads). Change Strategy to see another.",
        "请求流旁边或下方：策略按键哈希时显示哈希环，否则显示负载均衡器选择时看到的内容（轮到谁、各台负载）。换一种策略就能看到别的。";
    TourLookup => "Further down, the lookup debugger follows one key through a hashing strategy line by line, and shows which keys move when a server leaves.",
        "再往下是查找调试器：它逐行跟踪一个键在哈希策略中的查找过程，并显示一台服务器离开时哪些键会迁移。";
    TourBack => "Back", "上一步";
    TourNext => "Next", "下一步";
    TourDone => "Done", "完成";
    TourClose => "Close the tour", "关闭导览";

    // Words and lessons (issue 16): the glossary's definitions (share::glossary), the About note.
    TermPercentiles => "pN is the time within which N of every 100 requests were answered: p50 is the median, p95 and p99 show the slow tail that a few users feel.",
        "pN 表示每 100 个请求中有 N 个在这段时间内得到响应：p50 是中位数，p95 和 p99 反映少数用户遇到的慢请求。";
    TermP50 => "p50, the median: half of the requests were answered faster than this, half slower.",
        "p50 即中位数：一半请求的响应比它快，另一半比它慢。";
    TermP95 => "p95: 95 of every 100 requests were answered within this time; the slowest 5 took longer.",
        "p95：每 100 个请求中有 95 个在这段时间内得到响应；最慢的 5 个用时更长。";
    TermP99 => "p99: 99 of every 100 requests were answered within this time; it shows the slowest requests, which an average hides.",
        "p99：每 100 个请求中有 99 个在这段时间内得到响应；它反映平均值掩盖掉的最慢请求。";
    TermEwma => "EWMA, an exponentially weighted moving average: an average of response times in which recent responses count most. Peak EWMA jumps up at once to a slow response, then decays.",
        "EWMA 即指数加权移动平均：越近的响应时间权重越大。峰值 EWMA 遇到慢响应会立即跳升，然后逐渐衰减。";
    TermFairness => "Jain's fairness index: 1 when every server gets the share of the requests its strategy promises (in proportion to its weight for a strategy that reads weights, an equal share for one that does not, such as round robin or random), falling towards 1/n when one server gets them all. It measures how the requests are shared, not how fast they are answered: 1.000 can sit beside the worst p95.",
        "Jain 公平性指数：每台服务器都得到其策略承诺的请求份额（读取权重的策略按权重计算，不读权重的策略，如轮询或随机，按均分计算）时为 1，全部请求都落到一台服务器上时降到 1/n。它衡量的是请求如何分配，而不是响应有多快：1.000 也可能与最差的 p95 并列。";
    TermKetama => "ketama: the consistent-hashing ring that nginx builds for “hash … consistent”, named after the memcached library it copies: 160 points per unit of weight, placed with CRC-32.",
        "ketama：nginx 为一致性哈希构建的哈希环，名字来自它所沿用的缓存客户端库：每单位权重 160 个点，位置由 CRC-32 计算。";
    TermZipf => "Zipf exponent s: how uneven popularity is. The k-th most popular key gets requests in proportion to 1/kˢ: at 0 every key is equally popular, above 1 a few keys get most requests.",
        "Zipf 指数 s：热度有多不均匀。第 k 热的键得到的请求与 1/kˢ 成正比：为 0 时所有键一样热门，大于 1 时少数几个键得到大部分请求。";
    TermVirtualNodes => "Virtual nodes: each server is placed on the ring at many points instead of one, so the circle is shared out evenly; more points per unit of weight give a more even share.",
        "虚拟节点：每台服务器在环上占据许多个点而不是一个，使圆周分配得更均匀；每单位权重的点越多，分配越均匀。";
    TermLoadFactor => "Load factor c: with bounded loads no server holds more than c times its fair share of the requests in flight; c = 1.25 allows 25% above the average.",
        "负载系数 c：在有界负载下，任何服务器承载的在途请求都不超过其应得份额的 c 倍；c = 1.25 表示最多比平均值高 25%。";
    TermInFlight => "In flight: requests sent to a server that have not been answered yet.",
        "处理中（在途）：已经发给服务器、但还没有得到响应的请求。";
    TermHealthCheck => "Health check: the balancer asks every server at a fixed interval whether it is up, and stops sending it requests once enough checks in a row fail.",
        "健康检查：负载均衡器按固定间隔询问每台服务器是否正常，连续失败的次数足够多时就不再向它发送请求。";
    TermConsistentHashing => "Consistent hashing: keys and servers are placed on a circle of hash values and each key goes to the next server clockwise, so adding or removing a server moves only about 1/n of the keys.",
        "一致性哈希：键和服务器都放在由哈希值构成的圆上，每个键交给顺时针方向的下一台服务器，所以增加或移除一台服务器只会移动大约 1/n 的键。";
    TermPowerOfTwoChoices => "Power of two choices (P2C): pick two servers at random and send the request to the less loaded one; far better balance than one random pick, at almost no cost.",
        "两次随机选择：随机挑两台服务器，把请求交给负载较低的那台；几乎不增加开销，均衡效果却比只随机选一次好得多。";
    TermMaglev => "Maglev: the hashing of Google's load balancer. A table of M slots is shared out among the servers, so a key's server is one table lookup away, and a change moves few keys.",
        "Maglev：Google 负载均衡器使用的哈希。一张有 M 个槽位的表分给各台服务器，查一次表就能找到键的服务器，服务器变化时只移动很少的键。";
    AboutTitle => "About", "关于";
    AboutTutorial => "Fulcrum grew from a Chinese tutorial on load balancing (负载均衡) that describes nine strategies with Python code. Fulcrum runs each of them in two versions: its code as the tutorial wrote it, mistakes included, next to a corrected version; and it adds eight more strategies.",
        "Fulcrum 源自一篇讲解负载均衡的中文教程，教程用 Python 代码介绍了九种策略。Fulcrum 把每种策略都运行两个版本：教程原写法（包括其中的错误）和修正版，并另外加入了八种策略。";
    LessonFold => "Fold", "收起";
    LessonUnfold => "Unfold", "展开";
    ClosedLessonCard => "Close the lesson", "关闭课程";
    LessonShowView => "Show me", "带我去看";
    // Truthful failures, per-server latency and Compare (playground::failure, views/pool,
    // tables/latency, charts, compare).
    FailCrashedUndetected => "crashed — not yet detected", "已崩溃——尚未被发现";
    FailHungUndetected => "hung — not yet detected", "已挂起——尚未被发现";
    FailDownDetected => "down (detected at {time} s)", "已宕机（{time} 秒时发现）";
    FailHungDetected => "hung (detected at {time} s)", "已挂起（{time} 秒时发现）";
    FailNextCheck => "next check in {seconds} s · {failed} of {fall} failed", "{seconds} 秒后下次检查 · 已连续失败 {failed}/{fall} 次";
    FailNoChecks => "no health check will find it", "没有健康检查会发现它";
    FailRecoveredUndetected => "recovered — not yet detected", "已恢复——尚未被发现";
    FailNextCheckRecovery => "next check in {seconds} s · {passed} of {rise} passed", "{seconds} 秒后下次检查 · 已连续通过 {passed}/{rise} 次";
    FailBackAfterEjection => "back when its ejection ends", "驱逐期结束后才会恢复";
    PoolLatencyKey => "Each card's latency counts successful responses only: the average and the", "每张卡片上的延迟只计成功的响应：平均值和";
    PoolLatencyKeyEnd => ".", "。";
    PoolOkLatency => "ok: avg {avg} · p95 {p95}", "成功：平均 {avg} · p95 {p95}";
    PoolFailures => "✕ {failed} failed · {rate} of last {n}", "✕ 失败 {failed} 次 · 最近 {n} 次中占 {rate}";
    PoolNoFailures => "✓ no failures", "✓ 没有失败";
    PoolLatencyTitle => "Latency of successful requests only (avg {avg}, p50 {p50}, p95 {p95}, p99 {p99}); failed requests are counted apart", "仅统计成功请求的延迟（平均 {avg}，p50 {p50}，p95 {p95}，p99 {p99}）；失败的请求单独计数";
    LatencyOfSuccesses => "Latency of successful requests", "成功请求的延迟";
    LatencyChartNote => "Failed requests are left out of these lines and counted in the throughput chart, so a server that fails fast never looks fast.", "这些曲线不含失败的请求（失败计入吞吐量图），因此快速失败的服务器不会显得更快。";
    LatencyOkP50To99 => "latency of successful requests p50 / p95 / p99 / max", "成功请求的延迟 p50 / p95 / p99 / 最大值";
    LatencyByServer => "Latency by server (successful requests; failures apart)", "各服务器的延迟（仅成功请求；失败单独计数）";
    ColumnMean => "avg", "平均";
    ColumnRecentFailures => "failed, of the last attempts", "最近尝试中的失败";
    RecentFailures => "{failed} of {n} ({rate})", "{n} 次中 {failed} 次（{rate}）";
    LoadSweep => "Load sweep", "负载扫描";
    SweepLoading => "Loading the load sweep…", "正在加载负载扫描……";
    SweepLoadFailed => "The load sweep could not be loaded ({why}). Reload the page to try again.", "无法加载负载扫描（{why}）。请重新加载页面再试。";
    CompareHistogramTitle => "Latency of successful requests (log scale, same bins for all)",
        "成功请求的延迟（对数刻度，区间相同）";
    CompareHistogramOf => "{strategy}, successful requests by latency", "{strategy}：按延迟统计的成功请求";
    CompareHistogramTable => "The histograms as a table", "以表格查看直方图";
    ColLatencyRange => "Latency", "延迟";
    ColDropped => "Dropped (503)", "被丢弃（503）";
    CompareSharesTitle => "Share of requests by server, per strategy (the tick: the share the strategy promises, by weight or equal)", "各策略下每台服务器的请求份额（刻度线：该策略承诺的份额，按权重或均分）";
    CompareSharesOf => "{strategy}: share by server", "{strategy}：各服务器份额";
    FlowBalancers => "{count} balancers", "{count} 个负载均衡器";
    FlowBalancersNote => "{count} balancers share the clients' requests, as several proxy instances behind DNS do: each one picks with its own copy of the strategy and sees only the requests it sent itself (its own counters and in-flight counts), so together they can pile onto the same server. Compare's Balancers sets how many.",
        "{count} 个负载均衡器分担客户端的请求，就像同一个域名背后的多个代理实例：每个都用自己的一份策略做选择，只看得到自己发出的请求（自己的计数和在途数），所以它们合在一起可能挤向同一台服务器。“对比”中的“负载均衡器数量”设置有几个。";
    BalancerCount => "Balancers", "负载均衡器数量";
    CompareAlike => "Every strategy kept up with this load, so their availability and latency are the same: only their shares differ. Under heavier or uneven load they part.",
        "在这个负载下每种策略都应付得来，所以可用性和延迟都一样，只有分配比例不同。负载更重或更不均匀时它们才会拉开差距。";
    CompareTryBusier => "Compare them with many balancers (herding)", "在多个负载均衡器（扎堆）下对比";
    BalancerCountHelp => "Each balancer keeps its own view of the load; several balancers that see only their own requests can all pick the same idle server.", "每个负载均衡器只掌握自己的负载视图；多个只看得到自己请求的负载均衡器可能同时选中同一台空闲服务器。";

    // Import config (issue 17).
    ImportTitle => "Import config", "导入配置";
    ImportLoading => "Loading the import panel…", "正在加载导入面板……";
    ImportLoadFailed => "The import panel could not be loaded ({why}). Reload the page to try again.", "无法加载导入面板（{why}）。请重新加载页面再试。";

    // Modern algorithms (issue 18).
    NamePowerOfDChoices => "Power of d choices", "d 次随机选择";
    SummaryPowerOfDChoices => "d random servers, the least loaded wins (Azar et al.; Mitzenmacher): d = 1 is random, d = 2 power of two choices, d = n least connections",
        "随机选 d 台服务器，负载最低者胜出（Azar 等；Mitzenmacher）：d = 1 即随机，d = 2 即两次随机选择，d = n 即最少连接";
    PickCostDChoices => "O(d) per pick; O(n) when d ≥ n", "每次选择 O(d)；d ≥ n 时为 O(n)";
    PickCostEnvoyLeastRequest => "O(d) with equal weights; O(log n) with unequal weights", "权重相同时 O(d)；权重不同时 O(log n)";
    NoteChoices => "{d} of {of} servers compared, the lowest connections / weight wins (ties: the first compared)",
        "比较了 {of} 台服务器中的 {d} 台，连接数 / 权重最低者胜出（平局时取最先比较的）";
    NoteMementoRehash => "bucket {bucket} was removed when {working} buckets were left: XXH3-64(key, seed {seed}) = {hash}, mod {working} = bucket {to}",
        "桶 {bucket} 被移除时还剩 {working} 个桶：XXH3-64(键, 种子 {seed}) = {hash}，对 {working} 取模 = 桶 {to}";
    NameMementoHash => "MementoHash", "MementoHash（记忆哈希）";
    SummaryMementoHash => "Coluzzi et al.'s MementoHash: jump consistent hash plus a memento of the removed buckets, each rehashed into the buckets left when it went; any server can leave, exactly its keys move",
        "Coluzzi 等人的 MementoHash：跳跃一致性哈希加上已移除桶的“记忆”，落在已移除桶上的键重新哈希到该桶移除时剩下的桶中；任何服务器都可离开，只有它的键会移动";
    PickCostMemento => "O(log n): the jumps, then about ln(n / w) + 1 rehashes with w of n buckets working",
        "O(log n)：先跳跃，再在 n 个桶中有 w 个工作时约 ln(n / w) + 1 次重新哈希";
    NameJumpBackHash => "JumpBackHash", "JumpBackHash（反向跳跃哈希）";
    SummaryJumpBackHash => "Ertl's JumpBackHash: jump hash's chain walked backward, in integers only, over jump_hash's stable buckets; a departed server's buckets are tombstones, skipped by rehashing",
        "Ertl 的 JumpBackHash：反向走跳跃哈希的跳跃链，只用整数运算，作用于 jump_hash 的稳定桶列表；离开的服务器留下墓碑桶，通过重新哈希跳过";
    PickCostJumpBack => "O(1) expected per attempt; a few attempts when many buckets are dead", "每次尝试期望 O(1)；失效的桶很多时需要几次尝试";
    StepJumpBack => "Jump back: candidate {candidate} in buckets {low}…{high}", "反向跳跃：桶 {low}…{high} 中的候选桶 {candidate}";
    StepJumpBackZero => "Jump back: no range left, bucket 0", "反向跳跃：没有剩余区间，取桶 0";
    NameAnchorHash => "AnchorHash", "AnchorHash（锚点哈希）";
    SummaryAnchorHash => "Mendelson et al.'s AnchorHash: a fixed anchor of buckets, the working ones take keys; a key on a removed bucket is rehashed into the buckets working when it left; any server can leave, exactly its keys move",
        "Mendelson 等人的 AnchorHash：固定大小的锚点桶集合，其中工作的桶接收键；落在已移除桶上的键重新哈希到该桶移除时仍在工作的桶中；任何服务器都可离开，只有它的键会移动";
    NameEnvoyLeastRequest => "Envoy least request", "Envoy 最少请求";
    SummaryEnvoyLeastRequest => "Envoy's LEAST_REQUEST: the least busy of d random servers with equal weights, else earliest deadline first over weight / (active + 1)^bias",
        "Envoy 的 LEAST_REQUEST：权重相同时取 d 台随机服务器中最空闲的，否则按 权重 / (活动 + 1)^bias 做最早截止时间优先";
    PickCostAnchor => "O(1) expected: about ln(a / w) + 1 rehashes with w of the anchor's a buckets working",
        "期望 O(1)：锚点的 a 个桶中有 w 个工作时约 ln(a / w) + 1 次重新哈希";
    NoteAnchorBucket => "{hash} mod a = {anchor}: start at bucket {bucket}", "{hash} 对 a = {anchor} 取模：从桶 {bucket} 开始";
    NameMultiProbeHash => "Multi-probe consistent hash", "多探针一致性哈希";
    SummaryMultiProbeHash => "Appleton and O'Reilly's multi-probe consistent hashing: one point per server (per unit of weight), the key hashed k times, the probe nearest to a point (clockwise) wins; the owner depends on the server set only",
        "Appleton 与 O'Reilly 的多探针一致性哈希：每台服务器一个点（按权重每单位一个），键哈希 k 次，顺时针距离某个点最近的探针胜出；归属只取决于服务器集合";
    PickCostMultiProbe => "O(k): k probes, each O(1) expected through an index over the points",
        "O(k)：k 个探针，借助点的索引每个期望 O(1)";
    StepMultiProbe => "Probe {probe} at {hash}: the first point clockwise is point {index} at {point} ({server}), {distance} of the circle away",
        "探针 {probe} 位于 {hash}：顺时针方向的第一个点是点 {index}，位于 {point}（{server}），距离为圆周的 {distance}";
    StepMultiProbeNearest => "Probe {probe} at {hash}: the first point clockwise is point {index} at {point} ({server}), {distance} of the circle away: the nearest so far",
        "探针 {probe} 位于 {hash}：顺时针方向的第一个点是点 {index}，位于 {point}（{server}），距离为圆周的 {distance}：目前最近";
    NoRingMultiProbe => "Multi-probe consistent hash keeps one point per unit of weight and hashes each key k times; its probes are in the explanation, step by step",
        "多探针一致性哈希每单位权重只有一个点，每个键哈希 k 次；各探针逐步列在“解释”中";
    NameJoinIdleQueue => "Join-Idle-Queue", "加入空闲队列（JIQ）";
    SummaryJoinIdleQueue => "Lu et al.'s Join-Idle-Queue: idle servers report to a balancer's idle queue; a request goes to the head of the queue, or to a random server when it is empty",
        "Lu 等人的加入空闲队列（JIQ）：空闲的服务器向某个均衡器的空闲队列报到；请求发往队首的服务器，队列为空时随机选一台";
    PickCostJiq => "O(1) amortized", "均摊 O(1)";
    NoteIdleQueueHead => "{server} is at the head of the idle queue (it reported idle); {waiting} more idle servers wait behind it",
        "{server} 位于空闲队列队首（它报告了空闲）；其后还有 {waiting} 台空闲服务器在等待";
    NoteIdleQueueDropped => "{server} was at the head of the idle queue but is {reason} now: its entry is dropped",
        "{server} 曾位于空闲队列队首，但现在{reason}：删除它的条目";
    NoteIdleQueueEmpty => "the idle queue is empty (no server reported idle): a random server, in proportion to weight",
        "空闲队列为空（没有服务器报告空闲）：按权重比例随机选一台服务器";
    NamePrequal => "Prequal", "Prequal（探测降排队）";
    SummaryPrequal => "Google's Prequal (Wydrowski et al.): asynchronous probes fill a small pool with servers' requests in flight and latency; the cold probe with the lowest latency wins, else the lowest requests in flight",
        "Google 的 Prequal（Wydrowski 等）：异步探测把各服务器的在途请求数与延迟填入一个小探测池；延迟最低的冷探测胜出，否则取在途请求最少的";
    PickCostPrequal => "O(p + w): a scan of the probe pool (p = 16) and the quantile of the last w = 64 answers, plus r probes drawn",
        "O(p + w)：扫描探测池（p = 16），并对最近 w = 64 个应答求分位数，另抽取 r 个探测";
    NoteProbesSent => "{count} probes sent (their answers fill the pool)", "发出 {count} 个探测（应答填入探测池）";
    NoteProbePoolEmpty => "the probe pool is empty: a random server, in proportion to weight", "探测池为空：按权重比例随机选一台服务器";
    NoteProbePool => "{probes} probes in the pool; hot above {threshold} requests in flight (the {quantile} quantile of recent answers)",
        "探测池中有 {probes} 个探测；在途请求数高于 {threshold}（最近应答的 {quantile} 分位数）即为热";
    StepProbeCold => "cold probe: {server}, {rif} in flight, {latency} ms, {age} ms old, used {uses} times",
        "冷探测：{server}，在途 {rif} 个，{latency} 毫秒，已过 {age} 毫秒，已用 {uses} 次";
    StepProbeHot => "hot probe: {server}, {rif} in flight, {latency} ms, {age} ms old, used {uses} times",
        "热探测：{server}，在途 {rif} 个，{latency} 毫秒，已过 {age} 毫秒，已用 {uses} 次";
    NoteColdProbeWins => "the cold probe with the lowest latency wins: {server} (probe used {uses} of {reuse} times)",
        "延迟最低的冷探测胜出：{server}（该探测已用 {uses}/{reuse} 次）";
    NoteAllProbesHot => "every probe is hot: the lowest requests in flight wins: {server} (probe used {uses} of {reuse} times)",
        "所有探测都是热的：在途请求最少者胜出：{server}（该探测已用 {uses}/{reuse} 次）";
    NoRingBuckets => "{strategy} has no ring: the key's hash picks a bucket number, and a key on a removed bucket is rehashed (each step is in the explanation)",
        "{strategy} 没有哈希环：键的哈希值选出一个桶编号，落在已移除桶上的键会重新哈希（每一步见“解释”）";
    NoteMementoFollow => "bucket {bucket} was removed later: its replacer, bucket {to}, stands in",
        "桶 {bucket} 是之后才移除的：由它的替代桶 {to} 顶替";
    RingPointWord => "point", "个点";
    RingOwnerPoint => "{server}: {count} point, {percent}% of the circle", "{server}：{count} 个点，占圆周的 {percent}%";
    FlowLegendDrawn => "{label}: {count} drawn", "{label}：绘制了 {count} 个";
    ServerDetailsCaption => ": each server, as the tutorial's statistics list it", "：教程统计信息中列出的每台服务器";
}

impl Text {
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
            K::RendezvousSkeleton => Text::NameRendezvousSkeleton,
            K::JumpHash => Text::NameJumpHash,
            K::PowerOfDChoices => Text::NamePowerOfDChoices,
            K::MementoHash => Text::NameMementoHash,
            K::JumpBackHash => Text::NameJumpBackHash,
            K::AnchorHash => Text::NameAnchorHash,
            K::MultiProbeHash => Text::NameMultiProbeHash,
            K::JoinIdleQueue => Text::NameJoinIdleQueue,
            K::Prequal => Text::NamePrequal,
            K::EnvoyLeastRequest => Text::NameEnvoyLeastRequest,
        }
    }

    /// What a hashing strategy's owners depend on, as a sentence.
    pub fn key_mapping(mapping: KeyMapping) -> Text {
        match mapping {
            KeyMapping::Set => Text::MappingSet,
            KeyMapping::SetAndLoad => Text::MappingSetAndLoad,
            KeyMapping::Order => Text::MappingOrder,
            KeyMapping::OrderAndHistory => Text::MappingOrderAndHistory,
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
            K::RendezvousSkeleton => Text::SummaryRendezvousSkeleton,
            K::JumpHash => Text::SummaryJumpHash,
            K::PowerOfDChoices => Text::SummaryPowerOfDChoices,
            K::MementoHash => Text::SummaryMementoHash,
            K::JumpBackHash => Text::SummaryJumpBackHash,
            K::AnchorHash => Text::SummaryAnchorHash,
            K::MultiProbeHash => Text::SummaryMultiProbeHash,
            K::JoinIdleQueue => Text::SummaryJoinIdleQueue,
            K::Prequal => Text::SummaryPrequal,
            K::EnvoyLeastRequest => Text::SummaryEnvoyLeastRequest,
        }
    }

    /// A preset's title, by preset name, for the Preset select.
    pub fn preset_title(preset: &str) -> Option<Text> {
        Some(match preset {
            "tutorial-demo" => Text::PresetTitleSeedDemo,
            "slow-server" => Text::PresetTitleSlowServer,
            "server-crash" => Text::PresetTitleServerCrash,
            "crash-mid-request" => Text::PresetTitleCrashMidRequest,
            "hot-key" => Text::PresetTitleHotKey,
            "heterogeneous" => Text::PresetTitleHeterogeneous,
            "flapping" => Text::PresetTitleFlapping,
            "scale-out" => Text::PresetTitleScaleOut,
            "herding" => Text::PresetTitleHerding,
            "heavy-tail" => Text::PresetTitleHeavyTail,
            "fast-but-small" => Text::PresetTitleFastButSmall,
            "idle-servers" => Text::PresetTitleIdleServers,
            "mixed-speeds" => Text::PresetTitleMixedSpeeds,
            "key-spread" => Text::PresetTitleKeySpread,
            _ => return None,
        })
    }

    /// A preset's one-line summary, by preset name.
    pub fn preset_summary(preset: &str) -> Option<Text> {
        Some(match preset {
            "tutorial-demo" => Text::PresetSeedDemo,
            "slow-server" => Text::PresetSlowServer,
            "server-crash" => Text::PresetServerCrash,
            "crash-mid-request" => Text::PresetCrashMidRequest,
            "hot-key" => Text::PresetHotKey,
            "heterogeneous" => Text::PresetHeterogeneous,
            "flapping" => Text::PresetFlapping,
            "scale-out" => Text::PresetScaleOut,
            "herding" => Text::PresetHerding,
            "heavy-tail" => Text::PresetHeavyTail,
            "fast-but-small" => Text::PresetFastButSmall,
            "idle-servers" => Text::PresetIdleServers,
            "mixed-speeds" => Text::PresetMixedSpeeds,
            "key-spread" => Text::PresetKeySpread,
            _ => return None,
        })
    }

    /// A preset run's description, by the run's scenario name ("flapping/rise=2,fall=3").
    pub fn run_description(run: &str) -> Option<Text> {
        Some(match run {
            "tutorial-demo" => Text::RunSeedDemo,
            "tutorial-demo/health-check" => Text::RunSeedDemoHealthCheck,
            "slow-server" => Text::RunSlowServer,
            "server-crash" => Text::RunServerCrash,
            "crash-mid-request" => Text::RunCrashMidRequest,
            "hot-key" => Text::RunHotKey,
            "heterogeneous" => Text::RunHeterogeneous,
            "flapping/rise=fall=1" => Text::RunFlappingSeedLike,
            "flapping/rise=2,fall=3" => Text::RunFlappingDamped,
            "scale-out" => Text::RunScaleOut,
            "herding" => Text::RunHerding,
            "heavy-tail" => Text::RunHeavyTail,
            "fast-but-small" => Text::RunFastButSmall,
            "idle-servers" => Text::RunIdleServers,
            "mixed-speeds" => Text::RunMixedSpeeds,
            "key-spread" => Text::RunKeySpread,
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
            O::Dropped => Text::OutcomeDropped,
        }
    }
}

/// A table of strings and its catalog files, one per language (`www/<FOLDER><code>.txt`, served
/// as `<FOLDER><code>.txt` beside the page): the page's [`Text`] in `lang/`, the later module's
/// [`LaterText`] in `lang/later/`. The files are the tables' columns, written by
/// `Table::catalog` (natively; a test keeps them equal: rewrite them with
/// `FULCRUM_BLESS=1 cargo test --lib catalog_files`). The site's wasm carries no string of either
/// table: it fetches the language it shows, so a reader downloads one language, not two, and
/// the page's first load fetches only the page's table (the later module fetches its own when
/// it first mounts a part).
///
/// A file is a header line (`<HEADER> <lang> <fingerprint>`) and then one string per line in
/// table order; the fingerprint is of the variants' names, so a file from another build of the
/// site is refused rather than shown with its strings shifted, and the header's word keeps one
/// table's file from being read as the other's.
pub trait Table: Copy + Sized + 'static {
    /// Every string, in table order.
    const ALL: &'static [Self];
    /// The catalog files' folder, relative to `www/` and to the page (ends in `/`).
    const FOLDER: &'static str;
    /// The catalog files' first word.
    const HEADER: &'static str;
    /// FNV-1a of the variants' names, in table order: a catalog file carries it, and one from
    /// another build is refused.
    const FINGERPRINT: u32;

    /// The string in `lang`, from the table itself.
    #[cfg(not(target_arch = "wasm32"))]
    fn literal(self, lang: Lang) -> &'static str;

    /// The installed catalogs, by language (one static per table).
    #[cfg(target_arch = "wasm32")]
    fn columns() -> &'static Columns;

    /// The address of `lang`'s catalog file, relative to the page (`lang/zh.txt`).
    fn catalog_path(lang: Lang) -> String {
        format!("{}{}.txt", Self::FOLDER, lang.code())
    }

    /// The catalog file of `lang`: the table's column for it.
    #[cfg(not(target_arch = "wasm32"))]
    fn catalog(lang: Lang) -> String {
        let mut out = Self::header(lang);
        out.push('\n');
        for text in Self::ALL {
            // One line per string: a line break is written `\n`, a backslash `\\`.
            out.push_str(
                &text
                    .literal(lang)
                    .replace('\\', "\\\\")
                    .replace('\n', "\\n"),
            );
            out.push('\n');
        }
        out
    }

    /// A catalog file's first line.
    fn header(lang: Lang) -> String {
        format!("{} {} {:08x}", Self::HEADER, lang.code(), Self::FINGERPRINT)
    }

    /// The strings of a catalog file for `lang`, in table order, or why it cannot be used.
    fn parse_catalog(lang: Lang, file: &str) -> Result<Vec<Cow<'_, str>>, &'static str> {
        let mut lines = file.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        if lines.next() != Some(&Self::header(lang)) {
            return Err("it is another language's, or another version's: reload the page");
        }
        let strings: Vec<Cow<str>> = lines.take(Self::ALL.len()).map(unescape).collect();
        if strings.len() < Self::ALL.len() {
            return Err("it is cut short");
        }
        Ok(strings)
    }

    /// Take `file` as `lang`'s catalog (kept for the page's lifetime).
    #[cfg(target_arch = "wasm32")]
    fn install(lang: Lang, file: String) -> Result<(), &'static str> {
        let file: &'static str = Box::leak(file.into_boxed_str());
        let strings = Self::parse_catalog(lang, file)?
            .into_iter()
            .map(|s| match s {
                Cow::Borrowed(s) => s,
                Cow::Owned(s) => &*Box::leak(s.into_boxed_str()),
            })
            .collect();
        let _ = Self::columns()[lang as usize].set(strings);
        Ok(())
    }

    /// Whether `lang`'s catalog is installed.
    #[cfg(target_arch = "wasm32")]
    fn installed(lang: Lang) -> bool {
        Self::columns()[lang as usize].get().is_some()
    }
}

/// A table's installed catalogs, by language: its strings, in table order.
#[cfg(target_arch = "wasm32")]
pub type Columns = [std::sync::OnceLock<Vec<&'static str>>; 2];

/// FNV-1a, 32 bits: small enough to run at compile time.
const fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash = 0x811c_9dc5_u32;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash
}

/// A catalog line's string: `\n` is a line break, `\\` a backslash.
fn unescape(line: &str) -> Cow<'_, str> {
    if !line.contains('\\') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::scenario::{PRESETS, preset};
    use std::collections::BTreeSet;

    /// What the tests need of a table, beside [`Table`].
    pub(super) trait Tested: Table + std::fmt::Debug + Ord {}
    impl Tested for Text {}
    impl Tested for LaterText {}

    /// Run `check` on both tables.
    macro_rules! both_tables {
        ($check:ident) => {
            $check::<Text>();
            $check::<LaterText>();
        };
    }

    #[test]
    fn no_string_is_missing_or_empty_in_either_language() {
        fn check<T: Tested>() {
            for &text in T::ALL {
                for lang in Lang::ALL {
                    let s = text.literal(lang);
                    assert!(!s.trim().is_empty(), "{text:?} is empty in {lang:?}");
                    assert_eq!(s, s.trim(), "{text:?} has stray spaces in {lang:?}");
                }
            }
            // The macro lists every variant once.
            let unique: BTreeSet<T> = T::ALL.iter().copied().collect();
            assert_eq!(unique.len(), T::ALL.len());
            assert!(T::ALL.len() > 200, "{}", T::ALL.len());
        }
        both_tables!(check);
        // No name is in both tables (a later string the page also shows is the page's).
        let page: BTreeSet<String> = Text::ALL.iter().map(|t| format!("{t:?}")).collect();
        let both: Vec<&LaterText> = LaterText::ALL
            .iter()
            .filter(|t| page.contains(&format!("{t:?}")))
            .collect();
        assert!(both.is_empty(), "in both tables: {both:?}");
    }

    #[test]
    fn every_placeholder_appears_in_both_languages() {
        fn check<T: Tested>() {
            for &text in T::ALL {
                let mut en = placeholders(text.literal(Lang::En));
                let mut zh = placeholders(text.literal(Lang::Zh));
                en.sort_unstable();
                zh.sort_unstable();
                assert_eq!(en, zh, "{text:?}");
                // Braces come in pairs: an unclosed `{` would be shown raw.
                for lang in Lang::ALL {
                    let s = text.literal(lang);
                    assert_eq!(
                        s.matches('{').count(),
                        s.matches('}').count(),
                        "{text:?} {lang:?}"
                    );
                }
            }
        }
        both_tables!(check);
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
                Text::LanguageEnglish,
                Text::LanguageChinese,
                Text::UnitPercent,
                Text::UnitTimes,
                Text::UnitPlain,
                Text::NoValue,
            ]
        );
        let same: Vec<LaterText> = LaterText::ALL
            .iter()
            .copied()
            .filter(|t| t.get(Lang::En) == t.get(Lang::Zh))
            .collect();
        assert_eq!(same, []);
        let zh = |t: Text| t.get(Lang::Zh);
        assert_eq!(zh(Text::NameRoundRobin), "轮询");
        assert_eq!(zh(Text::NameWeightedRoundRobin), "加权轮询");
        assert_eq!(zh(Text::NameLeastConnections), "最少连接");
        assert_eq!(zh(Text::NameConsistentHash), "一致性哈希");
        assert_eq!(zh(Text::VirtualNodes), "虚拟节点");
        assert!(zh(Text::HealthCheckInterval).contains("健康检查"));
        assert!(zh(Text::MastheadTagline).contains("负载均衡"));
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
            assert!(Text::preset_title(name).is_some(), "no title for {name}");
            for run in &p.runs {
                let text = Text::run_description(&run.name)
                    .unwrap_or_else(|| panic!("no description for run {}", run.name));
                assert_eq!(text.get(Lang::En), run.description, "{}", run.name);
            }
        }
        assert_eq!(Text::preset_summary("nope"), None);
        let titles: BTreeSet<Text> = PRESETS
            .iter()
            .filter_map(|p| Text::preset_title(p))
            .collect();
        assert_eq!(
            titles.len(),
            PRESETS.len(),
            "every preset has its own title"
        );
    }

    #[test]
    fn catalog_files_are_the_tables_columns() {
        fn check<T: Tested>() {
            for lang in Lang::ALL {
                let path = format!(
                    "{}/www/{}",
                    env!("CARGO_MANIFEST_DIR"),
                    T::catalog_path(lang)
                );
                let want = T::catalog(lang);
                if std::env::var_os("FULCRUM_BLESS").is_some_and(|v| v == "1") {
                    std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
                    std::fs::write(&path, &want).unwrap();
                }
                let got = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    got == want,
                    "{path} is not the table's column: rewrite it with FULCRUM_BLESS=1 cargo test --lib catalog_files"
                );
                // Read back, every string is the table's.
                let strings = T::parse_catalog(lang, &got).unwrap();
                for (text, s) in T::ALL.iter().zip(&strings) {
                    assert_eq!(text.literal(lang), *s, "{text:?}");
                }
                // No string holds a carriage return, which a CRLF host would eat.
                assert!(T::ALL.iter().all(|t| !t.literal(lang).contains('\r')));
            }
        }
        both_tables!(check);
        // The page's files are in `lang/`, where the page fetches them (the size test reads
        // them there); the later module's in a folder of their own beside them.
        assert_eq!(Text::catalog_path(Lang::Zh), "lang/zh.txt");
        assert_eq!(LaterText::catalog_path(Lang::Zh), "lang/later/zh.txt");
    }

    #[test]
    fn a_catalog_of_another_language_or_version_or_cut_short_is_refused() {
        fn check<T: Tested>() {
            let en = T::catalog(Lang::En);
            assert!(T::parse_catalog(Lang::Zh, &en).is_err());
            assert!(T::parse_catalog(Lang::En, &en.replacen(" en ", " en 0 x ", 1)).is_err());
            let other = en.replacen(&format!("{:08x}", T::FINGERPRINT), "00000000", 1);
            assert!(T::parse_catalog(Lang::En, &other).is_err());
            let cut = &en[..en.len() / 2];
            assert!(T::parse_catalog(Lang::En, cut).is_err());
            assert!(T::parse_catalog(Lang::En, "").is_err());
            assert!(T::parse_catalog(Lang::En, "<html>").is_err());
            // A host that rewrites line ends to CRLF changes nothing.
            let crlf = en.replace('\n', "\r\n");
            assert_eq!(
                T::parse_catalog(Lang::En, &crlf),
                T::parse_catalog(Lang::En, &en)
            );
            assert_eq!(
                T::parse_catalog(Lang::En, &en).unwrap()[0],
                T::ALL[0].literal(Lang::En)
            );
        }
        both_tables!(check);
        // One table's file is never read as the other's, even were the fingerprints equal.
        for lang in Lang::ALL {
            assert!(Text::parse_catalog(lang, &LaterText::catalog(lang)).is_err());
            assert!(LaterText::parse_catalog(lang, &Text::catalog(lang)).is_err());
            let page = Text::catalog(lang).replacen(
                &format!("{:08x}", Text::FINGERPRINT),
                &format!("{:08x}", LaterText::FINGERPRINT),
                1,
            );
            assert!(LaterText::parse_catalog(lang, &page).is_err());
        }
        assert_ne!(Text::FINGERPRINT, LaterText::FINGERPRINT);
        // Line breaks and backslashes survive the one-line-per-string format.
        assert_eq!(unescape(r"a\nb\\n\\\\c"), "a\nb\\n\\\\c");
        assert_eq!(unescape("plain"), Cow::Borrowed("plain"));
        assert_eq!(unescape(r"ends\"), r"ends\");
    }

    /// The crate's sources under `src/`, each as its path from the crate's root (`src/ui/app.rs`)
    /// and its code: without comment lines (a doc may name anything) and without its
    /// `#[cfg(test)] mod tests` (a test may name anything).
    pub(super) fn sources() -> Vec<(String, String)> {
        fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let text = without_tests(&text);
                    let code: String = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .flat_map(|l| [l, "\n"])
                        .collect();
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    out.push((name.replace('\\', "/"), code));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        walk(root, &root.join("src"), &mut out);
        out.sort();
        out
    }

    /// A source file's text up to its `#[cfg(test)]` tests module.
    pub(super) fn without_tests(text: &str) -> &str {
        let tests = [
            "\n#[cfg(test)]\nmod tests",
            "\n#[cfg(test)]\npub(crate) mod tests",
        ];
        let at = tests.iter().filter_map(|t| text.find(t)).min();
        &text[..at.unwrap_or(text.len())]
    }

    /// Whether `code` names `path` (`Text::Ready`) as a whole path, not part of a longer one.
    pub(super) fn names(code: &str, path: &str) -> bool {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        code.match_indices(path).any(|(at, _)| {
            !code[..at].ends_with(word) && !code[at + path.len()..].starts_with(word)
        })
    }

    /// A reader downloads the whole catalog of the language shown, so a string that nothing
    /// shows is dead weight: every variant of either table is named in the source as
    /// `Text::Name` or `LaterText::Name` (outside the tests).
    #[test]
    fn every_string_is_shown_somewhere() {
        let code: String = sources().into_iter().map(|(_, code)| code).collect();
        let unused: Vec<String> = Text::ALL
            .iter()
            .map(|t| format!("Text::{t:?}"))
            .chain(LaterText::ALL.iter().map(|t| format!("LaterText::{t:?}")))
            .filter(|path| !names(&code, path))
            .collect();
        assert!(unused.is_empty(), "shown nowhere: {unused:?}");
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
            Text::WeightValue.fill(Lang::Zh, &["weight"], &[&"3"]),
            "权重 3"
        );
        assert_eq!(
            fill("{a} and {b} but {c}", &["a", "b"], &[&"1", &"{c}"]),
            "1 and {c} but {c}"
        );
        assert_eq!(fill("open { brace", &[], &[]), "open { brace");
        assert_eq!(fill("", &["a"], &[&"1"]), "");
        assert_eq!(placeholders("x {a} {b} {"), ["a", "b"]);
        // Values are text, inserted verbatim, never interpreted.
        assert_eq!(
            Text::NoteMalformed.fill(Lang::En, &["param", "value"], &[&"rate", &"<script>"]),
            "rate: could not read “<script>”, ignored"
        );
    }

    #[test]
    fn pseudocode_has_the_same_lines_in_both_languages() {
        // The lookup debugger highlights a line by its number in either language.
        for text in [
            LaterText::PseudoRing,
            LaterText::PseudoNginxRing,
            LaterText::PseudoBoundedLoad,
            LaterText::PseudoMaglev,
            LaterText::PseudoRendezvous,
            LaterText::PseudoJump,
            LaterText::PseudoModulo,
            LaterText::PseudoNginxIpHash,
            LaterText::PseudoRendezvousSkeleton,
        ] {
            let lines = |lang| text.get(lang).lines().count();
            assert_eq!(lines(Lang::En), lines(Lang::Zh), "{text:?}");
            assert!(text.get(Lang::Zh).contains("{key}"), "{text:?}");
        }
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
