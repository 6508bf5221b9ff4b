//! Polarity: which of the source's words it says in the negative. « Le centre-ville ne perdra
//! plus de places » and « ne réduit pas la fréquentation » use only the source's words, yet say
//! the opposite of « la suppression de places … ne réduise la fréquentation »; a negation the
//! source does not make, or one it makes that a sentence drops, turns a fact into its contrary.
//! So does an exception dropped: « Les agriculteurs devront réduire les prélèvements pour les
//! cultures maraîchères » where the source says « sauf pour les cultures maraîchères », and a
//! restriction: « des places dans les parkings fermés » where the source says « dont une
//! partie dans des parkings fermés ».

use std::collections::HashSet;

use super::links::key;
use super::speakers::folded;
use super::{stem, CLAUSE_MARKS};
use crate::text::{strip_elision, words};

/// The second half of a negation (« ne … pas »), folded; none is the expletive « ne » of
/// « craignent que … ne réduise », which denies nothing.
const PARTICLES: &[&str] = &[
    "pas",
    "plus",
    "jamais",
    "rien",
    "aucun",
    "aucune",
    "personne",
    "guere",
    "nullement",
    "ni",
    "que",
];

/// Pronouns between « ne » and its verb (« ne le sera pas », « ne s'en sert »).
const CLITICS: &[&str] = &[
    "me", "te", "se", "le", "la", "les", "lui", "leur", "y", "en", "nous", "vous",
];

/// Words, at most, from « ne » to the content word it denies (« n'a pas encore été réduit »).
const SCOPE_WORDS: usize = 6;

/// Words that set apart what follows them in their clause (« sauf pour les cultures
/// maraîchères », « hors des stations équipées »), folded.
const EXCEPTIONS: &[&str] = &["sauf", "hormis", "excepte", "hors"];

/// Words before « partie » that make it a restriction (« dont une partie dans des parkings
/// fermés », « en partie financé »), folded; « la partie civile » is none.
const PART_OF: &[&str] = &["une", "en", "pour"];

/// Whether the word at `at` opens an exception or a restriction.
fn sets_apart(ws: &[String], at: usize) -> bool {
    let w = strip_elision(&ws[at]);
    EXCEPTIONS.contains(&w)
        || (w == "partie"
            && at
                .checked_sub(1)
                .is_some_and(|p| PART_OF.contains(&ws[p].as_str())))
}

/// The stems of the content words that `text` sets apart, each clause from its exception
/// word on, and those it says otherwise.
fn excepted(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut set_apart, mut plain) = (Vec::new(), Vec::new());
    for clause in text.split(CLAUSE_MARKS) {
        let mut apart = false;
        let ws = words(clause);
        let keys: Vec<String> = ws.iter().map(|w| folded(w)).collect();
        for (i, w) in ws.into_iter().enumerate() {
            if sets_apart(&keys, i) {
                apart = true;
            }
            if let Some(s) = stem(w) {
                let s = key(&s).to_string();
                match apart {
                    true => set_apart.push(s),
                    false => plain.push(s),
                }
            }
        }
    }
    (set_apart, plain)
}

/// One negation: the stem of the content word it bears on and its particle (empty for the
/// expletive « ne »).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Negation {
    stem: String,
    particle: String,
    /// The content word as written.
    word: String,
    /// Nothing follows the content word in its clause: a text being written may still add
    /// the particle (« ne perdra » before « plus »).
    open: bool,
}

/// The negations of `text`, clause by clause.
fn negations(text: &str) -> Vec<Negation> {
    let mut out = Vec::new();
    for clause in text.split(CLAUSE_MARKS) {
        let ws = words(clause);
        for (i, w) in ws.iter().enumerate() {
            let f = folded(w);
            // « n'est », « n'a »: the verb is in the same word.
            let scope: Vec<&str> = match f.as_str() {
                "ne" => ws[i + 1..].to_vec(),
                _ if f.starts_with("n'") && f.len() > 2 => {
                    // After the apostrophe, plain or typographic (three bytes).
                    let verb = w
                        .char_indices()
                        .find(|&(_, c)| c == '\'' || c == '’')
                        .map_or(0, |(a, c)| a + c.len_utf8());
                    std::iter::once(&w[verb..])
                        .chain(ws[i + 1..].iter().copied())
                        .collect()
                }
                _ => continue,
            };
            if let Some(n) = negation(&scope) {
                out.push(n);
            }
        }
    }
    out
}

/// The negation that opens on `scope`, the words after « ne »: the first content word and
/// the particle, which stands before it (« n'a pas été réduit ») or just after it (« ne
/// perdra plus »).
fn negation(scope: &[&str]) -> Option<Negation> {
    let particle_of = |w: &str| {
        let f = folded(w);
        let bare = strip_elision(&f).to_string();
        PARTICLES.contains(&bare.as_str()).then_some(bare)
    };
    let mut particle = String::new();
    for (i, w) in scope.iter().enumerate().take(SCOPE_WORDS) {
        if let Some(p) = particle_of(w) {
            if particle.is_empty() {
                particle = p;
            }
            continue;
        }
        if CLITICS.contains(&strip_elision(&folded(w))) {
            continue;
        }
        if let Some(s) = stem(w) {
            if particle.is_empty() {
                particle = scope
                    .get(i + 1)
                    .and_then(|n| particle_of(n))
                    .unwrap_or_default();
            }
            return Some(Negation {
                stem: key(&s).to_string(),
                open: particle.is_empty() && i + 1 == scope.len(),
                particle,
                word: w.to_string(),
            });
        }
    }
    None
}

/// How a sentence's polarity departs from the source's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flip {
    /// The word is denied where the source does not deny it so.
    Negated(String),
    /// The word is said plainly where the source only says it denied.
    Affirmed(String),
    /// The word is said plainly where the source only sets it apart (« sauf », « hors ») or
    /// says it of a part (« dont une partie »).
    Unexcepted(String),
}

impl std::fmt::Display for Flip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flip::Negated(w) => write!(f, "« {w} » denied where the source does not deny it"),
            Flip::Affirmed(w) => write!(f, "« {w} » said without the source's negation"),
            Flip::Unexcepted(w) => {
                write!(
                    f,
                    "« {w} » said without the exception or restriction the source makes of it"
                )
            }
        }
    }
}

/// What the source denies: each negation as (stem, particle), and the stems it only ever
/// says denied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Polarity {
    negated: HashSet<(String, String)>,
    only_negated: HashSet<String>,
    /// The stems the source only says after « sauf », « hormis », « excepté », « hors » or
    /// « une partie ».
    only_excepted: HashSet<String>,
}

impl Polarity {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut negated = HashSet::new();
        let mut affirmed = HashSet::new();
        let (mut set_apart, mut plain_anywhere) = (HashSet::new(), HashSet::new());
        for text in source {
            let (apart, plain) = excepted(text);
            set_apart.extend(apart);
            plain_anywhere.extend(plain);
            let denied = negations(text);
            let mut plain: Vec<String> = words(text)
                .into_iter()
                .filter_map(stem)
                .map(|s| key(&s).to_string())
                .collect();
            for n in &denied {
                if !n.particle.is_empty() {
                    if let Some(at) = plain.iter().position(|s| *s == n.stem) {
                        plain.remove(at);
                    }
                }
            }
            affirmed.extend(plain);
            negated.extend(denied.into_iter().map(|n| (n.stem, n.particle)));
        }
        let only_negated = negated
            .iter()
            .filter(|(s, p)| !p.is_empty() && !affirmed.contains(s))
            .map(|(s, _)| s.clone())
            .collect();
        Self {
            negated,
            only_negated,
            only_excepted: set_apart.difference(&plain_anywhere).cloned().collect(),
        }
    }

    /// The first word of `sentence` whose polarity the source does not share: denied as the
    /// source never denies it (the expletive « ne » aside, as the source writes it), or said
    /// plainly where the source only denies it.
    pub fn flipped(&self, sentence: &str) -> Option<Flip> {
        self.judge(sentence, false)
    }

    /// `flipped` for a sentence still being written: a denial whose particle may come next
    /// is left for the end.
    pub fn flipped_so_far(&self, partial: &str) -> Option<Flip> {
        self.judge(partial, true)
    }

    fn judge(&self, sentence: &str, partial: bool) -> Option<Flip> {
        let denied = negations(sentence);
        let pending = |n: &Negation| partial && n.open;
        for n in denied.iter().filter(|n| !pending(n)) {
            if !self.negated.contains(&(n.stem.clone(), n.particle.clone())) {
                return Some(Flip::Negated(n.word.clone()));
            }
        }
        let mut bound: Vec<&str> = denied
            .iter()
            .filter(|n| !n.particle.is_empty() || pending(n))
            .map(|n| n.stem.as_str())
            .collect();
        for w in words(sentence) {
            let Some(s) = stem(w) else { continue };
            let s = key(&s);
            if let Some(at) = bound.iter().position(|b| *b == s) {
                bound.remove(at);
            } else if self.only_negated.contains(s) {
                return Some(Flip::Affirmed(w.to_string()));
            }
        }
        let (_, plain) = excepted(sentence);
        words(sentence)
            .into_iter()
            .find(|w| {
                stem(w).is_some_and(|s| {
                    let s = key(&s).to_string();
                    self.only_excepted.contains(&s) && plain.contains(&s)
                })
            })
            .map(|w| Flip::Unexcepted(w.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VELO: &str = "Plusieurs représentants craignent que la suppression de places de \
        stationnement automobile ne réduise la fréquentation des boutiques du centre-ville. \
        Un premier bilan du plan sera présenté devant le conseil métropolitain. Le projet \
        n'entraînera aucune hausse des impôts locaux.";

    #[test]
    fn what_the_source_sets_apart_stays_apart() {
        let polarity = Polarity::new([
            "Les agriculteurs devront réduire leurs prélèvements d'irrigation de 30 %, sauf pour \
             les cultures maraîchères et les jeunes plantations.",
            "L'arrosage est interdit, tout comme le lavage des voitures hors des stations \
             équipées d'un recyclage de l'eau.",
            "Le plan comprend 15 000 places pour vélos, dont une partie dans des parkings fermés.",
            "La partie civile a demandé réparation.",
        ]);
        for wrong in [
            "Les agriculteurs devront réduire les prélèvements d'irrigation pour les cultures \
             maraîchères.",
            "Le lavage des voitures équipées d'un recyclage est interdit.",
            "Le plan comprend la construction de places dans les parkings fermés.",
        ] {
            assert!(
                matches!(polarity.flipped(wrong), Some(Flip::Unexcepted(_))),
                "{wrong}"
            );
        }
        for right in [
            "Sauf pour les cultures maraîchères, les agriculteurs réduiront leurs prélèvements.",
            "Les agriculteurs devront réduire leurs prélèvements, sauf pour les jeunes plantations.",
            "Le lavage des voitures est interdit hors des stations équipées.",
            "Les agriculteurs devront réduire leurs prélèvements d'irrigation.",
            "Une partie des places sera construite dans des parkings fermés.",
            "Le plan comprend des places, dont une partie dans des parkings fermés.",
            "L'avocat a demandé réparation.",
        ] {
            assert_eq!(polarity.flipped(right), None, "{right}");
        }
    }

    #[test]
    fn a_negation_the_source_does_not_make_is_a_flip() {
        let p = Polarity::new([VELO]);
        assert_eq!(
            p.flipped("Le centre-ville ne réduit pas la fréquentation des boutiques."),
            Some(Flip::Negated("réduit".into()))
        );
        assert_eq!(
            p.flipped("Le bilan du plan ne sera pas présenté au conseil."),
            Some(Flip::Negated("présenté".into()))
        );
        assert_eq!(
            p.flipped("Le centre-ville n'est plus accessible aux boutiques."),
            Some(Flip::Negated("accessible".into()))
        );
    }

    #[test]
    fn the_sources_own_negations_and_expletive_ne_pass() {
        let p = Polarity::new([VELO]);
        assert_eq!(
            p.flipped("Les commerçants craignent que la suppression de places ne réduise la fréquentation."),
            None
        );
        assert_eq!(
            p.flipped("Selon la Métropole, le projet n'entraînera aucune hausse des impôts."),
            None
        );
        assert_eq!(
            p.flipped("Le bilan du plan sera présenté au conseil métropolitain."),
            None
        );
    }

    #[test]
    fn a_typographic_apostrophe_elides_as_the_plain_one() {
        // « n’ont » once cut the word inside the apostrophe's three bytes, and panicked.
        let p = Polarity::new([VELO]);
        assert_eq!(
            p.flipped("Les habitants n’ont plus accès aux boutiques."),
            p.flipped("Les habitants n'ont plus accès aux boutiques.")
        );
        assert_eq!(
            p.flipped("Le centre-ville n’est plus accessible aux boutiques."),
            Some(Flip::Negated("accessible".into()))
        );
    }

    #[test]
    fn a_denial_being_written_waits_for_its_particle() {
        let p = Polarity::new([VELO]);
        assert_eq!(p.flipped_so_far("Le projet n'entraînera"), None);
        assert_eq!(
            p.flipped_so_far("Le centre-ville ne réduit pas"),
            Some(Flip::Negated("réduit".into()))
        );
    }

    #[test]
    fn dropping_the_sources_negation_is_a_flip() {
        let p = Polarity::new([VELO]);
        assert_eq!(
            p.flipped("Le projet entraînera une hausse des impôts locaux."),
            Some(Flip::Affirmed("entraînera".into()))
        );
    }
}
