//! What is on the test's X display, read from the screen itself: Xvfb is started with
//! `-fbdir`, so its framebuffer is a file (in XWD format) that always holds the pixels the
//! display shows. Screenshots taken this way show what a person would see, whichever rendering
//! path WebKit took — WebKitWebDriver's own screenshot waits for a presentation update that
//! WebKitGTK's non-DMA-BUF path does not report, and hangs there.

use std::path::PathBuf;

/// The variable naming the folder Xvfb keeps its framebuffer in (`Xvfb -fbdir`).
pub const FRAMEBUFFER_DIR: &str = "FAILUP_XVFB_FBDIR";

/// An RGB picture of (part of) the screen.
#[derive(Clone, PartialEq, Eq)]
pub struct Frame {
    pub width: usize,
    pub height: usize,
    /// Three bytes a pixel, row after row.
    pub rgb: Vec<u8>,
}

/// Where a window is on the screen, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// The screen of the Xvfb server whose framebuffer is in `$FAILUP_XVFB_FBDIR`.
pub struct Screen {
    file: PathBuf,
}

impl Screen {
    /// The test's screen, or `None` when the display was not started with `-fbdir`.
    pub fn from_env() -> Option<Screen> {
        let dir = PathBuf::from(std::env::var_os(FRAMEBUFFER_DIR)?);
        Some(Screen { file: dir.join("Xvfb_screen0") })
    }

    /// What the screen shows now.
    pub fn capture(&self) -> Frame {
        let bytes = std::fs::read(&self.file).unwrap_or_else(|error| panic!("{}: {error}", self.file.display()));
        decode_xwd(&bytes).unwrap_or_else(|problem| panic!("{}: {problem}", self.file.display()))
    }

    /// What the screen shows once it has stopped changing (two captures in a row alike), or
    /// after `patience` the latest capture.
    pub fn capture_settled(&self, patience: std::time::Duration) -> Frame {
        let deadline = std::time::Instant::now() + patience;
        let mut previous = self.capture();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(40));
            let current = self.capture();
            if current == previous || std::time::Instant::now() > deadline {
                return current;
            }
            previous = current;
        }
    }
}

impl Frame {
    /// The part of the frame inside `rect` (clipped to the frame).
    pub fn crop(&self, rect: Rect) -> Frame {
        let x0 = rect.x.min(self.width);
        let y0 = rect.y.min(self.height);
        let width = rect.width.min(self.width - x0);
        let height = rect.height.min(self.height - y0);
        let mut rgb = Vec::with_capacity(width * height * 3);
        for row in y0..y0 + height {
            let start = (row * self.width + x0) * 3;
            rgb.extend_from_slice(&self.rgb[start..start + width * 3]);
        }
        Frame { width, height, rgb }
    }

    /// The share of pixels (0 to 1) that differ from `other`, a frame of the same size.
    #[allow(dead_code, reason = "the start-up benchmark's measure of visual completeness")]
    pub fn difference(&self, other: &Frame) -> f64 {
        assert_eq!((self.width, self.height), (other.width, other.height), "frames of one screen");
        let differing = self.rgb.chunks_exact(3).zip(other.rgb.chunks_exact(3)).filter(|(a, b)| a != b).count();
        differing as f64 / (self.width * self.height).max(1) as f64
    }

    /// The frame as a PNG file's bytes.
    pub fn png(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("a PNG header");
        writer.write_image_data(&self.rgb).expect("PNG pixels");
        writer.finish().expect("a complete PNG");
        bytes
    }
}

/// Decodes an XWD image of a TrueColor screen (what Xvfb writes), in either byte order.
fn decode_xwd(bytes: &[u8]) -> Result<Frame, String> {
    const HEADER_FIELDS: usize = 25;
    if bytes.len() < HEADER_FIELDS * 4 {
        return Err("too short for an XWD header".into());
    }
    let field_be = |index: usize| u32::from_be_bytes(bytes[index * 4..index * 4 + 4].try_into().unwrap());
    let field_le = |index: usize| u32::from_le_bytes(bytes[index * 4..index * 4 + 4].try_into().unwrap());
    const XWD_FILE_VERSION: u32 = 7;
    let field: &dyn Fn(usize) -> u32 = if field_be(1) == XWD_FILE_VERSION {
        &field_be
    } else if field_le(1) == XWD_FILE_VERSION {
        &field_le
    } else {
        return Err("not an XWD file (version 7)".into());
    };
    let header_size = field(0) as usize;
    let (width, height) = (field(4) as usize, field(5) as usize);
    let pixels_lsb_first = field(7) == 0;
    let bits_per_pixel = field(11);
    let bytes_per_line = field(12) as usize;
    let masks = [field(14), field(15), field(16)];
    let colours = field(19) as usize;
    if bits_per_pixel != 32 {
        return Err(format!("{bits_per_pixel} bits a pixel; only 32 is read"));
    }
    let start = header_size + colours * 12;
    if bytes.len() < start + bytes_per_line * height {
        return Err("the pixels are cut short".into());
    }
    let mut rgb = Vec::with_capacity(width * height * 3);
    for row in 0..height {
        let line = &bytes[start + row * bytes_per_line..];
        for column in 0..width {
            let raw: [u8; 4] = line[column * 4..column * 4 + 4].try_into().unwrap();
            let pixel = if pixels_lsb_first { u32::from_le_bytes(raw) } else { u32::from_be_bytes(raw) };
            for mask in masks {
                rgb.push(((pixel & mask) >> mask.trailing_zeros()) as u8);
            }
        }
    }
    Ok(Frame { width, height, rgb })
}
