//! The article plan: how many sections, which source facts each one develops, and the
//! headline and subheadings, proposed by the model and checked, with fallbacks of our own.

mod phrases;
pub use phrases::noun_phrases;

use crate::facts::Facts;
use crate::text::similar;
use crate::text::{content_words, word_key};
use crate::text::{words, LanguageSignal};

#[derive(Debug, Clone, PartialEq)]
pub struct SectionPlan {
    pub heading: String,
    pub facts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePlan {
    pub title: String,
    /// Facts for the introduction (before the first subheading).
    pub intro_facts: Vec<String>,
    pub sections: Vec<SectionPlan>,
}

/// Four to six sections suit 700 words and more; never fewer than asked.
pub fn section_count(min_sections: usize, min_words: usize, sentences: usize) -> usize {
    let wanted = min_sections
        .max(if min_words >= 600 { 4 } else { 3 })
        .min(6)
        .max(min_sections);
    wanted.min(sentences.max(1)).max(min_sections)
}

/// Splits `sentences`, in order, into `parts` runs of about the same number of words. With
/// fewer sentences than parts, sentences are shared by neighbouring parts.
pub fn partition(sentences: &[String], parts: usize) -> Vec<Vec<String>> {
    if sentences.is_empty() || parts == 0 {
        return vec![Vec::new(); parts];
    }
    if sentences.len() < parts {
        return (0..parts)
            .map(|i| vec![sentences[i * sentences.len() / parts].clone()])
            .collect();
    }
    let total: usize = sentences.iter().map(|s| words(s).len()).sum();
    let mut groups: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    for (i, sentence) in sentences.iter().enumerate() {
        let left_sentences = sentences.len() - i;
        let left_groups = parts - groups.len();
        let boundary = total * groups.len() / parts;
        let current_empty = groups.last().is_some_and(Vec::is_empty);
        if !current_empty && left_groups > 0 && (seen >= boundary || left_sentences <= left_groups)
        {
            groups.push(Vec::new());
        }
        groups.last_mut().expect("one group").push(sentence.clone());
        seen += words(sentence).len();
    }
    groups
}

/// Whether a proposed headline or subheading can be used: French-looking words, a sensible
/// length, no names, figures or times (« semaine », « lundi ») beyond the source, not the
/// same as another heading.
pub fn acceptable_heading(
    candidate: &str,
    facts: &Facts,
    others: &[String],
    max_words: usize,
) -> bool {
    let n = words(candidate).len();
    let from_examples = crate::prompt::example_texts().any(|a| similar(a, candidate))
        || borrows_from_examples(candidate, facts);
    let signal = LanguageSignal::of(candidate);
    (2..=max_words).contains(&n)
        && !from_examples
        && facts.shared_content_words(candidate) >= 1
        && !repeats_a_word(candidate)
        && signal.english <= signal.french
        && !candidate.contains(['#', '*', '<', '>', '[', ']', '|', '"', '«', '»', '(', ')'])
        && facts.invented_names_in_heading(candidate).is_empty()
        && facts.invented_numbers(candidate).is_empty()
        && facts.invented_times(candidate).is_empty()
        // « Constructeur automobile et chinois en lit-a » (a headline of usine seed 2, stop
        // 78): a word in no dictionary and not the source's.
        && facts.unknown_words(candidate).is_empty()
        && grounded(candidate, facts)
        && !others
            .iter()
            .any(|o| similar(o, candidate) || o.eq_ignore_ascii_case(candidate))
}

/// A heading says only what the source says, as a gated sentence does: its words supported,
/// and said together as the source says them (« Vélo : une voiture électrique » put the
/// source's « voitures » and « vélos à assistance électrique » in one phrase), in French
/// grammar, and no one's quoted words told as fact (« Publics : un dossier fondé sur des
/// témoignages fragiles », the defence's words, proces-marseille, stop 59).
fn grounded(candidate: &str, facts: &Facts) -> bool {
    let support = facts.grounding.strict_support(candidate);
    facts.grounding.polarity.flipped(candidate).is_none()
        && facts.grounding.unmarked_quote(candidate).is_none()
        && facts.grounding.suspended.dropped(candidate).is_none()
        && facts.grounding.suspended.bare(candidate).is_none()
        && facts.grounding.complements.changed(candidate).is_none()
        && facts.grounding.grammar.error(candidate, true).is_none()
        && support.is_supported()
        && !super::filter::too_many_unsupported(&support.unsupported)
        && facts.grounding.links.unlinked(candidate).is_none()
}

/// `Les commerçants et les commerçants`: a content word said twice.
fn repeats_a_word(candidate: &str) -> bool {
    let keys: Vec<String> = content_words(candidate).map(word_key).collect();
    let unique: std::collections::HashSet<&String> = keys.iter().collect();
    unique.len() < keys.len()
}

/// Whether `candidate` uses a content word that the worked examples have and the source lacks.
fn borrows_from_examples(candidate: &str, facts: &Facts) -> bool {
    let example_words: std::collections::HashSet<String> = crate::prompt::example_texts()
        .flat_map(|t| {
            words(t)
                .into_iter()
                .map(crate::text::word_key)
                .collect::<Vec<_>>()
        })
        .collect();
    words(candidate).iter().any(|w| {
        let key = word_key(w);
        w.chars().count() > 3 && example_words.contains(&key) && facts.shared_content_words(w) == 0
    })
}

/// Cleans a model's one-line answer: first line, trimmed, no closing period.
pub fn clean_heading(raw: &str) -> String {
    let line = raw
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let line = line.trim_matches(|c: char| c == '"' || c == '*' || c == '#' || c.is_whitespace());
    line.trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_string()
}

/// A subheading of our own for a group of facts: one of its noun phrases (« La part du
/// vélo »), else its most salient key phrase or name, a lone common word only when it has
/// none of these.
pub fn fallback_heading(group: &[String], facts: &Facts, taken: &[String]) -> String {
    let local = Facts::from_sentences(group.to_vec());
    // The group's own nouns, longest first, as a last resort: never `Point 2`, nor a verb
    // (« Vélo : Atteint » over « Le vélo a atteint aujourd'hui 4 % », velo seed 1, stop 62)
    // or an adjective.
    let nouns = crate::text::nouns(group.iter().map(String::as_str));
    let locutions = phrases::locution_nouns(group.iter().map(String::as_str));
    let mut words: Vec<String> = group
        .iter()
        .flat_map(|s| content_words(s).map(str::to_string).collect::<Vec<_>>())
        .filter(|w| crate::grounding::stem(w).is_some() && w.chars().all(char::is_alphabetic))
        .filter(|w| nouns.contains(&word_key(w)) && !locutions.contains(&word_key(w)))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    // Two nouns of the group, never an adjective with them (« Collaboration et
    // technologique », « Nationale et champion », stop 61), nor one word twice.
    let mut paired: Vec<&String> = words.iter().collect();
    paired.dedup_by_key(|w| word_key(w));
    let pairs: Vec<String> = paired
        .windows(2)
        .filter(|w| word_key(w[0]) != word_key(w[1]))
        .map(|w| format!("{} et {}", w[0], w[1]))
        .collect();
    // The source's own noun phrases say what the part is about (« La part du vélo »), a
    // definite one first.
    let mut phrases: Vec<String> = group
        .iter()
        .flat_map(|s| noun_phrases(s))
        .filter(|p| crate::text::word_count(p) <= MAX_FALLBACK_WORDS)
        .collect();
    phrases.sort_by_key(|p| !starts_definite(p));
    let mut candidates: Vec<String> = phrases
        .into_iter()
        .chain(std::iter::once(local.keyphrase.clone()))
        .chain(local.keywords.iter().cloned())
        .chain(facts.keywords.iter().cloned())
        .chain(local.entities.iter().cloned())
        .chain(words)
        .chain(pairs)
        .filter(|c| !c.is_empty())
        .collect();
    // A phrase says what the part is about; a lone name less so, and a lone common word
    // (« Premiers ») not at all: they come last.
    candidates.sort_by_key(|c| match (c.contains(' '), c.chars().next()) {
        (true, _) => 0,
        (false, Some(first)) if first.is_uppercase() => 1,
        _ => 2,
    });
    let first = candidates.first().cloned();
    for candidate in candidates {
        let heading = crate::seo::capitalise(&candidate);
        if !taken
            .iter()
            .any(|t| similar(t, &heading) || t.eq_ignore_ascii_case(&heading))
        {
            return heading;
        }
    }
    // Each is like a heading taken: the keyphrase, else the first of them, which names the
    // part all the same; never nothing (a section's own sentences may hold no keyphrase).
    match (facts.keyphrase.is_empty(), first) {
        (true, Some(first)) => crate::seo::capitalise(&first),
        _ => crate::seo::capitalise(&facts.keyphrase),
    }
}

/// A subheading of the program's own for a section already written, from its `sentences`
/// alone: the source's key phrases are not what the section says (« Places de stationnement
/// » over the plan's budget and the share of the bike, velo-lyon seed 3, stop 61).
pub fn heading_of(sentences: &[String], taken: &[String]) -> String {
    fallback_heading(sentences, &Facts::from_sentences(sentences.to_vec()), taken)
}

/// A subheading for a section already written that holds the focus keyphrase in the
/// section's own words: a noun phrase of its `paragraphs` with the keyphrase in it (« La part
/// du vélo » for `vélo`), a definite one first, then the shortest; none that is like a heading
/// `taken`. Never the keyphrase stamped before a heading (« Prison : L'issue de l'audience »,
/// « Places de stationnement : les associations de cyclistes », stop 74): where the section
/// says it in no phrase, there is none.
pub fn keyed_heading(
    paragraphs: &[String],
    key: &crate::seo::Keyphrase,
    taken: &[String],
) -> Option<String> {
    let mut phrases: Vec<String> = paragraphs
        .iter()
        .flat_map(|p| noun_phrases(p))
        .filter(|p| key.is_in(p) && words(p).len() <= MAX_FALLBACK_WORDS)
        .collect();
    phrases.sort_by_key(|p| (!starts_definite(p), words(p).len()));
    phrases
        .into_iter()
        .map(|p| crate::seo::capitalise(&p))
        .find(|h| {
            !taken
                .iter()
                .any(|t| similar(t, h) || t.eq_ignore_ascii_case(h))
        })
}

/// The first name of the source that `heading` holds and `body`, its section's text, never
/// says: a heading is chosen from its section's source sentences before the section is
/// written, and what the gate kept of them may not name it. « International Business
/// Machines Corp » stood over a section on supply chains (the seed dispatch), « La Chambre de
/// commerce » over the traders' doubts with no word of the Chamber (velo-lyon), « La ville de
/// Marseille » over the two accused's denial (proces-marseille): 16 subheadings of the
/// twelve articles of stop 61's first table.
pub fn unsaid_name(heading: &str, body: &str, facts: &Facts) -> Option<String> {
    let said = |w: &&str| w.chars().count() > 3 && w.starts_with(char::is_uppercase);
    facts
        .entities
        .iter()
        .find(|name| {
            let named: Vec<&str> = words(name).into_iter().filter(said).collect();
            !named.is_empty()
                && heading.contains(name.as_str())
                && !named.iter().any(|w| words(body).contains(w))
        })
        .cloned()
}

/// Words, at most, of a noun phrase made a fallback heading or headline.
const MAX_FALLBACK_WORDS: usize = 7;

/// Whether `phrase` opens on a definite article (« la part du vélo », « l'aide »).
fn starts_definite(phrase: &str) -> bool {
    let first = crate::text::normalize(words(phrase).first().copied().unwrap_or(""));
    ["le", "la", "les"].contains(&first.as_str()) || first.starts_with("l'")
}

/// Words, at most, of a lead's subject made a headline.
const MAX_SUBJECT_WORDS: usize = 6;

/// Verbs a subject stands before: the auxiliaries and « aller » (« vont approfondir »).
const AFTER_SUBJECT: &[&str] = &["va", "vont", "allait", "allaient"];

/// The subject of `lead`, a name among its words, where the lead opens on it and an
/// auxiliary, « aller » or a reflexive pronoun follows it: « Le Stade toulousain » of « Le
/// Stade toulousain s'est qualifié samedi… », « La Métropole de Lyon » of « La Métropole de
/// Lyon a présenté… ». Who the article is about, in the source's words, and no clause.
fn subject_of(lead: &str) -> Option<String> {
    let ws = words(lead.split(',').next()?);
    let end = ws.iter().position(|w| {
        let w = crate::text::normalize(w);
        crate::seo::readability::AVOIR.contains(&w.as_str())
            || crate::seo::readability::ETRE.contains(&w.as_str())
            || AFTER_SUBJECT.contains(&w.as_str())
            || w.starts_with("s'")
            || w.starts_with("s’")
            || w == "se"
    })?;
    let named = ws[1..end].iter().any(|w| w.starts_with(char::is_uppercase));
    ((2..=MAX_SUBJECT_WORDS).contains(&end) && named).then(|| ws[..end].join(" "))
}

/// A headline of the program's own, when the model proposes none that passes: the focus
/// keyphrase and a noun phrase of the lead, or else its leading name or key phrase, all the
/// source's words (never a clause copied from it).
pub fn fallback_title(facts: &Facts) -> String {
    let keyphrase = crate::seo::capitalise(&facts.keyphrase);
    let key = crate::seo::Keyphrase::new(&facts.keyphrase);
    // A noun phrase of the lead, one with a figure first (« Vélo : un plan de 120 millions
    // d'euros »); one that holds the keyphrase is the headline alone. One that says a word of
    // the keyphrase again, alone or in a compound, does not follow it: « Fabrication de
    // puces : le développement de puces », « Demi-finale : la finale du championnat de
    // France » (the seed dispatch and rugby at stop 74), as a proposed headline may not
    // repeat a word.
    let key_words: std::collections::HashSet<String> = words(&facts.keyphrase)
        .iter()
        .flat_map(|w| w.split('-'))
        .filter(|w| crate::grounding::stem(w).is_some())
        .map(word_key)
        .collect();
    let repeats_key = |p: &String| {
        words(p)
            .iter()
            .flat_map(|w| w.split('-'))
            .any(|w| key_words.contains(&word_key(w)))
    };
    let mut lead: Vec<String> = facts
        .sentences
        .iter()
        .take(2)
        .flat_map(|s| noun_phrases(s))
        .filter(|p| words(p).len() <= MAX_FALLBACK_WORDS)
        .filter(|p| key.is_in(p) || !repeats_key(p))
        .collect();
    lead.sort_by_key(|p| !p.chars().any(|c| c.is_ascii_digit()));
    if let Some(phrase) = lead.first() {
        return match key.is_in(phrase) {
            true => crate::seo::capitalise(phrase),
            false => format!("{keyphrase} : {phrase}"),
        };
    }
    let subject = facts.sentences.first().and_then(|lead| subject_of(lead));
    let second = subject
        .iter()
        .map(|s| super::lowercase_article(s))
        .chain(facts.entities.iter().cloned())
        .chain(facts.keywords.iter().cloned())
        .find(|k| !key.is_in(k) && !k.is_empty() && !repeats_key(k));
    match second {
        Some(s) => format!("{keyphrase} : {s}"),
        None => keyphrase,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fallback_pairs_two_nouns_never_an_adjective() {
        let group = vec![
            "La décision comprend une collaboration technologique et des discussions.".to_string(),
        ];
        let facts = Facts::from_sentences(group.clone());
        let mut taken = vec![];
        for _ in 0..8 {
            let heading = fallback_heading(&group, &facts, &taken);
            assert!(!heading.contains("et technologique"), "{heading}");
            assert!(!heading.starts_with("Technologique et"), "{heading}");
            taken.push(heading);
        }
    }

    #[test]
    fn a_section_renamed_is_named_from_its_own_words() {
        let body = vec![
            "Le plan de 120 millions a été présenté mardi.".to_string(),
            "Selon Bruno Bernard, la part du vélo atteint aujourd'hui 4 %.".to_string(),
        ];
        let taken = vec!["Vélo : un plan de 120 millions d'euros".to_string()];
        let heading = heading_of(&body, &taken);
        let words_of_body: Vec<String> = body
            .iter()
            .flat_map(|s| words(s).into_iter().map(word_key))
            .collect();
        assert!(
            words(&heading)
                .iter()
                .all(|w| words_of_body.contains(&word_key(w)) || w.len() <= 3),
            "{heading}"
        );
    }

    #[test]
    fn a_section_renamed_is_named_by_no_locution() {
        // Velo's quick start at stop 77: « Commerçants et côté ».
        let body = vec!["Du côté des commerçants, l'accueil est réservé.".to_string()];
        let taken = vec!["Vélo : un plan de 120 millions d'euros".to_string()];
        let heading = heading_of(&body, &taken);
        assert!(!heading.contains("côté"), "{heading}");
    }

    #[test]
    fn a_section_renamed_is_named_by_no_verb() {
        // Velo seed 1 at this stop's first build: « Vélo : Atteint ».
        let body = vec!["Le vélo a atteint aujourd'hui 4 %.".to_string()];
        let taken = vec!["Le vélo".to_string(), "Vélo".to_string()];
        let heading = heading_of(&body, &taken);
        assert!(!heading.contains("tteint"), "{heading}");
        // Its only noun like the headline's: named all the same, never left empty.
        let taken = vec!["Vélo : un plan de 120 millions d'euros".to_string()];
        assert_eq!(heading_of(&body, &taken), "Vélo");
    }

    #[test]
    fn a_heading_names_only_what_its_section_says() {
        let facts = Facts::from_sentences(vec![
            "Rapidus travaille avec International Business Machines Corp pour développer des semi-conducteurs.".into(),
            "Raimondo a rencontré jeudi le ministre chinois du Commerce, Wang Wentao, à Washington.".into(),
        ]);
        let chains = "Ils se sont engagés à renforcer les chaînes d'approvisionnement.";
        assert_eq!(
            unsaid_name("International Business Machines Corp", chains, &facts).as_deref(),
            Some("International Business Machines Corp")
        );
        let met = "Raimondo a rencontré Wang Wentao à Washington.";
        assert_eq!(unsaid_name("Puces : Wang Wentao", met, &facts), None);
        assert_eq!(
            unsaid_name("Puces : les chaînes d'approvisionnement", chains, &facts),
            None
        );
    }

    fn s(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("Phrase numéro {i} avec quelques mots de plus."))
            .collect()
    }

    #[test]
    fn fallbacks_are_the_sources_words_never_a_number_nor_a_copied_clause() {
        let group =
            vec!["Chaque enfant malade sera soigné par le service de pédiatrie.".to_string()];
        let facts = Facts::from_sentences(group.clone());
        let mut taken = vec![];
        for _ in 0..6 {
            let heading = fallback_heading(&group, &facts, &taken);
            assert!(
                !heading.starts_with("Point") && heading != "Chaque",
                "{heading}"
            );
            taken.push(heading);
        }
        // A phrase before a lone word (the velo example's last part was « Premiers »).
        let group = vec![
            "Les premiers chantiers doivent commencer au printemps, sur l'axe reliant Villeurbanne à la Part-Dieu.".to_string(),
            "Un premier bilan sera présenté devant le conseil métropolitain à la fin de l'année prochaine.".to_string(),
        ];
        let heading = fallback_heading(&group, &Facts::from_sentences(group.clone()), &[]);
        assert_ne!(heading, "Premiers");
        let facts = Facts::from_sentences(vec![
            "La Métropole de Lyon présente un plan pour le vélo, dit Bruno Bernard.".into(),
        ]);
        let title = fallback_title(&facts);
        assert!(
            title.contains(" : ") && !title.contains("présente un plan"),
            "{title}"
        );
        // A noun phrase of the lead with its figure, not a lone name (« Vélo : Métropole »).
        let mut velo = Facts::from_sentences(vec![
            "La Métropole de Lyon a présenté mardi un plan de 120 millions d'euros destiné à doubler la place des vélos.".into(),
            "La Ville à vélo estime que les travaux les plus attendus concernent les ponts.".into(),
        ]);
        velo.keyphrase = "vélo".into();
        assert_eq!(
            fallback_title(&velo),
            "Vélo : un plan de 120 millions d'euros"
        );
        // No word of the keyphrase said again after it.
        let mut rugby = Facts::from_sentences(vec![
            "Le Stade toulousain s'est qualifié pour la finale du championnat de France, au terme d'une demi-finale disputée devant 35 000 spectateurs.".into(),
        ]);
        rugby.keyphrase = "demi-finale".into();
        let title = fallback_title(&rugby);
        assert_eq!(title, "Demi-finale : le Stade toulousain");
        assert_eq!(
            subject_of("Les États-Unis et le Japon vont approfondir leur coopération."),
            Some("Les États-Unis et le Japon".into())
        );
        assert_eq!(subject_of("Le plan a été présenté mardi."), None);
        let group =
            vec!["Selon Bruno Bernard, la part du vélo dans les trajets atteint 4 %.".to_string()];
        let heading = fallback_heading(&group, &velo, &[]);
        assert_eq!(heading, "La part du vélo");
    }

    #[test]
    fn partition_keeps_order_and_balances() {
        let groups = partition(&s(10), 4);
        assert_eq!(groups.len(), 4);
        assert!(groups.iter().all(|g| !g.is_empty()));
        assert_eq!(groups.concat(), s(10));
    }

    #[test]
    fn partition_with_few_sentences_shares_them() {
        let groups = partition(&s(2), 4);
        assert_eq!(groups.len(), 4);
        assert!(groups.iter().all(|g| g.len() == 1));
    }

    #[test]
    fn section_counts() {
        assert_eq!(section_count(3, 700, 12), 4);
        assert_eq!(section_count(5, 700, 12), 5);
        assert_eq!(section_count(3, 300, 12), 3);
        assert_eq!(section_count(8, 700, 12), 8);
    }

    #[test]
    fn a_heading_says_its_words_together_as_the_source_does() {
        let facts = Facts::from_sentences(vec![
            "La Métropole prévoit une aide à l'achat de vélos à assistance électrique.".into(),
            "Les cyclistes partagent encore la chaussée avec les voitures.".into(),
        ]);
        assert!(acceptable_heading(
            "Une aide à l'achat de vélos",
            &facts,
            &[],
            10
        ));
        assert!(!acceptable_heading(
            "Vélo : une voiture électrique",
            &facts,
            &[],
            10
        ));
    }

    #[test]
    fn headings_are_cleaned_and_checked() {
        assert_eq!(
            clean_heading(" Un chantier de trois ans.\nTexte : ..."),
            "Un chantier de trois ans"
        );
        let facts = Facts::from_sentences(vec![
            "Le Japon coopère avec les États-Unis sur les puces.".into(),
        ]);
        assert!(acceptable_heading(
            "Une coopération sur les puces",
            &facts,
            &[],
            10
        ));
        assert!(!acceptable_heading(
            "Joe Biden et les puces",
            &facts,
            &[],
            10
        ));
        assert!(!acceptable_heading("Puces", &facts, &[], 10));
        assert!(!acceptable_heading(
            "Les travaux ont duré trois ans",
            &facts,
            &[],
            10
        ));
        assert!(!acceptable_heading(
            "Les puces et les puces",
            &facts,
            &[],
            10
        ));
        // A time the source does not give, as `check` counts it among invented figures.
        assert!(!acceptable_heading(
            "Une semaine de coopération sur les puces",
            &facts,
            &[],
            10
        ));
    }
}
