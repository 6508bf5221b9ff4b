//! A `tokenizers::Tokenizer` built from a GGUF's `tokenizer.ggml.*` metadata, so that a GGUF
//! alone is enough: SentencePiece (`llama`) and byte-level BPE (`gpt2`) vocabularies.
//!
//! The SentencePiece build reproduces what Hugging Face's converter makes of the original
//! model (checked token for token against Gemma 3's `tokenizer.json`): merges derived from the
//! vocabulary, ranked by the merged piece's score, then longer left and right parts first, then
//! by id; user-defined pieces ranked as SentencePiece scores them (0, which GGUF writes as
//! -1000); control and user-defined pieces matched before the model runs.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use candle_core::quantized::gguf_file::Value;
use serde_json::json;
use tokenizers::models::bpe::{Vocab, BPE};
use tokenizers::{AddedToken, Tokenizer};

/// GGUF token types (`tokenizer.ggml.token_type`), as llama.cpp writes them.
pub(crate) const NORMAL: i32 = 1;
const UNKNOWN: i32 = 2;
pub(crate) const CONTROL: i32 = 3;
pub(crate) const USER_DEFINED: i32 = 4;
const BYTE: i32 = 6;

/// The `tokenizer.ggml.pre` values whose pre-tokenizer we know, and their split patterns
/// (as the models' own `tokenizer.json` and llama.cpp's `llama-vocab.cpp` have them).
const BPE_PRE_TOKENIZERS: &[(&str, Option<&str>)] = &[
    // GPT-2's own pattern, built into the byte-level pre-tokenizer.
    ("default", None),
    ("gpt2", None),
    (
        "llama-bpe",
        Some(
            r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        ),
    ),
    (
        "qwen2",
        Some(
            r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        ),
    ),
];

/// The tokenizer metadata of one GGUF file.
struct Vocabulary<'a> {
    path: &'a Path,
    metadata: &'a HashMap<String, Value>,
    tokens: Vec<String>,
    types: Vec<i32>,
}

impl<'a> Vocabulary<'a> {
    fn read(path: &'a Path, metadata: &'a HashMap<String, Value>) -> Result<Self> {
        let mut vocabulary = Self {
            path,
            metadata,
            tokens: Vec::new(),
            types: Vec::new(),
        };
        vocabulary.tokens = vocabulary
            .array("tokenizer.ggml.tokens")?
            .iter()
            .map(|v| v.to_string().cloned().map_err(|e| anyhow!("{e}")))
            .collect::<Result<_>>()
            .with_context(|| vocabulary.context("tokenizer.ggml.tokens"))?;
        vocabulary.types = match metadata.get("tokenizer.ggml.token_type") {
            Some(_) => vocabulary
                .array("tokenizer.ggml.token_type")?
                .iter()
                .map(|v| integer(v).and_then(|t| i32::try_from(t).ok()))
                .collect::<Option<_>>()
                .with_context(|| vocabulary.context("tokenizer.ggml.token_type"))?,
            None => vec![NORMAL; vocabulary.tokens.len()],
        };
        anyhow::ensure!(
            vocabulary.types.len() == vocabulary.tokens.len(),
            "`{}`: {} token types for {} tokens",
            path.display(),
            vocabulary.types.len(),
            vocabulary.tokens.len()
        );
        Ok(vocabulary)
    }

    fn context(&self, key: &str) -> String {
        format!("`{}`: reading `{key}`", self.path.display())
    }

    fn array(&self, key: &str) -> Result<&'a Vec<Value>> {
        match self.metadata.get(key) {
            Some(Value::Array(values)) => Ok(values),
            Some(_) => bail!("`{}`: `{key}` is not an array", self.path.display()),
            None => bail!(
                "`{}` has no `{key}`: it carries no tokenizer; give its tokenizer.json with --tokenizer PATH",
                self.path.display()
            ),
        }
    }

    fn string(&self, key: &str) -> Option<&'a str> {
        self.metadata
            .get(key)
            .and_then(|v| v.to_string().ok())
            .map(String::as_str)
    }

    fn flag(&self, key: &str, default: bool) -> bool {
        match self.metadata.get(key) {
            Some(Value::Bool(b)) => *b,
            _ => default,
        }
    }

    fn token_id(&self, key: &str) -> Option<u32> {
        self.metadata
            .get(key)
            .and_then(integer)
            .and_then(|id| u32::try_from(id).ok())
            .filter(|&id| (id as usize) < self.tokens.len())
    }

    /// Control and user-defined tokens, matched in the text before the model runs.
    fn added_tokens(&self) -> Vec<AddedToken> {
        self.tokens
            .iter()
            .zip(&self.types)
            .filter(|(_, &t)| t == CONTROL || t == USER_DEFINED)
            .map(|(token, &t)| AddedToken::from(token.clone(), t == CONTROL).normalized(false))
            .collect()
    }

    /// A post-processor adding the start (and end) tokens the metadata asks for.
    fn post_processor(&self, add_bos_default: bool) -> Result<Option<serde_json::Value>> {
        let wanted = |id_key: &str, flag_key: &str, default: bool| {
            self.token_id(id_key)
                .filter(|_| self.flag(flag_key, default))
                .map(|id| (id, self.tokens[id as usize].clone()))
        };
        let bos = wanted(
            "tokenizer.ggml.bos_token_id",
            "tokenizer.ggml.add_bos_token",
            add_bos_default,
        );
        let eos = wanted(
            "tokenizer.ggml.eos_token_id",
            "tokenizer.ggml.add_eos_token",
            false,
        );
        if bos.is_none() && eos.is_none() {
            return Ok(None);
        }
        let template = |sequence: &str, type_id: u32| {
            let mut items = Vec::new();
            let special =
                |token: &String| json!({"SpecialToken": {"id": token, "type_id": type_id}});
            if let Some((_, token)) = &bos {
                items.push(special(token));
            }
            items.push(json!({"Sequence": {"id": sequence, "type_id": type_id}}));
            if let Some((_, token)) = &eos {
                items.push(special(token));
            }
            items
        };
        let single = template("A", 0);
        let mut pair = single.clone();
        pair.extend(template("B", 1));
        let special_tokens: serde_json::Map<String, serde_json::Value> = [&bos, &eos]
            .into_iter()
            .flatten()
            .map(|(id, token)| {
                (
                    token.clone(),
                    json!({"id": token, "ids": [id], "tokens": [token]}),
                )
            })
            .collect();
        Ok(Some(json!({
            "type": "TemplateProcessing",
            "single": single,
            "pair": pair,
            "special_tokens": special_tokens,
        })))
    }
}

pub(crate) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::U8(v) => Some(*v as i64),
        Value::I8(v) => Some(*v as i64),
        Value::U16(v) => Some(*v as i64),
        Value::I16(v) => Some(*v as i64),
        Value::U32(v) => Some(*v as i64),
        Value::I32(v) => Some(*v as i64),
        Value::U64(v) => i64::try_from(*v).ok(),
        Value::I64(v) => Some(*v),
        _ => None,
    }
}

fn component<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_json::from_value(value).context("building a tokenizer component")
}

/// Builds the tokenizer that `path`'s metadata describes.
pub fn tokenizer_from_gguf(path: &Path, metadata: &HashMap<String, Value>) -> Result<Tokenizer> {
    let vocabulary = Vocabulary::read(path, metadata)?;
    let kind = vocabulary
        .string("tokenizer.ggml.model")
        .with_context(|| format!("`{}` has no `tokenizer.ggml.model`", path.display()))?;
    let tokenizer = match kind {
        "llama" => sentencepiece(&vocabulary),
        "gpt2" => byte_level_bpe(&vocabulary),
        other => bail!(
            "`{}`: tokenizer model `{other}` is not supported (supported: llama, gpt2)",
            path.display()
        ),
    };
    tokenizer.with_context(|| format!("building the tokenizer of `{}`", path.display()))
}

fn vocab_map(tokens: &[String]) -> HashMap<String, u32> {
    let mut vocab = HashMap::with_capacity(tokens.len());
    for (id, token) in tokens.iter().enumerate() {
        vocab.entry(token.clone()).or_insert(id as u32);
    }
    vocab
}

/// SentencePiece (BPE flavour) vocabularies: Gemma, Llama 2, Mistral.
fn sentencepiece(vocabulary: &Vocabulary<'_>) -> Result<Tokenizer> {
    // llama.cpp writes spaces inside user-defined pieces as they are; SentencePiece writes `▁`.
    let tokens: Vec<String> = vocabulary
        .tokens
        .iter()
        .map(|t| t.replace(' ', "\u{2581}"))
        .collect();
    let scores: Vec<f32> = match vocabulary.metadata.get("tokenizer.ggml.scores") {
        Some(_) => vocabulary
            .array("tokenizer.ggml.scores")?
            .iter()
            .map(|v| match v {
                Value::F32(f) => Some(*f),
                Value::F64(f) => Some(*f as f32),
                _ => None,
            })
            .collect::<Option<_>>()
            .with_context(|| vocabulary.context("tokenizer.ggml.scores"))?,
        None => (0..tokens.len()).map(|i| -(i as f32)).collect(),
    };
    anyhow::ensure!(
        scores.len() == tokens.len(),
        "{} scores for {} tokens",
        scores.len(),
        tokens.len()
    );
    let vocab = vocab_map(&tokens);
    let merges = sentencepiece_merges(&tokens, &vocabulary.types, &scores, &vocab);
    let unknown = vocabulary
        .token_id("tokenizer.ggml.unknown_token_id")
        .or_else(|| {
            vocabulary
                .types
                .iter()
                .position(|&t| t == UNKNOWN)
                .map(|i| i as u32)
        })
        .map(|id| tokens[id as usize].clone());
    let mut builder = BPE::builder()
        .vocab_and_merges(vocab.into_iter().collect::<Vocab>(), merges)
        .fuse_unk(true)
        .byte_fallback(vocabulary.types.contains(&BYTE));
    if let Some(unknown) = unknown {
        builder = builder.unk_token(unknown);
    }
    let model = builder.build().map_err(|e| anyhow!("{e}"))?;
    let add_space_prefix = vocabulary.flag("tokenizer.ggml.add_space_prefix", true);
    let replace = json!({"type": "Replace", "pattern": {"String": " "}, "content": "\u{2581}"});
    let normalizer = match add_space_prefix {
        true => json!({"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "\u{2581}"}, replace]}),
        false => replace,
    };
    let mut decoders = vec![
        json!({"type": "Replace", "pattern": {"String": "\u{2581}"}, "content": " "}),
        json!({"type": "ByteFallback"}),
        json!({"type": "Fuse"}),
    ];
    if add_space_prefix {
        decoders.push(json!({"type": "Strip", "content": " ", "start": 1, "stop": 0}));
    }
    let mut tokenizer = Tokenizer::new(model);
    tokenizer
        .with_normalizer(Some(component::<tokenizers::NormalizerWrapper>(
            normalizer,
        )?))
        .with_decoder(Some(component::<tokenizers::DecoderWrapper>(
            json!({"type": "Sequence", "decoders": decoders}),
        )?));
    if let Some(post) = vocabulary.post_processor(true)? {
        tokenizer.with_post_processor(Some(component::<tokenizers::PostProcessorWrapper>(post)?));
    }
    let mut added = vocabulary.added_tokens();
    for token in &mut added {
        token.content = token.content.replace(' ', "\u{2581}");
    }
    tokenizer.add_special_tokens(&added);
    Ok(tokenizer)
}

/// Every split of a normal or user-defined piece into two pieces of the vocabulary, ranked
/// as SentencePiece applies them: higher score of the merged piece first, then longer left
/// part, longer right part, lower piece id, lower part ids.
fn sentencepiece_merges(
    tokens: &[String],
    types: &[i32],
    scores: &[f32],
    vocab: &HashMap<String, u32>,
) -> Vec<(String, String)> {
    struct Candidate {
        score: f32,
        left_chars: usize,
        right_chars: usize,
        piece: u32,
        left: u32,
        right: u32,
    }
    let mut candidates = Vec::new();
    for (id, piece) in tokens.iter().enumerate() {
        let score = match types[id] {
            NORMAL => scores[id],
            USER_DEFINED => 0.0,
            _ => continue,
        };
        let total = piece.chars().count();
        for (chars, (at, _)) in piece.char_indices().enumerate().skip(1) {
            let (left, right) = piece.split_at(at);
            if let (Some(&l), Some(&r)) = (vocab.get(left), vocab.get(right)) {
                candidates.push(Candidate {
                    score,
                    left_chars: chars,
                    right_chars: total - chars,
                    piece: id as u32,
                    left: l,
                    right: r,
                });
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.left_chars.cmp(&a.left_chars))
            .then(b.right_chars.cmp(&a.right_chars))
            .then(a.piece.cmp(&b.piece))
            .then(a.left.cmp(&b.left))
            .then(a.right.cmp(&b.right))
    });
    candidates
        .into_iter()
        .map(|c| {
            (
                tokens[c.left as usize].clone(),
                tokens[c.right as usize].clone(),
            )
        })
        .collect()
}

/// Byte-level BPE vocabularies (GPT-2 style): Llama 3, Qwen 2 and 3.
fn byte_level_bpe(vocabulary: &Vocabulary<'_>) -> Result<Tokenizer> {
    let pre = vocabulary.string("tokenizer.ggml.pre").unwrap_or("default");
    let Some((_, pattern)) = BPE_PRE_TOKENIZERS.iter().find(|(name, _)| *name == pre) else {
        bail!(
            "pre-tokenizer `{pre}` is not supported (supported: {}); refusing to guess how it \
             splits text",
            BPE_PRE_TOKENIZERS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let merges = vocabulary
        .array("tokenizer.ggml.merges")?
        .iter()
        .map(|v| {
            let line = v.to_string().map_err(|e| anyhow!("{e}"))?;
            let (a, b) = line
                .split_once(' ')
                .with_context(|| format!("merge `{line}` is not two pieces"))?;
            Ok((a.to_string(), b.to_string()))
        })
        .collect::<Result<Vec<_>>>()
        .with_context(|| vocabulary.context("tokenizer.ggml.merges"))?;
    // Llama 3 takes a word whole when the vocabulary has it, before any merge.
    let model = BPE::builder()
        .vocab_and_merges(
            vocab_map(&vocabulary.tokens).into_iter().collect::<Vocab>(),
            merges,
        )
        .ignore_merges(pre == "llama-bpe")
        .build()
        .map_err(|e| anyhow!("{e}"))?;
    let byte_level = |use_regex: bool| {
        json!({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false,
               "use_regex": use_regex})
    };
    let pre_tokenizer = match pattern {
        None => byte_level(true),
        Some(pattern) => json!({"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated",
             "invert": false},
            byte_level(false),
        ]}),
    };
    let mut tokenizer = Tokenizer::new(model);
    if pre == "qwen2" {
        // Qwen's tokenizers compose text (NFC) before splitting it.
        tokenizer.with_normalizer(Some(component::<tokenizers::NormalizerWrapper>(
            json!({"type": "NFC"}),
        )?));
    }
    tokenizer
        .with_pre_tokenizer(Some(component::<tokenizers::PreTokenizerWrapper>(
            pre_tokenizer,
        )?))
        .with_decoder(Some(component::<tokenizers::DecoderWrapper>(json!({
            "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false,
            "use_regex": false
        }))?));
    if let Some(post) = vocabulary.post_processor(false)? {
        tokenizer.with_post_processor(Some(component::<tokenizers::PostProcessorWrapper>(post)?));
    }
    tokenizer.add_special_tokens(&vocabulary.added_tokens());
    Ok(tokenizer)
}

/// The GGUF's `tokenizer.chat_template` with its start and end token strings, if it has one.
pub fn chat_template(metadata: &HashMap<String, Value>) -> Option<(String, String, String)> {
    let source = metadata
        .get("tokenizer.chat_template")?
        .to_string()
        .ok()?
        .clone();
    let token = |key: &str| -> String {
        let tokens = match metadata.get("tokenizer.ggml.tokens") {
            Some(Value::Array(tokens)) => tokens,
            _ => return String::new(),
        };
        metadata
            .get(key)
            .and_then(integer)
            .and_then(|id| tokens.get(usize::try_from(id).ok()?))
            .and_then(|t| t.to_string().ok().cloned())
            .unwrap_or_default()
    };
    Some((
        source,
        token("tokenizer.ggml.bos_token_id"),
        token("tokenizer.ggml.eos_token_id"),
    ))
}
