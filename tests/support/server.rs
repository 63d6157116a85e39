//! The server, browser and end-to-end tests' helpers: a real `loopshop
//! serve` on loopback and a small HTTP/1.1 client (requests bounded in
//! number and time).

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use loopshop::domain::{Session, default_template};
use loopshop::engine::{Actor, Engine, Intent};
use loopshop::store::Store;

pub const BIN: &str = env!("CARGO_BIN_EXE_loopshop");

/// A `loopshop serve` child; stopped (SIGINT, then killed) when dropped.
pub struct Serve {
    child: Child,
    pub host: String,
    pub code: String,
    pub board: String,
    pub lines: mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `serve` on `session` with extra arguments; waits for its two lines.
    pub fn start(dir: &Path, session: &Path, extra: &[&str]) -> Self {
        Self::spawn(Command::new(BIN), dir, session, extra)
    }

    /// Starts `serve` as [`Serve::start`] does, under a shell that first
    /// sets its limit of open files with `ulimit LIMIT` (`-n 1024` sets the
    /// soft and the hard limit, `-Sn 1024` the soft one only). Unix only.
    pub fn start_with_open_files(dir: &Path, session: &Path, extra: &[&str], limit: &str) -> Self {
        let mut sh = Command::new("sh");
        sh.args(["-c", &format!("ulimit {limit} && exec \"$0\" \"$@\""), BIN]);
        Self::spawn(sh, dir, session, extra)
    }

    fn spawn(mut command: Command, dir: &Path, session: &Path, extra: &[&str]) -> Self {
        let mut child = command
            .arg("serve")
            .arg(session)
            .args(["--port", "0"])
            .args(extra)
            .env("LOOPSHOP_DIR", dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the join line");
        let board = lines
            .recv_timeout(Duration::from_secs(5))
            .expect("the board line");
        let parts: Vec<&str> = first.split(' ').collect();
        assert_eq!(parts.len(), 4, "{first}");
        assert_eq!((parts[0], parts[2]), ("join", "code"), "{first}");
        let host = parts[1]
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        Self {
            child,
            host,
            code: parts[3].to_owned(),
            board,
            lines,
        }
    }

    /// Sends SIGINT and waits for the process to save and exit.
    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stop(mut self) -> Option<i32> {
        self.interrupt()
    }

    fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        self.child.wait().ok().and_then(|s| s.code())
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        request(&self.host, method, path, headers, body)
    }

    /// Joins as `alias`; returns the token.
    pub fn join(&self, alias: &str) -> String {
        let r = self.request(
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            &format!(r#"{{"code":"{}","alias":"{alias}"}}"#, self.code),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["token"].as_str().expect("token").to_owned()
    }

    pub fn get(&self, path: &str, token: &str) -> Reply {
        self.request(
            "GET",
            path,
            &[("Authorization", &format!("Bearer {token}"))],
            "",
        )
    }

    /// Posts a form as a browser does from the device's page: `cookie`
    /// (`name=value`; empty for a new device) is sent with the request, and
    /// the form token of the page it was given (`GET /` with that cookie)
    /// is put first in the body. A new device takes the visitor cookie of
    /// its page.
    pub fn post_form(&self, path: &str, cookie: &str, body: &str) -> Reply {
        let page = if cookie.is_empty() {
            self.request("GET", "/", &[], "")
        } else {
            self.request("GET", "/", &[("Cookie", cookie)], "")
        };
        let form =
            form_token_of(&page.body).unwrap_or_else(|| panic!("no form token: {}", page.body));
        let visitor = set_cookie(&page, "loopshop_visitor");
        let cookie = if cookie.is_empty() {
            visitor.expect("a new device's page sets its visitor cookie")
        } else {
            cookie.to_owned()
        };
        self.request(
            "POST",
            path,
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &cookie),
            ],
            &format!("form={form}&{body}"),
        )
    }

    pub fn send_json(&self, method: &str, path: &str, token: &str, body: &str) -> Reply {
        self.request(
            method,
            path,
            &[
                ("Authorization", &format!("Bearer {token}")),
                ("Content-Type", "application/json"),
            ],
            body,
        )
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.interrupt();
        }
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `{"error": ...}`, as every refusal is.
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

/// The form token in a page's forms (`<input type=hidden name=form value="...">`).
pub fn form_token_of(page: &str) -> Option<String> {
    let (_, rest) = page.split_once("<input type=hidden name=form value=\"")?;
    rest.split_once('"').map(|(token, _)| token.to_owned())
}

/// The cookie `name` a reply sets, as `name=value`.
pub fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next())
        .find(|pair| pair.split_once('=').is_some_and(|(k, _)| k == name))
        .map(str::to_owned)
}

/// Uses a personal card's link (`/j/CODE`) as a phone does: opens its page
/// (which joins nobody) and presses "Join as NAME", which posts the page's
/// form with its form token and visitor cookie. The card page's refusal
/// (its status and words) when it has no button.
pub fn use_card(host: &str, link: &str) -> Reply {
    let page = request(host, "GET", link, &[], "");
    let Some(form) =
        form_token_of(&page.body).filter(|_| page.body.contains(&format!("action=\"{link}\"")))
    else {
        return page;
    };
    let visitor =
        set_cookie(&page, "loopshop_visitor").expect("a card page sets its visitor cookie");
    request(
        host,
        "POST",
        link,
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &visitor),
        ],
        &format!("form={form}"),
    )
}

/// One HTTP/1.1 request with `Connection: close`.
pub fn request(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write");
    stream.write_all(body.as_bytes()).expect("write body");
    // Until the server closes, or as soon as the whole answer is in: some
    // servers (chromedriver) keep the connection open despite `close`.
    let mut raw = Vec::new();
    let mut buf = [0; 8192];
    while !complete(&raw) {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    parse(&raw)
}

/// Whether `raw` holds a whole answer by its `Content-Length` or chunks.
fn complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    let length = head
        .lines()
        .filter_map(|l| l.strip_prefix("content-length:"))
        .find_map(|v| v.trim().parse::<usize>().ok());
    match length {
        Some(n) => body.len() >= n,
        None => head.contains("chunked") && last_chunk_in(body),
    }
}

/// Whether a chunked body has reached its last, empty chunk.
fn last_chunk_in(mut body: &[u8]) -> bool {
    loop {
        let Some(eol) = body.windows(2).position(|w| w == b"\r\n") else {
            return false;
        };
        let size = String::from_utf8_lossy(&body[..eol]);
        let Ok(n) = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16) else {
            return false;
        };
        if n == 0 {
            return body[eol + 2..].ends_with(b"\r\n");
        }
        let Some(rest) = body.get(eol + 2 + n + 2..) else {
            return false;
        };
        body = rest;
    }
}

fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// A session in `dir` with participants `Ann` and `Bo`, already moved to
/// the exercise at `exercise` (2 = the maturity rating of the default
/// agenda, 3 = the ideas), after `setup` ran as the facilitator.
pub fn session_at(dir: &Path, exercise: usize, setup: &[Intent]) -> PathBuf {
    let at = chrono::Utc::now() - chrono::Duration::hours(1);
    let s = Session::new("Phones", "Fac", default_template(), at);
    let path = Store::new(dir).create(&s).expect("create");
    let mut e = Engine::open(&path).expect("open");
    let f = Actor::Facilitator;
    for alias in ["Ann", "Bo"] {
        let add = Intent::AddParticipant {
            alias: alias.to_owned(),
            role: String::new(),
            organisation: String::new(),
        };
        e.apply(&f, add, at).expect("participant");
    }
    // The exercise began a few minutes ago: its countdown has time left.
    let began = chrono::Utc::now() - chrono::Duration::minutes(6);
    e.apply(&f, Intent::GoToExercise(exercise), began)
        .expect("exercise");
    for intent in setup {
        e.apply(&f, intent.clone(), began).expect("setup");
    }
    e.close().expect("close");
    path
}

/// How many ratings the session file (and journal) hold now.
pub fn ratings_on_disk(path: &Path) -> usize {
    loopshop::store::load(path).expect("load").rating_count()
}
