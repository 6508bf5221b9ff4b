//! Fuzz target `check`: see `redacteur::fuzzing::check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redacteur::fuzzing::check(data));
