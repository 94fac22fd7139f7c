//! What a change of a backend's server list would move, by the proxy's own rule: the same keys
//! routed by the backend as read and by the backend after the change (a server removed, or one
//! added), as the proxy's reload builds it again ([`Predictor::without`], [`Predictor::with`]).
//! The command line's `route --config … --remove/--add` and the import panel's "What moves"
//! both run it.
//!
//! It counts the keys that move, those the removed server owned (the least any change could
//! move), and, for HAProxy, the servers that stayed but were given another id: HAProxy numbers
//! a server without an `id` by its position, its consistent-hash points derive from that
//! number, so deleting one line moves every later server's points and keys far beyond the
//! removed server's own.

use super::predict::Predictor;
use super::{Backend, KeySource};

/// A change of a backend's server list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    /// Delete the server with this label (HAProxy name, or address).
    Remove(String),
    /// Append a server `host:port[=weight]`.
    Add(String),
}

/// What a change moved, over the same keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Moves {
    /// Where each key went before the change (the server's address as written).
    pub before: Vec<String>,
    /// Where each key goes after it.
    pub after: Vec<String>,
    /// How many keys go elsewhere.
    pub moved: usize,
    /// How many keys the removed server owned (0 for an addition): they must move.
    pub own: usize,
    /// How many keys moved from a server that stays to another that was there before: no
    /// change needs these to move (an added server's keys come from the others, a removed
    /// server's go to them).
    pub between: usize,
    /// HAProxy servers that stayed and were numbered again: (label, id before, id after).
    pub renumbered: Vec<(String, u32, u32)>,
}

/// `n` keys of the kind `key` hashes: client addresses that differ in their first three octets
/// (nginx's `ip_hash` reads only those), else request URIs (a header's or a parameter's value
/// is any string, and these are strings).
pub fn sample_keys(key: &KeySource, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match key {
            KeySource::ClientAddress => format!("10.{}.{}.1", (i / 256) % 256, i % 256),
            _ => format!("/api/data/{i}"),
        })
        .collect()
}

/// Where `backend` sends each of `keys`, one request at a time: the servers' addresses, or
/// which request could not be routed and why.
pub fn route(backend: &Backend, keys: &[String]) -> Result<Vec<String>, String> {
    route_with(
        &mut Predictor::new(backend).map_err(|e| e.to_string())?,
        keys,
    )
}

/// [`route`] through a predictor already built.
fn route_with(p: &mut Predictor, keys: &[String]) -> Result<Vec<String>, String> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            p.pick(i as u64, k)
                .map(|s| p.backend().servers[s].address.clone())
                .map_err(|e| format!("request {}: {e}", i + 1))
        })
        .collect()
}

/// What `change` moves among `keys` routed by `backend`, or why it cannot be made or routed.
pub fn moves(backend: &Backend, change: &Change, keys: &[String]) -> Result<Moves, String> {
    let mut before_p = Predictor::new(backend).map_err(|e| e.to_string())?;
    let (changed, removed) = match change {
        Change::Remove(label) => {
            let changed = before_p.without(label).map_err(|e| e.to_string())?;
            let gone = backend
                .servers
                .iter()
                .find(|s| s.label() == label || s.address == *label)
                .map(|s| s.address.clone());
            (changed, gone)
        }
        Change::Add(spec) => (before_p.with(spec).map_err(|e| e.to_string())?, None),
    };
    let mut after_p = Predictor::new(&changed).map_err(|e| e.to_string())?;
    let renumbered = renumbered(&before_p, &after_p);
    let before = route_with(&mut before_p, keys)?;
    let after = route_with(&mut after_p, keys)?;
    let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    let own = removed.map_or(0, |gone| before.iter().filter(|s| **s == gone).count());
    // A key that moved between two servers there before and after the change did not have to.
    let on_both = |address: &String| {
        [backend, &changed]
            .iter()
            .all(|b| b.servers.iter().any(|s| s.address == *address))
    };
    let between = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b && on_both(a) && on_both(b))
        .count();
    Ok(Moves {
        before,
        after,
        moved,
        own,
        between,
        renumbered,
    })
}

/// HAProxy servers in both (by label) whose id differs; empty for the other proxies.
fn renumbered(before: &Predictor, after: &Predictor) -> Vec<(String, u32, u32)> {
    let ids = |p: &Predictor| {
        p.backend()
            .servers
            .iter()
            .zip(p.ids())
            .map(|(s, id)| (s.label().to_string(), *id))
            .collect::<Vec<_>>()
    };
    let later = ids(after);
    ids(before)
        .into_iter()
        .filter_map(|(label, was)| {
            let (_, now) = later.iter().find(|(l, _)| *l == label)?;
            (*now != was).then_some((label, was, *now))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend(text: &str) -> Backend {
        crate::config::parse(text, None).unwrap().backends.remove(0)
    }

    const HAPROXY: &str = "backend web\n  balance uri\n  hash-type consistent\n  server a \
        10.0.0.1:80\n  server b 10.0.0.2:80\n  server c 10.0.0.3:80\n  server d 10.0.0.4:80\n";

    /// HAProxy renumbers the servers after a deleted line: their points move, and keys move
    /// between servers that both stayed. With `id` on every line only b's own keys move.
    #[test]
    fn haproxy_renumbering_moves_more_than_the_removed_server_s_keys() {
        let keys = sample_keys(&KeySource::Uri, 2000);
        let m = moves(&backend(HAPROXY), &Change::Remove("b".into()), &keys).unwrap();
        assert_eq!(
            m.renumbered,
            vec![("c".to_string(), 3, 2), ("d".to_string(), 4, 3)]
        );
        assert!(
            m.own > 0 && m.moved > m.own + 300,
            "{} moved, {} own",
            m.moved,
            m.own
        );
        assert!(m.after.iter().all(|s| s != "10.0.0.2:80"));
        // Every key that moved was b's own or moved between two servers that stayed.
        assert_eq!(m.moved, m.own + m.between);

        let with_ids = HAPROXY
            .replace("10.0.0.1:80", "10.0.0.1:80 id 1")
            .replace("10.0.0.2:80", "10.0.0.2:80 id 2")
            .replace("10.0.0.3:80", "10.0.0.3:80 id 3")
            .replace("10.0.0.4:80", "10.0.0.4:80 id 4");
        let m = moves(&backend(&with_ids), &Change::Remove("b".into()), &keys).unwrap();
        assert!(m.renumbered.is_empty());
        assert_eq!(m.moved, m.own, "only b's own keys move");
        assert_eq!(m.between, 0);
    }

    /// nginx's consistent ring moves exactly the removed server's keys, and an added server
    /// takes keys only for itself.
    #[test]
    fn nginx_consistent_moves_only_what_it_must() {
        let conf = "upstream u {\n  hash $request_uri consistent;\n  server 10.0.0.1:80;\n  \
            server 10.0.0.2:80 weight=2;\n  server 10.0.0.3:80;\n}\n";
        let keys = sample_keys(&KeySource::Uri, 1000);
        let b = backend(conf);
        let m = moves(&b, &Change::Remove("10.0.0.2:80".into()), &keys).unwrap();
        assert!(m.own > 0);
        assert_eq!((m.moved, m.renumbered.len()), (m.own, 0));
        let m = moves(&b, &Change::Add("10.0.0.9:80".into()), &keys).unwrap();
        assert_eq!((m.own, m.between), (0, 0));
        assert!(m.moved > 0);
        for (was, now) in m.before.iter().zip(&m.after) {
            assert!(was == now || now == "10.0.0.9:80", "{was} → {now}");
        }
    }

    #[test]
    fn a_change_that_cannot_be_made_says_why() {
        let keys = sample_keys(&KeySource::Uri, 10);
        let b = backend(HAPROXY);
        let e = moves(&b, &Change::Remove("zz".into()), &keys).unwrap_err();
        assert!(e.contains("no server 'zz'"), "{e}");
        let e = moves(&b, &Change::Add("10.0.0.1:80".into()), &keys).unwrap_err();
        assert!(e.contains("expected a new host:port"), "{e}");
    }

    #[test]
    fn client_address_keys_differ_where_ip_hash_reads() {
        let keys = sample_keys(&KeySource::ClientAddress, 600);
        let prefixes: std::collections::BTreeSet<_> =
            keys.iter().map(|k| k.rsplit_once('.').unwrap().0).collect();
        assert_eq!(prefixes.len(), 600);
    }
}
