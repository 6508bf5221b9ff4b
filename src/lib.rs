//! redacteur: rewrites a news article into a structured, search-engine-ready French article
//! with a language model that runs on the user's own machine.

pub mod catalogue;
pub mod generate;
pub mod hub;
pub mod model;
pub mod sampling;
pub mod text;
pub mod tokenizer;
