//! A balancer: one pool, one strategy, and the seed's statistics (its `LoadBalancer` class).
//!
//! Every change to the pool goes through here, so the strategy is rebuilt (or told of a load
//! change) exactly when it must be; the simulator and the CLI drive balancers, never strategies
//! directly.

use serde::Serialize;
use thiserror::Error;

use super::model::{
    LoadEvent, Nanos, Pool, PoolError, Request, Server, ServerReport, SpecError, Status,
};
use super::rng::SimRng;
use super::strategy::{AnyStrategy, ConfigError, PickContext, PickError, StrategyConfig};
use super::trace::{Explain, Step};

/// Anything that stops a balancer from being built or changed.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum EngineError {
    #[error(transparent)]
    /// The strategy configuration is invalid.
    Config(#[from] ConfigError),
    #[error(transparent)]
    /// A pool change named a duplicate id, an unknown id or an index out of range.
    Pool(#[from] PoolError),
    #[error(transparent)]
    /// A server list written as text could not be read.
    Spec(#[from] SpecError),
}

/// The seed's `get_stats()` per-server entry, field for field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerDetail {
    /// The server's unique id.
    pub id: String,
    /// `host:port`.
    pub endpoint: String,
    /// Health as the pool knows it.
    pub status: Status,
    /// Requests in flight through this balancer.
    pub current_connections: u32,
    /// Mean of the response-time window, in seconds as the seed reports it (0.0 without samples).
    pub average_response_time: f64,
    /// `current_connections / max_connections`, 0.0 to 1.0 and above when over the limit.
    pub connection_utilization: f64,
}

/// The seed's `get_stats()`, field for field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Picks that found a server (the seed counts at pick time).
    pub total_requests: u64,
    /// Requests reported finished with success.
    pub successful_requests: u64,
    /// Requests reported finished with failure.
    pub failed_requests: u64,
    /// Mean response time of successful requests, in seconds (the seed's running mean).
    pub average_response_time: f64,
    /// Servers in the pool, whatever their status.
    pub total_servers: usize,
    /// Servers whose status is `Healthy` (draining ones included).
    pub healthy_servers: usize,
    /// One entry per server, in pool order.
    pub server_details: Vec<ServerDetail>,
}

/// A pool and the strategy that picks from it.
#[derive(Clone, Debug)]
pub struct Balancer {
    config: StrategyConfig,
    pool: Pool,
    strategy: AnyStrategy,
    total_requests: u64,
    successful_requests: u64,
    failed_requests: u64,
    average_response_time: f64,
}

impl Balancer {
    /// Build the pool and the strategy; fails on duplicate ids or an invalid configuration.
    pub fn new(config: StrategyConfig, servers: Vec<Server>) -> Result<Self, EngineError> {
        let pool = Pool::new(servers)?;
        let strategy = AnyStrategy::build(&config, &pool)?;
        Ok(Self {
            config,
            pool,
            strategy,
            total_requests: 0,
            successful_requests: 0,
            failed_requests: 0,
            average_response_time: 0.0,
        })
    }

    /// The configuration the strategy was built from.
    pub fn config(&self) -> &StrategyConfig {
        &self.config
    }

    /// The servers and their live load as this balancer sees them.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The strategy's state (rings, tables, cursors), for views that draw it.
    pub fn strategy(&self) -> &AnyStrategy {
        &self.strategy
    }

    /// Pick a server for `request`; counts the request as the seed's `select_server` does.
    #[inline]
    pub fn pick(
        &mut self,
        request: &Request,
        rng: &mut SimRng,
        now: Nanos,
    ) -> Result<usize, PickError> {
        self.pick_with(request, rng, now, Explain::off())
    }

    /// Pick and return the steps that led to the pick, from the same code path.
    pub fn pick_explained(
        &mut self,
        request: &Request,
        rng: &mut SimRng,
        now: Nanos,
    ) -> (Result<usize, PickError>, Vec<Step>) {
        let mut steps = Vec::new();
        let result = self.pick_with(request, rng, now, Explain::on(&mut steps));
        if let Ok(server) = result {
            steps.push(Step::Chosen { server });
        }
        (result, steps)
    }

    fn pick_with(
        &mut self,
        request: &Request,
        rng: &mut SimRng,
        now: Nanos,
        explain: Explain<'_>,
    ) -> Result<usize, PickError> {
        let mut ctx = PickContext {
            request,
            pool: &self.pool,
            rng,
            now,
            explain,
        };
        let result = self.strategy.pick(&mut ctx);
        if result.is_ok() {
            self.total_requests += 1;
        }
        result
    }

    fn rebuild(&mut self, change: super::model::PoolChange) {
        self.strategy.rebuild(&self.pool, &change);
    }

    /// Append a server; the strategy rebuilds what depends on membership.
    pub fn add_server(&mut self, server: Server) -> Result<(), EngineError> {
        let change = self.pool.add(server)?;
        self.rebuild(change);
        Ok(())
    }

    /// Remove a server by id; later servers shift down one index.
    pub fn remove_server(&mut self, id: &str) -> Result<(), EngineError> {
        let change = self.pool.remove(id)?;
        self.rebuild(change);
        Ok(())
    }

    /// Set a server's status; a no-op when it already has it.
    pub fn set_status(&mut self, index: usize, status: Status) -> Result<(), EngineError> {
        if self.pool.servers().get(index).map(|s| s.status) == Some(status) {
            return Ok(());
        }
        let change = self.pool.set_status(index, status)?;
        self.rebuild(change);
        Ok(())
    }

    /// Change a server's weight; weight 0 keeps it in the pool but takes it out of picks.
    pub fn set_weight(&mut self, index: usize, weight: u32) -> Result<(), EngineError> {
        let change = self.pool.set_weight(index, weight)?;
        self.rebuild(change);
        Ok(())
    }

    /// Start or stop draining: a draining server finishes its requests but gets no new ones.
    pub fn set_draining(&mut self, index: usize, draining: bool) -> Result<(), EngineError> {
        let change = self.pool.set_draining(index, draining)?;
        self.rebuild(change);
        Ok(())
    }

    /// Change a server's connection limit (utilisation and the simulator's overload check).
    pub fn set_max_connections(&mut self, index: usize, max: u32) -> Result<(), EngineError> {
        self.pool.set_max_connections(index, max)?;
        Ok(())
    }

    /// A request was sent to `server` (the seed's `increment_connections`).
    #[inline]
    pub fn request_started(&mut self, server: usize) {
        self.pool.load_mut(server).connections += 1;
        self.strategy
            .load_changed(&self.pool, server, LoadEvent::Started);
    }

    /// A request to `server` finished after `latency_ms`. Unlike the seed, failures are recorded
    /// in the response-time window too, so a server that fails fast does not look fast.
    #[inline]
    pub fn request_finished(&mut self, server: usize, latency_ms: f64, ok: bool, now: Nanos) {
        let tau = self.config.ewma_tau_ns;
        let load = self.pool.load_mut(server);
        load.connections = load.connections.saturating_sub(1);
        load.record(latency_ms, ok, now, tau);
        if ok {
            self.successful_requests += 1;
            // The seed's running mean over successes, in seconds.
            let n = self.successful_requests as f64;
            self.average_response_time =
                (self.average_response_time * (n - 1.0) + latency_ms / 1000.0) / n;
        } else {
            self.failed_requests += 1;
        }
        self.strategy
            .load_changed(&self.pool, server, LoadEvent::Finished { latency_ms, ok });
    }

    /// From now on the simulator delivers the servers' own reports (idle servers, probe
    /// answers) through [`Balancer::server_report`]; see [`super::strategy::Strategy::reports_delivered`].
    pub fn reports_delivered(&mut self) {
        self.strategy.reports_delivered();
    }

    /// Server `server` (a pool index) sent `report`.
    pub fn server_report(&mut self, server: usize, report: ServerReport) {
        if server < self.pool.len() {
            self.strategy.report(&self.pool, server, report);
        }
    }

    /// The servers the strategy asked to probe since the last call, appended to `out`.
    #[inline]
    pub fn take_probes(&mut self, out: &mut Vec<usize>) {
        self.strategy.take_probes(out);
    }

    /// The seed's `get_stats()`.
    pub fn stats(&self) -> Stats {
        let servers = self.pool.servers();
        Stats {
            total_requests: self.total_requests,
            successful_requests: self.successful_requests,
            failed_requests: self.failed_requests,
            average_response_time: self.average_response_time,
            total_servers: servers.len(),
            healthy_servers: servers
                .iter()
                .filter(|s| s.status == Status::Healthy)
                .count(),
            server_details: servers
                .iter()
                .map(|s| ServerDetail {
                    id: s.id.clone(),
                    endpoint: s.endpoint(),
                    status: s.status,
                    current_connections: s.load.connections,
                    average_response_time: s.load.window.mean().unwrap_or(0.0) / 1000.0,
                    connection_utilization: s.connection_utilization(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::parse_servers;
    use crate::engine::rng::seeded;
    use crate::engine::strategy::StrategyKind;

    #[test]
    fn stats_follow_the_seed_fields() {
        let config = StrategyConfig::new(StrategyKind::RoundRobin);
        let mut b = Balancer::new(config, parse_servers("a:1,b:2").unwrap()).unwrap();
        let mut rng = seeded(1);
        let r = Request::get(1, "/", "10.0.0.1");
        let s = b.pick(&r, &mut rng, 0).unwrap();
        b.request_started(s);
        assert_eq!(b.stats().server_details[s].current_connections, 1);
        b.request_finished(s, 250.0, true, 1);
        let t = b.pick(&r, &mut rng, 0).unwrap();
        b.request_started(t);
        b.request_finished(t, 10.0, false, 2);
        let stats = b.stats();
        assert_eq!(
            (
                stats.total_requests,
                stats.successful_requests,
                stats.failed_requests
            ),
            (2, 1, 1)
        );
        assert_eq!(stats.average_response_time, 0.25);
        assert_eq!(stats.server_details[0].average_response_time, 0.25);
        assert_eq!(stats.server_details[1].average_response_time, 0.01);
        assert_eq!(stats.healthy_servers, 2);
        b.set_status(1, Status::Unhealthy).unwrap();
        assert_eq!(b.stats().healthy_servers, 1);
        assert_eq!(b.pick(&r, &mut rng, 0), Ok(0));
        b.set_status(0, Status::Maintenance).unwrap();
        assert_eq!(b.pick(&r, &mut rng, 0), Err(PickError::NoEligibleServer));
    }
}
