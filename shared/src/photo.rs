//! Photos with a report: what a resident sends is never what is kept. The type is read from
//! the bytes (not the name or the header), the image decoded within limits (so a file built
//! to exhaust memory is refused before it can), turned the way the camera said, shrunk to
//! at most [`MAX_SIDE`] pixels, and written again as a fresh JPEG, with a thumbnail: no EXIF
//! (the phone's exact position), no other metadata, nothing of the original file survives.
//!
//! Pure: bytes in, bytes out. Where photos are kept is the `PhotoStore` port's business.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// Photos a report may carry.
pub const MAX_PHOTOS: usize = 3;
/// The largest file accepted, per photo (a phone's photo is 2–8 MB).
pub const MAX_FILE_BYTES: usize = 12 * 1024 * 1024;
/// The longest side of a kept photo, in pixels: enough to judge a pothole.
pub const MAX_SIDE: u32 = 2048;
/// The longest side of a thumbnail.
pub const THUMB_SIDE: u32 = 320;
/// No side longer than this is decoded (the largest phone cameras are about 8,000).
const MAX_DECODE_SIDE: u32 = 12_000;
/// Memory the decoded image may take: a 33-megapixel RGB photo (a 12-megapixel phone photo
/// is 36 MB). Turning, shrinking and re-encoding need about twice that again, inside the
/// function's 512 MB.
const MAX_DECODE_BYTES: u64 = 100 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;
const THUMB_QUALITY: u8 = 75;

/// Why a file is not taken, for the person to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is too big")]
    TooBig,
    #[error("the file is not an image")]
    NotAnImage,
    /// An image, but of a kind we do not read (HEIC, GIF, TIFF…).
    #[error("the image is of a type we cannot read")]
    UnsupportedType,
    /// Too many pixels to decode safely.
    #[error("the image is too large to read")]
    TooManyPixels,
    /// Cut short or corrupt.
    #[error("the image is damaged")]
    Damaged,
}

/// The kinds of file told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    Webp,
    /// An image we recognise but do not read.
    Other,
    NotAnImage,
}

/// What the bytes are, from their signature alone.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Sniffed::Jpeg,
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Sniffed::Png,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Sniffed::Webp,
        [b'G', b'I', b'F', b'8', ..]
        | [b'I', b'I', 0x2A, 0x00, ..]
        | [b'M', b'M', 0x00, 0x2A, ..]
        | [b'B', b'M', ..] => Sniffed::Other,
        // HEIC/HEIF/AVIF: an ISO box `ftyp` at byte 4.
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Sniffed::Other,
        _ => Sniffed::NotAnImage,
    }
}

/// A photo as kept: a JPEG of at most [`MAX_SIDE`] pixels and its thumbnail, neither with
/// any metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
}

/// Reads, checks and re-encodes one file.
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(PhotoError::TooBig);
    }
    let format = match sniff(bytes) {
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Png => ImageFormat::Png,
        Sniffed::Webp => ImageFormat::WebP,
        Sniffed::Other => return Err(PhotoError::UnsupportedType),
        Sniffed::NotAnImage => return Err(PhotoError::NotAnImage),
    };
    // A JPEG ends with its end-of-image marker; one cut short is refused, not filled grey.
    if format == ImageFormat::Jpeg && !bytes.windows(2).rev().take(64).any(|w| w == [0xFF, 0xD9]) {
        return Err(PhotoError::Damaged);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(read_error)?;
    // What the header claims is checked before a byte is allocated for it: a small file
    // can claim a huge picture (a decompression bomb).
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(PhotoError::TooManyPixels);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(read_error)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle);
    }
    let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
    let thumb = rgb.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Processed {
        width: rgb.width(),
        height: rgb.height(),
        jpeg: jpeg(&rgb, JPEG_QUALITY)?,
        thumbnail: jpeg(&thumb, THUMB_QUALITY)?,
    })
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|_| PhotoError::Damaged)?;
    Ok(out)
}

fn read_error(e: ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        ImageError::Unsupported(_) => PhotoError::UnsupportedType,
        ImageError::Decoding(_) | ImageError::IoError(_) | ImageError::Parameter(_) | ImageError::Encoding(_) => {
            PhotoError::Damaged
        }
    }
}

/// Photos for tests: what a phone's camera writes.
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures {
    use image::DynamicImage;

    /// A photo as a camera writes it: a JPEG with an EXIF block giving a GPS position and
    /// an orientation (6: turn 90° clockwise to view).
    pub fn camera_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }));
        // A test fixture: an in-memory RGB image of at least 1×1 (callers pass sizes) encodes
        // into a Vec, which cannot fail; a 0×0 request is a broken test and says so.
        let plain = super::jpeg(&img, 90).expect("a fixture photo of at least 1×1 pixels");
        // EXIF in an APP1 segment after SOI: TIFF header (big-endian), IFD0 with the
        // orientation and a pointer to a GPS IFD holding a latitude reference "N" and a
        // marker string no decoder would invent.
        let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend([0, 2]); // two entries
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]); // Orientation, SHORT, 1
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
        tiff.extend([0, 0, 0, 0]); // no next IFD
        assert_eq!(tiff.len(), 38);
        tiff.extend([0, 1]); // one GPS entry
        tiff.extend([0, 1, 0, 2, 0, 0, 0, 2]); // GPSLatitudeRef, ASCII, 2
        tiff.extend(b"N\0\0\0");
        tiff.extend([0, 0, 0, 0]);
        tiff.extend(b"GPS-52.6012N-1.2043W");
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(&tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(&app1);
        out.extend(&plain[2..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::camera_jpeg;
    use super::*;

    #[test]
    fn a_camera_photo_keeps_its_picture_turned_upright_and_loses_its_metadata() {
        let original = camera_jpeg(400, 300, 6);
        assert!(original.windows(4).any(|w| w == b"Exif"));
        let p = process(&original).unwrap();
        // Turned as the camera said: 300 wide, 400 high.
        assert_eq!((p.width, p.height), (300, 400));
        for kept in [&p.jpeg, &p.thumbnail] {
            assert_eq!(sniff(kept), Sniffed::Jpeg);
            assert!(!kept.windows(4).any(|w| w == b"Exif"), "no EXIF");
            assert!(!kept.windows(4).any(|w| w == b"GPS-"), "no position");
            // Only the JFIF header segment: no APP1–APP15.
            assert!(!kept.windows(2).any(|w| w[0] == 0xFF && (0xE1..=0xEF).contains(&w[1])));
        }
        let thumb = image::load_from_memory(&p.thumbnail).unwrap();
        assert_eq!(thumb.height(), THUMB_SIDE);
    }

    #[test]
    fn a_large_photo_is_shrunk_to_the_longest_side_kept() {
        let p = process(&camera_jpeg(3000, 1000, 1)).unwrap();
        assert_eq!((p.width, p.height), (MAX_SIDE, 683));
    }

    #[test]
    fn png_and_webp_are_read_and_kept_as_jpeg() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::new(50, 40));
        for format in [ImageFormat::Png, ImageFormat::WebP] {
            let mut bytes = Vec::new();
            img.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
            let p = process(&bytes).unwrap();
            assert_eq!((p.width, p.height), (50, 40));
            assert_eq!(sniff(&p.jpeg), Sniffed::Jpeg);
        }
    }

    /// A PNG whose header claims `w` × `h` pixels, with almost no data behind it.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut crc_input = kind.to_vec();
            crc_input.extend(data);
            out.extend(&crc_input);
            out.extend(crc32(&crc_input).to_be_bytes());
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for b in bytes {
                crc ^= u32::from(*b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]); // 8-bit RGBA
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    /// The small corpus of bad files: each refused with its own reason, none a panic.
    #[test]
    fn bad_files_are_refused_with_a_reason_and_never_a_crash() {
        let good = camera_jpeg(200, 100, 1);
        let mut gif = b"GIF89a".to_vec();
        gif.extend([0; 20]);
        let mut heic = vec![0, 0, 0, 0x18];
        heic.extend(b"ftypheic");
        heic.extend([0; 20]);
        let corpus: Vec<(&str, Vec<u8>, PhotoError)> = vec![
            ("empty", vec![], PhotoError::NotAnImage),
            (
                "text named .jpg",
                b"This is not a photo, honest".to_vec(),
                PhotoError::NotAnImage,
            ),
            ("a PDF", b"%PDF-1.7\n%...".to_vec(), PhotoError::NotAnImage),
            ("a GIF", gif, PhotoError::UnsupportedType),
            ("an iPhone HEIC", heic, PhotoError::UnsupportedType),
            (
                "a JPEG cut in half",
                good[..good.len() / 2].to_vec(),
                PhotoError::Damaged,
            ),
            ("a JPEG's header alone", good[..40].to_vec(), PhotoError::Damaged),
            (
                "a PNG claiming 100,000 × 100,000 pixels",
                png_claiming(100_000, 100_000),
                PhotoError::TooManyPixels,
            ),
            (
                "a PNG claiming 11,000 × 11,000 RGBA (484 MB)",
                png_claiming(11_000, 11_000),
                PhotoError::TooManyPixels,
            ),
            (
                "a PNG claiming 1,000 × 1,000 with no data",
                png_claiming(1_000, 1_000),
                PhotoError::Damaged,
            ),
            (
                "too many bytes",
                {
                    let mut big = good.clone();
                    big.resize(MAX_FILE_BYTES + 1, 0);
                    big
                },
                PhotoError::TooBig,
            ),
        ];
        for (name, bytes, expected) in corpus {
            let got = std::panic::catch_unwind(|| process(&bytes));
            match got {
                Ok(result) => assert_eq!(result.map(|_| ()), Err(expected), "{name}"),
                Err(_) => panic!("{name}: the decoder panicked"),
            }
        }
    }
}
