//! Fuzz target `gguf`: see `redacteur::fuzzing::gguf`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redacteur::fuzzing::gguf(data));
