//! French words: the Hunspell dictionary of Grammalecte (`dictionary-fr`, MPL-2.0, in
//! `src/lexicon/`), embedded and read by `spellbook`, to tell a French word from one that
//! exists in no language (« métropoli », « vélotours »).

use std::sync::OnceLock;

use spellbook::Dictionary;

use crate::text::{normalize, strip_elision, words};

fn dictionary() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        Dictionary::new(
            include_str!("lexicon/fr.aff"),
            include_str!("lexicon/fr.dic"),
        )
        .expect("the embedded French dictionary parses")
    })
}

/// The same dictionary without its breaks: a hyphenated word is checked whole, not part by
/// part (« centre-ville », « vice-présidents », never « domicile-travaille »).
fn whole_words() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let aff: String = include_str!("lexicon/fr.aff")
            .lines()
            .map(|l| match l.starts_with("BREAK") {
                true => "",
                false => l,
            })
            .chain(["BREAK 0"])
            .collect::<Vec<_>>()
            .join("\n");
        Dictionary::new(&aff, include_str!("lexicon/fr.dic"))
            .expect("the embedded French dictionary parses")
    })
}

/// Prefixes a writer joins to a word with a hyphen without changing what it tells
/// (« semi-conducteurs », « micro-entreprise »). Those that do (« ex- », « anti- », « non- »,
/// « pro- », « vice- ») pass only in a compound of the dictionary or the source: « l'ex-ministre »
/// was the model's own in the seed dispatch's article.
const PREFIXES: &[&str] = &[
    "auto", "bio", "demi", "eco", "éco", "extra", "inter", "micro", "mini", "mi", "multi", "neo",
    "néo", "post", "pseudo", "quasi", "semi", "sous", "super", "ultra",
];

/// Pronouns after a verb and a hyphen (« dit-il », « est-ce », « a-t-elle »), and the
/// particles after a noun (« ce jour-là »).
const AFTER_HYPHEN: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "moi", "toi", "lui",
    "leur", "le", "la", "les", "en", "y", "là", "ci",
];

/// Whether `word` is French as the dictionary knows it (a capitalised word also in lower
/// case, as at the start of a sentence); a hyphenated word must be French whole, or a
/// prefix and a word, or a verb and its pronoun.
pub fn is_french_word(word: &str) -> bool {
    let word = word.replace('’', "'");
    // Capitals often go without their accent (`l'Etat`), which the dictionary writes.
    let forms = [
        word.clone(),
        word.to_lowercase(),
        word.replacen('E', "É", 1),
    ];
    let in_parts = forms.iter().any(|w| dictionary().check(w));
    if !in_parts || !word.contains('-') {
        return in_parts;
    }
    if forms.iter().any(|w| whole_words().check(w)) {
        return true;
    }
    let lower = forms[1]
        .rsplit(['\''])
        .next()
        .unwrap_or(&forms[1])
        .to_string();
    let parts: Vec<&str> = lower.split('-').collect();
    match parts.as_slice() {
        [prefix, _] if PREFIXES.contains(prefix) => true,
        [_, pronoun] => AFTER_HYPHEN.contains(pronoun),
        [_, "t", pronoun] => matches!(*pronoun, "il" | "elle" | "on"),
        _ => false,
    }
}

/// The dictionary's own entries that end in « s » or « x » (« pays », « mois », « prix »):
/// words that are singular as written.
fn entries_in_s() -> &'static std::collections::HashSet<&'static str> {
    static ENTRIES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        include_str!("lexicon/fr.dic")
            .lines()
            .map(|l| l.split('/').next().unwrap_or(l))
            .filter(|w| w.ends_with(['s', 'x']))
            .collect()
    })
}

/// Whether `word` (lower case) is a plural only: it ends in « s » or « x », the dictionary has
/// it as no word of its own, and without that letter it is French (« puces », « jeux »; not
/// « pays », « cours », « fois »).
pub fn is_plural_form(word: &str) -> bool {
    let Some(singular) = word.strip_suffix(['s', 'x']) else {
        return false;
    };
    singular.chars().count() >= 3
        && !entries_in_s().contains(word)
        && dictionary().check(word)
        && dictionary().check(singular)
}

/// The dictionary's entries that take a feminine (its flag `F.`): adjectives, mostly
/// (« public », « toulousain »), and the nouns of people (« avocat »).
fn gendered() -> &'static std::collections::HashSet<&'static str> {
    static ENTRIES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    ENTRIES.get_or_init(|| entries_flagged(|flags| flags.starts_with("F.")).collect())
}

/// The dictionary's entries, as written, whose flags `keep` takes.
fn entries_flagged(keep: impl Fn(&str) -> bool) -> impl Iterator<Item = &'static str> {
    include_str!("lexicon/fr.dic")
        .lines()
        .filter_map(|l| l.split_once('/'))
        .filter(move |(_, flags)| keep(flags))
        .map(|(word, _)| word)
}

/// Whether `word` (lower case), or its singular, is an entry that takes a feminine: an
/// adjective as likely as a noun.
pub fn takes_a_feminine(word: &str) -> bool {
    let singular = word.strip_suffix(['s', 'x']).unwrap_or(word);
    gendered().contains(word) || gendered().contains(singular)
}

/// The dictionary's verbs, in the infinitive: the entries whose first flag is a verb's (a
/// letter, then a letter or a digit: « a0 », « tF »; not « S. », « L' »).
fn verbs() -> &'static std::collections::HashSet<&'static str> {
    static ENTRIES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        entries_flagged(|flags| {
            let mut chars = flags.chars();
            chars.next().is_some_and(|c| c.is_ascii_lowercase())
                && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        })
        .collect()
    })
}

/// Whether `word` (lower case) is a verb of the dictionary in the infinitive.
pub fn is_verb(word: &str) -> bool {
    verbs().contains(word)
}

/// Whether `word` (lower case) is a present form of a verb in « -er » (« recrute »,
/// « recrutes », « recrutent ») and no noun or adjective of the dictionary: none in « é »,
/// a participle, which is often one (« des blessés »).
pub fn is_conjugated_er(word: &str) -> bool {
    let stem = ["ent", "es", "e"]
        .iter()
        .find_map(|ending| word.strip_suffix(ending));
    let participle = word.ends_with('é') || ["ée", "és", "ées"].iter().any(|e| word.ends_with(e));
    stem.is_some_and(|stem| stem.chars().count() >= 3 && is_verb(&format!("{stem}er")))
        && !participle
        && nominal_entry(word).is_none()
        && is_french_word(word)
}

/// Flags of the dictionary's nouns and adjectives: a plural in « s » or « x », a feminine.
const NOMINAL_FLAGS: &[&str] = &["S.", "S=", "F.", "F+", "Fs", "Fc", "Fx", "W.", "Wx", "X."];

/// The dictionary's nouns and adjectives (by their flags), folded (no accents): « ministre »
/// and « ministere » are two, « financer » none.
fn nominal() -> &'static std::collections::HashSet<String> {
    static ENTRIES: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        entries_flagged(|flags| NOMINAL_FLAGS.iter().any(|f| flags.starts_with(f)))
            .map(crate::text::fold_accents)
            .collect()
    })
}

/// How a noun's or an adjective's plural and feminine end, and what their entry ends in
/// instead, folded: « européennes » is « européen », « financières » « financier ».
const NOMINAL_ENDINGS: &[(&str, &str)] = &[
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("eres", "er"),
    ("ere", "er"),
    ("ives", "if"),
    ("ive", "if"),
    ("elles", "el"),
    ("elle", "el"),
    ("aux", "al"),
    ("es", ""),
    ("s", ""),
    ("x", ""),
    ("e", ""),
];

/// The noun or adjective of the dictionary, folded (no accents), that `word` (lower case,
/// no elision) is a form of, itself or in the singular or the masculine; none for a word that
/// is no noun or adjective's (« financer ») or none of the dictionary's.
/// A word in « é », « ée », « és » or « ées » is taken for a participle, a verb's form, not
/// the noun it folds to (« financée » is not « finance », « réclamé » not « réclame »).
pub fn nominal_entry(word: &str) -> Option<String> {
    if word.ends_with('é') || ["ée", "és", "ées"].iter().any(|e| word.ends_with(e)) {
        return None;
    }
    let entries = nominal();
    let folded = crate::text::fold_accents(word);
    if entries.contains(&folded) {
        return Some(folded);
    }
    let word = folded.as_str();
    NOMINAL_ENDINGS.iter().find_map(|(ending, entry)| {
        let base = word.strip_suffix(ending)?;
        let lemma = format!("{base}{entry}");
        (base.chars().count() >= 3 && entries.contains(&lemma)).then_some(lemma)
    })
}

/// The French words of one or two letters. The dictionary also takes abbreviations and
/// letters (« ch », « r »), which a model writes when it breaks a word off: « les places
/// seront fermées à la r. » passed the gate (velo, seed 42).
const SHORT_WORDS: &[&str] = &[
    "a", "à", "y", "ô", "ai", "as", "au", "ça", "ce", "ci", "de", "du", "en", "es", "et", "eu",
    "il", "je", "la", "là", "le", "lu", "ma", "me", "mi", "ne", "ni", "nu", "on", "os", "ou", "où",
    "pu", "sa", "se", "si", "su", "ta", "te", "tu", "un", "va", "vu", "an", "dû", "eh", "ah", "oh",
];

/// Units of one or two letters: words only after a figure. « a déclaré la m. » (velo, the
/// quick start at `1df6c3b`) is a word broken off, not a metre.
const UNITS: &[&str] = &["km", "kg", "cm", "mm", "ha", "h", "m"];

/// Whether `word` (lower case, elision kept apart) is too short to be anything but one of
/// `SHORT_WORDS`, and is not one: a word broken off.
pub fn is_broken_off(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.chars().count() <= 2
        && lower.chars().all(char::is_alphabetic)
        && !SHORT_WORDS.contains(&lower.as_str())
        && !UNITS.contains(&lower.as_str())
}

/// The words of `text` that are neither French nor written in `source` (folded to lower
/// case): names are left to the names check, which knows the source's; figures are not
/// words.
pub fn unknown_words<'t>(
    text: &'t str,
    source: &std::collections::HashSet<String>,
) -> Vec<&'t str> {
    let mut out: Vec<&str> = Vec::new();
    let all = words(text);
    for (i, &word) in all.iter().enumerate() {
        let name = i > 0 && word.chars().next().is_some_and(char::is_uppercase);
        let after_figure = i > 0 && all[i - 1].chars().any(|c| c.is_ascii_digit());
        let unit_alone = UNITS.contains(&word.to_lowercase().as_str()) && !after_figure;
        if name
            || word.chars().any(|c| c.is_ascii_digit())
            || source.contains(&normalize(word))
            || is_french_word(word) && !is_broken_off(word) && !unit_alone
            || out.contains(&word)
        {
            continue;
        }
        out.push(word);
    }
    if let Some(last) = cut_short(text, source) {
        if !out.contains(&last) {
            out.push(last);
        }
    }
    out
}

/// The last word of a finished `text` when it is a word of the source cut short: the
/// beginning of one of its words, two letters or more before that word's end, and no
/// word of it (« l'aggloméra. » for « l'agglomération »). A French word may be one, so the
/// dictionary does not see it.
fn cut_short<'t>(text: &'t str, source: &std::collections::HashSet<String>) -> Option<&'t str> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with(['.', '!', '?']) || trimmed.ends_with("..") {
        return None;
    }
    let last = *words(trimmed).last()?;
    let bare = strip_elision(&normalize(last)).to_string();
    let letters = bare.chars().count();
    if letters < 2
        || !bare.chars().all(char::is_alphabetic)
        || last.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    let mut begun = false;
    for s in source {
        let s = strip_elision(s);
        if s == bare {
            return None;
        }
        begun |= s.starts_with(bare.as_str())
            && s.chars().count() >= letters + 2
            && s[bare.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
    }
    begun.then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_no_language_are_found() {
        let source: std::collections::HashSet<String> =
            ["villeurbanne".to_string()].into_iter().collect();
        let text = "Les vélotours de la métropoli rejoignent l’agglomération, a-t-il dit à Villeurbanne aujourd'hui.";
        assert_eq!(unknown_words(text, &source), vec!["vélotours", "métropoli"]);
        assert!(is_french_word("Semi-conducteurs") && is_french_word("d'euros"));
        assert!(is_french_word("l'Etat") && is_french_word("Etat"));
        assert!(unknown_words("Villeurbanne attend 250 vélos.", &source).is_empty());
        // Broken off: a letter or an abbreviation where a word was begun.
        assert_eq!(
            unknown_words(
                "Les places seront fermées à la r. Elle prévoit de la ch.",
                &source
            ),
            vec!["r", "ch"]
        );
        assert!(unknown_words("Il y a eu là un vote, à la une.", &source).is_empty());
        // A unit is a word after a figure only.
        assert!(unknown_words("Une piste de 250 m et de 3 km.", &source).is_empty());
        assert_eq!(
            unknown_words("Le plan, a déclaré la m.", &source),
            vec!["m"]
        );
    }

    #[test]
    fn a_source_word_cut_short_at_the_end_is_found() {
        let source: std::collections::HashSet<String> =
            ["l'agglomération", "centre-ville", "présentée", "vélos"]
                .into_iter()
                .map(String::from)
                .collect();
        let found = |text| unknown_words(text, &source);
        assert_eq!(found("Le plan relie l'aggloméra."), vec!["l'aggloméra"]);
        // Whole words, a word and its plural, a hyphenated word's first part, and a text
        // still being written.
        for text in [
            "Le plan relie l'agglomération.",
            "Le plan est présenté.",
            "Le plan concerne les vélo.",
            "Le plan concerne le centre.",
            "Le plan relie l'aggloméra",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn adjectives_take_a_feminine() {
        for gendered in ["public", "publics", "toulousain", "grand"] {
            assert!(takes_a_feminine(gendered), "{gendered}");
        }
        for noun in ["prison", "tribunal", "vélo", "sursis"] {
            assert!(!takes_a_feminine(noun), "{noun}");
        }
    }

    #[test]
    fn a_plural_is_told_from_a_word_that_ends_in_s() {
        for plural in ["puces", "pistes", "jeux", "témoignages"] {
            assert!(is_plural_form(plural), "{plural}");
        }
        for singular in [
            "pays",
            "cours",
            "mois",
            "fois",
            "prix",
            "processus",
            "puce",
            "des",
        ] {
            assert!(!is_plural_form(singular), "{singular}");
        }
    }

    #[test]
    fn a_hyphenated_word_is_french_whole() {
        for word in [
            "centre-ville",
            "vice-présidents",
            "peut-être",
            "rendez-vous",
            "vingt-quatre",
            "Saint-Étienne",
            "a-t-il",
            "est-ce",
            "dit-elle",
            "micro-entreprises",
            "semi-conducteurs",
            "l'après-midi",
        ] {
            assert!(is_french_word(word), "{word}");
        }
        for word in [
            "domicile-travaille",
            "habitant-e-t-il",
            "station-parking",
            "ex-ministre",
            "trajets-travail",
        ] {
            assert!(!is_french_word(word), "{word}");
        }
    }
}
