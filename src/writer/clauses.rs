//! Where a sentence the gate refuses may end sooner: before a clause that adds to what it
//! has said (« , qui … », « , et a … », « , pour … »), never before one that bounds it (« si »,
//! « sauf », « selon »). The shorter sentence is judged again by the whole gate.

use super::filter;

/// Words that open a clause the sentence stands without, after a comma: a second deed, a
/// relative clause, a purpose, a time or a contrast. What bounds a claim (a condition, an
/// exception, who says it) is not among them, so it is never cut away; nor « dont », which
/// opens an aside before the verb's object as often as after it (« a condamné à quatre ans
/// de prison, dont deux avec sursis, un ancien adjoint »).
const AFTER_COMMA: &[&str] = &[
    "et",
    "qui",
    "où",
    "mais",
    "pour",
    "afin",
    "alors",
    "tandis",
    "avant",
    "après",
    "puis",
    "lorsque",
    "quand",
    "car",
    "ainsi",
    "notamment",
];

/// Relatives after a comma: cut away only after a name or a figure, which the clause adds
/// to; after a common noun it may be what says which one (« Toulouse affrontera en finale le
/// vainqueur, qui oppose … » cut to « … le vainqueur. », rugby, seeds 1 to 3).
const RELATIVES: &[&str] = &["qui", "où"];

/// Whether `word` is a name or a figure: capitalised, or with a digit.
fn named(word: &str) -> bool {
    let word = word.trim_start_matches(['«', '"', '(']);
    let word = crate::text::strip_elision(word);
    word.starts_with(char::is_uppercase) || word.contains(|c: char| c.is_ascii_digit())
}

/// Words after a bare « et » that open a second deed of the same subject (« … et a signé »,
/// « … et s'est engagé »), not the second member of a pair (« le Japon et les Pays-Bas »,
/// « de Part-Dieu et de Perrache »).
const AFTER_AND: &[&str] = &[
    "a", "ont", "est", "sont", "sera", "seront", "va", "vont", "doit", "doivent", "avait",
    "avaient", "était", "étaient", "se", "s'", "s’", "il", "elle", "ils", "elles", "qui",
];

/// The fewest words a sentence cut short keeps.
const MIN_WORDS: usize = 5;

/// Verbs that carry a sentence as « être » and « avoir » do, beside those two.
const MODALS: &[&str] = &[
    "doit", "doivent", "devra", "devront", "peut", "peuvent", "pourra", "pourront", "va", "vont",
];

/// How a finite verb of the third person ends, and what its infinitive ends in instead:
/// « prévoit » is « prévoir », « concernent » « concerner », « comprend » « comprendre ».
const CONJUGATED: &[&str] = &[
    "aient", "ait", "eront", "era", "ront", "ra", "ent", "e", "it", "t", "",
];
const INFINITIVES: &[&str] = &["er", "ir", "re", "oir", "dre"];

/// Whether `word` (lower case) is a verb in the third person as far as its ending and the
/// dictionary tell: no noun or adjective of the dictionary, and the form of a verb it has
/// (« prévoit », « concerne »; not « pays », « sept », « centre »).
fn finite_verb(word: &str) -> bool {
    word.chars().count() >= 4
        && word.chars().all(char::is_alphabetic)
        && !crate::text::STOPWORDS.contains(&word)
        && crate::lexicon::nominal_entry(word).is_none()
        && CONJUGATED.iter().any(|ending| {
            word.strip_suffix(ending).is_some_and(|base| {
                INFINITIVES
                    .iter()
                    .any(|i| crate::lexicon::is_verb(&format!("{base}{i}")))
            })
        })
}

/// Whether `head` has a finite verb past its first word: a form of « être », « avoir » or a
/// modal, or a verb of the dictionary in the third person. A noun phrase alone (« La
/// coopération entre les deux pays. », « Le ministre de l'Economie, du Commerce. ») has none.
fn has_finite_verb(head: &str) -> bool {
    let words = crate::seo::readability::verb_words(head);
    words.iter().skip(1).any(|w| {
        let w = crate::text::strip_elision(w);
        let carrier = [
            crate::seo::readability::AVOIR,
            crate::seo::readability::ETRE,
            MODALS,
        ]
        .iter()
        .any(|set| set.contains(&w));
        carrier || finite_verb(w)
    })
}

/// The sentences `sentence` could be cut to, longest first: each ends before a clause of
/// `AFTER_COMMA` or a deed after « et », keeps `MIN_WORDS` words at least, closes every
/// quotation it opens, and ends with a full stop.
pub(super) fn shorter(sentence: &str) -> Vec<String> {
    // A question cut short is no statement (« Quelles sont les politiques de commerce. »):
    // its interrogative opens it, or follows its preposition (« À quelle date »).
    let opening = crate::text::words(sentence);
    let asks = opening.iter().take(2).enumerate().any(|(i, w)| {
        filter::interrogative(w)
            && (i == 0
                || ["à", "de", "pour", "dans", "depuis", "en", "par", "sur"]
                    .contains(&opening[0].to_lowercase().as_str()))
    });
    if asks || sentence.contains('?') {
        return Vec::new();
    }
    let words: Vec<(usize, &str)> = sentence
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sentence.as_ptr() as usize, w))
        .collect();
    let mut cuts = Vec::new();
    for k in (MIN_WORDS..words.len()).rev() {
        let word = words[k].1;
        let (_, before) = words[k - 1];
        let lower = word.to_lowercase();
        let opens = match before.ends_with(',') {
            true => {
                AFTER_COMMA.contains(&lower.as_str())
                    && (!RELATIVES.contains(&lower.as_str()) || named(before))
            }
            false => {
                before == "et"
                    && k > MIN_WORDS
                    && !words[k - 2].1.ends_with(',')
                    && (AFTER_AND.contains(&lower.as_str())
                        || AFTER_AND
                            .iter()
                            .any(|a| a.ends_with(['\'', '’']) && lower.starts_with(a)))
            }
        };
        if !opens {
            continue;
        }
        let end = match before.ends_with(',') {
            true => words[k - 1].0 + before.len() - 1,
            false => words[k - 1].0,
        };
        let head = sentence[..end].trim_end();
        let head = head.strip_suffix(',').unwrap_or(head).trim_end();
        let enough = head.split_whitespace().count() >= MIN_WORDS;
        if !enough || !quotes_closed(head) || !has_finite_verb(head) {
            continue;
        }
        cuts.push(format!("{head}."));
    }
    cuts.extend(attributed(sentence));
    cuts.sort_by_key(|cut| std::cmp::Reverse(cut.len()));
    cuts.dedup();
    cuts
}

/// Most words between a quotation's close and the name of who said it (« , a rappelé le
/// docteur »).
const ATTRIBUTION_WORDS: usize = 6;

/// Particles inside a name (« Amaury de Saint-Quentin »).
const PARTICLES: &[&str] = &["de", "du", "des", "d'", "d’"];

/// A quotation and who said it, ended after the speaker's name: « « Nous avions des couloirs
/// saturés … », a rappelé le docteur Hélène Marchand, le service, lors de l'inauguration du
/// centre » (hôpital, 56 candidates of stop 80's three seeds, none taken) said to its name.
/// What follows the name adds to who speaks (a title, when, where) and never bounds what is
/// quoted. The sentence opens on the quotation, which is closed; a verb comes before the
/// name, within `ATTRIBUTION_WORDS` words of the quotation's close.
fn attributed(sentence: &str) -> Option<String> {
    let opened = sentence.trim_start();
    let open = opened.chars().next()?;
    let close = match open {
        '«' => '»',
        '“' => '”',
        '"' => '"',
        _ => return None,
    };
    let inside = open.len_utf8();
    let at = opened[inside..].find(close)? + inside + close.len_utf8();
    let after = opened[at..].trim_start().strip_prefix(',')?;
    let words: Vec<(usize, &str)> = after
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - after.as_ptr() as usize, w))
        .collect();
    let capital = |w: &str| crate::text::strip_elision(w).starts_with(char::is_uppercase);
    let first = words.iter().position(|(_, w)| capital(w))?;
    if first == 0
        || first > ATTRIBUTION_WORDS
        || words[..first].iter().any(|(_, w)| w.contains(','))
    {
        return None;
    }
    let mut last = first;
    while last + 1 < words.len() && !words[last].1.ends_with(',') {
        let next = words[last + 1].1;
        let particle = PARTICLES.contains(&next.to_lowercase().as_str())
            && words.get(last + 2).is_some_and(|(_, w)| capital(w));
        let elided = ["d'", "d’"].iter().any(|p| next.starts_with(p)) && capital(next);
        match (capital(next) && !elided, particle, elided) {
            (true, ..) | (_, _, true) => last += 1,
            (_, true, _) => last += 2,
            _ => break,
        }
    }
    let (start, name) = words[last];
    let name = name.trim_end_matches([',', '.']);
    let end = at + (after.as_ptr() as usize - opened[at..].as_ptr() as usize) + start + name.len();
    let rest = opened[end..].trim_start_matches([',', ' ']);
    let named = name.chars().all(|c| c.is_alphabetic() || "-'’".contains(c));
    (named && !rest.trim_end_matches('.').is_empty()).then(|| format!("{}.", &opened[..end]))
}

/// Whether every quotation `text` opens is closed in it.
fn quotes_closed(text: &str) -> bool {
    text.matches('«').count() == text.matches('»').count()
        && text.matches('“').count() == text.matches('”').count()
        && text.matches('"').count().is_multiple_of(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_cut_before_a_clause_that_adds_to_it() {
        // Seen in the seed dispatch's traces: the second meeting is said twice.
        let cuts = shorter(
            "Le ministre japonais a rencontré la secrétaire américaine au Commerce, Gina \
             Raimondo, et a rencontré le",
        );
        assert_eq!(
            cuts,
            ["Le ministre japonais a rencontré la secrétaire américaine au Commerce, Gina Raimondo."]
        );
        let cuts = shorter("Les deux pays ont convenu de coopérer et se sont engagés, pour");
        assert_eq!(
            cuts,
            [
                "Les deux pays ont convenu de coopérer et se sont engagés.",
                "Les deux pays ont convenu de coopérer."
            ]
        );
    }

    #[test]
    fn what_bounds_a_claim_or_pairs_two_names_is_never_cut_away() {
        // A condition, who says it, the second member of a pair.
        assert!(
            shorter("Le Japon s'alignera sur les contrôles américains, si la Chine").is_empty()
        );
        assert!(
            shorter("Le préjudice est estimé à deux millions d'euros, selon le parquet").is_empty()
        );
        assert!(
            shorter("La rencontre a réuni le Japon et les Pays-Bas jeudi à Washington").is_empty()
        );
        assert!(shorter("Les parkings sont près des gares de Part-Dieu et de Perrache").is_empty());
        // A relative clause after a common noun, which may say which one.
        assert!(shorter("Toulouse affrontera en finale le vainqueur, qui oppose").is_empty());
        assert_eq!(
            shorter("Le Japon a créé un fabricant de puces, Rapidus, qui travaille"),
            ["Le Japon a créé un fabricant de puces, Rapidus."]
        );
        // An aside that may stand before the object (proces-marseille, seeds 1 to 3).
        assert!(
            shorter("Le tribunal a condamné à quatre ans de prison, dont deux avec sursis")
                .is_empty()
        );
        // Too short, or inside a quotation.
        assert!(shorter("Il a signé, et a").is_empty());
        assert!(shorter("Il a dit « nous allons travailler, et nous").is_empty());
    }

    #[test]
    fn a_quotation_is_ended_after_who_said_it() {
        let quote = "« Nous avions des couloirs saturés chaque hiver »";
        for rest in [
            ", le service, lors de l'inauguration",
            " lors de l'inauguration du centre",
            ", qui a été",
        ] {
            assert_eq!(
                shorter(&format!(
                    "{quote}, a rappelé le docteur Hélène Marchand{rest}"
                )),
                [format!("{quote}, a rappelé le docteur Hélène Marchand.")],
                "{rest}"
            );
        }
        // A name with its particle, and one elided, stay whole.
        assert_eq!(
            shorter("« Pas de pluie avant dix jours », a expliqué le préfet Amaury de Saint-Quentin lors"),
            ["« Pas de pluie avant dix jours », a expliqué le préfet Amaury de Saint-Quentin."]
        );
        assert_eq!(
            shorter("« Pas de pluie », a dit Jean d'Ornano, le"),
            ["« Pas de pluie », a dit Jean d'Ornano."]
        );
        // Nothing after the name, no verb before it, or no quotation that opens the sentence.
        assert!(
            shorter("« Nous avions des couloirs saturés », a rappelé Hélène Marchand.").is_empty()
        );
        assert!(shorter("« Nous avions des couloirs saturés », Hélène Marchand, le").is_empty());
        assert!(
            shorter("Selon Hélène Marchand, « nous avions des couloirs saturés », le").is_empty()
        );
        assert!(shorter("« Les couloirs sont pleins, a dit Hélène Marchand, le").is_empty());
    }

    #[test]
    fn a_noun_phrase_or_a_question_is_not_cut_short() {
        // Cut so in the seed dispatch's traces before the verb was asked for.
        assert!(shorter("La coopération entre les deux pays et les centres, qui ont").is_empty());
        assert!(shorter("Le ministre de l’Economie, du Commerce, et de l’Industrie").is_empty());
        assert!(shorter("Les États-Unis, le Japon, le Groupe des Sept, qui ont").is_empty());
        assert!(
            shorter("La déclaration, intervenue après que le ministre japonais, et").is_empty()
        );
        assert!(shorter("Quelles sont les politiques de commerce, et").is_empty());
        assert!(shorter("À quelle date le plan sera présenté, et qui").is_empty());
        // A verb of the dictionary that is no noun carries the sentence.
        assert_eq!(
            shorter("Le plan prévoit une aide aux ménages modestes, pour que"),
            ["Le plan prévoit une aide aux ménages modestes."]
        );
    }
}
