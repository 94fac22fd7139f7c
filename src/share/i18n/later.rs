//! The later module's own strings: those only the later module's code shows (the hash lookup
//! debugger, the churn view and the sample keys, the import panel and the import worker's
//! answers, the load sweep), in a table of their own, [`LaterText`], with its own catalog files
//! (`www/lang/later/<code>.txt`, served as `lang/later/<code>.txt`). The page's first load
//! fetches only the page's catalog (`lang/<code>.txt`, [`Text`]), so these strings
//! cost it nothing; the later module fetches both before it mounts a part, and again for the
//! other language when the page switches; the import worker fetches both for its answers.
//!
//! A string shown by both the page and the later module stays in the page's table. Which code
//! is the later module's is [`LATER_CODE`], the one list of it: a test fails if code outside it
//! names [`LaterText`] (on the page, such a string would be blank, its catalog not fetched), and
//! another if a page string is named only inside it (the page would download it for nothing).

use super::{Lang, Text};

/// The code only the later module (`src/later.rs`) and the import worker it starts run: files,
/// and folders ending in `/`, from the crate's root. Everything else under `src/` is the page's
/// (its first load), and so are the files in [`PAGE_CODE_WITHIN`]; in particular `src/ui/later/`
/// is the page's: its stand-ins hold the parts' places and say "Loading…" on the page.
pub const LATER_CODE: &[&str] = &[
    // The later module and the worker: their roots.
    "src/later.rs",
    "src/import_worker.rs",
    // The lookup debugger, the churn view and the sample keys, and their model.
    "src/ui/lookup/",
    "src/playground/lookup/",
    "src/share/steps/long.rs",
    // The import panel, its model and the worker's answers.
    "src/ui/views/import/",
    "src/playground/import/",
    "src/share/config_notes.rs",
    // The load sweep and its model.
    "src/ui/views/sweep/",
    "src/playground/sweep.rs",
];

/// Files inside [`LATER_CODE`]'s folders that the page's own code runs: the debugger's remote,
/// which the page's embed API and presentation step.
pub const PAGE_CODE_WITHIN: &[&str] = &["src/ui/lookup/remote.rs"];

/// Code under `src/` that is in no wasm module: the native command line, which reads both
/// tables from the binary.
pub const NATIVE_CODE: &[&str] = &["src/bin/"];

/// Whether the source file at `path` (from the crate's root, `src/ui/app.rs`) is part of the
/// page's first load: under `src/`, and neither the later module's ([`LATER_CODE`], less
/// [`PAGE_CODE_WITHIN`]) nor native only ([`NATIVE_CODE`]). An entry ending in `/` is a folder
/// and holds what is below it; any other entry is one file (so `src/ui/lookup/` does not hold
/// `src/ui/lookup.rs`, and `src/later.rs` does not hold `src/ui/later/`).
pub fn on_first_load(path: &str) -> bool {
    let within = |entry: &&str| match entry.strip_suffix('/') {
        Some(folder) => path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/')),
        None => path == *entry,
    };
    path.starts_with("src/")
        && (PAGE_CODE_WITHIN.iter().any(within)
            || !(LATER_CODE.iter().any(within) || NATIVE_CODE.iter().any(within)))
}

/// What the page's code names inside [`LATER_CODE`] (as `module::item`, from the crate's root):
/// the types that cross between the page and the later module (a start's properties, an import
/// read, the remote) and a pure helper. None of them words a string; a test fails if the page
/// names anything else in there, so that a page's call into later code, which might show a
/// later string the page has not fetched, is a choice made here.
pub const PAGE_REACHES: &[&str] = &[
    "ui::lookup::LookupRemote",
    "ui::lookup::Remote",
    "ui::lookup::LookupProps",
    "ui::views::sweep::SweepProps",
    "playground::import::wire::Imported",
    "playground::lookup::settings::pool_spec",
    "playground::lookup::settings::LookupAction",
    "playground::lookup::settings::LookupSettings",
];

/// A string of either table, for a value that names one of each kind (a clamped setting's
/// label: the page's "Virtual nodes", the debugger's "Requests in flight").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnyText {
    /// One of the page's strings.
    Page(Text),
    /// One of the later module's.
    Later(LaterText),
}

impl AnyText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            AnyText::Page(text) => text.get(lang),
            AnyText::Later(text) => text.get(lang),
        }
    }
}

impl From<Text> for AnyText {
    fn from(text: Text) -> Self {
        AnyText::Page(text)
    }
}

impl From<LaterText> for AnyText {
    fn from(text: LaterText) -> Self {
        AnyText::Later(text)
    }
}

texts! {
    /// Every string that only the later module (and the import worker) shows. The variant names
    /// what the string says.
    LaterText in "lang/later/" as "fulcrum-later";
    UnitPointsPerWeight => "{value} points per unit of weight", "每单位权重 {value} 个点";
    StatusEjected => "ejected", "已被剔除";

    // The lookup debugger (issue 5).
    Key => "Key", "键";
    PreviousStep => "Previous step", "上一步";
    StepOf => "Step {step} of {steps}", "第 {step} 步，共 {steps} 步";
    Pseudocode => "Pseudocode", "伪代码";
    Owner => "Owner", "归属服务器";
    SampleKeys => "Sample keys", "示例键";
    HotKeys => "Hot keys", "热点键";
    LookupHint => "Step through one key's lookup as the engine explains it. With this panel focused, → and ← step, Home and End jump.",
        "按引擎的解释逐步查看一个键的查找过程。焦点在此面板上时，→ 和 ← 单步前进或后退，Home 和 End 跳到第一步或最后一步。";
    LookupBoundedHint => "c = {c}: before this key, {earlier} requests for the same key were sent and are still in flight, so its server may be at capacity ⌈c · (m + 1) · w / W⌉.",
        "c = {c}：在此键之前，已有 {earlier} 个相同键的请求发出且仍在途，因此它的服务器可能已达容量 ⌈c · (m + 1) · w / W⌉。";
    LookupServers => "Servers", "服务器";
    LookupSampleKey => "Sample key", "示例键";
    LookupPickSampleKey => "Pick a sample key…", "选择一个示例键…";
    LookupRequestsInFlight => "Requests in flight", "在途请求数";
    LookupTableSize => "Table size M", "表大小 M";
    LookupOwnerLabel => "Owner:", "归属服务器：";
    LookupNone => "No lookup: {error}", "无法查找：{error}";
    LookupStepPast => "Step {asked} from the link is past this lookup's last step ({last}): showing the last",
        "链接中的第 {asked} 步超出了本次查找的最后一步（{last}）：显示最后一步";
    StepHashSeeded => "XXH3-64 (seeded)(\"{input} (seed {seed})\") = {hex} ({value}).", "XXH3-64（种子 {seed}）(\"{input}\") = {hex}（{value}）。";
    // The ring beside the steps.
    RingCaptionPoints => "The ring: {points} points", "哈希环：{points} 个点";
    RingCaptionSampled => "The ring: {points} points (one in {every} drawn)", "哈希环：{points} 个点（每 {every} 个画出 1 个）";
    RingCaptionNoHash => "{ring}; the key's hash not yet computed.", "{ring}；键的哈希值尚未计算。";
    RingCaptionHash => "{ring}; the key's hash at {angle}°.", "{ring}；键的哈希值位于 {angle}°。";
    RingCaptionReached => "{ring}; the key's hash at {angle}°, point reached at {point}° owned by {owner}.",
        "{ring}；键的哈希值位于 {angle}°，到达的点位于 {point}°，归属 {owner}。";
    SearchRange => "Search range: sorted points {lo} to {hi} of the ring", "搜索范围：环上排序后的第 {lo} 到第 {hi} 个点";
    LegendEntryStatus => "= {server} ({status})", "= {server}（{status}）";
    // Maglev's table beside the steps.
    MaglevTurn => "Turn {turn} of {turns}: {server} takes slot {slot} (preference {preference}).",
        "第 {turn} 轮，共 {turns} 轮：{server} 占据槽位 {slot}（偏好序号 {preference}）。";
    MaglevTurnSkipped => "Turn {turn} of {turns}: {server} takes slot {slot} (preference {preference}, {skipped} taken slots passed).",
        "第 {turn} 轮，共 {turns} 轮：{server} 占据槽位 {slot}（偏好序号 {preference}，跳过 {skipped} 个已占用的槽位）。";
    MaglevTableEmpty => "The table is empty until it is filled.", "表在填充之前为空。";
    MaglevTableFull => "The table is full: {slots} slots.", "表已填满：共 {slots} 个槽位。";
    PlayFill => "Play fill", "播放填充";
    PauseFill => "Pause fill", "暂停填充";
    SkipFill => "Skip fill", "跳过填充";
    FillTurn => "Fill turn", "填充轮次";
    FillTurnOf => "{turn} of {turns} turns", "第 {turn} 轮，共 {turns} 轮";
    MaglevTableLabel => "Maglev lookup table, {filled} of {slots} slots filled", "Maglev 查找表，已填充 {filled} / {slots} 个槽位";
    SlotsOwned => "Slots owned:", "各服务器占有的槽位：";
    KeysSlot => "The key's slot: {slot}.", "该键的槽位：{slot}。";
    // The pseudocode, one string per strategy (a line per line; the same number of lines in
    // both languages, a test checks).
    PseudoRing => "build: each eligible server s owns w(s) · {points} points at XXH3-64(\"id#j\"), sorted\n{key}\nh ← XXH3-64(key)\nlo, hi ← index[top bits of h]        // a bucket of ~4 points\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo; if i = len(points): i ← 0   // wrap around\nwhile owner(points[i]) may not take requests: i ← i + 1\nreturn owner(points[i])",
        "构建：每台可用服务器 s 在 XXH3-64(\"id#j\") 处拥有 w(s) · {points} 个点，排序\n{key}\nh ← XXH3-64(key)\nlo, hi ← index[top bits of h]        // h 高位对应的桶，约 4 个点\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo; if i = len(points): i ← 0   // 绕回开头\nwhile owner(points[i]) 不能接收请求: i ← i + 1\nreturn owner(points[i])";
    PseudoNginxRing => "build: each server s owns 160 · w(s) points: CRC-32(host ‖ 0 ‖ port ‖ prev), sorted\n{key}\nh ← CRC-32(key)\nlo, hi ← index[top bits of h]        // a bucket of ~4 points\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo mod len(points)               // wrap around\nwhile owner(points[i]) is down and tries < 21: i ← i + 1\nreturn owner(points[i])\notherwise (empty key, one server, 21 tries): weighted round robin",
        "构建：每台服务器 s 拥有 160 · w(s) 个点：CRC-32(host ‖ 0 ‖ port ‖ prev)，排序\n{key}\nh ← CRC-32(key)\nlo, hi ← index[top bits of h]        // h 高位对应的桶，约 4 个点\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo mod len(points)               // 绕回开头\nwhile owner(points[i]) 宕机 and tries < 21: i ← i + 1\nreturn owner(points[i])\n否则（键为空、只有一台服务器或已试 21 次）：加权轮询";
    PseudoBoundedLoad => "build: the ring of consistent_hash ({points} points per weight); m ← requests in flight\n{key}\nh ← XXH3-64(key)\nlo, hi ← index[top bits of h]\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo (wrap to 0); s ← owner(points[i])\nif s may not take requests: i ← i + 1, next point\nif load(s) ≥ ⌈c · (m + 1) · w(s) / W⌉: i ← i + 1, next point\nreturn s",
        "构建：consistent_hash 的哈希环（每单位权重 {points} 个点）；m ← 在途请求数\n{key}\nh ← XXH3-64(key)\nlo, hi ← index[top bits of h]\nwhile lo < hi:\n    mid ← ⌊(lo + hi) / 2⌋; if points[mid] < h: lo ← mid + 1 else: hi ← mid\ni ← lo（绕回 0）; s ← owner(points[i])\nif s 不能接收请求: i ← i + 1，下一个点\nif load(s) ≥ ⌈c · (m + 1) · w(s) / W⌉: i ← i + 1，下一个点\nreturn s";
    PseudoMaglev => "for each server s: offset ← XXH3-64(id, 1) mod M; skip ← XXH3-64(id, 2) mod (M − 1) + 1\nfill: by turns (weighted), s takes the next empty slot of (offset + j · skip) mod M\n{key}\nh ← XXH3-64(key)\nslot ← h mod M\nreturn table[slot]",
        "对每台服务器 s：offset ← XXH3-64(id, 1) mod M; skip ← XXH3-64(id, 2) mod (M − 1) + 1\n填充：按轮次（加权），s 占据 (offset + j · skip) mod M 中下一个空槽位\n{key}\nh ← XXH3-64(key)\nslot ← h mod M\nreturn table[slot]";
    PseudoRendezvous => "{key}\nh ← XXH3-64(key)\nfor each eligible server s (in any order):\n    score(s) ← −w(s) / ln(u(mix64(h ⊕ XXH3-64(id))))\nreturn the server with the highest score (ties: the higher u, then the smaller id)",
        "{key}\nh ← XXH3-64(key)\n对每台可用服务器 s（顺序无关）：\n    score(s) ← −w(s) / ln(u(mix64(h ⊕ XXH3-64(id))))\nreturn 得分最高的服务器（平分时：u 较大者，再按 id 较小者）";
    PseudoJump => "B ← buckets (w buckets per server; a leaver's buckets stay as tombstones)\n{key}\nfor attempt a = 0, 1, …: h ← XXH3-64(key, seed a)\n    b ← −1; j ← 0\n    while j < B: b ← j; h ← h · 2862933555777941757 + 1; j ← ⌊(b + 1) · 2³¹ / ((h ≫ 33) + 1)⌋\n    if bucket b's server is up: return it\n    else: jump again with the next seed",
        "B ← 桶（每台服务器 w 个桶；离开的服务器的桶留作墓碑）\n{key}\n对第 a = 0, 1, … 次尝试：h ← XXH3-64(key, seed a)\n    b ← −1; j ← 0\n    while j < B: b ← j; h ← h · 2862933555777941757 + 1; j ← ⌊(b + 1) · 2³¹ / ((h ≫ 33) + 1)⌋\n    若桶 b 的服务器在线：返回它\n    否则：用下一个种子再跳一次";
    PseudoNginxIpHash => "{key}\nh ← 89; for each address byte b (IPv4: the first 3 octets; IPv6: all 16; else 3 zeros): h ← (h · 113 + b) mod 6271\nw ← h mod W                          // W = total weight of the configured servers, down ones included\ns ← the server whose run of weight, in configuration order, holds w\nif s is down: hash the bytes again into h (at most 20 more times)\nafter that, or with fewer than 2 servers: nginx's smooth weighted round robin\nreturn s",
        "{key}\nh ← 89；对地址的每个字节 b（IPv4：前 3 个字节；IPv6：全部 16 个；其他：3 个零）：h ← (h · 113 + b) mod 6271\nw ← h mod W                          // W = 所有已配置服务器的总权重，含已下线的\ns ← 按配置顺序，权重区间包含 w 的服务器\n若 s 已下线：把这些字节再哈希进 h（最多再 20 次）\n之后，或服务器少于 2 台时：nginx 的平滑加权轮询\nreturn s";
    PseudoRendezvousSkeleton => "{key}\nfor attempt a = 0, 1, …: h ← XXH3-64(key, seed a)\n    from the root, each node's child with the highest −w / ln(u(mix64(h ⊕ seed(child)))) goes on (up to 16 slots: every server scored flat)\n    the slot's server (slots are handed out in the order servers joined; a leaver's is a tombstone)\n    if it is up: return it; else the next attempt (after 64: the flat choice)\nreturn the server reached",
        "{key}\n对第 a = 0, 1, … 次尝试：h ← XXH3-64(key, seed a)\n    从根开始，每个节点中 −w / ln(u(mix64(h ⊕ seed(c)))) 最高的子节点 c 继续下行（不超过 16 个槽位时：所有服务器平铺打分）\n    该槽位的服务器（槽位按服务器加入的顺序分配；离开者的槽位成为墓碑）\n    若它在线：返回它；否则进行下一次尝试（64 次后：平铺选择）\nreturn 到达的服务器";
    PseudoModulo => "{key}\nh ← XXH3-64(key)\ni ← h mod n                          // n = eligible servers\nreturn eligible[i]",
        "{key}\nh ← XXH3-64(key)\ni ← h mod n                          // n = 可用服务器数\nreturn eligible[i]";
    // The lookup's steps.
    ServerNumber => "server #{index}", "服务器 #{index}";
    MaglevPermutations => "Each server's permutation of the M = {size} table slots: {servers}.",
        "每台服务器对 M = {size} 个表槽位的排列：{servers}。";
    MaglevPermutation => "{server} (weight {weight}): offset {offset}, skip {skip} → slots {slots}…",
        "{server}（权重 {weight}）：offset = {offset}，skip = {skip} → 槽位 {slots}…";
    MaglevFills => "The table fills by turns: at its turn a server takes the next slot of its permutation that is still empty, until all {size} slots are owned.",
        "表按轮次填充：轮到某台服务器时，它占据其排列中下一个仍为空的槽位，直到全部 {size} 个槽位都有归属。";
    JumpBuckets => "B = {count} buckets: {buckets}.", "B = {count} 个桶：{buckets}。";
    JumpTombstone => "{bucket} tombstone", "{bucket} 墓碑";
    JumpBucketDown => "{bucket} → {server} (down)", "{bucket} → {server}（宕机）";
    RingSetup => "The ring: {points} points on a circle of 2^{bits} hashes ({servers}).",
        "哈希环：{points} 个点，分布在 2^{bits} 个哈希值构成的圆上（{servers}）。";
    RingSetupBounded => "{ring} Bounded loads: c = {c}, m = {m} requests in flight before this one, W = {weight}.",
        "{ring}有界负载：c = {c}，在此之前有 m = {m} 个在途请求，W = {weight}。";
    LookupStepKey => "Key: the {source} \"{key}\".", "键：{source}“{key}”。";
    LookupStepHash => "{function}(\"{input}\") = {hex} ({value}).", "{function}(\"{input}\") = {hex}（{value}）。";
    StepHashOnRing => "{hash} On the ring: {angle}° (a fraction {fraction} of the circle).",
        "{hash}在环上：{angle}°（占整圆的 {fraction}）。";
    LookupStepRingRange => "The index over the hash's top bits narrows the search to points {lo}..{hi} of {of}.",
        "基于哈希高位的索引把搜索范围缩小到 {of} 个点中的第 {lo}..{hi} 个。";
    StepProbeRight => "Probe {probe} (lo {lo}, hi {hi}): points[{mid}] = {point} ({angle}°) < h: search right, lo ← {next}.",
        "第 {probe} 次探测（lo {lo}，hi {hi}）：points[{mid}] = {point}（{angle}°）< h：向右搜索，lo ← {next}。";
    StepProbeLeft => "Probe {probe} (lo {lo}, hi {hi}): points[{mid}] = {point} ({angle}°) ≥ h: a candidate, search left, hi ← {mid}.",
        "第 {probe} 次探测（lo {lo}，hi {hi}）：points[{mid}] = {point}（{angle}°）≥ h：是候选点，向左搜索，hi ← {mid}。";
    StepFirstPoint => "First point at or after h: #{index} at {point} ({angle}°{name}), owned by {owner}.",
        "位于 h 或其后的第一个点：#{index}，位于 {point}（{angle}°{name}），归属 {owner}。";
    StepNextPoint => "Next point clockwise: #{index} at {point} ({angle}°{name}), owned by {owner}.",
        "顺时针的下一个点：#{index}，位于 {point}（{angle}°{name}），归属 {owner}。";
    StepPointOfNginx => ", point {replica} of {server}", "，{server} 的第 {replica} 个点";
    StepPointName => ", \"{server}#{replica}\"", "，\"{server}#{replica}\"";
    StepWrapped => "{step} No point lies at or after h before the top of the circle: the walk wraps around to the lowest point.",
        "{step}在到达圆顶之前没有位于 h 或其后的点：沿环绕回最低的点。";
    LookupStepRingSkip => "{server} (point #{index}) is {reason}: it may not take requests, walk on clockwise.",
        "{server}（点 #{index}）的状态为“{reason}”：不能接收请求，继续顺时针前进。";
    LookupStepAtCapacity => "{server} holds {load} requests, at its capacity ⌈c · (m + 1) · w / W⌉ = ⌈{c} · {m} · {w} / {total}⌉ = {capacity}: walk on.",
        "{server} 承载 {load} 个请求，已达容量 ⌈c · (m + 1) · w / W⌉ = ⌈{c} · {m} · {w} / {total}⌉ = {capacity}：继续前进。";
    LookupStepMaglevSlot => "slot = h mod M = {hash} mod {size} = {slot}; table[{slot}] = {owner}: one lookup, O(1).",
        "slot = h mod M = {hash} mod {size} = {slot}；table[{slot}] = {owner}：一次查表，O(1)。";
    LookupStepScore => "{server} scores {score}.", "{server} 得分 {score}。";
    StepScoreHighest => "{server} scores {score} (highest so far).", "{server} 得分 {score}（目前最高）。";
    StepJumpEnds => "b = {from}, j = {to} ≥ B = {buckets}: the loop ends at bucket {from}.",
        "b = {from}，j = {to} ≥ B = {buckets}：循环在桶 {from} 结束。";
    StepJumpOn => "b = {from}, j = {to} < B = {buckets}: jump on to bucket {to}.",
        "b = {from}，j = {to} < B = {buckets}：继续跳到桶 {to}。";
    LookupStepModulo => "i = h mod n = {hash} mod {n} = {index}: eligible server #{index} is {server}.",
        "i = h mod n = {hash} mod {n} = {index}：第 #{index} 台可用服务器是 {server}。";
    StepHighestWins => "The highest score wins. Owner: {server}.", "得分最高者胜出。归属服务器：{server}。";
    StepOwner => "Owner: {server}.", "归属服务器：{server}。";
    StepNoOwner => "No owner: {error}.", "没有归属服务器：{error}。";
    // Why an input was refused or clamped.
    NoteServersEmpty => "Servers: give at least one host:port", "服务器：请至少给出一个 host:port";
    NoteServersTooMany => "Servers: at most {max} in this view, not {count}", "服务器：此视图最多 {max} 台，而不是 {count} 台";
    NoteServersWeight => "Servers: a total weight of at most {max} in this view", "服务器：此视图中总权重最多为 {max}";
    NoteServersDuplicate => "Servers: every host:port must be different", "服务器：每个 host:port 必须互不相同";
    NoteServersError => "Servers: {error}", "服务器：{error}";
    NoteKeyCut => "Key: cut to {max} characters", "键：已截断为 {max} 个字符";
    LookupNoteOutOfRange => "{what}: {given} is out of range, using {used}", "{what}：{given} 超出范围，改用 {used}";
    NoteTableSize => "Table size M: {size} is not offered", "表大小 M：没有 {size} 这一选项";
    NoteSamplesCut => "Sample keys: the first {max} are used", "示例键：只使用前 {max} 个";
    NoteNoServerLeft => "That change would leave no server to take requests", "这一变更会使没有服务器能接收请求";
    NoteTotalWeight => "A total weight of at most {max} in this view", "此视图中总权重最多为 {max}";
    NoteTooManyEdits => "At most {max} changes: reset the pool to go on", "最多 {max} 次变更：重置服务器池后才能继续";
    // Engine errors, in words.
    ErrorListEmpty => "the server list is empty", "服务器列表为空";
    ErrorMalformed => "server '{spec}' is not host:port, host:port=N, host:port*N or host:port weight=N",
        "服务器“{spec}”不是 host:port、host:port=N、host:port*N 或 host:port weight=N 格式";
    ErrorParameter => "server '{spec}': '{word}' is not weight=N (the only parameter a server takes here)",
        "服务器“{spec}”：“{word}”不是 weight=N（这里服务器只接受这一个参数）";
    ErrorBadPort => "server '{spec}': port '{port}' is not a number from 1 to 65535",
        "服务器“{spec}”：端口“{port}”不是 1 到 65535 之间的数字";
    ErrorBadWeight => "server '{spec}': weight '{weight}' is not a whole number from 0 to 1000000",
        "服务器“{spec}”：权重“{weight}”不是 0 到 1000000 之间的整数";
    ErrorDuplicate => "duplicate server id '{id}'", "服务器 id“{id}”重复";
    ErrorUnknownId => "no server with id '{id}'", "没有 id 为“{id}”的服务器";
    ErrorBadIndex => "server index {index} is out of range", "服务器索引 {index} 超出范围";
    ErrorNoAvailable => "No available servers", "没有可用的服务器";
    // The sample keys.
    SampleKeysTitle => "Sample keys and their owners", "示例键及其归属服务器";
    SampleKeysOnePerLine => "Sample keys (one per line)", "示例键（每行一个）";
    SampleKeysAsText => "Sample keys and owners as text", "示例键及其归属服务器（文本）";
    CopyHeader => "key\towner", "键\t归属服务器";
    CopyButton => "Copy", "复制";
    Copied => "Copied {rows} rows as tab-separated text.", "已将 {rows} 行复制为制表符分隔的文本。";
    CopyFallback => "The clipboard is not available here: the text below is selected, press Ctrl+C (⌘C on a Mac) to copy it.",
        "此处无法使用剪贴板：下方文本已选中，按 Ctrl+C（Mac 上为 ⌘C）复制。";
    LookUpKey => "Look up {key}", "查找 {key}";
    OwnersUnder => "Owners under {strategy}", "{strategy} 下的归属服务器";
    Debug => "Debug", "调试";
    NoOwner => "none", "无";
    // The churn view.
    ChurnMeasuring => "Measuring every strategy…", "正在测量每种策略……";
    ChurnServerOption => "{letter} {server} (weight {weight})", "{letter} {server}（权重 {weight}）";
    ChurnServerOptionStatus => "{letter} {server} (weight {weight}, {status})", "{letter} {server}（权重 {weight}，{status}）";
    RecoverServerButton => "Recover server", "恢复服务器";
    NewWeight => "New weight", "新权重";
    PoolLine => "Pool:", "服务器池：";
    PoolChip => "{server} (w {weight})", "{server}（w {weight}）";
    PoolChipStatus => "{server} (w {weight}, {status})", "{server}（w {weight}，{status}）";
    HotTitle => "Hot keys: consistent hashing balances keys, not requests", "热点键：一致性哈希均衡的是键，而不是请求";
    EditAdd => "add {server} (weight {weight})", "添加 {server}（权重 {weight}）";
    EditRemove => "remove {server}", "移除 {server}";
    EditWeight => "set the weight of {server} to {weight}", "将 {server} 的权重设为 {weight}";
    EditFail => "{server} fails", "{server} 故障";
    EditRecover => "{server} recovers", "{server} 恢复";
    NoChangeYet => "No change yet: add, remove, fail or re-weight a server to see which keys move.",
        "尚无变更：添加或移除服务器、使其故障或修改其权重，即可查看哪些键会移动。";
    CannotMeasure => "Cannot measure: {error}", "无法测量：{error}";
    AbsorbedKeys => "{letter} {server} {keys} keys", "{letter} {server} {keys} 个键";
    NoServer => "no server", "没有服务器";
    ChurnSummary => "Last change: {change}. Under {strategy}, {moved} of {keys} keys moved ({percent}); the ideal 1/n = {ideal}. {needless} moved between servers that both stayed. The moved keys went to: {absorbed}.",
        "最近一次变更：{change}。在 {strategy} 下，{keys} 个键中有 {moved} 个迁移（{percent}）；理想值 1/n = {ideal}。其中 {needless} 个在两台都保留下来的服务器之间迁移。迁移的键去往：{absorbed}。";
    ChurnSummaryWeighted => "Last change: {change}. Under {strategy}, {moved} of {keys} keys moved ({percent}); the least that must move is this change's share of the weight, {share} (1/n = {ideal} is that least only when the weights are equal). {needless} moved between servers that both stayed. The moved keys went to: {absorbed}.",
        "最近一次变更：{change}。在 {strategy} 下，{keys} 个键中有 {moved} 个迁移（{percent}）；至少须迁移的比例是本次变更所占的权重份额 {share}（只有在权重相同时，1/n = {ideal} 才是这个最少值）。其中 {needless} 个在两台都保留下来的服务器之间迁移。迁移的键去往：{absorbed}。";
    KeyGridLabel => "The first {keys} keys coloured by their owner before and after the change; {moved} of them moved, drawn with a cross",
        "前 {keys} 个键按变更前后的归属服务器着色；其中 {moved} 个迁移，以叉号标出";
    KeyGridCaption => "Keys /api/data/0 to /api/data/{last}: left half = owner before, right half = owner after the change; a cross marks the {moved} keys that moved.",
        "键 /api/data/0 到 /api/data/{last}：左半 = 变更前的归属服务器，右半 = 变更后的归属服务器；叉号标出迁移的 {moved} 个键。";
    MovedKeysList => "The moved keys among the first {keys}, old → new owner", "前 {keys} 个键中迁移的键，旧 → 新归属服务器";
    NoChangeYetShort => "no change yet", "尚无变更";
    ChurnMatrixLabel => "Churn matrix", "键迁移矩阵";
    ChurnMatrixCaption => "Churn matrix: the last change under every hashing strategy (5,000 keys; maglev with M = 65537; bounded loads with 4 requests in flight per server), and what the owners depend on besides the set of servers: the same servers in another order (reversed, built afresh), and a fresh list of them against the one the changes were replayed on",
        "键迁移矩阵：最近一次变更在每种哈希策略下的效果（5,000 个键；maglev 的 M = 65537；有界负载为每台服务器 4 个在途请求），以及归属除服务器集合之外还取决于什么：同样的服务器换一种顺序（倒序，重新构建），以及重新列出的同一组服务器与逐步应用变更后的服务器的对比";
    KeysRemapped => "Keys remapped", "重新映射的键";
    Needlessly => "Moved between servers that stayed", "在保留的服务器之间迁移";
    IdealOneOverN => "1/n (the least only with equal weights)", "1/n（仅在权重相同时为最少值）";
    ByWeight => "Least that must move (weight share)", "至少须迁移（权重份额）";
    AnotherOrder => "Another order", "换一种顺序";
    FreshList => "Fresh list", "重新列出";
    SpreadLine => "{points} points: max/mean {max}, min/mean {min}, standard deviation {deviation}% of the mean",
        "共 {points} 个点，最大值/均值 {max}，最小值/均值 {min}，标准差为均值的 {deviation}%";
    NoRing => "No ring: no server may take requests.", "没有哈希环：没有服务器能接收请求。";
    NginxRingRow => "nginx ring (160)", "nginx 哈希环（160）";
    SpreadNow => "Fulcrum's ring at {points} per unit of weight: {spread}.", "Fulcrum 哈希环，每单位权重 {points} 个点：{spread}。";
    SpreadBarsLabel => "Each server's share of the ring against its fair share", "每台服务器在环上的占比与其按权重应得的占比";
    SpreadBarsHint => "Bars: each server's share of the circle (the expected share of keys); the line: its fair share by weight.",
        "条形：每台服务器在圆上的占比（即键的期望占比）；竖线：按权重应得的占比。";
    SpreadTableLabel => "Spread by virtual nodes", "按虚拟节点数的离散程度";
    SpreadTableCaption => "Spread by virtual nodes (same servers)", "按虚拟节点数的离散程度（相同服务器）";
    PointsPerWeight => "Points per weight", "每单位权重点数";
    Points => "Points", "点数";
    MaxOverMeanShort => "Max/mean", "最大值/均值";
    StdDev => "Std dev", "标准差";
    NoEligibleServer => "No eligible server.", "没有可用的服务器。";
    HotIntro => "{requests} requests over {keys} keys /item/0 … (Zipf), {in_flight} in flight at a time.",
        "{requests} 个请求分布在 {keys} 个键 /item/0 … 上（Zipf 分布），同时在途 {in_flight} 个。";
    HotLine => "The hottest key {key} alone gets {share} of the requests. Its server {server} owns {owned} of the keys but takes {taken} of the requests on the plain ring, with up to {peak} of them in flight at once. Bounded loads (c = {c}) cap every server at ⌈c · m / n⌉ in flight, weighted: {capacity} for this one, which then peaks at {bounded_peak}.",
        "最热的键 {key} 独占 {share} 的请求。它的服务器 {server} 拥有 {owned} 的键，但在普通哈希环上承担 {taken} 的请求，同时在途最多 {peak} 个。有界负载（c = {c}）把每台服务器的在途请求上限设为 ⌈c · m / n⌉（按权重）：这台为 {capacity}，此时它的峰值为 {bounded_peak}。";
    HotServer => "{server} (hot)", "{server}（热点）";
    HotTableCaption => "Per server: keys owned vs requests taken, plain ring and bounded loads",
        "每台服务器：拥有的键与承担的请求，普通哈希环与有界负载";
    KeysColumn => "Keys", "键数";
    RequestsRing => "Requests (ring)", "请求（哈希环）";
    PeakRing => "Peak in flight (ring)", "在途峰值（哈希环）";
    RequestsBounded => "Requests (bounded)", "请求（有界负载）";
    PeakBounded => "Peak in flight (bounded)", "在途峰值（有界负载）";
    Capacity => "Capacity", "容量";
    SweepNeedsCapacity => "These servers take any number of requests at once, so there is no capacity to sweep: try one of these presets: {presets}.",
        "这些服务器能同时接受任意多个请求，没有可扫描的容量：请试试这些预设之一：{presets}。";
    SweepRefused => "The sweep could not run: {error}", "无法进行负载扫描：{error}";
    SweepIntro => "p99 latency and requests dropped by full queues (503) at loads from 10% to 110% of capacity, {requests} requests a load, for the strategies Compare starts with.",
        "负载从容量的 10% 到 110% 时的 p99 延迟和因队列已满被丢弃（503）的请求；每个负载 {requests} 个请求，策略同“比较”的初始选择。";
    RunSweep => "Run the sweep", "运行负载扫描";
    SweepCaption => "Capacity {capacity} requests/s; the sweep took {elapsed} ms.", "容量为每秒 {capacity} 个请求；扫描用时 {elapsed} 毫秒。";
    SweepP99Title => "p99 latency of successful requests against the load", "成功请求的 p99 延迟随负载的变化";
    SweepDroppedTitle => "Requests dropped by full queues (503) against the load", "因队列已满被丢弃（503）的请求随负载的变化";
    SweepLoadAxis => "offered load, % of capacity", "提供的负载（占容量的百分比）";
    SweepTable => "The sweep as a table", "以表格查看负载扫描";
    SweepColLoad => "Load", "负载";
    SweepColRate => "Requests/s", "每秒请求数";
    SweepColP99 => "{strategy}: p99", "{strategy}：p99";
    SweepColDropped => "{strategy}: dropped", "{strategy}：被丢弃";
    ImportHint => "Paste the load-balancing part of your nginx, HAProxy or Envoy configuration: the page takes its servers and its policy, and every view works on them.",
        "粘贴 nginx、HAProxy 或 Envoy 配置中负载均衡的部分：页面采用其中的服务器和策略，所有视图都基于它们。";
    ImportText => "Configuration", "配置文本";
    ImportFile => "Or open a file", "或打开文件";
    ImportApply => "Import", "导入";
    ImportClear => "Forget the import", "取消导入";
    ImportBackend => "Backend", "后端";
    ImportNotes => "Notes on the import", "导入说明";
    ImportSummary => "{proxy} · {backend}: {policy} over {count} servers; the page runs {strategy}.",
        "{proxy} · {backend}：{policy}，共 {count} 台服务器；页面运行 {strategy}。";
    ImportExact => "The page's picks are the proxy's own.", "页面的选择与该代理本身完全一致。";
    ImportAtLine => "line {line}: {text}", "第 {line} 行：{text}";
    ImportIgnored => "ignored: {what}", "已忽略：{what}";
    ImportRefused => "cannot be read: {why}", "无法读取：{why}";
    ImportLeftOutBackup => "{server} is a backup server: not in the page's pool", "{server} 是备用服务器：不在页面的服务器池中";
    ImportLeftOutDown => "{server} is marked down: not in the page's pool (the proxy keeps its place; the key check below does too)",
        "{server} 被标记为停用：不在页面的服务器池中（代理保留它的位置，下面的键检查也一样）";
    ImportLeftOutBadId => "{server} is not an address the page can name (letters, digits and . _ : - only): left out",
        "{server} 不是页面能使用的地址（只能包含字母、数字和 . _ : -）：已略去";
    ImportLeftOutDuplicate => "{server} is listed twice: the second is left out", "{server} 出现了两次：略去第二个";
    ImportLeftOutTooMany => "{server}: the page runs at most {max} servers, the rest are left out", "{server}：页面最多运行 {max} 台服务器，其余已略去";
    ImportWeight => "{server} has weight {weight}; the page's weights go up to 100: {used} used", "{server} 的权重为 {weight}；页面的权重最大为 100：使用 {used}";
    ImportClosest => "{policy} is not one of the page's strategies: the page runs {strategy}, the closest",
        "{policy} 不是页面的策略之一：页面运行最接近的 {strategy}";
    ImportClosestKeyed => "{policy} is not one of the page's strategies: the page runs {strategy}, the closest; the key check below is the proxy's own pick",
        "{policy} 不是页面的策略之一：页面运行最接近的 {strategy}；下面的键检查给出的是代理本身的选择";
    ConfigNoteNotModelled => "`{what}` is not modelled", "未建模 `{what}`";
    ConfigNoteArgumentsAfterName => "`{keyword}` arguments after the name are not modelled", "`{keyword}` 名称之后的参数未建模";
    ConfigNoteHealthChecks => "`{parameter}`: health checks are not modelled (servers are up)", "`{parameter}`：未建模健康检查（服务器均视为正常）";
    ConfigNoteOfServer => "server {server}: {note}", "服务器 {server}：{note}";
    ConfigNoteNoPickChange => "`{directive}` changes no pick of a healthy upstream: not modelled", "`{directive}` 不改变健康 upstream 的任何选择：未建模";
    ConfigNoteBlock => "block `{words}` is not modelled", "未建模块 `{words}`";
    ConfigNoteMethodRedefined => "load balancing method redefined (line {earlier} set one before): nginx keeps the last",
        "负载均衡方法被重新定义（第 {earlier} 行已设置过）：nginx 保留最后一个";
    ConfigNoteLeastTime => "`{method}` (nginx Plus) is read as least_conn", "`{method}`（nginx Plus）按 least_conn 读取";
    ConfigNoteFailureOnly => "server {server}: `{parameter}` acts only on failures, limits or name resolution; predictions assume every server up answers",
        "服务器 {server}：`{parameter}` 只在失败、限额或域名解析时起作用；预测假定每台正常的服务器都能应答";
    ConfigNoteNginxBackupRefused => "nginx refuses `backup` with hash, ip_hash and random balancing; the backup servers are left out",
        "nginx 在 hash、ip_hash 和 random 均衡下拒绝 `backup`；备用服务器已略去";
    ConfigNoteNginxBackupLeftOut => "backup servers take requests only when every primary server is down or failing; predictions assume the primaries answer, so backups are left out",
        "只有当所有主服务器都停用或失败时，备用服务器才接收请求；预测假定主服务器都能应答，因此略去备用服务器";
    ConfigNoteHaproxyBackupLeftOut => "backup servers take requests only when no active server is usable; they are left out of predictions unless every active server is disabled",
        "只有当没有可用的活动服务器时，备用服务器才接收请求；除非所有活动服务器都被禁用，预测中略去它们";
    ConfigNoteEnvoySlowStart => "`slow_start_config` is not modelled: Envoy ramps a new endpoint's weight up over `slow_start_window`; Fulcrum gives it its full weight at once, so for that window after an endpoint joins (or recovers) Fulcrum sends it more requests than Envoy does",
        "未建模 `slow_start_config`：Envoy 在 `slow_start_window` 内逐步提高新端点的权重；Fulcrum 立即给它全部权重，因此在端点加入（或恢复）后的这段时间里，Fulcrum 发给它的请求比 Envoy 多";
    ConfigNoteEnvoyFullScan => "`selection_method: FULL_SCAN` is not modelled: Envoy compares every endpoint (ties broken at random); Fulcrum draws `choice_count` of them, so a busy endpoint is picked now and then when all the draws fall on busy ones",
        "未建模 `selection_method: FULL_SCAN`：Envoy 比较所有端点（平局随机决定）；Fulcrum 抽取 `choice_count` 个，所以当所有抽取都落在繁忙端点上时，偶尔会选中繁忙端点";
    ConfigNoteEnvoyLocalityWeighted => "locality-weighted balancing is not modelled: Envoy picks a locality first, in proportion to its `load_balancing_weight` times its share of healthy endpoints, then an endpoint within it; Fulcrum takes every locality's endpoints as one list, so each locality gets the share its endpoints' weights give, not its own weight's",
        "未建模按地域加权的均衡：Envoy 先按 `load_balancing_weight` 乘以健康端点比例选择地域，再在其中选择端点；Fulcrum 把所有地域的端点当作一个列表，所以每个地域得到的是其端点权重给出的份额，而不是它自己的权重给出的份额";
    ConfigNoteEnvoyLocalityWeightsIgnored => "locality weights (`load_balancing_weight` beside `lb_endpoints`) are ignored: without `common_lb_config.locality_weighted_lb_config` Envoy ignores them too, so the shares do not change",
        "已忽略地域权重（`lb_endpoints` 旁的 `load_balancing_weight`）：没有 `common_lb_config.locality_weighted_lb_config` 时 Envoy 也忽略它们，所以份额不变";
    ConfigNoteEnvoyPriorityLeftOut => "endpoints of priority > 0 take requests only when priority 0 is unhealthy: left out",
        "priority > 0 的端点只在 priority 0 不健康时才接收请求：已略去";
    ImportChoicesClamped => "choice_count {value}: the page draws at most {used} servers a pick, {used} used; `fulcrum route --config` draws {value}",
        "choice_count {value}：页面每次最多抽取 {used} 台服务器，使用 {used}；`fulcrum route --config` 抽取 {value} 台";
    ImportSlowStartWindowClamped => "slow_start_window {value} ms: the page's goes up to {used} ms, {used} used",
        "slow_start_window {value} 毫秒：页面的最大为 {used} 毫秒，使用 {used}";
    ImportAggressionClamped => "slow start aggression {value}: the page takes 0 to 10, {used} used",
        "慢启动 aggression {value}：页面取 0 到 10，使用 {used}";
    ImportBiasClamped => "active_request_bias {value}: the page's goes up to {used}, {used} used; `fulcrum route --config` uses {value}",
        "active_request_bias {value}：页面的最大为 {used}，使用 {used}；`fulcrum route --config` 使用 {value}";
    ImportTooLargeForLink => "this configuration is too large for a link (more than {max} bytes even compressed): the link leaves it out",
        "此配置对链接来说太大（压缩后仍超过 {max} 字节）：链接中不包含它";
    ImportKey => "Where does this key go?", "这个键会去哪里？";
    ImportKeyHint => "What the proxy hashes: the request URI, the client address or a header's value.", "代理所哈希的内容：请求 URI、客户端地址或某个请求头的值。";
    ImportRoute => "{proxy} sends it to {server}", "{proxy} 把它发往 {server}";
    ImportNoRoute => "no prediction: {why}", "无法预测：{why}";
    ImportChange => "Change", "变更";
    ImportChangeRemove => "Remove {server}", "移除 {server}";
    ImportChangeAdd => "Add a server", "添加一台服务器";
    ImportNewServer => "New server (host:port=weight)", "新服务器（host:port=weight）";
    ImportWhatMoves => "What moves", "哪些键会移动";
    ImportWhatMovesHint => "The same 1,000 sample keys, routed by the proxy's own rule before the change and after it, as a reload builds the proxy again.",
        "同样的 1,000 个样本键，按代理自己的规则在变更前后各路由一次，如同代理重新加载配置后重建。";
    ImportMoves => "{proxy} would move {moved} of {keys} sample keys ({percent}).", "{proxy} 会移动 {keys} 个样本键中的 {moved} 个（{percent}）。";
    ImportMovesOwn => "{own} of them were {server}'s own: those must move.", "其中 {own} 个原本属于 {server}：它们必须移动。";
    ImportMovesBetween => "{between} moved between servers that are there before and after: the change did not need to move them.",
        "{between} 个在变更前后都存在的服务器之间移动：这次变更本不需要移动它们。";
    ImportRenumbered => "HAProxy numbers a server without an `id` by its position, and its ring points derive from that number: after the change these servers have new ids ({servers}), so their points and keys moved too. Write `id N` on each server line to keep its keys.",
        "HAProxy 按位置给没有 `id` 的服务器编号，其环上的点由该编号导出：变更后这些服务器有了新编号（{servers}），所以它们的点和键也随之移动。在每个 server 行写上 `id N` 即可保住它的键。";
    ImportNoChange => "cannot make this change: {why}", "无法进行此变更：{why}";
    ImportMovesTo => "The moved keys went to {servers}.", "移动的键去了 {servers}。";
    ImportKeyMoves => "Your key {key} moves: {was} → {now}.", "你的键 {key} 移动了：{was} → {now}。";
    ImportKeyStays => "Your key {key} stays on {server}.", "你的键 {key} 仍在 {server}。";
    ImportKeyNamed => "Where does this key go? ({what}: {named})", "这个键会去哪里？（{what}：{named}）";
    KeyUri => "the request URI", "请求 URI";
    KeyClient => "the client address", "客户端地址";
    KeyHeader => "a header's value", "请求头的值";
    KeyParam => "a URL parameter's value", "URL 参数的值";
    KeyValue => "the value", "取值";
    ImportReading => "Reading the configuration…", "正在读取配置…";
    ImportWorkerFailed => "The part of the page that reads configurations could not be loaded (offline, or a file missing): reload the page to try again.",
        "页面中读取配置的部分未能加载（可能离线或缺少文件）：请重新加载页面再试。";
    ImportLinkMalformed => "The link's configuration cannot be read: it was cut short or changed.", "链接中的配置无法读取：它被截断或改动了。";
    ImportLinkTooLarge => "The link's configuration unpacks to more than {max} bytes: not read.", "链接中的配置解压后超过 {max} 字节：未读取。";
    ImportFileTooLarge => "{file} is {bytes} bytes; the page reads at most {max}", "{file} 有 {bytes} 字节；页面最多读取 {max} 字节";
    PseudoMemento => "n ← buckets (w per server); memento: each removed bucket → the working count r it left behind\n{key}\nh ← XXH3-64(key)\nb ← −1; j ← 0\nwhile j < n: b ← j; h ← h · 2862933555777941757 + 1; j ← ⌊(b + 1) · 2³¹ / ((h ≫ 33) + 1)⌋\nwhile b was removed (leaving r buckets): b ← XXH3-64(key, seed b) mod r\n    while b was removed later (its r′ ≥ r): b ← r′\nreturn the server of bucket b",
        "n ← 桶（每台服务器 w 个）；记忆：每个已移除的桶 → 它移除后剩下的工作桶数 r\n{key}\nh ← XXH3-64(key)\nb ← −1; j ← 0\nwhile j < n: b ← j; h ← h · 2862933555777941757 + 1; j ← ⌊(b + 1) · 2³¹ / ((h ≫ 33) + 1)⌋\nwhile 桶 b 已移除（剩下 r 个桶）: b ← XXH3-64(key, seed b) mod r\n    while 桶 b 是之后移除的（其 r′ ≥ r）: b ← r′\nreturn 桶 b 的服务器";
    LookupStepJumpBackIn => "Range {low}…{high}: candidate {candidate} < B = {buckets}: the key's bucket.",
        "区间 {low}…{high}：候选桶 {candidate} < B = {buckets}：这就是键的桶。";
    LookupStepJumpBackOut => "Range {low}…{high}: candidate {candidate} ≥ B = {buckets}: draw again in this range.",
        "区间 {low}…{high}：候选桶 {candidate} ≥ B = {buckets}：在此区间内重新抽取。";
    PseudoJumpBack => "B ← buckets (w buckets per server; a leaver's buckets stay as tombstones)\n{key}\nfor attempt a = 0, 1, …: h ← XXH3-64(key, seed a); r ← SplitMix64(h)\n    bits ← one bit per range [2ᵏ, 2ᵏ⁺¹) below B: the chain jumps into it\n    from the highest range with a bit: its candidate c; while c ≥ B: draw c again in the range (or drop the range)\n    b ← the first c < B (bucket 0 when no range is left)\n    if bucket b's server is up: return it\n    else: jump again with the next seed",
        "B ← 桶（每台服务器 w 个桶；离开的服务器的桶留作墓碑）\n{key}\n对第 a = 0, 1, … 次尝试：h ← XXH3-64(key, seed a); r ← SplitMix64(h)\n    bits ← B 以下每个区间 [2ᵏ, 2ᵏ⁺¹) 一位：跳跃链是否跳入该区间\n    从有置位的最高区间开始：取其候选桶 c；当 c ≥ B：在该区间内重抽 c（或放弃该区间）\n    b ← 第一个 c < B（没有剩余区间时取桶 0）\n    若桶 b 的服务器在线：返回它\n    否则：用下一个种子再跳一次";
    PseudoAnchor => "anchor: a buckets (w per server working); A[b] = working count when b left, K[b] = who took its place\n{key}\nh ← XXH3-64(key)\nb ← h mod a\nwhile b was removed: h ← XXH3-64(key, seed b) mod A[b]\n    while h was removed after b (A[h] ≥ A[b]): h ← K[h]\n    b ← h\nreturn the server of bucket b",
        "锚点：a 个桶（每台服务器 w 个在工作）；A[b] = b 移除时的工作桶数，K[b] = 顶替它位置的桶\n{key}\nh ← XXH3-64(key)\nb ← h mod a\nwhile 桶 b 已移除: h ← XXH3-64(key, seed b) mod A[b]\n    while 桶 h 在 b 之后移除（A[h] ≥ A[b]）: h ← K[h]\n    b ← h\nreturn 桶 b 的服务器";
    PseudoMultiProbe => "circle: one point per unit of weight at XXH3-64(server id, seed j), sorted\n{key}\nh₁ ← XXH3-64(key); h₂ ← XXH3-64(key, seed 1)\nfor i = 0 … k − 1 (k = {k}):\n    p ← the first point clockwise of h₁ + i·h₂; d ← p − (h₁ + i·h₂)\n    if d is the smallest so far: best ← p\nreturn the server of best",
        "圆周：每单位权重一个点，位于 XXH3-64(服务器 id, seed j)，已排序\n{key}\nh₁ ← XXH3-64(key); h₂ ← XXH3-64(key, seed 1)\nfor i = 0 … k − 1（k = {k}）:\n    p ← h₁ + i·h₂ 顺时针方向的第一个点；d ← p − (h₁ + i·h₂)\n    若 d 是目前最小的：best ← p\nreturn best 的服务器";
    // Embeds.
    PlaySteps => "Play steps", "播放步骤";
    PauseSteps => "Pause steps", "暂停步骤";
    LookupPoolFollows => "These are the playground's servers: change them there, or edit them here.", "这些就是演练场的服务器：可以在那里修改，也可以在这里编辑。";
    LookupPoolDiverged => "⚠ Edited here: these servers differ from the playground's.", "⚠ 已在此处编辑：这些服务器与演练场的不同。";
    LookupPoolChanged => "⚠ Changed here ({edits}): these servers differ from the playground's.", "⚠ 已在此处变更（{edits}）：这些服务器与演练场的不同。";
    LookupResetToPlayground => "Reset to the playground's servers", "恢复为演练场的服务器";
    // Labels the lessons quote (`share::lessons`), shown by the debugger and the churn view.
    LoadFactor => "Load factor c", "负载系数 c";
    RemoveServer => "Remove server", "移除服务器";
    NextStep => "Next step", "下一步";
    LookupHashStrategy => "Hash strategy", "哈希策略";
    LabelUrlHash => "URL hash (modulo)", "URL 哈希（取模）";
    LabelIpHash => "IP hash (nginx)", "IP 哈希（nginx）";
    LabelRingFulcrum => "Consistent hashing (Fulcrum ring)", "一致性哈希（Fulcrum 哈希环）";
    LabelRingNginx => "Consistent hashing (nginx ring)", "一致性哈希（nginx 哈希环）";
    LookUp => "Look up", "查找";
    ChurnTitle => "Churn: what moves when servers change", "键迁移：服务器变化时哪些键会移动";
    FailServer => "Fail server", "使服务器故障";
    ChangeWeight => "Change weight", "修改权重";
    ResetPool => "Reset pool", "重置服务器池";
    SpreadTitle => "Virtual nodes and the spread of load", "虚拟节点与负载的离散程度";
    ZipfExponent => "Zipf exponent", "Zipf 指数";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::i18n::Table;
    use crate::share::i18n::tests::{names, sources};

    /// The page's first load's code: each file's path and code.
    fn page_code() -> Vec<(String, String)> {
        sources()
            .into_iter()
            .filter(|(path, _)| on_first_load(path))
            .collect()
    }

    /// Whether `path` is one of the tables' own files (`share::i18n`, which declares
    /// [`LaterText`] beside [`Text`]).
    fn tables(path: &str) -> bool {
        path == "src/share/i18n.rs" || path.starts_with("src/share/i18n/")
    }

    #[test]
    fn the_lists_name_files_and_folders_that_exist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in LATER_CODE.iter().chain(PAGE_CODE_WITHIN).chain(NATIVE_CODE) {
            let path = root.join(entry);
            assert_eq!(path.is_dir(), entry.ends_with('/'), "{entry}");
            assert!(path.exists(), "{entry} is listed but not there");
        }
        // The later module's root and the worker are the later module's; its glue on the page
        // (`src/ui/later/`, the stand-ins) and the page's root are the page's.
        assert!(!on_first_load("src/later.rs"));
        assert!(!on_first_load("src/import_worker.rs"));
        assert!(!on_first_load("src/ui/lookup/churn.rs"));
        assert!(!on_first_load("src/bin/fulcrum.rs"));
        assert!(on_first_load("src/ui/later/lookup.rs"));
        assert!(on_first_load("src/main.rs"));
        assert!(on_first_load("src/ui/lookup/remote.rs"));
        assert!(on_first_load("src/share/steps/mod.rs"));
        assert!(
            on_first_load("src/ui/lookup.rs"),
            "a folder entry holds only what is below it"
        );
        assert!(!on_first_load("tests/wasm.rs"));
    }

    /// The page fetches only its own catalog: a later string named by its code would be blank
    /// (or, once the later module had loaded, in that module's memory only, still blank).
    #[test]
    fn the_page_names_no_later_string() {
        let naming: Vec<String> = page_code()
            .into_iter()
            .filter(|(path, code)| {
                !tables(path) && (names(code, "LaterText") || names(code, "AnyText"))
            })
            .map(|(path, _)| path)
            .collect();
        assert!(
            naming.is_empty(),
            "part of the page's first load, yet naming the later module's strings (move the \
             string to `Text`, or the code to one of `LATER_CODE`): {naming:?}"
        );
    }

    /// The other way round: a string in the page's table that only the later module's code
    /// names is downloaded by every reader for nothing; it belongs in [`LaterText`].
    #[test]
    fn every_page_string_is_the_pages() {
        // The table's own helpers (`Text::strategy_name`, …) are the page's code too.
        let code: String = page_code().into_iter().map(|(_, code)| code).collect();
        let later_only: Vec<String> = Text::ALL
            .iter()
            .map(|t| format!("Text::{t:?}"))
            .filter(|path| !names(&code, path))
            .collect();
        assert!(
            later_only.is_empty(),
            "named only by the later module's code: move them to `LaterText`: {later_only:?}"
        );
    }

    /// The paths a use-tree or path at the start of `s` names, expanded (`a::{b, c::d as e}` is
    /// `a::b` and `a::c::d`).
    fn expand(s: &str) -> Vec<String> {
        fn tree(s: &[u8], i: &mut usize) -> Vec<String> {
            let skip = |i: &mut usize| {
                while s.get(*i).is_some_and(u8::is_ascii_whitespace) {
                    *i += 1;
                }
            };
            skip(i);
            if s.get(*i) == Some(&b'{') {
                *i += 1;
                let mut out = Vec::new();
                loop {
                    skip(i);
                    if s.get(*i).is_none_or(|&c| c == b'}') {
                        *i += 1;
                        return out;
                    }
                    out.extend(tree(s, i));
                    skip(i);
                    match s.get(*i) {
                        Some(b',') => *i += 1,
                        Some(b'}') => {}
                        _ => return out,
                    }
                }
            }
            let start = *i;
            while s
                .get(*i)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'*')
            {
                *i += 1;
            }
            let head = String::from_utf8_lossy(&s[start..*i]).into_owned();
            if s[*i..].starts_with(b"::") {
                *i += 2;
                return tree(s, i)
                    .into_iter()
                    .map(|tail| format!("{head}::{tail}"))
                    .collect();
            }
            // `x as y`: the path is x's.
            let mut j = *i;
            skip(&mut j);
            if s[j..].starts_with(b"as ") {
                *i = j + 3;
                skip(i);
                while s
                    .get(*i)
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    *i += 1;
                }
            }
            vec![head]
        }
        tree(s.as_bytes(), &mut 0)
    }

    /// The page's code may call into the later module's files (the crate is one library), and a
    /// function there that words a later string would show it blank on the page: what it
    /// names in there is only what [`PAGE_REACHES`] lists. (Paths from `crate::`; a page file
    /// cannot reach the later folders by `super::`, as none of them is a folder of its own
    /// module but `share::steps::long` and `share::config_notes`, checked by name below.)
    #[test]
    fn the_page_reaches_later_code_only_through_what_is_listed() {
        let modules: Vec<String> = LATER_CODE
            .iter()
            .filter(|entry| !PAGE_CODE_WITHIN.contains(entry))
            .filter_map(|entry| entry.strip_prefix("src/"))
            .map(|entry| {
                let entry = entry
                    .strip_suffix('/')
                    .or(entry.strip_suffix(".rs"))
                    .unwrap();
                entry.replace('/', "::")
            })
            .collect();
        let reached_file = |path: &str| {
            PAGE_CODE_WITHIN.iter().any(|within| {
                let module = within
                    .strip_prefix("src/")
                    .unwrap()
                    .strip_suffix(".rs")
                    .unwrap();
                path == module.replace('/', "::")
                    || path.starts_with(&format!("{}::", module.replace('/', "::")))
            })
        };
        let mut unlisted = Vec::new();
        for (file, code) in page_code().into_iter().filter(|(path, _)| !tables(path)) {
            for (at, _) in code.match_indices("crate::") {
                for path in expand(&code[at + "crate::".len()..]) {
                    let later = modules
                        .iter()
                        .any(|m| path == *m || path.starts_with(&format!("{m}::")));
                    let listed = PAGE_REACHES
                        .iter()
                        .any(|r| path == *r || path.starts_with(&format!("{r}::")));
                    if later && !listed && !reached_file(&path) {
                        unlisted.push(format!("{file}: {path}"));
                    }
                }
            }
            // `super::long`, `super::config_notes`: the two later files beside page files.
            for name in ["long::", "config_notes::"] {
                let relative = code.match_indices(name).any(|(at, _)| {
                    !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                });
                if relative {
                    unlisted.push(format!("{file}: {name}"));
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "the page's code names the later module's code: list it in PAGE_REACHES if it words \
             no later string, or move the caller: {unlisted:?}"
        );
        assert_eq!(
            expand("a::{b, c::{d as e, f}, g as h}; x"),
            ["a::b", "a::c::d", "a::c::f", "a::g"]
        );
    }
}
