//! The dates of a text (`mardi`, `au printemps`, `l'année prochaine`) and the source's:
//! a rewrite may only repeat the source's dates, each with the word that moves it, if any.

use std::collections::HashSet;

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
        out
    }
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
