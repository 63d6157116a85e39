//! The participants' server: axum on a small tokio runtime of its own
//! thread, a front end of the session engine like the terminal. Every
//! request becomes a [`Call`] on the engine's one thread (see
//! [`calls::answer`]); the server itself holds no session state, serves only
//! the page and the API, names no path and stops with the session.

pub mod address;
pub mod board;
pub mod calls;
pub mod connections;
mod limits;
mod notices;
mod origin;
pub mod page;
pub mod qr;
mod refusal_words;
mod routes;
pub mod secrets;
pub mod state;

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;

use thiserror::Error;
use tokio::sync::oneshot;

pub use calls::{Answered, Call, SavedRating, SignedOut, answer};
pub use notices::Notice;
pub use routes::{MAX_BODY, Submit};

/// The port printed on join cards: fixed, so a card printed days before
/// still works.
pub const DEFAULT_PORT: u16 = 8787;

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: SocketAddr, message: String },
    #[error("cannot start the server: {0}")]
    Runtime(String),
}

/// A running server; dropping it stops it.
pub struct Running {
    addr: SocketAddr,
    notices: Arc<notices::Notices>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// The address the server listens on (the real port when 0 was asked).
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address participants type: the bound one, or the machine's LAN
    /// address when bound to every interface.
    #[must_use]
    pub fn public_url(&self) -> String {
        url(address::public_host(self.addr), self.addr.port())
    }

    /// Tells pages to refresh (everyone, or one participant's); a notice
    /// for everyone refreshes the room's board too.
    pub fn notify(&self, notice: Notice) {
        self.notices.send(notice);
    }

    /// Tells the pages what a group of answered calls changed (see
    /// [`notices::Notices::tell_answered`]).
    pub fn tell_answered(&self, answered: &Answered) {
        self.notices.tell_answered(answered);
    }

    /// Tells the room's board that the session changed: it refreshes
    /// within a second, once however many changes came meanwhile.
    pub fn board_changed(&self) {
        self.notices.board_changed();
    }

    /// Stops accepting requests and waits for the server's thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Accepts connections until `stopped`, each served as HTTP/1 on its own
/// task, within the budget and the timeouts of [`connections`]. Written out
/// rather than `axum::serve` so that each connection's buffers can be set
/// (with thousands of phones, they are most of the server's memory) and
/// each connection watched.
async fn accept(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    connections: Arc<connections::Connections>,
    mut stopped: oneshot::Receiver<()>,
) {
    loop {
        // Connections closed by the budget have not gone yet: wait for
        // them rather than run out of descriptors.
        while connections.full() {
            tokio::select! {
                _ = &mut stopped => return,
                () = connections.one_gone() => {}
                () = tokio::time::sleep(std::time::Duration::from_millis(50)) => {}
            }
        }
        let (stream, peer) = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors, say: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let held = connections.admit();
        if held.conn.evicted() {
            // Over the budget, with only answers in progress to close.
            continue;
        }
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(stream, peer, router.clone(), held));
    }
}

/// One connection, until it ends, its headers are late, or the budget
/// closes it.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: axum::Router,
    held: connections::Held,
) {
    let conn = Arc::clone(&held.conn);
    // A connection that has sent nothing holds only its socket and this
    // small task: hyper's connection (its state and 8 KiB buffers, about
    // 11 KiB in all) is made, and boxed, with its first bytes, so that a
    // flood of silent connections stays small. The header deadline runs.
    // (`peek`, not `readable`: a new socket counts as readable until a
    // read would block.)
    let mut first = [0u8; 1];
    if matches!(watch(&conn, stream.peek(&mut first)).await, Some(Ok(1..))) {
        Box::pin(serve_http(stream, peer, router, conn)).await;
    } else {
        drop(stream);
    }
    // The connection is closed (dropped above); only now is it counted out.
    drop(held);
}

/// HTTP/1 on a connection whose first bytes have arrived.
async fn serve_http(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: axum::Router,
    conn: Arc<connections::Conn>,
) {
    let watched = connections::Watched::new(stream, Arc::clone(&conn));
    let service = {
        let conn = Arc::clone(&conn);
        hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            serve_request(request, peer, router.clone(), Arc::clone(&conn))
        })
    };
    // Bodies are written from their own buffers (writev), not copied into
    // the connection's: a big page once must not keep a big buffer for the
    // rest of the connection. hyper's header-read timer, which runs from
    // the moment a connection is idle, is its idle keep-alive timeout.
    let served = hyper::server::conn::http1::Builder::new()
        .writev(true)
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(connections::IDLE)
        .serve_connection(hyper_util::rt::TokioIo::new(watched), service);
    watch(&conn, served).await;
}

/// `work` on connection `conn` until it ends (its output), or until the
/// budget evicts the connection or its deadline passes (`None`; `work`,
/// and with it the connection, is dropped).
async fn watch<F: std::future::Future>(conn: &connections::Conn, work: F) -> Option<F::Output> {
    tokio::pin!(work);
    loop {
        let deadline = conn.deadline();
        let late = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            out = work.as_mut() => return Some(out),
            () = conn.woken() => if conn.evicted() { return None },
            () = late => if conn.expired(std::time::Instant::now()) { return None },
        }
    }
}

/// One request: refused when it comes from another site (see
/// [`origin`]), its body read within [`connections::BODY_READ`] and at most
/// [`MAX_BODY`], then answered by the router.
async fn serve_request(
    request: hyper::Request<hyper::body::Incoming>,
    peer: SocketAddr,
    mut router: axum::Router,
    conn: Arc<connections::Conn>,
) -> Result<axum::response::Response, Infallible> {
    use axum::response::IntoResponse as _;
    use tower_service::Service as _;
    conn.request_began();
    let (mut parts, body) = request.into_parts();
    if let Err(why) = origin::check(&parts.method, &parts.headers) {
        conn.answered(false);
        return Ok(closing(routes::error(
            axum::http::StatusCode::FORBIDDEN,
            &why,
        )));
    }
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(refusal) => {
            conn.answered(false);
            return Ok(closing(refusal));
        }
    };
    conn.answering();
    parts.extensions.insert(axum::extract::ConnectInfo(peer));
    let request = hyper::Request::from_parts(parts, axum::body::Body::from(body));
    let response = match router.call(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let stream = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    conn.answered(stream);
    Ok(response.into_response())
}

/// A refusal after which the connection closes: what is left of the
/// request's body is never read.
fn closing(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().insert(
        axum::http::header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

/// The request's whole body, within [`connections::BODY_READ`] and
/// [`MAX_BODY`]; the refusal to send otherwise.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: hyper::body::Incoming,
) -> Result<axum::body::Bytes, axum::response::Response> {
    use axum::http::StatusCode;
    let too_big = || routes::error(StatusCode::PAYLOAD_TOO_LARGE, "the body is over 64 KiB");
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_big());
    }
    let read = axum::body::to_bytes(axum::body::Body::new(body), MAX_BODY);
    match tokio::time::timeout(connections::BODY_READ, read).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let broken =
                std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
                    e.source()
                })
                .any(<dyn std::error::Error>::is::<hyper::Error>);
            Err(if broken {
                routes::error(StatusCode::BAD_REQUEST, "the body could not be read")
            } else {
                too_big()
            })
        }
        Err(_) => Err(routes::error(
            StatusCode::REQUEST_TIMEOUT,
            "the body took more than 10 s to arrive",
        )),
    }
}

/// Connections the system may keep waiting to be accepted (it caps this
/// at its own maximum): a room scanning the QR code at once, or a flood
/// that the budget is closing, must not see connections dropped (their
/// devices would retry only a second later). std and tokio listen with 128.
const BACKLOG: u32 = 1024;

/// A listener on `bind` with a [`BACKLOG`] of its own.
fn listen(bind: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if bind.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As std and tokio do: a restarted server binds its port again at
    // once (on Windows this would let another program take it over).
    #[cfg(not(windows))]
    socket.set_reuseaddr(true)?;
    socket.bind(bind)?;
    socket.listen(BACKLOG)
}

/// `http://HOST:PORT/`.
#[must_use]
pub fn url(host: IpAddr, port: u16) -> String {
    match host {
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
    }
}

/// Starts serving on `bind`; `submit` hands each request to the engine's
/// thread. Returns once the port is bound. First raises the process's soft
/// limit of open files to its hard limit, and keeps its connections within
/// a budget below it ([`connections`]).
///
/// # Errors
/// When the address cannot be bound or the runtime cannot start.
pub fn start(bind: SocketAddr, submit: Submit) -> Result<Running, ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .thread_name("loopshop-server")
        .build()
        .map_err(|e| ServerError::Runtime(e.to_string()))?;
    let listener = runtime
        .block_on(async { listen(bind) })
        .map_err(|e| ServerError::Bind {
            addr: bind,
            message: e.to_string(),
        })?;
    let addr = listener.local_addr().map_err(|e| ServerError::Bind {
        addr: bind,
        message: e.to_string(),
    })?;
    let budget = connections::budget_for(connections::raise_open_files());
    let connections = connections::Connections::new(budget);
    let notices = Arc::new(notices::Notices::new());
    let shared = routes::Shared {
        submit,
        limits: Arc::new(limits::Limits::default()),
        notices: Arc::clone(&notices),
        public_url: url(address::public_host(addr), addr.port()).into(),
        form_secret: Arc::new(secrets::new_form_secret()),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let router = routes::router(shared);
    let thread = std::thread::Builder::new()
        .name("loopshop-server".to_owned())
        .spawn(move || {
            runtime.block_on(accept(listener, router, connections, stopped));
            // Open event streams must not keep the session from closing.
            runtime.shutdown_background();
        })
        .map_err(|e| ServerError::Runtime(e.to_string()))?;
    Ok(Running {
        addr,
        notices,
        stop: Some(stop),
        thread: Some(thread),
    })
}
