//! Reading a file the user named or a plans folder holds (a plan file, a plan's text for `extract`): only a
//! regular file, and only up to a size beyond which it is not what `plan` reads.
//!
//! The rule this module keeps: never block (a FIFO opened for reading waits for a writer: it is refused
//! before it is read, and opened without blocking in case it is swapped in meanwhile) and never allocate more
//! than the limit (a sparse file of gigabytes is refused by its size, and a file that grows while read is
//! cut off at the limit and refused).

use std::io::{self, Read};
use std::path::Path;

/// The largest plan file read (real plans are well under 1 MB; a plan of 100,000 tasks is about 36 MB).
pub const MAX_PLAN_FILE: u64 = 64 * 1024 * 1024;

/// The largest text or Word file `extract` reads.
pub const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, a device, a socket or a folder.
    NotRegular,
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    /// The file system said no.
    Io(io::Error),
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = open(path).map_err(ReadError::Io)?;
    // What was opened is what is read: a regular file still, not a FIFO swapped in after the check.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A size for people: "3.2 GB", "64 MB", "512 KB".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b => format!("{} KB", b.div_ceil(1024)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(&f, "x = 1\n").unwrap();
        assert_eq!(read(&f, 100).unwrap(), b"x = 1\n");
        assert!(matches!(read(&f, 3), Err(ReadError::TooLarge(6))));
        assert!(matches!(read(dir.path(), 100), Err(ReadError::NotRegular)));
        assert_eq!(size(3 << 30), "3.0 GB");
        assert_eq!(size(64 << 20), "64 MB");
    }
}
