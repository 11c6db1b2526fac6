//! Writing a file the user named (`-o FILE`, `plan backup FILE`, `plan restore`): the one way `plan` writes a
//! file other than its store.
//!
//! The rules this module keeps:
//! - Never the store, its `-wal` or `-shm`, nor a hard or symbolic link to any of them; never through a
//!   symbolic link, nor onto a FIFO, a device or a folder. `-` is stdout.
//! - Never half a file: the content goes into a temporary file created exclusively, under an unpredictable name,
//!   in the target's folder (a link planted there cannot redirect it), and is renamed into place when complete.
//! - Never a file left behind: the temporary file is removed when the write fails, when the process is
//!   interrupted (SIGINT, SIGTERM, SIGHUP), and, for a process killed outright, by the next write to the same
//!   target.
//! - A file replaced keeps its mode; a copy of the store is readable by its owner only.

use std::fs::{File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Why a target was refused (worded at the edge, with the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The store itself, its log or shared memory, or a link to one of them.
    Store,
    /// A symbolic link.
    Link,
    /// A FIFO, a device, a socket or a folder.
    NotRegular,
    /// An existing file that the caller may not replace.
    Exists,
}

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As an ordinary new file (the umask decides); a replaced file keeps its mode.
    Ordinary,
    /// Its owner only (0600): a copy of the store.
    Private,
}

/// Whether a target is stdout (`-`, by convention).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether `path` is the store at `db`, its `-wal` or `-shm`, or a (hard or symbolic) link to one of them.
pub fn is_store_file(db: &Path, path: &Path) -> bool {
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    [db.to_path_buf(), side("-wal"), side("-shm")]
        .iter()
        .any(|f| same_file(f, path))
}

/// Whether two paths are the same file (or would be, once made): by inode, else by resolved folder and name.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt;
        return x.dev() == y.dev() && x.ino() == y.ino();
    }
    // Not there yet (or not unix): the same path once the folders are resolved.
    let resolved = |p: &Path| {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::canonicalize(dir)
            .ok()
            .zip(p.file_name())
            .map(|(d, n)| d.join(n))
    };
    resolved(a).is_some_and(|x| Some(x) == resolved(b))
}

/// Checks that `path` may be written: not the store, not a link, not a FIFO, device or folder; and, when
/// `replace` says no, not an existing file.
pub fn check(
    path: &Path,
    db: Option<&Path>,
    replace: impl Fn(&Path) -> bool,
) -> Result<(), Refusal> {
    if db.is_some_and(|db| is_store_file(db, path)) {
        return Err(Refusal::Store);
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link);
    }
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    if !replace(path) {
        return Err(Refusal::Exists);
    }
    Ok(())
}

/// The temporary files this process is writing, as (folder, name prefix), removed if it is interrupted. A
/// prefix rather than a name: it is registered before the file is made, so a signal that comes between the
/// two still finds the file.
static PENDING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

fn remove_own(dir: &Path, own: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(own)
            && name.ends_with(SUFFIX)
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn watch(dir: &Path, own: &str) {
    HANDLER.call_once(|| {
        // If the handler cannot be set (another one is), the next write to the target still cleans up.
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock() {
                for (dir, own) in pending.iter() {
                    remove_own(dir, own);
                }
            }
            std::process::exit(130);
        });
    });
    if let Ok(mut pending) = PENDING.lock() {
        pending.push((dir.to_path_buf(), own.to_string()));
    }
}

fn unwatch(dir: &Path, own: &str) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|(d, o)| (d.as_path(), o.as_str()) != (dir, own));
    }
}

/// The prefix of this target's temporary files: `.NAME.` with the name cut short enough that the whole
/// temporary name stays a legal file name.
fn prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let short: String = name
        .chars()
        .scan(0, |len, c| {
            *len += c.len_utf8();
            (*len <= 100).then_some(c)
        })
        .collect();
    format!(".{short}.")
}

const SUFFIX: &str = ".plan-tmp";

/// Removes the temporary files a killed process left for this target: `.NAME.PID.xxxxxx.plan-tmp` whose
/// process no longer runs (on systems without /proc, those older than a day).
fn clean_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix).filter(|_| name.ends_with(SUFFIX)) else {
            continue;
        };
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if Path::new("/proc/self").exists() => {
                pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400),
        };
        // Only regular files are removed: a link planted with a matching name is left alone.
        if gone && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `path` through a temporary file given to `fill` (as a path and as an open file), renamed into place
/// when `fill` succeeds. The caller has [`check`]ed the target; `io` words a failure of the file system.
pub fn write_with<E>(
    path: &Path,
    mode: Mode,
    fill: impl FnOnce(&Path, &mut File) -> Result<(), E>,
    io: impl Fn(io::Error) -> E,
) -> Result<(), E> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = prefix(path);
    clean_stale(dir, &prefix);
    let kept = std::fs::metadata(path).ok().map(|m| m.permissions());
    let own = format!("{prefix}{}.", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&own).suffix(SUFFIX).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(match mode {
            Mode::Private => 0o600,
            Mode::Ordinary => 0o666,
        }));
    }
    watch(dir, &own);
    let mut tmp = match builder.tempfile_in(dir) {
        Ok(t) => t,
        Err(e) => {
            unwatch(dir, &own);
            return Err(io(e));
        }
    };
    let tmp_path = tmp.path().to_path_buf();
    let done = (|| {
        fill(&tmp_path, tmp.as_file_mut())?;
        tmp.as_file().sync_all().map_err(&io)?;
        if let (Some(perms), Mode::Ordinary) = (kept, mode) {
            tmp.as_file().set_permissions(perms).map_err(&io)?;
        }
        tmp.persist(path).map(drop).map_err(|e| io(e.error))
    })();
    unwatch(dir, &own);
    done
}

/// Writes `path` with what `write` produces, buffered (an export of the whole store streams into the file).
pub fn write<E>(
    path: &Path,
    mode: Mode,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    io: impl Fn(io::Error) -> E,
) -> Result<(), E> {
    write_with(
        path,
        mode,
        |_, file| {
            let mut out = io::BufWriter::new(file);
            write(&mut out)?;
            out.flush().map_err(&io)
        },
        &io,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_keeps_its_temporary_name_legal() {
        let long = "đ".repeat(127);
        let p = prefix(Path::new(&long));
        assert!(p.len() <= 102, "{}", p.len());
        assert!(p.starts_with(".đ"));
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".out.csv.999999999.abcdefgh.plan-tmp");
        let mine = dir
            .path()
            .join(format!(".out.csv.{}.abcdefgh.plan-tmp", std::process::id()));
        let other = dir.path().join(".other.csv.999999999.abcdefgh.plan-tmp");
        for p in [&stale, &mine, &other] {
            std::fs::write(p, "x").unwrap();
        }
        clean_stale(dir.path(), &prefix(Path::new("out.csv")));
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists());
        }
        assert!(mine.exists() && other.exists());
    }
}
