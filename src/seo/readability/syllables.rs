//! Syllables of written French words, counted as Yoast counts them, and the Kandel & Moles
//! reading ease built on them.

use crate::text::normalize;

/// Vowels of written French, accented ones included.
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'û'
            | 'ü'
            | 'œ'
            | 'æ'
    )
}

/// Spoken syllables of a French word, as Yoast's French reading ease counts them: the written
/// syllables, less a silent final *e* (`ta-ble` 1, `li-gnes` 1, `par-lent` 1, `an-né-e` 2);
/// the *-ent* of a noun, adjective or adverb is said (`mo-ment`, `sou-vent` 2).
pub fn syllables(word: &str) -> usize {
    let written = written_syllables(word);
    match written > 1 && silent_final_e(&normalize(word)) {
        true => written - 1,
        false => written,
    }
}

/// Words in *-ent* whose ending is said: not verbs (`-ment` words are taken as said too).
const SAID_ENT: &[&str] = &[
    "absent",
    "accident",
    "adolescent",
    "agent",
    "argent",
    "cent",
    "client",
    "compétent",
    "concurrent",
    "content",
    "continent",
    "dent",
    "différent",
    "équivalent",
    "évident",
    "excellent",
    "fréquent",
    "gent",
    "innocent",
    "intelligent",
    "lent",
    "parent",
    "patient",
    "permanent",
    "précédent",
    "présent",
    "président",
    "prudent",
    "récent",
    "régent",
    "résident",
    "serpent",
    "souvent",
    "talent",
    "torrent",
    "urgent",
    "vent",
    "violent",
    "incident",
    "indépendant",
    "pourcent",
    "décent",
    "éloquent",
    "ardent",
    "couvent",
];

/// Whether the word ends in an *e* that is not said: `-e`, `-es`, or a verb's `-ent`, after a
/// consonant, `qu`/`gu`, or `é` (`année`).
fn silent_final_e(w: &str) -> bool {
    let last = w.rsplit(['-', '\'', '’']).next().unwrap_or(w);
    if last.ends_with("ent") && (last.ends_with("ment") || SAID_ENT.contains(&last)) {
        return false;
    }
    let Some(stem) = ["ent", "es", "e"].iter().find_map(|e| last.strip_suffix(e)) else {
        return false;
    };
    if stem.ends_with("qu") || stem.ends_with("gu") {
        return true;
    }
    stem.chars()
        .last()
        .is_some_and(|c| !matches!(c, 'e' | 'i' | 'ï' | 'o' | 'u' | 'a' | 'y') && c.is_alphabetic())
}

/// Written syllables of a French word, as school syllabification counts them (`ta-ble` 2,
/// `par-lent` 2, `au-jour-d'hui` 3): runs of vowels, split where French reads two vowels
/// apart (`é` before a vowel: `ré-u-nion`; a diaeresis: `na-ïf`; `oo`: `co-o-pé-ra-tion`;
/// `y` before a vowel: `cra-yon`). Digits count one syllable per digit group; a word with no
/// vowel counts one.
fn written_syllables(word: &str) -> usize {
    let chars: Vec<char> = normalize(word).chars().collect();
    if chars
        .iter()
        .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
    {
        return 1;
    }
    let mut count = 0;
    let mut previous: Option<char> = None;
    for &c in &chars {
        let vowel = is_vowel(c);
        let starts_group = match (previous, vowel) {
            (_, false) => false,
            (None, true) => true,
            (Some(p), true) if !is_vowel(p) => true,
            (Some(p), true) => {
                p == 'é'
                    || matches!(c, 'ï' | 'ë' | 'ü')
                    || (p == 'o' && c == 'o')
                    || (p == 'y' && c != 'y')
            }
        };
        if starts_group {
            count += 1;
        }
        previous = Some(c);
    }
    count.max(1)
}

/// Kandel & Moles (1958), Flesch's formula fitted to French:
/// 207 − 1.015 × words/sentence − 73.6 × syllables/word.
pub fn kandel_moles(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    207.0 - 1.015 * (words as f64 / sentences as f64) - 73.6 * (syllables as f64 / words as f64)
}
