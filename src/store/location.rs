//! Where a store is: a SQLite file, or a PostgreSQL database named by a `postgresql://` URL completed the way
//! libpq completes one (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, the password file).
//!
//! The rule this module keeps: a password is never shown — not in output, not in an error.

use std::path::{Path, PathBuf};

/// Where a store is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(PathBuf),
    /// A PostgreSQL database.
    Server(Box<Server>),
}

/// A PostgreSQL database and how to reach it.
#[derive(Clone, PartialEq, Eq)]
pub struct Server {
    /// Host name, or the folder of a Unix socket.
    pub host: String,
    /// Port.
    pub port: u16,
    /// The role to connect as.
    pub user: String,
    /// The database.
    pub dbname: String,
    /// The password, when one is given or found in the password file.
    pub password: Option<String>,
    /// `disable`, `prefer` or `require`.
    pub sslmode: SslMode,
}

/// Whether the connection is encrypted (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never.
    Disable,
    /// When the server offers it (libpq's default).
    Prefer,
    /// Always: refused when the server does not offer it.
    Require,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

/// The libpq settings of the environment that complete a URL (read by `context`, the only reader of the
/// environment). Its `Debug` shows neither the password nor the password file.
#[derive(Clone, Default)]
pub struct LibpqEnv {
    /// PGHOST.
    pub host: Option<String>,
    /// PGPORT.
    pub port: Option<String>,
    /// PGUSER.
    pub user: Option<String>,
    /// PGPASSWORD.
    pub password: Option<String>,
    /// PGDATABASE.
    pub dbname: Option<String>,
    /// PGSSLMODE.
    pub sslmode: Option<String>,
    /// The password file's text (PGPASSFILE, else ~/.pgpass), when there is one.
    pub passfile: Option<String>,
    /// The account's name, libpq's default role.
    pub account: Option<String>,
}

/// Why a `postgresql://` URL is not one `plan` can connect by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not of the form `postgresql://[user[:password]@][host][:port][/dbname][?param=value…]`.
    Form,
    /// A port that is not a number.
    Port(String),
    /// A parameter `plan` does not know.
    Parameter(String),
    /// An `sslmode` other than disable, prefer, require.
    SslMode(String),
    /// A `%` escape that is not one.
    Escape,
}

impl std::fmt::Debug for LibpqEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LibpqEnv")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("dbname", &self.dbname)
            .field("sslmode", &self.sslmode)
            .field("passfile", &self.passfile.as_ref().map(|_| "…"))
            .field("account", &self.account)
            .finish()
    }
}

impl Location {
    /// The location `--db`, `PLAN_DB` or the config name: a URL when it starts with `postgresql://` or
    /// `postgres://`, a file otherwise.
    pub fn parse(text: &Path, env: &LibpqEnv) -> Result<Location, UrlProblem> {
        match text.to_str() {
            Some(t) if is_url(t) => Server::parse(t, env).map(|s| Location::Server(Box::new(s))),
            _ => Ok(Location::File(text.to_path_buf())),
        }
    }

    /// The file, for a SQLite store.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Server(_) => None,
        }
    }
}

/// Whether a name is a PostgreSQL URL.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgresql://") || text.starts_with("postgres://")
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Server(s) => write!(f, "{s}"),
        }
    }
}

/// The URL without its password.
impl std::fmt::Display for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = if self.host.starts_with('/') {
            escape(&self.host)
        } else {
            self.host.clone()
        };
        write!(
            f,
            "postgresql://{}@{host}:{}/{}",
            escape(&self.user),
            self.port,
            escape(&self.dbname)
        )
    }
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn unescape(s: &str) -> Result<String, UrlProblem> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(UrlProblem::Escape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| UrlProblem::Escape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UrlProblem::Escape)
}

impl Server {
    /// Parses a URL, completing what it leaves out from the environment as libpq does.
    pub fn parse(url: &str, env: &LibpqEnv) -> Result<Server, UrlProblem> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or(UrlProblem::Form)?;
        // The credentials first, up to the last "@": a password written with "/" or "?" unescaped must not be
        // read as a path or a query (and so never be quoted in an error).
        let (userinfo, rest) = match rest.rsplit_once('@') {
            Some((u, r)) => (Some(u), r),
            None => (None, rest),
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (hostport, dbname) = rest.split_once('/').unwrap_or((rest, ""));
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((u, p)) => (Some(unescape(u)?), Some(unescape(p)?)),
                None => (Some(unescape(u)?), None),
            },
            None => (None, None),
        };
        let (host, port) = split_host_port(hostport)?;
        let mut host = host.map(|h| unescape(&h)).transpose()?;
        let mut port = port;
        let mut sslmode = None;
        let mut user = user.filter(|u| !u.is_empty());
        let mut dbname = Some(unescape(dbname)?).filter(|d| !d.is_empty());
        let mut password = password;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').ok_or(UrlProblem::Form)?;
            let v = unescape(v)?;
            match k {
                "sslmode" => sslmode = Some(v),
                "host" => host = Some(v),
                "port" => port = Some(v),
                "user" => user = Some(v),
                "dbname" => dbname = Some(v),
                "password" => password = Some(v),
                "application_name" | "connect_timeout" => {}
                other
                    if other
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    return Err(UrlProblem::Parameter(other.to_string()));
                }
                _ => return Err(UrlProblem::Form),
            }
        }
        let host = host
            .filter(|h| !h.is_empty())
            .or_else(|| env.host.clone())
            .unwrap_or_else(|| "localhost".into());
        let port_text = port.or_else(|| env.port.clone());
        let port = match port_text {
            Some(p) => p.parse().map_err(|_| UrlProblem::Port(p))?,
            None => 5432,
        };
        let user = user
            .or_else(|| env.user.clone())
            .or_else(|| env.account.clone())
            .unwrap_or_else(|| "postgres".into());
        let dbname = dbname
            .or_else(|| env.dbname.clone())
            .unwrap_or_else(|| user.clone());
        let sslmode = match sslmode
            .or_else(|| env.sslmode.clone())
            .as_deref()
            .unwrap_or("prefer")
        {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" | "verify-ca" | "verify-full" => SslMode::Require,
            other => return Err(UrlProblem::SslMode(other.to_string())),
        };
        let mut server = Server {
            host,
            port,
            user,
            dbname,
            password: password.or_else(|| env.password.clone()),
            sslmode,
        };
        if server.password.is_none()
            && let Some(text) = &env.passfile
        {
            server.password = passfile_lookup(text, &server);
        }
        Ok(server)
    }
}

fn split_host_port(hostport: &str) -> Result<(Option<String>, Option<String>), UrlProblem> {
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or(UrlProblem::Form)?;
        let port = after.strip_prefix(':').map(str::to_string);
        return Ok((Some(host.to_string()), port));
    }
    Ok(match hostport.rsplit_once(':') {
        Some((h, p)) => (Some(h.to_string()), Some(p.to_string())),
        None => (Some(hostport.to_string()), None),
    })
}

/// The password the password file gives this server: the first line `host:port:dbname:user:password` whose
/// fields match (`*` matches anything; `\:` and `\\` are a colon and a backslash).
fn passfile_lookup(text: &str, s: &Server) -> Option<String> {
    let port = s.port.to_string();
    // A socket folder matches `localhost`, as libpq has it.
    let host = if s.host.starts_with('/') {
        "localhost"
    } else {
        s.host.as_str()
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = passfile_fields(line);
        let [h, p, d, u, pw] = fields.as_slice() else {
            continue;
        };
        let hit = |f: &String, v: &str| f == "*" || f == v;
        if hit(h, host) && hit(p, &port) && hit(d, &s.dbname) && hit(u, &s.user) {
            return Some(pw.clone());
        }
    }
    None
}

fn passfile_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one field").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> LibpqEnv {
        LibpqEnv {
            account: Some("clerk".into()),
            ..LibpqEnv::default()
        }
    }

    #[test]
    fn a_url_is_completed_as_libpq_does() {
        let s = Server::parse("postgresql://", &env()).unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.user.as_str(), s.dbname.as_str()),
            ("localhost", 5432, "clerk", "clerk")
        );
        let e = LibpqEnv {
            host: Some("/run/pg".into()),
            port: Some("5499".into()),
            user: Some("hcth".into()),
            dbname: Some("plans".into()),
            sslmode: Some("disable".into()),
            ..env()
        };
        let s = Server::parse("postgres:///", &e).unwrap();
        assert_eq!(s.to_string(), "postgresql://hcth@%2Frun%2Fpg:5499/plans");
        assert_eq!(s.sslmode, SslMode::Disable);
        let s = Server::parse("postgresql://ttud@db.example:6000/kh?sslmode=require", &e).unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.user.as_str(), s.sslmode),
            ("db.example", 6000, "ttud", SslMode::Require)
        );
    }

    #[test]
    fn a_password_with_a_slash_or_a_question_mark_stays_a_password() {
        let s = Server::parse("postgresql://u:se/cr?et@h:5433/d", &env()).unwrap();
        assert_eq!(s.password.as_deref(), Some("se/cr?et"));
        assert_eq!(
            (s.host.as_str(), s.port, s.dbname.as_str()),
            ("h", 5433, "d")
        );
        let e = LibpqEnv {
            password: Some("hidden".into()),
            passfile: Some("*:*:*:*:hidden".into()),
            ..env()
        };
        assert!(!format!("{e:?}").contains("hidden"));
    }

    #[test]
    fn a_password_is_never_shown() {
        let s = Server::parse("postgresql://a:s%40cret@h/d", &env()).unwrap();
        assert_eq!(s.password.as_deref(), Some("s@cret"));
        assert!(!s.to_string().contains("cret"));
        assert!(!format!("{s:?}").contains("cret"));
        assert!(!Location::Server(Box::new(s)).to_string().contains("cret"));
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let e = LibpqEnv {
            passfile: Some(
                "# comment\nother:*:*:*:no\nh:5432:d:a\\:b:p\\:w\n*:*:*:a:second\n".into(),
            ),
            ..env()
        };
        let s = Server::parse("postgresql://a%3Ab@h/d", &e).unwrap();
        assert_eq!(s.password.as_deref(), Some("p:w"));
        let s = Server::parse("postgresql://a@h/d", &e).unwrap();
        assert_eq!(s.password.as_deref(), Some("second"));
        let s = Server::parse("postgresql://a:given@h/d", &e).unwrap();
        assert_eq!(s.password.as_deref(), Some("given"));
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        assert_eq!(
            Server::parse("postgresql://h:port/d", &env()),
            Err(UrlProblem::Port("port".into()))
        );
        assert_eq!(
            Server::parse("postgresql://h/d?sslmode=maybe", &env()),
            Err(UrlProblem::SslMode("maybe".into()))
        );
        assert_eq!(
            Server::parse("postgresql://h/d?options=-c", &env()),
            Err(UrlProblem::Parameter("options".into()))
        );
        assert_eq!(
            Server::parse("postgresql://h/%zz", &env()),
            Err(UrlProblem::Escape)
        );
        assert!(matches!(
            Location::parse(Path::new("plan.db"), &env()),
            Ok(Location::File(_))
        ));
    }
}
