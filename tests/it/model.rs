//! The Gemma 3 forward pass against llama.cpp, and its own consistency across the sliding
//! window and prefill chunking.

use candle_core::Device;
use redacteur::model::Model;
use redacteur::tokenizer::TextTokenizer;

use crate::default_gguf;

pub(crate) fn load(context: usize) -> (Model, TextTokenizer) {
    let gguf = default_gguf();
    let model = Model::load(gguf, context, &Device::Cpu).unwrap();
    (model, TextTokenizer::from_gguf(gguf).unwrap())
}

/// Greedy continuations (16 tokens) written by llama.cpp's `llama-simple` on the same GGUF with
/// its default settings: an f16 key/value cache, as ours (`benches/llama_cpp_greedy.sh` makes
/// them). With an f32 cache and flash attention off, llama.cpp itself continues three of these
/// four prompts differently after a few tokens: the choices below sit on near-ties.
const LLAMA_CPP_GREEDY: &[(&str, &str)] = &[
    (
        "La ville de Lyon est connue pour",
        " son patrimoine architectural et culturel. Elle est le siège de la Conférence des Nations",
    ),
    (
        "Le gouvernement a annoncé mardi un plan pour",
        " la construction d’une nouvelle ligne de tramway de 100 km",
    ),
    (
        "Les chercheurs de l'université ont découvert que",
        " les cellules de la peau sont capables de produire des hormones. Ces hormones sont des",
    ),
    (
        "Les États-Unis et le Japon vont approfondir leur coopération dans",
        " le domaine de la défense et de la sécurité, a annoncé le président américain Donald",
    ),
];

/// Fed llama.cpp's greedy tokens, our model ranks each of them first or within a hair of
/// first: a wrong activation, norm, RoPE or mask moves logits by far more than this.
#[test]
fn agrees_with_llama_cpp_greedy_decoding() {
    let _cores = crate::all_cores();
    let (mut model, tokenizer) = load(256);
    let mut first_choice = 0;
    let mut steps = 0;
    for (prompt, continuation) in LLAMA_CPP_GREEDY {
        let prompt_ids = tokenizer.encode(prompt).unwrap();
        let all_ids = tokenizer
            .encode(&format!("{prompt}{continuation}"))
            .unwrap();
        assert_eq!(
            &all_ids[..prompt_ids.len()],
            &prompt_ids[..],
            "prompt tokens are a prefix"
        );
        // As llama-simple wrote them: the prompt at once, then one token at a time (the
        // products of the prompt and of a single token are summed differently, and these
        // choices sit on near-ties: llama.cpp's own prompt path gives 58 of these 64 choices
        // with flash attention, 62 without).
        model.clear_cache();
        let mut logits: Vec<Vec<f32>> = vec![model
            .forward(&prompt_ids, 0)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap()];
        for position in prompt_ids.len()..all_ids.len() - 1 {
            let next = model.forward(&all_ids[position..position + 1], position);
            logits.push(next.unwrap().flatten_all().unwrap().to_vec1().unwrap());
        }
        for position in prompt_ids.len() - 1..all_ids.len() - 1 {
            let row = &logits[position + 1 - prompt_ids.len()];
            let expected = all_ids[position + 1] as usize;
            let best = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            let gap = best - row[expected];
            assert!(
                gap < 0.35,
                "`{prompt}` step {position}: llama.cpp's token is {gap:.3} below our best"
            );
            first_choice += usize::from(gap == 0.0);
            steps += 1;
        }
    }
    assert!(
        first_choice * 10 >= steps * 9,
        "only {first_choice} of {steps} greedy choices agree"
    );
}

/// The same text run as one prefill, as chunks, or token by token past the 512-position
/// sliding window gives the same next-token logits.
#[test]
fn chunked_prefill_and_decode_agree_past_the_sliding_window() {
    let _cores = crate::all_cores();
    let (mut model, tokenizer) = load(1024);
    let text = std::fs::read_to_string(crate::repo_path("examples/velo-lyon.txt")).unwrap();
    let mut ids = tokenizer.encode(&format!("{text}\n{text}")).unwrap();
    ids.truncate(800);
    assert_eq!(ids.len(), 800, "the text spans more than the window");

    let whole: Vec<f32> = model.forward(&ids, 0).unwrap().to_vec1().unwrap();

    model.clear_cache();
    model.forward(&ids[..300], 0).unwrap();
    model.forward(&ids[300..760], 300).unwrap();
    let mut last = None;
    for (i, id) in ids.iter().enumerate().skip(760) {
        last = Some(model.forward(&[*id], i).unwrap());
    }
    let stepped: Vec<f32> = last.unwrap().to_vec1().unwrap();

    // Summation order differs between batch shapes and Gemma's large activations amplify
    // it in the logits' tail, so compare what sampling sees: probabilities and the top token.
    let softmax = |v: &[f32]| {
        let max = v.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let e: Vec<f32> = v.iter().map(|x| (x - max).exp()).collect();
        let sum: f32 = e.iter().sum();
        e.into_iter().map(|x| x / sum).collect::<Vec<f32>>()
    };
    let (p, q) = (softmax(&whole), softmax(&stepped));
    let max_diff = p
        .iter()
        .zip(&q)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(max_diff < 0.03, "probabilities differ by {max_diff}");
    let argmax = |v: &[f32]| {
        v.iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0
    };
    assert_eq!(argmax(&whole), argmax(&stepped));
}

/// Continuations decoded side by side as branches of one cached prompt (past the sliding
/// window, one branch stopping early): each branch sees the prompt and its own tokens only,
/// gets what it gets decoded alone after the same prompt, and leaves the prompt's cache as
/// it was.
#[test]
fn branches_decode_as_each_continuation_alone() {
    let _cores = crate::all_cores();
    let (mut model, tokenizer) = load(1024);
    let text = std::fs::read_to_string(crate::repo_path("examples/velo-lyon.txt")).unwrap();
    let mut ids = tokenizer.encode(&format!("{text}\n{text}")).unwrap();
    ids.truncate(600);
    assert_eq!(ids.len(), 600, "the prompt spans more than the window");
    let tails: Vec<Vec<u32>> = [
        " La Métropole de Lyon a voté un plan",
        " Les cyclistes attendent depuis longtemps des pistes",
        " Le projet coûtera plusieurs millions",
    ]
    .iter()
    .map(|t| tokenizer.encode_plain(t).unwrap())
    .collect();
    // Branch 1 stops after three tokens; the others go on six. `tokens(b, step)` is what row
    // `b` is fed at `step`; the logits of each branch's last step are kept.
    let lengths = [6, 3, 6];
    let decode = |model: &mut Model, tokens: &dyn Fn(usize, usize) -> u32| {
        let mut last = vec![Vec::new(); 3];
        for step in 0..6 {
            let of: Vec<usize> = (0..3).filter(|&b| step < lengths[b]).collect();
            let fed: Vec<u32> = of.iter().map(|&b| tokens(b, step)).collect();
            model
                .forward_branches(
                    &fed,
                    &of,
                    &vec![600 + step; of.len()],
                    8,
                    &mut |i, logits| {
                        last[of[i]] = logits.to_vec();
                        Ok(())
                    },
                )
                .unwrap();
        }
        last
    };
    model.clear_cache();
    model.forward(&ids, 0).unwrap();
    let branched = decode(&mut model, &|b, step| tails[b][step]);
    // Isolation, to the bit: the same rows and steps with every row fed branch b's tokens
    // give b's row the same logits, whatever the others were fed.
    for branch in 0..3 {
        let replayed = decode(&mut model, &|_, step| {
            tails[branch][step.min(lengths[branch] - 1)]
        });
        assert!(
            replayed[branch] == branched[branch],
            "branch {branch} depends on what the other branches were fed"
        );
    }
    let softmax = |v: &[f32]| {
        let max = v.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let e: Vec<f32> = v.iter().map(|x| (x - max).exp()).collect();
        let sum: f32 = e.iter().sum();
        e.into_iter().map(|x| x / sum).collect::<Vec<f32>>()
    };
    let argmax = |v: &[f32]| {
        v.iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0
    };
    for branch in 0..3 {
        let mut alone = None;
        for (step, id) in tails[branch][..lengths[branch]].iter().enumerate() {
            alone = Some(model.forward(&[*id], 600 + step).unwrap());
        }
        let alone: Vec<f32> = alone.unwrap().to_vec1().unwrap();
        // Side by side, rows go through the kernels' multi-token products, alone through the
        // one-token path: the sums differ in order, so compare what sampling sees.
        let (p, q) = (softmax(&alone), softmax(&branched[branch]));
        let worst = p
            .iter()
            .zip(&q)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(
            worst < 0.06,
            "branch {branch}: probabilities differ by {worst}"
        );
        // A near tie may fall the other way (on branch 0 the two best are 0.012 apart).
        let (best, chosen) = (argmax(&alone), argmax(&branched[branch]));
        let gap = alone[best] - alone[chosen];
        assert!(
            gap < 0.1,
            "branch {branch}: its choice is {gap} below the best alone"
        );
    }
}

/// The native CPU forward pass (our kernels and buffers, ring cache, pieces of 512) against the
/// same model run through candle's tensors and candle's own quantized kernels. Two
/// implementations of 8-bit activations never agree to the bit (a value rounded the other way
/// in one layer moves the logits by up to about one unit), so they are compared as a model is
/// judged: the same next token almost everywhere, and logits close on average, before and
/// past the sliding window, in prefill and in decode. A wrong mask, window, RoPE or norm moves
/// them by far more (without the window, perplexity goes from 12 to 167).
#[test]
fn native_forward_agrees_with_candle() {
    let _cores = crate::all_cores();
    let gguf = default_gguf();
    let mut native = Model::load(gguf, 1024, &Device::Cpu).unwrap();
    assert!(matches!(native, Model::Native(_)), "the CPU path is native");
    let mut reference = Model::load_candle(gguf, 1024, &Device::Cpu).unwrap();
    let tokenizer = TextTokenizer::from_gguf(gguf).unwrap();
    let text =
        std::fs::read_to_string(crate::repo_path("tests/fixtures/chronique-fr.txt")).unwrap();
    let ids = tokenizer.encode(&text).unwrap();
    let argmax = |v: &[f32]| {
        v.iter()
            .enumerate()
            .fold(
                (0, f32::MIN),
                |m, (i, x)| if *x > m.1 { (i, *x) } else { m },
            )
            .0
    };
    // (argmax, logits) of rows 450..750 of a 750-token prefill, then of 8 decode steps.
    let run = |model: &mut Model| {
        let mut rows: Vec<(usize, Vec<f32>)> = Vec::new();
        model
            .forward_rows(&ids[..750], 0, 450..750, &mut |_, l| {
                rows.push((argmax(l), l.to_vec()));
                Ok(())
            })
            .unwrap();
        for p in 750..758 {
            let l: Vec<f32> = model.forward(&ids[p..p + 1], p).unwrap().to_vec1().unwrap();
            rows.push((argmax(&l), l));
        }
        rows
    };
    let (a, b) = (run(&mut native), run(&mut reference));
    let agree = a.iter().zip(&b).filter(|(x, y)| x.0 == y.0).count();
    assert!(
        agree * 100 >= a.len() * 85,
        "the next token agrees at only {agree} of {} positions",
        a.len()
    );
    let mean_diff: f64 = a
        .iter()
        .zip(&b)
        .map(|(x, y)| {
            let d: f64 =
                x.1.iter()
                    .zip(&y.1)
                    .map(|(p, q)| (p - q).abs() as f64)
                    .sum();
            d / x.1.len() as f64
        })
        .sum::<f64>()
        / a.len() as f64;
    eprintln!(
        "next token agrees at {agree} of {} positions; logits differ by {mean_diff:.4} on average",
        a.len()
    );
    assert!(mean_diff < 0.4, "logits differ by {mean_diff} on average");
}

/// llama.cpp's own next-token logits on a prompt long enough for our prompt attention's
/// matrix products (≥ 64 tokens), from its Python binding on the same GGUF, in three settings:
/// an f16 cache with and without flash attention, and an f32 cache. Those settings already
/// disagree with one another on near-ties; ours must stay as close to each of them as they
/// are to one another.
#[test]
fn prompt_attention_stays_within_llama_cpps_own_spread() {
    let _cores = crate::all_cores();
    let (mut model, tokenizer) = load(512);
    let text = std::fs::read_to_string(crate::repo_path("examples/velo-lyon.txt")).unwrap();
    let mut ids = tokenizer.encode(&text).unwrap();
    ids.truncate(160);
    assert!(ids.len() >= 128, "a prompt of {} tokens", ids.len());
    let dir = tempfile::tempdir().unwrap();
    let ids_path = dir.path().join("ids.json");
    std::fs::write(&ids_path, serde_json::to_string(&ids).unwrap()).unwrap();
    // For each setting, the argmax at every position and, for every other setting's argmax,
    // how far below this setting's best it is.
    let script = r#"
import json, sys
import numpy as np
from llama_cpp import Llama, GGML_TYPE_F16, GGML_TYPE_F32
model, ids_path, out_path = sys.argv[1:]
ids = json.load(open(ids_path))
settings = {"f16 flash": (GGML_TYPE_F16, True), "f16": (GGML_TYPE_F16, False),
            "f32": (GGML_TYPE_F32, False)}
logits = {}
for name, (kv, flash) in settings.items():
    llm = Llama(model_path=model, n_ctx=512, n_batch=512, n_ubatch=512, n_threads=2,
                logits_all=True, type_k=kv, type_v=kv, flash_attn=flash, verbose=False)
    llm.eval(ids)
    logits[name] = np.array(llm.scores[: len(ids)], dtype=np.float32)
    del llm
out = {}
for name, l in logits.items():
    best = l.argmax(axis=1)
    out[name] = {"argmax": best.tolist()}
    for other, m in logits.items():
        theirs = m.argmax(axis=1)
        out[name]["gap_to_" + other] = (l.max(axis=1) - l[np.arange(len(ids)), theirs]).tolist()
json.dump(out, open(out_path, "w"))
"#;
    let out_path = dir.path().join("llama.json");
    let output = std::process::Command::new(crate::llama_cpp_python())
        .args(["-c", script])
        .arg(default_gguf())
        .arg(&ids_path)
        .arg(&out_path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "llama.cpp's logits: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let llama: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    let column = |setting: &str, key: &str| -> Vec<f64> {
        llama[setting][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    // How far llama.cpp's f16 runs put its f32 run's choices below their own best: its spread.
    let f16_to_f32: Vec<f64> = column("f16", "gap_to_f32")
        .into_iter()
        .zip(column("f16 flash", "gap_to_f32"))
        .map(|(a, b)| a.max(b))
        .collect();
    let spread = f16_to_f32.iter().cloned().fold(0.0, f64::max);

    model.clear_cache();
    let ours: Vec<Vec<f32>> = model.forward_all(&ids, 0).unwrap().to_vec2().unwrap();
    for setting in ["f16 flash", "f16", "f32"] {
        let choices = column(setting, "argmax");
        let (mut worst, mut beyond, mut same) = (0f64, 0f64, 0);
        for (i, (row, choice)) in ours.iter().zip(&choices).enumerate() {
            let best = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
            let gap = (best - row[*choice as usize]) as f64;
            worst = worst.max(gap);
            beyond = beyond.max(gap - f16_to_f32[i]);
            same += usize::from(gap == 0.0);
        }
        eprintln!(
            "llama.cpp {setting}: our first choice is its choice at {same} of {} positions; \
             its choice is at most {worst:.3} below our best ({beyond:.3} beyond llama.cpp's \
             f16 runs at the same position); llama.cpp's own f16/f32 spread {spread:.3}",
            ours.len()
        );
        // No farther from each setting, position by position, than llama.cpp's own f16
        // runs are from its f32 one, give or take the greedy check's bound. (Our prompt
        // products are summed in integers as llama.cpp's are, but in another order: on a
        // near-tie the choice can go either way, as it does between llama.cpp's own runs.)
        assert!(
            beyond < 0.35,
            "llama.cpp ({setting})'s choice is {beyond:.3} further below our best than below \
             llama.cpp's f16 runs' best"
        );
        // Our cache holds f16, as these runs': most first choices are theirs.
        if setting != "f32" {
            assert!(
                same * 100 >= ours.len() * 90,
                "only {same} of {} first choices agree with llama.cpp ({setting})",
                ours.len()
            );
        }
    }
}

/// With only Latin-script tokens asked for (as `write` asks for its French text), the default
/// model computes exactly the same logits for those tokens, in prefill and on branches, and
/// gives every other token `-inf`: about 62 % of its 262,144 rows are read.
#[test]
fn latin_only_logits_are_the_full_logits_of_latin_tokens() {
    let _cores = crate::all_cores();
    let (mut model, tokenizer) = load(256);
    let ids = tokenizer
        .encode("La ville de Lyon est connue pour")
        .unwrap();
    // The prompt's logits, then those of two branches after it.
    let run = |model: &mut Model| {
        model.clear_cache();
        let mut all: Vec<Vec<f32>> = vec![model.forward(&ids, 0).unwrap().to_vec1().unwrap()];
        let (tokens, at) = ([ids[1], ids[2]], [ids.len(); 2]);
        model
            .forward_branches(&tokens, &[0, 1], &at, 4, &mut |_, l| {
                all.push(l.to_vec());
                Ok(())
            })
            .unwrap();
        all
    };
    let full = run(&mut model);
    assert!(
        model.set_latin_only(true),
        "the default model has its rows apart"
    );
    let latin_all = run(&mut model);
    let latin = &latin_all[0];
    for (full, latin) in full.iter().zip(&latin_all) {
        let mut kept = 0;
        for (id, (f, l)) in full.iter().zip(latin.iter()).enumerate() {
            if *l == f32::NEG_INFINITY {
                continue;
            }
            assert_eq!(f.to_bits(), l.to_bits(), "token {id}");
            kept += 1;
        }
        assert!(
            (150_000..170_000).contains(&kept),
            "{kept} tokens kept of {}",
            full.len()
        );
    }
    let inner = tokenizer.inner();
    for word in ["▁Lyon", "▁été", "▁«", "<eos>", "<end_of_turn>"] {
        let id = inner.token_to_id(word).unwrap() as usize;
        assert!(latin[id].is_finite(), "{word} is written in Latin script");
    }
    for word in ["東京", "<0x41>", "<pad>"] {
        if let Some(id) = inner.token_to_id(word) {
            assert_eq!(latin[id as usize], f32::NEG_INFINITY, "{word}");
        }
    }
    let cjk = tokenizer.encode_plain("東京").unwrap();
    assert!(cjk
        .iter()
        .all(|&id| latin[id as usize] == f32::NEG_INFINITY));
    assert!(!model.set_latin_only(false));
    assert_eq!(run(&mut model), full, "every logit again once asked for");
}
