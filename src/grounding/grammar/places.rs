//! Where a thing is, as the source puts it: a noun the source places with one preposition
//! (« près des gares »), placed with another (« des places de stationnement dans les gares
//! de Part-Dieu », velo seed 3 at stop 75, for « dont une partie dans des parkings fermés
//! près des gares »), says another place. So does a place name: « a ralenti sur l'Europe »
//! for « en Europe » (usine seed 1, stop 77). So does a state the source puts a thing in with
//! a bare « en »: « placé jeudi quarante-deux communes à l'alerte sécheresse » for « en
//! alerte » (sécheresse seed 3, stop 78).

use std::collections::{HashMap, HashSet};

use crate::text::{normalize, word_key, words, DETERMINERS};

/// Prepositions that place a thing; « à » and « de » say too many other things to be read.
const PLACING: &[&str] = &[
    "dans",
    "près",
    "sur",
    "sous",
    "devant",
    "derrière",
    "entre",
    "chez",
    "autour",
    "contre",
    "hors",
    "vers",
];

/// Prepositions that place a name as well as « à » and « en » do; « contre » and « entre »
/// say other things before one (« contre le Racing 92 »).
const PLACING_NAMES: &[&str] = &[
    "à", "au", "aux", "en", "dans", "près", "sur", "sous", "chez", "vers", "devant",
];

/// Prepositions that put a thing in a state (« en alerte », « en vigueur ») or place it (« au
/// centre »), read beside `PLACING`.
const STATE_TOO: &[&str] = &["en", "à", "au", "aux"];

/// The placing preposition of `ws` before the noun at `i`, past a determiner, or past « de »
/// or « d' » after « près », « autour », « hors » (« près des gares »), and that noun
/// (`word_key`, and as written), for each noun so placed.
fn placed<'w>(ws: &[&'w str]) -> Vec<(String, String, &'w str)> {
    let mut found = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let preposition = normalize(w);
        let (things, names) = (
            PLACING.contains(&preposition.as_str()) || STATE_TOO.contains(&preposition.as_str()),
            PLACING_NAMES.contains(&preposition.as_str()),
        );
        if !things && !names {
            continue;
        }
        let Some(next) = ws.get(i + 1) else { break };
        let next = normalize(next);
        // « près de la gare », « près des gares », « près du centre », « sur l'axe ».
        let noun = match next.as_str() {
            "de" | "des" | "du" | "d'" => ws.get(i + 2).map(|after| match normalize(after) {
                a if ["la", "le", "les"].contains(&a.as_str()) => ws.get(i + 3).copied(),
                _ => Some(*after),
            }),
            d if DETERMINERS.contains(&d) => Some(ws.get(i + 2).copied()),
            _ => Some(Some(ws[i + 1])),
        };
        let Some(Some(noun)) = noun else { continue };
        // An elided article (« l'axe », « d'une ») opens the noun itself.
        let noun = noun.rsplit(['\'', '’']).next().unwrap_or(noun);
        let kept = match noun.starts_with(char::is_lowercase) {
            true => things && noun.chars().count() >= 4,
            false => names && noun.starts_with(char::is_uppercase),
        };
        if kept {
            found.push((preposition, word_key(noun), noun));
        }
    }
    found
}

/// The placing prepositions the source writes before each noun.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places {
    placed: HashMap<String, HashSet<String>>,
}

impl Places {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut places = Self::default();
        for sentence in source {
            for (preposition, noun, written) in placed(&words(sentence)) {
                // « à » before a thing says too many things to be read (« au centre de
                // l'agglomération » is « dans le centre »): a name's alone.
                if STATE_TOO.contains(&preposition.as_str())
                    && preposition != "en"
                    && written.starts_with(char::is_lowercase)
                {
                    continue;
                }
                places.placed.entry(noun).or_default().insert(preposition);
            }
        }
        places
    }

    /// The first noun of `sentence` placed with a preposition the source never places it
    /// with, where it places it with another: « dans les gares » for « près des gares ».
    pub fn moved(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        placed(&ws)
            .into_iter()
            .find_map(|(preposition, noun, written)| {
                let source = self.placed.get(&noun)?;
                // « à » before a thing is read only against a state the source puts it in
                // with a bare « en » (« placé … à l'alerte sécheresse » for « en alerte »).
                let read = !STATE_TOO.contains(&preposition.as_str())
                    || preposition == "en"
                    || written.starts_with(char::is_uppercase)
                    || source.contains("en");
                (read && !source.contains(&preposition))
                    .then(|| format!("{preposition} … {written}"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thing_stays_where_the_source_places_it() {
        let places = Places::new([
            "Le plan comprend 15 000 places, dont une partie dans des parkings fermés près des gares de Part-Dieu et de Perrache.",
            "Les cyclistes partagent la chaussée sur les ponts sur le Rhône.",
            "La préfecture a placé quarante-deux communes en alerte renforcée.",
            "Les pistes relieront les communes au centre de l'agglomération.",
        ]);
        assert_eq!(
            places
                .moved("La préfecture a placé les communes à l'alerte sécheresse.")
                .as_deref(),
            Some("à … alerte")
        );
        assert_eq!(
            places
                .moved("Le plan comprend des places de stationnement dans les gares de Part-Dieu.")
                .as_deref(),
            Some("dans … gares")
        );
        for right in [
            "Une partie des places sera près des gares de Part-Dieu et de Perrache.",
            "Des parkings fermés seront construits près de la gare de Perrache.",
            "Les places seront dans des parkings fermés.",
            "Les cyclistes partagent la chaussée sur les ponts.",
            // A noun the source places nowhere.
            "Les cyclistes roulent dans la chaussée.",
            "Les communes sont en alerte.",
            "Les pistes iront dans le centre de l'agglomération.",
        ] {
            assert_eq!(places.moved(right), None, "{right}");
        }
    }

    #[test]
    fn a_place_name_stays_where_the_source_places_it() {
        let places = Places::new([
            "La CGT rappelle que la demande a ralenti en Europe en 2024.",
            "C'est une étape pour l'indépendance de l'Europe.",
            "Envision exploite des usines au Japon et en Chine.",
            "Le club a battu le Racing 92.",
        ]);
        assert_eq!(
            places
                .moved("La demande a ralenti sur l'Europe en 2024.")
                .as_deref(),
            Some("sur … Europe")
        );
        for right in [
            "La demande a ralenti en Europe.",
            "L'indépendance de l'Europe.",
            "Envision exploite des usines au Japon.",
            "Le club l'a emporté contre le Racing 92.",
            "Le match s'est joué à Toulouse.",
        ] {
            assert_eq!(places.moved(right), None, "{right}");
        }
    }
}
