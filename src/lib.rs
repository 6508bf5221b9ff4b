//! redacteur: rewrites a news article into a structured, search-engine-ready French article
//! with a language model that runs on the user's own machine.
//!
//! The data flow of `redacteur write`, one way:
//!
//! ```text
//! argv -> cli -> EngineConfig + WriteConfig (flags > request line > defaults, merged once)
//!      -> pipeline::load -> catalogue -> hub -> files -> model + tokenizer | remote -> dyn Engine
//!      -> article::SourceArticle::read(input) -> facts::Facts
//!      -> writer: plan -> sentences through the gate -> seo::check -> repair
//!      -> render (Markdown, HTML, JSON) -> a whole file, or stdout
//! ```
//!
//! `pipeline` is the entry a program uses; `commands` is only the command line's reporting:
//!
//! ```no_run
//! use redacteur::article::SourceArticle;
//! use redacteur::pipeline::{self, EngineConfig, Format};
//! use redacteur::render::Publication;
//! use redacteur::writer::WriteConfig;
//!
//! # fn main() -> anyhow::Result<()> {
//! // The default model, fetched into the cache once; progress lines go where you say.
//! let mut engine = pipeline::load(&EngineConfig::default(), &|m| eprintln!("{m}"))?;
//! let source = SourceArticle::read(std::path::Path::new("depeche.txt"))?;
//! // What the source's request line asks for, over the defaults (700 words, 3 subheadings).
//! let request = source.request.clone().unwrap_or_default();
//! let config = WriteConfig::default().resolve(&request, &Default::default())?;
//! let publication = Publication { date: "2026-11-30".into(), ..Default::default() };
//! let written = pipeline::write_one(
//!     engine.as_mut(), &source, &config, &publication, Format::Markdown, &mut |_| {},
//! )?;
//! print!("{}", written.rendered);
//! # Ok(())
//! # }
//! ```

pub mod article;
pub mod batch;
pub mod bench;
pub mod catalogue;
pub mod chat;
pub mod cli;
pub mod commands;
pub mod device;
pub mod document;
pub mod engine;
pub mod errors;
pub mod eta;
pub mod facts;
pub mod files;
pub mod form;
pub mod fuzzing;
pub mod generate;
pub mod grounding;
pub mod hub;
pub mod interrupt;
pub mod kernels;
pub mod lexicon;
pub mod memory;
pub mod model;
pub mod perplexity;
pub mod pipeline;
pub mod prompt;
pub mod remote;
pub mod render;
pub mod sampling;
pub mod seo;
pub mod serve;
pub mod text;
pub mod tokenizer;
pub mod writer;
