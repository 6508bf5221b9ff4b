//! Speakers: who the source says speaks. « Selon X », « X estime que » and « …, a déclaré X »
//! name who says something; an article may name only a speaker the source gives. From
//! « Selon Bruno Bernard, président de la Métropole » and « La Ville à vélo estime que », the
//! article may say « selon le président de la Métropole », not « a déclaré le maire » nor
//! « selon la Ville ».

use std::collections::HashSet;

use super::{content_stems, links::key};
use crate::text::{fold_accents, normalize, words};

/// Verbs that say who speaks, folded (« déclaré » and « déclare » alike).
pub(super) const SPEECH_VERBS: &[&str] = &[
    "declare",
    "declarent",
    "affirme",
    "affirment",
    "assure",
    "assurent",
    "estime",
    "estiment",
    "explique",
    "expliquent",
    "precise",
    "precisent",
    "indique",
    "indiquent",
    "souligne",
    "soulignent",
    "annonce",
    "annoncent",
    "ajoute",
    "ajoutent",
    "rappelle",
    "rappellent",
    // A participle folds to its present where the stem is not doubled (« déclaré » is
    // « declare »); « rappelé » does not.
    "rappele",
    "confie",
    "confient",
    "insiste",
    "craint",
    "craignent",
    "salue",
    "saluent",
    "reclame",
    "reclament",
    "denonce",
    "denoncent",
    "regrette",
    "regrettent",
    "promet",
    "promettent",
    "promis",
    "dit",
    "disent",
    "reconnait",
    "reconnaissent",
    "temoigne",
    "raconte",
];

/// Verbs of saying that come after what is said, their speaker after them (« …, a déclaré
/// le maire »); the others take an object there (« ont salué les locaux »).
const INVERTED_VERBS: &[&str] = &[
    "declare",
    "affirme",
    "estime",
    "explique",
    "precise",
    "indique",
    "souligne",
    "ajoute",
    "assure",
    "confie",
    "dit",
    "raconte",
    "temoigne",
    "rappelle",
    "rappele",
    "insiste",
    "reconnait",
];

/// Words that open no apposition: « d'après Bruno Bernard, dans les trajets, … » says where,
/// not who.
const NOT_APPOSITIONS: &[&str] = &[
    "dans", "en", "à", "au", "aux", "pour", "sur", "avec", "par", "chez", "sans", "sous", "vers",
    "depuis", "lors", "après", "avant", "pendant", "entre", "contre", "malgré", "dès", "et",
    "mais", "ou", "donc", "car", "qui", "que", "dont", "où", "de", "du", "des", "le", "la", "les",
    "ce", "cette", "il", "elle", "ils", "elles",
];

/// Words that introduce a speaker after them.
pub(super) const ACCORDING_TO: &[&str] = &["selon", "d'apres"];

/// Words that may stand before an inverted speech verb (« a-t-il déclaré », « a déclaré »).
const AUXILIARIES: &[&str] = &[
    "a", "ont", "avait", "avaient", "a-t-il", "a-t-elle", "ont-ils",
];

/// Words that open the name of a speaker after an inverted verb (« a déclaré le maire »).
const ARTICLES: &[&str] = &["le", "la", "les", "l'", "un", "une"];

/// Words, at most, of a segment after « selon X, » that names X again (« président de la
/// Métropole »), rather than saying what X says.
pub(super) const APPOSITION_WORDS: usize = 5;

/// A word folded as speech verbs are listed.
pub(super) fn folded(word: &str) -> String {
    fold_accents(&normalize(word))
}

/// The stems a phrase names its speaker by, plural dropped.
fn stems(words_: &[&str]) -> Vec<String> {
    content_stems(&words_.join(" "))
        .into_iter()
        .map(|(_, s)| key(&s).to_string())
        .collect()
}

/// The speakers a sentence names: after « selon », and before or after a speech verb.
pub(super) fn named(sentence: &str) -> Vec<(String, Vec<String>)> {
    let segments: Vec<Vec<&str>> = sentence
        .split(crate::grounding::CLAUSE_MARKS)
        .map(words)
        .collect();
    let mut out = Vec::new();
    for (n, segment) in segments.iter().enumerate() {
        let keys: Vec<String> = segment.iter().map(|w| folded(w)).collect();
        if let Some(at) = keys.iter().position(|k| ACCORDING_TO.contains(&k.as_str())) {
            out.push(phrase(&segment[at + 1..]));
            // « Selon Bruno Bernard, président de la Métropole, … »: a short segment
            // between two others.
            let enclosed = segments.get(n + 2).is_some_and(|s| !s.is_empty());
            let next = segments.get(n + 1).filter(|s| {
                s.len() <= APPOSITION_WORDS
                    && s.first()
                        .is_some_and(|w| !NOT_APPOSITIONS.contains(&normalize(w).as_str()))
            });
            if let Some(apposition) = next.filter(|_| enclosed && at + 1 < segment.len()) {
                out.push(phrase(apposition));
            }
        }
        let Some(verb) = keys.iter().position(|k| SPEECH_VERBS.contains(&k.as_str())) else {
            continue;
        };
        // Nothing but an auxiliary before the verb: its speaker is after it (« …, a
        // déclaré le maire », what is said first, the speaker at the sentence's end) or in
        // the segments before (« La Ville à vélo, principale association, estime que »).
        let bare = keys[..verb]
            .iter()
            .all(|k| AUXILIARIES.contains(&k.as_str()));
        // The segment ends the sentence, or only a relative clause on the speaker follows
        // (« …, a déclaré la procureure Sophie Marchetti à l'issue de l'audience, qui avait
        // requis cinq ans », procès: read as no speaker, its own words in a rewrite were
        // refused as a speaker the source does not give).
        // Or segments with no verb of their own, that say who the speaker is, when and
        // where (« …, a rappelé le docteur Hélène Marchand, cheffe du service, lors de
        // l'inauguration. », hôpital: read as no speaker, the source's quotation with its
        // speaker was refused in every rewrite of stop 80).
        let rest: Vec<&Vec<&str>> = segments[n + 1..].iter().filter(|s| !s.is_empty()).collect();
        let asides = rest.iter().all(|s| {
            s.iter().all(|w| {
                let (key, plain) = (folded(w), normalize(w));
                !SPEECH_VERBS.contains(&key.as_str())
                    && !crate::seo::readability::AVOIR.contains(&plain.as_str())
                    && !crate::seo::readability::ETRE.contains(&plain.as_str())
            })
        });
        let last = rest
            .first()
            .is_none_or(|s| RELATIVES.contains(&normalize(s[0]).as_str()))
            || asides;
        let opens_a_name = |w: &&str| {
            ARTICLES.contains(&normalize(w).as_str())
                || normalize(w).starts_with("l'")
                || w.chars().next().is_some_and(char::is_uppercase)
        };
        let next = segment.get(verb + 1);
        if bare
            && last
            && INVERTED_VERBS.contains(&keys[verb].as_str())
            && next.is_some_and(opens_a_name)
        {
            out.push(phrase(&segment[verb + 1..]));
            // Its apposition names the speaker too (« cheffe du service »).
            let apposition = rest.first().filter(|s| {
                asides
                    && s.len() <= APPOSITION_WORDS
                    && !NOT_APPOSITIONS.contains(&normalize(s[0]).as_str())
            });
            out.extend(apposition.map(|s| phrase(s)));
        } else if bare && says_what(next) {
            out.extend(segments[n.saturating_sub(2)..n].iter().map(|s| phrase(s)));
        } else if says_what(next) {
            // « X estime que … », « X a déclaré : « … » »; not « une date précise » nor « le
            // financement est assuré par … », where the verb says no one speaks.
            let mut subject = &segment[..verb];
            while let Some((aux, rest)) = subject.split_last() {
                match AUXILIARIES.contains(&folded(aux).as_str()) {
                    true => subject = rest,
                    false => break,
                }
            }
            out.push(phrase(subject));
        }
    }
    out.retain(|(_, s)| !s.is_empty());
    out
}

/// Words that open a relative clause on what stands before them.
const RELATIVES: &[&str] = &[
    "qui",
    "dont",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
];

/// Pronouns a speaker is named by, inverted after a verb (« a-t-il déclaré », « estime-t-elle »)
/// or after « selon » (« selon lui »).
const PRONOUNS: &[&str] = &["il", "elle", "ils", "elles", "lui", "eux"];

/// Whether `sentence` gives who speaks by a pronoun alone (« …, a-t-il déclaré », « selon
/// elle », « il estime que »): it stands for someone named just before, or for no one.
/// Whether `text` (a sentence's words outside its quotation marks) says someone speaks: a
/// verb of saying (« a déclaré », « salue »), « selon », or a colon before what is said.
/// « « Nous voulons … », à l'hôtel de la Métropole, mardi » quotes no one (velo with dead
/// ends, stop 67).
pub fn says_someone_speaks(text: &str) -> bool {
    text.contains(':')
        || words(text).iter().any(|w| {
            let key = folded(w);
            let inverted = key.split('-').next().unwrap_or("");
            SPEECH_VERBS.contains(&key.as_str())
                || SPEECH_VERBS.contains(&inverted)
                || ACCORDING_TO.contains(&key.as_str())
        })
}

pub fn by_pronoun(sentence: &str) -> bool {
    let unquoted = super::unquoted(sentence);
    let keys: Vec<String> = words(&unquoted).iter().map(|w| folded(w)).collect();
    keys.iter().enumerate().any(|(i, k)| {
        let next = keys.get(i + 1).map(String::as_str);
        let speaks = |w: Option<&str>| w.is_some_and(|w| SPEECH_VERBS.contains(&w));
        // « a-t-il déclaré », « estime-t-elle »; not the question « le plan a-t-il été voté ? ».
        let inverted = k.rsplit_once('-').is_some_and(|(head, p)| {
            let head = head.trim_end_matches("-t");
            PRONOUNS.contains(&p)
                && (speaks(Some(head)) || (AUXILIARIES.contains(&head) && speaks(next)))
        });
        let according =
            ACCORDING_TO.contains(&k.as_str()) && next.is_some_and(|n| PRONOUNS.contains(&n));
        let subject = PRONOUNS[..4].contains(&k.as_str())
            && next.is_some_and(|n| {
                SPEECH_VERBS.contains(&n)
                    || (AUXILIARIES.contains(&n)
                        && keys
                            .get(i + 2)
                            .is_some_and(|v| SPEECH_VERBS.contains(&v.as_str())))
            });
        inverted || according || subject
    })
}

/// Whether the word after a verb of saying (none: a mark ends the segment) opens what is
/// said.
pub(super) fn says_what(next: Option<&&str>) -> bool {
    next.is_none_or(|w| {
        let w = normalize(w);
        w == "que" || w.starts_with("qu'")
    })
}

/// The stems of `text`'s content words, plural dropped, as speakers and claims compare them.
pub(super) fn named_stems(text: &str) -> HashSet<String> {
    stems(&words(text)).into_iter().collect()
}

fn phrase(words_: &[&str]) -> (String, Vec<String>) {
    (words_.join(" "), stems(words_))
}

/// The source's speakers, each as the stems of a phrase that names it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Speakers {
    phrases: Vec<Vec<String>>,
    /// Every content stem of the source, plural dropped.
    stems: HashSet<String>,
    /// Each quotation the source closes with an inverted pronoun (« », a-t-il déclaré »): its
    /// first words, folded, and the pronoun.
    incises: Vec<(Vec<String>, String)>,
}

/// Words of a quotation's opening that say which of the source's it is.
const QUOTE_OPENING: usize = 4;

/// Each quotation of `sentence` closed by an inverted pronoun (« », a-t-il déclaré », « »,
/// ont-ils ajouté »): its first `QUOTE_OPENING` words folded, and the pronoun.
fn incises(sentence: &str) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('«') {
        let after = &rest[open + '«'.len_utf8()..];
        let Some(close) = after.find('»') else { break };
        let quote = &after[..close];
        rest = &after[close + '»'.len_utf8()..];
        let Some(tail) = rest.trim_start().strip_prefix(',') else {
            continue;
        };
        let incise = tail.split_whitespace().next().unwrap_or("");
        let incise = incise.trim_end_matches(|c: char| !c.is_alphabetic());
        let pronoun = incise.rsplit_once('-').map(|(_, p)| normalize(p));
        if let Some(pronoun) = pronoun.filter(|p| PRONOUNS.contains(&p.as_str())) {
            let opening = words(quote)
                .iter()
                .take(QUOTE_OPENING)
                .map(|w| folded(w))
                .collect();
            out.push((opening, pronoun));
        }
    }
    out
}

impl Speakers {
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out = Self::default();
        for sentence in sentences {
            let said = named(&super::unquoted(sentence));
            out.phrases.extend(said.into_iter().map(|(_, s)| s));
            out.stems.extend(stems(&words(sentence)));
            out.incises.extend(incises(sentence));
        }
        out
    }

    /// The pronoun of the first inverted incise of `sentence` that closes one of the
    /// source's quotations with another pronoun than the source's: « », ont-ils déclaré »
    /// for the source's « », a-t-il déclaré » (velo with dead ends, stop 67), a speaker
    /// made many.
    pub fn incise_changed(&self, sentence: &str) -> Option<String> {
        incises(sentence)
            .into_iter()
            .find_map(|(opening, pronoun)| {
                let source = self.incises.iter().find(|(o, _)| *o == opening)?;
                (source.1 != pronoun).then_some(pronoun)
            })
    }

    /// Whether the source gives a speaker named by `stems_`: one of its phrases shares at
    /// least two of them (all, when it has fewer), and the others are the source's words
    /// (« la Métropole de Lyon assure » for « La Métropole assure »).
    fn gives(&self, stems_: &[String]) -> bool {
        let known = stems_.iter().all(|s| self.stems.contains(s));
        known
            && self.phrases.iter().any(|p| {
                let shared = p.iter().filter(|s| stems_.contains(s)).count();
                shared >= p.len().min(2)
            })
    }

    /// Whether `sentence` names one of the source's speakers, speaking or not (« Bruno
    /// Bernard a présenté le plan »): what a pronoun after it may stand for.
    pub fn names_one(&self, sentence: &str) -> bool {
        let unquoted = super::unquoted(sentence);
        let said = stems(&words(&unquoted));
        self.phrases.iter().any(|p| {
            !p.is_empty() && p.iter().filter(|s| said.contains(s)).count() >= p.len().min(2)
        })
    }

    /// Whether `sentence` gives who speaks by a pronoun alone (« …, a-t-il déclaré ») and
    /// neither it nor the sentence `before` it names one of the source's speakers: the
    /// pronoun then stands for no one.
    pub fn unnamed(&self, sentence: &str, before: Option<&str>) -> bool {
        by_pronoun(sentence)
            && !self.names_one(sentence)
            && !before.is_some_and(|previous| self.names_one(previous))
    }

    /// The first phrase of `sentence` naming a speaker the source does not give, as written.
    pub fn unknown(&self, sentence: &str) -> Option<String> {
        named(&super::unquoted(sentence))
            .into_iter()
            .find(|(_, s)| !self.gives(s))
            .map(|(written, _)| written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_speaks_is_said_by_a_verb_of_saying_selon_or_a_colon() {
        for speaks in [
            "…, a déclaré la procureure Sophie Marchetti.",
            // Hôpital, stop 81: the source's own verb.
            "…, a rappelé le docteur Hélène Marchand.",
            "…, a-t-il déclaré.",
            "Leur président, Laurent Marti, salue une équipe …",
            "Selon la Ville à vélo, …",
            "Le président a dit : …",
        ] {
            assert!(says_someone_speaks(speaks), "{speaks}");
        }
        assert!(!says_someone_speaks(
            "…, à l'hôtel de la Métropole, mardi, lors d'une conférence de presse."
        ));
    }

    #[test]
    fn a_quotation_keeps_the_pronoun_the_source_closes_it_with() {
        let speakers = Speakers::new([
            "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a-t-il déclaré.",
        ]);
        let quote = "«Nous voulons que chaque habitant puisse rejoindre son travail à vélo »";
        assert_eq!(
            speakers
                .incise_changed(&format!("{quote}, ont-ils déclaré."))
                .as_deref(),
            Some("ils")
        );
        assert_eq!(
            speakers.incise_changed(&format!("{quote}, a-t-il déclaré.")),
            None
        );
        assert_eq!(
            speakers.incise_changed("« Un autre mot », ont-ils déclaré."),
            None
        );
    }

    #[test]
    fn a_pronoun_speaks_for_whoever_was_just_named() {
        let s = speakers();
        for pronoun in [
            "« Nous voulons des pistes », a-t-il déclaré.",
            "Les travaux sont attendus, estime-t-elle.",
            "Selon lui, les travaux sont attendus.",
            "Il estime que les travaux sont attendus.",
            "Elle a déclaré que les travaux sont attendus.",
        ] {
            assert!(by_pronoun(pronoun), "{pronoun}");
        }
        for named in [
            "« Nous voulons des pistes », a déclaré Bruno Bernard.",
            "Il faut des pistes, selon la Métropole.",
            "Il a présenté le plan mardi.",
            "Le plan a-t-il été présenté mardi ?",
        ] {
            assert!(!by_pronoun(named), "{named}");
        }
        assert!(s.names_one("Bruno Bernard a présenté le plan mardi."));
        assert!(s.names_one("Le président de la Métropole a présenté le plan."));
        assert!(!s.names_one("Le plan a été présenté mardi."));
    }

    fn speakers() -> Speakers {
        Speakers::new([
            "La Métropole de Lyon a présenté mardi un plan.",
            "Selon Bruno Bernard, président de la Métropole, la part du vélo atteint 4 %.",
            "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a-t-il déclaré lors d'une conférence de presse.",
            "La Ville à vélo, principale association locale, estime que les travaux les plus attendus concernent les ponts, où les cyclistes partagent la chaussée.",
            "Du côté des commerçants, l'accueil est plus réservé.",
            "La Métropole assure que des études menées dans d'autres villes européennes montrent l'effet inverse.",
            "« Cette décision rappelle que l'argent public n'appartient pas à ceux qui le gèrent », a déclaré la procureure Sophie Marchetti à l'issue de l'audience, qui avait requis cinq ans d'emprisonnement.",
            "« Nous avions des couloirs saturés chaque hiver », a rappelé le docteur Hélène Marchand, cheffe du service, lors de l'inauguration.",
            "« C'est une étape décisive », a déclaré le directeur général de Renault, François Provost, devant les élus et les salariés réunis pour l'occasion.",
        ])
    }

    #[test]
    fn only_the_sources_speakers_are_named() {
        let s = speakers();
        for given in [
            "Selon Bruno Bernard, la part du vélo doit doubler.",
            "Selon le président de la Métropole, la part du vélo doit doubler.",
            "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a-t-il déclaré.",
            "La Ville à vélo estime que les ponts sont attendus.",
            "La Métropole de Lyon assure que l'effet est inverse.",
            "Les travaux concernent les ponts, selon lui.",
            "Selon Bruno Bernard, le vélo double.",
            "Le financement est assuré par la Métropole à une date précise.",
            "Les associations, en leur nom, ont salué les pistes cyclables.",
            "Le vélo, d'après Bruno Bernard, dans les trajets, atteint 4 %.",
            "La Ville à vélo, principale association, estime que les ponts sont attendus.",
            "« Cette décision rappelle que l'argent public n'appartient pas à ceux qui le gèrent », a déclaré la procureure Sophie Marchetti.",
            "« Nous avions des couloirs saturés chaque hiver », a rappelé le docteur Hélène Marchand.",
            "« Nous avions des couloirs saturés chaque hiver », a rappelé la cheffe du service.",
            "« C'est une étape décisive », a déclaré François Provost, directeur général de Renault.",
            "« C'est une étape décisive », a déclaré le directeur général de Renault.",
        ] {
            assert_eq!(s.unknown(given), None, "{given}");
        }
        for (invented, speaker) in [
            (
                "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré le maire.",
                "le maire",
            ),
            ("Les travaux sont en cours, selon la Ville.", "la Ville"),
            ("Le côté est plus réservé, selon les commerçants.", "les commerçants"),
            ("Le maire de la Métropole a estimé que le plan aboutira.", "Le maire de la Métropole"),
            (
                "« Nous avions des couloirs saturés chaque hiver », a rappelé le directeur de l'hôpital.",
                "le directeur de l'hôpital",
            ),
        ] {
            assert_eq!(s.unknown(invented).as_deref(), Some(speaker), "{invented}");
        }
    }
}
