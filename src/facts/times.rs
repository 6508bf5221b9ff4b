//! The dates of a text (`mardi`, `au printemps`, `l'année prochaine`) and the source's:
//! a rewrite may only repeat the source's dates, each with the word that moves it, if any.

use std::collections::HashSet;

use crate::grounding::{stem, CLAUSE_MARKS};
use crate::text::{fold_accents, normalize, strip_elision, word_key, words};

/// Words that date what a sentence tells: days, months, seasons, and days said from today.
/// Lower case, accents folded, as written (`mars` and `mai` are not `mar` and `mais`).
const TIME_WORDS: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "printemps",
    "automne",
    "hiver",
    "ete",
    "hier",
    "demain",
    "aujourd'hui",
    "veille",
    "lendemain",
    "semaine",
    "week-end",
    "matin",
    "soir",
    "soiree",
    "nuit",
    "rentree",
    "annee",
    "mois",
    "prochain",
    "prochaine",
    "prochains",
    "prochaines",
];

/// Whether `word` dates what a sentence tells (`mars`, `juin`, `matin`), in any case and
/// accents.
pub(crate) fn is_time_word(word: &str) -> bool {
    TIME_WORDS.contains(&fold_accents(&normalize(word)).as_str())
}

/// The days of the week, folded.
pub(crate) const WEEKDAYS: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Words before `été` that make it the season, not the participle (`a été`).
const BEFORE_SUMMER: &[&str] = &["cet", "en", "plein", "cette", "fin"];

/// Words after a date that move it to another one (« l'année prochaine », « mardi dernier »),
/// folded, each with the way it moves it: forward or back.
const TIME_QUALIFIERS: &[(&str, &str)] = &[
    ("prochain", "next"),
    ("prochaine", "next"),
    ("prochains", "next"),
    ("prochaines", "next"),
    ("suivant", "next"),
    ("suivante", "next"),
    ("suivants", "next"),
    ("suivantes", "next"),
    ("dernier", "last"),
    ("derniere", "last"),
    ("derniers", "last"),
    ("dernieres", "last"),
    ("precedent", "last"),
    ("precedente", "last"),
    ("precedents", "last"),
    ("precedentes", "last"),
    ("passe", "last"),
    ("passee", "last"),
    ("passes", "last"),
    ("passees", "last"),
    ("ecoule", "last"),
    ("ecoulee", "last"),
];

/// The dates a source gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Times {
    /// Their folded keys (`mardi`, `printemps`).
    given: HashSet<String>,
    /// Each with the way the word after it moves it (`("annee", "next")` for « l'année
    /// prochaine », `("mardi", "")` for « mardi »).
    moved: HashSet<(String, &'static str)>,
    /// Each day of the week the source writes right before a day of the month, with that
    /// day (`("samedi", "28")` for « samedi 28 juin »).
    weekday_dates: HashSet<(String, String)>,
    /// Each day of the week with the words its clause ties it to (`("mardi", "prese")` for
    /// « a présenté mardi »), and `("mardi", "le")` where the source writes « le mardi ».
    weekday_ties: HashSet<(String, String)>,
}

impl Times {
    pub fn new(sentences: &[String]) -> Self {
        let mut times = Self::default();
        for text in sentences {
            let ws = words(text);
            let spans = spans(&ws);
            times
                .given
                .extend(spans.iter().map(|(_, _, key)| key.clone()));
            times.moved.extend(
                qualified(text, &ws, &spans)
                    .into_iter()
                    .map(|(_, key, moved)| (key, moved)),
            );
            times
                .weekday_dates
                .extend(weekday_dates(text, &ws).into_iter().map(|(_, pair)| pair));
            let ties: Vec<(String, String)> = weekday_ties(text, true)
                .into_iter()
                .map(|(_, tie)| tie)
                .collect();
            // Who does the day's deed may stand in another clause of its sentence: « Les
            // États-Unis et le Japon vont approfondir …, ont-ils déclaré vendredi ».
            let names: Vec<String> = ws
                .iter()
                .filter(|w| w.starts_with(char::is_uppercase))
                .filter_map(|w| stem(w))
                .collect();
            let days: HashSet<String> = ties.iter().map(|(day, _)| day.clone()).collect();
            for day in days {
                let named = names.iter().map(|n| (day.clone(), n.clone()));
                times.weekday_ties.extend(named);
            }
            times.weekday_ties.extend(ties);
        }
        times
    }

    /// Dates in `text` that the source does not give (`jeudi`, `l'été`), as written; then
    /// the source's dates moved, a word after them dropped or brought (« à la fin de
    /// l'année » where the source says « l'année prochaine », « mardi dernier » for its
    /// « mardi »), as written.
    pub fn invented(&self, text: &str) -> Vec<String> {
        let ws = words(text);
        let spans = spans(&ws);
        let mut out: Vec<String> = spans
            .iter()
            .filter(|(_, _, key)| !self.given.contains(key))
            .map(|(_, written, _)| written.clone())
            .collect();
        for (written, key, moved) in qualified(text, &ws, &spans) {
            if self.given.contains(&key) && !self.moved.contains(&(key, moved)) {
                out.push(written);
            }
        }
        for (written, pair) in weekday_dates(text, &ws) {
            if !self.weekday_dates.contains(&pair) {
                out.push(written);
            }
        }
        let untied = weekday_ties(text, false)
            .into_iter()
            .find(|(_, tie)| self.given.contains(&tie.0) && !self.weekday_ties.contains(tie));
        out.extend(untied.map(|(written, _)| written));
        out
    }
}

/// Whether `text` says when: a date of `TIME_WORDS` or a year (« mardi », « au printemps »,
/// « en 2020 »). Only such an answer answers « Quand… ? ».
pub fn says_when(text: &str) -> bool {
    let ws = words(text);
    let year = |w: &&str| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1800..2200).contains(&y));
    !spans(&ws).is_empty() || ws.iter().any(year)
}

/// Each day of the week in `text` with the words that tie it to a deed, as written (« mardi
/// … déclaré ») and as `(day, stem)`; « le » where « le » comes right before it (« le
/// mardi »). In the source (`source`), every content word of the day's clause, and of the
/// next clause where the day opens its own (« Mardi, la Métropole a présenté »); in a
/// rewrite, the content word right before the day, or the first one after it where it opens
/// its clause past a comma. A day of the month after it makes the date `weekday_dates`' to
/// judge. A rewrite's ties must be the source's: « a déclaré mardi » puts on the declaration
/// the day the source gives the plan's presentation (velo's quick start at `df5d8b2`), « Un
/// premier bilan du plan sera présenté, mardi devant le conseil » on the review the source
/// dates at the end of next year (velo seed 1, stop 68), « se jouera le dimanche » on the
/// final the day of another match (rugby, stop 67). « depuis lundi » ties nothing.
fn weekday_ties(text: &str, source: bool) -> Vec<(String, (String, String))> {
    let clauses: Vec<Vec<&str>> = text.split(CLAUSE_MARKS).map(words).collect();
    let tie = |t: &str| stem(t).filter(|s| !TIME_WORDS.contains(&s.as_str()));
    let mut out = Vec::new();
    for (c, ws) in clauses.iter().enumerate() {
        for (i, w) in ws.iter().enumerate() {
            let day = fold_accents(&normalize(w));
            let dated = ws
                .get(i + 1)
                .is_some_and(|d| d.starts_with(|c: char| c.is_ascii_digit()));
            if !WEEKDAYS.contains(&day.as_str()) || dated {
                continue;
            }
            let tied: Vec<&str> = match (source, i) {
                (true, _) => {
                    let next = clauses.get(c + 1).filter(|_| i == 0);
                    ws.iter()
                        .chain(next.into_iter().flatten())
                        .copied()
                        .collect()
                }
                (false, 0) => ws[1..]
                    .iter()
                    .copied()
                    .filter(|t| tie(t).is_some())
                    .take(1)
                    .collect(),
                (false, _) => vec![ws[i - 1]],
            };
            for t in tied {
                if let Some(stem_) = tie(t) {
                    out.push((format!("{w} … {t}"), (day.clone(), stem_)));
                }
            }
            if i > 0 && normalize(ws[i - 1]) == "le" {
                let written = format!("{} {w}", ws[i - 1]);
                out.push((written, (day.clone(), "le".to_string())));
            }
        }
    }
    out
}

/// Each day of the week in `text` (its words `ws`) written right before a day of the month
/// (« dimanche 28 juin »): as written, and as `(weekday, day)`. A day that ends the text is
/// left out, as it may be one digit of two yet. The source's « dimanche » and « le 28 juin »
/// are two days, which « le dimanche 28 juin » makes one (rugby, stop 64).
fn weekday_dates(text: &str, ws: &[&str]) -> Vec<(String, (String, String))> {
    let open = |i: usize| {
        let end = ws[i].as_ptr() as usize - text.as_ptr() as usize + ws[i].len();
        i + 1 == ws.len() && text[end..].trim().is_empty()
    };
    (1..ws.len())
        .filter_map(|i| {
            let weekday = fold_accents(&normalize(ws[i - 1]));
            let day = normalize(ws[i]);
            let day = day.strip_suffix("er").unwrap_or(&day).to_string();
            let is_day = day.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)) && !open(i);
            (WEEKDAYS.contains(&weekday.as_str()) && is_day)
                .then(|| (format!("{} {}", ws[i - 1], ws[i]), (weekday, day)))
        })
        .collect()
}

/// The dates of `text`, each with its index in `words(text)`, as written and as folded
/// keys (`jeudi`, `printemps`).
pub(super) fn time_spans(text: &str) -> Vec<(usize, String, String)> {
    spans(&words(text))
}

/// The dates among the words `ws`, as `time_spans` gives them.
fn spans(ws: &[&str]) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let key = fold_accents(&normalize(strip_elision(w)));
        if !TIME_WORDS.contains(&key.as_str()) {
            continue;
        }
        if key == "ete" {
            let elided = strip_elision(w).len() < w.len();
            let before = i
                .checked_sub(1)
                .is_some_and(|j| BEFORE_SUMMER.contains(&word_key(ws[j]).as_str()));
            if !elided && !before {
                continue;
            }
        }
        out.push((i, w.to_string(), key));
    }
    out
}

/// The dates `spans` of `text` (its words `ws`) with the way the word after each moves it
/// (`""` where none does): `(written, key, move)`, as `("l'année prochaine", "annee",
/// "next")`. A date that ends the text, nothing after it, is left out: the word that moves
/// it may still be written (« à la fin de l'année » while a sentence is written, before
/// « prochaine »).
fn qualified(
    text: &str,
    ws: &[&str],
    spans: &[(usize, String, String)],
) -> Vec<(String, String, &'static str)> {
    let open = |i: usize| {
        let end = ws[i].as_ptr() as usize - text.as_ptr() as usize + ws[i].len();
        i + 1 == ws.len() && text[end..].trim().is_empty()
    };
    spans
        .iter()
        .filter(|(i, _, key)| !TIME_QUALIFIERS.iter().any(|(q, _)| q == key) && !open(*i))
        .map(|(i, written, key)| {
            let next = ws.get(i + 1).map(|w| fold_accents(&normalize(w)));
            match TIME_QUALIFIERS
                .iter()
                .find(|(q, _)| next.as_deref() == Some(*q))
            {
                Some((_, moved)) => (format!("{written} {}", ws[i + 1]), key.clone(), *moved),
                None => (written.clone(), key.clone(), ""),
            }
        })
        .collect()
}
