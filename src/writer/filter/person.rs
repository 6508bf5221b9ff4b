//! Who a sentence speaks as: the first person, which a news article says only inside a
//! quotation, and « on », which names no one.

use crate::text::words;

/// « on » or « l'on » in `text`, as written: a subject that names no one. « La déclaration est
/// intervenue après que l'on a rencontré le ministre japonais » (the seed dispatch, every
/// seed at `5505e35`) hides who met him, where the source names her; a source that says
/// « on » itself may be followed.
pub(super) fn impersonal(text: &str) -> Option<String> {
    words(text).into_iter().find_map(|w| {
        let word = crate::text::normalize(w);
        (crate::text::strip_elision(&word) == "on").then(|| w.to_string())
    })
}

/// Words of the first person, which a news article says only inside a quotation.
const FIRST_PERSON: &[&str] = &[
    "je", "j'", "me", "m'", "moi", "nous", "notre", "nos", "mon", "ma", "mes",
];

/// The first word of `text` in the first person, elision included (« j'estime »).
pub(super) fn first_person(text: &str) -> Option<String> {
    words(text).into_iter().find_map(|w| {
        let w = crate::text::normalize(w);
        let elided = ["j'", "m'"].iter().find(|e| w.starts_with(**e));
        FIRST_PERSON
            .contains(&w.as_str())
            .then(|| w.clone())
            .or_else(|| elided.map(|_| w.clone()))
    })
}
