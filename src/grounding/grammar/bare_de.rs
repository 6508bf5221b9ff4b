//! A noun's complement the source writes with a bare « de » (« les cours d'eau », « les pics
//! d'activité »), given an article: « les prélèvements dans les cours de l'eau » (sécheresse,
//! all three seeds at stop 77) names the water's course, not the rivers. Nor is a noun the
//! source writes only so made a sentence's subject: « Les voitures électriques ont ralenti en
//! Europe » (usine seeds 1 and 3, stop 78) for « la demande de voitures électriques a
//! ralenti ».

use std::collections::{HashMap, HashSet};

use crate::text::{normalize, strip_elision, word_key, words};

/// Whether `word` (lower case) may be a noun's head (`least` 4) or complement (3: « eau »):
/// a plain word of that many letters or more that is no function word.
fn plain(word: &str, least: usize) -> bool {
    word.chars().count() >= least
        && word.chars().all(char::is_alphabetic)
        && !crate::text::is_stopword(word)
}

/// Each complement of `sentence` after « de »: the word before it, the complement's word
/// (`word_key` both) and whether an article stands between (« du », « des », « de la »,
/// « de l' »).
fn complements(sentence: &str) -> Vec<(String, String, bool)> {
    let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
    let mut out = Vec::new();
    for i in 1..ws.len() {
        // An elided determiner is no part of the head: « d'anciens des ouvriers ».
        let head = strip_elision(&ws[i - 1]);
        if !plain(head, 4) {
            continue;
        }
        let (complement, articled) = match ws[i].as_str() {
            "du" | "des" => (ws.get(i + 1).cloned(), true),
            "de" => match ws.get(i + 1).map(String::as_str) {
                Some("la") => (ws.get(i + 2).cloned(), true),
                Some(w) if w.starts_with("l'") || w.starts_with("l’") => {
                    (Some(strip_elision(w).to_string()), true)
                }
                Some(w) => (Some(w.to_string()), false),
                None => (None, false),
            },
            w if w.starts_with("d'") || w.starts_with("d’") => {
                (Some(strip_elision(w).to_string()), false)
            }
            _ => (None, false),
        };
        if let Some(c) = complement.filter(|c| plain(c, 3)) {
            out.push((word_key(head), word_key(&c), articled));
        }
    }
    out
}

/// The pairs the source writes with a bare « de », and those it writes with an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BareComplements {
    bare: HashSet<(String, String)>,
    articled: HashSet<(String, String)>,
    /// Two plain words, lower case, that the source writes side by side (« anciens
    /// ouvriers »): no « de » and no article may be put between them.
    adjacent: HashSet<(String, String)>,
    /// For each plain word of the source (`word_key`): how often it is written, how often
    /// right after a determiner (an elided « l' » or « d' » included), and how often as a
    /// complement after a bare « de ».
    mentions: HashMap<String, (usize, usize, usize)>,
}

/// Determiners a sentence's subject opens on, folded (« Les voitures »).
const SUBJECT_DETERMINERS: &[&str] = &[
    "le", "la", "les", "un", "une", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur",
    "leurs",
];

impl BareComplements {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut found = Self::default();
        for sentence in source {
            let ws = words(sentence);
            for (i, w) in ws.iter().enumerate() {
                let bare = strip_elision(w);
                if !bare.starts_with(char::is_lowercase) || !plain(&normalize(bare), 4) {
                    continue;
                }
                let determined = bare.len() < w.len()
                    || i.checked_sub(1).is_some_and(|p| {
                        crate::text::DETERMINERS.contains(&normalize(ws[p]).as_str())
                    });
                let seen = found.mentions.entry(word_key(bare)).or_default();
                seen.0 += 1;
                seen.1 += usize::from(determined);
            }
            for pair in ws.windows(2) {
                let (first, next) = (strip_elision(pair[0]), pair[1]);
                let lower = |w: &str| w.starts_with(char::is_lowercase) && plain(&normalize(w), 4);
                if lower(first) && lower(next) {
                    found.adjacent.insert((word_key(first), word_key(next)));
                }
            }
            for (head, complement, articled) in complements(sentence) {
                if !articled {
                    found.mentions.entry(complement.clone()).or_default().2 += 1;
                }
                match articled {
                    true => found.articled.insert((head, complement)),
                    false => found.bare.insert((head, complement)),
                };
            }
        }
        found
    }

    /// The subject `sentence` opens on, where its noun is one the source never gives a
    /// determiner, and writes as a complement after a bare « de »: « Les voitures » for « la
    /// demande de voitures » and « des batteries pour voitures ». A noun, lower case: « La
    /// Ville à vélo » is a name, and « L'essentiel » takes no « de » (« essentiels à »).
    pub fn made_subject(&self, sentence: &str) -> Option<String> {
        // A completive's subject too: « La CGT rappelle que les voitures électriques ont
        // ralenti » (usine seed 3, stop 78).
        if let Some((_, completive)) = sentence.split_once(" que ") {
            if let Some(found) = self.made_subject(completive) {
                return Some(found);
            }
        }
        let ws = words(sentence);
        let first = normalize(ws.first()?);
        let (noun, shown) = match first.split_once(['\'', '’']) {
            Some(("l", noun)) => (noun.to_string(), ws[0].to_string()),
            _ if SUBJECT_DETERMINERS.contains(&crate::text::fold_accents(&first).as_str()) => {
                let noun = ws.get(1)?;
                (normalize(noun), format!("{} {noun}", ws[0]))
            }
            _ => return None,
        };
        let (all, determined, complement) = *self.mentions.get(&word_key(&noun))?;
        let lower = shown
            .split([' ', '\'', '’'])
            .next_back()?
            .starts_with(char::is_lowercase);
        (lower && all > 0 && determined == 0 && complement > 0).then_some(shown)
    }

    /// The first complement of `sentence` given an article where the source writes it with
    /// a bare « de » only: « cours de l'eau » for « cours d'eau »; or where it writes the two
    /// words side by side, an adjective and its noun: « recrutés parmi d'anciens des ouvriers
    /// de l'automobile » (usine seed 3, stop 80) for « d'anciens ouvriers ».
    pub fn articled(&self, sentence: &str) -> Option<String> {
        complements(sentence)
            .into_iter()
            .find(|(head, complement, articled)| {
                let pair = (head.clone(), complement.clone());
                let split = self.bare.contains(&pair) || self.adjacent.contains(&pair);
                *articled && split && !self.articled.contains(&pair)
            })
            .map(|(head, complement, _)| format!("{head} de … {complement}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_complement_takes_no_article() {
        let c = BareComplements::new([
            "Des contrôles sur les prélèvements dans les cours d'eau.",
            "Les effectifs sont insuffisants pour faire face aux pics d'activité.",
            "La part du vélo dans les déplacements, et la part de vélo.",
            "Des techniciens recrutés parmi d'anciens ouvriers de l'automobile.",
            "Les chantiers navals ferment.",
        ]);
        for wrong in [
            "Les services contrôlent les prélèvements dans les cours de l'eau.",
            "Les effectifs ne font pas face aux pics de l'activité.",
            "Ils ont été recrutés parmi d'anciens des ouvriers de l'automobile.",
            "Ils ont été recrutés parmi les anciens de la ouvriers.",
        ] {
            assert!(c.articled(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Les services contrôlent les cours d'eau.",
            "La place du vélo doit doubler.",
            "La part du vélo doit doubler.",
            "Le recyclage de l'eau est exigé.",
            "Ils ont été recrutés parmi d'anciens ouvriers de l'automobile.",
            "Les ouvriers de l'usine sont d'anciens salariés.",
            "Les anciens des chantiers navals sont venus.",
        ] {
            assert_eq!(c.articled(right), None, "{right}");
        }
    }

    #[test]
    fn a_bare_complement_is_no_subject() {
        let c = BareComplements::new([
            "La CGT rappelle que la demande de voitures électriques a ralenti en Europe.",
            "L'usine produira des batteries pour voitures.",
            "Des contrôles sur les prélèvements dans les cours d'eau.",
        ]);
        assert_eq!(
            c.made_subject("Les voitures électriques ont ralenti en Europe.")
                .as_deref(),
            Some("Les voitures")
        );
        assert_eq!(
            c.made_subject("L'eau manque.").as_deref(),
            None,
            "three letters"
        );
        assert_eq!(
            c.made_subject("La CGT rappelle que les voitures électriques ont ralenti.")
                .as_deref(),
            Some("les voitures")
        );
        for right in [
            "La demande de voitures électriques a ralenti.",
            "Les prélèvements baissent.",
            "En Europe, les voitures électriques se vendent moins.",
        ] {
            assert_eq!(c.made_subject(right), None, "{right}");
        }
        let c = BareComplements::new([
            "Ils sécurisent les composants essentiels à la croissance, pour la Ville de Lyon.",
        ]);
        for right in ["L'essentiel est là.", "La Ville se tait."] {
            assert_eq!(c.made_subject(right), None, "{right}");
        }
    }
}
