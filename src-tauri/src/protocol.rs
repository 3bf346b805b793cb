//! The `attachment:` protocol: how the window gets the bytes of an attached file, by its
//! reference (`attachment://localhost/<reference>`, or `http://attachment.localhost/…` on
//! Windows), to show a picture. The bytes are read and checked (and unsealed, in an encrypted
//! journal) in memory and handed to the web view; nothing is written to disk for viewing. Only
//! the app's own window loads this scheme, and the CSP allows it for images and media alone.

use tauri::http::{header, Response, StatusCode};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// The scheme's name, as the CSP and the UI spell it.
pub const SCHEME: &str = "attachment";

/// What a path asks for a picture's thumbnail by: `/thumbnail-<reference>`.
pub const THUMBNAIL_PREFIX: &str = "thumbnail-";

/// Answers a request for `path`: `/<reference>` for the file, `/thumbnail-<reference>` for its
/// thumbnail (the file itself while it has none yet).
pub fn respond<R: Runtime>(app: &AppHandle<R>, path: &str) -> Response<Vec<u8>> {
    let name = path.trim_start_matches('/');
    let read = app.state::<AppState>().with_database(|db| {
        let reference = match name.strip_prefix(THUMBNAIL_PREFIX) {
            Some(reference) => match db.attachments().read_thumbnail(reference)? {
                Some((media_type, bytes)) => return Ok((media_type.to_owned(), bytes)),
                None => reference,
            },
            None => name,
        };
        db.attachments().read(reference).map(|(file, bytes)| (file.media_type, bytes))
    });
    let plain = |status: StatusCode, text: String| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(text.into_bytes())
            .expect("a plain response builds")
    };
    match read {
        Ok((media_type, bytes)) => Response::builder()
            .header(header::CONTENT_TYPE, media_type)
            // The type was read from the bytes when the file was attached; the web view must
            // not guess another (an "image" that is really a page).
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::CACHE_CONTROL, "no-store")
            .body(bytes)
            .unwrap_or_else(|error| plain(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())),
        Err(error) if error.code == failup_core::ErrorCode::NotFound => plain(StatusCode::NOT_FOUND, error.message),
        Err(error) => plain(StatusCode::INTERNAL_SERVER_ERROR, error.message),
    }
}
