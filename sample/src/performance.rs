//! How well a fund did in one year: most years strong (nearly every target met, money spent),
//! some weak, a few poor. It sets how often targets fall short and by how much, how often
//! qualitative targets are only partly attained or deadlines missed, and how much of the budget
//! is executed, so grades spread over 优, 良 and now and then 中 or 差. Slower regions have weak
//! years more often.

use super::rng::Rng;

/// A fund's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Performance {
    /// Nearly everything met.
    Strong,
    /// Several targets short.
    Weak,
    /// Many targets short, money left unspent.
    Poor,
}

/// How far a qualitative target was attained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attained {
    /// As the target says.
    Fully,
    /// 基本.
    Largely,
    /// 部分.
    Partly,
}

impl Performance {
    /// The year of a fund in a region whose growth bias is `growth` (percentage points).
    pub(super) fn draw(rng: &mut Rng, growth: f64) -> Self {
        let weak = (0.14 - 0.04 * growth).clamp(0.06, 0.25);
        let draw = rng.unit();
        if draw < 0.025 {
            Self::Poor
        } else if draw < 0.025 + weak {
            Self::Weak
        } else {
            Self::Strong
        }
    }

    /// The chance that a numeric target falls short.
    pub(super) fn shortfall_chance(self) -> f64 {
        match self {
            Self::Strong => 0.06,
            Self::Weak => 0.4,
            Self::Poor => 0.6,
        }
    }

    /// Actual ÷ target of a shortfall.
    pub(super) fn shortfall_ratio(self, rng: &mut Rng) -> f64 {
        match self {
            Self::Strong => rng.between(0.82, 0.98),
            Self::Weak => rng.between(0.55, 0.95),
            Self::Poor => rng.between(0.3, 0.85),
        }
    }

    /// How far a qualitative target was attained.
    pub(super) fn qualitative(self, rng: &mut Rng) -> Attained {
        let (largely, partly) = match self {
            Self::Strong => (0.06, 0.04),
            Self::Weak => (0.15, 0.15),
            Self::Poor => (0.2, 0.35),
        };
        let draw = rng.unit();
        if draw < largely {
            Attained::Largely
        } else if draw < largely + partly {
            Attained::Partly
        } else {
            Attained::Fully
        }
    }

    /// Whether a deadline was met.
    pub(super) fn deadline_met(self, rng: &mut Rng) -> bool {
        let missed = match self {
            Self::Strong => 0.06,
            Self::Weak => 0.2,
            Self::Poor => 0.45,
        };
        !rng.chance(missed)
    }

    /// The share of the adjusted budget executed (a budget cut mid-year is often cut to what
    /// was spent, so the rate is then more often 100%).
    pub(super) fn execution_rate(self, rng: &mut Rng, adjusted_down: bool) -> f64 {
        if self == Self::Poor {
            return rng.between(0.35, 0.85);
        }
        if adjusted_down && rng.chance(0.6) {
            return 1.0;
        }
        let full = if self == Self::Weak { 0.25 } else { 0.45 };
        let draw = rng.unit();
        if draw < full {
            1.0
        } else if draw < 0.87 {
            rng.between(0.85, 1.0)
        } else if draw < 0.97 {
            rng.between(0.6, 0.85)
        } else {
            rng.between(0.3, 0.6)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_years_are_strong_and_slow_regions_have_more_weak_ones() {
        let share = |growth: f64| {
            let mut rng = Rng::new(9);
            (0..10_000)
                .filter(|_| Performance::draw(&mut rng, growth) != Performance::Strong)
                .count()
        };
        assert!(share(0.0) < 2_000);
        assert!(share(-1.0) > share(1.5));
    }
}
