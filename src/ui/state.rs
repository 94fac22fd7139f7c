//! The playground's model, outside Yew's render cycle: a balancer, its random generator, the
//! request counter and what each server received. Components dispatch [`Action`]s and draw the
//! result; the pick itself and its explanation come from the engine.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::{
    Balancer, Request, Server, Status, Step, StrategyConfig, StrategyKind, Variant, seeded,
};

/// The seed demo's four servers (weights 1, 2, 1, 3).
pub fn seed_demo_servers() -> Vec<Server> {
    [1u32, 2, 1, 3]
        .iter()
        .enumerate()
        .map(|(i, &w)| Server::new(format!("server{}", i + 1), "localhost", 8001 + i as u16, w))
        .collect()
}

#[derive(Clone)]
pub struct Playground {
    pub config: StrategyConfig,
    pub balancer: Balancer,
    pub seed: u64,
    rng: crate::engine::SimRng,
    pub sent: u64,
    /// Requests per server (pool index).
    pub received: Vec<u64>,
    pub failures: u64,
    pub last: Option<LastPick>,
}

/// The most recent pick and the engine's explanation of it.
#[derive(Clone, PartialEq)]
pub struct LastPick {
    pub request: Request,
    pub server: Option<usize>,
    pub error: Option<String>,
    pub steps: Vec<Step>,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config && self.sent == other.sent && self.seed == other.seed
    }
}

pub enum Action {
    SetStrategy(StrategyKind),
    SetVariant(Variant),
    Step,
    Reset,
    ToggleHealth(usize),
}

impl Playground {
    pub fn new(config: StrategyConfig, seed: u64) -> Self {
        let balancer = Balancer::new(config.clone(), seed_demo_servers())
            .expect("the seed demo's pool is valid for every strategy");
        let n = balancer.pool().len();
        Self {
            config,
            balancer,
            seed,
            rng: seeded(seed),
            sent: 0,
            received: vec![0; n],
            failures: 0,
            last: None,
        }
    }

    fn step(&mut self) {
        let i = self.sent;
        let request = Request::get(i, format!("/api/data/{i}"), format!("192.168.1.{}", i % 10));
        let (result, steps) = self.balancer.pick_explained(&request, &mut self.rng, 0);
        self.sent += 1;
        let (server, error) = match result {
            Ok(s) => {
                self.received[s] += 1;
                (Some(s), None)
            }
            Err(e) => {
                self.failures += 1;
                (None, Some(e.to_string()))
            }
        };
        self.last = Some(LastPick {
            request,
            server,
            error,
            steps,
        });
    }
}

impl Default for Playground {
    fn default() -> Self {
        Self::new(StrategyConfig::new(StrategyKind::RoundRobin), 1)
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetStrategy(kind) => {
                let mut config = next.config.clone();
                config.kind = kind;
                if !kind.has_seed_variant() {
                    config.variant = Variant::Corrected;
                }
                next = Playground::new(config, next.seed);
            }
            Action::SetVariant(variant) => {
                let mut config = next.config.clone();
                config.variant = variant;
                if config.validate().is_ok() {
                    next = Playground::new(config, next.seed);
                }
            }
            Action::Step => next.step(),
            Action::Reset => next = Playground::new(next.config.clone(), next.seed),
            Action::ToggleHealth(i) => {
                let status = match next.balancer.pool().server(i).status {
                    Status::Healthy => Status::Unhealthy,
                    _ => Status::Healthy,
                };
                let _ = next.balancer.set_status(i, status);
                // A new value so Yew sees the change.
                next.sent += 0;
            }
        }
        Rc::new(next)
    }
}
