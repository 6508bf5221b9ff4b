//! The parts that restate the source's key facts in other forms, for the reader who skims
//! and for search engines: « L'essentiel », a list of short gists, and « Questions
//! fréquentes », questions the source answers, each with its answer. Every item goes
//! through the same grounded gate as the prose.

use anyhow::Result;

use super::condense::ranked;
use super::filter::Rejection;
use super::rewrite::Shape;
use super::steer::Steer;
use super::Writer;
use crate::document::Question;
use crate::grounding::stem_set;

/// Items of « L'essentiel », at most.
const ESSENTIALS: usize = 4;
/// Questions of the FAQ, at most (Google shows a few; three to five is the custom).
const QUESTIONS: usize = 5;
/// Words asked for each item of « L'essentiel », and for each question: the parts are
/// there to reach the length asked, so a short article asks fewer of them (700 words: 4
/// items and 5 questions; 200 words: 2 items and 1 question).
const WORDS_PER_ESSENTIAL: usize = 175;
const WORDS_PER_QUESTION: usize = 140;
/// Items of « L'essentiel », at least: one is no list.
pub(super) const MIN_ESSENTIALS: usize = 2;

/// Items of « L'essentiel » for an article of `min_words`.
pub fn essentials_for(min_words: usize) -> usize {
    (min_words / WORDS_PER_ESSENTIAL).clamp(MIN_ESSENTIALS, ESSENTIALS)
}

/// Questions of the FAQ for an article of `min_words`.
pub fn questions_for(min_words: usize) -> usize {
    (min_words / WORDS_PER_QUESTION).min(QUESTIONS)
}
/// Source sentences tried beyond the number of items wanted, when some give none.
const SPARE_FACTS: usize = 3;

/// The work of « L'essentiel » and of the FAQ for an article of `min_words` from `facts`
/// source sentences, as the progress counts it: the source sentences each may ask about,
/// twice for a question (its answer, then itself).
pub fn parts_work(min_words: usize, facts: usize) -> (usize, usize) {
    let asked = |wanted: usize| match wanted {
        0 => 0,
        _ => (wanted + SPARE_FACTS).min(facts),
    };
    (
        asked(essentials_for(min_words)),
        2 * asked(questions_for(min_words)),
    )
}

impl Writer<'_, '_> {
    /// The gists of the source's most informative sentences, in the source's order, with
    /// the sentences they were written from.
    pub(super) fn write_essentials(&mut self) -> Result<(Vec<String>, Vec<usize>)> {
        let facts = self.facts.sentences.clone();
        let wanted = essentials_for(self.config.min_words);
        let mut items: Vec<(usize, String)> = Vec::new();
        for i in ranked(&facts).into_iter().take(wanted + SPARE_FACTS) {
            if items.len() == wanted {
                break;
            }
            let fact = std::slice::from_ref(&facts[i]);
            // A gist that says what another item says is no new item.
            let said: Vec<String> = items.iter().map(|(_, g)| g.clone()).collect();
            if let Some(gist) =
                self.rewrite_fact(&facts[i], fact, &said, &Steer::default(), Shape::Gist)?
            {
                items.extend(gist.into_iter().map(|g| (i, g)));
            }
        }
        items.sort_by_key(|(i, _)| *i);
        let (from, gists) = items.into_iter().unzip();
        Ok((gists, from))
    }

    /// Questions that the source's most informative sentences answer, with their answers,
    /// in the source's order; not those `listed` in « L'essentiel », which say their gist
    /// already. The answer is written first, as the gist of its source sentence, then the
    /// question from that sentence. Asked first, a question was mostly wasted: at `406b7a3`
    /// 7 of 34 questions taken in twelve articles had an answer the gate passed (a prose
    /// rewrite), and none answered what it asked. A gist leaves the sentence's prose to its
    /// section; a prose answer where no gist passed left sections with nothing to say and
    /// cost 1.08× the tokens for 1.04× the words (stop 73).
    pub(super) fn write_faq(&mut self, listed: &[usize]) -> Result<Vec<Question>> {
        let facts = self.facts.sentences.clone();
        let wanted = questions_for(self.config.min_words);
        let mut out: Vec<(usize, Question)> = Vec::new();
        if wanted == 0 {
            return Ok(Vec::new());
        }
        let unlisted = ranked(&facts).into_iter().filter(|i| !listed.contains(i));
        for i in unlisted.take(wanted + SPARE_FACTS) {
            if out.len() == wanted {
                break;
            }
            let fact = std::slice::from_ref(&facts[i]);
            let steer = Steer::default();
            let before = self.kept.len();
            let answer = self.rewrite_fact(&facts[i], fact, &[], &steer, Shape::Gist)?;
            let Some(answer) = answer.map(|a| a.join(" ")) else {
                continue;
            };
            // A question says again what its answer says, in its words: the answer is no
            // sentence for it not to repeat (with the two read as one, the gate had refused
            // 71 answers that repeated their question, in stop 72's first twelve traces).
            // It is grounded in the source sentence, as the answer is.
            let answered = self.kept.split_off(before);
            let question = self.rewrite_fact(&facts[i], fact, &[], &steer, Shape::Question);
            self.kept.extend(answered);
            let question = question?.map(|q| q.join(" ")).unwrap_or_default();
            if question.is_empty() || !answers(&question, &answer) {
                // Not in the article: neither the question nor its answer is kept.
                self.report.kept_sentences -= self.kept.len() - before;
                for sentence in self.kept.split_off(before) {
                    self.by_model.remove(&sentence);
                }
                if !question.is_empty() {
                    self.count_rejection(&Rejection::Unanswered);
                }
                continue;
            }
            out.push((i, Question { question, answer }));
        }
        out.sort_by_key(|(i, _)| *i);
        Ok(out.into_iter().map(|(_, q)| q).collect())
    }
}

/// Whether `answer` answers `question`: it says at least half of the question's content
/// words (« Qu'est-ce que la place du vélo ? » is not answered by « Le plan a été présenté
/// mardi à la Métropole de Lyon. »), and all of them where the question asks yes or no:
/// « Les premiers chantiers doivent-ils commencer au printemps ? » is not answered by « Les
/// premiers chantiers doivent commencer par l'axe… » (velo seed 1, stop 59).
fn answers(question: &str, answer: &str) -> bool {
    let (asked, said) = (stem_set(&uninverted(question)), stem_set(answer));
    let found = asked.intersection(&said).count();
    // An answer tells what its question does not: « Le plan comprend 15 000 places de
    // stationnement pour vélos. » only says again « Le plan comprend-il 15 000 places de
    // stationnement pour vélos ? » (velo seed 1, stop 73), which is no answer but padding.
    let figures = crate::facts::figures;
    let new_figure = figures(answer)
        .iter()
        .any(|f| !figures(question).contains(f));
    if said.is_subset(&asked) && !new_figure {
        return false;
    }
    if asks(question, "combien") && crate::facts::figures(answer).is_empty() {
        return false;
    }
    if asks(question, "quand") && !crate::facts::says_when(answer) {
        return false;
    }
    if asks(question, "pourquoi") && !says_why(answer) {
        return false;
    }
    if opens_with(question, "qui") && !names_another(answer, question) {
        return false;
    }
    match closed(question) {
        true => found == asked.len(),
        false => found * 2 >= asked.len(),
    }
}

/// Words that give a cause or an aim, folded: only an answer with one answers « Pourquoi…
/// ? ». Procès seed 2 and the seed's seed 2 (stop 71) answered « Pourquoi … ? » with the
/// fact asked about, which says no why.
const WHY: &[&str] = &[
    "parce", "car", "afin", "raison", "cause", "grace", "puisque", "apres", "faute",
];

/// Whether `answer` says why: a word of `WHY`, or « pour » before an infinitive (« pour
/// développer », « pour avoir favorisé »).
fn says_why(answer: &str) -> bool {
    let ws: Vec<String> = crate::text::words(answer)
        .iter()
        .map(|w| crate::text::fold_accents(&crate::text::normalize(w)))
        .collect();
    let infinitive = |w: &str| ["er", "ir", "re", "oir"].iter().any(|e| w.ends_with(e));
    ws.iter().enumerate().any(|(i, w)| {
        WHY.contains(&w.as_str())
            || w == "pour" && ws.get(i + 1).is_some_and(|next| infinitive(next))
    })
}

/// `question` without the pronouns its verbs are inverted with (« doivent-ils » ->
/// « doivent », « a-t-elle » -> « a »), so that a verb is read as in its answer.
fn uninverted(question: &str) -> String {
    const INVERTED: &[&str] = &[
        "-t-il", "-t-elle", "-t-on", "-ils", "-elles", "-il", "-elle", "-on", "-ce",
    ];
    question
        .split(' ')
        .map(|word| {
            let end = word.trim_end_matches(|c: char| !c.is_alphabetic());
            let mark = &word[end.len()..];
            INVERTED
                .iter()
                .find_map(|p| end.strip_suffix(p))
                .map_or(word.to_string(), |verb| format!("{verb}{mark}"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `question` asks with `interrogative` among its first words: « Combien de
/// places… ? », « À combien est estimé… ? » ask how many, which only a figure answers;
/// « Quand l'avocat a-t-il dénoncé… ? », « Depuis quand… ? » ask when, which only a date
/// answers (procès seed 3, stop 71, answered « Le dossier a été fondé sur des témoignages
/// fragiles, a annoncé l'avocat »).
fn asks(question: &str, interrogative: &str) -> bool {
    crate::text::words(question)
        .iter()
        .take(3)
        .any(|w| crate::text::normalize(w) == interrogative)
}

/// Whether `question` opens with `interrogative` (« Qui … ? »; not « À qui … ? »).
fn opens_with(question: &str, interrogative: &str) -> bool {
    crate::text::words(question)
        .first()
        .is_some_and(|w| crate::text::normalize(w) == interrogative)
}

/// Whether `answer` names someone or something by a name `question` does not hold: « Qui
/// sont les 42 communes en alerte renforcée sécheresse ? » (sécheresse seed 3, stop 79) is
/// not answered by « La préfecture a placé quarante-deux communes en alerte sécheresse »,
/// which names none of them. A sentence's first word is a name past its elision only
/// (« L'État »).
fn names_another(answer: &str, question: &str) -> bool {
    let asked = crate::text::words(question);
    crate::text::words(answer)
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let bare = crate::text::strip_elision(w);
            bare.starts_with(char::is_uppercase) && (*i > 0 || bare.len() < w.len())
        })
        .any(|(_, w)| !asked.contains(w))
}

/// Whether `question` asks yes or no: it opens with no interrogative word.
fn closed(question: &str) -> bool {
    const OPEN: &[&str] = &[
        "quel",
        "quelle",
        "quels",
        "quelles",
        "qui",
        "que",
        "qu",
        "quoi",
        "comment",
        "pourquoi",
        "où",
        "quand",
        "combien",
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "à",
        "de",
        "pour",
        "dans",
        "en",
        "par",
        "sur",
        "avec",
        "depuis",
    ];
    let first = crate::text::words(question)
        .first()
        .map(|w| crate::text::normalize(w))
        .unwrap_or_default();
    let head = first.split(['\'', '’']).next().unwrap_or("");
    !OPEN.contains(&head) && !OPEN.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_says_what_its_question_asks() {
        assert!(!answers(
            "Qu'est-ce que la place du vélo ?",
            "Le plan a été présenté mardi à la Métropole de Lyon."
        ));
        assert!(!answers(
            "Quels sont les vélos à assistance électrique ?",
            "La Métropole prévoit, pour l'achat de vélos, un service de location."
        ));
        assert!(answers(
            "Quel sera l'achat de vélos pour les ménages modestes ?",
            "La Métropole prévoit une aide à l'achat de vélo pour les ménages."
        ));
        // A question asking yes or no is answered by all it asks.
        assert!(!answers(
            "Les premiers chantiers doivent-ils commencer au printemps ?",
            "Les premiers chantiers doivent commencer par l'axe reliant Villeurbanne à la Part-Dieu."
        ));
        assert!(answers(
            "Les premiers chantiers doivent-ils commencer au printemps ?",
            "Les premiers chantiers doivent commencer au printemps, par l'axe de la Part-Dieu."
        ));
        // How many is answered by a figure.
        assert!(!answers(
            "Combien de places de stationnement le plan supprime-t-il ?",
            "Le plan supprime des places de stationnement dans le centre."
        ));
        assert!(answers(
            "Combien de places de stationnement le plan supprime-t-il ?",
            "Le plan supprime 4 000 places de stationnement dans le centre."
        ));
        // When is answered by a date.
        assert!(!answers(
            "Quand l'avocat de l'ancien élu a dénoncé un dossier fondé sur des témoignages fragiles ?",
            "Le dossier a été fondé sur des témoignages fragiles, a annoncé l'avocat de l'ancien élu."
        ));
        assert!(answers(
            "Depuis quand l'enquête est-elle ouverte ?",
            "L'enquête avait été ouverte en 2020 après un signalement."
        ));
        assert!(answers(
            "Quand le plan a-t-il été présenté ?",
            "Le plan a été présenté mardi par la Métropole."
        ));
        // Why is answered by a cause or an aim.
        assert!(!answers(
            "Pourquoi le chef d'entreprise a-t-il été condamné ?",
            "Le chef d'entreprise a été condamné à trois ans de prison avec sursis."
        ));
        assert!(!answers(
            "Pourquoi la coopération entre les deux pays ?",
            "Dans une déclaration conjointe, les pays ont convenu d’accroître leur coopération."
        ));
        assert!(answers(
            "Pourquoi l'enquête a-t-elle été ouverte ?",
            "L'enquête a été ouverte après un signalement de la chambre régionale des comptes."
        ));
        assert!(answers(
            "Pourquoi Washington et Tokyo travaillent-ils ensemble ?",
            "Washington et Tokyo travaillent ensemble pour développer la fabrication de puces."
        ));
        assert!(answers(
            "Est-ce que le plan sera présenté ?",
            "Un premier bilan du plan sera présenté devant le conseil."
        ));
        // Who is answered by a name.
        assert!(!answers(
            "Qui sont les 42 communes en alerte renforcée sécheresse ?",
            "La préfecture a placé quarante-deux communes en alerte sécheresse depuis jeudi."
        ));
        assert!(answers(
            "Qui a présenté le plan pour le vélo ?",
            "La Métropole de Lyon a présenté mardi un plan pour le vélo."
        ));
        assert!(answers(
            "Qui a apporté une aide au projet ?",
            "L'État a apporté une aide de 200 millions d'euros au projet."
        ));
        // An answer that only says its question again answers nothing.
        assert!(!answers(
            "Le plan comprend-il 15 000 places de stationnement pour vélos ?",
            "Le plan comprend 15 000 places de stationnement pour vélos."
        ));
        assert!(!answers(
            "Qu'est-ce que le ministre chinois a rencontré Raimondo ?",
            "Le ministre chinois a rencontré Raimondo."
        ));
        assert!(answers(
            "Les billets ont-ils été mis en vente ?",
            "Les billets ont été mis en vente lundi matin."
        ));
        assert!(answers(
            "Combien de places de stationnement le plan prévoit-il ?",
            "Le plan prévoit 15 000 places de stationnement."
        ));
    }

    #[test]
    fn the_parts_work_is_the_sentences_they_may_ask_about() {
        // 4 items and 5 questions, each with 3 spare sentences, from 12 sentences.
        assert_eq!(parts_work(700, 12), (7, 16));
        // From 5 sentences, 5 at most each; no question for 120 words.
        assert_eq!(parts_work(700, 5), (5, 10));
        assert_eq!(parts_work(120, 12), (5, 0));
    }

    #[test]
    fn the_parts_grow_with_the_length_asked() {
        assert_eq!((essentials_for(700), questions_for(700)), (4, 5));
        assert_eq!((essentials_for(1500), questions_for(1500)), (4, 5));
        assert_eq!((essentials_for(200), questions_for(200)), (2, 1));
        assert_eq!((essentials_for(120), questions_for(120)), (2, 0));
    }
}
