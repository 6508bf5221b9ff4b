//! A verb the source always tells with what it is done to keeps it: « Le centre hospitalier
//! universitaire de Clermont-Ferrand, qui a ouvert lundi, a été inauguré » (hôpital seed 1,
//! stop 77) drops the « nouveau service d'urgences » the source's « a ouvert lundi » opens,
//! and has the hospital open instead.

use super::Grammar;
use crate::facts::is_time_word;
use crate::seo::readability::{is_participle, AVOIR};
use crate::text::{normalize, words};

/// How a participle after « avoir » goes on, the days and times after it aside: with its
/// object (a determiner, a figure or a name), with nothing (a mark or the end of the
/// sentence), or otherwise (a preposition, an adverb).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Object,
    Nothing,
    Other,
}

/// Each participle of `text` after a form of « avoir », with how it goes on.
fn participles_after_having(text: &str) -> Vec<(String, After)> {
    let ws = words(text);
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut out = Vec::new();
    for i in 1..ws.len() {
        if !AVOIR.contains(&normalize(ws[i - 1]).as_str()) || !is_participle(ws[i]) {
            continue;
        }
        let mut last = i;
        while ws.get(last + 1).is_some_and(|w| is_time_word(w)) {
            last += 1;
        }
        let end = offset(ws[last]) + ws[last].len();
        let marked = |gap: &str| gap.contains([',', '.', ';', ':', '!', '?']);
        let after = match ws.get(last + 1) {
            // A sentence still being written may yet give the object.
            None if marked(&text[end..]) => After::Nothing,
            None => After::Other,
            Some(next) if marked(&text[end..offset(next)]) => After::Nothing,
            Some(next) => {
                let n = normalize(next);
                let object = crate::text::DETERMINERS.contains(&n.as_str())
                    || n.starts_with("l'")
                    || n.starts_with("l’")
                    || crate::text::number_key(next).is_some()
                    || next.starts_with(char::is_uppercase);
                match object {
                    true => After::Object,
                    false => After::Other,
                }
            }
        };
        out.push((normalize(ws[i]), after));
    }
    out
}

impl Grammar {
    /// Reads how `text`, a source sentence, goes on after each participle of « avoir ».
    pub(super) fn read_objects_after_having(&mut self, text: &str) {
        for (participle, after) in participles_after_having(text) {
            let seen = self.after_having.entry(participle).or_default();
            seen[after as usize] = true;
        }
    }

    /// A participle after « avoir » told with nothing after it where the source always
    /// tells it with its object.
    pub fn object_dropped(&self, sentence: &str) -> Option<String> {
        participles_after_having(sentence)
            .into_iter()
            .find(|(participle, after)| {
                *after == After::Nothing
                    && self
                        .after_having
                        .get(participle)
                        .is_some_and(|seen| seen[After::Object as usize] && !seen[1] && !seen[2])
            })
            .map(|(participle, _)| format!("a {participle} ∅"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_told_with_its_object_keeps_it() {
        let grammar = Grammar::new([
            "Le centre hospitalier a ouvert lundi un nouveau service d'urgences.",
            "Le tribunal a condamné mardi un ancien adjoint, qui a annoncé qu'il ferait appel.",
            "Le festival a annoncé mercredi avoir vendu 118 000 billets. Il a souffert.",
        ]);
        for wrong in [
            "Le centre hospitalier, qui a ouvert lundi, a été inauguré.",
            "Le centre hospitalier a ouvert lundi.",
            "Le tribunal a condamné mardi.",
        ] {
            assert!(grammar.object_dropped(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Le centre hospitalier a ouvert un nouveau service.",
            "Lundi, le centre hospitalier a ouvert un service d'urgences.",
            "Le tribunal a condamné un ancien adjoint mardi.",
            "Le festival a souffert.",
            "Le centre hospitalier a ouvert lundi",
            "L'avocat a annoncé qu'il ferait appel.",
        ] {
            assert_eq!(grammar.object_dropped(right), None, "{right}");
        }
    }
}
