//! Claims: what the source has someone say (« La Métropole assure que des études montrent
//! l'effet inverse », « Selon Bruno Bernard, la part du vélo atteint 4 % »). An article may
//! say it only as said by someone: told as fact (« des études montrent l'effet inverse »),
//! it turns a speaker's view into the article's own.

use std::collections::HashSet;

use super::speakers::{
    by_pronoun, folded, named, named_stems, says_what, ACCORDING_TO, APPOSITION_WORDS, SPEECH_VERBS,
};
use crate::text::words;

/// Content words, at least, that a sentence must share with what a speaker says for it to
/// tell that claim.
const CLAIM_STEMS: usize = 3;

/// One sentence of the source: the stems of what it has someone say, who says it, and the
/// stems of the rest.
#[derive(Debug, Clone, Default, PartialEq)]
struct Told {
    said: HashSet<String>,
    speaker: String,
    /// The stems of the rest: where someone speaks, those that name the speaker.
    own: HashSet<String>,
}

/// The source's sentences, each with what it has someone say, if anything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    told: Vec<Told>,
}

/// Splits `sentence` (quotations cut out) into who speaks and what is said: after « X estime
/// que », or after « Selon X, [what X is,] » at the start, or before « …, selon X » at the
/// end. `None` where it has no one say anything.
fn split(sentence: &str) -> Option<(String, String)> {
    let unquoted = super::unquoted(sentence);
    let all = words(&unquoted);
    let keys: Vec<String> = all.iter().map(|w| folded(w)).collect();
    if let Some(verb) = (0..keys.len()).find(|&i| {
        SPEECH_VERBS.contains(&keys[i].as_str())
            && all.get(i + 1).is_some()
            && says_what(all.get(i + 1))
    }) {
        // The speaker as written, up to the verb (its commas kept).
        let at = all[verb].as_ptr() as usize - unquoted.as_ptr() as usize;
        let mut speaker = unquoted[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        // « Le directeur a souligné que »: the auxiliary is not the speaker's.
        for auxiliary in [" a", " ont", " avait", " avaient"] {
            speaker = speaker.strip_suffix(auxiliary).unwrap_or(speaker);
        }
        return Some((speaker.to_string(), all[verb + 2..].join(" ")));
    }
    // « Selon X, président de Y, ce qui est dit » or « ce qui est dit, selon X ».
    let segments: Vec<&str> = unquoted.split(super::CLAUSE_MARKS).collect();
    let at = segments.iter().position(|s| {
        words(s)
            .first()
            .is_some_and(|w| ACCORDING_TO.contains(&folded(w).as_str()))
    })?;
    let rest: Vec<&str> = segments[at + 1..]
        .iter()
        .copied()
        .filter(|s| !words(s).is_empty())
        .collect();
    match at {
        0 => {
            // The segment after « Selon X » names X again when a third follows it.
            let skip = usize::from(rest.len() >= 2 && words(rest[0]).len() <= APPOSITION_WORDS);
            Some((
                segments[..1 + skip].join(",").trim().to_string(),
                rest[skip..].join(" "),
            ))
        }
        _ if rest.is_empty() => Some((segments[at].to_string(), segments[..at].join(" "))),
        _ => None,
    }
}

impl Claims {
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let told = sentences
            .into_iter()
            .map(|sentence| match split(sentence) {
                Some((speaker, said)) => Told {
                    said: named_stems(&said),
                    own: named_stems(&speaker),
                    speaker: speaker.trim().to_string(),
                },
                None => Told {
                    own: named_stems(&super::unquoted(sentence)),
                    ..Default::default()
                },
            })
            .collect();
        Self { told }
    }

    /// What `sentence` gets wrong about who says what: a claim of the source's speaker told
    /// as fact, or said by another. A sentence tells a claim when it shares at least
    /// `CLAIM_STEMS` content words with what someone says in the source, more than with any
    /// sentence, or part of one, that the source tells as its own. Told as fact: it names no
    /// speaker (no verb of saying, no « selon », no « a-t-il déclaré »); by another: every
    /// speaker it names shares no content word with the source's.
    pub fn misattributed(&self, sentence: &str) -> Option<Misattributed<'_>> {
        let unquoted = super::unquoted(sentence);
        let stems = named_stems(&unquoted);
        let shared = |set: &HashSet<String>| stems.intersection(set).count();
        let own = self.told.iter().map(|t| shared(&t.own)).max().unwrap_or(0);
        let claim = self
            .told
            .iter()
            .filter(|t| !t.said.is_empty())
            .map(|t| (shared(&t.said), t))
            .filter(|&(n, _)| n >= CLAIM_STEMS && n > own)
            .max_by_key(|&(n, _)| n)
            .map(|(_, t)| t)?;
        let speakers = named(&unquoted);
        if speakers.is_empty() {
            let speaks = words(&unquoted).iter().any(|w| {
                let k = folded(w);
                SPEECH_VERBS.contains(&k.as_str()) || ACCORDING_TO.contains(&k.as_str())
            });
            return (!speaks && !by_pronoun(sentence))
                .then_some(Misattributed::AsFact(&claim.speaker));
        }
        let theirs = &claim.own;
        let another = speakers
            .iter()
            .all(|(_, s)| !s.iter().any(|stem| theirs.contains(stem)));
        another.then(|| Misattributed::ByAnother {
            named: speakers[0].0.clone(),
            speaker: &claim.speaker,
        })
    }

    /// A content word that `sentence` has a speaker of the source say, in reported speech
    /// (« X estime que … », « selon X, … »), that the source never has them say nor writes
    /// in the sentences they speak in: « La Ville à vélo estime que les plus attendus sont
    /// les ponts sur le Rhône et les pistes cyclables » where the association names the
    /// bridges alone.
    pub fn put_in_mouth(&self, sentence: &str) -> Option<Misattributed<'_>> {
        let (speaker, said) = split(sentence)?;
        let named = named_stems(&speaker);
        let theirs: Vec<&Told> = self
            .told
            .iter()
            .filter(|t| !t.said.is_empty() && !t.own.is_disjoint(&named))
            .collect();
        let first = theirs.first()?;
        let word = super::content_stems(&said)
            .into_iter()
            .find(|(_, stem)| {
                let stem = super::links::key(stem);
                !theirs
                    .iter()
                    .any(|t| t.said.contains(stem) || t.own.contains(stem))
            })?
            .0;
        Some(Misattributed::Added {
            speaker: &first.speaker,
            word: word.to_string(),
        })
    }
}

/// Who says a claim, got wrong (see `Claims::misattributed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misattributed<'a> {
    /// Told as fact; the source has this speaker say it.
    AsFact(&'a str),
    /// Said by `named`; the source has `speaker` say it.
    ByAnother { named: String, speaker: &'a str },
    /// `speaker` made to say `word`, which the source does not have them say.
    Added { speaker: &'a str, word: String },
}

impl std::fmt::Display for Misattributed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::AsFact(speaker) => write!(f, "told as fact what « {speaker} » says"),
            Self::ByAnother { named, speaker } => {
                write!(f, "has « {named} » say what « {speaker} » says")
            }
            Self::Added { speaker, word } => {
                write!(f, "has « {speaker} » say « {word} », which they do not say")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims::new([
            "La Métropole de Lyon a présenté mardi un plan de 120 millions d'euros destiné à doubler la place du vélo.",
            "Selon Bruno Bernard, président de la Métropole, la part du vélo dans les trajets domicile-travail atteint aujourd'hui 4 % et doit passer à 8 % en six ans.",
            "La Ville à vélo, principale association locale, estime que les travaux les plus attendus concernent les ponts sur le Rhône et la Saône, où les cyclistes partagent encore la chaussée avec les voitures.",
            "Plusieurs représentants de la Chambre de commerce craignent que la suppression de places de stationnement ne réduise la fréquentation des boutiques.",
            "La Métropole assure que des études menées dans d'autres villes européennes montrent l'effet inverse.",
            "Les associations de cyclistes ont salué un effort inédit.",
        ])
    }

    #[test]
    fn what_a_speaker_says_is_not_told_as_fact() {
        let c = claims();
        for (fact, speaker) in [
            (
                "Les études menées dans d'autres métropoles montrent l'effet inverse.",
                "La Métropole",
            ),
            (
                "Les travaux les plus attendus concernent le pont sur le Rhône, où les cyclistes partagent avec les voitures.",
                "La Ville à vélo, principale association locale",
            ),
            (
                "La suppression de places de stationnement réduira la fréquentation des boutiques.",
                "Plusieurs représentants de la Chambre de commerce",
            ),
            (
                "La part du vélo dans les trajets domicile-travail atteint 4 %.",
                "Selon Bruno Bernard, président de la Métropole",
            ),
        ] {
            assert_eq!(c.misattributed(fact), Some(Misattributed::AsFact(speaker)), "{fact}");
        }
    }

    #[test]
    fn a_claim_said_by_its_speaker_or_the_sources_own_facts_pass() {
        let c = claims();
        for sentence in [
            "La Métropole assure que des études européennes montrent l'effet inverse.",
            "Selon Bruno Bernard, la part du vélo dans les trajets atteint 4 %.",
            "La part du vélo dans les trajets atteint 4 %, selon le président de la Métropole.",
            "Les travaux les plus attendus concernent les ponts, estime-t-elle.",
            "Les commerçants craignent que la suppression de places réduise la fréquentation.",
            "La Métropole de Lyon a présenté un plan pour doubler la place du vélo.",
            "Les associations de cyclistes ont salué un effort inédit.",
        ] {
            assert_eq!(c.misattributed(sentence), None, "{sentence}");
        }
    }

    #[test]
    fn a_speaker_says_only_what_the_source_has_them_say() {
        let c = claims();
        assert_eq!(
            c.put_in_mouth("La Ville à vélo estime que les plus attendus sont les ponts sur le Rhône et les pistes cyclables."),
            Some(Misattributed::Added {
                speaker: "La Ville à vélo, principale association locale",
                word: "pistes".into(),
            })
        );
        for sentence in [
            "La Ville à vélo estime que les plus attendus sont les ponts sur le Rhône.",
            "L'association locale estime que les cyclistes partagent la chaussée avec les voitures.",
            "Selon Bruno Bernard, la part du vélo atteint 4 %.",
            // A speaker the source does not have speak is another rule's.
            "Le maire estime que les pistes cyclables sont attendues.",
        ] {
            assert_eq!(c.put_in_mouth(sentence), None, "{sentence}");
        }
    }

    #[test]
    fn a_claim_is_said_by_its_own_speaker() {
        let c = claims();
        assert_eq!(
            c.misattributed("Selon la Métropole, les travaux les plus attendus concernent les ponts sur le Rhône."),
            Some(Misattributed::ByAnother {
                named: "la Métropole".into(),
                speaker: "La Ville à vélo, principale association locale",
            })
        );
        assert_eq!(
            c.misattributed("Selon l'association, les travaux les plus attendus concernent les ponts sur le Rhône."),
            None
        );
    }
}
