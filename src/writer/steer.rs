//! Steering a section's rewrite toward what the check asks for: candidates that use the
//! focus keyphrase, or a transition word, rank higher. The program adds no words of its own.

use crate::seo::transitions::has_transition;
use crate::seo::Keyphrase;

/// What a section's candidates are preferred for when it is written again.
#[derive(Debug, Clone, Default)]
pub(super) struct Steer {
    /// Prefer candidates that use this focus keyphrase.
    pub keyphrase: Option<String>,
    /// Prefer candidates with a transition word.
    pub transitions: bool,
}

impl Steer {
    /// The bonus a candidate's `text` earns in its ranking.
    pub fn bonus(&self, text: &str) -> f64 {
        let mut bonus = 0.0;
        if let Some(k) = &self.keyphrase {
            if Keyphrase::new(k).is_in(text) {
                bonus += 0.3;
            }
        }
        if self.transitions
            && crate::text::sentences(text)
                .iter()
                .any(|s| has_transition(s))
        {
            bonus += 0.2;
        }
        bonus
    }
}
