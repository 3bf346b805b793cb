//! The app's command line.

use std::ffi::OsString;
use std::path::PathBuf;

pub const USAGE: &str = "Usage: failup [--data-dir DIR]

Options:
  --data-dir DIR   keep the journal in DIR instead of the system's app-data folder
  -h, --help       show this help
  -V, --version    show the version";

/// What the command line asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    /// The folder that holds the journal, if not the default.
    pub data_dir: Option<PathBuf>,
}

/// The outcome of parsing: run the app, or print something and exit.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(LaunchOptions),
    Exit(String),
}

impl LaunchOptions {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, String> {
        let mut options = LaunchOptions::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--data-dir" {
                let dir = args.next().ok_or("--data-dir needs a folder")?;
                options.data_dir = Some(absolute(PathBuf::from(dir))?);
            } else if let Some(dir) = text.strip_prefix("--data-dir=") {
                options.data_dir = Some(absolute(PathBuf::from(dir))?);
            } else if text == "-h" || text == "--help" {
                return Ok(Parsed::Exit(USAGE.to_owned()));
            } else if text == "-V" || text == "--version" {
                return Ok(Parsed::Exit(format!("Failing Up {}", env!("CARGO_PKG_VERSION"))));
            } else {
                return Err(format!("unknown argument {text:?}"));
            }
        }
        Ok(Parsed::Run(options))
    }
}

/// The journal's folder must not depend on the folder the app happened to start in.
fn absolute(dir: PathBuf) -> Result<PathBuf, String> {
    if dir.as_os_str().is_empty() {
        return Err("--data-dir needs a folder".to_owned());
    }
    std::path::absolute(&dir).map_err(|error| format!("cannot use {} as data folder: {error}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        LaunchOptions::parse(args.iter().map(OsString::from))
    }

    #[test]
    fn no_arguments_use_the_default_folder() {
        assert_eq!(parse(&[]), Ok(Parsed::Run(LaunchOptions::default())));
    }

    #[test]
    fn data_dir_is_taken_in_both_spellings_and_made_absolute() {
        for args in [&["--data-dir", "/tmp/journal"][..], &["--data-dir=/tmp/journal"]] {
            assert_eq!(parse(args), Ok(Parsed::Run(LaunchOptions { data_dir: Some("/tmp/journal".into()) })));
        }
        let Ok(Parsed::Run(relative)) = parse(&["--data-dir", "journal"]) else {
            panic!("relative folders are accepted")
        };
        assert!(relative.data_dir.unwrap().is_absolute(), "a relative folder is resolved against the start folder");
    }

    #[test]
    fn mistakes_are_reported_not_ignored() {
        assert_eq!(parse(&["--data-dir"]), Err("--data-dir needs a folder".to_owned()));
        assert!(parse(&["--dtaa-dir", "x"]).unwrap_err().contains("--dtaa-dir"));
    }
}
