//! The room's network, hostile: silent connections from many addresses, a
//! server child whose limit of open files is 1,024, guesses sent all at
//! once, requests from other sites, connections that stall. Everything goes
//! to loopback only (127.0.0.0/8: Linux routes the whole block to `lo`, so
//! a client socket can be bound to 127.0.0.2-127.0.0.250 as its source);
//! every loop is bounded in count and time. Linux only (the source
//! addresses, `ulimit` in `sh`, `/proc`); never under Wine (`.ci/run` runs
//! only `lan::` of this target there).

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::support::server::{
    Reply, Serve, form_token_of, ratings_on_disk, request, session_at, set_cookie,
};
use loopshop::engine::Intent;

/// The maturity rating exercise of the default agenda.
const MATURITY: usize = 2;
/// The ideas exercise.
const IDEAS: usize = 3;
/// Silent connections of the flood.
const SILENT: usize = 1_100;
/// The server's limit of wrong guesses a minute per address.
const GUESS_LIMIT: usize = 10;

/// A connection to `server` from `source`, a loopback address.
fn connect_from(source: Ipv4Addr, server: SocketAddr) -> std::io::Result<TcpStream> {
    assert!(source.is_loopback() && server.ip().is_loopback());
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    socket.bind(&SockAddr::from(SocketAddrV4::new(source, 0)))?;
    socket.connect_timeout(&SockAddr::from(server), Duration::from_secs(5))?;
    let stream = TcpStream::from(socket);
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    Ok(stream)
}

/// The `i`th of the flood's source addresses: 127.0.0.2 to 127.0.0.250.
fn flood_source(i: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, 2 + u8::try_from(i % 249).expect("below 249"))
}

fn addr(serve: &Serve) -> SocketAddr {
    serve.host.parse().expect("host:port")
}

/// This test process needs more than 1,024 descriptors for the flood: its
/// soft limit goes up to its hard one, and the hard one too when it is
/// lower than that and the test may raise it (CI runs as root).
fn room_for_the_flood() {
    let needed = (SILENT + 200) as u64;
    let mut raised = rlimit::increase_nofile_limit(u64::MAX).expect("getrlimit/setrlimit");
    if raised < needed && rlimit::setrlimit(rlimit::Resource::NOFILE, needed, needed).is_ok() {
        raised = needed;
    }
    assert!(
        raised >= needed,
        "this test needs {needed} open files; the hard limit allows {raised}"
    );
}

/// The soft and hard limits of open files of process `pid`, from
/// `/proc/PID/limits`.
fn open_files_limit(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("the open files line");
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[3].to_owned(), words[4].to_owned())
}

/// Opens the flood: [`SILENT`] connections from 127.0.0.2-250 that never
/// send a byte, as an attacker does, without waiting for the server: each
/// connect is started (non-blocking), and the participant's requests follow
/// at most a second later, whether or not the server has accepted them all.
fn flood(serve: &Serve) -> Vec<Socket> {
    let server = SockAddr::from(addr(serve));
    let silent: Vec<Socket> = (0..SILENT)
        .map(|i| {
            let socket =
                Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("socket");
            socket.set_nonblocking(true).expect("nonblocking");
            socket
                .bind(&SockAddr::from(SocketAddrV4::new(flood_source(i), 0)))
                .expect("bind to the source address");
            match socket.connect(&server) {
                // EINPROGRESS: the handshake goes on by itself.
                Err(e) if e.raw_os_error() != Some(115) => panic!("connect {i}: {e}"),
                _ => socket,
            }
        })
        .collect();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) && established(&silent) < SILENT {
        std::thread::sleep(Duration::from_millis(20));
    }
    silent
}

/// How many of the flood's connections are (or were) established.
fn established(silent: &[Socket]) -> usize {
    silent.iter().filter(|s| s.peer_addr().is_ok()).count()
}

/// Whether the server has closed this connection (it reads as ended).
fn closed_by_server(socket: &Socket) -> bool {
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit(); 1];
    match socket.recv(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    }
}

/// The participant saves three ratings, each on a new connection, each
/// answered within 1 s.
fn three_ratings_each_within_a_second(serve: &Serve, token: &str) {
    for stage in ["mining", "processing", "recycling"] {
        let asked = Instant::now();
        let saved = serve.send_json(
            "PUT",
            "/api/ratings",
            token,
            &format!(r#"{{"stage":"{stage}","dimension":"maturity","value":3}}"#),
        );
        let took = asked.elapsed();
        assert_eq!(saved.status, 200, "{stage}: {}", saved.body);
        assert!(
            took < Duration::from_secs(1),
            "{stage} answered after {took:?}"
        );
    }
}

#[test]
fn silent_connections_from_many_addresses_do_not_keep_a_participant_out() {
    room_for_the_flood();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    // Soft and hard limit 1,024: raising it changes nothing, the budget
    // must make room.
    let serve = Serve::start_with_open_files(dir.path(), &path, &[], "-n 1024");
    assert_eq!(
        open_files_limit(serve.pid()),
        ("1024".to_owned(), "1024".to_owned())
    );
    let token = serve.join("Ann");
    let silent = flood(&serve);
    three_ratings_each_within_a_second(&serve, &token);
    assert_eq!(ratings_on_disk(&path), 3);
    every_one_was_connected(&silent);
    // The server's own evidence: it closed silent connections to stay
    // within its budget (1,024 less what it keeps for itself: 944), the
    // oldest first, to make room for the participant's.
    let closed = silent.iter().filter(|s| closed_by_server(s)).count();
    assert!(
        closed > SILENT - 944,
        "only {closed} of {SILENT} silent connections closed"
    );
    let fds = std::fs::read_dir(format!("/proc/{}/fd", serve.pid()))
        .expect("the server's descriptors")
        .count();
    assert!(fds <= 1024, "{fds}");
}

#[test]
fn the_server_raises_a_soft_limit_of_1024_to_the_hard_limit() {
    room_for_the_flood();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start_with_open_files(dir.path(), &path, &[], "-Sn 1024");
    let (soft, hard) = open_files_limit(serve.pid());
    assert_eq!(soft, hard, "the soft limit is raised to the hard one");
    let token = serve.join("Ann");
    let silent = flood(&serve);
    three_ratings_each_within_a_second(&serve, &token);
    assert_eq!(ratings_on_disk(&path), 3);
    every_one_was_connected(&silent);
}

/// Every connection of the flood reached the server (waiting at most 10 s
/// for handshakes still going on).
fn every_one_was_connected(silent: &[Socket]) {
    let started = Instant::now();
    while established(silent) < SILENT && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(established(silent), SILENT, "connections established");
}

/// Reads one whole answer (by its `Content-Length`) from a keep-alive
/// connection: its status, or `None` when the connection ended first.
fn status_of(stream: &mut TcpStream) -> Option<u16> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                return head.split(' ').nth(1)?.parse().ok();
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

/// Waits (at most 20 s, the read timeout) for the server to close the
/// connection; false when it sent something else or never closed it.
fn server_closes(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => {
                return !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut);
            }
        }
    }
}

#[test]
fn stalled_headers_and_bodies_are_cut_and_idle_keep_alive_connections_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let server = addr(&serve);
    let local = Ipv4Addr::LOCALHOST;
    let host = serve.host.clone();
    let get =
        format!("GET /api/state HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n");
    // Silent from the start.
    let mut silent = connect_from(local, server).expect("connect");
    // Silent for two seconds, then a whole request: within the header
    // timeout, so answered (the server waits for a first byte before it
    // sets up HTTP on a connection).
    let mut late = connect_from(local, server).expect("connect");
    // Half a request line, then nothing.
    let mut half = connect_from(local, server).expect("connect");
    half.write_all(b"GET /api/st").expect("write");
    // A body announced and never sent.
    let mut bodiless = connect_from(local, server).expect("connect");
    write!(
        bodiless,
        "PUT /api/ratings HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 60\r\n\r\n{{\"stage\""
    )
    .expect("write");
    // Keep-alive: one request answered, then idle for longer than the
    // header timeout, then the next request; and one that then begins its
    // next request and stalls.
    let mut kept = connect_from(local, server).expect("connect");
    kept.write_all(get.as_bytes()).expect("write");
    assert_eq!(status_of(&mut kept), Some(200));
    let mut stalled = connect_from(local, server).expect("connect");
    stalled.write_all(get.as_bytes()).expect("write");
    assert_eq!(status_of(&mut stalled), Some(200));
    stalled
        .write_all(b"GET /api/state HTTP/1.1\r\nHo")
        .expect("write");
    std::thread::sleep(Duration::from_secs(2));
    late.write_all(get.as_bytes()).expect("write");
    assert_eq!(status_of(&mut late), Some(200), "late first byte answered");

    assert!(
        server_closes(&mut silent),
        "silent: closed (header timeout)"
    );
    assert!(server_closes(&mut half), "half a request line: closed");
    assert!(
        server_closes(&mut stalled),
        "a stalled next request: closed"
    );
    // The announced body never came: 408, then the connection closes.
    assert_eq!(status_of(&mut bodiless), Some(408));
    assert!(server_closes(&mut bodiless));
    // The idle keep-alive connection outlived the header timeout.
    std::thread::sleep(Duration::from_secs(1));
    kept.write_all(get.as_bytes()).expect("write");
    assert_eq!(status_of(&mut kept), Some(200), "idle keep-alive kept");
    assert_eq!(ratings_on_disk(&path), 0);
}

/// Sends `requests` (whole HTTP/1.1 requests, `Connection: close`) all at
/// once, each on its own connection from `source`, and reads every
/// answer's status.
fn all_at_once(serve: &Serve, source: Ipv4Addr, requests: &[String]) -> Vec<u16> {
    let server = addr(serve);
    let mut conns: Vec<TcpStream> = requests
        .iter()
        .map(|_| connect_from(source, server).expect("connect"))
        .collect();
    // Every request is written before any answer is read.
    for (c, r) in conns.iter_mut().zip(requests) {
        c.write_all(r.as_bytes()).expect("write");
    }
    conns
        .iter_mut()
        .map(|c| {
            let mut raw = Vec::new();
            let _ = c.read_to_end(&mut raw);
            let text = String::from_utf8_lossy(&raw);
            text.split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        })
        .collect()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

// The tests below join new names: the roster is opened to any name (a
// session that lists participants defaults to `listed`).
#[test]
fn wrong_guesses_sent_at_once_are_evaluated_at_most_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let before = loopshop::store::load(&path).expect("load");
    let serve = Serve::start(dir.path(), &path, &["--roster", "open"]);
    let host = &serve.host;
    // 500 wrong join codes at once from one address. 401 is the engine's
    // answer to a code it evaluated; 429 is the refusal before it.
    let body = r#"{"code":"WRONG2","alias":"Mallory"}"#;
    let join = format!(
        "POST /api/join HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let statuses = all_at_once(&serve, Ipv4Addr::LOCALHOST, &vec![join; 500]);
    let (evaluated, refused) = (count(&statuses, 401), count(&statuses, 429));
    assert_eq!(evaluated + refused, 500, "{statuses:?}");
    assert!(
        evaluated <= GUESS_LIMIT,
        "{evaluated} wrong codes evaluated"
    );
    // The right code from that address waits a minute; from another it joins.
    let right = format!(r#"{{"code":"{}","alias":"Cy"}}"#, serve.code);
    let json = [("Content-Type", "application/json")];
    assert_eq!(
        serve.request("POST", "/api/join", &json, &right).status,
        429
    );
    // Card codes and board keys are guesses too: 100 of each at once.
    let cards = format!("GET /j/ABCDE-FGHJK HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let statuses = all_at_once(&serve, Ipv4Addr::new(127, 0, 0, 7), &vec![cards; 100]);
    assert_eq!(count(&statuses, 401) + count(&statuses, 429), 100);
    assert!(count(&statuses, 401) <= GUESS_LIMIT, "{statuses:?}");
    let boards = format!(
        "GET /board?key=0123456789abcdef01234567 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    let statuses = all_at_once(&serve, Ipv4Addr::new(127, 0, 0, 8), &vec![boards; 100]);
    assert_eq!(count(&statuses, 401) + count(&statuses, 429), 100);
    assert!(count(&statuses, 401) <= GUESS_LIMIT, "{statuses:?}");
    // Nothing was recorded by the guesses; another address still joins.
    let joined = {
        let mut c = connect_from(Ipv4Addr::new(127, 0, 0, 9), addr(&serve)).expect("connect");
        write!(
            c,
            "POST /api/join HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{right}",
            right.len()
        )
        .expect("write");
        let mut raw = String::new();
        let _ = c.read_to_string(&mut raw);
        raw
    };
    assert!(joined.starts_with("HTTP/1.1 200"), "{joined}");
    assert_eq!(serve.stop(), Some(0));
    let after = loopshop::store::load(&path).expect("load");
    assert_eq!(after.participants.len(), before.participants.len() + 1);
    assert!(after.participant_by_alias("Mallory").is_none());
}

/// A request: method, path, headers, body.
type Call<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], String);

/// Every request that changes something, as a device of Ann's sends it
/// (her bearer token or cookie, her page's form token), `extra` headers
/// added.
fn every_change(serve: &Serve, token: &str, extra: &[(&str, &str)]) -> Vec<(String, Reply)> {
    let cookie = format!("loopshop_token={token}");
    let page = serve.request("GET", "/", &[("Cookie", &cookie)], "");
    let form = form_token_of(&page.body).expect("form token");
    let visitor_page = serve.request("GET", "/", &[], "");
    let visitor = set_cookie(&visitor_page, "loopshop_visitor").expect("visitor cookie");
    let visitor_form = form_token_of(&visitor_page.body).expect("visitor's form token");
    let bearer = format!("Bearer {token}");
    let json = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
    ];
    let as_ann = [
        ("Cookie", cookie.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let as_visitor = [
        ("Cookie", visitor.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let calls: Vec<Call<'_>> = vec![
        (
            "POST",
            "/api/join",
            &json[1..],
            format!(r#"{{"code":"{}","alias":"Mallory"}}"#, serve.code),
        ),
        (
            "PUT",
            "/api/ratings",
            &json,
            r#"{"stage":"mining","dimension":"maturity","value":1}"#.to_owned(),
        ),
        (
            "POST",
            "/api/ideas",
            &json,
            r#"{"stage":"mining","text":"Forged idea"}"#.to_owned(),
        ),
        ("POST", "/api/votes", &json, r#"{"idea":1}"#.to_owned()),
        ("DELETE", "/api/votes/1", &json, String::new()),
        (
            "POST",
            "/join",
            &as_visitor,
            format!(
                "form={visitor_form}&code={}&alias=Attacker+Alias",
                serve.code
            ),
        ),
        (
            "POST",
            "/rate",
            &as_ann,
            format!("form={form}&stage=design&dimension=maturity&value=5&comment="),
        ),
        (
            "POST",
            "/idea",
            &as_ann,
            format!("form={form}&stage=design&text=Forged+by+form"),
        ),
        (
            "POST",
            "/vote",
            &as_ann,
            format!("form={form}&idea=1&vote=add"),
        ),
    ];
    calls
        .into_iter()
        .map(|(method, path, headers, body)| {
            let mut all: Vec<(&str, &str)> = headers.to_vec();
            all.extend_from_slice(extra);
            (
                format!("{method} {path}"),
                request(&serve.host, method, path, &all, &body),
            )
        })
        .collect()
}

#[test]
fn requests_from_another_site_to_every_state_changing_route_are_refused_and_record_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idea = Intent::AddIdea {
        stage: "mining".to_owned(),
        text: "Shared trucks".to_owned(),
        technologies: Vec::new(),
        author: None,
    };
    let path = session_at(dir.path(), IDEAS, &[idea]);
    let serve = Serve::start(dir.path(), &path, &["--open", "all", "--roster", "open"]);
    let token = serve.join("Ann");
    let before = loopshop::store::load(&path).expect("load");
    let other_site = format!("http://127.0.0.1:{}", addr(&serve).port().wrapping_add(1));
    let other_page = format!("{other_site}/forged.html");
    for extra in [
        [("Origin", other_site.as_str())].as_slice(),
        &[("Origin", "http://evil.example")],
        &[("Origin", "null")],
        &[("Referer", other_page.as_str())],
    ] {
        for (what, reply) in every_change(&serve, &token, extra) {
            assert_eq!(reply.status, 403, "{what} with {extra:?}: {}", reply.body);
            assert!(
                reply.error().contains("another site"),
                "{what}: {}",
                reply.body
            );
            assert!(reply.header("Set-Cookie").is_none(), "{what}");
        }
    }
    assert_eq!(
        loopshop::store::load(&path).expect("load"),
        before,
        "nothing recorded"
    );
    assert!(serve.lines.try_recv().is_err(), "nothing saved in the log");
    // The same requests from the server's own page go through: it was
    // the other site that was refused. (Requests without either header,
    // as the command line sends them, are every other test's.)
    let own = format!("http://{}", serve.host);
    for (what, reply) in every_change(&serve, &token, &[("Origin", own.as_str())]) {
        assert!(
            reply.status == 200 || reply.status == 303,
            "{what}: {} {}",
            reply.status,
            reply.body
        );
    }
    let after = loopshop::store::load(&path).expect("load");
    assert_eq!(
        after.rating_count(),
        2,
        "one rating by the API, one by the form"
    );
    assert_eq!(
        after.ideas.len(),
        3,
        "the facilitator's, the API's, the form's"
    );
    assert_eq!(after.ideas[0].votes.len(), 1, "added, removed, added");
    assert!(after.participant_by_alias("Attacker Alias").is_some());
    assert!(after.participant_by_alias("Mallory").is_some());
}

/// The participants' own pages keep working under the Origin rule: a
/// cookie stays `HttpOnly; SameSite=Strict`.
#[test]
fn cookies_stay_http_only_and_same_site_strict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &["--roster", "open"]);
    let page = serve.request("GET", "/", &[], "");
    let language = serve.request("GET", "/?lang=sv", &[], "");
    let joined = serve.post_form("/join", "", &format!("code={}&alias=Dee", serve.code));
    assert_eq!(joined.status, 303, "{}", joined.body);
    for reply in [&page, &language, &joined] {
        let cookies: Vec<&str> = reply
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(!cookies.is_empty());
        for c in cookies {
            assert!(
                c.contains("HttpOnly") && c.contains("SameSite=Strict"),
                "{c}"
            );
        }
    }
}
