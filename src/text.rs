//! Text primitives shared by the article reader, the writer and the SEO checks: words,
//! sentences, accent folding, French stopwords and the keys words are compared by (elision,
//! plural, figures), and a language signal from function words.

use unicode_normalization::UnicodeNormalization;

/// The words of `text`: runs of letters and digits, keeping inner apostrophes, hyphens and
/// decimal separators (`aujourd'hui`, `semi-conducteurs`, `3,5`).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '\'' | '’' | '-' | ',' | '.')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
            && (c == '\'' || c == '’' || c == '-' || chars[k - 1].1.is_ascii_digit())
            && (!matches!(c, ',' | '.') || chars[k + 1].1.is_ascii_digit());
        if c.is_alphanumeric() || joiner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

pub fn word_count(text: &str) -> usize {
    words(text).len()
}

/// Lower case with typographic apostrophes made plain.
pub fn normalize(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

/// Removes accents and ligatures: `Économie` -> `Economie`, `cœur` -> `coeur`.
pub fn fold_accents(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(|c| match c {
            'œ' => vec!['o', 'e'],
            'Œ' => vec!['O', 'E'],
            'æ' => vec!['a', 'e'],
            'Æ' => vec!['A', 'E'],
            'ß' => vec!['s', 's'],
            c => vec![c],
        })
        .collect()
}

/// Words that do not start a new sentence after a period.
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "St", "Ste", "etc", "av", "bd", "cf", "p", "n",
    "no", "vol", "Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "Mr", "Mrs", "Ms", "vs", "env",
];

/// Splits `text` into sentences at `.`, `!`, `?` and `…` followed by a space and an upper-case
/// letter, a digit or a quote, keeping abbreviations, initials and decimals intact.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing quotes and brackets stay with the sentence.
        let mut end = k + 1;
        loop {
            let mut j = end;
            while j < chars.len() && matches!(chars[j].1, ' ' | '\u{a0}' | '\u{202f}') {
                j += 1;
            }
            match chars.get(j) {
                // A straight quote closes only a quotation open in this sentence; otherwise
                // it opens the next one (`… majorité. "Je ne veux …`).
                Some(&(b, '"')) if text[start..b].matches('"').count().is_multiple_of(2) => break,
                Some(&(_, '»' | '"' | '”' | ')' | '’')) => end = j + 1,
                _ => break,
            }
        }
        let Some(&(_, after)) = chars.get(end) else {
            continue;
        };
        if !after.is_whitespace() {
            continue;
        }
        let next = chars[end..]
            .iter()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace());
        let starts_sentence = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '«' | '"' | '“' | '-' | '–' | '—')
        });
        if !starts_sentence {
            continue;
        }
        if c == '.' {
            let before = &text[start..i];
            let last = before
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            let initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
            if initial || ABBREVIATIONS.contains(&last) {
                continue;
            }
        }
        let byte_end = chars.get(end).map_or(text.len(), |&(b, _)| b);
        let sentence = text[start..byte_end].trim();
        if !sentence.is_empty() {
            out.push(sentence.to_string());
        }
        start = byte_end;
        let _ = i;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// Frequent French words that are rare in English.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "sont", "dans", "pour", "par",
    "sur", "avec", "qui", "que", "pas", "ne", "au", "aux", "ce", "cette", "ces", "il", "elle",
    "ils", "elles", "nous", "vous", "leur", "leurs", "son", "sa", "ses", "mais", "ou", "où", "été",
    "être", "avait", "ont", "a", "plus", "comme", "entre", "aussi", "selon", "après", "depuis",
    "d'un", "d'une", "l'", "qu'il", "c'est", "n'est",
];

/// Frequent English words that are rare in French.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "was", "were", "in", "for", "with", "that", "this",
    "it", "on", "by", "from", "as", "at", "be", "has", "have", "had", "not", "but", "or", "which",
    "their", "they", "he", "she", "will", "would", "an", "its", "been",
];

/// The shares of French and of English function words among the words of `text`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageSignal {
    pub words: usize,
    pub french: f64,
    pub english: f64,
}

impl LanguageSignal {
    pub fn of(text: &str) -> Self {
        let words: Vec<String> = words(text).iter().map(|w| normalize(w)).collect();
        let n = words.len().max(1) as f64;
        let count = |list: &[&str]| {
            words
                .iter()
                .filter(|w| {
                    list.contains(&w.as_str())
                        || w.split_once('\'')
                            .is_some_and(|(p, _)| list.contains(&format!("{p}'").as_str()))
                })
                .count() as f64
                / n
        };
        Self {
            words: words.len(),
            french: count(FRENCH),
            english: count(ENGLISH),
        }
    }

    /// French function words clearly dominate (at least 15 % of words, three times English).
    pub fn is_french(&self) -> bool {
        self.french >= 0.15 && self.french >= 3.0 * self.english
    }
}

/// French (and a few English) words that carry no topic.
pub const STOPWORDS: &[&str] = &[
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
    "a",
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "par",
    "pour",
    "sur",
    "avec",
    "sans",
    "sous",
    "ce",
    "cet",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "qui",
    "que",
    "qu'",
    "dont",
    "où",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "se",
    "s'",
    "ne",
    "n'",
    "pas",
    "plus",
    "est",
    "sont",
    "ont",
    "été",
    "être",
    "avait",
    "avaient",
    "fait",
    "comme",
    "mais",
    "aussi",
    "alors",
    "donc",
    "ni",
    "car",
    "très",
    "tout",
    "tous",
    "toute",
    "toutes",
    "autre",
    "autres",
    "même",
    "y",
    "vers",
    "chez",
    "entre",
    "après",
    "avant",
    "depuis",
    "selon",
    "lors",
    "contre",
    "ainsi",
    "vont",
    "va",
    "peut",
    "doit",
    "notamment",
    "également",
    "afin",
    "the",
    "of",
    "and",
    "to",
    "in",
    "c'",
    "j'",
    "m'",
    "t'",
    "lui",
    "cela",
    "ceci",
    "ça",
    "deux",
    "trois",
    "dernier",
    "dernière",
    "semaine",
    "jeudi",
    "vendredi",
    "lundi",
    "mardi",
    "mercredi",
    "samedi",
    "dimanche",
];

/// Whether `word` (any case) is one of `STOPWORDS`.
pub fn is_stopword(word: &str) -> bool {
    let w = normalize(word);
    STOPWORDS.contains(&w.as_str())
}

/// Folded lower-case form used to compare words: accents, case and a plural `s`/`x` removed.
pub fn word_key(word: &str) -> String {
    let w = fold_accents(&normalize(word));
    let w = strip_elision(&w).to_string();
    match w.len() > 3 && (w.ends_with('s') || w.ends_with('x')) {
        true => w[..w.len() - 1].to_string(),
        false => w,
    }
}

/// Prepositions after which « le », « la » and « les » are articles (or pronouns before an
/// infinitive), never a subject's.
pub const PREPOSITIONS: &[&str] = &[
    "à", "de", "en", "par", "pour", "sur", "dans", "vers", "avec", "sans", "entre", "chez",
    "selon", "contre", "sous",
];

/// Words that make a noun of what follows them (« le vainqueur », « leurs centres »).
pub const DETERMINERS: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son",
    "sa", "ses", "leur", "leurs",
];

/// The keys (`word_key`) of the words `sentences` put after a determiner at least once (« le
/// vainqueur », « l'enquête »): nouns, where a word never seen so may be an adjective, a verb
/// or a participle (« publics », « convenu »).
pub fn nouns<'a>(
    sentences: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for s in sentences {
        let ws: Vec<String> = words(s).iter().map(|w| normalize(w)).collect();
        for (i, w) in ws.iter().enumerate() {
            if let Some(rest) = w.strip_prefix("l'") {
                out.insert(word_key(rest));
            } else if i > 0 && DETERMINERS.contains(&strip_elision(&ws[i - 1])) {
                out.insert(word_key(w));
            }
        }
    }
    out
}

/// Elided articles and pronouns a French word may start with.
const ELISIONS: &[&str] = &["l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'"];

/// The words of `text` longer than three letters, the ones that carry content.
pub fn content_words(text: &str) -> impl Iterator<Item = &str> {
    words(text).into_iter().filter(|w| w.chars().count() > 3)
}

/// `l'Assemblée` -> `Assemblée`, `d’un` -> `un`; other words unchanged.
pub fn strip_elision(word: &str) -> &str {
    for prefix in ELISIONS {
        // The typographic apostrophe (’) is written as often as the plain one.
        for written in [prefix.to_string(), prefix.replace('\'', "’")] {
            match word.get(..written.len()) {
                Some(head) if normalize(head) == *prefix && word.len() > written.len() => {
                    return &word[written.len()..];
                }
                _ => {}
            }
        }
    }
    word
}

/// A number as written, normalised: `1 000` and `1000`, `3,5` and `3.5` compare equal.
pub fn number_key(token: &str) -> Option<String> {
    if !token.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = token
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    Some(digits.trim_matches('.').to_string())
}

/// `text` with a space inside each French guillemet where the model glued it to the word
/// it opens or closes (« «Nous voulons » for « « Nous voulons », in 9 of stop 75's 12
/// articles): French typography, as the source writes it. Punctuation only: no word changes.
pub fn spaced_guillemets(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut chars = text.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '»' && previous.is_some_and(|p| !p.is_whitespace()) {
            out.push(' ');
        }
        out.push(c);
        if c == '«' && chars.peek().is_some_and(|n| !n.is_whitespace()) {
            out.push(' ');
        }
        previous = Some(c);
    }
    out
}

/// Two sentences are the same when most of their content words coincide.
pub fn similar(a: &str, b: &str) -> bool {
    let set =
        |s: &str| -> std::collections::HashSet<String> { content_words(s).map(word_key).collect() };
    let (sa, sb) = (set(a), set(b));
    if sa.is_empty() || sb.is_empty() {
        return a.trim() == b.trim();
    }
    let common = sa.intersection(&sb).count() as f64;
    common / (sa.len().min(sb.len()) as f64) >= 0.75
}

/// The word n-grams of `text`, folded with `word_key`.
pub fn ngrams(text: &str, n: usize) -> Vec<Vec<String>> {
    let keys: Vec<String> = words(text).iter().map(|w| word_key(w)).collect();
    keys.windows(n.max(1)).map(<[String]>::to_vec).collect()
}

/// Share of a sentence's word trigrams that must already be written for it to repeat them.
pub const ECHO_SHARE: f64 = 0.4;

/// Whether `sentence` says again, in the same words, what `earlier` sentences say: 40 % of
/// its word trigrams are theirs. A fact restated in other words is not an echo.
pub fn echoes(sentence: &str, earlier: &[String]) -> bool {
    let (shared, total) = echoed_trigrams(sentence, earlier);
    if total == 0 {
        return earlier.iter().any(|e| e.trim() == sentence.trim());
    }
    shared as f64 / total as f64 >= ECHO_SHARE
}

/// Of the word trigrams of `sentence`, how many `earlier` sentences have, and how many
/// there are.
pub fn echoed_trigrams(sentence: &str, earlier: &[String]) -> (usize, usize) {
    let mine = ngrams(sentence, 3);
    let seen: std::collections::HashSet<Vec<String>> =
        earlier.iter().flat_map(|e| ngrams(e, 3)).collect();
    let shared = mine.iter().filter(|t| seen.contains(*t)).count();
    (shared, mine.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restatement_is_not_an_echo() {
        let earlier = vec![
            "La Métropole de Lyon a présenté mardi un plan de 120 millions d'euros.".to_string(),
        ];
        assert!(echoes(
            "La Métropole de Lyon a présenté mardi un plan ambitieux.",
            &earlier
        ));
        assert!(!echoes(
            "Le plan présenté mardi par la Métropole coûtera 120 millions d'euros.",
            &earlier
        ));
    }

    #[test]
    fn words_keep_elisions_hyphens_and_decimals() {
        assert_eq!(
            words("Aujourd'hui, les semi-conducteurs pèsent 3,5 % (2023)."),
            vec![
                "Aujourd'hui",
                "les",
                "semi-conducteurs",
                "pèsent",
                "3,5",
                "2023"
            ]
        );
        assert_eq!(words("fin. Début"), vec!["fin", "Début"]);
    }

    #[test]
    fn accents_fold() {
        assert_eq!(fold_accents("Économie, cœur, été"), "Economie, coeur, ete");
    }

    #[test]
    fn sentences_respect_abbreviations_and_decimals() {
        let s = sentences("M. Dupont a parlé. Le taux est de 3.5 %. Pourquoi ? « Parce que. » Fin");
        assert_eq!(
            s,
            vec![
                "M. Dupont a parlé.",
                "Le taux est de 3.5 %.",
                "Pourquoi ?",
                "« Parce que. »",
                "Fin"
            ]
        );
    }

    #[test]
    fn a_straight_quote_after_a_period_opens_the_next_sentence() {
        // Issue 22: the two were read as one, as if the quote closed the first.
        assert_eq!(
            sentences("Il a perdu la majorité. \"Je ne veux pas partir\", a-t-il dit. Fin."),
            vec![
                "Il a perdu la majorité.",
                "\"Je ne veux pas partir\", a-t-il dit.",
                "Fin."
            ]
        );
        // One the sentence opened, it closes.
        assert_eq!(
            sentences("Il a dit : \"Je pars.\" Elle reste."),
            vec!["Il a dit : \"Je pars.\"", "Elle reste."]
        );
    }

    #[test]
    fn sentences_keep_initials() {
        assert_eq!(sentences("J. K. Rowling écrit. Elle lit.").len(), 2);
    }

    #[test]
    fn french_and_english_are_told_apart() {
        let fr = LanguageSignal::of(
            "Les deux pays ont convenu de renforcer leur coopération dans la recherche.",
        );
        let en = LanguageSignal::of(
            "The two countries agreed to deepen their cooperation in the research of chips.",
        );
        assert!(fr.is_french(), "{fr:?}");
        assert!(!en.is_french(), "{en:?}");
    }

    #[test]
    fn guillemets_hold_a_space_inside() {
        assert_eq!(
            spaced_guillemets("«Nous voulons la sécurité», a déclaré le président."),
            "« Nous voulons la sécurité », a déclaré le président."
        );
        let spaced = "« Nous voulons » et « réduire les risques ».";
        assert_eq!(spaced_guillemets(spaced), spaced);
        assert_eq!(spaced_guillemets("«\u{a0}Oui\u{a0}»"), "«\u{a0}Oui\u{a0}»");
    }
}
