//! The names of a source: its runs of capitalised words, and the check that a capitalised
//! word of a rewrite is one the source writes, with a capital where it stands inside a clause.

use super::Facts;
use crate::text::{is_stopword, strip_elision, word_key, words};

/// Capitalised words that are ordinary French, not names.
const COMMON_CAPITALISED: &[&str] = &["etat", "etats", "internet", "premier", "ministre"];

impl Facts {
    /// Capitalised words of `sentence` (past its first word, capitalised as any sentence's
    /// first word is) that the source never uses.
    pub fn invented_names(&self, sentence: &str) -> Vec<String> {
        self.unknown_capitalised(sentence, 1)
    }

    /// Capitalised words of a heading, its first word included, that the source never uses;
    /// a capitalised article or pronoun (`Une`, `Les`) is not a name.
    pub fn invented_names_in_heading(&self, heading: &str) -> Vec<String> {
        let mut names = self.unknown_capitalised(heading, 0);
        names.retain(|n| !is_stopword(n));
        names
    }

    /// Capitalised words of `text` from its word `skip` on that the source never uses, or
    /// never writes with a capital where they stand inside a clause (`le Doubler`); a word
    /// that opens the text, a quotation or what follows a colon may be any word of the source.
    fn unknown_capitalised(&self, text: &str, skip: usize) -> Vec<String> {
        words(text)
            .into_iter()
            .enumerate()
            .filter(|(i, w)| {
                // `l'Assemblée` is checked as `Assemblée`; `J'ong` inside a clause as itself.
                let w = strip_elision(w);
                *i >= skip && !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit())
            })
            .filter(|(i, w)| {
                let opening = *i == 0 || opens_clause(text, w);
                let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
                let bare = strip_elision(w);
                if !capital(bare) {
                    // A name of several parts keeps its first capital (« la part-Dieu » for
                    // the source's « Part-Dieu », velo seed 1 at stop 59).
                    let mut parts = bare.split('-');
                    let first = parts.next().unwrap_or("");
                    let lowered = parts.any(capital) && self.capitalised.contains(&word_key(first));
                    // An elided article takes a capital only where a sentence opens.
                    return lowered || bare.len() < w.len() && capital(w) && !opening;
                }
                let known = match opening {
                    true => &self.known_words,
                    false => &self.capitalised,
                };
                bare.split(['-', '\'', '’'])
                    .filter(|p| !p.is_empty())
                    .any(|part| {
                        let key = word_key(part);
                        !known.contains(&key)
                            && !COMMON_CAPITALISED.contains(&key.as_str())
                            && part.chars().next().is_some_and(char::is_uppercase)
                    })
            })
            .map(|(_, w)| match strip_elision(w) {
                bare if bare.starts_with(char::is_uppercase) => bare.to_string(),
                _ => w.to_string(),
            })
            .collect()
    }
}

/// Whether `word`, a slice of `text`, opens a sentence, a quotation or what follows a colon
/// there: the last mark before it ends a sentence or opens a quotation.
fn opens_clause(text: &str, word: &str) -> bool {
    let at = (word.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.get(..at)
        .and_then(|before| before.trim_end().chars().last())
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '«' | '"' | '“' | '…'))
}

/// Runs of capitalised words, not counting a sentence's first word alone; `de`, `des`, `du`
/// and `la` may join them (`Groupe des Sept`).
pub(super) fn entities_of(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut first = true;
    for clause in sentence.split([',', ';', ':', '(', ')', '«', '»', '"', '–', '—', '.']) {
        let ws = words(clause);
        if ws.is_empty() {
            continue;
        }
        entities_of_clause(&ws, first, &mut out);
        first = false;
    }
    out
}

fn entities_of_clause(ws: &[&str], sentence_start: bool, out: &mut Vec<String>) {
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        while run.last().is_some_and(|w| is_stopword(w)) {
            run.pop();
        }
        if !run.is_empty() {
            out.push(run.join(" "));
        }
        run.clear();
    };
    for (i, w) in ws.iter().enumerate() {
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let joiner = !run.is_empty() && matches!(*w, "de" | "des" | "du" | "la");
        if capital && !(i == 0 && is_stopword(w)) {
            let initial = i == 0 && sentence_start;
            if initial
                && ws
                    .get(1)
                    .is_none_or(|n| !n.chars().next().is_some_and(char::is_uppercase))
            {
                continue; // an ordinary sentence-initial word
            }
            run.push(w);
        } else if joiner {
            run.push(w);
        } else {
            flush(&mut run, out);
        }
    }
    flush(&mut run, out);
}

#[cfg(test)]
mod tests {
    use super::super::tests::facts;

    #[test]
    fn names_absent_from_the_source_are_invented() {
        let f = facts();
        assert_eq!(
            f.invented_names("Selon Joe Biden, le Japon et Rapidus avancent."),
            vec!["Joe", "Biden"]
        );
        assert!(f
            .invented_names("Le Japon et les États-Unis coopèrent avec Micron.")
            .is_empty());
    }

    #[test]
    fn a_capital_inside_a_clause_must_be_the_sources() {
        let f = facts();
        // The source writes « sécuriser » and « coopération » in lower case only.
        assert_eq!(
            f.invented_names("Le Japon veut Sécuriser les puces et la Coopération."),
            vec!["Sécuriser", "Coopération"]
        );
        // A name of several parts keeps its first capital.
        assert_eq!(
            f.invented_names("Le ministre est allé aux états-Unis."),
            vec!["états-Unis"]
        );
        // An elided article takes no capital inside a clause (`Gina J'ong`).
        assert_eq!(
            f.invented_names("Le ministre a rencontré Gina J'ong à Detroit."),
            vec!["J'ong"]
        );
        // A sentence, a quotation or what follows a colon may open on any word of the source.
        assert!(f
            .invented_names("Sécuriser les puces : Coopération avec « Sécuriser » le Japon.")
            .is_empty());
        assert_eq!(
            f.invented_names_in_heading("Coopération et Sécuriser"),
            vec!["Sécuriser"]
        );
    }
}
