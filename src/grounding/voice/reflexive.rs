//! Verbs the source says only in the reflexive (« s'inquiètent », « s'est achevé »), said
//! without their pronoun: « Les éleveurs laitiers ont inquiété surtout pour les prairies »
//! (sécheresse seed 1, stop 77) makes the breeders worry someone, where the source has them
//! worry.

use std::collections::HashSet;

use crate::grounding::stem;
use crate::seo::readability::{is_participle, AVOIR, BETWEEN};
use crate::text::{normalize, words};

/// Reflexive pronouns standing alone before their verb (« se déroule », « nous nous
/// sommes »).
const PRONOUNS: &[&str] = &["se", "me", "te", "nous", "vous"];

/// Forms of « être » between a reflexive pronoun and its participle (« s'est achevé », « se
/// sont inquiétés »).
const BEING: &[&str] = &[
    "est", "sont", "était", "étaient", "sera", "seront", "serait", "seraient", "être", "étant",
];

/// Whether `word` (lower case) carries an elided reflexive pronoun: « s'inquiètent », « s'est »;
/// « s'il » is « si ».
fn elided_pronoun(word: &str) -> Option<&str> {
    let rest = ["s'", "s’", "m'", "m’", "t'", "t’"]
        .iter()
        .find_map(|p| word.strip_prefix(p))?;
    (!["il", "ils"].contains(&rest)).then_some(rest)
}

/// Whether the verb at `i` of `ws` (lower case) is said with its reflexive pronoun.
fn reflexive_at(ws: &[String], i: usize) -> bool {
    if elided_pronoun(&ws[i]).is_some() {
        return true;
    }
    // Past the words between an auxiliary and its participle (« ne s'est pas qualifié »).
    let skipped = ws[..i]
        .iter()
        .rev()
        .take_while(|w| BETWEEN.contains(&w.as_str()))
        .count();
    let i = i - skipped;
    let before = |k: usize| i.checked_sub(k).map(|p| ws[p].as_str());
    let pronoun = |w: Option<&str>| w.is_some_and(|w| PRONOUNS.contains(&w));
    if pronoun(before(1)) {
        return true;
    }
    // « s'est achevé », « se sont inquiétés ».
    before(1).is_some_and(|b| {
        elided_pronoun(b).is_some_and(|rest| BEING.contains(&rest))
            || BEING.contains(&b) && pronoun(before(2))
    })
}

/// The stems the source says only with a reflexive pronoun, and its forms of them as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reflexives {
    only: HashSet<String>,
    forms: HashSet<String>,
}

impl Reflexives {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let (mut reflexive, mut plain, mut forms) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        for sentence in source {
            let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
            for (i, w) in ws.iter().enumerate() {
                let Some(s) = stem(w) else { continue };
                match reflexive_at(&ws, i) {
                    true => {
                        reflexive.insert(s);
                        forms.insert(elided_pronoun(w).unwrap_or(w).to_string());
                    }
                    false => {
                        plain.insert(s);
                    }
                }
            }
        }
        let only: HashSet<String> = reflexive.difference(&plain).cloned().collect();
        forms.retain(|f| stem(f).is_some_and(|s| only.contains(&s)));
        Self { only, forms }
    }

    /// The first verb of `sentence` that the source says only in the reflexive, written
    /// without its pronoun after « avoir » (« ont inquiété »), or in one of the source's own
    /// forms other than a participle (« Les éleveurs inquiètent »).
    pub fn dropped(&self, sentence: &str) -> Option<String> {
        let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
        (0..ws.len()).find_map(|i| {
            let s = stem(&ws[i])?;
            let having = i
                .checked_sub(1)
                .is_some_and(|p| AVOIR.contains(&ws[p].as_str()));
            // A participle the source tells otherwise is `Voice::changed`'s to judge: it
            // may stand alone (« Qualifié pour la finale, le club… »).
            let same_form = self.forms.contains(&ws[i]) && !is_participle(&ws[i]);
            (self.only.contains(&s) && !reflexive_at(&ws, i) && (having || same_form)).then(|| {
                match i {
                    0 => ws[i].clone(),
                    _ => format!("{} {}", ws[i - 1], ws[i]),
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reflexive_verb_keeps_its_pronoun() {
        let r = Reflexives::new([
            "Les éleveurs laitiers s'inquiètent surtout pour les fourrages.",
            "Le festival, qui s'est achevé dimanche, a proposé 42 spectacles.",
            "Les syndicats, s'ils saluent des locaux modernes, mettent en garde.",
        ]);
        for wrong in [
            "Les éleveurs laitiers ont inquiété surtout pour les prairies.",
            "Les éleveurs inquiètent surtout pour les fourrages.",
            "Le festival a achevé dimanche.",
        ] {
            assert!(r.dropped(wrong).is_some(), "{wrong}");
        }
        for right in [
            "Les éleveurs laitiers s'inquiètent pour les fourrages.",
            "Les éleveurs se sont inquiétés pour les fourrages.",
            "Le festival s'est achevé dimanche.",
            "Le festival ne s'est pas achevé dimanche.",
            "Achevé dimanche, le festival a proposé 42 spectacles.",
            "L'inquiétude des éleveurs porte sur les fourrages.",
            "Les syndicats saluent des locaux modernes.",
        ] {
            assert_eq!(r.dropped(right), None, "{right}");
        }
    }
}
