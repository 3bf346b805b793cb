//! The UI's TypeScript bindings, generated from the commands' declarations and committed in
//! `ui/src/lib/bindings/`: `commands.ts`, the map of every command's name to its arguments
//! and result, and one file per Rust type those reach (ts-rs). The test here fails when a file
//! is stale; `cargo xtask bindings` (which sets FAILUP_UPDATE_BINDINGS=1) rewrites them.

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use ts_rs::{Config, TypeVisitor, TS};

/// Types the UI uses that no command's arguments or result reach: the error every command may
/// answer with, and what the window hears of files dragged over it.
fn types_outside_commands(collector: &mut Collector) {
    collector.visit::<failup_core::AppError>();
    collector.visit::<crate::drops::FileDrag>();
}

/// One command as the UI's map describes it.
pub struct Signature {
    name: &'static str,
    arguments: Vec<(String, TypeUse)>,
    result: TypeUse,
}

/// A Rust type where a command uses it: its TypeScript spelling and the bindings it needs.
pub struct TypeUse {
    typescript: String,
    visit: fn(&mut Collector),
}

impl Signature {
    pub fn new(name: &'static str, arguments: Vec<(String, TypeUse)>, result: TypeUse) -> Self {
        Self { name, arguments, result }
    }

    /// An argument, named as Tauri expects it from JavaScript (camelCase).
    pub fn argument<T: TS + 'static>(rust_name: &str) -> (String, TypeUse) {
        (camel_case(rust_name), Self::result::<T>())
    }

    pub fn result<T: TS + 'static>() -> TypeUse {
        TypeUse { typescript: T::name(&config()), visit: |collector| collector.visit::<T>() }
    }
}

/// Numbers the app sends are row ids and counts, far below 2^53: plain `number` in TypeScript
/// (the DTOs say the same field by field).
fn config() -> Config {
    Config::default().with_large_int("number")
}

/// Walks every type a command reaches, keeping one binding file per exported type.
struct Collector {
    config: Config,
    seen: HashSet<TypeId>,
    files: BTreeMap<PathBuf, String>,
    /// The exported types the last top-level visit named, for the command map's imports.
    named: BTreeSet<(String, PathBuf)>,
}

impl TypeVisitor for Collector {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if let Some(path) = T::output_path() {
            self.named.insert((T::ident(&self.config), path.clone()));
            if self.seen.insert(TypeId::of::<T>()) {
                let contents = T::export_to_string(&self.config)
                    .unwrap_or_else(|error| panic!("{} cannot be exported: {error}", T::ident(&self.config)));
                self.files.insert(path, contents);
                let mut inner = Collector {
                    config: config(),
                    seen: std::mem::take(&mut self.seen),
                    files: std::mem::take(&mut self.files),
                    named: BTreeSet::new(),
                };
                T::visit_dependencies(&mut inner);
                self.seen = inner.seen;
                self.files = inner.files;
            }
        }
        // `Option<T>`, `Vec<T>`: the types inside are named where the outer one is.
        T::visit_generics(self);
    }
}

/// Every binding file, by its name in `ui/src/lib/bindings/`.
fn generated() -> BTreeMap<PathBuf, String> {
    let mut collector =
        Collector { config: config(), seen: HashSet::new(), files: BTreeMap::new(), named: BTreeSet::new() };
    let mut lines = Vec::new();
    let mut signatures = crate::commands::signatures();
    signatures.sort_by_key(|signature| signature.name);
    for signature in &signatures {
        let arguments = if signature.arguments.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> =
                signature.arguments.iter().map(|(name, type_use)| format!("{name}: {}", type_use.typescript)).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        for (_, type_use) in &signature.arguments {
            (type_use.visit)(&mut collector);
        }
        (signature.result.visit)(&mut collector);
        lines.push(format!("  {}: {{ args: {arguments}; result: {} }};", signature.name, signature.result.typescript));
    }
    let imports: Vec<String> = std::mem::take(&mut collector.named)
        .into_iter()
        .map(|(name, path)| format!("import type {{ {name} }} from './{}';", path.with_extension("").display()))
        .collect();
    types_outside_commands(&mut collector);
    let map = format!(
        "// This file was generated from the app's command declarations (src-tauri). Do not edit it by hand.\n\
         {}\n\n\
         /** Every IPC command the window may call: its arguments (as Tauri takes them, camelCase) and its result. */\n\
         export type Commands = {{\n{}\n}};\n",
        imports.join("\n"),
        lines.join("\n"),
    );
    let mut files = collector.files;
    files.insert(PathBuf::from("commands.ts"), map);
    files
}

fn camel_case(snake: &str) -> String {
    let mut words = snake.split('_');
    let first = words.next().unwrap_or_default().to_owned();
    words.fold(first, |mut name, word| {
        let mut letters = word.chars();
        if let Some(initial) = letters.next() {
            name.extend(initial.to_uppercase());
            name.push_str(letters.as_str());
        }
        name
    })
}

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings")
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let dir = bindings_dir();
    let update = std::env::var_os("FAILUP_UPDATE_BINDINGS").is_some();
    let files = generated();
    let mut stale = Vec::new();
    for (name, contents) in &files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            if update {
                std::fs::write(&path, contents).unwrap();
            } else {
                stale.push(name.display().to_string());
            }
        }
    }
    for existing in std::fs::read_dir(&dir).unwrap() {
        let name = PathBuf::from(existing.unwrap().file_name());
        if !files.contains_key(&name) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(format!("{} (no longer generated)", name.display()));
            }
        }
    }
    assert!(stale.is_empty(), "TypeScript bindings are out of date: {stale:?}. Run `cargo xtask bindings`.");
}

#[test]
fn argument_names_cross_ipc_in_camel_case() {
    assert_eq!(camel_case("setback_id"), "setbackId");
    assert_eq!(camel_case("include_hidden"), "includeHidden");
    assert_eq!(camel_case("id"), "id");
}
