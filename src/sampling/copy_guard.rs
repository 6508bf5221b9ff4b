//! The copy guard: while sampling, the token that would continue a verbatim copy of the
//! source past `n` units is banned, with the same word in its other spellings; a unit is
//! one token, or a whole figure however many tokens its digits take, and a comma is none.

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
    /// The same one unit earlier, for a token whose next unit is spared and opens a word:
    /// copied at the `n`-th unit, it dooms the copy, as the spared word makes it `n + 1`
    /// (see `reading`).
    early: HashMap<Vec<u32>, HashSet<u32>>,
    /// The reference's tokens that are digits only, and those that are blanks only.
    digits: HashSet<u32>,
    blanks: HashSet<u32>,
    /// Tokens that close a quotation (« » », « ” »): a quotation of the source is the gate's
    /// to judge, whole, once it closes, and a copy run does not go on past it.
    closings: std::sync::Arc<HashSet<u32>>,
    /// Tokens that are a comma: no unit of a copy, in the reference or in what is written,
    /// as the gate counts a copy in words. Counted, a comma dropped or added broke the run
    /// (« Le chef d'entreprise Olivier Rinaldi a été condamné à », 83 to 110 candidates a
    /// trace refused as an 8-word copy in proces's three at stop 69, `def998e`).
    commas: std::sync::Arc<HashSet<u32>>,
}

/// The tokens a guard reads as parts of a unit, or as none.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// Tokens that are digits only: a figure's digits make one unit.
    pub digits: HashSet<u32>,
    /// Tokens that are a space only (before a figure, between its groups).
    pub blanks: HashSet<u32>,
    /// Tokens that are a comma, no unit at all (the vocabulary's, shared by every guard).
    pub commas: std::sync::Arc<HashSet<u32>>,
    /// Tokens that go on with a word begun (no leading space): spared, they add no word to
    /// a copy, so no token before them is banned early for them.
    pub pieces: HashSet<u32>,
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
        Self::with_units(reference, n, spared, Units::default())
    }

    /// The guard with figures read as one unit and commas as none (see `Units`).
    pub fn with_units(
        reference: &[u32],
        n: usize,
        spared: impl Fn(u32, u32) -> bool,
        units: Units,
    ) -> Self {
        Self {
            n,
            next: HashMap::new(),
            early: HashMap::new(),
            digits: units.digits,
            blanks: units.blanks,
            closings: Default::default(),
            commas: units.commas,
        }
        .reading(reference, spared, &units.pieces)
    }

    /// The guard with `closings`, the tokens that close a quotation: no run of a copy is
    /// counted across one (« », a-t-il déclaré » after a quotation copied whole was cut to
    /// « », a-t' il »).
    pub fn with_closings(mut self, closings: std::sync::Arc<HashSet<u32>>) -> Self {
        self.closings = closings;
        self
    }

    /// Reads `reference`: each token that a run of `n` units precedes is banned after that
    /// run, unless `spared`. A token whose next unit is spared and opens a word (what a
    /// figure counts, « 250 kilomètres »; a name) is banned after `n - 1` units too: copied
    /// there, the spared word after it made an `n + 1`-unit copy that the gate refuses
    /// (« Le projet prévoit la création de 250 kilomètres d' », 129 candidates in velo's
    /// three traces at stop 70, 1,548 tokens).
    fn reading(
        mut self,
        reference: &[u32],
        spared: impl Fn(u32, u32) -> bool,
        pieces: &HashSet<u32>,
    ) -> Self {
        if self.n == 0 {
            return self;
        }
        // The reference without its commas, and where each of its tokens stands in it.
        let (at, units): (Vec<usize>, Vec<u32>) = reference
            .iter()
            .enumerate()
            .filter(|(_, t)| !self.commas.contains(t))
            .map(|(i, &t)| (i, t))
            .unzip();
        for k in 1..units.len() {
            let token = units[k];
            if self.joins(units[k - 1], token) || spared(reference[at[k] - 1], token) {
                continue;
            }
            let [early, full] = self.starts_of_last_units(&units[..k], self.n);
            if let Some(start) = full {
                self.next
                    .entry(units[start..k].to_vec())
                    .or_default()
                    .insert(token);
            }
            // The unit after this token's own (a figure's digits and blanks go with it).
            let after = (k + 1..units.len()).find(|&j| !self.joins(units[j - 1], units[j]));
            let spared_word = after.is_some_and(|j| {
                !pieces.contains(&units[j]) && spared(reference[at[j] - 1], units[j])
            });
            if let Some(start) = early.filter(|_| spared_word) {
                self.early
                    .entry(units[start..k].to_vec())
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

    /// The guard with each banned token's `twins` banned with it: the same word spelt
    /// otherwise, by case or accents (« difference » for « différence »).
    pub fn with_twins<'t>(mut self, twins: impl Fn(u32) -> &'t [u32]) -> Self {
        for banned in self.next.values_mut().chain(self.early.values_mut()) {
            let more: Vec<u32> = banned.iter().flat_map(|&id| twins(id)).copied().collect();
            banned.extend(more);
        }
        self
    }

    /// Where the last `n - 1` and the last `n` units of `tokens` begin, where it holds that
    /// many, in one walk back: commas are passed over, and a token joins the one before it
    /// past them.
    fn starts_of_last_units(&self, tokens: &[u32], n: usize) -> [Option<usize>; 2] {
        let mut starts = [None, None];
        let mut units = 0;
        let mut kept = (0..tokens.len())
            .rev()
            .filter(|&i| !self.commas.contains(&tokens[i]))
            .peekable();
        while let Some(at) = kept.next() {
            if kept
                .peek()
                .is_none_or(|&before| !self.joins(tokens[before], tokens[at]))
            {
                units += 1;
                if units + 1 == n {
                    starts[0] = Some(at);
                }
                if units == n {
                    starts[1] = Some(at);
                    break;
                }
            }
        }
        starts
    }

    /// The tokens banned after `history`, after its last `n` units and one unit early (for
    /// the spared word after them): none where the next token would go on with its last
    /// unit, as that is no new unit of a copy. The units are counted once for both.
    pub(super) fn banned_now(
        &self,
        history: &[u32],
    ) -> (Option<&HashSet<u32>>, Option<&HashSet<u32>>) {
        if self.n == 0 {
            return (None, None);
        }
        let [early, full] = self.starts_of_last_units(history, self.n);
        let lookup = |start: Option<usize>, next| self.lookup(&history[start?..], next);
        (lookup(full, &self.next), lookup(early, &self.early))
    }

    /// The tokens banned after `history`'s last `n` units.
    #[cfg(test)]
    pub(super) fn banned(&self, history: &[u32]) -> Option<&HashSet<u32>> {
        self.banned_now(history).0
    }

    /// The tokens banned after `history`'s last `n - 1` units, for the spared word after them.
    #[cfg(test)]
    pub(super) fn banned_early(&self, history: &[u32]) -> Option<&HashSet<u32>> {
        self.banned_now(history).1
    }

    /// What `next` bans after `run`, read as the reference was, without its commas.
    fn lookup<'g>(
        &self,
        run: &[u32],
        next: &'g HashMap<Vec<u32>, HashSet<u32>>,
    ) -> Option<&'g HashSet<u32>> {
        if next.is_empty() {
            return None;
        }
        // Copied without its commas only where it has one, not at every token drawn.
        let without_commas: Vec<u32>;
        let mut run = run;
        if run.iter().any(|t| self.commas.contains(t)) {
            without_commas = run
                .iter()
                .filter(|t| !self.commas.contains(t))
                .copied()
                .collect();
            run = &without_commas;
        }
        if run.iter().any(|t| self.closings.contains(t)) {
            return None;
        }
        next.get(run)
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
        let units = Units {
            digits: [3, 4, 5].into(),
            blanks: [2].into(),
            ..Units::default()
        };
        let guard = CopyGuard::with_units(&reference, 3, |_, _| false, units);
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
    fn a_token_before_a_spared_word_is_banned_a_unit_early() {
        // 1 « la », 2 « création », 3 « de », 4 a blank, 5 digits, 6 « kilomètres », 7 « de »,
        // 8 « mètres »'s piece: « la création de 250 kilomètres de ».
        let reference = [1, 2, 3, 4, 5, 5, 5, 6, 8, 7];
        let units = || Units {
            digits: [5].into(),
            blanks: [4].into(),
            pieces: [8].into(),
            ..Units::default()
        };
        // The word after a figure is spared, and so is a word's piece.
        let spared = |previous: u32, id: u32| previous == 5 && id == 6 || id == 8;
        let guard = CopyGuard::with_units(&reference, 4, spared, units());
        // « la création de 250 » is four units: « kilomètres » cannot be banned after it,
        // so the figure is, after « la création de ».
        assert_eq!(guard.banned(&[1, 2, 3, 4, 5, 5, 5]), None);
        assert_eq!(guard.banned_early(&[1, 2, 3]), Some(&HashSet::from([4])));
        // Its piece adds no word: no token is banned early for it.
        assert_eq!(guard.banned_early(&[2, 3, 4, 5, 5, 5]), None);
        // Nothing spared, nothing is banned early.
        let guard = CopyGuard::with_units(&reference, 4, |_, _| false, units());
        assert_eq!(guard.banned_early(&[1, 2, 3]), None);
    }

    #[test]
    fn a_comma_is_no_unit_of_a_copy() {
        // 9 a comma: « Le chef d'entreprise, Olivier Rinaldi, a été ».
        let reference = [1, 2, 9, 3, 9, 4, 5];
        let units = Units {
            commas: std::sync::Arc::new([9].into()),
            ..Units::default()
        };
        let guard = CopyGuard::with_units(&reference, 3, |_, _| false, units);
        // The comma dropped, or added where the reference has none, the copy is the same.
        assert_eq!(guard.banned(&[1, 2, 3]), Some(&HashSet::from([4])));
        assert_eq!(guard.banned(&[1, 9, 2, 9, 3, 9]), Some(&HashSet::from([4])));
        // A comma is never the token banned: the one after it is.
        let units = Units {
            commas: std::sync::Arc::new([9].into()),
            ..Units::default()
        };
        let guard = CopyGuard::with_units(&reference, 2, |_, _| false, units);
        assert_eq!(guard.banned(&[1, 2]), Some(&HashSet::from([3])));
    }

    #[test]
    fn a_banned_word_is_banned_in_every_spelling() {
        // 3 « différence », 4 « difference », 5 « Différence »: twins; 6 is not.
        let guard = CopyGuard::new(&[1, 2, 3, 6], 2).with_twins(|id| match id {
            3..=5 => &[3, 4, 5],
            _ => &[],
        });
        assert_eq!(guard.banned(&[1, 2]), Some(&HashSet::from([3, 4, 5])));
        assert_eq!(guard.banned(&[2, 3]), Some(&HashSet::from([6])));
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
