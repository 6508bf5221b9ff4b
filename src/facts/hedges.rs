//! How sure the source is of each figure: exact, about (« estimé à », « environ », « près
//! de »), at least (« plus de », « au moins ») or at most (« jusqu'à », « pouvant
//! atteindre », « moins de »). A rewrite tells each figure as surely as the source does: « Le
//! préjudice pour la commune est de 2,3 millions d'euros », for the source's « est estimé à
//! 2,3 millions », turns an estimate into a fact (proces-marseille, seeds 1 to 3, stop 63).

use std::collections::{HashMap, HashSet};

use super::figures::{figure_spans, is_year};
use crate::grounding::CLAUSE_MARKS;
use crate::text::{fold_accents, normalize, words};

/// How a figure is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Hedge {
    Exact,
    About,
    AtLeast,
    AtMost,
}

/// Words that make the figure after them an estimate, folded.
const ABOUT: &[&str] = &[
    "environ",
    "pres",
    "presque",
    "quelque",
    "quasi",
    "approximativement",
    "autour",
    "avoisine",
    "avoisinant",
    "estime",
    "estimee",
    "estimes",
    "estimees",
    "estimation",
    "evalue",
    "evaluee",
    "evalues",
    "evaluees",
    "evaluation",
];

/// Words that make the figure after them a floor, folded: « plus de », « au moins ».
const AT_LEAST: &[&str] = &["depasse", "depassant", "depasser", "minimum", "superieur"];

/// Words that make the figure after them a ceiling, folded: « jusqu'à », « moins de »,
/// « sous les deux heures » (« ramener l'attente de 2 heures » for the source's « ramener
/// l'attente moyenne sous les deux heures », hôpital seed 1, stop 77).
const AT_MOST: &[&str] = &["maximum", "inferieur", "plafonne", "plafonnee", "sous"];

/// Modals that make « atteindre » a ceiling: « pouvant atteindre 500 euros » (where « a
/// atteint 4 % » is exact).
const MAY: &[&str] = &[
    "pouvant", "peut", "peuvent", "pourra", "pourront", "pourrait",
];

/// How many words before a figure may hedge it.
const WINDOW: usize = 3;

/// The hedge of the figure whose first word is `ws[first]` (`folded`, the words folded), and
/// where the words that tell it start, read back from it up to `WINDOW` words, never past a
/// mark that ends a clause.
fn hedge_of(text: &str, ws: &[&str], folded: &[String], first: usize) -> (Hedge, usize) {
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut start = first;
    for back in 1..=WINDOW.min(first) {
        let at = first - back;
        let gap = &text[offset(ws[at]) + ws[at].len()..offset(ws[at + 1])];
        if gap.contains(CLAUSE_MARKS) {
            break;
        }
        start = at;
        let word = folded[at].as_str();
        let before = at.checked_sub(1).map(|p| folded[p].as_str());
        let after = folded.get(at + 1).map(String::as_str);
        let de_after = matches!(after, Some("de" | "d'" | "des"));
        let hedge = match word {
            "moins" if before == Some("au") => Some(Hedge::AtLeast),
            "plus" if before == Some("au") => Some(Hedge::AtMost),
            "plus" if de_after => Some(Hedge::AtLeast),
            "moins" if de_after => Some(Hedge::AtMost),
            "atteindre" if before.is_some_and(|b| MAY.contains(&b)) => Some(Hedge::AtMost),
            w if w.starts_with("jusqu") => Some(Hedge::AtMost),
            w if ABOUT.contains(&w) => Some(Hedge::About),
            w if AT_LEAST.contains(&w) || w.starts_with("au-dela") => Some(Hedge::AtLeast),
            w if AT_MOST.contains(&w) => Some(Hedge::AtMost),
            _ => None,
        };
        if let Some(hedge) = hedge {
            return (hedge, at);
        }
    }
    (Hedge::Exact, start)
}

/// Each figure of `text` that a hedge may qualify (neither a year nor a quantity said in
/// words alone), with its key, the key of the word after it, as written with the words that
/// tell it, and its hedge.
fn hedged(text: &str) -> Vec<(String, Option<String>, String, Hedge)> {
    let figures: Vec<_> = figure_spans(text)
        .into_iter()
        .filter(|f| !f.bare && !is_year(&f.key))
        .collect();
    if figures.is_empty() {
        return Vec::new();
    }
    let ws = words(text);
    let folded: Vec<String> = ws.iter().map(|w| fold_accents(&normalize(w))).collect();
    figures
        .into_iter()
        .map(|f| {
            let (hedge, from) = hedge_of(text, &ws, &folded, f.first());
            let shown = ws[from..f.first()]
                .iter()
                .copied()
                .chain([f.written.as_str()])
                .collect::<Vec<_>>()
                .join(" ");
            // The word after the figure tells what it counts (« deux heures », « deux ans »).
            let unit = ws.get(f.next).map(|w| crate::text::word_key(w));
            (f.key, unit, shown, hedge)
        })
        .collect()
}

/// The hedges the source tells each of its figures with, by the figure's key.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Hedges {
    told: HashMap<String, HashSet<Hedge>>,
    /// The same by the figure's key and what it counts: « sous les deux heures » is a
    /// ceiling where « après deux ans de travaux » is exact.
    counted: HashMap<(String, String), HashSet<Hedge>>,
}

impl Hedges {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut told: HashMap<String, HashSet<Hedge>> = HashMap::new();
        let mut counted: HashMap<(String, String), HashSet<Hedge>> = HashMap::new();
        for sentence in sentences {
            for (key, unit, _, hedge) in hedged(sentence) {
                if let Some(unit) = unit {
                    counted
                        .entry((key.clone(), unit))
                        .or_default()
                        .insert(hedge);
                }
                told.entry(key).or_default().insert(hedge);
            }
        }
        Self { told, counted }
    }

    /// The source's figures that `sentence` tells more or less surely than the source ever
    /// does, each shown with the words that tell it (« commune est de 2,3 » where the source has « est
    /// estimé à 2,3 », « plus de 250 » where it has « 250 »). The words before a figure are
    /// written before it: a sentence still being written is judged the same.
    pub(super) fn changed(&self, sentence: &str) -> Vec<String> {
        hedged(sentence)
            .into_iter()
            .filter(|(key, unit, _, hedge)| {
                let of_unit = unit
                    .as_ref()
                    .and_then(|u| self.counted.get(&(key.clone(), u.clone())));
                of_unit
                    .or_else(|| self.told.get(key))
                    .is_some_and(|h| !h.contains(hedge))
            })
            .map(|(_, _, shown, _)| shown)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(source: &str, sentence: &str) -> Vec<String> {
        Hedges::new(&[source.to_string()]).changed(sentence)
    }

    #[test]
    fn a_ceiling_stays_a_ceiling() {
        let source = "Après deux ans de travaux, elle espère ramener l'attente moyenne sous les \
                      deux heures.";
        assert_eq!(
            changed(source, "Elle espère ramener l'attente de 2 heures."),
            ["ramener l'attente de 2"]
        );
        assert!(changed(source, "Elle veut l'attente sous les 2 heures.").is_empty());
    }

    #[test]
    fn an_estimate_stays_an_estimate() {
        let source = "Le préjudice pour la commune est estimé à 2,3 millions d'euros.";
        assert_eq!(
            changed(
                source,
                "Le préjudice pour la commune est de 2,3 millions d'euros."
            ),
            ["commune est de 2,3"]
        );
        for kept in [
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Le préjudice atteindrait environ 2,3 millions d'euros.",
            "Le préjudice, estimé à 2,3 millions d'euros, pèse sur la commune.",
        ] {
            assert!(changed(source, kept).is_empty(), "{kept}");
        }
    }

    #[test]
    fn a_floor_or_a_ceiling_stays_one() {
        let source = "Les entreprises de plus de cinquante salariés seront invitées. Une aide \
                      pouvant atteindre 500 euros. La part atteint aujourd'hui 4 % et doit \
                      passer à 8 % en six ans. Il a reçu au moins 12 voix.";
        let source: Vec<String> = crate::text::sentences(source);
        let hedges = Hedges::new(&source);
        for wrong in [
            "Les entreprises de cinquante salariés seront invitées.",
            "Les entreprises de moins de cinquante salariés seront invitées.",
            "Une aide de 500 euros sera versée.",
            "La part atteint près de 4 %.",
            "La part doit passer à plus de 8 %.",
            "Il a reçu 12 voix.",
        ] {
            assert_eq!(hedges.changed(wrong).len(), 1, "{wrong}");
        }
        for kept in [
            "Les entreprises de plus de cinquante salariés sont concernées.",
            "Une aide jusqu'à 500 euros sera versée.",
            "La part a atteint 4 %, et doit passer à 8 %.",
            "Il a reçu au moins 12 voix.",
            // A mark ends the words that tell a figure.
            "La part, plus de deux fois plus forte, atteint 4 %.",
        ] {
            assert!(hedges.changed(kept).is_empty(), "{kept}");
        }
    }
}
