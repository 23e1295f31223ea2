//! Parsed target and actual texts, remembered: most texts recur thousands of times (`≥90%`,
//! `成效明显`, `2024年年底以前`, `12家`) and parsing them is the generator's largest cost. The
//! memory is bounded: when full it starts afresh, keeping what recurs now.

use std::collections::HashMap;

use fundlens_shared::target::{Actual, Target};

/// How many distinct texts of each kind are remembered.
const CAPACITY: usize = 20_000;

/// The remembered parses.
#[derive(Debug, Default)]
pub(super) struct Texts {
    targets: HashMap<String, Target>,
    actuals: HashMap<String, Actual>,
}

impl Texts {
    /// The parsed target of `text` (written by the generator, so always well-formed).
    pub(super) fn target(&mut self, text: String) -> Target {
        remember(&mut self.targets, text, Target::parse)
    }

    /// The parsed actual value of `text` (written by the generator, so always well-formed).
    pub(super) fn actual(&mut self, text: String) -> Actual {
        remember(&mut self.actuals, text, Actual::parse)
    }
}

fn remember<T: Clone>(
    memory: &mut HashMap<String, T>,
    text: String,
    parse: impl Fn(&str) -> T,
) -> T {
    if let Some(parsed) = memory.get(&text) {
        return parsed.clone();
    }
    let parsed = parse(&text);
    if memory.len() >= CAPACITY {
        memory.clear();
    }
    memory.insert(text, parsed.clone());
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_parses_equal_fresh_ones() {
        let mut texts = Texts::default();
        for _ in 0..2 {
            for text in [
                "≥90%",
                "成效明显",
                "2024年年底以前",
                "64万元",
                "≥全省平均水平",
                "≥95%且≤105%",
            ] {
                assert_eq!(texts.target(text.to_owned()), Target::parse(text));
            }
            for text in ["96%", "成效明显", "2024年11月30日", "64万元"] {
                assert_eq!(texts.actual(text.to_owned()), Actual::parse(text));
            }
        }
    }
}
