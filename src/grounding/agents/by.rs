//! Who a passive's « par » names does the deed: it is not what the deed is done to. « en
//! empruntant chaque jour des milliers de cyclistes » (velo, seed 3, at `cb4290e`) borrows
//! the cyclists, where the source's axis is « emprunté chaque jour par des milliers de
//! cyclistes ».

use std::collections::HashSet;

use crate::grounding::stem;
use crate::seo::readability::is_participle;
use crate::text::{normalize, words};

/// Words, at most, from a participle to its « par » (« emprunté chaque jour par »).
const TO_BY: usize = 4;
/// Words, at most, from a verb to what it is done to.
const TO_OBJECT: usize = 8;

/// The stem of the first content word of `ws` past quantities (« des milliers de cyclistes »
/// is `cycli`).
fn noun(ws: &[String]) -> Option<String> {
    ws.iter()
        .filter_map(|w| stem(w))
        .find(|s| !["milli", "centa", "dizai", "plusi"].contains(&s.as_str()))
}

/// The deeds of the source's passives with the one « par » names: (verb stem, doer stem).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ByAgents {
    done_by: HashSet<(String, String)>,
}

impl ByAgents {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut done_by = HashSet::new();
        for sentence in source {
            let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
            for i in (0..ws.len()).filter(|&i| ws[i] == "par") {
                let participle = (i.saturating_sub(TO_BY)..i)
                    .rev()
                    .find(|&p| is_participle(&ws[p]))
                    .and_then(|p| stem(&ws[p]));
                let doer = noun(&ws[i + 1..(i + 5).min(ws.len())]);
                if let (Some(verb), Some(doer)) = (participle, doer) {
                    done_by.insert((verb, doer));
                }
            }
        }
        Self { done_by }
    }

    /// The first verb of `sentence` (in any form) whose doer in the source's passive comes
    /// after it with no « par » between, as « verb … doer ».
    pub fn made_object(&self, sentence: &str) -> Option<String> {
        let written = words(sentence);
        let ws: Vec<String> = written.iter().map(|w| normalize(w)).collect();
        (0..ws.len()).find_map(|v| {
            let verb = stem(&ws[v])?;
            let after = &ws[v + 1..(v + 1 + TO_OBJECT).min(ws.len())];
            let par = after.iter().position(|w| w == "par").unwrap_or(after.len());
            after[..par].iter().enumerate().find_map(|(k, w)| {
                let doer = stem(w)?;
                self.done_by
                    .contains(&(verb.clone(), doer))
                    .then(|| format!("{} … {}", written[v], written[v + 1 + k]))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_a_passive_names_is_not_what_its_verb_is_done_to() {
        let by = ByAgents::new([
            "Les chantiers commencent par l'axe reliant Villeurbanne à la Part-Dieu, emprunté chaque jour par des milliers de cyclistes.",
        ]);
        assert_eq!(
            by.made_object("Les chantiers commencent par l'axe, en empruntant chaque jour des milliers de cyclistes.")
                .as_deref(),
            Some("empruntant … cyclistes")
        );
        for right in [
            "L'axe est emprunté chaque jour par des milliers de cyclistes.",
            "Des milliers de cyclistes empruntent cet axe chaque jour.",
            "L'axe reliant Villeurbanne à la Part-Dieu est très emprunté.",
        ] {
            assert_eq!(by.made_object(right), None, "{right}");
        }
    }
}
