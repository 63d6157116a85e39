//! The participants' server: axum on a small tokio runtime of its own
//! thread, a front end of the session engine like the terminal. Every
//! request becomes a [`Call`] on the engine's one thread (see
//! [`calls::answer`]); the server itself holds no session state, serves only
//! the page and the API, names no path and stops with the session.

pub mod address;
pub mod board;
pub mod calls;
mod limits;
mod notices;
pub mod page;
pub mod qr;
mod refusal_words;
mod routes;
pub mod secrets;
pub mod state;

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
/// task. Written out rather than `axum::serve` so that each connection's
/// buffers can be set: with thousands of phones, they are most of the
/// server's memory.
async fn accept(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    mut stopped: oneshot::Receiver<()>,
) {
    use tower_service::Service as _;
    loop {
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
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    let mut router = router.clone();
                    async move { router.call(request.map(axum::body::Body::new)).await }
                },
            );
            // Bodies are written from their own buffers (writev), not
            // copied into the connection's: a big page once must not keep
            // a big buffer for the rest of the connection.
            let _ = hyper::server::conn::http1::Builder::new()
                .writev(true)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
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
/// thread. Returns once the port is bound.
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
        .block_on(tokio::net::TcpListener::bind(bind))
        .map_err(|e| ServerError::Bind {
            addr: bind,
            message: e.to_string(),
        })?;
    let addr = listener.local_addr().map_err(|e| ServerError::Bind {
        addr: bind,
        message: e.to_string(),
    })?;
    let notices = Arc::new(notices::Notices::new());
    let shared = routes::Shared {
        submit,
        limits: Arc::new(limits::Limits::default()),
        notices: Arc::clone(&notices),
        public_url: url(address::public_host(addr), addr.port()).into(),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let router = routes::router(shared);
    let thread = std::thread::Builder::new()
        .name("loopshop-server".to_owned())
        .spawn(move || {
            runtime.block_on(accept(listener, router, stopped));
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
