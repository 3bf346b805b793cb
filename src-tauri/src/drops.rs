//! Files dropped on the window from the file manager.
//!
//! The web view never handles a drop itself: Tauri's native handler (`dragDropEnabled`) takes
//! it from WebKit and reports it here as a [`WindowEvent::DragDrop`], with the files' paths.
//! The paths stay in the shell: a drop's are kept in [`DroppedFiles`] under a one-time token,
//! and the window hears only [`FileDrag`] (where the pointer is, and on a drop the token and the
//! files' names). The window decides which record's attachments are under the pointer and asks
//! `attach_dropped(owner, token)`; so the window can ask to "attach what was dropped", never to
//! "read this path". Should WebKit ever be left to handle a drop itself (text or a link from
//! another program), [`navigation_guard`] stops it from opening what was dropped in the window.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use tauri::{DragDropEvent, Emitter, Manager, PhysicalPosition, Runtime, Window, WindowEvent};

/// The event the window hears of files dragged over it.
pub const FILE_DRAG_EVENT: &str = "file-drag";

/// How many drops are kept waiting for the window to say where they go. A drop the window
/// finds no place for (nothing open takes attachments) is forgotten once newer ones come.
const KEPT_DROPS: usize = 8;

/// What the window hears of files dragged over it: never a path. Positions are in the page's
/// CSS pixels from the web view's top-left corner, as `clientX`/`clientY`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FileDrag {
    /// Files are being dragged over the window, the pointer at `x`, `y`.
    Over { x: f64, y: f64 },
    /// They left the window, or the drag was cancelled.
    Leave,
    /// They were dropped at `x`, `y`; `attach_dropped` with `token` attaches them. `names` are
    /// the files' names, in the order dropped.
    Drop { x: f64, y: f64, token: String, names: Vec<String> },
}

/// The paths of recent drops, each under its one-time token.
#[derive(Default)]
pub struct DroppedFiles(Mutex<VecDeque<(String, Vec<PathBuf>)>>);

impl DroppedFiles {
    /// Keeps `paths` and returns the token that takes them back, once.
    pub fn keep(&self, paths: Vec<PathBuf>) -> String {
        let token = unguessable_name();
        let mut kept = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() == KEPT_DROPS {
            kept.pop_front();
        }
        kept.push_back((token.clone(), paths));
        token
    }

    /// The paths kept under `token`, which then no longer takes anything.
    pub fn take(&self, token: &str) -> Option<Vec<PathBuf>> {
        let mut kept = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = kept.iter().position(|(kept_token, _)| kept_token == token)?;
        kept.remove(index).map(|(_, paths)| paths)
    }
}

/// Turns the native drag events into [`FileDrag`] for the window, keeping the paths here.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else { return };
    let scale = window.scale_factor().unwrap_or(1.0);
    let message = match drag {
        DragDropEvent::Enter { position, .. } | DragDropEvent::Over { position } => {
            let (x, y) = css_position(*position, scale);
            FileDrag::Over { x, y }
        }
        DragDropEvent::Drop { paths, position } if !paths.is_empty() => {
            let (x, y) = css_position(*position, scale);
            let names = paths.iter().map(|path| file_name_of(path)).collect();
            let token = window.state::<DroppedFiles>().keep(paths.clone());
            FileDrag::Drop { x, y, token, names }
        }
        DragDropEvent::Drop { .. } | DragDropEvent::Leave => FileDrag::Leave,
        _ => return,
    };
    let _ = window.emit_to(window.label(), FILE_DRAG_EVENT, message);
}

/// A drop's position in CSS pixels. WebKitGTK (widget coordinates) and WKWebView (points)
/// report it so already; WebView2 reports device pixels.
fn css_position(position: PhysicalPosition<f64>, scale: f64) -> (f64, f64) {
    if cfg!(target_os = "windows") && scale > 0.0 {
        (position.x / scale, position.y / scale)
    } else {
        (position.x, position.y)
    }
}

fn file_name_of(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

/// 128 bits no other program can guess: a drop's token, the name of a folder for a copy opened
/// in a viewer. From the standard library's per-process random SipHash keys, so no random-number
/// crate is needed for names that must only be unique and unpredictable.
pub fn unguessable_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let half = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// Keeps the window on the app's own page: a top-level navigation anywhere else (WebKit opening
/// a file or link dropped on it, a link followed by mistake) is refused.
pub fn navigation_guard<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard").on_navigation(|_webview, url| is_own_page(url)).build()
}

/// The app's page: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost` (Windows).
fn is_own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_is_taken_back_once_by_its_token_and_only_the_newest_are_kept() {
        let dropped = DroppedFiles::default();
        let letter = dropped.keep(vec![PathBuf::from("/home/ada/letter.pdf"), PathBuf::from("/home/ada/b.png")]);
        let other = dropped.keep(vec![PathBuf::from("/home/ada/c.wav")]);
        assert_ne!(letter, other);
        assert_eq!(letter.len(), 32, "128 bits in hex: {letter}");
        assert_eq!(dropped.take("0123"), None, "a made-up token takes nothing");
        assert_eq!(
            dropped.take(&letter),
            Some(vec![PathBuf::from("/home/ada/letter.pdf"), PathBuf::from("/home/ada/b.png")])
        );
        assert_eq!(dropped.take(&letter), None, "a token works once");
        for index in 0..KEPT_DROPS {
            dropped.keep(vec![PathBuf::from(format!("/tmp/{index}"))]);
        }
        assert_eq!(dropped.take(&other), None, "an old drop nobody claimed is forgotten");
    }

    #[test]
    fn dropped_files_are_attached_by_their_token_and_each_refused_one_is_named() {
        use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
        let data = tempfile::tempdir().unwrap();
        let files = tempfile::tempdir().unwrap();
        let clock = std::sync::Arc::new(failup_core::FixedClock::new(
            "2026-03-14T08:30:00Z".parse::<failup_core::Timestamp>().unwrap(),
            "Europe/Berlin",
        ));
        let app = crate::app_builder(mock_builder(), Some(data.path().to_owned()), clock)
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let invoke = |command: &str, args: serde_json::Value| {
            let request = tauri::webview::InvokeRequest {
                cmd: command.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            };
            get_ipc_response(&window, request).map(|body| body.deserialize::<serde_json::Value>().unwrap())
        };
        let draft = serde_json::json!({ "title": "Scans", "body": "", "localDateTime": null, "timeZone": null,
                                        "mood": null, "tags": [] });
        let entry = invoke("create_entry", serde_json::json!({ "draft": draft })).unwrap();
        let owner = serde_json::json!({ "kind": "entry", "id": entry["id"] });
        let letter = files.path().join("letter.pdf");
        std::fs::write(&letter, b"%PDF-1.7 a letter").unwrap();
        let lying = files.path().join("photo.png");
        std::fs::write(&lying, b"%PDF-1.7 not a photo").unwrap();
        let folder = files.path().join("Scans");
        std::fs::create_dir(&folder).unwrap();

        let token = app.state::<DroppedFiles>().keep(vec![lying, letter, folder]);
        let done = invoke("attach_dropped", serde_json::json!({ "owner": owner, "token": token })).unwrap();
        let attached: Vec<&str> =
            done["attached"].as_array().unwrap().iter().map(|a| a["fileName"].as_str().unwrap()).collect();
        assert_eq!(attached, ["letter.pdf"], "the good file is attached though one before it is refused");
        let refused = done["refused"].as_array().unwrap();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].as_str().unwrap().contains("“photo.png” is named as a PNG picture"), "{refused:?}");
        assert!(refused[1].as_str().unwrap().contains("“Scans” is a folder"), "{refused:?}");
        let listed = invoke("list_attachments", serde_json::json!({ "owner": owner })).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);

        let again = invoke("attach_dropped", serde_json::json!({ "owner": owner, "token": token })).unwrap_err();
        assert_eq!(again["code"], "not_found", "a drop's token works once: {again}");
        let gone = serde_json::json!({ "kind": "entry", "id": 999 });
        let token = app.state::<DroppedFiles>().keep(vec![files.path().join("letter.pdf")]);
        let refused = invoke("attach_dropped", serde_json::json!({ "owner": gone, "token": token })).unwrap_err();
        assert_eq!(refused["code"], "not_found", "a record deleted meanwhile: {refused}");
    }

    #[test]
    fn names_are_not_repeated() {
        let names: std::collections::HashSet<String> = (0..1000).map(|_| unguessable_name()).collect();
        assert_eq!(names.len(), 1000);
    }

    #[test]
    fn the_window_hears_names_and_a_token_never_a_path() {
        let drop = FileDrag::Drop { x: 10.0, y: 20.5, token: "ab".into(), names: vec!["letter.pdf".into()] };
        assert_eq!(
            serde_json::to_value(&drop).unwrap(),
            serde_json::json!({ "kind": "drop", "x": 10.0, "y": 20.5, "token": "ab", "names": ["letter.pdf"] })
        );
        assert_eq!(serde_json::to_value(FileDrag::Leave).unwrap(), serde_json::json!({ "kind": "leave" }));
        assert_eq!(file_name_of(std::path::Path::new("/home/ada/Scans/letter.pdf")), "letter.pdf");
    }

    #[test]
    fn positions_are_css_pixels() {
        let expected = if cfg!(target_os = "windows") { (50.0, 100.0) } else { (100.0, 200.0) };
        assert_eq!(css_position(PhysicalPosition::new(100.0, 200.0), 2.0), expected);
    }

    #[test]
    fn the_window_may_navigate_only_within_the_app() {
        for own in ["tauri://localhost/", "tauri://localhost/index.html", "http://tauri.localhost/"] {
            assert!(is_own_page(&own.parse().unwrap()), "{own}");
        }
        for other in [
            "file:///home/ada/letter.pdf",
            "https://example.org/",
            "attachment://localhost/0123",
            "about:blank",
            "tauri://evil/",
        ] {
            assert!(!is_own_page(&other.parse().unwrap()), "{other}");
        }
    }
}
