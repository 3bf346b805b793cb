//! What kind of file an attachment is, read from its first bytes (never trusted from its
//! name), and whether its name claims something else.

/// How many of a file's first bytes [`media_type_of`] needs.
pub(crate) const HEAD_LEN: usize = 16;

/// The media types the app recognises: the type, what a person calls it, and the file name
/// extensions that claim it.
const KNOWN: &[(&str, &str, &[&str])] = &[
    ("image/jpeg", "a JPEG picture", &["jpg", "jpeg", "jpe"]),
    ("image/png", "a PNG picture", &["png"]),
    ("image/gif", "a GIF picture", &["gif"]),
    ("image/webp", "a WebP picture", &["webp"]),
    ("image/heic", "a HEIC picture", &["heic", "heif"]),
    ("image/avif", "an AVIF picture", &["avif"]),
    ("application/pdf", "a PDF document", &["pdf"]),
    ("video/mp4", "an MP4 video", &["mp4", "m4v"]),
    ("video/quicktime", "a QuickTime video", &["mov", "qt"]),
    ("video/webm", "a WebM video", &["webm", "mkv"]),
    ("audio/mp4", "an M4A recording", &["m4a"]),
    ("audio/mpeg", "an MP3 recording", &["mp3"]),
    ("audio/wav", "a WAV recording", &["wav"]),
    ("audio/ogg", "an Ogg recording", &["ogg", "oga", "opus"]),
    ("audio/flac", "a FLAC recording", &["flac"]),
];

/// The type of any file the app does not recognise: kept, listed and opened as a file.
pub const UNKNOWN_TYPE: &str = "application/octet-stream";

/// The media type of a file named `file_name` whose content starts with `head`: the type its
/// bytes show, or [`UNKNOWN_TYPE`]. A name that claims a recognised type its bytes do not show
/// (a `.jpg` that is a PDF, a `.pdf` that is text) is refused with a message that says both.
pub(crate) fn media_type_of(file_name: &str, head: &[u8]) -> Result<&'static str, String> {
    let sniffed = sniff(head);
    let extension = file_name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase());
    let claimed = extension.and_then(|extension| {
        KNOWN.iter().find(|(_, _, extensions)| extensions.contains(&extension.as_str())).map(|(kind, _, _)| *kind)
    });
    match (claimed, sniffed) {
        (Some(claimed), Some(sniffed)) if same_family(claimed, sniffed) => Ok(sniffed),
        (Some(claimed), sniffed) => Err(format!(
            "“{file_name}” is named as {}, but its content is {}; it was not attached.",
            label(claimed),
            sniffed.map_or("something else", label)
        )),
        (None, sniffed) => Ok(sniffed.unwrap_or(UNKNOWN_TYPE)),
    }
}

/// Whether the app can show a file of this type as a picture.
pub fn is_picture(media_type: &str) -> bool {
    media_type.starts_with("image/")
}

fn label(media_type: &str) -> &'static str {
    KNOWN.iter().find(|(kind, _, _)| *kind == media_type).map_or("a file", |(_, label, _)| label)
}

/// Files in the ISO media container (MP4, QuickTime, M4A) are often named with one another's
/// extensions, and so are HEIC and AVIF pictures: within each family a name is no lie.
fn same_family(claimed: &str, sniffed: &str) -> bool {
    fn family(kind: &str) -> &str {
        match kind {
            "video/mp4" | "video/quicktime" | "audio/mp4" => "iso-media",
            "image/heic" | "image/avif" => "heif",
            other => other,
        }
    }
    family(claimed) == family(sniffed)
}

fn sniff(head: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"RIFF") && at(8, b"WEBP") {
        Some("image/webp")
    } else if starts(b"RIFF") && at(8, b"WAVE") {
        Some("audio/wav")
    } else if starts(b"%PDF-") {
        Some("application/pdf")
    } else if starts(b"OggS") {
        Some("audio/ogg")
    } else if starts(b"fLaC") {
        Some("audio/flac")
    } else if starts(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        Some("audio/mpeg")
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("video/webm")
    } else if at(4, b"ftyp") {
        let brand = head.get(8..12)?;
        Some(match brand {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => "image/heic",
            b"avif" | b"avis" => "image/avif",
            b"qt  " => "video/quicktime",
            b"M4A " | b"M4B " => "audio/mp4",
            _ => "video/mp4",
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_decide_the_type_and_a_name_cannot_lie_about_it() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
        assert_eq!(media_type_of("beach.JPG", &jpeg), Ok("image/jpeg"));
        assert_eq!(media_type_of("no extension", &jpeg), Ok("image/jpeg"), "a picture without a telling name");
        assert_eq!(media_type_of("notes.txt", b"plain words"), Ok(UNKNOWN_TYPE));
        assert_eq!(media_type_of("clip.mov", b"\0\0\0\x18ftypmp42\0\0\0\0"), Ok("video/mp4"), "same container family");
        assert_eq!(media_type_of("IMG_1.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0"), Ok("image/heic"));
        let lie = media_type_of("letter.jpg", b"%PDF-1.7\n").unwrap_err();
        assert_eq!(
            lie,
            "“letter.jpg” is named as a JPEG picture, but its content is a PDF document; it was not attached."
        );
        let text = media_type_of("review.pdf", b"just some text").unwrap_err();
        assert!(text.contains("its content is something else"), "{text}");
    }
}
