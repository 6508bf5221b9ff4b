//! Words said twice: a phrase a sentence says again (« le commerce chinois et le commerce
//! chinois »), a word twice in a row (« a été a été »), a name listed twice in one
//! enumeration. A small model loops this way; a writer does not.

use crate::text::words;

/// Words said twice in a row in good French (« nous nous sommes »), as `word_key` folds them.
const REFLEXIVE: &[&str] = &["nou", "vou"];

/// Conjunctions that join two words or clauses: two in a row join nothing.
const CONJUNCTIONS: &[&str] = &["et", "ou", "mais", "car"];

/// Words apart, at most, for the same content word to be said twice in a row.
const NEAR_WORDS: usize = 3;

/// A phrase `sentence` says twice: two content words in a row, or three words with a
/// content word among them, that come again later in it; a content word said again within
/// `NEAR_WORDS`; or a part of a hyphenated word doubled. A small model loops this way (« le
/// commerce chinois et le commerce chinois », « de développement et de développement »); a
/// writer does not.
pub fn stutter(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    for w in &ws {
        let parts: Vec<String> = w.split('-').map(crate::text::word_key).collect();
        if parts.windows(2).any(|p| p[0] == p[1]) {
            return Some(w.to_string());
        }
    }
    let keys: Vec<String> = ws.iter().map(|w| crate::text::word_key(w)).collect();
    // « Le Japon, et ainsi que les Pays-Bas » (the seed dispatch, seed 2, stop 68): two
    // conjunctions for one join.
    let lower: Vec<String> = ws.iter().map(|w| crate::text::normalize(w)).collect();
    let joins = |w: &str| CONJUNCTIONS.contains(&w);
    let ainsi_que = |i: usize| lower[i] == "ainsi" && lower.get(i + 1).is_some_and(|w| w == "que");
    if let Some(i) =
        (1..ws.len()).find(|&i| joins(&lower[i - 1]) && (joins(&lower[i]) || ainsi_que(i)))
    {
        return Some(ws[i - 1..=i].join(" "));
    }
    // « d'autres d'autres », « de de »: a word twice in a row (« nous nous » is French).
    if let Some(i) =
        (1..ws.len()).find(|&i| keys[i] == keys[i - 1] && !REFLEXIVE.contains(&keys[i].as_str()))
    {
        return Some(ws[i - 1..=i].join(" "));
    }
    // « a été a été condamné » (procès with dead ends, stop 67): two words twice in a row.
    if let Some(i) = (3..keys.len()).find(|&i| keys[i - 3..i - 1] == keys[i - 1..=i]) {
        return Some(ws[i - 3..=i].join(" "));
    }
    let content: Vec<bool> = ws
        .iter()
        .map(|w| crate::grounding::stem(w).is_some())
        .collect();
    for n in [2, 3] {
        let mut seen = std::collections::HashSet::new();
        for (i, gram) in keys.windows(n).enumerate() {
            let said = match n {
                2 => content[i] && content[i + 1],
                _ => content[i..i + n].iter().any(|&c| c),
            };
            if said && !seen.insert(gram) {
                return Some(ws[i..i + n].join(" "));
            }
        }
    }
    for i in 0..ws.len() {
        let near = (i + 1..ws.len().min(i + 1 + NEAR_WORDS)).find(|&j| keys[j] == keys[i]);
        if let Some(j) = near.filter(|_| content[i]) {
            return Some(ws[i..=j].join(" "));
        }
    }
    listed_twice(sentence, &ws, &keys)
}

/// Words apart, at most, for a name to be listed twice in one enumeration.
const LIST_WORDS: usize = 6;

/// A name listed twice in one enumeration (« les ponts sur le Rhône, la Saône et le
/// Rhône »): a capitalised word said again within `LIST_WORDS`, a comma, « et » or « ou »
/// between.
fn listed_twice(sentence: &str, ws: &[&str], keys: &[String]) -> Option<String> {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let offset = |w: &str| w.as_ptr() as usize - sentence.as_ptr() as usize;
    for i in 1..ws.len() {
        if !capital(ws[i]) || crate::grounding::stem(ws[i]).is_none() {
            continue;
        }
        let again = (i + 1..ws.len().min(i + 1 + LIST_WORDS)).find(|&j| keys[j] == keys[i]);
        let Some(j) = again else { continue };
        let between = &sentence[offset(ws[i]) + ws[i].len()..offset(ws[j])];
        if between.contains(',') || ws[i + 1..j].iter().any(|w| matches!(*w, "et" | "ou")) {
            return Some(ws[i].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_conjunctions_join_nothing() {
        assert_eq!(
            stutter("Le Japon, et ainsi que les Pays-Bas, se sont alignés.").as_deref(),
            Some("et ainsi")
        );
        assert_eq!(
            stutter("Le plan et mais les pistes.").as_deref(),
            Some("et mais")
        );
        for fine in [
            "Le Japon, ainsi que les Pays-Bas, se sont alignés.",
            "Le plan et les pistes, mais pas les ponts.",
            "Ni le plan ni les pistes, mais ni les ponts ni les gares.",
            "Le plan est prêt, et donc les travaux commencent.",
            "Les travaux dureront d'avril et mai à juin.",
        ] {
            assert_eq!(stutter(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_phrase_said_twice_is_a_stutter() {
        assert_eq!(
            stutter("Les travaux concernent les ponts sur le Rhône, la Saône et le Rhône."),
            Some("Rhône".into())
        );
        assert_eq!(
            stutter("Le chef d'entreprise a été a été condamné à trois ans de prison."),
            Some("a été a été".into())
        );
        // A name said again in another clause is no list.
        assert_eq!(
            stutter("La Métropole dit que la Métropole paiera les travaux."),
            None
        );
        assert_eq!(
            stutter("Comment les États-Unis ont-ils-ils renforcé la recherche ?"),
            Some("ont-ils-ils".into())
        );
        // Function words come back in every sentence; only content words make a stutter.
        assert_eq!(
            stutter("Le Japon et les États-Unis vont renforcer la recherche et la coopération de la recherche."),
            None
        );
        assert_eq!(
            stutter(
                "Les centres de recherche et de développement, la recherche et de développement."
            ),
            Some("recherche et de".into())
        );
        assert_eq!(
            stutter("Les deux pays renforcent leurs centres de développement et de développement."),
            Some("développement et de développement".into())
        );
        // Any word twice in a row, a function word too, but a reflexive pronoun.
        assert_eq!(
            stutter("Les études menées dans d'autres d'autres villes montrent l'effet inverse."),
            Some("d'autres d'autres".into())
        );
        assert_eq!(
            stutter("Nous nous sommes battus jusqu'au bout, a déclaré l'entraîneur."),
            None
        );
    }
}
