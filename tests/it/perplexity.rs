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
