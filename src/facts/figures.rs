//! The figures of a text: where each is, what it counts (`250 kilomètres`, not `250
//! pistes`) and the quantities said without digits (`des milliers`), which a rewrite may
//! only repeat.

use crate::text::{fold_accents, is_stopword, normalize, number_key, word_key, words};

/// Words that say what a figure counts, compared whole: the unit after a figure is otherwise
/// compared by its first five letters (`pistes`, `piste`). Folded keys, as `word_key` makes
/// them. Measures of money, size and time, which are never a topic (`MEASURES`), and the
/// things counted (`COUNTED`), which may be one (« places de stationnement »).
pub(super) const MEASURES: &[&str] = &[
    "million",
    "milliard",
    "millier",
    "centaine",
    "dizaine",
    "euro",
    "dollar",
    "livre",
    "franc",
    "kilometre",
    "km",
    "metre",
    "hectare",
    "tonne",
    "litre",
    "an",
    "ans",
    "annee",
    "moi",
    "mois",
    "semaine",
    "jour",
    "heure",
    "minute",
    "seconde",
    "pourcent",
    "point",
    "degre",
];
const COUNTED: &[&str] = &[
    "habitant", "personne", "salarie", "employe", "eleve", "place", "logement", "emploi",
    "voyageur", "passager", "lit", "patient", "victime", "mort", "blesse", "siege", "voix", "vote",
];

/// Words that multiply the figure before them; the word after them is a unit too
/// (`120 millions d'euros`). Said without a figure (`des milliers de cyclistes`), they are a
/// quantity of their own.
const MULTIPLIERS: &[&str] = &["million", "milliard", "millier", "centaine", "dizaine"];

/// Words between a figure and what it counts that say nothing of what it counts (`15 000
/// nouvelles places`).
const QUALIFIERS: &[&str] = &[
    "nouveau",
    "nouvel",
    "nouvelle",
    "premier",
    "premiere",
    "dernier",
    "derniere",
    "autre",
    "supplementaire",
    "petit",
    "petite",
    "grand",
    "grande",
    "seul",
    "seule",
];

/// Words after a figure that are not what it counts: a figure followed by one of them (or by
/// a function word) counts nothing the text says (`cinq pénalités sur six devant …`).
const NOT_UNITS: &[&str] = &[
    "devant",
    "derriere",
    "apre",
    "avant",
    "contre",
    "selon",
    "depui",
    "pendant",
    "durant",
    "chez",
    "ver",
    "entre",
    "parmi",
    "environ",
    "plu",
    "moin",
    "seulement",
    "total",
    "foi",
];

/// French cardinals written out, with their value: a figure as much as one in digits
/// (« sept pénalités » where the source has « cinq » is an invented figure). `un`/`une` are
/// articles, and `neuf` is mostly « new »: it counts only before a plural (`is_nine`).
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("cent", 100),
    ("mille", 1000),
];

/// The value of a cardinal written out in hyphenated parts (« quarante-deux », « soixante-et-
/// onze », « quatre-vingt-dix »), where two parts or more are numbers: one figure, not one
/// per part (« 40 communes » passed as the source's « quarante » of « quarante-deux », an
/// invented figure: sécheresse seed 3, stop 77).
fn compound_value(word: &str) -> Option<u32> {
    let parts: Vec<String> = word
        .split('-')
        .map(|p| fold_accents(&p.to_lowercase()))
        .filter(|p| p != "et")
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let (mut total, mut current) = (0u32, 0u32);
    let mut previous = 0u32;
    for part in &parts {
        let bare = part
            .strip_suffix('s')
            .filter(|b| ["vingt", "cent"].contains(b));
        let value = match bare.unwrap_or(part) {
            "un" | "une" => 1,
            "neuf" => 9,
            other => NUMBER_WORDS.iter().find(|(w, _)| *w == other)?.1,
        };
        match value {
            1000 => {
                total += current.max(1) * 1000;
                current = 0;
            }
            100 => current = current.max(1) * 100,
            20 if previous == 4 => current = current - 4 + 80,
            _ => current += value,
        }
        previous = value;
    }
    Some(total + current)
}

/// Whether `word` (lower case) is a French cardinal written out, two and more (`neuf` and
/// « un » aside, see `NUMBER_WORDS`).
pub fn is_cardinal(word: &str) -> bool {
    NUMBER_WORDS.iter().any(|(w, _)| *w == word)
}

/// Measures after which « un » or « une » is a figure, not an article (folded keys): « un an
/// de prison », « une semaine », « un million ». « un jour » is mostly « some day ».
const ONE_OF: &[&str] = &[
    "an", "annee", "moi", "mois", "semaine", "heure", "minute", "seconde", "million", "milliard",
];

/// A figure of a text: as written, its key, and where it ends.
pub(super) struct Figure {
    pub(super) written: String,
    pub(super) key: String,
    /// The byte offset in the text just after it.
    pub(super) end: usize,
    /// The index, in `words(text)`, of the word after it.
    pub(super) next: usize,
    /// Said in words alone: `des milliers`.
    pub(super) bare: bool,
}

impl Figure {
    /// A figure said by one word, `w`, the `i`th of its text, which starts at byte `start`.
    fn word(w: &str, key: String, start: usize, i: usize, bare: bool) -> Self {
        Self {
            written: w.to_string(),
            key,
            end: start + w.len(),
            next: i + 1,
            bare,
        }
    }

    /// The index, in `words(text)`, of its first word.
    pub(super) fn first(&self) -> usize {
        self.next - words(&self.written).len().max(1)
    }
}

/// The figures of `text`, in order (see `figures`).
pub(super) fn figure_spans(text: &str) -> Vec<Figure> {
    let ws = words(text);
    let offset = |w: &str| w.as_ptr() as usize - text.as_ptr() as usize;
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i];
        let after_figure = out.last().is_some_and(|f| f.next == i && !f.bare);
        if let Some(mut key) = number_key(w) {
            let (start, mut end) = (offset(w), offset(w) + w.len());
            // `35 000`: groups of three digits one space after a figure continue it.
            while let Some(next) = ws.get(i + 1).copied() {
                let gap = &text[end..offset(next)];
                let group = next.len() == 3 && next.chars().all(|c| c.is_ascii_digit());
                if !group || !matches!(gap, " " | "\u{a0}" | "\u{202f}") || key.contains('.') {
                    break;
                }
                key.push_str(next);
                end = offset(next) + next.len();
                i += 1;
            }
            out.push(Figure {
                written: text[start..end].to_string(),
                key,
                end,
                next: i + 1,
                bare: false,
            });
        } else if let Some(n) = compound_value(w) {
            out.push(Figure::word(w, n.to_string(), offset(w), i, false));
        } else {
            for part in w.split('-') {
                let folded = fold_accents(&part.to_lowercase());
                let nine = (folded == "neuf" && is_nine(ws.get(i + 1).copied())).then_some(9);
                // « dont un avec sursis » counts, where « un » is mostly an article
                // (proces-marseille, seed 3, stop 60, for the source's « dont deux »).
                let counted = i > 0 && ws[i - 1].eq_ignore_ascii_case("dont");
                // « un an d'emprisonnement » is a term (proces-marseille, seed 3, at
                // `de8f912`, for the source's « cinq ans »), « un million » an amount.
                let measured = ws
                    .get(i + 1)
                    .is_some_and(|next| ONE_OF.contains(&word_key(next).as_str()));
                let article = crate::text::strip_elision(&folded);
                let one = ((counted || measured) && matches!(article, "un" | "une")).then_some(1);
                let value = NUMBER_WORDS
                    .iter()
                    .find(|(word, _)| *word == folded)
                    .map(|(_, n)| *n)
                    .or(nine)
                    .or(one);
                if let Some(n) = value {
                    out.push(Figure::word(w, n.to_string(), offset(w), i, false));
                }
            }
            let key = word_key(w);
            if !after_figure && MULTIPLIERS.contains(&key.as_str()) {
                out.push(Figure::word(w, key, offset(w), i, true));
            }
        }
        i += 1;
    }
    out
}

/// Whether `neuf` before `next` is nine, not « new »: before a plural content word (« neuf
/// recrutements », « neuf ans »), not after a noun (« un bâtiment neuf dans »).
fn is_nine(next: Option<&str>) -> bool {
    next.is_some_and(|n| {
        let lower = n.to_lowercase();
        (lower.ends_with('s') || lower.ends_with('x'))
            && n.chars().all(char::is_alphabetic)
            && (crate::grounding::stem(n).is_some() || lower == "ans")
    })
}

/// The figures of `text` as written, each with its key: digits (`35 000`, a run of groups of
/// three after a space, is one figure, `35000`), the parts of numbers written out
/// (`vingt-trois`: `vingt`, `trois`), keyed by their digits, and quantities said in words
/// alone (`des milliers`: `millier`).
pub(crate) fn figures(text: &str) -> Vec<(String, String)> {
    figure_spans(text)
        .into_iter()
        .map(|f| (f.written, f.key))
        .collect()
}

/// A year (`2030`) is a date: what follows it is not what it counts.
pub(crate) fn is_year(key: &str) -> bool {
    key.len() == 4 && key.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// How a unit word is compared: whole for the known units, else by its first five letters.
fn unit_key(word: &str) -> String {
    let k = word_key(word);
    // An abbreviation is its unit: `250 km` is `250 kilomètres`, `3 200 m²` is `3 200 mètres
    // carrés`.
    let k = match k.as_str() {
        "km" => "kilometre".to_string(),
        "m²" | "m2" => "metre".to_string(),
        "an" | "ans" => "annee".to_string(),
        _ => k,
    };
    if MEASURES.contains(&k.as_str()) || COUNTED.contains(&k.as_str()) {
        k
    } else {
        k.chars().take(5).collect()
    }
}

/// What each figure of `sentence` counts: the word right after it (`de` and qualifiers such
/// as `nouvelles` passed over, `%` and `€` read as words), and the one after that when the
/// first is a multiplier (`millions d'euros`). A figure followed by a function word, a
/// punctuation mark or another figure counts nothing said (no units); one that ends the text
/// is left out, as what it counts may be still to be written. Years are dates and are left
/// out too.
pub(super) fn figure_units(sentence: &str) -> Vec<(String, String, Vec<String>)> {
    let ws = words(sentence);
    let mut out = Vec::new();
    'figures: for f in figure_spans(sentence) {
        let rest = sentence[f.end..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        if f.bare || is_year(&f.key) || rest.is_empty() {
            continue;
        }
        let mut units = Vec::new();
        let (mut next, mut previous_end) = (f.next, f.end);
        if rest.starts_with('%') {
            units.push("pourcent".to_string());
        } else if rest.starts_with('€') {
            units.push("euro".to_string());
        } else {
            while units.len() < 2 {
                let Some(w) = ws.get(next) else {
                    // The text ends past a qualifier (« 15 000 nouvelles »): what it counts
                    // may be still to be written; past a mark (« pour le 250. »), nothing.
                    let open = sentence[previous_end..].trim().is_empty();
                    if units.is_empty() && open {
                        continue 'figures;
                    }
                    break;
                };
                // Punctuation between: the words after are not what it counts.
                let start = w.as_ptr() as usize - sentence.as_ptr() as usize;
                if sentence[previous_end..start].contains(|c: char| !c.is_whitespace()) {
                    break;
                }
                (next, previous_end) = (next + 1, start + w.len());
                let key = word_key(w);
                if matches!(normalize(w).as_str(), "de" | "d'")
                    || QUALIFIERS.contains(&key.as_str())
                {
                    continue;
                }
                if is_stopword(w) || NOT_UNITS.contains(&key.as_str()) || number_key(w).is_some() {
                    break;
                }
                units.push(unit_key(w));
                if !MULTIPLIERS.contains(&key.as_str()) {
                    break;
                }
            }
        }
        // A rate (« 500 euros par an »): per what time it counts is part of what it counts.
        if let (false, Some(per), Some(time)) = (units.is_empty(), ws.get(next), ws.get(next + 1)) {
            let start = per.as_ptr() as usize - sentence.as_ptr() as usize;
            let between = sentence.get(previous_end..start).unwrap_or("");
            let joined = between
                .chars()
                .all(|c| c.is_whitespace() || c == '%' || c == '€');
            let time_ = fold_accents(&normalize(time));
            if joined && normalize(per) == "par" && RATES.contains(&time_.as_str()) {
                units.push(format!("par {}", unit_key(time)));
            }
        }
        out.push((f.written, f.key, units));
    }
    out
}

/// Times a figure may be counted per (« par an », « par jour »), folded.
const RATES: &[&str] = &[
    "an", "ans", "annee", "annees", "mois", "jour", "jours", "semaine", "semaines", "heure",
    "heures",
];
