//! The tokens written in Latin script, and the output projection's rows in memory with them
//! first: a French article never needs the other 98,000 of Gemma's 262,144 tokens (CJK,
//! Cyrillic, Arabic…), so while only Latin text is asked for, the projection reads only the
//! first rows, about 62 % of the matrix.

use std::collections::HashMap;

use crate::kernels::pool::Pool;
use candle_core::quantized::gguf_file::Value;

use crate::tokenizer::{integer, CONTROL, NORMAL, USER_DEFINED};

/// Logits put in id order per task.
const IDS: usize = 16_384;

/// Where each token's row lies in the reordered matrix: the Latin tokens' rows first, in id
/// order, then the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinRows {
    /// The token of each row.
    pub id_of_row: Vec<u32>,
    /// The row of each token.
    pub row_of_id: Vec<u32>,
    /// How many rows, from the first, are Latin tokens.
    pub latin: usize,
}

impl LatinRows {
    /// From a SentencePiece vocabulary's tokens and their types; `None` for a byte-level BPE
    /// vocabulary (its tokens are bytes spelt as characters, not text) or a vocabulary of
    /// `rows` other than the matrix's.
    pub fn from_metadata(metadata: &HashMap<String, Value>, rows: usize) -> Option<Self> {
        let model = metadata.get("tokenizer.ggml.model")?.to_string().ok()?;
        if model != "llama" && model != "gemma" {
            return None;
        }
        let Some(Value::Array(tokens)) = metadata.get("tokenizer.ggml.tokens") else {
            return None;
        };
        let tokens: Vec<&str> = tokens
            .iter()
            .map(|t| t.to_string().ok().map(String::as_str))
            .collect::<Option<_>>()?;
        let types: Vec<i32> = match metadata.get("tokenizer.ggml.token_type") {
            Some(Value::Array(types)) => types
                .iter()
                .map(|t| integer(t).and_then(|t| i32::try_from(t).ok()))
                .collect::<Option<_>>()?,
            _ => vec![NORMAL; tokens.len()],
        };
        let ends: Vec<u32> = ["tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"]
            .iter()
            .filter_map(|key| metadata.get(*key)?.to_u32().ok())
            .collect();
        if tokens.len() != rows || types.len() != rows {
            return None;
        }
        let keep = tokens
            .iter()
            .zip(&types)
            .enumerate()
            .map(|(id, (token, &ty))| {
                match ty {
                    NORMAL | USER_DEFINED => is_latin(token),
                    CONTROL => {
                        ends.contains(&(id as u32)) || crate::tokenizer::STOP_TOKENS.contains(token)
                    }
                    // Bytes (a French text needs none: every accent has its token), unused and
                    // unknown tokens.
                    _ => false,
                }
            });
        Some(Self::from_kept(keep))
    }

    /// The order with the tokens `keep` says yes to first.
    pub fn from_kept(keep: impl Iterator<Item = bool>) -> Self {
        let keep: Vec<bool> = keep.collect();
        let mut id_of_row: Vec<u32> = (0..keep.len() as u32)
            .filter(|&i| keep[i as usize])
            .collect();
        let latin = id_of_row.len();
        id_of_row.extend((0..keep.len() as u32).filter(|&i| !keep[i as usize]));
        let mut row_of_id = vec![0u32; keep.len()];
        for (row, &id) in id_of_row.iter().enumerate() {
            row_of_id[id as usize] = row as u32;
        }
        Self {
            id_of_row,
            row_of_id,
            latin,
        }
    }

    /// Puts every row's logits (`rows`, `tokens × vocabulary` in row order) in id order into
    /// `out`, in runs of ids side by side on the threads.
    pub fn gather(&self, rows: &[f32], out: &mut [f32]) {
        let vocab = self.row_of_id.len();
        debug_assert_eq!(rows.len(), out.len());
        Pool::global().row_chunks_mut(out, vocab, IDS, |t, c, part| {
            let rows = &rows[t * vocab..][..vocab];
            for (v, &r) in part.iter_mut().zip(&self.row_of_id[c * IDS..]) {
                *v = rows[r as usize];
            }
        });
    }

    /// Puts each token's Latin rows' logits (`rows`, `tokens × latin`) in id order into
    /// `out` (`tokens × vocabulary`), the other tokens `-inf`: never sampled, no probability.
    /// In runs of ids side by side on the threads (a serial pass over 262,144 logits cost a
    /// seventh of a 4-branch step).
    pub fn spread(&self, rows: &[f32], out: &mut [f32]) {
        let (vocab, latin) = (self.row_of_id.len(), self.latin);
        let ids = &self.id_of_row[..latin];
        debug_assert_eq!(rows.len() / latin, out.len() / vocab);
        Pool::global().row_chunks_mut(out, vocab, IDS, |t, c, part| {
            let rows = &rows[t * latin..][..latin];
            let (a, b) = (c * IDS, c * IDS + part.len());
            let from = ids.partition_point(|&id| (id as usize) < a);
            let to = ids.partition_point(|&id| (id as usize) < b);
            part.fill(f32::NEG_INFINITY);
            for (&id, v) in ids[from..to].iter().zip(&rows[from..to]) {
                part[id as usize - a] = *v;
            }
        });
    }
}

/// Whether a SentencePiece token is written in Latin script: every character is ASCII, in
/// the Latin supplements and extensions, general punctuation (’ « — …), a currency or
/// letterlike symbol (€, №), or the word-start mark `▁`.
pub fn is_latin(token: &str) -> bool {
    // « Ã » alone is the first half of an accented letter read byte for byte as Latin-1
    // (« battÃ© », an « é » so read, written again and again by the default model and
    // refused as a word of no language); no French word is spelt with it.
    !token.is_empty()
        && token.trim_start_matches('\u{2581}') != "\u{c3}"
        && token.chars().all(|c| {
            matches!(c as u32,
                0x09 | 0x0a | 0x0d
                | 0x20..=0x7e
                | 0xa0..=0x24f
                | 0x1e00..=0x1eff
                | 0x2000..=0x206f
                | 0x20a0..=0x20cf
                | 0x2100..=0x214f
                | 0x2581)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_tokens_are_latin_and_other_scripts_are_not() {
        for token in ["▁Lyon", "é", "▁l’", "▁«", "€", "…", "œuvre", "\n", "▁-"] {
            assert!(is_latin(token), "{token:?}");
        }
        for token in ["▁Москва", "東京", "▁القاهرة", "😀", "▁αβ", "", "Ã", "▁Ã"]
        {
            assert!(!is_latin(token), "{token:?}");
        }
    }

    #[test]
    fn kept_tokens_come_first_and_their_logits_go_back_in_id_order() {
        let order = LatinRows::from_kept([false, true, true, false, true].into_iter());
        assert_eq!(order.id_of_row, vec![1, 2, 4, 0, 3]);
        assert_eq!(order.latin, 3);
        for (id, &row) in order.row_of_id.iter().enumerate() {
            assert_eq!(order.id_of_row[row as usize], id as u32);
        }
        let mut out = vec![0.0; 5];
        order.gather(&[1.0, 2.0, 4.0, 0.5, 3.0], &mut out);
        assert_eq!(out, vec![0.5, 1.0, 2.0, 3.0, 4.0]);
        let inf = f32::NEG_INFINITY;
        let mut two = vec![0.0; 10];
        order.spread(&[1.0, 2.0, 4.0, 11.0, 12.0, 14.0], &mut two);
        assert_eq!(
            two,
            vec![inf, 1.0, 2.0, inf, 4.0, inf, 11.0, 12.0, inf, 14.0]
        );
        // The first and last ids left out; none left out; more ids than a run of them.
        let ends = LatinRows::from_kept([false, true, false].into_iter());
        let mut one = vec![0.0; 3];
        ends.spread(&[7.0], &mut one);
        assert_eq!(one, vec![inf, 7.0, inf]);
        let all = LatinRows::from_kept([true, true].into_iter());
        let mut same = vec![0.0; 4];
        all.spread(&[1.0, 2.0, 3.0, 4.0], &mut same);
        assert_eq!(same, vec![1.0, 2.0, 3.0, 4.0]);
        let long = LatinRows::from_kept((0..40_000).map(|i| i % 3 != 0));
        let rows: Vec<f32> = (0..2 * long.latin).map(|r| r as f32).collect();
        let mut out = vec![0.0; 80_000];
        long.spread(&rows, &mut out);
        for t in 0..2 {
            for id in 0..40_000 {
                let want = match id % 3 {
                    0 => inf,
                    _ => (t * long.latin + long.row_of_id[id] as usize) as f32,
                };
                assert_eq!(out[t * 40_000 + id], want, "token {t}, id {id}");
            }
        }
    }

    #[test]
    fn bytes_unused_and_other_controls_are_left_out_but_the_end_is_kept() {
        let strings =
            |v: &[&str]| Value::Array(v.iter().map(|s| Value::String(s.to_string())).collect());
        let mut metadata = HashMap::new();
        metadata.insert("tokenizer.ggml.model".into(), Value::String("llama".into()));
        metadata.insert(
            "tokenizer.ggml.tokens".into(),
            strings(&[
                "<pad>",
                "<eos>",
                "<0x41>",
                "▁la",
                "東",
                "<unused0>",
                "<mask>",
            ]),
        );
        metadata.insert(
            "tokenizer.ggml.token_type".into(),
            Value::Array([3, 3, 6, 1, 1, 5, 3].map(Value::I32).to_vec()),
        );
        let order = LatinRows::from_metadata(&metadata, 7).expect("a SentencePiece vocabulary");
        assert_eq!(order.id_of_row[..order.latin], [1, 3]);
        assert!(
            LatinRows::from_metadata(&metadata, 8).is_none(),
            "rows differ"
        );
        metadata.insert("tokenizer.ggml.model".into(), Value::String("gpt2".into()));
        assert!(
            LatinRows::from_metadata(&metadata, 7).is_none(),
            "byte-level"
        );
    }
}
