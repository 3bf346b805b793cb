//! Any bytes given to the parser of Daylio's CSV export must give a plan or a clear error, never a
//! panic, a hang or unbounded memory.
#![no_main]

use failup_core::transfer::{ImportFormat, ParsedImport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(error) = ParsedImport::from_bytes(ImportFormat::Daylio, bytes, "fuzz") {
        assert!(!error.to_string().is_empty(), "a refusal says what is wrong");
    }
});
