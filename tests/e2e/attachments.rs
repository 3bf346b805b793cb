//! Files attached to an entry and a setback, in the real window: a real picture chosen through
//! the native dialog's path, shown as a thumbnail and in the preview through the app's
//! `attachment:` protocol, and a file whose name lies about its type refused with a message.

use serde_json::json;

use crate::driver::{App, Launch};

/// A real PNG picture, `width` × `height`, of a colour gradient.
fn gradient_png(width: u32, height: u32) -> Vec<u8> {
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
