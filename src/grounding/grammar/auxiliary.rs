//! What follows an auxiliary: a verb that French conjugates with « être » put after « avoir »
//! (« La déclaration a été intervenue », « a intervenu »), and « à » standing where the source
//! has an auxiliary before the participle (« est à estimé » for « est estimé »), or nothing
//! there (« La préfecture d'Ille-et-Vilaine placé quarante-deux communes »).

use super::{Grammar, HAS};
use crate::seo::readability::{is_participle, past_adverbs, verb_words, ETRE};
use crate::text::{normalize, words};

/// More forms of « avoir » than a participle follows in the source's tenses.
const HAS_MORE: &[&str] = &["aurait", "auraient", "avoir", "ayant", "eu"];

/// Participles of verbs conjugated with « être » alone: never after « avoir », nor after « a
/// été » (« partie », « mort » and « passé » are nouns as well: « a été partie civile »).
const WITH_BEING: &[&str] = &[
    "allé",
    "venu",
    "devenu",
    "revenu",
    "intervenu",
    "parvenu",
    "survenu",
    "advenu",
    "arrivé",
    "né",
    "décédé",
    "resté",
    "tombé",
];

/// Auxiliaries a participle follows in the source (« est estimé », « a été ouverte »).
const AUXILIARIES: &[&str] = &[
    "est", "sont", "était", "étaient", "sera", "seront", "serait", "été", "a", "ont", "avait",
    "avaient",
];

/// The finite forms of « avoir » and « être » (« été » left out: « en été » is a season):
/// « en » right before one is the pronoun (« en ont perdu »), and « de » after one opens no
/// object (« était de 2,3 millions »).
pub(super) const FINITE: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "avons", "avez", "est",
    "sont", "était", "étaient", "sera", "seront", "serait", "seraient",
];

/// A participle's masculine singular: « intervenues » -> « intervenu », « née » -> « né ».
fn masculine(word: &str) -> &str {
    let w = word.strip_suffix('s').unwrap_or(word);
    match WITH_BEING.contains(&w) {
        true => w,
        false => w.strip_suffix('e').unwrap_or(w),
    }
}

/// Whether `word` (lower case) may be a participle in « -é »: « estimé », « annoncées ».
fn in_e(word: &str) -> bool {
    ["é", "ée", "és", "ées"].iter().any(|e| word.ends_with(e)) && word.chars().count() > 3
}

/// The first form of « avoir » in `sentence` before the participle, « été » or not between, of
/// a verb conjugated with « être »: « a été intervenue » (seed dispatch, seed 3, stop 59).
pub(super) fn being_after_having(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (0..ws.len()).find_map(|i| {
        let has = normalize(ws[i]);
        if !HAS.contains(&has.as_str()) && !HAS_MORE.contains(&has.as_str()) {
            return None;
        }
        let mut j = i + 1;
        if ws.get(j).is_some_and(|w| normalize(w) == "été") {
            j += 1;
        }
        let participle = normalize(ws.get(j)?);
        WITH_BEING
            .contains(&masculine(&participle))
            .then(|| ws[i..=j].join(" "))
    })
}

/// « être » (« a été » too) right before « de » and an article (« de la », « de l' »,
/// « du », « d'un », « d'une »): « La seconde période a été de l'ailier Matthieu Jalibert »
/// (rugby seed 2 at this stop) for « en seconde période grâce à deux essais de l'ailier
/// Matthieu Jalibert » says the half belonged to him. `Grammar` asks it only of a source
/// that never writes it (« il est de la région »).
pub(super) fn being_of(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (1..ws.len()).find_map(|i| {
        let being = normalize(ws[i - 1]);
        if !ETRE.contains(&being.as_str()) && being != "été" {
            return None;
        }
        let of = normalize(ws[i]);
        let next = ws.get(i + 1).map(|w| normalize(w)).unwrap_or_default();
        let articled = match of.as_str() {
            "du" | "d'un" | "d'une" => true,
            "de" => next == "la" || next.starts_with("l'") || next.starts_with("l’"),
            _ => false,
        };
        articled.then(|| ws[i - 1..=i].join(" "))
    })
}

/// Forms of « avoir » that say possession when no participle follows them.
const HAVING: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient",
];

/// Short participles « is_participle » leaves out (« a eu », « a pu », « a dû »).
const SHORT_PARTICIPLES: &[&str] = &["été", "eu", "pu", "dû", "su", "vu", "lu", "mis", "dit"];

/// The first form of « avoir » of `sentence` (outside quotations) that no participle follows
/// and no « y » comes before: « avoir » as a verb of its own, with the words after it.
pub(super) fn having_as_verb(sentence: &str) -> Option<String> {
    let ws = verb_words(&crate::grounding::unquoted(sentence));
    (0..ws.len()).find_map(|i| {
        let y = i > 0 && ws[i - 1] == "y";
        if !HAVING.contains(&ws[i].as_str()) || y {
            return None;
        }
        let at = past_adverbs(&ws, i + 1);
        let next = ws.get(at)?;
        let auxiliary = is_participle(next) || SHORT_PARTICIPLES.contains(&next.as_str());
        (!auxiliary).then(|| ws[i..=at].join(" "))
    })
}

impl Grammar {
    /// « avoir » as a verb of its own (« a le 28 juin, à Saint-Denis, le champion de
    /// France », « a la finale », rugby at `30fed99`), where the source only ever has it as
    /// an auxiliary: what the sentence says someone has, the source does not say they have.
    pub fn having(&self, sentence: &str) -> Option<String> {
        (!self.has_things)
            .then(|| having_as_verb(sentence))
            .flatten()
    }

    /// Reads the participles in « -é » that `ws`, a source sentence's words, puts after an
    /// auxiliary, and the words it puts after « à ».
    pub(super) fn read_auxiliaries(&mut self, ws: &[&str]) {
        for pair in ws.windows(2) {
            let (first, next) = (normalize(pair[0]), normalize(pair[1]));
            // « a ouvert » too: « Le centre hospitalier … ouvert lundi un nouveau service »
            // (hôpital seed 2, an item of « L'essentiel », stops 77 and 78).
            if AUXILIARIES.contains(&first.as_str()) && (in_e(&next) || is_participle(&next)) {
                self.participles.insert(next.clone());
            }
            if first == "à" {
                self.after_to.insert(next);
            }
        }
    }

    /// A participle the source puts after an auxiliary, written right after a name and
    /// before its object (a determiner or a figure), with no auxiliary: « La préfecture
    /// d'Ille-et-Vilaine placé quarante-deux communes en alerte » (an answer of sécheresse
    /// seed 1, stop 77) for « a placé ».
    pub fn bare_participle(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        (2..ws.len()).find_map(|i| {
            let participle = normalize(ws[i - 1]);
            // A weekday between the verb and its object (« placé jeudi quarante-deux
            // communes », an answer of sécheresse seed 3, stop 77).
            let day = crate::facts::WEEKDAYS.contains(&normalize(ws[i]).as_str());
            // Or the sentence's end after the weekday (« Le centre hospitalier … ouvert
            // lundi. », an item of hôpital seed 2 at stop 78).
            let ended = day && ws.get(i + 1).is_none();
            let next = match ended {
                true => String::new(),
                false => normalize(ws.get(i + usize::from(day))?),
            };
            let first = next.split('-').next().unwrap_or_default();
            // Or an infinitive of « avoir » or « être » (« Festival d'Avignon annoncée avoir
            // vendu », a headline of festival seed 3, stop 77).
            let object = crate::text::DETERMINERS.contains(&next.as_str())
                || next.chars().any(|c| c.is_ascii_digit())
                || crate::facts::is_cardinal(first)
                || ["avoir", "être"].contains(&next.as_str())
                || ended;
            let named = crate::text::strip_elision(ws[i - 2]).starts_with(char::is_uppercase);
            // In any gender and number (« annoncée » for the source's « a annoncé »).
            let bare = participle.trim_end_matches('s');
            let told = [bare, bare.strip_suffix('e').unwrap_or(bare)]
                .iter()
                .any(|p| self.participles.contains(*p));
            (named && object && told).then(|| format!("{} {} {}", ws[i - 2], ws[i - 1], ws[i]))
        })
    }

    /// « à » before a participle the source puts after an auxiliary, and never after « à »:
    /// « Le préjudice est à estimé à 2,3 millions » for the source's « est estimé »
    /// (proces-marseille, seed 2, stop 59).
    /// So is its infinitive: « Le préjudice est à estimer à 2,3 millions » makes a sum
    /// still to be estimated of the source's estimate (stop 60).
    pub fn to_participle(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        (1..ws.len()).find_map(|i| {
            let next = normalize(ws[i]);
            // The infinitive only after « être »: « il reste à estimer » is French.
            let after_being = i >= 2 && ETRE.contains(&normalize(ws[i - 2]).as_str());
            let participle = match next.strip_suffix("er").filter(|_| after_being) {
                Some(stem) => format!("{stem}é"),
                None => next.clone(),
            };
            let wrong = normalize(ws[i - 1]) == "à"
                && self.participles.contains(&participle)
                && !self.after_to.contains(&next);
            wrong.then(|| format!("{} {}", ws[i - 1], ws[i]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participle_after_a_name_keeps_its_auxiliary() {
        let grammar = Grammar::new([
            "La préfecture d'Ille-et-Vilaine a placé jeudi quarante-deux communes en alerte.",
            "Le Japon a créé un nouveau fabricant.",
            "Le Festival d'Avignon a annoncé mercredi avoir vendu 118 000 billets.",
            "Le centre hospitalier de Clermont-Ferrand a ouvert lundi un nouveau service.",
        ]);
        for (wrong, found) in [
            (
                "La préfecture d'Ille-et-Vilaine placé quarante-deux communes en alerte.",
                "d'Ille-et-Vilaine placé quarante-deux",
            ),
            ("Le Japon créé un fabricant.", "Japon créé un"),
            (
                "La préfecture d'Ille-et-Vilaine placé jeudi quarante-deux communes.",
                "d'Ille-et-Vilaine placé jeudi",
            ),
            (
                "Festival d'Avignon annoncée ce mercredi avec un taux de 94 %",
                "d'Avignon annoncée ce",
            ),
            (
                "Festival d'Avignon annoncée avoir vendu 118 000 billets",
                "d'Avignon annoncée avoir",
            ),
            (
                "Le centre hospitalier de Clermont-Ferrand ouvert lundi un nouveau service.",
                "Clermont-Ferrand ouvert lundi",
            ),
            (
                "Le centre hospitalier de Clermont-Ferrand ouvert lundi.",
                "Clermont-Ferrand ouvert lundi",
            ),
        ] {
            assert_eq!(
                grammar.bare_participle(wrong).as_deref(),
                Some(found),
                "{wrong}"
            );
        }
        for right in [
            "La préfecture d'Ille-et-Vilaine a placé quarante-deux communes en alerte.",
            "Le fabricant créé par le Japon travaille avec IBM.",
            "Quarante-deux communes placées en alerte par la préfecture.",
        ] {
            assert_eq!(grammar.bare_participle(right), None, "{right}");
        }
    }

    #[test]
    fn a_verb_of_being_takes_no_having() {
        for wrong in [
            "La déclaration a été intervenue après la rencontre.",
            "La déclaration a intervenu après la rencontre.",
            "Les deux ministres avaient été arrivés à Detroit.",
        ] {
            assert!(being_after_having(wrong).is_some(), "{wrong}");
        }
        for right in [
            "La déclaration est intervenue après la rencontre.",
            "La ville a été partie civile.",
            "Les deux pays ont convenu de travailler ensemble.",
            "La Métropole a été renforcée.",
        ] {
            assert_eq!(being_after_having(right), None, "{right}");
        }
    }

    #[test]
    fn having_is_the_sources_only_where_it_has_something() {
        let grammar = Grammar::new([
            "Le buteur Thomas Ramos a réussi cinq pénalités sur six tentatives.",
            "Les Bordelais ont perdu leur capitaine, et le club a déjà fait la différence.",
            "« Nous avons souffert », a déclaré l'entraîneur, qui a pu compter sur le groupe.",
            "Le tribunal a requis cinq ans, et la procureure a été entendue.",
        ]);
        for wrong in [
            "Le club haut-garonnais a le 28 juin, à Saint-Denis, le champion de France.",
            "Le club haut-garonnais a la finale, le 28 juin au Stade de France.",
        ] {
            assert!(grammar.having(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Thomas Ramos a réussi cinq pénalités.",
            "Les Bordelais ont perdu leur capitaine.",
            "Le club a également fait la différence.",
            "Il y a cinq pénalités.",
            "Le tribunal a requis cinq ans.",
            "La procureure a été entendue.",
            "« Nous avons souffert », a déclaré l'entraîneur.",
        ] {
            assert_eq!(grammar.having(right), None, "{right}");
        }
        // A source that has something lets it be had.
        let owning = Grammar::new(["Le club a un stade de 35 000 places."]);
        assert_eq!(owning.having("Le club a un stade."), None);
    }

    #[test]
    fn to_stands_not_where_the_source_has_an_auxiliary() {
        let grammar = Grammar::new([
            "Le préjudice pour la commune est estimé à 2,3 millions d'euros.",
            "Le chantier est prévu à proximité.",
        ]);
        assert_eq!(
            grammar
                .to_participle("Le préjudice est à estimé à 2,3 millions d'euros.")
                .as_deref(),
            Some("à estimé")
        );
        assert_eq!(
            grammar
                .to_participle("Le préjudice est à estimer à 2,3 millions d'euros.")
                .as_deref(),
            Some("à estimer")
        );
        for right in [
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Le chantier se trouve à proximité.",
            "Il reste à estimer le préjudice.",
        ] {
            assert_eq!(grammar.to_participle(right), None, "{right}");
        }
    }
}
