//! Reading a request's key for the hashing strategies: which attribute to hash, the key itself
//! (borrowed from the request, or for the request id formatted into a reused buffer, so the pick
//! path copies and allocates nothing), and the `Key` / `Hash` explanation steps every hashing
//! strategy starts with, recorded in one place.

use crate::engine::hashing::HashFunction;
use crate::engine::model::{KeySource, Request};
use crate::engine::trace::{Explain, Step};

/// The key a hashing strategy reads from each request.
#[derive(Clone, Debug, Default)]
pub struct RequestKey {
    source: KeySource,
    buf: String,
}

impl RequestKey {
    /// A reader of `source`, with an empty buffer for formatted keys.
    pub fn new(source: KeySource) -> Self {
        Self {
            source,
            buf: String::new(),
        }
    }

    /// Which request attribute is hashed.
    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// The request's key, explained as a [`Step::Key`].
    #[inline]
    pub fn read<'a>(&'a mut self, request: &'a Request, explain: &mut Explain<'_>) -> &'a str {
        let key = self.source.key_into(request, &mut self.buf);
        let source = &self.source;
        explain.step(|| Step::Key {
            source: source.clone(),
            key: key.to_string(),
        });
        key
    }

    /// The request's key and its hash by `function` (computed by `hash`), explained as a
    /// [`Step::Key`] and a [`Step::Hash`].
    #[inline]
    pub fn read_hashed<'a>(
        &'a mut self,
        request: &'a Request,
        explain: &mut Explain<'_>,
        function: HashFunction,
        hash: impl FnOnce(&[u8]) -> u64,
    ) -> (&'a str, u64) {
        let key = self.read(request, explain);
        let value = hash(key.as_bytes());
        explain.step(|| Step::Hash {
            function,
            input: key.to_string(),
            value,
        });
        (key, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_key_and_hash_only_when_asked() {
        let request = Request::get(3, "/a", "10.0.0.9");
        let mut key = RequestKey::new(KeySource::ClientIp);
        let mut steps = Vec::new();
        let (k, h) = key.read_hashed(
            &request,
            &mut Explain::on(&mut steps),
            HashFunction::Xxh3,
            crate::engine::hashing::key_hash,
        );
        assert_eq!(
            (k, h),
            ("10.0.0.9", crate::engine::hashing::key_hash(b"10.0.0.9"))
        );
        assert_eq!(steps.len(), 2);
        assert!(matches!(&steps[0], Step::Key { key, .. } if key == "10.0.0.9"));
        assert!(matches!(&steps[1], Step::Hash { value, .. } if *value == h));
        assert_eq!(key.read(&request, &mut Explain::off()), "10.0.0.9");
    }
}
