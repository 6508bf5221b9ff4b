//! Tokenization: a `tokenizer.json` or one built from a GGUF's metadata, encoding prompts,
//! and streaming decode.

mod gguf;

use std::path::Path;

use anyhow::{anyhow, Context, Result};

pub use gguf::{chat_template, tokenizer_from_gguf};
pub(crate) use gguf::{integer, CONTROL, NORMAL, USER_DEFINED};

/// The end tokens generation stops on, by name, in the vocabularies that have them.
pub const STOP_TOKENS: &[&str] = &[
    "<eos>",
    "</s>",
    "<end_of_turn>",
    "<|endoftext|>",
    "<|im_end|>",
    "<|eot_id|>",
];

/// A loaded tokenizer with the ids the generation loop needs.
pub struct TextTokenizer {
    inner: tokenizers::Tokenizer,
    /// Ids that end a generation (`<eos>`, `<end_of_turn>`, ...).
    stop_ids: Vec<u32>,
}

impl TextTokenizer {
    /// A `tokenizer.json`.
    pub fn from_file(path: &Path) -> Result<Self> {
        let inner = tokenizers::Tokenizer::from_file(path)
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| format!("reading the tokenizer `{}`", path.display()))?;
        Ok(Self::new(inner))
    }

    /// The tokenizer a GGUF file describes in its `tokenizer.ggml.*` metadata; its end-of-text
    /// and end-of-turn tokens stop generation.
    pub fn from_gguf(path: &Path) -> Result<Self> {
        let file = crate::model::GgufFile::open(path)?;
        Self::from_gguf_metadata(path, &file.content.metadata)
    }

    /// The same, from the metadata of a GGUF already open (`path` names it in errors).
    pub fn from_gguf_metadata(
        path: &Path,
        metadata: &std::collections::HashMap<String, candle_core::quantized::gguf_file::Value>,
    ) -> Result<Self> {
        let mut tokenizer = Self::new(tokenizer_from_gguf(path, metadata)?);
        for key in ["tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"] {
            if let Some(id) = metadata.get(key).and_then(|v| v.to_u32().ok()) {
                if !tokenizer.stop_ids.contains(&id) {
                    tokenizer.stop_ids.push(id);
                }
            }
        }
        Ok(tokenizer)
    }

    pub fn new(inner: tokenizers::Tokenizer) -> Self {
        let stop_ids = STOP_TOKENS
            .iter()
            .filter_map(|t| inner.token_to_id(t))
            .collect();
        Self { inner, stop_ids }
    }

    pub fn inner(&self) -> &tokenizers::Tokenizer {
        &self.inner
    }

    /// Token ids of `text`, with the model's start-of-text token.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        let encoding = self
            .inner
            .encode(text, true)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// Token ids of `text` alone, without special tokens.
    pub fn encode_plain(&self, text: &str) -> Result<Vec<u32>> {
        let encoding = self
            .inner
            .encode(text, false)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        Ok(encoding.get_ids().to_vec())
    }

    pub fn decode(&self, ids: &[u32]) -> Result<String> {
        self.inner
            .decode(ids, true)
            .map_err(|e| anyhow!("decoding: {e}"))
    }

    pub fn is_stop(&self, id: u32) -> bool {
        self.stop_ids.contains(&id)
    }

    /// Incremental decoder: text comes out only once complete characters are formed, so an
    /// accent split across byte-fallback tokens never shows as a replacement character.
    pub fn stream(&self) -> TokenStream<'_> {
        TokenStream {
            tokenizer: &self.inner,
            inner: self.inner.decode_stream(true),
        }
    }
}

type DecodeStream<'a> = tokenizers::DecodeStream<
    'a,
    tokenizers::ModelWrapper,
    tokenizers::NormalizerWrapper,
    tokenizers::PreTokenizerWrapper,
    tokenizers::PostProcessorWrapper,
    tokenizers::DecoderWrapper,
>;

pub struct TokenStream<'a> {
    tokenizer: &'a tokenizers::Tokenizer,
    inner: DecodeStream<'a>,
}

impl TokenStream<'_> {
    /// The new text that `id` completes, if any.
    pub fn step(&mut self, id: u32) -> Result<Option<String>> {
        match self.inner.step(id) {
            Ok(piece) => Ok(piece),
            // Byte pieces that formed a character, then a stray one: decoded again with the
            // next token, the window no longer starts with the text already given, and the
            // decoder refuses to go on. What was given stays given; a fresh window starts at
            // this token.
            Err(_) => {
                self.inner = self.tokenizer.decode_stream(true);
                self.inner
                    .step(id)
                    .map_err(|e| anyhow!("decoding token {id}: {e}"))
            }
        }
    }
}
