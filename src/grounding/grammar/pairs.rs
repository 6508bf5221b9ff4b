//! Words the source writes side by side (« pistes cyclables », « voitures électriques »),
//! kept so: not in two numbers, not parted by an « à ».

use super::{number, Grammar};
use crate::text::{normalize, words};

impl Grammar {
    /// Two words the source writes side by side in one number, written here in two: « 250
    /// kilomètres de piste cyclables » for the source's « pistes cyclables » (velo seed 1,
    /// stop 59).
    pub fn split_number(&self, sentence: &str) -> Option<String> {
        words(sentence).windows(2).find_map(|pair| {
            let (Some((a, x)), Some((b, y))) = (number(pair[0]), number(pair[1])) else {
                return None;
            };
            (x != y && self.paired.contains(&(a, b))).then(|| pair.join(" "))
        })
    }

    /// « à » put between two words the source writes side by side, before the second where
    /// the source never writes it after « à »: « des voitures à électriques » for the source's
    /// « voitures électriques » (usine seed 1, stop 77).
    pub fn to_between_pair(&self, sentence: &str) -> Option<String> {
        words(sentence).windows(3).find_map(|w| {
            let (Some((a, _)), Some((b, _))) = (number(w[0]), number(w[2])) else {
                return None;
            };
            let between = normalize(w[1]) == "à"
                && self.paired.contains(&(a, b))
                && !self.after_to.contains(&normalize(w[2]));
            between.then(|| w.join(" "))
        })
    }
}
