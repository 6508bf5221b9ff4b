//! Numerics pinned to llama.cpp: the default model's perplexity on a French text of ours.

use redacteur::model::Model;
use redacteur::perplexity::perplexity;
use redacteur::tokenizer::TextTokenizer;

use crate::{default_gguf, repo_path};

/// llama.cpp's `llama-perplexity` on `tests/fixtures/chronique-fr.txt` (2,230 tokens) with the
/// default GGUF, llama.cpp 0c1e570: (n_ctx, default settings (f16 KV cache), f32 KV cache
/// with flash attention off). `benches/llama_cpp_perplexity.sh` measures them again.
const LLAMA_CPP: &[(usize, f64, f64)] = &[(512, 13.5489, 13.4684), (1024, 11.8841, 11.8982)];

#[test]
fn perplexity_is_within_one_percent_of_llama_cpp_at_512_and_1024() {
    let _cores = crate::all_cores();
    let gguf = default_gguf();
    let mut model = Model::load(gguf, 1024, &candle_core::Device::Cpu).unwrap();
    let tokenizer = TextTokenizer::from_gguf(gguf).unwrap();
    let text = std::fs::read_to_string(repo_path("tests/fixtures/chronique-fr.txt")).unwrap();
    let tokens = tokenizer.encode(&text).unwrap();
    assert_eq!(
        tokens.len(),
        2230,
        "llama.cpp tokenizes this text into 2,230 tokens"
    );
    for &(n_ctx, default_kv, f32_kv) in LLAMA_CPP {
        let ours = perplexity(&mut model, &tokens, Some(tokens[0]), n_ctx, None).unwrap();
        // llama.cpp's protocol: whole chunks only, the second half of each scored.
        assert_eq!(ours.chunks, 2230 / n_ctx);
        assert_eq!(ours.scored, ours.chunks * (n_ctx / 2 - 1));
        for (setting, reference) in [("default", default_kv), ("f32 KV cache", f32_kv)] {
            let off = (ours.value / reference - 1.0).abs();
            assert!(
                off < 0.01,
                "n_ctx {n_ctx}: perplexity {:.4} is {:.2} % from llama.cpp's {reference} ({setting})",
                ours.value,
                off * 100.0
            );
        }
    }
}

/// `perplexity --logits` writes every position's logits of the first chunk, and the ids it
/// read: the same logits the scoring uses (the last position's match a plain forward pass).
#[test]
fn logits_of_every_position_are_written_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("logits.f32");
    let gguf = default_gguf().to_str().unwrap().to_string();
    let text = repo_path("tests/fixtures/chronique-fr.txt");
    let run = crate::redacteur(&[
        "perplexity",
        text.to_str().unwrap(),
        "-m",
        &gguf,
        "-c",
        "16",
        "--chunks",
        "1",
        "--offline",
        "--logits",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let ids: Vec<u32> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("logits.f32.json")).unwrap())
            .unwrap();
    assert_eq!(ids.len(), 16);
    let bytes = std::fs::read(&out).unwrap();
    let logits: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let vocab = logits.len() / 16;
    assert_eq!(logits.len(), 16 * vocab);
    let mut model = Model::load(default_gguf(), 64, &candle_core::Device::Cpu).unwrap();
    let last: Vec<f32> = model.forward(&ids, 0).unwrap().to_vec1().unwrap();
    assert_eq!(last.len(), vocab);
    let written = &logits[15 * vocab..];
    let diff: f32 = written.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
    let size: f32 = last.iter().map(|x| x.abs()).sum();
    assert!(diff / size < 1e-3, "last position {:.5} apart", diff / size);
}
