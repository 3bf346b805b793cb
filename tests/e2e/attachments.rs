//! Files attached to an entry and a setback, in the real window: a real picture chosen through
//! the native dialog's path, shown as a thumbnail and in the preview through the app's
//! `attachment:` protocol, and a file whose name lies about its type refused with a message.
//! Files dragged from a file manager (a real XDND drag under Xvfb) and dropped on an entry; a
//! file opened in the system's viewer from a private copy in memory, saved as an exact copy,
//! and refused where there is no private place for it.

use serde_json::json;

use crate::driver::{App, Launch};

/// A real PNG picture, `width` × `height`, of a colour gradient.
pub fn gradient_png(width: u32, height: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).flat_map(move |x| [(x * 255 / width) as u8, (y * 255 / height) as u8, 160]))
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("a PNG header");
    writer.write_image_data(&pixels).expect("PNG pixels");
    writer.finish().expect("a complete PNG");
    bytes
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_picture_attached_to_an_entry_is_shown_and_a_file_that_lies_about_its_type_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("whiteboard.png");
    let photo = gradient_png(96, 64);
    std::fs::write(&picture, &photo).unwrap();
    let app = App::launch_with(
        data.path(),
        Launch { env: &[("FAILUP_DEBUG_DIALOG_ANSWER", picture.to_str().unwrap())], ..Launch::default() },
    );

    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "The retro went badly");
    app.type_text(&app.find("#entry-body"), "The whiteboard after the retro:");
    app.click(&app.find("#attach-files"));
    app.wait_for(
        "the picture's thumbnail, decoded from the attachment: protocol",
        "document.querySelector('.attachment img.thumbnail')?.naturalWidth === 96",
    );
    app.click(&app.find("button[aria-label=\"Insert whiteboard.png in the text\"]"));
    let body = app.value(&app.find("#entry-body"));
    assert!(body.contains("![whiteboard.png](attachment:"), "the text refers to the picture: {body}");
    app.screenshot("60-attachment-thumbnail");

    app.click(&app.find("#toggle-preview"));
    app.wait_for(
        "the picture in the rendered entry",
        "document.querySelector('#entry-preview img')?.naturalWidth === 96",
    );
    app.screenshot("61-attachment-in-preview");
    let stored = files_under(&data.path().join("attachments"));
    assert_eq!(stored.len(), 1, "one stored file: {stored:?}");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), photo, "stored as it was (the journal is not encrypted)");

    // A screenshot pasted into the text is attached and referred to where the cursor is.
    app.click(&app.find("#toggle-preview"));
    let pasted = app.execute(
        "const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
         const data = new DataTransfer();
         data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
         const body = document.querySelector('#entry-body');
         body.focus();
         body.setSelectionRange(body.value.length, body.value.length);
         return body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));",
        json!([base64_of(&gradient_png(40, 30))]),
    );
    assert_eq!(pasted, json!(false), "the paste of a file is taken over (not pasted as text)");
    app.wait_for(
        "the pasted screenshot in the list",
        "document.querySelectorAll('.attachment img.thumbnail').length === 2",
    );
    app.wait_for(
        "the pasted screenshot decoded",
        "[...document.querySelectorAll('.attachment img.thumbnail')].every((img) => img.naturalWidth > 0)",
    );
    let body = app.value(&app.find("#entry-body"));
    assert!(body.contains("![pasted-"), "the text refers to the pasted screenshot: {body}");
    app.screenshot("62-attachment-pasted");

    // The same picture on a setback: shown there too, and still stored once.
    app.invoke(
        "create_setback",
        json!({ "draft": { "title": "Retro blew up", "whatHappened": "We argued.", "localDateTime": null,
                           "timeZone": null, "areaId": null, "impact": 5, "control": "some",
                           "feelings": [], "entryIds": [], "coolDownHours": null } }),
    );
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("li[data-setback-id]"));
    app.click(&app.find("#attach-files"));
    app.wait_for(
        "the picture on the setback",
        "document.querySelector('.attachment img.thumbnail')?.naturalWidth === 96",
    );
    app.execute("document.querySelector('#attachments-heading').scrollIntoView({ block: 'center' });", json!([]));
    app.screenshot("63-attachment-on-setback");
    assert_eq!(files_under(&data.path().join("attachments")).len(), 2, "the same picture twice is stored once");
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.click(&app.find("li[data-entry-id]"));

    // The same name, now holding a PDF: refused, and nothing is added.
    std::fs::write(&picture, b"%PDF-1.7 not a picture").unwrap();
    app.click(&app.find("#attach-files"));
    app.wait_for(
        "the refusal, naming the file and what it really is",
        "document.querySelector('.attachments .error-text')?.textContent.includes('“whiteboard.png” is named as a PNG picture, but its content is a PDF document')",
    );
    assert_eq!(app.count(".attachment"), 2, "the refused file is not listed");
    let entries = app.invoke("list_entries", json!({ "cursor": null, "limit": 10 }));
    let id = entries["entries"][0]["id"].as_i64().unwrap();
    let listed = app.invoke("list_attachments", json!({ "owner": { "kind": "entry", "id": id } }));
    assert_eq!(listed.as_array().unwrap().len(), 2, "nor attached");
    app.screenshot("64-attachment-refused");
}

/// A small but real PDF: one page, padded past several 64 KiB chunks of the attachment store.
fn pdf_letter() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        .to_vec();
    for line in 0..3000 {
        pdf.extend_from_slice(format!("% padding line {line:05} of the letter from the bank\n").as_bytes());
    }
    pdf.extend_from_slice(b"trailer << /Root 1 0 R >>\n%%EOF\n");
    pdf
}

/// Half a second of a 440 Hz tone, as a WAV recording (16-bit mono PCM at 8 kHz).
fn wav_tone() -> Vec<u8> {
    let samples: Vec<i16> =
        (0..4000).map(|i| ((i as f64 * 440.0 * std::f64::consts::TAU / 8000.0).sin() * 8000.0) as i16).collect();
    let data_len = (samples.len() * 2) as u32;
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&16000u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        wav.extend_from_slice(&sample.to_le_bytes());
    }
    wav
}

/// The drag source: a GTK 3 window (PyGObject, as Debian ships it with python3-gi) whose button
/// offers files as `text/uri-list`, as a file manager does, dragged by real pointer input.
const DRAG_SOURCE: &str = r#""""A file manager's drag, driven by real pointer input.

Usage: drag_source.py X Y GO_FILE URI...

Shows a small GTK window whose button offers URI... as text/uri-list (as a file manager's
file does), then moves the X server's pointer (XTEST) onto the button, presses, drags to
(X, Y) on the screen and prints "over". Once GO_FILE exists it lets go there, and prints
"ended" when GTK reports the drag's end.
"""
import ctypes
import os
import sys

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

target_x, target_y, go_file, uris = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]

xlib = ctypes.CDLL("libX11.so.6")
xtst = ctypes.CDLL("libXtst.so.6")
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
xlib.XFlush.argtypes = [ctypes.c_void_p]
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
display = xlib.XOpenDisplay(None)
if not display:
    sys.exit("no X display")


def move(x, y):
    xtst.XTestFakeMotionEvent(display, -1, int(x), int(y), 0)
    xlib.XFlush(display)


def button(pressed):
    xtst.XTestFakeButtonEvent(display, 1, 1 if pressed else 0, 0)
    xlib.XFlush(display)


def say(word):
    print(word, flush=True)


window = Gtk.Window(title="Files")
window.set_default_size(140, 48)
window.move(int(os.environ.get("DRAG_SOURCE_X", "1130")), int(os.environ.get("DRAG_SOURCE_Y", "745")))
source = Gtk.Button(label="%d files" % len(uris))
window.add(source)
source.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
source.drag_source_add_uri_targets()
source.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris(uris))
source.connect("drag-end", lambda *_: (say("ended"), GLib.timeout_add(300, Gtk.main_quit)))


def steps():
    """The drag, one step per timeout; yields the milliseconds to wait before the next."""
    origin = source.get_window().get_origin()
    allocation = source.get_allocation()
    start_x = origin[-2] + allocation.x + allocation.width // 2
    start_y = origin[-1] + allocation.y + allocation.height // 2
    move(start_x, start_y)
    yield 200
    button(True)
    yield 100
    for step in range(1, 41):
        move(start_x + (target_x - start_x) * step / 40, start_y + (target_y - start_y) * step / 40)
        yield 30
    for wiggle in (1, -1, 0):
        move(target_x + wiggle, target_y)
        yield 100
    say("over")
    while not os.path.exists(go_file):
        move(target_x, target_y)
        yield 100
    move(target_x + 1, target_y)
    yield 100
    button(False)
    say("released")


def run(iterator):
    try:
        GLib.timeout_add(next(iterator), run, iterator)
    except StopIteration:
        pass
    return False


window.connect("map-event", lambda *_: GLib.timeout_add(500, run, steps()) and False)
window.show_all()
GLib.timeout_add_seconds(120, lambda: sys.exit("the drag did not end"))
Gtk.main()
"#;

/// A file manager's drag of files onto the window, as real as Xvfb allows: the X server's own
/// pointer (XTEST) presses a GTK drag source, drags it over the app's window and lets go, so
/// the app gets the XDND messages a file manager's drop sends, from GTK to WebKitGTK to Tauri.
struct FileManagerDrag {
    child: std::process::Child,
    output: std::io::BufReader<std::process::ChildStdout>,
    go: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl FileManagerDrag {
    /// Drags `files` to the point (`x`, `y`) of the screen and holds them there.
    fn start(files: &[&std::path::Path], x: i64, y: i64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("drag_source.py");
        std::fs::write(&script, DRAG_SOURCE).unwrap();
        let go = dir.path().join("go");
        let uris = files.iter().map(|file| {
            let path = file.to_str().unwrap();
            let escaped: String = path
                .bytes()
                .map(|byte| match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                        (byte as char).to_string()
                    }
                    _ => format!("%{byte:02X}"),
                })
                .collect();
            format!("file://{escaped}")
        });
        // Debian's own Python, where python3-gi is installed (not one earlier on PATH).
        let mut child = std::process::Command::new("/usr/bin/python3")
            .arg(&script)
            .args([x.to_string(), y.to_string()])
            .arg(&go)
            .args(uris)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with GTK 3 (Debian's python3-gi) runs the drag source");
        let output = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut drag = FileManagerDrag { child, output, go, _dir: dir };
        drag.expect_line("over");
        drag
    }

    fn expect_line(&mut self, word: &str) {
        use std::io::BufRead;
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), word, "the drag source says where it is");
    }

    /// Lets go of the files where they are, and waits for the drag to end.
    fn release(mut self) {
        std::fs::write(&self.go, b"").unwrap();
        self.expect_line("released");
        self.expect_line("ended");
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the drag source ends cleanly: {status}");
    }
}

/// Where the point at `across` of the width and half the height of the element `css` is on the
/// screen (the window has no decorations under Xvfb, so the page's corner is the window's).
fn screen_point(app: &App, css: &str, across: f64) -> (i64, i64) {
    let point = app.execute(
        "const box = document.querySelector(arguments[0]).getBoundingClientRect();
         return [Math.round(window.screenX + box.left + box.width * arguments[1]), Math.round(window.screenY + box.top + box.height / 2)];",
        json!([css, across]),
    );
    (point[0].as_i64().unwrap(), point[1].as_i64().unwrap())
}

/// The controls in `css` that have no accessible name.
fn unnamed_controls(app: &App, css: &str) -> serde_json::Value {
    app.execute(
        "return [...document.querySelectorAll(arguments[0] + ' :is(button, input, textarea, select, a[href], audio, video)')]
            .filter(e => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim() || e.title))
            .map(e => e.outerHTML.slice(0, 80));",
        json!([css]),
    )
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn files_dragged_from_the_file_manager_and_dropped_on_an_entry_are_attached_to_it() {
    for (theme, env) in [("light", vec![]), ("dark", vec![("GTK_THEME", "Adwaita:dark")])] {
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let letter = files.path().join("letter from the bank.pdf");
        std::fs::write(&letter, pdf_letter()).unwrap();
        let voice = files.path().join("voice note.wav");
        std::fs::write(&voice, wav_tone()).unwrap();
        let lying = files.path().join("notes.png");
        std::fs::write(&lying, b"%PDF-1.7 not a picture").unwrap();
        let app = App::launch_with_env(data.path(), &env);

        app.click(&app.find("#new-entry"));
        app.type_text(&app.find("#entry-title"), &format!("The loan was refused ({theme})"));
        app.find("#attach-files"); // saved: files can be attached
        app.execute("document.querySelector('section.attachments').scrollIntoView({ block: 'center' });", json!([]));
        // Near the area's right end: the drag's icon, below the pointer, then hides no words.
        let (x, y) = screen_point(&app, "section.attachments", 0.85);
        let drag = FileManagerDrag::start(&[&letter, &lying, &voice], x, y);
        app.wait_for(
            "the attachments highlighted under the dragged files",
            "document.querySelector('section.attachments.drop-target .drop-hint')?.textContent.includes('Drop to attach')",
        );
        app.screenshot(&format!("65-attachment-drop-highlight-{theme}"));
        drag.release();

        app.wait_for("the two good files listed", "document.querySelectorAll('.attachment').length === 2");
        app.wait_for(
            "the refusal, naming the file that lies about its type",
            "document.querySelector('.attachments .error-text')?.textContent.includes('Couldn\\'t attach 1 of the 3 files: “notes.png” is named as a PNG picture, but its content is a PDF document')",
        );
        assert_eq!(app.count("section.attachments.drop-target"), 0, "the highlight goes with the drop");
        let page = app.execute("return location.href;", json!([]));
        assert!(page.as_str().unwrap().starts_with("tauri://localhost"), "the window stayed on the app: {page}");
        let entries = app.invoke("list_entries", json!({ "cursor": null, "limit": 10 }));
        let id = entries["entries"][0]["id"].as_i64().unwrap();
        let listed = app.invoke("list_attachments", json!({ "owner": { "kind": "entry", "id": id } }));
        let names: Vec<&str> = listed.as_array().unwrap().iter().map(|a| a["fileName"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["letter from the bank.pdf", "voice note.wav"],
            "in the order dropped, the refused one left out"
        );
        app.find("button[aria-label=\"Open letter from the bank.pdf\"]");
        app.find("button[aria-label=\"Save a copy of letter from the bank.pdf\"]");
        assert_eq!(
            unnamed_controls(&app, "section.attachments"),
            json!([]),
            "every control has an accessible name ({theme})"
        );
        app.screenshot(&format!("66-attachment-dropped-pdf-{theme}"));
        app.quit();
    }
}

/// A stand-in for `xdg-open` (no desktop viewer runs under Xvfb), first on the app's `PATH`: it
/// records what it was asked to open, the file's and its folder's modes, whether the variables
/// the app sets for WebKit reached it, and a copy of the bytes it was given.
fn fake_opener(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let record = dir.join("opened.txt");
    let bytes = dir.join("opened.bytes");
    let script = format!(
        "#!/bin/sh\n\
         {{ echo \"$1\"; stat -c %a \"$1\"; stat -c %a \"$(dirname \"$1\")\"; echo \"JSC_useDFGJIT=${{JSC_useDFGJIT-unset}}\"; }} > '{record}.part'\n\
         cp \"$1\" '{bytes}'\n\
         mv '{record}.part' '{record}'\n",
        record = record.display(),
        bytes = bytes.display(),
    );
    let opener = bin.join("xdg-open");
    std::fs::write(&opener, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, record)
}

/// Waits for `path` to exist (or, with `exists` false, to be gone).
fn wait_for_file(path: &std::path::Path, exists: bool, description: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while path.exists() != exists {
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {description} ({})", path.display());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn an_encrypted_journals_file_opens_from_a_private_copy_in_memory_and_saves_as_an_exact_copy() {
    const PASSPHRASE: &str = "a long walk after the loan";
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    // The user's runtime folder: a tmpfs of their own, as systemd makes /run/user/<uid>.
    let runtime = tempfile::Builder::new().prefix("runtime-").tempdir_in("/dev/shm").unwrap();
    let letter = files.path().join("letter.pdf");
    let pdf = pdf_letter();
    std::fs::write(&letter, &pdf).unwrap();
    let (bin, record) = fake_opener(files.path());
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let env = [
        ("PATH", path.as_str()),
        ("XDG_RUNTIME_DIR", runtime.path().to_str().unwrap()),
        // Answers the Attach files dialog, and later the Save a copy dialog.
        ("FAILUP_DEBUG_DIALOG_ANSWER", letter.to_str().unwrap()),
    ];
    let app = App::launch_with_env(data.path(), &env);
    // What Settings → Privacy does.
    app.invoke("enable_encryption", json!({ "passphrase": PASSPHRASE }));

    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "The letter from the bank");
    app.click(&app.find("#attach-files"));
    app.find("button[aria-label=\"Open letter.pdf\"]");
    let stored = files_under(&data.path().join("attachments"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_ne!(std::fs::read(&stored[0]).unwrap(), pdf, "stored sealed, not in clear");

    // Open: a copy in a private folder of the runtime folder, handed to the system's opener.
    app.click(&app.find("button[aria-label=\"Open letter.pdf\"]"));
    wait_for_file(&record, true, "the opener to be called");
    let opened = std::fs::read_to_string(&record).unwrap();
    let lines: Vec<&str> = opened.lines().collect();
    let copy = std::path::PathBuf::from(lines[0]);
    let open_root = runtime.path().join("failup/open");
    assert!(copy.starts_with(&open_root) && copy.ends_with("letter.pdf"), "the copy is in memory: {opened}");
    assert_eq!(lines[1], "600", "the copy is the user's alone: {opened}");
    assert_eq!(lines[2], "700", "and so is its folder: {opened}");
    assert_eq!(lines[3], "JSC_useDFGJIT=unset", "the app's WebKit settings stay out of the viewer: {opened}");
    assert_eq!(std::fs::read(files.path().join("opened.bytes")).unwrap(), pdf, "the viewer gets the letter unsealed");
    use std::os::unix::fs::PermissionsExt;
    for folder in [runtime.path().join("failup"), open_root.clone()] {
        assert_eq!(std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700, "{}", folder.display());
    }

    // Locking the journal takes the copies away.
    app.invoke("lock", json!({}));
    wait_for_file(&copy, false, "the copy to go when the journal locks");
    app.type_text(&app.find("#unlock-passphrase"), PASSPHRASE);
    app.click(&app.find("#unlock"));
    app.click(&app.find("li[data-entry-id]"));

    // Save a copy…: the exact bytes where the dialog says (here the letter's own place, emptied).
    std::fs::remove_file(&letter).unwrap();
    app.click(&app.find("button[aria-label=\"Save a copy of letter.pdf\"]"));
    app.wait_for(
        "the note that the copy was saved",
        &format!(
            "document.querySelector('.attachments [role=status]')?.textContent === {:?}",
            format!("Saved a copy to {}.", letter.display())
        ),
    );
    assert_eq!(std::fs::read(&letter).unwrap(), pdf, "the saved copy is the letter, byte for byte");
    let leftovers: Vec<_> = std::fs::read_dir(files.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!leftovers.iter().any(|name| name.to_string_lossy().ends_with(".tmp")), "no temporary file: {leftovers:?}");

    // Opened again, then the app quits: the copy goes with it.
    std::fs::remove_file(&record).unwrap();
    app.click(&app.find("button[aria-label=\"Open letter.pdf\"]"));
    wait_for_file(&record, true, "the opener to be called again");
    let copy = std::path::PathBuf::from(std::fs::read_to_string(&record).unwrap().lines().next().unwrap());
    assert!(copy.exists());
    app.screenshot("67-attachment-opened");
    let mut settings = app.invoke("get_settings", json!({}));
    settings["reminders"]["enabled"] = json!(false); // so that closing the window quits
    app.invoke("update_settings", json!({ "settings": settings }));
    app.execute("window.__TAURI_INTERNALS__.invoke('close_main_window'); return true;", json!([]));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !crate::driver::app_processes(data.path()).is_empty() {
        assert!(std::time::Instant::now() < deadline, "the app quits when its window closes");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!copy.exists(), "the copy is gone once the app has quit");
    assert_eq!(std::fs::read_dir(&open_root).map(|dir| dir.count()).unwrap_or(0), 0, "no copy is left");
    drop(app);

    // Without a private folder in memory (a runtime folder on disk), an encrypted journal's file
    // is not opened: the user is told why, and to save a copy instead.
    let on_disk = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::remove_file(&record).unwrap();
    let env = [("PATH", path.as_str()), ("XDG_RUNTIME_DIR", on_disk.path().to_str().unwrap())];
    let app = App::launch_with_env(data.path(), &env);
    app.type_text(&app.find("#unlock-passphrase"), PASSPHRASE);
    app.click(&app.find("#unlock"));
    app.click(&app.find("li[data-entry-id]"));
    app.click(&app.find("button[aria-label=\"Open letter.pdf\"]"));
    app.wait_for(
        "the refusal, suggesting a saved copy",
        "document.querySelector('.attachments .error-text')?.textContent.includes('no private folder in memory') \
         && document.querySelector('.attachments .error-text')?.textContent.includes('Save a copy')",
    );
    assert!(!record.exists(), "nothing was opened");
    assert!(!on_disk.path().join("failup").exists(), "and no copy was written there");
    app.screenshot("68-attachment-open-refused");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_large_picture_is_listed_by_its_thumbnail_and_a_broken_one_as_a_file() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("team-photo.png");
    std::fs::write(&picture, gradient_png(1200, 800)).unwrap();
    let app = App::launch_with(
        data.path(),
        Launch { env: &[("FAILUP_DEBUG_DIALOG_ANSWER", picture.to_str().unwrap())], ..Launch::default() },
    );
    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "Offsite, the day after");
    app.type_text(&app.find("#entry-body"), "We laughed about the launch in the end.");
    app.click(&app.find("#attach-files"));
    // The thumbnail is made in the background after attaching; the list then shows it (320
    // pixels wide) instead of the whole 1200-pixel picture.
    app.wait_for(
        "the picture's thumbnail from the background thread",
        "document.querySelector('.attachment img.thumbnail')?.naturalWidth === 320",
    );
    // The journal's first entry.
    let owner = json!({ "kind": "entry", "id": 1 });
    // A "photo" whose bytes start as a JPEG's but hold nothing decodable.
    let mut broken = vec![0xFF, 0xD8, 0xFF, 0xE0];
    broken.extend((0..4000u32).map(|index| (index * 7 % 251) as u8));
    app.invoke("attach_pasted", json!({ "owner": owner, "fileName": "snapshot.jpg", "base64": base64_of(&broken) }));
    app.click(&app.find("button[data-nav=\"today\"]"));
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.click(&app.find("li[data-entry-id]"));
    app.wait_for(
        "the broken picture listed as a file, the photo by its thumbnail",
        "(() => { const items = [...document.querySelectorAll('.attachment')];
            const broken = items.find((item) => item.textContent.includes('snapshot.jpg'));
            const photo = items.find((item) => item.textContent.includes('team-photo.png'));
            return broken !== undefined && broken.querySelector('img') === null && broken.querySelector('.file-badge') !== null
              && photo?.querySelector('img.thumbnail')?.naturalWidth === 320; })()",
    );
    app.screenshot("69-attachment-thumbnail-and-broken-picture");
}

/// Whether `haystack` holds the 64 bytes from the middle of `picture`: a run that only a copy of
/// the picture's file would hold.
fn holds_picture(haystack: &[u8], picture: &[u8]) -> bool {
    let middle = &picture[picture.len() / 2..picture.len() / 2 + 64];
    haystack.windows(middle.len()).any(|window| window == middle)
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_picture_is_there_after_a_restart_sealed_by_encryption_and_exported_with_the_journal() {
    const PASSPHRASE: &str = "the picture stays with me";
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("finish-line.png");
    let photo = gradient_png(200, 120);
    std::fs::write(&picture, &photo).unwrap();
    let answer = |path: &std::path::Path| [("FAILUP_DEBUG_DIALOG_ANSWER", path.to_str().unwrap().to_owned())];

    let env = answer(&picture);
    let app = App::launch_with_env(data.path(), &[(env[0].0, env[0].1.as_str())]);
    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "Finished last, finished");
    app.click(&app.find("#attach-files"));
    app.click(&app.find("button[aria-label=\"Insert finish-line.png in the text\"]"));
    // Saved on its own a moment after the change, as everything the user writes is.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !app.invoke("get_entry", json!({ "id": 1 }))["body"].as_str().unwrap_or_default().contains("attachment:") {
        assert!(std::time::Instant::now() < deadline, "the text with the picture is saved");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    app.quit();

    // After a restart the picture is still in the entry's text and shown in the preview.
    let app = App::launch_with(data.path(), Launch::default());
    app.click(&app.find("li[data-entry-id]"));
    app.click(&app.find("#toggle-preview"));
    app.wait_for(
        "the picture in the preview after a restart",
        "document.querySelector('#entry-preview img')?.naturalWidth === 200",
    );
    app.screenshot("70-attachment-after-restart");

    // Encrypted, the journal's folder holds the picture nowhere in clear, and still shows it.
    app.invoke("enable_encryption", json!({ "passphrase": PASSPHRASE }));
    for file in files_under(data.path()) {
        assert!(
            !holds_picture(&std::fs::read(&file).unwrap(), &photo),
            "{} holds the picture in clear",
            file.display()
        );
    }
    app.click(&app.find("button[data-nav=\"today\"]"));
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.click(&app.find("li[data-entry-id]"));
    app.click(&app.find("#toggle-preview"));
    app.wait_for(
        "the sealed picture, unsealed for the preview",
        "document.querySelector('#entry-preview img')?.naturalWidth === 200",
    );
    app.quit();

    // The Markdown export puts the picture under assets/ and links it from the entry.
    let markdown = files.path().join("markdown");
    let env = answer(&markdown);
    let app = App::launch_with_env(data.path(), &[(env[0].0, env[0].1.as_str())]);
    app.type_text(&app.find("#unlock-passphrase"), PASSPHRASE);
    app.click(&app.find("#unlock"));
    app.find("li[data-entry-id]");
    app.invoke("export_markdown", json!({ "asZip": false }));
    let assets = files_under(&markdown.join("assets"));
    assert_eq!(assets.len(), 1, "{assets:?}");
    assert_eq!(std::fs::read(&assets[0]).unwrap(), photo, "the picture, in clear, as the user's own copy");
    let asset_name = assets[0].file_name().unwrap().to_str().unwrap().to_owned();
    let entry = files_under(&markdown.join("entries")).pop().unwrap();
    let text = std::fs::read_to_string(entry).unwrap();
    assert!(text.contains(&format!("(../assets/{asset_name})")), "the entry links its picture: {text}");
    app.quit();

    // The Failing Up export of a journal with files is a zip that carries the picture.
    let export = files.path().join("export.zip");
    let env = answer(&export);
    let app = App::launch_with_env(data.path(), &[(env[0].0, env[0].1.as_str())]);
    app.type_text(&app.find("#unlock-passphrase"), PASSPHRASE);
    app.click(&app.find("#unlock"));
    app.find("li[data-entry-id]");
    let written = app.invoke("export_json", json!({}));
    assert_eq!(written.as_str(), export.to_str(), "the export is written where the dialog said");
    let zip = std::fs::read(&export).unwrap();
    assert!(zip.starts_with(b"PK\x03\x04"), "a zip archive");
    assert!(holds_picture(&zip, &photo), "the zip holds the picture as it is (stored, not recompressed)");
}
