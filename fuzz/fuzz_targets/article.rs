//! Fuzz target `article`: see `redacteur::fuzzing::article`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redacteur::fuzzing::article(data));
