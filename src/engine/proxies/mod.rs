//! Real proxies' own selection rules, rule for rule from their source, so that a pasted
//! configuration routes in the playground as it would in production: [`nginx`] (`ip_hash`,
//! `least_conn`) and [`nginx_hash`] (`hash KEY;`), [`haproxy`]'s `balance` algorithms, and
//! Envoy's ring and Maglev ([`envoy`]) and LEAST_REQUEST ([`envoy_least`]). [`trace`] holds the
//! typed steps of a proxy's lookup, worded by `share::steps`.

pub mod envoy;
pub mod envoy_least;
pub mod haproxy;
pub mod nginx;
pub mod nginx_hash;
pub mod trace;
