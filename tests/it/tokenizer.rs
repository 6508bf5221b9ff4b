//! The tokenizer built from the default GGUF's metadata against the reference Gemma 3
//! `tokenizer.json`: identical ids and identical decoded text on a long French text.

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
