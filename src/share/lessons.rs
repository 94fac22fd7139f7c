//! Lessons: short guided tours of the playground, as data. Each starts from one preset with its
//! settings (a permalink query), says what to watch for, and asks a question whose answer it
//! explains, in English and Chinese.
//!
//! They cover the tutorial's claims (section 5 of its README: uniformity, stability; section
//! 4: complexity) and the mistakes running its code shows (section 6): the bursts of its weighted
//! round robin, `hash % n` remapping almost every key, least response time preferring a server
//! that fails fast, least connections herding when several balancers act on one stale load
//! report. Every figure a lesson quotes is checked by this module's tests against the engine
//! (`engine::analyze`, `Balancer`) and the simulator, run from the lesson's own settings, so a
//! lesson cannot drift from what the playground shows.
//!
//! The playground loads the texts from `www/lessons.json` when its lessons panel opens, so the
//! page itself does not carry them; a test keeps that file equal to [`lessons_json`]
//! (`FULCRUM_BLESS=1 cargo test --lib lessons_json` rewrites it).

#![warn(missing_docs)]

use serde::Serialize;

use super::i18n::Bilingual;
use super::permalink::Link;

/// What a lesson is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// A claim of the seed tutorial, tested.
    Claim,
    /// A mistake of the seed's code, shown next to the corrected behaviour.
    Mistake,
}

/// A multiple-choice question with its answer explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The question asked.
    pub prompt: Bilingual,
    /// The answers offered, one of them right.
    pub choices: &'static [Bilingual],
    /// Index into `choices`.
    pub answer: usize,
    /// Why the answer is right (shown after answering, right or wrong).
    pub explanation: Bilingual,
}

/// A second set of settings to switch to (the corrected code, another strategy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// The button's label.
    pub label: Bilingual,
    /// The settings it switches to, as a permalink query.
    pub query: &'static str,
}

/// One guided tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lesson {
    /// A stable identifier (also usable in URLs).
    pub id: &'static str,
    /// A claim tested or a mistake shown.
    pub topic: Topic,
    /// The lesson's heading.
    pub title: Bilingual,
    /// The settings the lesson starts from, as a permalink query (preset first).
    pub query: &'static str,
    /// What the lesson sets out to show, first.
    pub intro: Bilingual,
    /// What to look at, in order.
    pub watch_for: &'static [Bilingual],
    /// Settings to compare with, if any.
    pub follow_up: Option<FollowUp>,
    /// The question that closes the lesson.
    pub question: Question,
}

impl Lesson {
    /// The settings the lesson starts from.
    pub fn settings(&self) -> Link {
        Link::from_query(self.query).0
    }

    /// The preset the lesson starts from.
    pub fn preset(&self) -> &'static str {
        self.settings().preset
    }
}

/// Every lesson, claims first, then mistakes.
pub fn lessons() -> &'static [Lesson] {
    LESSONS
}

/// A lesson by id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Every lesson's id, in order (a test keeps it equal to the lessons'): checking a link's
/// `lesson=` needs only these, so a page that shows no lesson does not carry their texts.
pub const LESSON_IDS: [&str; 7] = [
    "uniformity",
    "stability",
    "complexity",
    "wrr-bursts",
    "modulo-churn",
    "lrt-fails-fast",
    "herding",
];

/// Every lesson as the JSON the playground loads (`{"lessons": [...]}`, pretty, with a final
/// newline).
pub fn lessons_json() -> String {
    #[derive(Serialize)]
    struct File {
        lessons: &'static [Lesson],
    }
    let mut json = serde_json::to_string_pretty(&File { lessons: LESSONS })
        .expect("the lessons are plain data");
    json.push('\n');
    json
}

/// The id, if a lesson has it.
pub fn lesson_id(id: &str) -> Option<&'static str> {
    LESSON_IDS.iter().copied().find(|x| *x == id)
}

const fn b(en: &'static str, zh: &'static str) -> Bilingual {
    Bilingual::new(en, zh)
}

const LESSONS: &[Lesson] = &[
    Lesson {
        id: "uniformity",
        topic: Topic::Claim,
        title: b(
            "Is consistent hashing even? Virtual nodes",
            "一致性哈希均匀吗？虚拟节点",
        ),
        query: "preset=hot-key&strategy=consistent_hash&vnodes=1&view=ring",
        intro: b(
            "The tutorial says consistent hashing spreads load “relatively evenly”. With one point per server, five points cut the ring into five arcs of random length, and each server owns the keys on its arc.",
            "教程说一致性哈希的负载分布“相对均匀”。每台服务器只有一个点时，五个点把哈希环切成长度随机的五段弧，每台服务器拥有落在自己弧上的键。",
        ),
        watch_for: &[
            b(
                "The arcs: with one point each, one server's arc is several times longer than another's.",
                "观察弧长：每台服务器只有一个点时，有的服务器的弧比别的长好几倍。",
            ),
            b(
                "Raise “Virtual nodes” to 160: the points of all servers interleave and the arcs even out.",
                "把“虚拟节点”调到 160：各服务器的点相互交错，弧长趋于均匀。",
            ),
            b(
                "Hot keys: this preset's paths follow a Zipf law, so even an even ring gives the owner of the hottest path more requests. Hashing balances keys, not requests.",
                "热点键：本预设的路径热度服从 Zipf 分布，即使哈希环很均匀，最热路径的归属服务器也会收到更多请求。哈希均衡的是键，而不是请求。",
            ),
        ],
        follow_up: Some(FollowUp {
            label: b("160 virtual nodes", "160 个虚拟节点"),
            query: "preset=hot-key&strategy=consistent_hash&view=ring",
        }),
        question: Question {
            prompt: b(
                "Five servers with one point each share 10,000 keys. How far above its fair share is the busiest server?",
                "五台服务器各有一个点，共同分担 10,000 个键。负载最重的服务器超出其公平份额多少？",
            ),
            choices: &[
                b("Within 10% of it", "不超过 10%"),
                b("About 1.3 times it", "约 1.3 倍"),
                b("More than twice it", "超过 2 倍"),
            ],
            answer: 2,
            explanation: b(
                "With one point per server the busiest server takes 2.6 times its fair share of the keys /api/data/0 … /api/data/9999. With 160 points per server it is within 10% (1.09 times): more points, more arcs per server, and their lengths average out.",
                "每台服务器一个点时，在键 /api/data/0 … /api/data/9999 中，负载最重的服务器拿到其公平份额的 2.6 倍。每台服务器 160 个点时，偏差在 10% 以内（1.09 倍）：点越多，每台服务器的弧越多，弧长的差异就被平均掉了。",
            ),
        },
    },
    Lesson {
        id: "stability",
        topic: Topic::Claim,
        title: b(
            "Is hashing stable? The same request, the same server",
            "哈希稳定吗？同一请求，同一服务器",
        ),
        query: "preset=tutorial-demo&strategy=consistent_hash&variant=tutorial&view=ring",
        intro: b(
            "The tutorial says hashing is stable: the same request always goes to the same server. Its consistent hash, however, hashes the request's id, and the id is a fresh random uuid4 for every request.",
            "教程说哈希是稳定的：同一个请求总是发往同一台服务器。但它的一致性哈希对请求的 id 做哈希，而每个请求的 id 都是新生成的随机 uuid4。",
        ),
        watch_for: &[
            b(
                "Press “Step” a few times: the tutorial's ring hashes each request's random id, not its path, so every request lands on a point of its own, often on another server.",
                "按几次“单步”：教程的哈希环对每个请求的随机 id 而不是路径做哈希，所以每个请求都落在自己的点上，常常是另一台服务器。",
            ),
            b(
                "Switch “Code” to “Corrected”: the ring hashes the path, so a request for /api/data/7 always lands on the same point and the same server.",
                "把“代码”切换为“修正版”：哈希环对路径做哈希，/api/data/7 的请求总是落在同一个点、同一台服务器上。",
            ),
            b(
                "The tutorial's IP hash and URL hash use Python's hash(), which is salted per process: after a restart the same client maps to another server.",
                "教程的 IP 哈希和 URL 哈希使用 Python 的 hash()，它在每个进程中加了随机盐：重启之后，同一个客户端会映射到另一台服务器。",
            ),
        ],
        follow_up: Some(FollowUp {
            label: b("The corrected ring", "修正版哈希环"),
            query: "preset=tutorial-demo&strategy=consistent_hash&view=ring",
        }),
        question: Question {
            prompt: b(
                "The tutorial's consistent hash routes 200 identical requests for /api/data/7 over four servers. How many different servers do they reach?",
                "教程的一致性哈希把 200 个完全相同的 /api/data/7 请求分发到四台服务器。它们到达了几台不同的服务器？",
            ),
            choices: &[
                b("One", "一台"),
                b("Two", "两台"),
                b("All four", "全部四台"),
            ],
            answer: 2,
            explanation: b(
                "All four: keyed on a random id, the tutorial's ring gives no affinity at all. Fulcrum's ring hashes the path and sends all 200 to one server.",
                "全部四台：以随机 id 为键，教程的哈希环完全没有亲和性。Fulcrum 的哈希环对路径做哈希，200 个请求全部发往同一台服务器。",
            ),
        },
    },
    Lesson {
        id: "complexity",
        topic: Topic::Claim,
        title: b(
            "O(log n)? How the tutorial's ring finds a point",
            "O(log n)？教程的哈希环如何查找",
        ),
        query: "preset=tutorial-demo&strategy=consistent_hash&variant=tutorial&view=ring",
        intro: b(
            "The tutorial claims O(log n) per pick for consistent hashing. Its code walks the sorted ring from the first point until it meets one at or above the key's hash: with four servers of 150 points, up to 600 comparisons.",
            "教程声称一致性哈希每次选择的开销是 O(log n)。它的代码从第一个点开始顺序遍历排好序的哈希环，直到遇到不小于键的哈希值的点：四台服务器各 150 个点，最多要比较 600 次。",
        ),
        watch_for: &[
            b(
                "Press “Step”, then read “The last pick, step by step”: its note says how many of the 600 sorted points the linear scan compared.",
                "按“单步”，然后阅读“最近一次选择，逐步说明”：其中的说明写出线性扫描比较了 600 个有序点中的多少个。",
            ),
            b(
                "Switch “Code” to “Corrected”: the pool shown, server1–4 with weights 1, 2, 1, 3, puts 7 × 160 = 1,120 points on the ring, and a binary search, first narrowed by an index on the hash's top bits, takes a few probes.",
                "把“代码”切换为“修正版”：所示的服务器池 server1–4 权重为 1、2、1、3，在环上共有 7 × 160 = 1,120 个点；先用哈希值高位的索引缩小范围，再做二分查找，只需几次探测。",
            ),
        ],
        follow_up: Some(FollowUp {
            label: b("The corrected ring", "修正版哈希环"),
            query: "preset=tutorial-demo&strategy=consistent_hash&view=ring",
        }),
        question: Question {
            prompt: b(
                "On average, how many of its 600 points does the tutorial's lookup compare?",
                "平均而言，教程的查找要比较 600 个点中的多少个？",
            ),
            choices: &[
                b("About 10 (log₂ 600)", "约 10 个（log₂ 600）"),
                b("About 300 (half of them)", "约 300 个（一半）"),
                b("All 600", "全部 600 个"),
            ],
            answer: 1,
            explanation: b(
                "About half, around 300: a linear scan costs O(n·v), not O(log n). The corrected ring never needs more than 11 probes for its 1,120 points (log₂ 1,120 ≈ 10.1).",
                "约一半，300 个左右：线性扫描的开销是 O(n·v)，而不是 O(log n)。修正版哈希环有 1,120 个点，探测次数从不超过 11 次（log₂ 1,120 ≈ 10.1）。",
            ),
        },
    },
    Lesson {
        id: "wrr-bursts",
        topic: Topic::Mistake,
        title: b(
            "Three in a row: the tutorial's weighted round robin",
            "连续三次：教程的加权轮询",
        ),
        query: "preset=tutorial-demo&strategy=weighted_round_robin&variant=tutorial&view=flow",
        intro: b(
            "Weights 1, 2, 1, 3 should give server4 three requests in every seven. The tutorial's weighted round robin gives each server its whole weight in a row before it moves on to the next.",
            "权重 1、2、1、3 意味着每七个请求中 server4 应得三个。教程的加权轮询让每台服务器连续拿满自己的权重，才轮到下一台。",
        ),
        watch_for: &[
            b(
                "Press “Step” seven times: server1, server2, server2, server3, server4, server4, server4. Server4 takes three in a row, then waits four.",
                "按七次“单步”：server1、server2、server2、server3、server4、server4、server4。server4 连续拿到三个请求，然后空等四个。",
            ),
            b(
                "Switch “Code” to “Corrected”, nginx's smooth weighted round robin: server4, server2, server1, server4, server3, server2, server4. The same shares, interleaved: never three in a row.",
                "把“代码”切换为“修正版”，即 nginx 的平滑加权轮询：server4、server2、server1、server4、server3、server2、server4。占比相同，但相互交错，从不连续三次。",
            ),
        ],
        follow_up: Some(FollowUp {
            label: b("Smooth weighted round robin", "平滑加权轮询"),
            query: "preset=tutorial-demo&strategy=weighted_round_robin&view=flow",
        }),
        question: Question {
            prompt: b(
                "Why does the tutorial's code send three requests in a row to server4?",
                "为什么教程会把连续三个请求发给 server4？",
            ),
            choices: &[
                b("Server4 answers fastest", "server4 响应最快"),
                b(
                    "The tutorial's code counts down one server's weight before it moves on to the next server",
                    "教程先把一台服务器的权重倒数完，才轮到下一台",
                ),
                b("Chance: the order is random", "偶然：顺序是随机的"),
            ],
            answer: 1,
            explanation: b(
                "The tutorial's code keeps its place in the list and a countdown: it stays on a server until it has sent it weight requests, so server4's three come together. Smooth weighted round robin adds every server's weight to its current weight at each pick, takes the largest and subtracts the total, which spreads each server's turns over the cycle of seven.",
                "教程记住列表中的当前位置和一个倒计数：在发满一台服务器的权重之前一直停在它上面，所以 server4 的三个请求挨在一起。平滑加权轮询在每次选择时把每台服务器的权重加到它的当前权重上，选当前权重最大者，再减去总权重，从而把每台服务器的轮次分散到七个请求的周期里。",
            ),
        },
    },
    Lesson {
        id: "modulo-churn",
        topic: Topic::Mistake,
        title: b(
            "hash % n: one server leaves, almost every key moves",
            "hash % n：一台服务器离开，几乎所有键都迁移",
        ),
        query: "preset=hot-key&strategy=url_hash&view=lookup",
        intro: b(
            "URL hash picks the server at position hash(key) % n, as the tutorial's IP hash and URL hash do. Take one of five servers away and n goes from 5 to 4: the remainder of almost every hash changes.",
            "URL 哈希选择位置为 hash(key) % n 的服务器，教程的 IP 哈希和 URL 哈希也是如此。五台服务器去掉一台，n 从 5 变为 4：几乎每个哈希值的余数都会改变。",
        ),
        watch_for: &[
            b(
                "In “Churn: what moves when servers change”, choose the third server under “Server” and press “Remove server”: every key is coloured by its old and its new owner.",
                "在“键迁移：服务器变化时哪些键会移动”中，在“服务器”下选择第三台服务器，再按“移除服务器”：每个键按旧归属和新归属着色。",
            ),
            b(
                "About four keys in five move, though only the removed server's fifth had to.",
                "大约五分之四的键发生了迁移，而真正需要迁移的只有被移除服务器的那五分之一。",
            ),
            b(
                "Switch “Hash strategy” to “Consistent hashing (Fulcrum ring)”, press “Reset pool” and remove the same server again: only its keys move, spread over the other four.",
                "把“哈希策略”切换为“一致性哈希（Fulcrum 哈希环）”，按“重置服务器池”，再次移除同一台服务器：只有它的键迁移，并分散到其余四台服务器。",
            ),
        ],
        follow_up: Some(FollowUp {
            label: b("Consistent hashing", "一致性哈希"),
            query: "preset=hot-key&strategy=consistent_hash&view=lookup",
        }),
        question: Question {
            prompt: b(
                "One server of five leaves. Which fraction of the keys does hash % n move?",
                "五台服务器中有一台离开。hash % n 会让多大比例的键迁移？",
            ),
            choices: &[
                b("About 20% (1/n)", "约 20%（1/n）"),
                b("About 50%", "约 50%"),
                b("About 80%", "约 80%"),
            ],
            answer: 2,
            explanation: b(
                "Of the keys /api/data/0 … /api/data/9999, URL hash moves 81%; the ring moves 22%, close to the ideal 1/n = 20%, and no key moves between two servers that both stayed. A key keeps its server under modulo only when its hash gives the same position among 5 and among 4, which is rare.",
                "在键 /api/data/0 … /api/data/9999 中，URL 哈希迁移了 81%；哈希环只迁移 22%，接近理想值 1/n = 20%，并且没有任何键在两台都留下的服务器之间迁移。取模方式下，只有哈希值对 5 和对 4 取模得到同一位置的键才能保持不动，这种情况很少。",
            ),
        },
    },
    Lesson {
        id: "lrt-fails-fast",
        topic: Topic::Mistake,
        title: b(
            "Least response time loves a server that fails fast",
            "最短响应时间偏爱“快速失败”的服务器",
        ),
        query: "preset=slow-server&strategy=least_response_time&variant=tutorial&view=compare&compare=tutorial:least_response_time,least_response_time,round_robin&servers=server1,server2,server3,server4~l5~e0.9",
        intro: b(
            "Server4 answers in 5 ms, but nine requests in ten end in a 500. The tutorial's code records the response times of successful requests only, so server4's average is 5 ms: the best of the pool.",
            "server4 只需 5 毫秒就响应，但十个请求中有九个以 500 结束。教程只记录成功请求的响应时间，所以 server4 的平均响应时间是 5 毫秒：全池最佳。",
        ),
        watch_for: &[
            b(
                "The tutorial's least response time sends server4 almost every request (over 99%), and availability falls to about 10%.",
                "教程的最短响应时间几乎把所有请求（超过 99%）都发给 server4，可用性跌到约 10%。",
            ),
            b(
                "Fulcrum's version counts failures: server4 spends 5 ms / 0.1 = 50 ms per success, worse than the others' 20 ms, so it gets under a third of the requests and availability stays above 70%.",
                "Fulcrum 的版本把失败计算在内：server4 每次成功要花 5 毫秒 / 0.1 = 50 毫秒，比其他服务器的 20 毫秒更差，因此它拿到的请求不到三分之一，可用性保持在 70% 以上。",
            ),
            b(
                "Round robin ignores latency and errors alike: a quarter of the traffic goes to server4, and another quarter to server3 after it turns ten times slower.",
                "轮询既不看延迟也不看错误：四分之一的流量发给 server4，另外四分之一在 server3 变慢十倍之后仍然发给它。",
            ),
        ],
        follow_up: None,
        question: Question {
            prompt: b(
                "Why does the tutorial's least response time prefer a server that fails nine times in ten?",
                "为什么教程的最短响应时间偏爱一台十次有九次失败的服务器？",
            ),
            choices: &[
                b(
                    "Its failures are never recorded, so its average counts only its fast successes",
                    "它的失败从不被记录，平均值只包含它快速的成功响应",
                ),
                b("It has the highest weight", "它的权重最高"),
                b("Its health checks pass", "它的健康检查通过了"),
            ],
            answer: 0,
            explanation: b(
                "The tutorial's proxy appends a response time only when a request succeeds, so a server that fails fast keeps the 5 ms average of its rare successes and wins every min(). Counting a failure as time spent, the corrected version scores server4 at 50 ms per success and sends most traffic elsewhere.",
                "教程的代理只在请求成功时记录响应时间，所以快速失败的服务器保留着它少数成功响应的 5 毫秒平均值，每次 min() 都胜出。修正版把失败也算作耗费的时间，给 server4 的得分是每次成功 50 毫秒，于是把大部分流量发往别处。",
            ),
        },
    },
    Lesson {
        id: "herding",
        topic: Topic::Mistake,
        title: b(
            "Least connections herds when balancers are many",
            "多个负载均衡器时，最少连接会扎堆",
        ),
        query: "preset=herding&strategy=least_connections&variant=tutorial&view=compare&compare=tutorial:least_connections,least_connections,power_of_two_choices",
        intro: b(
            "Ten balancers share ten servers, each of which serves 16 requests at once and queues the rest; on average 10 are in service. The balancers do not see each other's connections as they change: every 250 ms they exchange load reports, and between two reports every balancer works from the same, aging picture.",
            "十个负载均衡器共用十台服务器，每台同时处理 16 个请求，其余排队；平均有 10 个请求在处理中。它们看不到彼此实时变化的连接数：每 250 毫秒交换一次负载报告，两次报告之间，所有负载均衡器都依据同一份逐渐过时的视图做决定。",
        ),
        watch_for: &[
            b(
                "The tutorial's least connections sends each request to the server that looked least loaded in the last report, and breaks ties with min(), which takes the first server: all ten balancers pile onto the same servers, which queue. A request takes 50 ms on average, yet the p99 is about 550 ms, and server1 gets the most requests.",
                "教程的最少连接把每个请求都发给上一份报告中负载最低的服务器，并用 min() 打破平局，而 min() 总是取第一台：十个负载均衡器都涌向同几台服务器，它们开始排队。一个请求平均只需 50 毫秒，p99 却约为 550 毫秒，且 server1 拿到的请求最多。",
            ),
            b(
                "Fulcrum's least connections breaks ties by turns but trusts the same stale report, so it herds too: its p99 is still about 500 ms.",
                "Fulcrum 的最少连接轮流打破平局，但依然相信同一份过时的报告，所以同样会扎堆：其 p99 仍约为 500 毫秒。",
            ),
            b(
                "Power of two choices draws two random servers for each request, so the balancers do not all pick the same one: its p99 is about 190 ms, well under half of least connections', and its median about 63 ms against 93 ms.",
                "两次随机选择为每个请求随机抽取两台服务器，各负载均衡器不会都选中同一台：其 p99 约为 190 毫秒，远不到最少连接的一半，中位数约 63 毫秒，而最少连接约 93 毫秒。",
            ),
        ],
        follow_up: None,
        question: Question {
            prompt: b(
                "Why does the tutorial's least connections make requests wait when the servers have room on average?",
                "服务器平均而言尚有余量，为什么教程的最少连接却让请求排队等待？",
            ),
            choices: &[
                b("Server1 is faster", "server1 更快"),
                b(
                    "Every balancer acts on the same stale load report, and min() breaks every tie towards the first server, so they all choose the same servers at once and overfill them",
                    "所有负载均衡器都依据同一份过时的负载报告，而 min() 总把平局判给第一台服务器，于是它们同时选中同几台服务器，把它们塞满",
                ),
                b("Server1 has a higher weight", "server1 的权重更高"),
            ],
            answer: 1,
            explanation: b(
                "Between two reports every balancer sees the same numbers, so its minimum is the same server, and the tutorial's code breaks ties the same way everywhere. Ten balancers making the same choice at once is a herd, and a herd overruns the 16 requests a server serves at once: the rest queue. The two random candidates of power of two choices differ from request to request and from balancer to balancer, so no server is everyone's first choice.",
                "两次报告之间，每个负载均衡器看到的数字都相同，因此它们的最小值是同一台服务器，而教程在各处都以同样的方式打破平局。十个负载均衡器同时做出同样的选择，就是扎堆；扎堆会超出一台服务器能同时处理的 16 个请求，多出的只能排队。两次随机选择的两个候选因请求、因负载均衡器而异，因此没有哪台服务器是所有人的首选。",
            ),
        },
    },
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::analyze::{Membership, churn, imbalance};
    use crate::engine::{Balancer, Note, Request, Server, Step, StrategyKind, Variant, seeded};
    use crate::scenario::preset;
    use crate::share::i18n::{AnyText, Lang, LaterText, Text, placeholders};
    use crate::sim::Simulation;
    use crate::sim::stats::RunReport;
    use std::collections::BTreeSet;

    /// The engine's servers for the pool the settings simulate (the worked example's figure
    /// test routes with them too).
    pub(crate) fn pool(s: &Link) -> Vec<Server> {
        s.scenario()
            .servers
            .iter()
            .enumerate()
            .map(|(i, x)| Server::new(x.id_at(i), x.host.clone(), x.port_at(i), x.weight))
            .collect()
    }

    fn settings_of(query: &str) -> Link {
        let (s, notes) = Link::from_query(query);
        assert!(notes.is_empty(), "{query}: {notes:?}");
        s
    }

    /// Run the compare view of a lesson: every strategy on the same arrivals.
    fn compare(s: &Link) -> Vec<RunReport> {
        let scenario = s.scenario();
        scenario.validate().unwrap();
        s.compare_configs()
            .iter()
            .map(|c| {
                Simulation::with_strategy(&scenario, c, s.seed)
                    .unwrap()
                    .run()
            })
            .collect()
    }

    fn bilingual_ok(text: Bilingual, what: &str) {
        for lang in Lang::ALL {
            assert!(!text.get(lang).trim().is_empty(), "{what} in {lang:?}");
        }
        let mut en = placeholders(text.en);
        let mut zh = placeholders(text.zh);
        en.sort_unstable();
        zh.sort_unstable();
        assert_eq!(en, zh, "{what}");
    }

    #[test]
    fn every_lesson_is_complete_valid_and_starts_from_a_preset() {
        let ids: BTreeSet<&str> = lessons().iter().map(|l| l.id).collect();
        assert_eq!(ids.len(), lessons().len());
        let mut presets = BTreeSet::new();
        for l in lessons() {
            let s = settings_of(l.query);
            assert!(l.query.starts_with("preset="), "{}", l.id);
            assert!(preset(l.preset()).is_some(), "{}", l.id);
            presets.insert(l.preset());
            s.scenario().validate().unwrap();
            assert!(s.strategy_config().validate().is_ok());
            if let Some(f) = l.follow_up {
                let next = settings_of(f.query);
                assert_eq!(
                    next.preset, s.preset,
                    "{}: a follow-up keeps the preset",
                    l.id
                );
                bilingual_ok(f.label, l.id);
            }
            bilingual_ok(l.title, l.id);
            bilingual_ok(l.intro, l.id);
            assert!(!l.watch_for.is_empty(), "{}", l.id);
            for w in l.watch_for {
                bilingual_ok(*w, l.id);
            }
            let q = &l.question;
            bilingual_ok(q.prompt, l.id);
            bilingual_ok(q.explanation, l.id);
            assert!(
                q.choices.len() >= 2 && q.answer < q.choices.len(),
                "{}",
                l.id
            );
            for c in q.choices {
                bilingual_ok(*c, l.id);
            }
            assert_eq!(lesson(l.id), Some(l));
        }
        assert!(lesson("nope").is_none());
        assert_eq!(
            lessons().iter().map(|l| l.id).collect::<Vec<_>>(),
            LESSON_IDS
        );
        assert_eq!(lesson_id("herding"), Some("herding"));
        assert_eq!(lesson_id("nope"), None);
        assert_eq!(
            lessons().iter().filter(|l| l.topic == Topic::Claim).count(),
            3
        );
        assert!(presets.len() >= 4, "{presets:?}");
    }

    /// What a lesson's steps may name in quotes: the labels of the page's controls, the options
    /// they offer, and the headings of its views, each a row the page shows (a [`LaterText`]
    /// one for the debugger's and the churn view's, which the later module shows on the page).
    fn on_screen() -> Vec<AnyText> {
        let mut names: Vec<AnyText> = vec![
            // Controls.
            Text::Strategy.into(),
            Text::Code.into(),
            Text::Preset.into(),
            Text::RequestRate.into(),
            Text::Latency.into(),
            Text::ErrorRate.into(),
            Text::HealthCheckInterval.into(),
            Text::VirtualNodes.into(),
            LaterText::LoadFactor.into(),
            Text::Speed.into(),
            Text::Play.into(),
            Text::Pause.into(),
            Text::Step.into(),
            Text::Reset.into(),
            Text::AddServer.into(),
            LaterText::RemoveServer.into(),
            Text::Seed.into(),
            Text::NewSeed.into(),
            Text::Ring.into(),
            Text::RunCompare.into(),
            Text::Crash.into(),
            Text::Recover.into(),
            Text::Drain.into(),
            Text::Maintenance.into(),
            LaterText::LookupHashStrategy.into(),
            Text::Server.into(),
            LaterText::ResetPool.into(),
            LaterText::FailServer.into(),
            LaterText::ChangeWeight.into(),
            LaterText::LookUp.into(),
            LaterText::NextStep.into(),
            LaterText::ZipfExponent.into(),
            // Options.
            Text::CorrectedCode.into(),
            Text::SeedCode.into(),
            LaterText::LabelRingFulcrum.into(),
            LaterText::LabelRingNginx.into(),
            LaterText::LabelUrlHash.into(),
            LaterText::LabelIpHash.into(),
            // Views and their parts.
            Text::LastPickHeading.into(),
            LaterText::ChurnTitle.into(),
            Text::RequestFlow.into(),
            Text::HashRing.into(),
            Text::Compare.into(),
            Text::LookupTitle.into(),
            LaterText::SpreadTitle.into(),
        ];
        names.extend(StrategyKind::ALL.map(|k| AnyText::Page(Text::strategy_name(k))));
        names
    }

    /// The spans of `text` between “ and ”.
    fn quoted(text: &str) -> Vec<&str> {
        text.split('“')
            .skip(1)
            .filter_map(|part| part.split_once('”').map(|(q, _)| q))
            .collect()
    }

    #[test]
    fn every_control_a_step_names_is_on_the_page() {
        let names = on_screen();
        // Each name is a row the views use (strategy names through `Text::strategy_name`).
        let mut ui = String::new();
        fn sources(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        sources(&root.join("ui"), &mut ui);
        sources(&root.join("playground"), &mut ui);
        for name in &names {
            let path = match name {
                AnyText::Page(text) => format!("Text::{text:?}"),
                AnyText::Later(text) => format!("LaterText::{text:?}"),
            };
            let strategy = StrategyKind::ALL
                .iter()
                .any(|&k| AnyText::Page(Text::strategy_name(k)) == *name);
            assert!(
                strategy || ui.contains(&path),
                "{path} is named by lessons but shown by no view"
            );
        }
        // Steps that ask the reader to act name what to act on, in quotes, as the page words it.
        let verbs = [
            "Press", "Switch", "Raise", "Lower", "Choose", "Pick", "Remove", "Open", "In ",
        ];
        let mut named = 0;
        for l in lessons() {
            for step in l.watch_for {
                for lang in Lang::ALL {
                    for q in quoted(step.get(lang)) {
                        assert!(
                            names.iter().any(|n| n.get(lang) == q),
                            "{}: “{q}” ({lang:?}) is not a control, option or view of the page",
                            l.id
                        );
                        named += 1;
                    }
                }
                if verbs.iter().any(|v| step.en.starts_with(v)) {
                    assert!(
                        !quoted(step.en).is_empty(),
                        "{}: “{}” asks to act on a control it does not name",
                        l.id,
                        step.en
                    );
                    assert_eq!(
                        quoted(step.en).len(),
                        quoted(step.zh).len(),
                        "{}: {}",
                        l.id,
                        step.en
                    );
                }
            }
        }
        assert!(named >= 20, "{named}");
    }

    #[test]
    fn lessons_json_is_the_file_the_playground_loads() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/lessons.json");
        let want = lessons_json();
        if std::env::var_os("FULCRUM_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "www/lessons.json is not share::lessons: rewrite it with FULCRUM_BLESS=1 cargo test --lib lessons_json"
        );
        let v: serde_json::Value = serde_json::from_str(&have).unwrap();
        assert_eq!(v["lessons"][0]["id"], "uniformity");
        assert_eq!(v["lessons"][0]["topic"], "claim");
        assert_eq!(v["lessons"][0]["title"]["zh"], LESSONS[0].title.zh);
        assert_eq!(v["lessons"][3]["question"]["answer"], 1);
        assert!(v["lessons"][5]["follow_up"].is_null());
    }

    #[test]
    fn uniformity_one_point_per_server_is_uneven_and_160_are_within_10_percent() {
        let s = settings_of(lesson("uniformity").unwrap().query);
        let servers = pool(&s);
        assert_eq!(servers.len(), 5);
        let mut config = s.strategy_config();
        assert_eq!(config.points_per_weight, 1);
        let one = imbalance(&config, servers.clone(), 10_000, 0, 1).unwrap();
        assert!(one.max_over_mean > 2.0, "{one:?}");
        assert_eq!(format!("{:.1}", one.max_over_mean), "2.6");
        config.points_per_weight = 160;
        let many = imbalance(&config, servers, 10_000, 0, 1).unwrap();
        assert!(many.max_over_mean < 1.10, "{many:?}");
        assert_eq!(format!("{:.2}", many.max_over_mean), "1.09");
        let follow = settings_of(lesson("uniformity").unwrap().follow_up.unwrap().query);
        assert_eq!(follow.strategy_config().points_per_weight, 160);
    }

    /// Owners of `n` identical requests for the lesson's key.
    fn owners_of_one_key(s: &Link, variant: Variant, n: u64) -> (BTreeSet<usize>, Vec<Vec<Step>>) {
        let mut config = s.strategy_config();
        config.variant = variant;
        let mut balancer = Balancer::new(config, pool(s)).unwrap();
        let mut rng = seeded(s.seed);
        let mut owners = BTreeSet::new();
        let mut steps = Vec::new();
        for i in 0..n {
            let request = Request::get(i, s.key.clone(), "192.168.1.7");
            let (got, trace) = balancer.pick_explained(&request, &mut rng, 0);
            owners.insert(got.unwrap());
            steps.push(trace);
        }
        (owners, steps)
    }

    #[test]
    fn stability_the_seeds_ring_scatters_one_key_and_the_corrected_ring_does_not() {
        let s = settings_of(lesson("stability").unwrap().query);
        assert_eq!(s.key, "/api/data/7");
        let (seed, _) = owners_of_one_key(&s, Variant::Seed, 200);
        assert_eq!(seed.len(), 4, "all four servers");
        let (corrected, _) = owners_of_one_key(&s, Variant::Corrected, 200);
        assert_eq!(corrected.len(), 1);
    }

    #[test]
    fn complexity_the_seed_scans_about_half_its_ring_the_corrected_ring_probes_a_few_points() {
        let s = settings_of(lesson("complexity").unwrap().query);
        let (_, traces) = owners_of_one_key(&s, Variant::Seed, 1000);
        let mut scanned = 0usize;
        for trace in &traces {
            let total = trace
                .iter()
                .find_map(|st| match st {
                    Step::Note(Note::LinearScan { total, .. }) => Some(*total),
                    _ => None,
                })
                .expect("the seed's ring notes its scan");
            assert_eq!(total, 600);
            let index = trace
                .iter()
                .find_map(|st| match st {
                    Step::RingPoint { index, wrapped, .. } => {
                        Some(if *wrapped { 600 } else { index + 1 })
                    }
                    _ => None,
                })
                .unwrap();
            scanned += index;
        }
        let mean = scanned as f64 / traces.len() as f64;
        assert!((250.0..=350.0).contains(&mean), "mean scanned {mean}");
        // The corrected ring: 1,120 points, at most 11 probes, for many different keys.
        let mut config = s.strategy_config();
        config.variant = Variant::Corrected;
        let mut balancer = Balancer::new(config, pool(&s)).unwrap();
        let mut rng = seeded(1);
        let mut points = 0;
        for i in 0..1000u64 {
            let request = Request::get(i, format!("/api/data/{i}"), "192.168.1.7");
            let (_, trace) = balancer.pick_explained(&request, &mut rng, 0);
            let probes = trace
                .iter()
                .filter(|st| matches!(st, Step::RingProbe { .. }))
                .count();
            assert!(probes <= 11, "{probes} probes");
            if let Some(Step::RingRange { of, .. }) =
                trace.iter().find(|st| matches!(st, Step::RingRange { .. }))
            {
                points = *of;
            }
        }
        assert_eq!(points, 1120);
    }

    /// Server ids in the order the simulation sent the lesson's first requests.
    fn first_servers(report: &RunReport) -> Vec<String> {
        report
            .first_requests
            .iter()
            .map(|r| {
                let endpoint = r.server.clone().unwrap_or_default();
                report
                    .servers
                    .iter()
                    .find(|s| s.endpoint == endpoint)
                    .map(|s| s.id.clone())
                    .unwrap_or(endpoint)
            })
            .collect()
    }

    fn longest_run(ids: &[String], id: &str) -> usize {
        ids.split(|x| x != id)
            .map(<[String]>::len)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn wrr_bursts_the_seed_sends_three_in_a_row_to_server4_smooth_wrr_never_does() {
        let l = lesson("wrr-bursts").unwrap();
        let s = settings_of(l.query);
        let run = |s: &Link| {
            Simulation::with_strategy(&s.scenario(), &s.strategy_config(), s.seed)
                .unwrap()
                .run()
        };
        let seed = first_servers(&run(&s));
        assert_eq!(seed.len(), 20);
        assert_eq!(
            seed[..7].join(" "),
            "server1 server2 server2 server3 server4 server4 server4"
        );
        assert_eq!(longest_run(&seed, "server4"), 3);
        let smooth = first_servers(&run(&settings_of(l.follow_up.unwrap().query)));
        assert_eq!(
            smooth[..7].join(" "),
            "server4 server2 server1 server4 server3 server2 server4"
        );
        assert_eq!(longest_run(&smooth, "server4"), 2);
        // The same shares: three of every seven, in both.
        for ids in [&seed, &smooth] {
            assert_eq!(ids[..14].iter().filter(|x| *x == "server4").count(), 6);
        }
    }

    #[test]
    fn modulo_churn_moves_81_percent_the_ring_22() {
        let l = lesson("modulo-churn").unwrap();
        let s = settings_of(l.query);
        let servers = pool(&s);
        assert_eq!(servers.len(), 5);
        let remove = Membership::Remove("server3".into());
        let modulo = churn(&s.strategy_config(), servers.clone(), &remove, 10_000, 0, 1).unwrap();
        assert_eq!(format!("{:.0}", modulo.moved_fraction * 100.0), "81");
        assert_eq!(modulo.ideal, 0.2);
        let ring_settings = settings_of(l.follow_up.unwrap().query);
        assert_eq!(ring_settings.strategy, StrategyKind::ConsistentHash);
        let ring = churn(
            &ring_settings.strategy_config(),
            servers,
            &remove,
            10_000,
            0,
            1,
        )
        .unwrap();
        assert_eq!(format!("{:.0}", ring.moved_fraction * 100.0), "22");
        assert_eq!(ring.needless, 0);
        assert_eq!(ring.absorbed.len(), 4, "spread over the other four");
    }

    #[test]
    fn lrt_the_seed_sends_almost_everything_to_the_server_that_fails_fast() {
        let s = settings_of(lesson("lrt-fails-fast").unwrap().query);
        let sc = s.scenario();
        assert_eq!(
            (sc.servers[3].latency_ms, sc.servers[3].error_rate),
            (5.0, 0.9)
        );
        let reports = compare(&s);
        let [seed, corrected, round_robin] = &reports[..] else {
            panic!("{}", reports.len())
        };
        assert_eq!(seed.strategy, "least_response_time (tutorial)");
        assert!(seed.servers[3].share > 0.99, "{}", seed.servers[3].share);
        assert!(
            (0.05..0.15).contains(&seed.availability),
            "{}",
            seed.availability
        );
        assert!(
            corrected.servers[3].share < 1.0 / 3.0,
            "{}",
            corrected.servers[3].share
        );
        assert!(corrected.availability > 0.7, "{}", corrected.availability);
        for server in &round_robin.servers {
            assert!((server.share - 0.25).abs() < 0.01);
        }
    }

    #[test]
    fn herding_the_seeds_least_connections_queues_where_two_choices_does_not() {
        let s = settings_of(lesson("herding").unwrap().query);
        assert_eq!(s.scenario().balancers, 10);
        let reports = compare(&s);
        let [seed, corrected, p2c] = &reports[..] else {
            panic!("{}", reports.len())
        };
        let shares = |r: &RunReport| r.servers.iter().map(|x| x.share).collect::<Vec<_>>();
        let (seed_shares, corrected_shares, p2c_shares) =
            (shares(seed), shares(corrected), shares(p2c));
        // The seed: the herd queues; p99 about 550 ms for 50 ms requests; server1 the busiest.
        assert_eq!(format!("{:.0}", seed.latency_ms.p99 / 50.0), "11");
        let busiest = seed_shares.iter().cloned().fold(0.0, f64::max);
        assert_eq!(seed_shares[0], busiest, "{seed_shares:?}");
        // Fulcrum's least connections herds too: p99 about 500 ms.
        assert_eq!(format!("{:.0}", corrected.latency_ms.p99 / 100.0), "5");
        assert!(
            corrected_shares.iter().all(|x| (x - 0.1).abs() < 0.01),
            "{corrected_shares:?}"
        );
        // Power of two choices: p99 about 190 ms, under half; medians about 63 against 93 ms.
        assert_eq!(format!("{:.0}", p2c.latency_ms.p99 / 10.0), "19");
        assert!(2.0 * p2c.latency_ms.p99 < corrected.latency_ms.p99);
        assert!(
            p2c_shares.iter().all(|x| (x - 0.1).abs() < 0.01),
            "{p2c_shares:?}"
        );
        assert_eq!(format!("{:.0}", p2c.latency_ms.p50), "63");
        assert_eq!(format!("{:.0}", corrected.latency_ms.p50), "93");
        assert!(
            seed.balance.request_spread > 2 * p2c.balance.request_spread,
            "{} vs {}",
            seed.balance.request_spread,
            p2c.balance.request_spread
        );
    }
}
