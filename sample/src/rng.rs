//! Deterministic randomness: a SplitMix64 generator, and key hashing that derives one
//! independent stream per purpose (seed, what, region, program, year), so any record can be
//! generated on its own without replaying the ones before it.
//!
//! Only integer arithmetic and the IEEE basic operations are used (no `exp`, `ln`, `cos`), so a
//! seed gives the same numbers on every platform.

/// Tags that keep the streams of different purposes apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(super) enum Stream {
    /// The economy of one statistical unit.
    Economy = 1,
    /// Province-wide shocks of one year.
    Macro,
    /// Whether a region runs a program at all, and since when.
    Membership,
    /// Whether a program is missing in one year.
    Gap,
    /// The shape of a (region, program) pair: indicators, weights, lines; stable over years.
    Structure,
    /// The budget's random walk, one draw per year.
    Budget,
    /// Everything that varies by year within a record.
    Record,
    /// How a year's budget answers the fund's previous year (结果应用).
    Response,
    /// Whether a report states a statistic differently from the published figure.
    Statement,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit key for a stream: the seed, the purpose and up to three indices.
pub(super) fn key(seed: u64, stream: Stream, parts: [u64; 3]) -> u64 {
    let mut hash = mix(seed ^ GOLDEN);
    hash = mix(hash ^ (stream as u64).wrapping_mul(GOLDEN));
    for part in parts {
        hash = mix(hash.wrapping_add(part).wrapping_mul(GOLDEN));
    }
    hash
}

/// A fixed hash of a text, independent of the seed (for traits that belong to a region).
pub(super) fn text_hash(text: &str) -> u64 {
    mix(text.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    }))
}

/// A SplitMix64 generator.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    /// The stream with this key.
    #[cfg(test)]
    pub(super) fn new(key: u64) -> Self {
        Self(key)
    }

    /// The stream for a purpose and indices.
    pub(super) fn keyed(seed: u64, stream: Stream, parts: [u64; 3]) -> Self {
        Self(key(seed, stream, parts))
    }

    /// The next 64 random bits.
    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        unit_of(self.next_u64())
    }

    /// Uniform in [low, high).
    pub(super) fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..n (0 when n is 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        (((self.next_u64() >> 32) * n) >> 32) as usize
    }

    /// Uniform in low..=high.
    pub(super) fn inclusive(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Approximately standard normal (Irwin–Hall of four uniforms, unit variance), bounded by
    /// ±2√3, so a walk never jumps absurdly.
    pub(super) fn normal(&mut self) -> f64 {
        const SQRT_3: f64 = 1.732_050_807_568_877_2;
        let sum = self.unit() + self.unit() + self.unit() + self.unit();
        (sum - 2.0) * SQRT_3
    }

    /// One element of a non-empty slice.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Maps 64 random bits to [0, 1).
pub(super) fn unit_of(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let draw = |seed| {
            let mut rng = Rng::keyed(seed, Stream::Record, [1, 2, 3]);
            (0..8).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        assert_ne!(
            key(7, Stream::Record, [1, 2, 3]),
            key(7, Stream::Budget, [1, 2, 3])
        );
        assert_ne!(
            key(7, Stream::Record, [1, 2, 3]),
            key(7, Stream::Record, [2, 1, 3])
        );
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut rng = Rng::new(42);
        for _ in 0..10_000 {
            let unit = rng.unit();
            assert!((0.0..1.0).contains(&unit));
            assert!(rng.below(7) < 7);
            assert!((3..=5).contains(&rng.inclusive(3, 5)));
            assert!(rng.normal().abs() <= 3.47);
        }
        assert_eq!(rng.below(0), 0);
    }
}
