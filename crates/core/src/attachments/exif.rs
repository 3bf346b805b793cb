//! Removing where a photo was taken from the photo itself, keeping when it was taken.
//!
//! A phone writes the place a photo was taken (its GPS latitude, longitude, altitude and more)
//! into the photo's EXIF block; a journal's photos would otherwise carry a map of the user's
//! life to wherever the journal or an export of it goes. So, unless the user keeps it (the
//! setting "Keep the location of photos"), the attachment store removes it on the way in.
//!
//! What is removed: the GPS IFD of the EXIF (TIFF) block, in a JPEG's APP1 `Exif` segment and
//! in a PNG's `eXIf` chunk. Its pointer (tag 0x8825) leaves IFD0: the entries after it move up
//! one place, the count drops by one, the next-IFD offset moves with them and the 12 bytes
//! freed at the end become zeros. The GPS IFD itself and every value its entries point to are
//! overwritten with zeros, so the coordinates are nowhere in the file, not even unreferenced.
//! Everything else stays byte for byte: the date taken (DateTimeOriginal, 0x9003, in the Exif
//! sub-IFD, and IFD0's DateTime), the camera, the orientation, the picture.
//!
//! It is done in place, changing no length and no offset, so that a file of any size can still
//! be streamed into the store: only the file's first bytes (its "head", up to
//! [`LOCATION_HEAD_LEN`]) are looked at and changed. That is where the metadata is: a JPEG's
//! EXIF segment is at most 64 KiB and comes right after the start of the file (after a JFIF
//! segment at most), and a PNG's `eXIf` chunk comes before the image data (chunks after the
//! first `IDAT` are not looked at).
//!
//! Not handled, and stored as they come: HEIC, AVIF, WebP, GIF and videos (whose location is
//! in other containers), GPS coordinates written as XMP text (an `http://ns.adobe.com/xap/1.0/`
//! APP1 segment, as some photo editors add) and an EXIF block that does not fit in the head.
//!
//! The input is untrusted: every offset is checked against the block it points into, so a
//! damaged or hostile file can never make this panic or touch a byte outside the head; at
//! worst it is left as it came.

/// How many of a file's first bytes [`remove_location`] needs to see to find the EXIF block of
/// a JPEG (at most 64 KiB, after a JFIF segment) or a PNG.
pub const LOCATION_HEAD_LEN: usize = 128 * 1024;

const JPEG_START: &[u8] = &[0xFF, 0xD8];
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// What an APP1 segment (and, in files from some writers, a PNG `eXIf` chunk) starts with
/// before its TIFF header.
const EXIF_HEADER: &[u8] = b"Exif\0\0";

const JPEG_APP1: u8 = 0xE1;
const JPEG_START_OF_SCAN: u8 = 0xDA;
const JPEG_END_OF_IMAGE: u8 = 0xD9;

/// The IFD0 tag whose value is the offset of the GPS IFD.
const GPS_IFD_POINTER: u16 = 0x8825;
/// An IFD entry: tag (2), type (2), count (4), value or offset (4).
const ENTRY_LEN: usize = 12;

/// Removes the GPS location from the EXIF block of the JPEG or PNG whose first bytes are
/// `head` (the whole file or its first [`LOCATION_HEAD_LEN`] bytes), in place and without
/// changing its length. Returns whether a location was found and removed; when it returns
/// `false`, `head` is as it was. Any other kind of file is left as it is.
pub fn remove_location(head: &mut [u8]) -> bool {
    if head.starts_with(JPEG_START) {
        remove_from_jpeg(head)
    } else if head.starts_with(PNG_SIGNATURE) {
        remove_from_png(head)
    } else {
        false
    }
}

/// Walks the JPEG's segments up to the start of the image data, removing the location from
/// each APP1 `Exif` segment (there is one; a second, against the standard, is not spared).
fn remove_from_jpeg(head: &mut [u8]) -> bool {
    let mut removed = false;
    let mut at = JPEG_START.len();
    loop {
        // A marker may be preceded by any number of 0xFF fill bytes.
        while head.get(at) == Some(&0xFF) && head.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (head.get(at), head.get(at + 1)) else {
            break;
        };
        match marker {
            JPEG_START_OF_SCAN | JPEG_END_OF_IMAGE => break,
            // Markers that stand alone, without a length.
            0x01 | 0xD0..=0xD7 => {
                at += 2;
                continue;
            }
            _ => {}
        }
        // The length counts its own two bytes.
        let Some(length) = read_u16(head, at + 2, ByteOrder::Big).map(usize::from).filter(|length| *length >= 2) else {
            break;
        };
        let data = at + 4;
        let end = at + 2 + length;
        let Some(segment) = head.get_mut(data..end) else {
            break;
        };
        if marker == JPEG_APP1 && segment.starts_with(EXIF_HEADER) {
            removed |= remove_from_tiff(&mut segment[EXIF_HEADER.len()..]);
        }
        at = end;
    }
    removed
}

/// Walks the PNG's chunks up to the first `IDAT`, removing the location from each `eXIf`
/// chunk and giving it its new checksum.
fn remove_from_png(head: &mut [u8]) -> bool {
    let mut removed = false;
    let mut at = PNG_SIGNATURE.len();
    while let Some(length) = read_u32(head, at, ByteOrder::Big) {
        let kind_at = at + 4;
        let data = kind_at + 4;
        let Some(kind) = head.get(kind_at..data) else {
            break;
        };
        if kind == b"IDAT" || kind == b"IEND" {
            break;
        }
        let is_exif = kind == b"eXIf";
        let Some(end) = data.checked_add(length) else {
            break;
        };
        let Some(checksum_end) = end.checked_add(4).filter(|checksum_end| *checksum_end <= head.len()) else {
            break;
        };
        if is_exif {
            let chunk = &mut head[data..end];
            // The standard's eXIf is the TIFF block alone; some writers keep JPEG's prefix.
            let tiff_start = if chunk.starts_with(EXIF_HEADER) { EXIF_HEADER.len() } else { 0 };
            if remove_from_tiff(&mut chunk[tiff_start..]) {
                let checksum = crc32(&head[kind_at..end]);
                head[end..checksum_end].copy_from_slice(&checksum.to_be_bytes());
                removed = true;
            }
        }
        at = checksum_end;
    }
    removed
}

/// Removes the GPS IFD from the TIFF block `tiff` (offsets in it count from its start).
fn remove_from_tiff(tiff: &mut [u8]) -> bool {
    let order = match tiff.get(..4) {
        Some(b"II*\0") => ByteOrder::Little,
        Some(b"MM\0*") => ByteOrder::Big,
        _ => return false,
    };
    let Some(ifd0) = read_u32(tiff, 4, order) else {
        return false;
    };
    let mut removed = false;
    // Each pass takes one pointer out of IFD0, so this ends; a file with several is hostile,
    // and none of them is left.
    while let Some(gps_ifd) = take_gps_pointer(tiff, order, ifd0) {
        removed = true;
        wipe_ifd(tiff, order, gps_ifd);
    }
    removed
}

/// Takes the GPS IFD pointer out of the IFD at `ifd`, moving the entries after it and the
/// next-IFD offset up one entry and zeroing the entry freed at the end. Returns the GPS IFD's
/// offset, or `None` when the IFD has no such pointer or does not lie whole within `tiff`.
fn take_gps_pointer(tiff: &mut [u8], order: ByteOrder, ifd: usize) -> Option<usize> {
    let count = usize::from(read_u16(tiff, ifd, order)?);
    let entries = ifd.checked_add(2)?;
    // The entries, then the 4-byte offset of the next IFD.
    let end = entries.checked_add(count * ENTRY_LEN + 4)?;
    if end > tiff.len() {
        return None;
    }
    let index = (0..count).find(|index| read_u16(tiff, entries + index * ENTRY_LEN, order) == Some(GPS_IFD_POINTER))?;
    let entry = entries + index * ENTRY_LEN;
    let gps_ifd = read_u32(tiff, entry + 8, order)?;
    tiff.copy_within(entry + ENTRY_LEN..end, entry);
    tiff[end - ENTRY_LEN..end].fill(0);
    // `count` is at least 1: the pointer was among its entries.
    write_u16(tiff, ifd, order, (count - 1) as u16);
    Some(gps_ifd)
}

/// Overwrites with zeros the IFD at `ifd` (its count, entries and next-IFD offset) and every
/// value its entries point to, as far as each lies within `tiff`.
fn wipe_ifd(tiff: &mut [u8], order: ByteOrder, ifd: usize) {
    let Some(count) = read_u16(tiff, ifd, order).map(usize::from) else {
        return;
    };
    let entries = ifd + 2;
    for index in 0..count {
        let entry = entries + index * ENTRY_LEN;
        let (Some(kind), Some(values)) = (read_u16(tiff, entry + 2, order), read_u32(tiff, entry + 4, order)) else {
            break;
        };
        // Values of up to 4 bytes sit in the entry itself, wiped below with it.
        if let Some(len) = value_len(kind, values).filter(|len| *len > 4) {
            if let Some(offset) = read_u32(tiff, entry + 8, order) {
                zero(tiff, offset, len);
            }
        }
    }
    zero(tiff, ifd, 2 + count * ENTRY_LEN + 4);
}

/// The size in bytes of `count` values of the TIFF type `kind`, or `None` for a type TIFF does
/// not define (its values cannot be found, only its entry wiped).
fn value_len(kind: u16, count: usize) -> Option<usize> {
    let size = match kind {
        1 | 2 | 6 | 7 => 1,   // BYTE, ASCII, SBYTE, UNDEFINED
        3 | 8 => 2,           // SHORT, SSHORT
        4 | 9 | 11 | 13 => 4, // LONG, SLONG, FLOAT, IFD
        5 | 10 | 12 => 8,     // RATIONAL, SRATIONAL, DOUBLE
        _ => return None,
    };
    count.checked_mul(size)
}

/// Zeros `len` bytes from `start`, or the part of them within `bytes`.
fn zero(bytes: &mut [u8], start: usize, len: usize) {
    let end = start.saturating_add(len).min(bytes.len());
    if let Some(range) = bytes.get_mut(start..end) {
        range.fill(0);
    }
}

#[derive(Debug, Clone, Copy)]
enum ByteOrder {
    Little,
    Big,
}

fn read_u16(bytes: &[u8], at: usize, order: ByteOrder) -> Option<u16> {
    let pair: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(match order {
        ByteOrder::Little => u16::from_le_bytes(pair),
        ByteOrder::Big => u16::from_be_bytes(pair),
    })
}

/// A 32-bit offset or count, as a `usize` (on a 16-bit target, where it may not fit, as one
/// that points nowhere).
fn read_u32(bytes: &[u8], at: usize, order: ByteOrder) -> Option<usize> {
    let quad: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    let value = match order {
        ByteOrder::Little => u32::from_le_bytes(quad),
        ByteOrder::Big => u32::from_be_bytes(quad),
    };
    Some(usize::try_from(value).unwrap_or(usize::MAX))
}

/// Writes `value` at `at`, which the caller has checked lies within `bytes`.
fn write_u16(bytes: &mut [u8], at: usize, order: ByteOrder, value: u16) {
    let pair = match order {
        ByteOrder::Little => value.to_le_bytes(),
        ByteOrder::Big => value.to_be_bytes(),
    };
    if let Some(slot) = bytes.get_mut(at..at + 2) {
        slot.copy_from_slice(&pair);
    }
}

/// PNG's chunk checksum (the CRC-32 of ISO 3309 and zlib), bit by bit: it runs over one small
/// chunk per photo, so a table would buy nothing.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::ops::Range;

    use proptest::prelude::*;

    use super::*;

    /// A real 64×48 JPEG (PIL): EXIF in big-endian order, Make "FailingUpTestCam",
    /// DateTimeOriginal "2021:06:14 18:42:05", GPS N 52°31'12.5" E 13°24'36".
    const BEACH_JPEG: &[u8] = include_bytes!("../../tests/fixtures/media/beach-with-gps.jpg");
    /// A real 64×48 PNG (PIL) with an `eXIf` chunk in little-endian order: Make
    /// "FailingUpTestCam", DateTimeOriginal "2022:01:09 07:15:30", GPS S 33°51'35.9"
    /// E 151°12'40", 58 m above sea level.
    const HARBOUR_PNG: &[u8] = include_bytes!("../../tests/fixtures/media/harbour-with-gps.png");
    /// A PNG without EXIF.
    const SUNSET_PNG: &[u8] = include_bytes!("../../tests/fixtures/media/sunset.png");

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|window| window == needle)
    }

    fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
        haystack.windows(needle.len()).filter(|window| *window == needle).count()
    }

    /// TIFF rationals (numerator, denominator) as a file stores them.
    fn rationals(values: &[(u32, u32)], order: ByteOrder) -> Vec<u8> {
        let mut bytes = Vec::new();
        for &(numerator, denominator) in values {
            for number in [numerator, denominator] {
                bytes.extend(match order {
                    ByteOrder::Little => number.to_le_bytes(),
                    ByteOrder::Big => number.to_be_bytes(),
                });
            }
        }
        bytes
    }

    /// Where the bytes of `original` and `changed` differ.
    fn differences(original: &[u8], changed: &[u8]) -> Vec<usize> {
        assert_eq!(original.len(), changed.len(), "no length changes");
        (0..original.len()).filter(|&index| original[index] != changed[index]).collect()
    }

    /// The JPEG's APP1 `Exif` segment, marker to end.
    fn jpeg_exif_segment(jpeg: &[u8]) -> Range<usize> {
        let header = jpeg.windows(EXIF_HEADER.len()).position(|window| window == EXIF_HEADER).unwrap();
        let marker = header - 4;
        assert_eq!(jpeg[marker..marker + 2], [0xFF, JPEG_APP1]);
        marker..marker + 2 + usize::from(u16::from_be_bytes([jpeg[marker + 2], jpeg[marker + 3]]))
    }

    /// The PNG's `eXIf` chunk, length to checksum.
    fn png_exif_chunk(png: &[u8]) -> Range<usize> {
        let kind = png.windows(4).position(|window| window == b"eXIf").unwrap();
        let length = u32::from_be_bytes(png[kind - 4..kind].try_into().unwrap()) as usize;
        kind - 4..kind + 4 + length + 4
    }

    /// What a real EXIF reader finds: the GPS fields, and the text of DateTimeOriginal.
    fn read_back(file: &[u8]) -> (Vec<::exif::Tag>, Option<Vec<u8>>) {
        let read = ::exif::Reader::new().read_from_container(&mut Cursor::new(file)).unwrap();
        let gps = read.fields().filter(|field| field.tag.context() == ::exif::Context::Gps).map(|field| field.tag);
        let taken =
            read.get_field(::exif::Tag::DateTimeOriginal, ::exif::In::PRIMARY).and_then(|field| match &field.value {
                ::exif::Value::Ascii(texts) => texts.first().cloned(),
                _ => None,
            });
        (gps.collect(), taken)
    }

    fn decode_jpeg(jpeg: &[u8]) -> Vec<u8> {
        jpeg_decoder::Decoder::new(Cursor::new(jpeg)).decode().unwrap()
    }

    fn decode_png(png: &[u8]) -> Vec<u8> {
        let mut reader = png::Decoder::new(Cursor::new(png)).read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        pixels
    }

    #[test]
    fn a_jpeg_loses_its_location_and_keeps_the_date_taken_and_everything_else() {
        let latitude = rationals(&[(52, 1), (31, 1), (25, 2)], ByteOrder::Big);
        let longitude = rationals(&[(13, 1), (24, 1), (36, 1)], ByteOrder::Big);
        assert!(contains(BEACH_JPEG, &latitude) && contains(BEACH_JPEG, &longitude), "the fixture has them");
        let (gps, _) = read_back(BEACH_JPEG);
        assert!(gps.contains(&::exif::Tag::GPSLatitude), "the fixture's GPS reads as such: {gps:?}");

        let mut photo = BEACH_JPEG.to_vec();
        assert!(remove_location(&mut photo));

        let segment = jpeg_exif_segment(BEACH_JPEG);
        let changed = differences(BEACH_JPEG, &photo);
        assert!(!changed.is_empty());
        assert!(changed.iter().all(|index| segment.contains(index)), "only the EXIF segment changes: {changed:?}");
        for value in [&latitude[..], &latitude[16..], &longitude[..], &longitude[8..16]] {
            assert!(!contains(&photo, value), "no GPS value is left anywhere, not even unreferenced");
        }
        assert_eq!(occurrences(&photo, b"2021:06:14 18:42:05"), 2, "DateTime and DateTimeOriginal are kept");
        assert!(contains(&photo, b"FailingUpTestCam"));

        let (gps, taken) = read_back(&photo);
        assert_eq!(gps, [], "a real EXIF reader finds no GPS field");
        assert_eq!(taken.as_deref(), Some(&b"2021:06:14 18:42:05"[..]), "the date taken reads as before");
        assert_eq!(decode_jpeg(&photo), decode_jpeg(BEACH_JPEG), "the picture is untouched");

        let stripped = photo.clone();
        assert!(!remove_location(&mut photo), "nothing left to remove the second time");
        assert_eq!(photo, stripped, "so the same photo is stored once");
    }

    #[test]
    fn a_png_loses_its_location_keeps_the_date_taken_and_its_exif_chunk_a_valid_checksum() {
        let latitude = rationals(&[(33, 1), (51, 1), (359, 10)], ByteOrder::Little);
        let longitude = rationals(&[(151, 1), (12, 1), (40, 1)], ByteOrder::Little);
        let altitude = rationals(&[(58, 1)], ByteOrder::Little);
        assert!([&latitude, &longitude, &altitude].iter().all(|value| contains(HARBOUR_PNG, value)));
        let chunk = png_exif_chunk(HARBOUR_PNG);
        let checksum = |png: &[u8]| u32::from_be_bytes(png[chunk.end - 4..chunk.end].try_into().unwrap());
        assert_eq!(crc32(&HARBOUR_PNG[chunk.start + 4..chunk.end - 4]), checksum(HARBOUR_PNG), "same CRC as PIL's");

        let mut photo = HARBOUR_PNG.to_vec();
        assert!(remove_location(&mut photo));

        let changed = differences(HARBOUR_PNG, &photo);
        assert!(changed.iter().all(|index| chunk.contains(index)), "only the eXIf chunk changes: {changed:?}");
        assert_eq!(crc32(&photo[chunk.start + 4..chunk.end - 4]), checksum(&photo), "its checksum is right");
        for value in [&latitude[..], &latitude[16..], &longitude[..], &altitude[..]] {
            assert!(!contains(&photo, value), "no GPS value is left anywhere");
        }
        assert_eq!(occurrences(&photo, b"2022:01:09 07:15:30"), 2, "DateTime and DateTimeOriginal are kept");

        let (gps, taken) = read_back(&photo);
        assert_eq!(gps, []);
        assert_eq!(taken.as_deref(), Some(&b"2022:01:09 07:15:30"[..]));
        // The decoder checks every chunk's checksum.
        assert_eq!(decode_png(&photo), decode_png(HARBOUR_PNG));

        let stripped = photo.clone();
        assert!(!remove_location(&mut photo));
        assert_eq!(photo, stripped);
    }

    /// A TIFF block whose IFD0 has an entry after the GPS pointer and a next IFD (a
    /// thumbnail's): Make at 80, the GPS IFD at 100 with its latitude at 130, IFD1 at 160.
    fn tiff_with_entries_after_the_gps_pointer(order: ByteOrder) -> Vec<u8> {
        let mut tiff = vec![0u8; 178];
        let u16_bytes = |value: u16| match order {
            ByteOrder::Little => value.to_le_bytes().to_vec(),
            ByteOrder::Big => value.to_be_bytes().to_vec(),
        };
        let u32_bytes = |value: u32| match order {
            ByteOrder::Little => value.to_le_bytes().to_vec(),
            ByteOrder::Big => value.to_be_bytes().to_vec(),
        };
        let mut put = |at: usize, bytes: &[u8]| tiff[at..at + bytes.len()].copy_from_slice(bytes);
        let entry = |tag: u16, kind: u16, count: u32, value: &[u8]| {
            let mut bytes = [u16_bytes(tag), u16_bytes(kind), u32_bytes(count)].concat();
            bytes.extend(value);
            bytes.resize(ENTRY_LEN, 0);
            bytes
        };
        put(0, if matches!(order, ByteOrder::Little) { b"II*\0" } else { b"MM\0*" });
        put(4, &u32_bytes(8));
        put(8, &u16_bytes(3));
        put(10, &entry(0x010F, 2, 6, &u32_bytes(80)));
        put(22, &entry(GPS_IFD_POINTER, 4, 1, &u32_bytes(100)));
        put(34, &entry(0xC4A5, 7, 4, b"PIM\0"));
        put(46, &u32_bytes(160));
        put(80, b"Cam01\0");
        put(100, &u16_bytes(2));
        put(102, &entry(0x0001, 2, 2, b"N\0"));
        put(114, &entry(0x0002, 5, 3, &u32_bytes(130)));
        put(126, &u32_bytes(0));
        put(130, &rationals(&[(52, 1), (31, 1), (25, 2)], order));
        put(160, &u16_bytes(1));
        put(162, &entry(0x0103, 3, 1, &u16_bytes(6)));
        put(174, &u32_bytes(0));
        tiff
    }

    #[test]
    fn the_entries_after_the_gps_pointer_move_up_and_the_next_ifd_is_still_found() {
        for order in [ByteOrder::Little, ByteOrder::Big] {
            let original = tiff_with_entries_after_the_gps_pointer(order);
            let mut tiff = original.clone();
            assert!(remove_from_tiff(&mut tiff), "{order:?}");

            assert_eq!(read_u16(&tiff, 8, order), Some(2), "one entry fewer");
            assert_eq!(tiff[10..22], original[10..22], "the entry before the pointer stays");
            assert_eq!(tiff[22..34], original[34..46], "the entry after it moves up");
            assert_eq!(read_u32(&tiff, 34, order), Some(160), "and so does the offset of the next IFD");
            assert_eq!(tiff[38..50], [0; 12], "the freed entry is zeros");
            assert!(tiff[100..154].iter().all(|byte| *byte == 0), "the GPS IFD and its values are zeros");
            assert_eq!(tiff[50..100], original[50..100], "Make's value is untouched");
            assert_eq!(tiff[154..], original[154..], "IFD1 is untouched");
        }
    }

    #[test]
    fn other_files_and_photos_without_a_location_pass_through_unchanged() {
        let jfif_only = [&BEACH_JPEG[..0x14], &BEACH_JPEG[jpeg_exif_segment(BEACH_JPEG).end..]].concat();
        let mut stripped_once = BEACH_JPEG.to_vec();
        remove_location(&mut stripped_once);
        let heads: [&[u8]; 8] = [
            b"RIFF\x24\0\0\0WEBPVP8X\x0a\0\0\0\x08\0\0\0Exif",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heicExif\0\0MM\0*",
            b"GIF89a\x01\0\x01\0",
            b"%PDF-1.7\nExif\0\0MM\0*",
            b"",
            &jfif_only,
            SUNSET_PNG,
            &stripped_once,
        ];
        for head in heads {
            let mut copy = head.to_vec();
            assert!(!remove_location(&mut copy), "{:?}", &head[..head.len().min(12)]);
            assert_eq!(copy, head);
        }
    }

    #[test]
    fn a_head_that_cuts_the_exif_block_short_is_left_as_it_is() {
        let segment = jpeg_exif_segment(BEACH_JPEG);
        for cut in [3, segment.start + 3, segment.start + 30, segment.end - 1] {
            let mut head = BEACH_JPEG[..cut].to_vec();
            assert!(!remove_location(&mut head), "cut at {cut}");
            assert_eq!(head, &BEACH_JPEG[..cut]);
        }
        let mut whole_segment = BEACH_JPEG[..segment.end].to_vec();
        assert!(remove_location(&mut whole_segment), "a head holding the whole segment is enough");

        let chunk = png_exif_chunk(HARBOUR_PNG);
        for cut in [chunk.start + 6, chunk.end - 1] {
            let mut head = HARBOUR_PNG[..cut].to_vec();
            assert!(!remove_location(&mut head), "cut at {cut}");
            assert_eq!(head, &HARBOUR_PNG[..cut]);
        }
    }

    /// A JPEG holding `tiff` as its EXIF block, then the start of the image data.
    fn jpeg_around(tiff: &[u8]) -> Vec<u8> {
        let length = u16::try_from(2 + EXIF_HEADER.len() + tiff.len()).unwrap();
        [&[0xFF, 0xD8, 0xFF, JPEG_APP1][..], &length.to_be_bytes(), EXIF_HEADER, tiff, &[0xFF, 0xDA, 0, 2]].concat()
    }

    /// Removing the location from `input` never panics, keeps its length, and changes nothing
    /// unless it says it removed something.
    fn check_damaged(input: &[u8]) -> Result<(), TestCaseError> {
        let mut output = input.to_vec();
        let removed = remove_location(&mut output);
        prop_assert_eq!(output.len(), input.len());
        if !removed {
            prop_assert_eq!(&output[..], input);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn damaged_photos_never_panic_and_change_only_when_a_location_is_removed(
            png in any::<bool>(),
            // Most of them in the metadata at the start, where the parsing is.
            edits in proptest::collection::vec((0usize..400, any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut photo = if png { HARBOUR_PNG.to_vec() } else { BEACH_JPEG.to_vec() };
            for (at, byte) in edits {
                photo[at] = byte;
            }
            check_damaged(&photo)?;
            check_damaged(&photo[..cut.index(photo.len() + 1)])?;
        }

        #[test]
        fn hostile_tiff_blocks_never_panic(
            big_endian in any::<bool>(),
            ifd0_count in 0u16..48,
            body in proptest::collection::vec(any::<u8>(), 0..600),
            // GPS pointers and small offsets, types and counts, which random bytes would
            // rarely hold, planted on the 2-byte fields of IFD0's entries and beyond.
            plants in proptest::collection::vec((0usize..300, prop_oneof![Just(0x8825u16), 0u16..700]), 0..32),
        ) {
            let mut tiff = if big_endian { b"MM\0*\0\0\0\x08".to_vec() } else { b"II*\0\x08\0\0\0".to_vec() };
            tiff.extend(if big_endian { ifd0_count.to_be_bytes() } else { ifd0_count.to_le_bytes() });
            tiff.extend(body);
            for (field, value) in plants {
                let at = 10 + 2 * field;
                let bytes = if big_endian { value.to_be_bytes() } else { value.to_le_bytes() };
                if let Some(slot) = tiff.get_mut(at..at + 2) {
                    slot.copy_from_slice(&bytes);
                }
            }
            check_damaged(&jpeg_around(&tiff))?;
            let mut png = [PNG_SIGNATURE, &u32::try_from(tiff.len()).unwrap().to_be_bytes(), b"eXIf"].concat();
            png.extend(&tiff);
            png.extend(crc32(&png[PNG_SIGNATURE.len() + 4..]).to_be_bytes());
            check_damaged(&png)?;
        }
    }
}
