//! The sentence gate: each sentence the model writes is kept only if it is French, complete,
//! new, not a copy of the source, brings no name or figure the source lacks, says the
//! source's words together only as the source does, and none more often than it allows.

use crate::facts::Facts;

mod elision;
mod rejection;
mod repeats;
pub use elision::missing_elision;
pub use rejection::Rejection;
pub use repeats::{overused, said_stems, Repeats, SAYINGS_PER_MENTION};

use crate::text::echoes;
use crate::text::{words, LanguageSignal};

/// A sentence copying this many consecutive words of the source is dropped.
pub const MAX_COPIED_RUN: usize = 8;
/// A sentence longer than this many words is a run-on that readers (and Yoast) penalise.
pub const MAX_SENTENCE_WORDS: usize = 30;
/// Content words the source lacks that a grounded sentence may hold. One was allowed for a
/// turn of phrase; read over the velo articles, nearly every such word was new matter
/// (« pays », « record », « d'accord », « époques », « la dette »), a synonym only now and then
/// (« voies » for « pistes »).
pub const MAX_UNSUPPORTED: usize = 0;

/// Whether `unsupported`, the content words a sentence brings of its own, are too many.
pub fn too_many_unsupported(unsupported: &[String]) -> bool {
    unsupported.len() > MAX_UNSUPPORTED
}
/// Words outside a sentence's quotation, at least, to say who is quoted.
const MIN_SPEAKER_WORDS: usize = 2;
/// A sentence must use at least this many of the source's content words to stay on topic.
pub const MIN_SHARED_WORDS: usize = 2;

/// Judges `sentence` against the source facts and the sentences already kept; `grounded`
/// also refuses a sentence whose content words the source does not support.
pub fn judge(
    sentence: &str,
    facts: &Facts,
    kept: &[String],
    grounded: bool,
) -> Result<(), Rejection> {
    let ws = words(sentence);
    if ws.len() < 6 {
        return Err(Rejection::TooShort);
    }
    if ws.len() > MAX_SENTENCE_WORDS {
        return Err(Rejection::TooLong(ws.len()));
    }
    let trimmed = sentence.trim_end_matches(['»', '"', ')', ' ', '\u{a0}']);
    if !trimmed.ends_with(['.', '!', '?', '…']) || dangles(trimmed) {
        return Err(Rejection::Incomplete);
    }
    // A sentence starts with a capital or a figure; anything else continues text that is not
    // there (e.g. the headline, cut in mid-phrase).
    let opening = sentence
        .trim_start_matches(['«', '"', '“', '(', ' ', '\u{a0}'])
        .chars()
        .next();
    if !opening.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return Err(Rejection::Incomplete);
    }
    if sentence.contains(['<', '>', '#', '*', '|', '[', ']', '{', '}', '_', '='])
        || sentence.contains("http")
        || sentence.trim_start().starts_with(['-', '–', '•'])
        || sentence.matches('«').count() != sentence.matches('»').count()
        || sentence.matches('(').count() != sentence.matches(')').count()
    {
        return Err(Rejection::Markup);
    }
    if !LanguageSignal::of(sentence).is_french() {
        return Err(Rejection::NotFrench);
    }
    if facts.shared_content_words(sentence) < MIN_SHARED_WORDS {
        return Err(Rejection::OffTopic);
    }
    if echoes(sentence, kept) || restated_in(sentence, kept) {
        return Err(Rejection::Repeated);
    }
    if let Some(phrase) = stutter(sentence) {
        return Err(Rejection::Stutter(phrase));
    }
    let copied = facts.longest_copied_run(sentence);
    if copied >= MAX_COPIED_RUN {
        return Err(Rejection::Copied(copied));
    }
    if let Some(name) = facts.invented_names(sentence).into_iter().next() {
        return Err(Rejection::InventedName(name));
    }
    if let Some(figure) = facts.invented_numbers(sentence).into_iter().next() {
        return Err(Rejection::InventedFigure(figure));
    }
    if let Some(figure) = facts.misattributed_figures(sentence).into_iter().next() {
        return Err(Rejection::InventedFigure(figure));
    }
    if let Some(date) = facts.invented_times(sentence).into_iter().next() {
        return Err(Rejection::InventedDate(date));
    }
    if let Some(word) = facts.unknown_words(sentence).into_iter().next() {
        return Err(Rejection::UnknownWord(word.to_string()));
    }
    if let Some(quote) = facts.grounding.invented_quotes(sentence).into_iter().next() {
        return Err(Rejection::InventedQuote(quote.to_string()));
    }
    // Words outside the marks say who speaks (« …, a déclaré l'entraîneur »).
    let speaker = words(&crate::grounding::unquoted(sentence)).len();
    if !crate::grounding::quotations(sentence).is_empty() && speaker < MIN_SPEAKER_WORDS {
        return Err(Rejection::Unattributed);
    }
    if let Some(word) = first_person(&crate::grounding::unquoted(sentence)) {
        return Err(Rejection::FirstPerson(word));
    }
    if let Some(pair) = missing_elision(sentence, &facts.sentences) {
        return Err(Rejection::NotElided(pair));
    }
    let grammar = &facts.grounding.grammar;
    let wrong = grammar
        .wrong_gender(sentence)
        .or_else(|| crate::grounding::not_a_participle(sentence))
        .or_else(|| grammar.broken_name(sentence))
        .or_else(|| grammar.figure_de(sentence));
    if let Some(phrase) = wrong {
        return Err(Rejection::Ungrammatical(phrase));
    }
    if let Some(speaker) = facts.grounding.speakers.unknown(sentence) {
        return Err(Rejection::UnknownSpeaker(speaker));
    }
    // « …, a-t-il déclaré » stands for the speaker named here or just before, or for no one.
    let speakers = &facts.grounding.speakers;
    if crate::grounding::by_pronoun(sentence)
        && !speakers.names_one(sentence)
        && !kept
            .last()
            .is_some_and(|previous| speakers.names_one(previous))
    {
        return Err(Rejection::PronounSpeaker);
    }
    if let Some(flip) = facts.grounding.polarity.flipped(sentence) {
        return Err(Rejection::Flipped(flip));
    }
    if let Some(comparison) = facts.grounding.degree.invented(sentence) {
        return Err(Rejection::Compared(comparison));
    }
    if let Some(qualifier) = facts.grounding.degree.invented_qualifier(sentence) {
        return Err(Rejection::Qualified(qualifier));
    }
    // A reformulation needs hardly a content word the source lacks: the gate is stricter
    // than the check's 75 %, which leaves room for a hand-written rewrite's own words.
    let support = facts.grounding.strict_support(sentence);
    if let Some(action) = invented_action(sentence, &support.unsupported).filter(|_| grounded) {
        return Err(Rejection::InventedAction(action));
    }
    if grounded && (too_many_unsupported(&support.unsupported) || !support.is_supported()) {
        return Err(Rejection::Unsupported(support.unsupported));
    }
    if let Some(word) = overused(sentence, &said_stems(kept), facts).filter(|_| grounded) {
        return Err(Rejection::Overused(word.to_string()));
    }
    match facts.grounding.links.unlinked(sentence) {
        Some((a, b)) if grounded => Err(Rejection::Unlinked(a.to_string(), b.to_string())),
        _ => Ok(()),
    }
}

/// The word the source does not support that `sentence` uses as a past participle after an
/// auxiliary (« a été réduit », « ont été votés »): the one content word a reformulation may
/// bring of its own must not be an event the source does not tell.
pub fn invented_action(sentence: &str, unsupported: &[String]) -> Option<String> {
    let done = crate::seo::readability::participles_after_auxiliary(sentence);
    unsupported
        .iter()
        .find(|w| done.contains(&crate::text::normalize(w)))
        .cloned()
}

/// Words no French sentence ends on: articles, prepositions, conjunctions and determiners,
/// which announce what the sentence then lacks (« …de l'industrie de la. »).
const DANGLING: &[&str] = &[
    "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "et", "ou", "mais", "à", "au",
    "aux", "par", "pour", "sur", "avec", "dans", "sans", "sous", "vers", "chez", "entre", "que",
    "qu'", "qui", "dont", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
    "notre", "votre", "nos", "vos", "mon", "ma", "mes",
];

/// Whether `sentence` ends on a word that announces more (`DANGLING`).
fn dangles(sentence: &str) -> bool {
    words(sentence)
        .last()
        .is_some_and(|w| DANGLING.contains(&crate::text::normalize(w).as_str()))
}

/// Words of the first person, which a news article says only inside a quotation.
const FIRST_PERSON: &[&str] = &[
    "je", "j'", "me", "m'", "moi", "nous", "notre", "nos", "mon", "ma", "mes",
];

/// The first word of `text` in the first person, elision included (« j'estime »).
fn first_person(text: &str) -> Option<String> {
    words(text).into_iter().find_map(|w| {
        let w = crate::text::normalize(w);
        let elided = ["j'", "m'"].iter().find(|e| w.starts_with(**e));
        FIRST_PERSON
            .contains(&w.as_str())
            .then(|| w.clone())
            .or_else(|| elided.map(|_| w.clone()))
    })
}

/// Whether a sentence already kept says again, in the same words, what `sentence` says: it
/// would be the repeat once the article is read in its order rather than the order it was
/// written in (the questions and answers are written first, and come last). Sentences of
/// fewer than three content words are not compared, as `check` does not compare them.
fn restated_in(sentence: &str, kept: &[String]) -> bool {
    let new = [sentence.to_string()];
    kept.iter()
        .filter(|k| crate::text::content_words(k).count() >= 3)
        .any(|k| echoes(k, &new))
}

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
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts::from_sentences(vec![
            "Les États-Unis et le Japon vont approfondir leur coopération dans la recherche et le développement de puces avancées.".into(),
            "Le ministre japonais Yasutoshi Nishimura a rencontré à Detroit la secrétaire américaine Gina Raimondo.".into(),
        ])
    }

    #[test]
    fn the_first_person_is_said_only_inside_a_quotation() {
        let f = Facts::from_sentences(vec![
            "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré le président de la Métropole.".into(),
        ]);
        assert_eq!(
            judge(
                "Nous voulons que chaque habitant rejoigne son travail à vélo.",
                &f,
                &[],
                false
            ),
            Err(Rejection::FirstPerson("nous".into()))
        );
        assert_eq!(
            first_person("J'estime que le travail compte."),
            Some("j'estime".into())
        );
        assert_eq!(
            first_person(&crate::grounding::unquoted(
                "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré le président."
            )),
            None
        );
    }

    #[test]
    fn a_sentence_does_not_end_on_an_article_or_a_preposition() {
        let f = facts();
        assert_eq!(
            judge(
                "La coopération du Japon porte sur la recherche de la.",
                &f,
                &[],
                false
            ),
            Err(Rejection::Incomplete)
        );
        assert!(dangles("Le Japon et les États-Unis coopèrent avec."));
        assert!(!dangles("Le Japon et les États-Unis coopèrent."));
    }

    #[test]
    fn a_word_is_said_at_most_three_times_for_each_time_the_source_says_it() {
        let mut f = facts();
        f.keyphrase = "puces avancées".into();
        let kept: Vec<String> = vec![
            "La recherche avance.".into(),
            "Une recherche commune.".into(),
            "Les puces de la recherche.".into(),
        ];
        let said = said_stems(&kept);
        assert_eq!(
            overused("Le Japon mise sur la recherche.", &said, &f),
            Some("recherche")
        );
        // The keyphrase is the subject: said as often as the article needs.
        assert_eq!(overused("Le Japon mise sur les puces.", &said, &f), None);
        assert_eq!(
            overused("Le Japon mise sur le développement.", &said, &f),
            None
        );
        let mut repeats = Repeats::default();
        assert_eq!(
            repeats.overused("Le Japon mise sur la recherche", &kept, &f),
            Some("recherche")
        );
    }

    #[test]
    fn a_new_french_sentence_on_the_facts_passes() {
        let s = "Le Japon et les États-Unis vont renforcer la recherche sur les puces avancées.";
        assert_eq!(judge(s, &facts(), &[], false), Ok(()));
    }

    #[test]
    fn a_new_participle_after_an_auxiliary_is_an_invented_action() {
        let f = Facts::from_sentences(vec![
            "Le directeur a souligné que le projet avait été tenu dans le budget prévu malgré la hausse du prix des matériaux.".into(),
        ]);
        // Seen in `write examples/hopital-clermont.txt`: the budget « reduced ».
        assert_eq!(
            judge(
                "Le budget prévu du projet a été réduit, selon le directeur.",
                &f,
                &[],
                true
            ),
            Err(Rejection::InventedAction("réduit".into()))
        );
        // The source's own participle, or a new word that tells no action, pass.
        assert_eq!(
            judge(
                "Le projet a été tenu dans le budget prévu, a souligné le directeur.",
                &f,
                &[],
                true
            ),
            Ok(())
        );
    }

    #[test]
    fn a_phrase_said_twice_is_a_stutter() {
        let f = facts();
        let twice = "Le ministre japonais a rencontré à Detroit la secrétaire américaine, Gina \
                     Raimondo, et Gina Raimondo a parlé des puces.";
        assert_eq!(
            judge(twice, &f, &[], false),
            Err(Rejection::Stutter("Gina Raimondo".into()))
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
    }

    #[test]
    fn a_sentence_that_holds_one_already_kept_repeats_it() {
        let f = Facts::from_sentences(vec![
            "Le plan a été présenté mardi à la Métropole de Lyon, qui prévoit 250 kilomètres de pistes.".into(),
        ]);
        // An answer written first, the section's sentence after it: the check reads the
        // section first, and finds the answer a repeat of it.
        let kept = vec!["Le plan a été présenté mardi à la Métropole de Lyon.".to_string()];
        let longer = "Le plan a été présenté mardi à la Métropole de Lyon, qui prévoit de prolonger ses pistes sur 250 kilomètres avant la fin du mandat des élus.";
        // Most of its own trigrams are new: only read the other way is it a repeat.
        assert!(!echoes(longer, &kept));
        assert_eq!(judge(longer, &f, &kept, false), Err(Rejection::Repeated));
        // Doomed as soon as the sentence kept is said in it, before the rest is written.
        let mut repeats = Repeats::default();
        assert!(repeats.doomed(
            "Le plan a été présenté mardi à la Métropole de Lyon, qui",
            &kept
        ));
        assert!(!repeats.doomed("Le plan a été", &kept));
        // Twelve trigrams said again: no sentence of 30 words or fewer dilutes them enough.
        let said = "Les pistes cyclables sécurisées relient les communes de la première couronne au centre de l'agglomération lyonnaise.";
        let kept = vec![kept[0].clone(), said.to_string()];
        assert!(repeats.doomed(
            "Les pistes cyclables sécurisées relient les communes de la première couronne au centre de",
            &kept
        ));
        assert!(!repeats.doomed(
            "Les pistes cyclables sécurisées relient les communes",
            &kept
        ));
        let other = "Les 250 kilomètres de pistes sont prévus par la Métropole de Lyon.";
        assert_eq!(judge(other, &f, &kept, false), Ok(()));
    }

    #[test]
    fn a_quotation_of_the_source_is_kept_word_for_word_and_said_by_someone() {
        let f = Facts::from_sentences(vec![
            "« Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu », a déclaré l'entraîneur Ugo Mola.".into(),
        ]);
        // A neutral verb of saying is the article's own; « l'a reconnu » would say more.
        let kept = "L'entraîneur Ugo Mola l'a affirmé : « Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu ».";
        assert_eq!(judge(kept, &f, &[], true), Ok(()));
        assert_eq!(
            judge(
                "« Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu. »",
                &f,
                &[],
                true
            ),
            Err(Rejection::Unattributed)
        );
        // Out of its marks, the same words are a copy.
        assert_eq!(
            judge(
                "Ugo Mola dit que le groupe n'a jamais cessé de croire en son plan de jeu.",
                &f,
                &[],
                true
            ),
            Err(Rejection::Copied(12))
        );
    }

    #[test]
    fn each_fault_is_named() {
        let f = facts();
        assert_eq!(
            judge("Le Japon avance.", &f, &[], false),
            Err(Rejection::TooShort)
        );
        // Planned in the source, told as done.
        assert_eq!(
            judge(
                "Le Japon et les États-Unis ont déjà approfondi leur coopération.",
                &f,
                &[],
                false
            ),
            Err(Rejection::Qualified("deja appro".into()))
        );
        let long = format!("Le Japon {} avance.", "et les États-Unis ".repeat(10));
        assert_eq!(judge(&long, &f, &[], false), Err(Rejection::TooLong(33)));
        assert_eq!(
            judge(
                "Le climat de la planète se réchauffe chaque année davantage.",
                &f,
                &[],
                false
            ),
            Err(Rejection::OffTopic)
        );
        assert_eq!(
            judge(
                "Le Japon et les États-Unis veulent renforcer leur coopération dans",
                &f,
                &[],
                false
            ),
            Err(Rejection::Incomplete)
        );
        // The tail of a sentence begun elsewhere (here, after a headline cut in mid-phrase).
        assert_eq!(
            judge(
                "d'euros pour renforcer la coopération du Japon et des États-Unis dans les puces.",
                &f,
                &[],
                false
            ),
            Err(Rejection::Incomplete)
        );
        assert_eq!(
            judge(
                "The United States and Japan will deepen their cooperation on chips.",
                &f,
                &[],
                false
            ),
            Err(Rejection::NotFrench)
        );
        assert_eq!(
            judge(
                "Selon Joe Biden, le Japon et les États-Unis veulent renforcer la recherche.",
                &f,
                &[],
                false
            ),
            Err(Rejection::InventedName("Joe".into()))
        );
        let figures = Facts::from_sentences(vec![
            "La Métropole a présenté un plan de 120 millions d'euros pour 15 000 places.".into(),
            "Il prévoit 250 kilomètres de pistes cyclables.".into(),
        ]);
        // An abbreviated unit is the same unit.
        assert_eq!(
            judge(
                "La Métropole prévoit 250 km de pistes pour le vélo.",
                &figures,
                &[],
                false
            ),
            Ok(())
        );
        assert_eq!(
            judge(
                "Pour le vélo, la Métropole veut un plan de 120 millions de dollars.",
                &figures,
                &[],
                false
            ),
            Err(Rejection::InventedFigure("120 million dollar".into()))
        );
        assert_eq!(
            judge(
                "Pour 15 000 places, la Métropole veut un plan de 120 millions d'euros.",
                &figures,
                &[],
                false
            ),
            Ok(())
        );
        assert_eq!(
            judge(
                "Le Japon et les États-Unis vont investir 40 milliards dans la recherche.",
                &f,
                &[],
                false
            ),
            Err(Rejection::InventedFigure("40".into()))
        );
        assert_eq!(
            judge(
                "La Métropole veut un plan de 120 millions de euros pour 15 000 places.",
                &figures,
                &[],
                false
            ),
            Err(Rejection::NotElided("de euros".into()))
        );
        assert_eq!(
            judge(
                "Le Japon et les États-Unis renforcent la recherche, selon le ministre américain.",
                &f,
                &[],
                false
            ),
            Err(Rejection::UnknownSpeaker("le ministre américain".into()))
        );
        assert!(matches!(
            judge("Les États-Unis et le Japon vont approfondir leur coopération dans la recherche et le développement.", &f, &[], false),
            Err(Rejection::Copied(_))
        ));
        let kept =
            vec!["Le Japon et les États-Unis renforcent la recherche sur les puces.".to_string()];
        assert_eq!(
            judge(
                "Les États-Unis et le Japon renforcent la recherche sur les puces.",
                &f,
                &kept,
                false
            ),
            Err(Rejection::Repeated)
        );
    }
}
