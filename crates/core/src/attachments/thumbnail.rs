//! Small pictures for lists: each attached picture gets a thumbnail of at most
//! [`THUMBNAIL_EDGE`] pixels on its longer side, stored in the content store like any file
//! (sealed under the journal's key when it has one) and named in the attachment's row.
//!
//! Decoding a phone photo takes tens of milliseconds (a 3 MB JPEG about 50 ms here, even
//! decoded at an eighth of its size), too long to do while attaching a file or importing a
//! thousand. So a thumbnail is made afterwards, one picture at a time: the shell asks for
//! [`crate::Database::thumbnail_jobs`], makes each with a [`Thumbnailer`] without holding the
//! journal, and saves the result with [`crate::Database::save_thumbnail`]. Until then a list
//! shows the picture itself, scaled.
//!
//! A file that claims to be a picture but cannot be decoded is marked `none` and is shown as
//! a file from then on: a broken picture never breaks a view. A picture larger than
//! [`MAX_THUMBNAIL_SOURCE_BYTES`] or [`MAX_PIXELS`] is left without a thumbnail (the window
//! still shows it whole).

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use rusqlite::params;

use super::store::{ContentStore, Stored};
use crate::db::Database;
use crate::error::{Result, StorageContext};

/// The longer side of a thumbnail, in pixels: sharp at twice the size lists show it.
pub const THUMBNAIL_EDGE: u32 = 320;
/// The largest stored picture a thumbnail is made of; it is read whole to be decoded.
pub const MAX_THUMBNAIL_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// The most pixels a picture may have to be decoded (a 100-megapixel panorama fits).
pub const MAX_PIXELS: u64 = 120_000_000;
/// What the row says of a picture that cannot be decoded.
pub(crate) const NOT_A_PICTURE: &str = "none";

/// A picture waiting for its thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbnailJob {
    pub reference: String,
    content: String,
    media_type: String,
}

/// What making a thumbnail came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thumbnail {
    /// The thumbnail, now in the store.
    Made(Stored),
    /// The picture is no larger than a thumbnail: it is its own.
    Itself,
    /// The file cannot be decoded as a picture: it is shown as a file.
    NotAPicture,
}

/// Makes thumbnails from the store of one journal, without holding the journal.
pub struct Thumbnailer {
    store: ContentStore,
}

impl Thumbnailer {
    /// Reads the picture of `job`, decodes it (at a reduced size where the format allows),
    /// turns it the way its EXIF orientation says, and stores the thumbnail (JPEG, or PNG when
    /// the picture has transparency). Only a failure to read or store is an error.
    pub fn make(&self, job: &ThumbnailJob) -> Result<Thumbnail> {
        let bytes = self.store.read(&job.content)?;
        // The decoders are third-party code fed whatever the user attached: a panic in one is
        // taken as "not a picture" rather than allowed to take the app down.
        let encoded = std::panic::catch_unwind(|| thumbnail_of(&bytes, &job.media_type)).ok().flatten();
        match encoded {
            Some(Reduced::Encoded(thumbnail, name)) => Ok(Thumbnail::Made(self.store.store_bytes(&thumbnail, name)?)),
            Some(Reduced::Unchanged) => Ok(Thumbnail::Itself),
            None => Ok(Thumbnail::NotAPicture),
        }
    }
}

impl Database {
    /// Up to `limit` attached pictures that have no thumbnail yet, oldest first.
    pub fn thumbnail_jobs(&self, limit: usize) -> Result<Vec<ThumbnailJob>> {
        const ACTION: &str = "find pictures without a thumbnail";
        let mut statement = self
            .connection()
            .prepare_cached(
                "SELECT reference, content, media_type FROM attachments
                 WHERE thumbnail IS NULL AND media_type IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp')
                   AND size_bytes <= ?1
                 ORDER BY id LIMIT ?2",
            )
            .context(ACTION)?;
        let jobs = statement
            .query_map(params![MAX_THUMBNAIL_SOURCE_BYTES as i64, limit as i64], |row| {
                Ok(ThumbnailJob { reference: row.get(0)?, content: row.get(1)?, media_type: row.get(2)? })
            })
            .context(ACTION)?;
        jobs.collect::<rusqlite::Result<Vec<_>>>().context(ACTION)
    }

    /// What makes thumbnails for this journal (see the module's comment).
    pub fn thumbnailer(&self) -> Thumbnailer {
        Thumbnailer { store: self.content_store() }
    }

    /// Notes the thumbnail made for `job`. An attachment removed meanwhile is no error: its
    /// thumbnail is then referred to by nothing and goes with the next tidy-up.
    pub fn save_thumbnail(&mut self, job: &ThumbnailJob, thumbnail: &Thumbnail) -> Result<()> {
        let value = match thumbnail {
            Thumbnail::Made(stored) => stored.content.as_str(),
            Thumbnail::Itself => job.content.as_str(),
            Thumbnail::NotAPicture => NOT_A_PICTURE,
        };
        self.connection()
            .execute(
                "UPDATE attachments SET thumbnail = ?1 WHERE content = ?2 AND thumbnail IS NULL",
                params![value, job.content],
            )
            .context("save a thumbnail")?;
        Ok(())
    }

    /// Makes the thumbnails of up to `limit` pictures here and now, holding the journal
    /// throughout (for tests and benchmarks; the app uses the three steps above). Returns how
    /// many pictures were done.
    pub fn make_thumbnails(&mut self, limit: usize) -> Result<usize> {
        let jobs = self.thumbnail_jobs(limit)?;
        let thumbnailer = self.thumbnailer();
        for job in &jobs {
            let thumbnail = thumbnailer.make(job)?;
            self.save_thumbnail(job, &thumbnail)?;
        }
        Ok(jobs.len())
    }
}

/// What a picture comes to as a thumbnail.
#[derive(Debug, PartialEq, Eq)]
enum Reduced {
    /// The thumbnail, encoded, and a file name that says its type.
    Encoded(Vec<u8>, &'static str),
    /// The picture is upright and fits the thumbnail's edge: it is shown as it is.
    Unchanged,
}

/// The thumbnail of a picture of `media_type`; `None` if it cannot be decoded.
fn thumbnail_of(bytes: &[u8], media_type: &str) -> Option<Reduced> {
    let picture = match media_type {
        "image/jpeg" => decode_jpeg_reduced(bytes)?,
        "image/png" => decode(bytes, ImageFormat::Png)?,
        "image/gif" => decode(bytes, ImageFormat::Gif)?,
        "image/webp" => decode(bytes, ImageFormat::WebP)?,
        _ => return None,
    };
    let orientation = orientation(bytes);
    if picture.width().max(picture.height()) <= THUMBNAIL_EDGE && orientation == 1 {
        return Some(Reduced::Unchanged);
    }
    // `thumbnail` would enlarge a picture smaller than the edge: that one keeps its size.
    let picture = if picture.width().max(picture.height()) > THUMBNAIL_EDGE {
        picture.thumbnail(THUMBNAIL_EDGE, THUMBNAIL_EDGE)
    } else {
        picture
    };
    let picture = turned(picture, orientation);
    let mut out = Cursor::new(Vec::new());
    if picture.color().has_alpha() {
        picture.write_to(&mut out, ImageFormat::Png).ok()?;
        Some(Reduced::Encoded(out.into_inner(), "thumbnail.png"))
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        picture.to_rgb8().write_with_encoder(encoder).ok()?;
        Some(Reduced::Encoded(out.into_inner(), "thumbnail.jpg"))
    }
}

fn decode(bytes: &[u8], format: ImageFormat) -> Option<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    reader.decode().ok()
}

/// Decodes a JPEG at the smallest of its DCT scales (1/8 to 1/1) that still covers a
/// thumbnail: an eighth of the work and memory for a phone photo.
fn decode_jpeg_reduced(bytes: &[u8]) -> Option<DynamicImage> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    if u64::from(info.width) * u64::from(info.height) > MAX_PIXELS {
        return None;
    }
    let (width, height) = decoder.scale(THUMBNAIL_EDGE as u16, THUMBNAIL_EDGE as u16).ok()?;
    let pixels = decoder.decode().ok()?;
    let (width, height) = (u32::from(width), u32::from(height));
    match decoder.info()?.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::from),
        jpeg_decoder::PixelFormat::L8 => image::GrayImage::from_raw(width, height, pixels).map(DynamicImage::from),
        jpeg_decoder::PixelFormat::L16 | jpeg_decoder::PixelFormat::CMYK32 => None,
    }
}

/// The EXIF orientation of a picture (1 to 8; 1, upright, when it has none).
fn orientation(bytes: &[u8]) -> u32 {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
        .and_then(|found| found.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0))
        .filter(|value| (1..=8).contains(value))
        .unwrap_or(1)
}

/// `picture` turned upright for EXIF orientation `orientation`, as viewers show it.
fn turned(picture: DynamicImage, orientation: u32) -> DynamicImage {
    match orientation {
        2 => picture.fliph(),
        3 => picture.rotate180(),
        4 => picture.flipv(),
        5 => picture.rotate90().fliph(),
        6 => picture.rotate90(),
        7 => picture.rotate270().fliph(),
        8 => picture.rotate270(),
        _ => picture,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)).unwrap()
    }

    #[test]
    fn pictures_get_small_thumbnails_and_what_is_not_a_picture_gets_none() {
        assert_eq!(
            thumbnail_of(&fixture("beach-with-gps.jpg"), "image/jpeg"),
            Some(Reduced::Unchanged),
            "a picture no larger than a thumbnail is its own"
        );
        assert_eq!(thumbnail_of(&fixture("sunset.png"), "image/png"), Some(Reduced::Unchanged));

        let mut broken = fixture("beach-with-gps.jpg");
        broken.truncate(broken.len() / 3);
        broken.extend(std::iter::repeat_n(0x55, 500));
        assert_eq!(thumbnail_of(&broken, "image/jpeg"), None, "a damaged JPEG is not a picture");
        assert_eq!(thumbnail_of(b"\x89PNG\r\n\x1a\nnot really", "image/png"), None);
        assert_eq!(thumbnail_of(&fixture("rejection-letter.pdf"), "application/pdf"), None);
    }

    #[test]
    fn a_large_photo_is_reduced_to_the_thumbnail_edge_and_turned_upright() {
        let wide = image::RgbImage::from_fn(1600, 900, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut jpeg = Cursor::new(Vec::new());
        DynamicImage::from(wide).write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
        let Some(Reduced::Encoded(thumbnail, name)) = thumbnail_of(jpeg.get_ref(), "image/jpeg") else {
            panic!("a large photo is reduced");
        };
        assert_eq!(name, "thumbnail.jpg");
        let decoded = image::load_from_memory(&thumbnail).unwrap();
        assert_eq!(decoded.width(), THUMBNAIL_EDGE, "the longer side is the edge");
        assert!((179..=181).contains(&decoded.height()), "the shape is kept: {}", decoded.height());
        let upright = turned(DynamicImage::from(image::RgbImage::new(4, 3)), 6);
        assert_eq!((upright.width(), upright.height()), (3, 4), "orientation 6 is a quarter turn");
    }
}
