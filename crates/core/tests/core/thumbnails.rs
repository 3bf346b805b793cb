//! Thumbnails of attached pictures: made after attaching, from the real picture, sealed like
//! the picture in an encrypted journal, kept while the attachment is, and a picture that
//! cannot be decoded is shown as a file from then on.

use std::path::Path;

use failup_core::attachments::Owner;
use failup_core::journal::EntryDraft;
use failup_core::vault::KeyFile;
use failup_core::Database;

use super::{files_under, fixed_clock};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)).unwrap()
}

/// A real 1200 × 800 JPEG photo with a canary in its comment, varied so it is not all one colour.
fn photo(canary: &str) -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(1200, 800, |x, y| image::Rgb([(x / 5) as u8, (y / 4) as u8, ((x + y) / 8) as u8]));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::from(pixels).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let mut bytes = jpeg.into_inner();
    // A COM segment right after SOI: a real JPEG still, that holds the canary in clear.
    let comment = canary.as_bytes();
    let length = (comment.len() + 2) as u16;
    let mut segment = vec![0xFF, 0xFE];
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(comment);
    bytes.splice(2..2, segment);
    bytes
}

#[test]
fn pictures_get_thumbnails_after_attaching_and_a_broken_one_becomes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, key) = KeyFile::create("a long enough passphrase").unwrap();
    let mut database =
        Database::open_with_key(&dir.path().join("journal.sqlite3"), fixed_clock(), Some((key, key_file))).unwrap();
    let id = database.entries().create(&EntryDraft { body: "Pictures".into(), ..Default::default() }).unwrap().id;
    let attachments = [
        ("harbour.jpg", photo("canary-heron-5521")),
        ("sunset.png", fixture("sunset.png")),
        ("broken.jpg", {
            let mut broken = photo("x");
            broken.truncate(600);
            broken
        }),
        ("letter.pdf", fixture("rejection-letter.pdf")),
    ]
    .map(|(name, bytes)| database.attachments().attach_bytes(Owner::Entry(id), name, &bytes).unwrap());
    assert!(attachments.iter().all(|file| !file.thumbnail), "no thumbnail is made while attaching");
    assert_eq!(attachments.iter().filter(|file| file.picture).count(), 3, "three claim to be pictures until decoded");

    assert_eq!(database.make_thumbnails(10).unwrap(), 3, "the PDF is not a picture to thumbnail");
    assert!(database.thumbnail_jobs(10).unwrap().is_empty(), "each picture is done once");
    let files = database.attachments().of(Owner::Entry(id)).unwrap();
    let state: Vec<(&str, bool, bool)> =
        files.iter().map(|file| (file.file_name.as_str(), file.picture, file.thumbnail)).collect();
    assert_eq!(
        state,
        [
            ("harbour.jpg", true, true),
            ("sunset.png", true, true),
            ("broken.jpg", false, false),
            ("letter.pdf", false, false)
        ],
        "a picture that cannot be decoded is shown as a file"
    );

    let (media_type, thumbnail) =
        database.attachments().read_thumbnail(&files[0].reference).unwrap().expect("a thumbnail");
    assert_eq!(media_type, "image/jpeg");
    assert_eq!(database.attachments().read_thumbnail(&files[3].reference).unwrap(), None, "a PDF has none");
    let small = image::load_from_memory(&thumbnail).unwrap();
    assert_eq!((small.width(), small.height()), (320, 213), "the photo's shape at the thumbnail's edge");
    assert!(thumbnail.len() < 40_000, "a thumbnail is small: {} bytes", thumbnail.len());

    // Thumbnails are sealed like the pictures, and kept while their attachment is.
    for file in files_under(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(17).any(|window| window == b"canary-heron-5521"),
            "{} holds the photo in clear",
            file.display()
        );
    }
    assert_eq!(database.remove_unreferenced_attachments().unwrap(), 0, "thumbnails in use are kept");
    database.attachments().remove(&files[0].reference).unwrap();
    assert_eq!(database.remove_unreferenced_attachments().unwrap(), 2, "the photo and its thumbnail go together");
}
