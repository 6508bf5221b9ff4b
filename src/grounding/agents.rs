//! Who does what, for nouns: a noun the source puts only after a verb, as what the verb is
//! done to or about, is not made the one who does it. « La chambre régionale des comptes
//! avait ouvert une enquête » makes the court that signalled the case the one that opened
//! the inquiry, where the source says « L'enquête avait été ouverte en 2020 après un
//! signalement de la chambre régionale des comptes » (proces-marseille, stops 55 to 60); «
//! Les politiques de commerce, d'investissement et d'exportation ont échangé leurs points de
//! vue » makes talkers of what was talked about (the seed dispatch). Names are `Subjects`'.

mod by;

pub use by::ByAgents;

use super::tense::participle_key;
use std::collections::HashSet;

use crate::seo::readability::{is_participle, AVOIR, BETWEEN, ETRE};
use crate::text::{is_stopword, normalize, strip_elision, word_key, words, DETERMINERS};

/// Verbs that carry an infinitive as « avoir » carries a participle.
const MODALS: &[&str] = &[
    "va", "vont", "allait", "allaient", "doit", "doivent", "devait",
];

/// Words, at most, from a sentence's first word to its auxiliary.
const SUBJECT_WORDS: usize = 12;

/// A verb as compared: a participle whatever its agreement, any other form as written.
fn verb_key(word: &str) -> String {
    participle_key(&normalize(word))
}

/// The head noun of the subject that opens `sentence` (« la chambre régionale des comptes »
/// is `chambre`), and the verb it does in the active voice after « avoir » or a modal («
/// avait ouvert » is `ouvert`, « s'est qualifiée » `qualifié`), both as keys. A subject made of a pronoun or a name, and a
/// verb after « être » (a passive, or a state), are left out.
fn subject_and_verb(sentence: &str) -> Option<(String, String)> {
    subject_verb(sentence)
        .filter(|(.., passive)| !passive)
        .map(|(noun, verb, _)| (noun, verb))
}

/// As `subject_and_verb`, with the passive too (« a été condamné », « est estimé »): the
/// subject's head noun, the verb's key, and whether it is told in the passive.
fn subject_verb(sentence: &str) -> Option<(String, String, bool)> {
    // A quotation or what a colon opens is another clause.
    let clause = sentence.split([':', ';', '«', '"', '“', '(']).next()?;
    let ws: Vec<String> = words(clause).iter().map(|w| normalize(w)).collect();
    let first = ws.first()?;
    let head = match first.strip_prefix("l'") {
        Some(rest) => rest.to_string(),
        None if DETERMINERS.contains(&first.as_str()) => ws.get(1)?.clone(),
        None => return None,
    };
    let capital = words(clause)
        .get(usize::from(!first.starts_with("l'")))
        .is_some_and(|w| strip_elision(w).starts_with(char::is_uppercase));
    if capital || head.len() < 4 {
        return None;
    }
    // « l'a affirmé »: the auxiliary past its elided pronoun.
    let aux = (1..ws.len().min(SUBJECT_WORDS)).find(|&i| {
        let w = strip_elision(&ws[i]);
        AVOIR.contains(&w) || ETRE.contains(&w) || MODALS.contains(&w)
    })?;
    // « s'est qualifiée » does the deed as « a ouvert » does; a bare « est » is a passive
    // or a state.
    let reflexive = ws[aux].starts_with("s'") || ws[aux - 1] == "se";
    let past = |from: usize| {
        let mut v = from;
        while ws.get(v).is_some_and(|w| BETWEEN.contains(&w.as_str())) {
            v += 1;
        }
        v
    };
    let mut v = past(aux + 1);
    let mut passive = ETRE.contains(&strip_elision(&ws[aux])) && !reflexive;
    if ws.get(v).is_some_and(|w| w == "été") && AVOIR.contains(&strip_elision(&ws[aux])) {
        v = past(v + 1);
        passive = true;
    }
    let verb = ws.get(v)?;
    if verb == "été" || is_stopword(verb) || (passive && !is_participle(verb)) {
        return None;
    }
    Some((word_key(&head), verb_key(verb), passive))
}

/// The source's sentences, each as its words' noun keys and verb keys, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agents {
    told: Vec<Vec<(String, String)>>,
    /// Each source sentence's subject and verb, as `subject_verb` reads them.
    heads: Vec<Option<(String, String, bool)>>,
    /// The subjects and verbs of the source's sentences, (noun, verb, passive).
    subjects: HashSet<(String, String, bool)>,
}

impl Agents {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let source: Vec<&str> = source.into_iter().collect();
        let heads: Vec<_> = source.iter().map(|s| subject_verb(s)).collect();
        let subjects = heads.iter().flatten().cloned().collect();
        let told = source
            .into_iter()
            .map(|s| {
                // A capital inside a sentence makes a name's or a title's word (« le ministre
                // chinois du Commerce »), not the noun a subject is.
                words(s)
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let named = i > 0 && strip_elision(w).starts_with(char::is_uppercase);
                        let noun = if named { String::new() } else { word_key(w) };
                        (noun, verb_key(w))
                    })
                    .collect()
            })
            .collect();
        Self {
            told,
            heads,
            subjects,
        }
    }

    /// The subject's noun and the verb of `sentence` told in the passive, « noun … verb »,
    /// where the source has the noun do the verb and never has it done to it: « Le tribunal
    /// correctionnel de Marseille a été condamné à quatre ans de prison » for « Le tribunal
    /// correctionnel de Marseille a condamné … un ancien adjoint » (proces-marseille, seed 1,
    /// in a trial at `8158b68`).
    pub fn made_patient(&self, sentence: &str) -> Option<String> {
        let (noun, verb, passive) = subject_verb(sentence)?;
        let doer = (noun.clone(), verb.clone(), false);
        let done_to = (noun.clone(), verb.clone(), true);
        (passive && self.subjects.contains(&doer) && !self.subjects.contains(&done_to))
            .then(|| format!("{noun} … {verb}"))
    }

    /// The subject's noun and the verb of `sentence`, « noun … verb », where every source
    /// sentence that says both puts the noun after the verb, never before it.
    /// Or, told in the passive, where a source sentence tells that passive of another noun
    /// and has this one after its verb: « Le signalement avait été ouvert en 2020 après une
    /// enquête » for « L'enquête avait été ouverte en 2020 après un signalement »
    /// (proces-marseille, seed 3, stop 68).
    pub fn made_agent(&self, sentence: &str) -> Option<String> {
        if let Some((noun, verb, true)) = subject_verb(sentence) {
            return self.made_passive_subject(&noun, &verb);
        }
        let (noun, verb) = subject_and_verb(sentence)?;
        let mut told = self.told.iter().filter_map(|ws| {
            let v = ws.iter().position(|(_, k)| *k == verb)?;
            let n = ws.iter().position(|(k, _)| *k == noun)?;
            Some(n > v)
        });
        let first = told.next()?;
        (first && told.all(|after| after)).then(|| format!("{noun} … {verb}"))
    }

    /// Whether a source sentence tells `verb` in the passive of another noun than `noun`,
    /// with `noun` after the verb, and none tells it of `noun`: as « noun … verb ».
    fn made_passive_subject(&self, noun: &str, verb: &str) -> Option<String> {
        let own = (noun.to_string(), verb.to_string(), true);
        if self.subjects.contains(&own) {
            return None;
        }
        let swapped = self.told.iter().zip(&self.heads).any(|(ws, head)| {
            let Some((other, v, true)) = head else {
                return false;
            };
            let at = ws.iter().position(|(_, k)| k == verb);
            let after = |at: usize| ws[at..].iter().any(|(k, _)| k == noun);
            v == verb && other != noun && at.is_some_and(after)
        });
        swapped.then(|| format!("{noun} … {verb}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proces() -> Agents {
        Agents::new([
            "Le tribunal correctionnel de Marseille a condamné mardi à quatre ans de prison un ancien adjoint.",
            "Le tribunal a également prononcé une peine de cinq ans d'inéligibilité.",
            "L'enquête avait été ouverte en 2020 après un signalement de la chambre régionale des comptes.",
            "Raimondo a rencontré jeudi le ministre chinois du Commerce, Wang Wentao, à Washington, où ils ont échangé leurs points de vue sur les politiques de commerce, d'investissement et d'exportation.",
            "Le Stade toulousain s'est qualifié samedi pour la finale du championnat.",
        ])
    }

    #[test]
    fn who_does_a_verb_is_not_what_it_is_done_to() {
        let agents = Agents::new([
            "Le tribunal correctionnel de Marseille a condamné mardi à quatre ans de prison un ancien adjoint.",
            "Le chef d'entreprise, Olivier Rinaldi, a été condamné à trois ans de prison avec sursis.",
            "Le préjudice pour la commune est estimé à 2,3 millions d'euros.",
        ]);
        assert_eq!(
            agents
                .made_patient(
                    "Le tribunal correctionnel de Marseille a été condamné à quatre ans de prison."
                )
                .as_deref(),
            Some("tribunal … condamné")
        );
        for right in [
            "Le tribunal correctionnel de Marseille a condamné un ancien adjoint.",
            "Le chef d'entreprise a été condamné à trois ans de prison avec sursis.",
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Un ancien adjoint a été condamné par le tribunal.",
        ] {
            assert_eq!(agents.made_patient(right), None, "{right}");
        }
    }

    #[test]
    fn what_a_verb_is_done_to_does_not_do_it() {
        let agents = proces();
        for (wrong, shown) in [
            (
                "La chambre régionale des comptes avait ouvert une enquête après un signalement.",
                "chambre … ouvert",
            ),
            (
                "Les politiques de commerce, d'investissement et d'exportation ont échangé leurs points de vue.",
                "politique … échangé",
            ),
            (
                "Le commerce et l'investissement ont échangé leurs points de vue.",
                "commerce … échangé",
            ),
            (
                "La finale s'est qualifiée pour le Stade toulousain samedi.",
                "finale … qualifié",
            ),
            (
                "Le signalement avait été ouvert en 2020 après une enquête de la chambre.",
                "signalement … ouvert",
            ),
        ] {
            assert_eq!(agents.made_agent(wrong).as_deref(), Some(shown), "{wrong}");
        }
        for right in [
            "L'enquête avait été ouverte en 2020.",
            "Le tribunal a également prononcé une peine d'inéligibilité.",
            "Le tribunal correctionnel a condamné un ancien adjoint.",
            "La chambre régionale des comptes a fait un signalement.",
            "Les deux ministres ont échangé leurs points de vue.",
            "Raimondo a rencontré le ministre chinois du Commerce.",
            "Un ancien adjoint a été condamné par le tribunal.",
            "Le club toulousain s'est qualifié pour la finale.",
            "L'enquête l'a montré : « la chambre avait ouvert une enquête ».",
            "L'enquête a été ouverte après un signalement de la chambre.",
            "Un ancien adjoint a été condamné à quatre ans de prison.",
        ] {
            assert_eq!(agents.made_agent(right), None, "{right}");
        }
    }
}
