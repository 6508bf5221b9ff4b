//! A preposition put between a verb and what it is done to: « Le club haut-garonnais
//! cherchera à un titre de champion de France » (rugby, seed 1, at `30fed99`) for the
//! source's « cherchera un vingt-troisième titre de champion de France ».

use super::Grammar;
use crate::text::{normalize, DETERMINERS};

/// Prepositions that put an object out of a verb's direct reach.
const PREPOSITIONS: &[&str] = &["à", "au", "aux"];

/// How a verb's form ends (future, conditional, imperfect, present plural, participle,
/// infinitive): a word that ends so may be a verb; « jeudi », « emprisonnement » may not.
const VERB_ENDINGS: &[&str] = &[
    "ra", "ront", "rait", "raient", "ait", "aient", "ent", "é", "ée", "és", "ées", "er", "ir",
];

/// Determiners that hold a preposition (« au » is « à le »), or may (« du », « des »): none
/// opens a direct object for sure.
const WITH_PREPOSITION: &[&str] = &["au", "aux", "du", "des"];

/// Whether `word` (lower case) opens a noun phrase as a direct object: a determiner, or an
/// elided article. « commencer au printemps » has no object.
fn determines(word: &str) -> bool {
    (DETERMINERS.contains(&word) && !WITH_PREPOSITION.contains(&word))
        || word.starts_with("l'")
        || word.starts_with("l’")
}

impl Grammar {
    /// Reads one source sentence's words: which verb forms take a determiner right after
    /// them, and which ever take anything else.
    /// A date (« jouera le 28 juin ») is no object.
    pub(super) fn read_objects(&mut self, ws: &[&str]) {
        for (i, w) in ws.iter().enumerate() {
            let verb = normalize(w);
            let Some(next) = ws.get(i + 1) else { break };
            if !VERB_ENDINGS.iter().any(|e| verb.ends_with(e)) {
                continue;
            }
            let date = ws
                .get(i + 2)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
            match determines(&normalize(next)) && !date {
                true => self.direct.insert(verb),
                false => self.indirect.insert(verb),
            };
        }
    }

    /// The first verb of `sentence`, with « à » after it, that the source only ever writes
    /// right before a determiner: « cherchera à un titre ».
    pub fn preposition_added(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        ws.windows(3).find_map(|w| {
            let verb = normalize(w[0]);
            let added = self.direct.contains(&verb)
                && !self.indirect.contains(&verb)
                && PREPOSITIONS.contains(&normalize(w[1]).as_str())
                && (normalize(w[1]) != "à" || determines(&normalize(w[2])));
            added.then(|| w.join(" "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_the_source_gives_a_direct_object_takes_no_preposition_before_it() {
        let grammar = Grammar::new([
            "La finale se jouera le 28 juin, où le club haut-garonnais cherchera un \
             vingt-troisième titre de champion de France.",
            "Raimondo a rencontré jeudi le ministre chinois du Commerce.",
            "Les Bordelais ont perdu leur capitaine.",
            "Le plan prévoit la création de 250 kilomètres de pistes.",
            "Les premiers chantiers doivent commencer au printemps.",
        ]);
        assert_eq!(
            grammar
                .preposition_added("Le club haut-garonnais cherchera à un titre de champion.")
                .as_deref(),
            Some("cherchera à un")
        );
        assert_eq!(
            grammar
                .preposition_added("Le plan prévoit à la création de pistes.")
                .as_deref(),
            None,
            "« prévoit » is no verb form it reads"
        );
        for right in [
            "Le club haut-garonnais cherchera un titre de champion.",
            // « jeudi » is no verb, though the source writes an article after it.
            "Raimondo a rencontré Wang Wentao jeudi à Washington.",
            // The source writes « jouera » before something else than an article.
            "La finale se jouera au Stade de France.",
            // « au » is no object's article (velo at `0406735`).
            "Le chantier doit commencer au printemps.",
        ] {
            assert_eq!(grammar.preposition_added(right), None, "{right}");
        }
    }
}
