//! Any bytes given to the parser of the Failing Up JSON export must give a plan or a clear error, never a
//! panic, a hang or unbounded memory.
#![no_main]

use failup_core::transfer::{ImportFormat, ParsedImport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(error) = ParsedImport::from_bytes(ImportFormat::FailingUp, bytes, "fuzz") {
        assert!(!error.to_string().is_empty(), "a refusal says what is wrong");
    }
});
