//! Entry points of the fuzz targets (`fuzz/`) and of the test that replays their corpus: each
//! takes arbitrary bytes and must return, whatever they are — an error is fine, a panic, a
//! hang or an unbounded allocation is a bug.

use std::io::Cursor;

use crate::article::{parse_request_line, Facts, SourceArticle};
use crate::catalogue::{ModelChoice, ModelSpec};
use crate::seo::{self, CheckConfig, Document};

/// The article reader: decoding, HTML, request line, cleaning, sentences and facts.
pub fn article(data: &[u8]) {
    if let Ok(article) = SourceArticle::from_bytes(data, "fuzz.txt") {
        let facts = Facts::from_sentences(article.sentences());
        let _ = crate::writer::condense::condense(facts.sentences, 64, 128, &|s| {
            Ok(crate::text::word_count(s))
        });
    }
}

/// The readers of `redacteur check` (Markdown with front matter, HTML) and the check itself.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let config = CheckConfig::default();
    for document in [Document::from_markdown(&text), Document::from_html(&text)] {
        let _ = seo::check::check(&document, None, &config);
    }
}

/// The request line an input may start with.
pub fn request_line(data: &[u8]) {
    for line in String::from_utf8_lossy(data).lines() {
        let _ = parse_request_line(line);
    }
}

/// A catalogue entry, and what `--model` accepts.
pub fn catalogue(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = ModelSpec::from_toml(&text, "fuzz.toml");
    let _ = ModelChoice::parse(&text);
}

/// A GGUF header: metadata, tensor extents, the model's configuration and chat template.
pub fn gguf(data: &[u8]) {
    let Ok((content, tensors)) = crate::model::gguf::read_header(&mut Cursor::new(data)) else {
        return;
    };
    let _ = crate::model::gguf::check_extents(&tensors, data.len() as u64);
    let path = std::path::Path::new("fuzz.gguf");
    let metadata = crate::model::gguf::Metadata::new(path, &content.metadata);
    let _ = crate::model::gemma3::Gemma3Config::from_metadata(&metadata);
    let _ = crate::tokenizer::chat_template(&content.metadata);
}

/// A fuzz target: bytes in, nothing out.
pub type Target = fn(&[u8]);

/// The targets by name, for the corpus test.
pub const TARGETS: &[(&str, Target)] = &[
    ("article", article),
    ("check", check),
    ("request_line", request_line),
    ("catalogue", catalogue),
    ("gguf", gguf),
];
