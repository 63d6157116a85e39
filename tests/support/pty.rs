//! The real binary in a pseudo-terminal, read back through a vt100 screen.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 140;
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, raw.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Tui {
    pub fn spawn(dir: &Path, args: &[&str]) -> Self {
        Self::spawn_env(dir, args, &[])
    }

    pub fn spawn_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_loopshop"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("LOOPSHOP_DIR", dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            // Keep the master alive as long as the reader.
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut p) = p.lock() {
                            p.process(&buf[..n]);
                        }
                        if let Ok(mut r) = r.lock() {
                            r.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        Self {
            child,
            writer,
            parser,
            raw,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        // Let the app read keys one burst at a time (escape sequences stay whole).
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Waits until the screen shows `text`; fails with the screen otherwise.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                return s;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = self.child.kill();
        panic!("the program did not exit; screen:\n{}", self.screen());
    }

    pub fn signal(&self, sig: &str) {
        let pid = self.child.process_id().expect("pid");
        // The shell's built-in kill: no extra package needed.
        let ok = std::process::Command::new("sh")
            .args(["-c", &format!("kill {sig} {pid}")])
            .status()
            .expect("kill")
            .success();
        assert!(ok, "kill {sig} failed");
    }

    /// Whether the program's screen is the terminal's alternate screen.
    pub fn on_alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw")).into_owned()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub const DOWN: &str = "\x1b[B";
pub const ENTER: &str = "\r";

/// `loopshop run PATH ARGS...`, moved through the agenda to the maturity
/// rating grid (exercise 3).
pub fn run_at_maturity_grid(dir: &Path, path: &Path, args: &[&str]) -> Tui {
    run_at_maturity_grid_env(dir, path, args, &[])
}

/// [`run_at_maturity_grid`] with more environment variables.
pub fn run_at_maturity_grid_env(
    dir: &Path,
    path: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> Tui {
    let mut cmd = vec!["run", path.to_str().expect("utf8")];
    cmd.extend_from_slice(args);
    let mut t = Tui::spawn_env(dir, &cmd, env);
    t.wait_for("Exercise 1 of 6");
    t.send("e");
    t.wait_for("Jump to exercise");
    t.send(DOWN);
    t.send(DOWN);
    t.send(ENTER);
    t.wait_for("Rating: Technological maturity");
    t
}

/// [`run_at_maturity_grid`] with the phones' server started (`S`, on a
/// free port) and its join line on the screen.
pub fn serving_at_maturity_grid(dir: &Path, path: &Path) -> Tui {
    let mut t = run_at_maturity_grid(dir, path, &["--port", "0"]);
    t.send("S");
    t.wait_for("join http://127.0.0.1:");
    t
}

/// A session of three participants (Ana, Ben, Cy) with nothing rated, in a
/// temp folder: the folder and the session file.
pub fn fresh_session(title: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    use loopshop::domain::{Change, Participant, Session, default_template};
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut s = Session::new(
        title,
        "Tester",
        default_template(),
        loopshop::synthetic::epoch(),
    );
    for (i, alias) in ["Ana", "Ben", "Cy"].into_iter().enumerate() {
        s.apply(&Change::AddParticipant(Participant {
            id: format!("p{:02}", i + 1),
            alias: alias.to_owned(),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("participant");
    }
    let path = loopshop::store::Store::new(dir.path())
        .create(&s)
        .expect("create");
    (dir, path)
}
