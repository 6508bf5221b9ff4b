//! « Quel » asks in the gender of the noun it asks of, as the source's articles give that
//! noun: « Quels sont les préfectures en alerte ? » (a question of sécheresse seed 2, stop
//! 77) asks of « la préfecture ».

use super::Grammar;
use crate::text::{normalize, words};

/// Forms of « être » between « quel » and the noun it asks of.
const BEING: &[&str] = &["est", "sont", "sera", "seront", "était", "étaient"];

impl Grammar {
    /// « Quel » or « quels » before a noun the source gives only feminine articles, or
    /// « quelle » or « quelles » before one it gives only masculine ones, « être » and an
    /// article between or not.
    pub fn wrong_interrogative(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        let asked = normalize(ws.first()?);
        let feminine = match asked.as_str() {
            "quel" | "quels" => false,
            "quelle" | "quelles" => true,
            _ => return None,
        };
        let at = match ws.get(1).map(|w| normalize(w)) {
            Some(w) if BEING.contains(&w.as_str()) => 3,
            _ => 1,
        };
        let noun = normalize(ws.get(at)?);
        let singular = noun.strip_suffix(['s', 'x']).unwrap_or(&noun);
        let seen = self
            .genders
            .get(singular)
            .or_else(|| self.genders.get(&noun))?;
        let [masculine, female, _] = *seen;
        let wrong = match feminine {
            true => masculine && !female,
            false => female && !masculine,
        };
        wrong.then(|| format!("{} … {}", ws[0], ws[at]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quel_asks_in_the_gender_of_its_noun() {
        let grammar = Grammar::new([
            "La préfecture a placé quarante-deux communes en alerte, et le syndicat assure.",
        ]);
        for (wrong, found) in [
            (
                "Quels sont les préfectures en alerte ?",
                "Quels … préfectures",
            ),
            ("Quelle syndicat assure ?", "Quelle … syndicat"),
        ] {
            assert_eq!(grammar.wrong_interrogative(wrong).as_deref(), Some(found));
        }
        for right in [
            "Quelles sont les préfectures en alerte ?",
            "Quel syndicat assure ?",
            "Quelle est la préfecture en alerte ?",
            "Quels sont les contrôles prévus ?",
        ] {
            assert_eq!(grammar.wrong_interrogative(right), None, "{right}");
        }
    }
}
