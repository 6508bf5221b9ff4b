//! Steering a section's attempts: the words an attempt opens with (the keyphrase, or a
//! transition), for the model to go on from.

/// How a section's attempts are steered when it is written again.
#[derive(Debug, Clone, Default)]
pub(super) struct Steer {
    /// A focus keyphrase named in the editor's notes.
    pub keyphrase: Option<String>,
    /// Open the section with the keyphrase (`En matière de …,`).
    pub lead_with_keyphrase: bool,
    /// Open every other attempt with a transition word.
    pub transitions: bool,
}

impl Steer {
    /// The words attempt `attempt` (from 1) of a section opens with, for the model to go on:
    /// the keyphrase until the section has a first sentence, when it must lead.
    pub fn opener(&self, attempt: usize, written: &[String]) -> String {
        let keyphrase = self.keyphrase.as_deref().unwrap_or("");
        // `En matière de` takes a bare noun phrase, not one led by an article.
        let bare = crate::text::words(keyphrase)
            .first()
            .is_some_and(|w| !crate::text::STOPWORDS.contains(&crate::text::normalize(w).as_str()));
        if self.lead_with_keyphrase && written.is_empty() && bare {
            return format!("En matière de {keyphrase},");
        }
        match self.transitions && attempt.is_multiple_of(2) {
            true => TRANSITION_OPENERS[(attempt / 2) % TRANSITION_OPENERS.len()].to_string(),
            false => String::new(),
        }
    }
}

/// Openers for steered attempts: additive connectors, which fit after any sentence.
const TRANSITION_OPENERS: &[&str] = &[
    "Par ailleurs,",
    "En outre,",
    "De plus,",
    "Dans ce cadre,",
    "Ainsi,",
    "En effet,",
];
