//! Where the source's content words stand: each word's place among its sentence's content
//! words, a figure's unit placed with its figure, and the places a comma, a relative clause or
//! « mais » comes before.

use std::collections::HashMap;

use super::{key, link_stem};
use crate::grounding::stem;
use crate::text::{normalize, words};

/// The words of `text` that links place, each with its stem and its place among them. What
/// a figure counts shares the place of the word after it (« le bâtiment de 3 200 mètres
/// carrés, construit »: `bâtiment` and `construit` stand one apart): a figure and its units
/// say one thing.
pub(super) fn placed_words(text: &str) -> Vec<(&str, String, usize)> {
    let mut out = Vec::new();
    let (mut place, mut counting, mut end) = (0, false, 0);
    for w in words(text) {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let joined = text[end..start].chars().all(char::is_whitespace);
        end = start + w.len();
        let figure = w.starts_with(|c: char| c.is_ascii_digit());
        let Some(stem_) = link_stem(w) else {
            counting = figure;
            continue;
        };
        let unit = counting && joined;
        out.push((w, stem_, place));
        if !unit {
            place += 1;
        }
        counting = unit;
    }
    out
}

/// The figure the word at `i` of `ws` counts, its groups joined (« 150000 » for « 150 000
/// euros », « 2,3 » for « 2,3 millions »), where the words right before it are one.
pub(super) fn counted_by(ws: &[&str], i: usize) -> Option<String> {
    let group = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == ',');
    let start = (0..i).rev().take_while(|&j| group(ws[j])).last()?;
    Some(ws[start..i].concat())
}

/// The key a word is linked by where it counts a figure: the word's own, with the figure
/// (« euro#150000 »). The same unit of two figures is two things: « une amende de 150 000
/// euros pour la commune » took « euros » and « commune » as linked by « Le préjudice pour
/// la commune est estimé à 2,3 millions d'euros » (procès seed 1 at stop 71).
pub(super) fn counting_key(stem_: &str, figure: &str) -> String {
    format!("{}#{figure}", key(stem_))
}

/// Records where the words of sentence `s` that count a figure stand, by `counting_key`,
/// `shift` places on (as `placed_words` places them).
pub(super) fn place_counted(
    at: &mut HashMap<String, Vec<(usize, usize)>>,
    s: usize,
    text: &str,
    placed: &[(&str, String, usize)],
    shift: usize,
) {
    let ws = words(text);
    let mut placed = placed.iter().peekable();
    for (i, w) in ws.iter().enumerate() {
        let Some((_, stem_, place)) = placed.next_if(|(p, ..)| std::ptr::eq(*p, *w)) else {
            continue;
        };
        if let Some(figure) = counted_by(&ws, i) {
            at.entry(counting_key(stem_, &figure))
                .or_default()
                .push((s, place + shift));
        }
    }
}

/// Records where the `stems` of sentence `s` stand, `shift` places on.
pub(super) fn place(
    at: &mut HashMap<String, Vec<(usize, usize)>>,
    s: usize,
    stems: Vec<(&str, String, usize)>,
    shift: usize,
) {
    for (word, stem_, i) in stems {
        let i = i + shift;
        at.entry(key(&stem_).to_string()).or_default().push((s, i));
        // `domicile-travail` places `domicile` and `travail` where it stands.
        for part in word.split('-').filter_map(stem) {
            at.entry(key(&part).to_string()).or_default().push((s, i));
        }
    }
}

/// The places (as `placed_words` counts them) of the content words of `text` that « mais »
/// comes before, since the content word before them.
pub(super) fn contrast_places(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut end = 0;
    for (w, _, place) in placed_words(text) {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let between = text.get(end..start).unwrap_or_default();
        if words(between).iter().any(|b| normalize(b) == "mais") {
            out.push(place);
        }
        end = start + w.len();
    }
    out
}

/// Words that open a relative clause, which says its own subject's attributes: « au Stade de
/// France où le club haut-garonnais cherchera un titre de champion » (its incise « , à
/// Saint-Denis, » left out) does not say « France » with « club ».
const RELATIVES: &[&str] = &["où", "qui", "dont"];

/// The places (as `placed_words` counts them) of the content words of `text` that a comma,
/// or a word opening a relative clause, comes before, since the content word before them;
/// each with whether a relative clause opens there.
pub(super) fn comma_places(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut end = 0;
    for (w, _, place) in placed_words(text) {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let between = text.get(end..start).unwrap_or_default();
        let relative = words(between)
            .iter()
            .any(|b| RELATIVES.contains(&normalize(b).as_str()));
        if relative || between.contains(',') {
            out.push((place, relative));
        }
        end = start + w.len();
    }
    out
}
