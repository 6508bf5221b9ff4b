//! What keeps a sentence from standing alone: it ends on a word that announces more or on
//! an auxiliary (« Le tribunal correctionnel de Marseille a. »), it is a noun and its
//! relative clause and no more (« Les Bordelais, qui disputaient… ») or an infinitive clause
//! and no more (« Après avoir été menés 13 à 10. »), or a hyphen is broken
//! off its word (« domicile -travail », « 13- 10 ») or a guillemet glued to the word outside
//! it (« »mais »).

use crate::text::words;

/// Words no French sentence ends on: articles, prepositions, conjunctions and determiners,
/// which announce what the sentence then lacks (« …de l'industrie de la. »).
const DANGLING: &[&str] = &[
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d'",
    "et",
    "ou",
    "mais",
    "à",
    "au",
    "aux",
    "par",
    "pour",
    "sur",
    "avec",
    "dans",
    "sans",
    "sous",
    "vers",
    "chez",
    "entre",
    "que",
    "qu'",
    "qui",
    "dont",
    "ce",
    "cet",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "notre",
    "votre",
    "nos",
    "vos",
    "mon",
    "ma",
    "mes",
    "d'autres",
    "plusieurs",
    "chaque",
];

/// Whether `sentence` ends on a word that announces more (`DANGLING`), or on an auxiliary:
/// « Le tribunal correctionnel de Marseille a. » and « Le chef d'entreprise Olivier Rinaldi,
/// a été. » (proces, every seed at `de8f912`: a sentence cut short at its comma). « qui en
/// ont », « il y a » stand.
pub fn dangles(sentence: &str) -> bool {
    use crate::seo::readability::{AVOIR, ETRE};
    let ws: Vec<String> = words(sentence)
        .iter()
        .map(|w| crate::text::normalize(w))
        .collect();
    let Some(last) = ws.last().map(String::as_str) else {
        return false;
    };
    let before = ws.len().checked_sub(2).map(|i| ws[i].as_str());
    let auxiliary = (AVOIR.contains(&last) || ETRE.contains(&last) || last == "été")
        && !matches!(before, Some("en" | "y"));
    DANGLING.contains(&last) || auxiliary
}

/// Words, at most, of a noun phrase that a relative clause completes (« Les Bordelais, qui
/// … »).
const FRAGMENT_HEAD_WORDS: usize = 6;

/// Endings of a finite verb or a participle: a word ending so before the comma may be the
/// sentence's verb (« Toulouse affrontera le vainqueur, qui… »).
const VERB_ENDINGS: &[&str] = &[
    "ra", "ront", "ait", "aient", "ent", "é", "ée", "és", "ées", "it", "is",
];

/// Whether `sentence` is a noun phrase and a relative clause, and no more: « Les Bordelais,
/// qui disputaient la troisième demi-finale en quatre ans. » (an item of « L'essentiel »,
/// rugby seed 3 at `30fed99`), « Cette décision, qui comprend également une collaboration
/// … » (the seed dispatch, seed 2): no word before the comma can be a verb, and no comma
/// closes the clause.
///
/// Or names and a noun phrase in apposition, and no more: « Les États-Unis et le Japon, le
/// dernier signe du renforcement de leurs liens dans les semi-conducteurs. » (the seed
/// dispatch, seed 2, stop 68: the source's « ont-ils déclaré vendredi » dropped).
pub fn verbless(sentence: &str) -> bool {
    if infinitive_only(sentence)
        || empty_completive(sentence)
        || verbless_question(sentence)
        || nominal_only(sentence)
        || verbless_after_and(sentence)
        || figure_tail(sentence)
    {
        return true;
    }
    let Some((head, rest)) = sentence.split_once(", ") else {
        return false;
    };
    let relative = ["qui ", "dont ", "où ", "que ", "qu'", "qu’"]
        .iter()
        .any(|r| rest.starts_with(r));
    let head_words = words(head);
    // Names in apposition only: a present tense ends as no rule of thumb can tell (« la
    // Métropole veut un plan »), a subject of names before a comma does not.
    // A preposition that opens the sentence is no name: « Selon Bruno Bernard, la part du
    // vélo … atteint aujourd'hui 4 % » (velo, 27 candidates of the three seeds at stop 75)
    // has a verb the rule of thumb cannot tell.
    let joining = ["le", "la", "les", "l'", "l’", "et", "de", "du", "des"];
    let names = head_words.iter().all(|w| {
        let word = crate::text::normalize(w);
        joining.contains(&word.as_str())
            || w.starts_with(char::is_uppercase) && !crate::text::is_stopword(&word)
    });
    let apposition = ["le ", "la ", "les ", "l'", "l’", "un ", "une "]
        .iter()
        .any(|d| rest.starts_with(d))
        && names
        && no_verb(&words(rest), false);
    (relative || apposition)
        && !rest.contains(',')
        && head_words.len() <= FRAGMENT_HEAD_WORDS
        && !head.contains(['«', '"', '“'])
        && no_verb(&head_words, true)
}

/// Endings a finite verb of the third person may have (« vise », « prévoit », « prend »,
/// « jouera », « a été réduit »): a word that ends otherwise, or follows a determiner or a
/// preposition, is no verb.
const VERB_ENDINGS_FINITE: &[&str] = &[
    "e", "nt", "ons", "ez", "ait", "aient", "ra", "ront", "é", "ée", "és", "ées", "it", "ît", "ut",
    "nd", "rd", "rt", "at", "ont", "va",
];

/// Whether no word of `sentence` can be its verb: every word a function word, a figure, a
/// date, a name, a word after a determiner or a preposition, or one that ends as no finite
/// verb does. « La prochaine édition du 4 au 25 juillet 2026. » (festival seed 1, stop 77) for
/// the source's « La prochaine édition se tiendra du 4 au 25 juillet 2026 ».
fn nominal_only(sentence: &str) -> bool {
    let ws = words(sentence);
    if ws.len() < 3 {
        return false;
    }
    ws.iter().enumerate().all(|(i, w)| {
        let n = crate::text::normalize(w);
        let verb = crate::seo::readability::AVOIR.contains(&n.as_str())
            || crate::seo::readability::ETRE.contains(&n.as_str())
            || ["fait", "vont", "va", "peut", "doit"].contains(&n.as_str());
        let after = i.checked_sub(1).map(|p| crate::text::normalize(ws[p]));
        let placed = after.is_some_and(|a| {
            crate::text::DETERMINERS.contains(&a.as_str())
                || crate::text::PREPOSITIONS.contains(&a.as_str())
        });
        let articled = ["l'", "l’", "d'", "d’"].iter().any(|e| n.starts_with(e));
        let inverted = ["-il", "-ils", "-elle", "-elles", "-on"]
            .iter()
            .any(|e| n.ends_with(e));
        let verb_like = inverted
            || VERB_ENDINGS_FINITE
                .iter()
                .any(|e| n.ends_with(e) && !(*e == "ons" && n.ends_with("ions")));
        !verb
            && (crate::text::is_stopword(&n)
                || crate::text::number_key(w).is_some()
                || crate::facts::is_time_word(w)
                || i > 0 && w.starts_with(char::is_uppercase)
                || placed
                || articled
                || !verb_like)
    })
}

/// Whether what follows the last « , et » of `sentence` has no verb: « La langue invitée était
/// l'arabe, et les artistes venus du Liban, du Maroc, de Tunisie. » (festival seed 1, stop 77)
/// for the source's « avec des artistes venus du Liban » joins a second clause that says
/// nothing of them.
fn verbless_after_and(sentence: &str) -> bool {
    sentence
        .rsplit_once(", et ")
        .is_some_and(|(_, tail)| nominal_only(tail))
}

/// Whether `sentence` ends on a comma and a figure with what it counts, and no verb: « La
/// Métropole a présenté mardi un plan de doubler la place du vélo, 120 millions d'euros. »
/// (velo seed 1, stop 78) for the source's « un plan de 120 millions d'euros destiné à
/// doubler … »: an amount hung on the sentence says nothing of what it is. A score (« 24 à
/// 20 ») counts nothing and stands, and so does an object past an incise (« a vendu, en 2025,
/// 118 000 billets »).
fn figure_tail(sentence: &str) -> bool {
    let incise = sentence.matches(',').count() > 1;
    !incise
        && sentence.rsplit_once(", ").is_some_and(|(_, tail)| {
            let counts = words(tail).iter().any(|w| {
                w.starts_with(char::is_lowercase)
                    && w.chars().count() >= 4
                    && !crate::text::is_stopword(&crate::text::normalize(w))
            });
            tail.starts_with(|c: char| c.is_ascii_digit()) && counts && nominal_only(tail)
        })
}

/// Stems (folded) of the verbs of saying and thinking that a clause of its own follows after
/// « que ».
const SAYING_STEMS: &[&str] = &[
    "estim", "assur", "declar", "annonc", "affirm", "indiqu", "soulign", "rappel", "craign",
    "craint", "pens", "jug", "expliqu", "precis", "dit", "ajout", "esper", "reconn", "montr",
    "souhait", "consider",
];

/// Whether a verb of saying is followed by « que » and words of which none can be a verb:
/// « La Ville à vélo, principale association locale, estimait que les travaux les plus
/// attendus. » (velo seed 2 at `f26e403`, an item of « L'essentiel »; the source goes on
/// « … sont les ponts sur le Rhône et sur la Saône »).
fn empty_completive(sentence: &str) -> bool {
    let ws = words(sentence);
    ws.windows(2).enumerate().any(|(i, pair)| {
        let que = crate::text::normalize(pair[1]);
        let opens = que == "que" || que.starts_with("qu'");
        let verb = crate::text::fold_accents(&crate::text::normalize(pair[0]));
        let saying = SAYING_STEMS.iter().any(|s| verb.starts_with(s));
        // « ne … que » restricts, and a noun may follow it (« il n'a déclaré que deux
        // essais »).
        let restricts = ws[..i].iter().any(|w| {
            let w = crate::text::normalize(w);
            w == "ne" || w.starts_with("n'")
        });
        if !opens || !saying || restricts {
            return false;
        }
        // « qu'il » holds its first word.
        let mut rest: Vec<&str> = ws[i + 2..].to_vec();
        if let Some(elided) = pair[1].split_once(['\'', '’']).map(|(_, w)| w) {
            rest.insert(0, elided);
        }
        !rest.is_empty() && no_verb(&rest, false)
    })
}

/// Openings of an infinitive clause that a main clause must follow, past a comma (« Après
/// avoir été menés 13 à 10, les Toulousains … »).
const INFINITIVE_OPENINGS: &[&str] = &[
    "après avoir ",
    "après être ",
    "avant de ",
    "avant d'",
    "avant d’",
    "sans avoir ",
];

/// Whether `sentence` is an infinitive clause and no more: « Après avoir été menés 13 à 10. »
/// (a rugby section, seed 1, once the copy guard let a figure's unit through). It opens on
/// one (`INFINITIVE_OPENINGS`) and no comma leaves room for the main clause.
fn infinitive_only(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_lowercase();
    INFINITIVE_OPENINGS.iter().any(|o| lower.starts_with(o)) && !sentence.contains(", ")
}

/// How a question's verb may end beside `VERB_ENDINGS`: a present (« comprend », « peut »,
/// « font ») or an infinitive (« Comment financer le plan ? »).
const QUESTION_VERB_ENDINGS: &[&str] = &["nd", "ut", "ont", "er", "ir"];

/// Whether `sentence` is a question with no verb: « Pourquoi la coopération entre les deux
/// pays ? » (the seed dispatch's FAQ, 9 questions in about 280 stored articles of stops
/// 71–74), « Les vélos à assistance électrique pour ménages modestes ? ». A verb inverted
/// with its pronoun (« seront-ils », « est-ce ») is one.
fn verbless_question(sentence: &str) -> bool {
    if !sentence.trim_end().ends_with('?') {
        return false;
    }
    let ws = words(sentence);
    let inverted = ws.iter().any(|w| {
        let w = crate::text::normalize(w);
        [
            "-il", "-ils", "-elle", "-elles", "-on", "-ce", "-t-il", "-t-elle", "-t-on",
        ]
        .iter()
        .any(|p| w.ends_with(p))
    });
    let verb_like = ws.iter().skip(1).any(|w| {
        let folded = crate::text::normalize(w);
        !w.starts_with(char::is_uppercase)
            && QUESTION_VERB_ENDINGS.iter().any(|e| folded.ends_with(e))
    });
    !inverted && !verb_like && no_verb(&ws, true)
}

/// Whether `sentence` asks « qu'est-ce que » of a clause that leaves nothing to ask for: a
/// passive (« Qu'est-ce que l'enquête avait été ouverte ? », procès seeds 2 and 3 at stop
/// 74), or a participle whose object follows it (« Qu'est-ce que le ministre chinois a
/// rencontré Raimondo ? »). « Qu'est-ce que le plan comprend ? » asks for the object.
pub fn filled_question(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_lowercase().replace('’', "'");
    let Some(rest) = ["qu'est-ce que ", "qu'est-ce qu'"]
        .iter()
        .find_map(|o| lower.strip_prefix(o))
    else {
        return false;
    };
    let ws = words(rest);
    ws.windows(2).any(|pair| {
        let participle = ["é", "ée", "és", "ées"]
            .iter()
            .any(|e| pair[0].ends_with(e));
        let object = crate::text::DETERMINERS.contains(&pair[1])
            || pair[1].starts_with("l'")
            || sentence.contains(&format!(" {}", crate::seo::capitalise(pair[1])));
        pair[0] == "été" && crate::seo::readability::is_participle(pair[1]) || participle && object
    })
}

/// Whether none of `ws` can be a verb: no form of « avoir » or « être », and no word but
/// names (and the first word, where `opens`) ending as verbs do (« -ment » ends nouns and
/// adverbs).
fn no_verb(ws: &[&str], opens: bool) -> bool {
    ws.iter().enumerate().all(|(i, w)| {
        let name = w.starts_with(char::is_uppercase);
        let w = crate::text::normalize(w);
        let w = crate::text::strip_elision(&w);
        let ends_as_verb = VERB_ENDINGS.iter().any(|e| w.ends_with(e)) && !w.ends_with("ment");
        !crate::seo::readability::AVOIR.contains(&w)
            && !crate::seo::readability::ETRE.contains(&w)
            && ((i == 0 && opens) || name || !ends_as_verb)
    })
}

/// Most words in a subject before a comma that `comma_before_verb` reads.
const SUBJECT_WORDS: usize = 12;

/// Finite forms of « avoir » and « être » that tell a subject's verb.
const AUXILIARIES: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "est", "sont", "était", "étaient", "sera",
    "seront",
    // And the modals and « aller »: « Le bâtiment de 3 200 mètres carrés, peut accueillir »
    // (hôpital, stop 77).
    "peut", "peuvent", "pourra", "pourront", "doit", "doivent", "devra", "devront", "va", "vont",
];

/// Whether one comma parts `sentence`'s subject from its verb: « Le bâtiment de 3 200 mètres
/// carrés, a été construit à côté de l'hôpital » (hôpital seed 1, stop 77: the aside « construit
/// à côté de l'hôpital Estaing, » of the source cut to its first comma). The subject opens on
/// a determiner and holds no auxiliary, no relative and no other comma; an auxiliary follows
/// its comma, and no verb of saying after it (« Le club gagne, a déclaré Ugo Mola » is an
/// incise).
pub fn comma_before_verb(sentence: &str) -> bool {
    let Some((head, rest)) = sentence.split_once(", ") else {
        return false;
    };
    let head_words: Vec<String> = words(head)
        .iter()
        .map(|w| crate::text::normalize(w))
        .collect();
    let rest_words: Vec<String> = words(rest)
        .iter()
        .map(|w| crate::text::normalize(w))
        .collect();
    let determined = head_words
        .first()
        .is_some_and(|w| crate::text::DETERMINERS.contains(&w.as_str()));
    let clause = head_words.iter().any(|w| {
        crate::seo::readability::AVOIR.contains(&w.as_str())
            || crate::seo::readability::ETRE.contains(&w.as_str())
            || ["qui", "que", "dont", "où"].contains(&w.as_str())
            || w.starts_with("qu'")
    });
    let auxiliary = rest_words
        .first()
        .is_some_and(|w| AUXILIARIES.contains(&w.as_str()));
    let saying = rest_words.get(1).is_some_and(|w| {
        let folded = crate::text::fold_accents(w);
        SAYING_STEMS.iter().any(|s| folded.starts_with(s))
    });
    determined
        && auxiliary
        && !clause
        && !saying
        && head_words.len() <= SUBJECT_WORDS
        && !head.contains(['«', '"', '('])
}

/// Whether a hyphen in `sentence` opens a word after a space (« domicile -travail », velo
/// seed 3 at `5505e35`: a copy of the source that the copy guard read as two words), or
/// closes one before a space.
pub fn broken_hyphen(sentence: &str) -> bool {
    let opens = sentence
        .match_indices(" -")
        .any(|(i, _)| sentence[i + 2..].starts_with(char::is_alphabetic));
    // Or closes a word or a figure before a space: « menés 13- 10 » (rugby with dead ends,
    // stop 67).
    let closes = sentence.match_indices("- ").any(|(i, _)| {
        sentence[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    });
    opens || closes
}

/// Whether a guillemet in `sentence` is glued to the word outside it: « ont convenu de
/// « réduire les risques »mais pas » (the seed dispatch, seed 2, stops 67 and 68), or
/// « le groupe« ».
pub fn glued_guillemet(sentence: &str) -> bool {
    let glued = |mark: char, outside: fn(&str) -> Option<char>| {
        sentence.match_indices(mark).any(|(i, m)| match mark {
            '»' => outside(&sentence[i + m.len()..]).is_some_and(char::is_alphanumeric),
            _ => outside(&sentence[..i]).is_some_and(char::is_alphanumeric),
        })
    };
    glued('»', |after| after.chars().next()) || glued('«', |before| before.chars().next_back())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_of_nouns_alone_has_no_verb() {
        for broken in [
            "La prochaine édition du 4 au 25 juillet 2026.",
            "Le budget de l'édition de 17 millions d'euros.",
            "La langue invitée était l'arabe, et les artistes venus du Liban, du Maroc, de Tunisie.",
            "La langue invitée était l'arabe, et avec des artistes venus de la Tunisie et du Liban.",
            "La Métropole a présenté mardi un plan de doubler la place du vélo, 120 millions d'euros.",
        ] {
            assert!(verbless(broken), "{broken}");
        }
        for whole in [
            "La prochaine édition se tiendra du 4 au 25 juillet 2026.",
            "La langue invitée était l'arabe, et les artistes sont venus du Liban.",
            "Le festival s'est achevé dimanche, et le bilan a été présenté mercredi.",
            "Le festival s'est achevé dimanche.",
            "Le plan prévoit 250 kilomètres de pistes.",
            "La Métropole assure le financement.",
            "Le club vise le titre.",
            "Toulouse prend la tête.",
            "Les billets partiront vite.",
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Les deux pays vont approfondir leur coopération.",
            "La CGT rappelle la demande.",
            "Toulouse l'a emporté, 24 à 20.",
            "Le festival a vendu, en 2025, 118 000 billets.",
            "Le plan coûtera 120 millions d'euros, 40 % de plus que prévu, et sera voté.",
        ] {
            assert!(!verbless(whole), "{whole}");
        }
    }

    #[test]
    fn no_lone_comma_parts_a_subject_from_its_verb() {
        for broken in [
            "Le bâtiment de 3 200 mètres carrés, a été construit à côté de l'hôpital Estaing.",
            "Les Bordelais, ont perdu leur capitaine.",
            "Le bâtiment de 3 200 mètres carrés, peut accueillir 60 patients.",
        ] {
            assert!(comma_before_verb(broken), "{broken}");
        }
        for whole in [
            "Le bâtiment, construit à côté de l'hôpital, a été inauguré.",
            "Le festival, qui s'est achevé dimanche, a proposé 42 spectacles.",
            "En 2020, a été ouverte une enquête.",
            "Le tribunal a condamné, a-t-on appris, un ancien adjoint.",
            "Le buteur Thomas Ramos, a déclaré Ugo Mola, a réussi cinq pénalités.",
            "Les billets, selon la Ligue, sont partis.",
            "Le club gagne le match, a déclaré Ugo Mola.",
            "Le service, qui peut accueillir 60 patients, a ouvert lundi.",
        ] {
            assert!(!comma_before_verb(whole), "{whole}");
        }
    }

    #[test]
    fn a_verb_of_saying_is_followed_by_a_clause_with_a_verb() {
        for broken in [
            "La Ville à vélo, principale association locale, estimait que les travaux les plus attendus.",
            "Le maire a déclaré que les travaux.",
        ] {
            assert!(verbless(broken), "{broken}");
        }
        for whole in [
            "La Ville à vélo estime que les travaux les plus attendus sont les ponts.",
            "La Métropole assure que des études ont montré l'effet inverse.",
            "Il a annoncé qu'il ferait appel.",
            "Il n'a déclaré que deux essais.",
        ] {
            assert!(!verbless(whole), "{whole}");
        }
    }

    #[test]
    fn a_guillemet_is_not_glued_to_the_word_outside_it() {
        assert!(glued_guillemet(
            "Ils ont convenu de « réduire les risques »mais pas de se dissocier."
        ));
        assert!(glued_guillemet("Le groupe« a souffert »."));
        for fine in [
            "Ils ont convenu de « réduire les risques » mais pas de se dissocier.",
            "«Le groupe n'a jamais cessé de croire en son plan de jeu », a-t-il déclaré.",
            "Une équipe « courageuse jusqu'au bout ».",
        ] {
            assert!(!glued_guillemet(fine), "{fine}");
        }
    }

    #[test]
    fn a_noun_phrase_and_its_relative_clause_are_no_sentence() {
        for fragment in [
            "Les Bordelais, qui disputaient la troisième demi-finale en quatre ans.",
            "Cette décision, qui comprend également une collaboration à l'informatique quantique.",
            "Les États-Unis et le Japon, le dernier signe du renforcement de leurs liens dans les semi-conducteurs.",
            "Après avoir été menés 13 à 10.",
            "Avant d'affronter le vainqueur de l'autre demi-finale.",
        ] {
            assert!(verbless(fragment), "{fragment}");
        }
        for sentence in [
            "Toulouse affrontera le vainqueur, qui oppose dimanche La Rochelle au Racing 92.",
            "Les Bordelais, qui disputaient leur troisième demi-finale, ont perdu leur capitaine.",
            "Le plan a été présenté mardi, dont le financement repose sur la Métropole.",
            "La Ville à vélo estime que les travaux concernent les ponts.",
            "Laurent Marti a salué une équipe, qui a été « courageuse jusqu'au bout ».",
            "Selon Bruno Bernard, la part du vélo doit passer à 8 %.",
            "Selon Bruno Bernard, la part du vélo dans les trajets atteint aujourd'hui 4 %.",
            "Pour la Métropole, la part du vélo atteint 4 %.",
            "Mardi, la Métropole a présenté un plan.",
            "Du côté des commerçants, l'accueil est plus réservé.",
            "Le Japon a créé un fabricant, le groupe Rapidus, qui travaille avec IBM.",
            "Après avoir été menés 13 à 10, les Toulousains ont fait la différence.",
        ] {
            assert!(!verbless(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_question_has_a_verb() {
        for fragment in [
            "Pourquoi la coopération entre les deux pays ?",
            "Les vélos à assistance électrique pour ménages modestes ?",
            "Quelle aide à l'achat pour les ménages modestes ?",
        ] {
            assert!(verbless(fragment), "{fragment}");
        }
        for question in [
            "Quelle est la peine prononcée ?",
            "Quand les vélos seront-ils à l'achat ?",
            "Qu'est-ce que le plan comprend ?",
            "Que comprend le plan ?",
            "Comment financer le plan ?",
            "Les premiers chantiers doivent-ils commencer au printemps ?",
            "Pourquoi les deux pays travaillent ensemble ?",
            "Le plan prévoit quoi ?",
        ] {
            assert!(!verbless(question), "{question}");
        }
    }

    #[test]
    fn qu_est_ce_que_asks_for_what_the_clause_lacks() {
        for filled in [
            "Qu'est-ce que l'enquête avait été ouverte ?",
            "Qu'est-ce que le ministre chinois a rencontré Raimondo ?",
            "Qu’est-ce que le tribunal a prononcé une amende ?",
        ] {
            assert!(filled_question(filled), "{filled}");
        }
        for question in [
            "Qu'est-ce que le plan comprend ?",
            "Qu'est-ce que le tribunal a prononcé ?",
            "Qu'est-ce que le tribunal a prononcé mardi ?",
            "Quand l'enquête a-t-elle été ouverte ?",
        ] {
            assert!(!filled_question(question), "{question}");
        }
    }
}
