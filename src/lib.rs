//! redacteur: rewrites a news article into a structured, search-engine-ready French article
//! with a language model that runs on the user's own machine.

pub mod article;
pub mod batch;
pub mod bench;
pub mod catalogue;
pub mod chat;
pub mod cli;
pub mod commands;
pub mod device;
pub mod engine;
pub mod errors;
pub mod files;
pub mod fuzzing;
pub mod generate;
pub mod hub;
pub mod interrupt;
pub mod kernels;
pub mod memory;
pub mod model;
pub mod perplexity;
pub mod prompt;
pub mod remote;
pub mod render;
pub mod sampling;
pub mod seo;
pub mod text;
pub mod tokenizer;
pub mod writer;
