//! Day One zips: input that starts like a zip goes to the zip reader as it is (damaged
//! archives, lying headers, bombs, `../` names); any other input is packed as the
//! `Journal.json` of a well-formed zip, so that the JSON inside a zip is fuzzed too. Either
//! way the parser must give a plan or a clear error, never a panic, a hang or unbounded memory.
#![no_main]

use std::io::{Cursor, Write};

use failup_core::transfer::{ImportFormat, ParsedImport};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

fuzz_target!(|bytes: &[u8]| {
    let archive = if bytes.starts_with(b"PK") {
        bytes.to_vec()
    } else {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file("Journal.json", options).expect("a new zip takes a file");
        writer.write_all(bytes).expect("writing into memory cannot fail");
        writer.finish().expect("a zip in memory can be finished").into_inner()
    };
    if let Err(error) = ParsedImport::from_bytes(ImportFormat::DayOne, &archive, "fuzz.zip") {
        assert!(!error.to_string().is_empty(), "a refusal says what is wrong");
    }
});
