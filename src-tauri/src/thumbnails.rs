//! The thumbnail loop: a background thread that makes the thumbnails of attached pictures
//! (see `failup_core::attachments::thumbnail`), one picture at a time, after they are attached
//! or imported.
//!
//! The journal is held only to find the next pictures and to note each thumbnail; the decoding
//! (tens of milliseconds a photo) happens without it, so the window never waits for a
//! thumbnail. The loop is woken by every write to the journal (the session's change hook) and
//! otherwise looks again every minute; while the journal is locked it waits.

use std::sync::Arc;
use std::time::Duration;

use failup_core::ErrorCode;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::reminders::Waker;
use crate::state::AppState;

/// Sent to the window with the references of the attachments that got a thumbnail (or were
/// found not to be pictures), so that a list showing them can draw them anew.
pub const THUMBNAILS_MADE_EVENT: &str = "thumbnails-made";

/// How many pictures are taken from the journal at once.
const BATCH: usize = 8;
/// The longest the loop sleeps before looking again.
const LONGEST_SLEEP: Duration = Duration::from_secs(60);

/// What wakes the thumbnail loop (managed as Tauri state, poked by the session's change hook).
#[derive(Default)]
pub struct ThumbnailWaker(pub Arc<Waker>);

/// Starts the loop.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    let waker = app.state::<ThumbnailWaker>().0.clone();
    let started = std::thread::Builder::new().name("thumbnails".into()).spawn(move || {
        let state = app.state::<AppState>();
        loop {
            match make_batch(&state) {
                Ok(done) if !done.is_empty() => {
                    let _ = app.emit(THUMBNAILS_MADE_EVENT, &done);
                    // More may be waiting: look again at once.
                    continue;
                }
                Ok(_) => {}
                Err(error) if matches!(error.code, ErrorCode::Locked | ErrorCode::DatabaseTooNew) => {}
                Err(error) => eprintln!("failup: thumbnails: {}", error.message),
            }
            waker.sleep(LONGEST_SLEEP);
        }
    });
    if let Err(error) = started {
        eprintln!("failup: thumbnails are off because their thread could not start: {error}");
    }
}

/// Makes the thumbnails of the next few pictures; returns their references.
fn make_batch(state: &AppState) -> Result<Vec<String>, failup_core::AppError> {
    let (jobs, thumbnailer) = state.with_database(|db| Ok((db.thumbnail_jobs(BATCH)?, db.thumbnailer())))?;
    let mut done = Vec::with_capacity(jobs.len());
    for job in jobs {
        // A picture whose file cannot be read (the store damaged under it) is reported and left
        // waiting; the others go on.
        match thumbnailer.make(&job) {
            Ok(thumbnail) => {
                state.with_database(|db| db.save_thumbnail(&job, &thumbnail))?;
                done.push(job.reference);
            }
            Err(error) => {
                eprintln!("failup: no thumbnail for {}: {error}", job.reference);
                return Ok(done);
            }
        }
    }
    Ok(done)
}
