//! Where the generated tokens went: into the candidates whose sentences were kept, into
//! candidates that passed but lost to a better one or were stopped unfinished, into each kind
//! of sentence the gate refused, and into the rest (plans, headings, notes).

use std::collections::BTreeMap;

/// Tokens of the candidates whose sentences the writer took (a question and answer of the
/// FAQ that do not match are dropped after; their tokens stay here).
pub const KEPT: &str = "kept";
/// Tokens of candidates that passed the gate but lost to a better one.
pub const OUTRANKED: &str = "passed, another taken";
/// Tokens of candidates stopped unfinished once enough others had passed.
pub const UNFINISHED: &str = "stopped once another passed";
/// Tokens of candidates that wrote no sentence at all.
pub const NOTHING: &str = "no sentence";
/// Tokens generated outside the rewrite's candidates: plan, headings, lines, notes.
pub const ELSEWHERE: &str = "plan, headings and notes";

/// Generated tokens by what became of them; the kinds sum to the tokens generated.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Spending(pub BTreeMap<String, usize>);

impl Spending {
    pub fn spend(&mut self, kind: &str, tokens: usize) {
        if tokens > 0 {
            *self.0.entry(kind.to_string()).or_default() += tokens;
        }
    }

    /// Charges what the kinds do not account for of the `total` generated to `ELSEWHERE`.
    pub fn settle(&mut self, total: usize) {
        let counted: usize = self
            .0
            .iter()
            .filter(|(k, _)| k.as_str() != ELSEWHERE)
            .map(|(_, v)| v)
            .sum();
        self.0.remove(ELSEWHERE);
        self.spend(ELSEWHERE, total.saturating_sub(counted));
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// `2,100 kept (11 %); wasted on: 5,230 words the source says apart (27 %), …`: the
    /// kept share, then the `n` costliest other kinds.
    pub fn summary(&self, n: usize) -> String {
        let total = self.total().max(1);
        let share = |v: usize| format!("{v} ({:.0} %)", 100.0 * v as f64 / total as f64);
        let mut waste: Vec<(&String, &usize)> =
            self.0.iter().filter(|(k, _)| k.as_str() != KEPT).collect();
        waste.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let costliest: Vec<String> = waste
            .iter()
            .take(n)
            .map(|(k, v)| format!("{} {k}", share(**v)))
            .collect();
        format!(
            "{} kept; the rest: {}",
            share(self.0.get(KEPT).copied().unwrap_or(0)),
            match costliest.is_empty() {
                true => "none".to_string(),
                false => costliest.join(", "),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_sum_to_the_tokens_generated() {
        let mut spent = Spending::default();
        spent.spend(KEPT, 30);
        spent.spend("repeated", 50);
        spent.spend(OUTRANKED, 0);
        spent.settle(100);
        assert_eq!(spent.total(), 100);
        assert_eq!(spent.0[ELSEWHERE], 20);
        assert!(!spent.0.contains_key(OUTRANKED));
        // Settling again counts nothing twice.
        spent.settle(120);
        assert_eq!(spent.0[ELSEWHERE], 40);
        assert_eq!(
            spent.summary(1),
            "30 (25 %) kept; the rest: 50 (42 %) repeated"
        );
    }
}
