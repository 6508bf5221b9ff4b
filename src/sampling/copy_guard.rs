//! The copy guard: while sampling, the token that would continue a verbatim copy of the
//! source past `n` units is banned, a unit being one token, or a whole figure however many
//! tokens its digits take.

use std::collections::{HashMap, HashSet};

/// Forbids continuing a verbatim copy of a reference text: once the last `n` units generated
/// equal `n` consecutive units of the reference, the token that followed them there is
/// banned. A unit is a token, except that the digits of a figure and the blanks between its
/// groups make one: the tokenizer writes each digit apart, so that « de 15 000 places »
/// counted eight tokens, and the guard banned « places » after the figure (the model wrote
/// « 15000 places », which the gate refuses) and « d'euros » after « 120 millions » (« 120
/// milliardsd'euros », « 120 millions de euros »).
#[derive(Debug, Clone, Default)]
pub struct CopyGuard {
    n: usize,
    /// The reference's tokens that follow each run of `n` units, the run keyed by its tokens.
    next: HashMap<Vec<u32>, HashSet<u32>>,
    /// The reference's tokens that are digits only, and those that are blanks only.
    digits: HashSet<u32>,
    blanks: HashSet<u32>,
    /// Tokens that close a quotation (« » », « ” »): a quotation of the source is the gate's
    /// to judge, whole, once it closes, and a copy run does not go on past it.
    closings: std::sync::Arc<HashSet<u32>>,
}

impl CopyGuard {
    pub fn new(reference: &[u32], n: usize) -> Self {
        Self::sparing(reference, n, |_, _| false)
    }

    /// A guard that never bans a token where `spared(previous, token)` says to keep it: a
    /// figure or a name must be written as the source writes it, and banning it only makes
    /// the model write another; a word already begun must be finished as it is spelt, and
    /// banning its next piece only makes the model misspell it (« l'alainier » for
    /// « l'ailier »). The copy is then broken at the next word's start, where the window
    /// that has moved on bans the source's next token.
    pub fn sparing(reference: &[u32], n: usize, spared: impl Fn(u32, u32) -> bool) -> Self {
        Self::with_figures(reference, n, spared, HashSet::new(), HashSet::new())
    }

    /// The guard with figures read as one unit: `digits` are the tokens that are digits
    /// only, `blanks` those that are a space only (before a figure, between its groups).
    pub fn with_figures(
        reference: &[u32],
        n: usize,
        spared: impl Fn(u32, u32) -> bool,
        digits: HashSet<u32>,
        blanks: HashSet<u32>,
    ) -> Self {
        Self {
            n,
            next: HashMap::new(),
            digits,
            blanks,
            closings: Default::default(),
        }
        .reading(reference, spared)
    }

    /// The guard with `closings`, the tokens that close a quotation: no run of a copy is
    /// counted across one (« », a-t-il déclaré » after a quotation copied whole was cut to
    /// « », a-t' il »).
    pub fn with_closings(mut self, closings: std::sync::Arc<HashSet<u32>>) -> Self {
        self.closings = closings;
        self
    }

    fn reading(mut self, reference: &[u32], spared: impl Fn(u32, u32) -> bool) -> Self {
        if self.n == 0 {
            return self;
        }
        for at in 1..reference.len() {
            let (previous, token) = (reference[at - 1], reference[at]);
            if self.joins(previous, token) || spared(previous, token) {
                continue;
            }
            if let Some(start) = self.start_of_last_units(&reference[..at]) {
                self.next
                    .entry(reference[start..at].to_vec())
                    .or_default()
                    .insert(token);
            }
        }
        self
    }

    /// Whether `token` goes on with the unit `previous` is in: a digit after a digit or a
    /// blank, a blank after a digit (« 15 000 »).
    fn joins(&self, previous: u32, token: u32) -> bool {
        let digit = |id| self.digits.contains(&id);
        (digit(token) && (digit(previous) || self.blanks.contains(&previous)))
            || (self.blanks.contains(&token) && digit(previous))
    }

    /// Where the last `n` units of `tokens` begin, if it holds that many.
    fn start_of_last_units(&self, tokens: &[u32]) -> Option<usize> {
        let mut units = 0;
        for at in (0..tokens.len()).rev() {
            if at == 0 || !self.joins(tokens[at - 1], tokens[at]) {
                units += 1;
                if units == self.n {
                    return Some(at);
                }
            }
        }
        None
    }

    /// The tokens banned after `history`: none where the next token would go on with its
    /// last unit, as that is no new unit of a copy.
    pub(super) fn banned(&self, history: &[u32]) -> Option<&HashSet<u32>> {
        if self.n == 0 {
            return None;
        }
        let start = self.start_of_last_units(history)?;
        let run = &history[start..];
        if run.iter().any(|t| self.closings.contains(t)) {
            return None;
        }
        self.next.get(run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_one_unit_of_a_copy() {
        // 1 « de », 2 a blank, 3 to 5 digits, 6 « places », 7 « pour »: « de 15 000 places
        // pour ».
        let reference = [1, 2, 3, 4, 2, 5, 5, 5, 6, 7];
        let digits: HashSet<u32> = [3, 4, 5].into();
        let blanks: HashSet<u32> = [2].into();
        let guard = CopyGuard::with_figures(&reference, 3, |_, _| false, digits, blanks);
        // « de 15 000 »: two units, so « places » is free.
        assert!(guard.banned(&[1, 2, 3, 4, 2, 5, 5, 5]).is_none());
        // « de 15 000 places »: three units, so « pour » is banned.
        let banned = guard.banned(&[1, 2, 3, 4, 2, 5, 5, 5, 6]).unwrap();
        assert_eq!(banned, &HashSet::from([7]));
        // Counted token by token, the same guard would have banned « places ».
        let tokens = CopyGuard::new(&reference, 3);
        assert_eq!(
            tokens.banned(&[1, 2, 3, 4, 2, 5, 5, 5]),
            Some(&HashSet::from([6]))
        );
    }

    #[test]
    fn no_run_is_counted_across_a_closed_quotation() {
        // 8 « », 9 « , », 10 « a-t-il »: « … » , a-t-il » copied after a quotation.
        let reference = [1, 2, 8, 9, 10];
        let guard = CopyGuard::new(&reference, 3);
        assert_eq!(guard.banned(&[1, 2, 8]), Some(&HashSet::from([9])));
        let guard = guard.with_closings(std::sync::Arc::new([8].into()));
        assert_eq!(guard.banned(&[1, 2, 8]), None);
        assert_eq!(guard.banned(&[2, 8, 9]), None);
        // Three units past it, a copy is a copy again.
        let guard =
            CopyGuard::new(&[8, 9, 10, 11, 12], 3).with_closings(std::sync::Arc::new([8].into()));
        assert_eq!(guard.banned(&[9, 10, 11]), Some(&HashSet::from([12])));
    }
}
