//! Fuzz target `request_line`: see `redacteur::fuzzing::request_line`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| redacteur::fuzzing::request_line(data));
