//! The fuzz targets' seeds and the inputs that once crashed them (`fuzz/seeds/TARGET/`), run
//! through the same entry points on stable Rust, so that what fuzzing fixed stays fixed.

use crate::repo_path;

#[test]
fn every_seed_runs_through_its_target() {
    for (target, run) in redacteur::fuzzing::TARGETS {
        let dir = repo_path(&format!("fuzz/seeds/{target}"));
        let mut seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "{target} has no seeds");
        for seed in seeds {
            eprintln!("{target}: {}", seed.display());
            run(&std::fs::read(&seed).unwrap());
        }
    }
}

#[test]
fn the_gguf_seed_is_a_header_the_reader_accepts() {
    let bytes = std::fs::read(repo_path("fuzz/seeds/gguf/tiny.gguf")).unwrap();
    let candle =
        candle_core::quantized::gguf_file::Content::read(&mut std::io::Cursor::new(&bytes[..]))
            .unwrap();
    let (content, tensors) =
        redacteur::model::gguf::read_header(&mut std::io::Cursor::new(&bytes[..])).unwrap();
    // Our reader finds what candle's finds.
    assert_eq!(content.tensor_data_offset, candle.tensor_data_offset);
    let mut keys: Vec<_> = content.metadata.keys().collect();
    let mut candle_keys: Vec<_> = candle.metadata.keys().collect();
    keys.sort();
    candle_keys.sort();
    assert_eq!(keys, candle_keys);
    assert_eq!(content.tensor_infos.len(), candle.tensor_infos.len());
    for (name, info) in &candle.tensor_infos {
        let ours = &content.tensor_infos[name];
        assert_eq!(
            (ours.ggml_dtype, ours.shape.dims(), ours.offset),
            (info.ggml_dtype, info.shape.dims(), info.offset),
            "{name}"
        );
        let entry = tensors.get(name).unwrap();
        assert_eq!(
            (&entry.dims[..], entry.offset),
            (info.shape.dims(), info.offset)
        );
    }
    redacteur::model::gguf::check_extents(&tensors, bytes.len() as u64).unwrap();
    let err = redacteur::model::gguf::check_extents(&tensors, bytes.len() as u64 - 1)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("truncated") && err.contains("token_embd.weight"),
        "{err}"
    );
}

#[test]
fn a_header_with_alignment_zero_is_an_error_not_a_crash() {
    // Found by the `gguf` target: candle's reader divides by `general.alignment`.
    let bytes = std::fs::read(repo_path("fuzz/seeds/gguf/crash-alignment-zero.gguf")).unwrap();
    let err = redacteur::model::gguf::read_header(&mut std::io::Cursor::new(&bytes[..]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`general.alignment` is 0"), "{err}");
}
