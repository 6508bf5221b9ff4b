//! Who does what: the name the source puts before a verb (« Toulouse affrontera en finale le
//! vainqueur de l'autre demi-finale, qui oppose dimanche La Rochelle au Racing 92 ») stays the
//! one that does it. An article may not give the verb to another name of that same source
//! sentence (« La Rochelle affrontera en finale… »): the sentence's words, roles swapped.

use std::collections::HashSet;

use super::tense::participle_key;
use crate::seo::readability::{is_participle, AVOIR, ETRE};
use crate::text::{fold_accents, is_stopword, normalize, strip_elision, words};

/// Words between a subject and its verb that are not the verb: negations, reflexive
/// pronouns, and the pronouns « en » and « y ».
const BEFORE_VERB: &[&str] = &["ne", "n'", "se", "s'", "en", "y"];

/// Words a subject may follow in its clause.
const OPENERS: &[&str] = &[
    "le", "la", "les", "et", "mais", "puis", "donc", "alors", "que", "dont",
];

/// A source sentence: the names it holds, and each name it puts before a verb, with the verb.
#[derive(Debug, Clone, Default, PartialEq)]
struct Told {
    names: HashSet<String>,
    subjects: Vec<(String, String)>,
}

/// A word of a sentence, and whether a comma stands before it.
struct Word<'a> {
    text: &'a str,
    comma: bool,
}

fn split(sentence: &str) -> Vec<Word<'_>> {
    let mut end = 0;
    words(sentence)
        .into_iter()
        .map(|w| {
            let at = w.as_ptr() as usize - sentence.as_ptr() as usize;
            let comma = sentence[end.min(at)..at].contains(',');
            end = at + w.len();
            Word { text: w, comma }
        })
        .collect()
}

fn capital(word: &str) -> bool {
    strip_elision(word).starts_with(char::is_uppercase)
}

/// A name's key: its words that are not function words, folded (« La Rochelle » is
/// `rochelle`, « l'Union Bordeaux-Bègles » `union bordeaux-begles`).
fn name_key(run: &[&str]) -> String {
    run.iter()
        .map(|w| strip_elision(w))
        .filter(|w| !is_stopword(w))
        .map(|w| fold_accents(&normalize(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The names of `sentence` (runs of capitalised words, figures after them: « Racing 92 »),
/// and each one followed by a verb: `(name key, verb key)`, the verb a participle after its
/// auxiliary (« a salué » is `salué`), a lone word otherwise (« affrontera »).
fn read(sentence: &str) -> Told {
    let ws = split(sentence);
    let mut told = Told::default();
    let mut i = 0;
    while i < ws.len() {
        if !capital(ws[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        while i < ws.len()
            && (i == start || !ws[i].comma)
            && (capital(ws[i].text)
                || (i > start && ws[i].text.chars().all(|c| c.is_ascii_digit())))
        {
            i += 1;
        }
        let run: Vec<&str> = ws[start..i].iter().map(|w| w.text).collect();
        let key = name_key(&run);
        if key.is_empty() {
            continue;
        }
        told.names.insert(key.clone());
        // A subject opens its clause, after an article or a conjunction at most: the name in
        // « les essais de l'ailier Matthieu Jalibert ont fait » is not what made the difference.
        let opens = start == 0
            || ws[start].comma
            || OPENERS.contains(&normalize(ws[start - 1].text).as_str());
        if !opens {
            continue;
        }
        // « Laurent Marti, a salué »: a comma may close the name's apposition.
        let mut k = i;
        while k < ws.len() && BEFORE_VERB.contains(&normalize(ws[k].text).as_str()) {
            k += 1;
        }
        // « s'est », « n'a »: the auxiliary without its elided pronoun or negation.
        let Some(next) = ws.get(k).map(|w| normalize(strip_elision(w.text))) else {
            continue;
        };
        let verb = match ws.get(k + 1).map(|w| normalize(w.text)) {
            Some(p)
                if (AVOIR.contains(&next.as_str()) || ETRE.contains(&next.as_str()))
                    && is_participle(&p) =>
            {
                participle_key(&p)
            }
            _ if is_stopword(&next) || capital(ws[k].text) => continue,
            _ => fold_accents(&next),
        };
        told.subjects.push((key, verb));
    }
    told
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subjects {
    told: Vec<Told>,
}

impl Subjects {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let told = source
            .into_iter()
            .map(read)
            .filter(|t| !t.subjects.is_empty())
            .collect();
        Self { told }
    }

    /// The first name and verb of `sentence` where the source has another name of one of its
    /// sentences do that verb there, and this name never (« la rochelle affrontera »).
    pub fn swapped(&self, sentence: &str) -> Option<String> {
        read(sentence)
            .subjects
            .into_iter()
            .find_map(|(name, verb)| {
                let own = self
                    .told
                    .iter()
                    .any(|t| t.subjects.iter().any(|(n, v)| *v == verb && same(n, &name)));
                let other = self.told.iter().any(|t| {
                    t.names.iter().any(|n| same(n, &name))
                        && t.subjects
                            .iter()
                            .any(|(n, v)| *v == verb && !same(n, &name))
                });
                (other && !own).then(|| format!("{name} {verb}"))
            })
    }
}

/// Whether two names' keys name the same one: the words of one are all words of the other
/// (« raimondo » and « gina raimondo »).
fn same(a: &str, b: &str) -> bool {
    let (a, b): (HashSet<&str>, HashSet<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    a.is_subset(&b) || b.is_subset(&a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rugby() -> Subjects {
        Subjects::new([
            "Le Stade toulousain s'est qualifié samedi pour la finale du championnat de France de rugby en battant l'Union Bordeaux-Bègles 27 à 19.",
            "Toulouse affrontera en finale le vainqueur de l'autre demi-finale, qui oppose dimanche La Rochelle au Racing 92.",
            "Leur président, Laurent Marti, a salué une équipe « courageuse jusqu'au bout ».",
        ])
    }

    #[test]
    fn a_verb_stays_with_the_name_the_source_gives_it() {
        let subjects = rugby();
        for kept in [
            "Toulouse affrontera le vainqueur de l'autre demi-finale.",
            "Dimanche, La Rochelle rencontre le Racing 92.",
            "Le président Laurent Marti a salué une équipe courageuse.",
            // A name the verb's source sentence does not hold: left to the other rules.
            "Le Stade toulousain affrontera en finale le vainqueur.",
        ] {
            assert_eq!(subjects.swapped(kept), None, "{kept}");
        }
        // Seen in `write examples/rugby-toulouse.txt --seed 1` (stop 56): the semi-finalist
        // made the finalist.
        assert_eq!(
            subjects.swapped(
                "La Rochelle affrontera en finale le vainqueur d'autre demi-finale, qui affrontera dimanche Toulouse."
            ),
            Some("rochelle affrontera".into())
        );
        assert_eq!(
            subjects.swapped("Le Racing 92 affrontera Toulouse en finale."),
            Some("racing 92 affrontera".into())
        );
        // A name shortened is the same name: Marti salues, and the Racing does not.
        assert_eq!(
            subjects.swapped("Marti a salué une équipe courageuse."),
            None
        );
    }
}
