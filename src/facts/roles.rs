//! What a figure is in its source sentence: a part of another (« dont deux avec sursis »), a
//! bound of a range (« entre 2016 et 2019 »), or the measure of a subject (« Le préjudice pour
//! la commune est estimé à 2,3 millions d'euros »). Its words kept, a figure told in another
//! role is still invented: « 2,3 millions d'euros, dont 2,3 millions ont été estimés », « une
//! entreprise dirigée entre 2016 et un appartement à Cassis », « La commune est estimée à 2,3
//! millions d'euros » (proces-marseille, stops 55 to 60). And a figure has one role in a
//! sentence: « a atteint aujourd'hui 4 %, à 8 % en six ans, et doit passer à 8 % » says it
//! twice where the source says it once (velo-lyon, stop 60).

use std::collections::{HashMap, HashSet};

use super::figures::{figure_spans, is_year, Figure};
use crate::grounding::CLAUSE_MARKS;
use crate::seo::readability::{is_participle, AVOIR, ETRE};
use crate::text::{is_stopword, normalize, strip_elision, word_key, words, DETERMINERS};

/// Words that end a subject: what follows them is another clause.
const CLAUSES: &[&str] = &["qui", "que", "qu'", "dont", "où", "et", "mais", "ou"];

/// A figure of a text, with the index in `words(text)` of its first word.
struct Placed {
    figure: Figure,
    first: usize,
}

impl Placed {
    /// The word right before it, lower case.
    fn after<'w>(&self, ws: &'w [String]) -> Option<&'w str> {
        self.first.checked_sub(1).map(|p| ws[p].as_str())
    }
}

fn placed(text: &str) -> Vec<Placed> {
    figure_spans(text)
        .into_iter()
        .map(|figure| Placed {
            first: figure.first(),
            figure,
        })
        .collect()
}

/// The roles the source gives its figures, each by the figure's key.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Roles {
    /// Figures the source gives as a part of another, after « dont ».
    parts: HashSet<String>,
    /// Each lower bound of a range « entre A et B », with its upper bounds.
    ranges: HashMap<String, HashSet<String>>,
    /// Each figure the source gives as what a subject is (« est estimé à », « est de »), with
    /// the subjects' head nouns, as `word_key`s.
    measures: HashMap<String, HashSet<String>>,
    /// Figures a sentence of the source says twice.
    twice: HashSet<String>,
    /// Figures the source gives only as a bound of a range.
    bounds_only: HashSet<String>,
}

impl Roles {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut roles = Self::default();
        let mut alone = HashSet::new();
        for s in sentences {
            let ws: Vec<String> = words(s).iter().map(|w| normalize(w)).collect();
            let figures = placed(s);
            let ranged = ranged(&ws, &figures);
            let mut seen = HashSet::new();
            for (k, f) in figures.iter().enumerate() {
                let key = f.figure.key.clone();
                match ranged.contains(&k) {
                    true => roles.bounds_only.insert(key.clone()),
                    false => alone.insert(key.clone()),
                };
                if !seen.insert(key.clone()) {
                    roles.twice.insert(key.clone());
                }
                match f.after(&ws) {
                    Some("dont") => {
                        roles.parts.insert(key.clone());
                    }
                    Some("entre") => {
                        if let Some(upper) = bound(&ws, f, figures.get(k + 1)) {
                            let upper = upper.figure.key.clone();
                            roles.ranges.entry(key.clone()).or_default().insert(upper);
                        }
                    }
                    _ => {}
                }
                if let Some(subject) = subject(s, &ws, f.first) {
                    if let Some(head) = subject.iter().find(|w| !is_stopword(w)) {
                        let heads = roles.measures.entry(key).or_default();
                        heads.insert(word_key(head));
                    }
                }
            }
        }
        roles.bounds_only.retain(|k| !alone.contains(k));
        roles
    }

    /// The figures of `sentence` told in a role the source does not give them, each as
    /// written, and as written with the words that give it that role. With `whole` false, `sentence` is
    /// the finished words of a sentence being written: a role still open at its end (a
    /// figure it ends with, a range's « et ») is left to be judged whole.
    pub(super) fn misplayed(&self, sentence: &str, whole: bool) -> Vec<(String, String)> {
        let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
        let figures = placed(sentence);
        let ranged = ranged(&ws, &figures);
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        // A range broken is said once, at its first bound.
        let mut broken = false;
        for (k, f) in figures.iter().enumerate() {
            let key = &f.figure.key;
            let written = &f.figure.written;
            if !whole && f.figure.next >= ws.len() {
                break;
            }
            let once =
                f.figure.bare || is_year(key) || seen.insert(key) || self.twice.contains(key);
            match f.after(&ws) {
                Some("dont") if !self.parts.contains(key) => {
                    out.push((written.clone(), format!("dont {written}")));
                    continue;
                }
                Some("entre") => {
                    if let Some(uppers) = self.ranges.get(key) {
                        let next = figures.get(k + 1);
                        let upper = bound(&ws, f, next).filter(|u| uppers.contains(&u.figure.key));
                        let open = !whole && f.figure.next + 2 >= ws.len();
                        if upper.is_none() && !open {
                            broken = true;
                            out.push((written.clone(), format!("entre {written}")));
                            continue;
                        }
                    }
                }
                _ => {}
            }
            let open = !whole && f.figure.next + 2 >= ws.len();
            if self.bounds_only.contains(key) && !ranged.contains(&k) && !open {
                if !std::mem::replace(&mut broken, true) {
                    out.push((written.clone(), format!("{written} outside its range")));
                }
                continue;
            }
            if !once {
                out.push((written.clone(), format!("{written} twice")));
                continue;
            }
            let Some(heads) = self.measures.get(key) else {
                continue;
            };
            if let Some(subject) = subject(sentence, &ws, f.first) {
                let said = subject
                    .iter()
                    .filter(|w| !is_stopword(w))
                    .any(|w| heads.contains(&word_key(w)));
                if !said {
                    out.push((
                        written.clone(),
                        format!("{} … {written}", subject.join(" ")),
                    ));
                }
            }
        }
        out
    }
}

/// The indices in `figures` of those that bound a range: « entre 2016 et 2019 », « de 2016
/// à 2019 ».
fn ranged(ws: &[String], figures: &[Placed]) -> HashSet<usize> {
    let mut out = HashSet::new();
    for (k, pair) in figures.windows(2).enumerate() {
        let (lower, upper) = (&pair[0], &pair[1]);
        let opener = lower.after(ws);
        let joiner = ws.get(lower.figure.next).map(String::as_str);
        let range = matches!(
            (opener, joiner),
            (Some("entre"), Some("et")) | (Some("de"), Some("à"))
        );
        if range && upper.first == lower.figure.next + 1 {
            out.extend([k, k + 1]);
        }
    }
    out
}

/// The upper bound of the range `lower` opens after « entre »: `next`, when « et » alone
/// stands between them.
fn bound<'a>(ws: &[String], lower: &Placed, next: Option<&'a Placed>) -> Option<&'a Placed> {
    let next = next?;
    let joined = ws.get(lower.figure.next).is_some_and(|w| w == "et");
    (joined && next.first == lower.figure.next + 1).then_some(next)
}

/// The subject a figure at word `first` of `text` measures: in « Le préjudice pour la
/// commune est estimé à 2,3 millions », the words « le préjudice pour la commune », each
/// with its elision stripped. Only a subject that opens its clause with a determiner, right
/// before a form of « être » (« a été » too), a participle or not, and « à » or « de ».
fn subject(text: &str, ws: &[String], first: usize) -> Option<Vec<String>> {
    let before = |back: usize| first.checked_sub(back).map(|i| (i, ws[i].as_str()));
    let (_, to) = before(1)?;
    if to != "à" && to != "de" {
        return None;
    }
    let mut verb = before(2)?;
    if verb.1 != "été" && is_participle(verb.1) && !ETRE.contains(&verb.1) {
        verb = before(3)?;
    }
    let copula = if verb.1 == "été" {
        let i = verb.0.checked_sub(1)?;
        AVOIR.contains(&ws[i].as_str()).then_some(i)?
    } else if ETRE.contains(&verb.1) {
        verb.0
    } else {
        return None;
    };
    // The clause opens after the last clause mark before the verb.
    let written = words(text);
    let at = |i: usize| written[i].as_ptr() as usize - text.as_ptr() as usize;
    let cut = text[..at(copula)].rfind(CLAUSE_MARKS).map_or(0, |c| c + 1);
    let start = (0..copula).find(|&i| at(i) >= cut)?;
    let span = &ws[start..copula];
    let opens = span
        .first()
        .is_some_and(|w| DETERMINERS.contains(&w.as_str()) || w.starts_with("l'") && w.len() > 2);
    if !opens || span.iter().any(|w| CLAUSES.contains(&w.as_str())) {
        return None;
    }
    Some(span.iter().map(|w| strip_elision(w).to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proces() -> Roles {
        Roles::new(&[
            "Le tribunal a condamné à quatre ans de prison, dont deux avec sursis, un ancien adjoint."
                .to_string(),
            "Il était accusé d'avoir favorisé entre 2016 et 2019 une entreprise de travaux publics."
                .to_string(),
            "Le préjudice pour la commune est estimé à 2,3 millions d'euros.".to_string(),
            "Le plan comprend 15 000 places pour vélos, dont une partie dans des parkings."
                .to_string(),
            "La part du vélo atteint 4 % et doit passer à 8 % en six ans.".to_string(),
            "Deux ans avec sursis et deux ans ferme.".to_string(),
        ])
    }

    #[test]
    fn a_figure_keeps_the_role_the_source_gives_it() {
        let r = proces();
        for (wrong, shown_) in [
            (
                "Le préjudice est de 2,3 millions d'euros, dont 2,3 millions ont été estimés.",
                "dont 2,3",
            ),
            (
                "Le plan comprend des places, dont 15 000 places fermées.",
                "dont 15 000",
            ),
            (
                "Il a favorisé une entreprise dirigée entre 2016 et un appartement à Cassis.",
                "entre 2016",
            ),
            (
                "Il a favorisé entre 2016 2019 une entreprise.",
                "entre 2016",
            ),
            (
                "La commune est estimée à 2,3 millions d'euros.",
                "la commune … 2,3",
            ),
            (
                "La part du vélo atteint 4 %, à 8 % en six ans, et doit passer à 8 %.",
                "8 twice",
            ),
            (
                "Selon le tribunal, la commune a été estimée à 2,3 millions d'euros.",
                "la commune … 2,3",
            ),
        ] {
            let shown: Vec<String> = r
                .misplayed(wrong, true)
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            assert_eq!(shown, vec![shown_.to_string()], "{wrong}");
        }
        for right in [
            "Il a été condamné à quatre ans de prison, dont 2 avec sursis.",
            "Entre 2016 et 2019, il a favorisé une entreprise.",
            "De 2016 à 2019, il a favorisé une entreprise.",
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Le montant du préjudice a été estimé à 2,3 millions d'euros.",
            "Le préjudice subi par la commune est de 2,3 millions d'euros.",
            "Il est estimé à 2,3 millions d'euros.",
            "La commune a subi un préjudice de 2,3 millions d'euros.",
            "Le plan comprend 15 000 places pour vélos.",
            "Il a été condamné à quatre ans de prison, dont deux ans avec sursis et deux ans ferme.",
        ] {
            assert!(r.misplayed(right, true).is_empty(), "{right}");
        }
    }

    #[test]
    fn a_role_still_open_is_left_to_the_whole_sentence() {
        let r = proces();
        for open in [
            "Il a favorisé entre 2016",
            "Il a favorisé entre 2016 et",
            "Des places, dont 15",
        ] {
            assert!(r.misplayed(open, false).is_empty(), "{open}");
        }
        assert_eq!(
            r.misplayed("Il a favorisé entre 2016 et un appartement", false),
            vec![("2016".to_string(), "entre 2016".to_string())]
        );
    }
}
