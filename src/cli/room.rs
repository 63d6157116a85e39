//! Participants' devices in the terminal: the participants' server owned by
//! the terminal's loop. Its calls arrive on the loop's queue and are
//! answered against the session on screen, a burst at a time with one save;
//! the screen shows where to join. The server stops with the session.

use std::net::SocketAddr;

use chrono::Utc;

use crate::app::{App, Room, Screen, Status};
use crate::engine::{Engine, SecondDevice};
use crate::server::{self, Call, Notice, Running, Submit, secrets};

/// What the pages follow: when it changes, every page refreshes (the
/// room's language included).
type Signature = (usize, u32, bool, usize, String);

fn signature(engine: &Engine) -> Signature {
    let s = engine.session();
    let round = s.current_round();
    let revealed = s.round(round).is_some_and(|r| r.revealed);
    (
        engine.exercise_index(),
        round,
        revealed,
        s.access.devices.len(),
        s.language.clone(),
    )
}

pub struct RoomServer {
    bind: SocketAddr,
    submit: Submit,
    running: Option<Running>,
    last: Option<Signature>,
    /// The session's durable writes and the facilitator's changes of the
    /// board when the board was last told.
    last_writes: (u64, u64),
}

impl RoomServer {
    /// A server that will listen on `bind` and hand calls to `submit`.
    #[must_use]
    pub fn new(bind: SocketAddr, submit: Submit) -> Self {
        Self {
            bind,
            submit,
            running: None,
            last: None,
            last_writes: (0, 0),
        }
    }

    /// Listens on `bind` from the next start on.
    pub fn set_bind(&mut self, bind: SocketAddr) {
        self.bind = bind;
    }

    /// `S`: starts the server for the session on screen, or stops it.
    pub fn toggle(&mut self, app: &mut App) {
        if let Some(running) = self.running.take() {
            running.stop();
            if let Some(v) = app.view_mut() {
                v.room = None;
                let _ = v.engine.set_server(None, Utc::now());
            }
            app.status = Some(Status::info(
                "participants' devices are off; ratings already sent are saved",
            ));
            return;
        }
        let now = Utc::now();
        let Some(v) = app.view_mut() else {
            return;
        };
        if let Err(e) = v
            .engine
            .ensure_access(secrets::new_join_code, secrets::new_board_key, now)
        {
            app.status = Some(Status::warning(e.to_string()));
            return;
        }
        v.engine.flush();
        match server::start(self.bind, self.submit.clone()) {
            Ok(running) => {
                // Kept in the session: after an unexpected stop, reopening
                // starts the server again here.
                let _ = v.engine.set_server(Some(running.addr()), now);
                v.engine.flush();
                v.room = Some(room(&running, v.engine.session()));
                self.last = Some(signature(&v.engine));
                self.running = Some(running);
                app.status = Some(Status::info(
                    "participants may join from their phones: J shows the QR code",
                ));
            }
            Err(e) => app.status = Some(Status::warning(e.to_string())),
        }
    }

    /// `N` in the join panel: a new join code.
    pub fn new_code(&mut self, app: &mut App) {
        let Some(v) = app.view_mut() else {
            return;
        };
        let result = v
            .engine
            .replace_join_code(secrets::new_join_code(), Utc::now());
        if let (Ok(()), Some(running)) = (result, &self.running) {
            v.room = Some(room(running, v.engine.session()));
            let code = v.engine.session().access.join_code.clone();
            app.status = Some(Status::info(format!(
                "new join code {code}; devices that joined keep working"
            )));
        }
    }

    /// Answers the calls of one burst, with one save for all of them.
    pub fn answer(&mut self, app: &mut App, calls: Vec<Call>) {
        let Screen::Session(v) = &mut app.screen else {
            return;
        };
        let answered = server::answer(&mut v.engine, calls, SecondDevice::Wait, Utc::now());
        if let Some(running) = &self.running {
            running.tell_answered(&answered);
        }
        if let Some(o) = answered.signed_out.last() {
            app.status = Some(Status::info(format!(
                "{}'s card joined on a new device: the earlier device is signed out",
                o.alias
            )));
        }
    }

    /// After each burst: pages refresh when the exercise or round changed;
    /// the server stops when the session is no longer on screen.
    pub fn after(&mut self, app: &App) {
        let Some(running) = &self.running else {
            return;
        };
        let Some(v) = app.view().filter(|v| v.room.is_some()) else {
            if let Some(running) = self.running.take() {
                running.stop();
            }
            return;
        };
        let writes = (v.engine.durable_writes(), v.engine.board_changes());
        if self.last_writes != writes {
            self.last_writes = writes;
            running.board_changed();
        }
        let now = signature(&v.engine);
        if self.last.as_ref() != Some(&now) {
            self.last = Some(now);
            running.notify(Notice {
                participant: None,
                kind: "refresh",
            });
        }
    }
}

fn room(running: &Running, s: &crate::domain::Session) -> Room {
    let url = running.public_url();
    let join_url = format!("{url}?code={}", s.access.join_code);
    let loopback = running.addr().ip().is_loopback();
    let lan = if loopback {
        server::address::lan_ipv4s()
            .iter()
            .map(ToString::to_string)
            .collect()
    } else {
        Vec::new()
    };
    Room {
        qr: server::qr::half_block_lines(&join_url).unwrap_or_default(),
        board_url: format!("{url}board?key={}", s.access.board_key),
        code: s.access.join_code.clone(),
        join_url,
        url,
        loopback,
        lan,
    }
}
