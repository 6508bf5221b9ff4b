//! What a figure counts, said whole where its first words name something else too. The
//! source's « 15 000 places de stationnement pour vélos » are not « 15000 places de
//! stationnement » where the source's « places de stationnement automobile » are the cars'
//! (velo, « L'essentiel » of every seed at `de8f912`).

use std::collections::HashMap;

use super::figures::figure_spans;
use crate::grounding::{plural_free, stem, CLAUSE_MARKS};
use crate::text::words;

/// Words after a figure, at most, read as what it counts.
const PHRASE_WORDS: usize = 8;

/// Content words, at least, that a phrase cut short must keep for its words to name
/// something of their own (« places de stationnement »); one alone (« 15 000 places ») is
/// read with the sentence around it.
const CUT_AT_LEAST: usize = 2;

/// The stems (plural-free) of the content words of `text` from the word `from` on, up to a
/// clause mark or `PHRASE_WORDS` words; and whether a mark or the end of the text ends them
/// (rather than the count).
fn phrase(text: &str, ws: &[&str], from: usize) -> (Vec<String>, bool) {
    let offset = |i: usize| ws[i].as_ptr() as usize - text.as_ptr() as usize;
    let mut out = Vec::new();
    let mut end = ws
        .get(from.wrapping_sub(1))
        .map_or(0, |w| offset(from - 1) + w.len());
    for (i, w) in ws.iter().enumerate().skip(from).take(PHRASE_WORDS) {
        if text[end..offset(i)].contains(CLAUSE_MARKS) {
            return (out, true);
        }
        end = offset(i) + w.len();
        if let Some(s) = stem(w) {
            out.push(plural_free(&s).to_string());
        }
    }
    let ended =
        from + PHRASE_WORDS >= ws.len() || text[end..].trim_start().starts_with(CLAUSE_MARKS);
    (out, ended)
}

/// The stems of each clause of `text`'s content words, in order.
fn clause_stems(text: &str) -> Vec<Vec<String>> {
    text.split(CLAUSE_MARKS)
        .map(|clause| {
            words(clause)
                .into_iter()
                .filter_map(stem)
                .map(|s| plural_free(&s).to_string())
                .collect()
        })
        .collect()
}

/// For each figure of the source (years too), what it counts each time, as stems; and every
/// clause of the source, as stems.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Phrases {
    counted: HashMap<String, Vec<Vec<String>>>,
    clauses: Vec<Vec<String>>,
}

impl Phrases {
    pub(super) fn new(sentences: &[String]) -> Self {
        let mut counted: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let mut clauses = Vec::new();
        for sentence in sentences {
            let ws = words(sentence);
            for f in figure_spans(sentence) {
                counted
                    .entry(f.key)
                    .or_default()
                    .push(phrase(sentence, &ws, f.next).0);
            }
            clauses.extend(clause_stems(sentence));
        }
        Self { counted, clauses }
    }

    /// Whether the source says the stems `cut` one after the other in a clause, then
    /// anything but `next` (or nothing).
    fn said_of_another(&self, cut: &[String], next: &str) -> bool {
        self.clauses.iter().any(|clause| {
            (0..clause.len().saturating_sub(cut.len() - 1)).any(|i| {
                clause[i..].starts_with(cut) && clause.get(i + cut.len()).is_none_or(|n| n != next)
            })
        })
    }

    /// The figures of `sentence` whose counted phrase stops short of the source's, or goes
    /// another way past its first words (« 15000 places de stationnement dans les parkings
    /// fermés », velo seed 2 at `5505e35`, for « 15 000 places de stationnement pour vélos,
    /// dont une partie dans des parkings fermés »), where those words name something else in
    /// the source; as written with the words kept.
    pub(super) fn cut(&self, sentence: &str) -> Vec<String> {
        let ws = words(sentence);
        figure_spans(sentence)
            .into_iter()
            .filter_map(|f| {
                let (said, ended) = phrase(sentence, &ws, f.next);
                let known = self.counted.get(&f.key)?;
                // How many of the source's words it keeps, the same for every mention.
                let kept = |whole: &Vec<String>| {
                    whole.iter().zip(&said).take_while(|(a, b)| a == b).count()
                };
                let shared = kept(known.first()?);
                let short = shared >= CUT_AT_LEAST
                    && known
                        .iter()
                        .all(|whole| whole.len() > shared && kept(whole) == shared)
                    && (shared < said.len() || ended);
                let next = known.first()?.get(shared)?;
                (short && self.said_of_another(&said[..shared], next)).then(|| {
                    let last = (f.next..ws.len())
                        .take(PHRASE_WORDS)
                        .filter(|&i| stem(ws[i]).is_some())
                        .nth(shared - 1)
                        .unwrap_or(f.next);
                    ws[f.first()..=last].join(" ")
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_figure_counts_is_not_cut_where_its_words_name_another_thing() {
        let p = Phrases::new(&[
            "Le plan comprend 15 000 places de stationnement pour vélos, dont une partie dans des parkings fermés.".into(),
            "Les commerçants craignent que la suppression de places de stationnement automobile ne réduise la fréquentation.".into(),
            "Le projet prévoit 250 kilomètres de pistes cyclables sécurisées.".into(),
        ]);
        assert_eq!(
            p.cut("Le plan comprend la construction de 15000 places de stationnement."),
            ["15000 places de stationnement"]
        );
        assert_eq!(
            p.cut("Le plan comprend 15000 places de stationnement dans les parkings fermés."),
            ["15000 places de stationnement"]
        );
        for fine in [
            "Le plan comprend 15 000 places de stationnement pour vélos.",
            "Le plan comprend 15 000 places, dont une partie dans des parkings fermés.",
            // Nothing else in the source is « kilomètres de pistes ».
            "Le projet prévoit 250 kilomètres de pistes.",
        ] {
            assert!(p.cut(fine).is_empty(), "{fine}");
        }
    }
}
