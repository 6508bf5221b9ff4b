//! Fuzz target `catalogue`: see `redacteur::fuzzing::catalogue`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redacteur::fuzzing::catalogue(data));
