//! Percentages the source gives as a share of something (« la part du vélo dans les trajets
//! atteint 4 % »): a rewrite keeps the share. « Le vélo a atteint 4 % » makes the bicycle
//! itself the 4 % (velo, stop 64's dead-end trial).

use std::collections::HashMap;

use super::figures::figure_spans;
use crate::text::{fold_accents, normalize, words};

/// Nouns that make a percentage a share, folded.
const SHARE: &[&str] = &["part", "parts", "proportion", "pourcentage", "quote-part"];

/// How many words before a percentage its share may stand (« la part du vélo dans les
/// trajets domicile-travail atteint aujourd'hui 4 % »: nine).
const WINDOW: usize = 12;

/// Each percentage of `text` (in digits, before « % »): its key, the `WINDOW` words before it
/// (across commas: « la part du vélo, aujourd'hui de 4 % »), and whether a share noun is
/// among them or « de » follows the « % » (« 4 % des trajets » says what it is a share of).
fn percentages(text: &str) -> Vec<(String, String, String, bool)> {
    let figures: Vec<_> = figure_spans(text)
        .into_iter()
        .filter(|f| !f.bare && text[f.end..].trim_start().starts_with('%'))
        .collect();
    if figures.is_empty() {
        return Vec::new();
    }
    let ws = words(text);
    figures
        .into_iter()
        .map(|f| {
            let first = f.first();
            let start = first.saturating_sub(WINDOW);
            let share = ws[start..first]
                .iter()
                .any(|w| SHARE.contains(&fold_accents(&normalize(w)).as_str()));
            let of = text[f.end..]
                .trim_start()
                .trim_start_matches('%')
                .split_whitespace()
                .next()
                .is_some_and(|w| {
                    ["de", "des", "du", "d'"]
                        .iter()
                        .any(|d| normalize(w).starts_with(d))
                });
            // Shown with the three words before it, as the other figure rules show theirs.
            let shown = ws[first.saturating_sub(3)..first]
                .iter()
                .copied()
                .chain([f.written.as_str(), "%"])
                .collect::<Vec<_>>()
                .join(" ");
            (f.key, f.written, shown, share || of)
        })
        .collect()
}

/// The source's percentages that every mention tells as a share, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Shares {
    always: HashMap<String, bool>,
}

impl Shares {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut always: HashMap<String, bool> = HashMap::new();
        for sentence in sentences {
            for (key, _, _, share) in percentages(sentence) {
                *always.entry(key).or_insert(true) &= share;
            }
        }
        Self { always }
    }

    /// The percentages `sentence` tells without the share the source always gives them: the
    /// figure as written, and shown with the words before it. Those words are written before
    /// the figure: a sentence still being written is judged the same, but for « de » after
    /// the « % », which may yet come (`whole` false).
    pub(super) fn dropped(&self, sentence: &str, whole: bool) -> Vec<(String, String)> {
        percentages(sentence)
            .into_iter()
            .filter(|(key, _, _, share)| {
                let open = !whole && sentence.trim_end().ends_with('%');
                self.always.get(key) == Some(&true) && !share && !open
            })
            .map(|(_, written, shown, _)| (written, shown))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_stays_a_share() {
        let source = crate::text::sentences(
            "Selon Bruno Bernard, la part du vélo dans les trajets domicile-travail atteint \
             aujourd'hui 4 % et doit passer à 8 % en six ans. Les réserves sont remplies à \
             68 %.",
        );
        let shares = Shares::new(&source);
        assert_eq!(
            shares.dropped("Le vélo a atteint 4 % des déplacements.", true),
            Vec::<(String, String)>::new()
        );
        assert_eq!(
            shares.dropped("Le vélo a atteint 4 %.", true),
            [("4".to_string(), "vélo a atteint 4 %".to_string())]
        );
        for kept in [
            "La part du vélo atteint 4 %.",
            "La part du vélo, aujourd'hui de 4 %, doit doubler.",
            // 8 % and 68 %: the source gives no share within reach of them.
            "Le vélo doit passer à 8 % en six ans.",
            "Les réserves sont à 68 %.",
        ] {
            assert!(shares.dropped(kept, true).is_empty(), "{kept}");
        }
        // While written, « de » may yet follow the « % ».
        assert!(shares.dropped("Le vélo représente 4 %", false).is_empty());
    }
}
