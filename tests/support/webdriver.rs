//! A real headless Chromium driven through `chromedriver` with the W3C
//! `WebDriver` JSON protocol over plain HTTP on loopback, spoken with the small
//! client of `support::server`. No `WebDriver` crate: the dozen calls the page
//! tests need are below.

use std::fs::File;
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::server::request;

/// Set (by `.ci/run`) to turn a missing browser into a failure.
pub const REQUIRE: &str = "LOOPSHOP_REQUIRE_BROWSER";
/// The key W3C `WebDriver` names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long one wait of the page may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// The browser and its driver, as found on `PATH`.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// An executable named `name` in a directory of `PATH`.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(&file))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Chromium and chromedriver, or `None` after saying loudly that `test` was
/// skipped; panics instead when `LOOPSHOP_REQUIRE_BROWSER=1`.
pub fn tools_or_skip(test: &str) -> Option<Tools> {
    let chromium = on_path("chromium");
    let chromedriver = on_path("chromedriver");
    if let (Some(chromium), Some(chromedriver)) = (&chromium, &chromedriver) {
        return Some(Tools {
            chromium: chromium.clone(),
            chromedriver: chromedriver.clone(),
        });
    }
    let missing: Vec<&str> = [("chromium", &chromium), ("chromedriver", &chromedriver)]
        .iter()
        .filter(|(_, found)| found.is_none())
        .map(|(name, _)| *name)
        .collect();
    let verb = if missing.len() == 1 { "is" } else { "are" };
    let required = std::env::var(REQUIRE).is_ok_and(|v| v == "1");
    let rule = "=".repeat(76);
    let message = format!(
        "\n{rule}\n\
         {}: {test} did NOT test the page in a browser:\n\
         {} {verb} not on PATH. It drives the participant page in a real\n\
         headless Chromium; install chromium and chromium-driver to run it\n\
         (Debian: apt-get install --no-install-recommends chromium chromium-driver).\n\
         {REQUIRE}=1 (set by .ci/run) turns this skip into a failure.\n\
         {rule}\n",
        if required {
            "FAILED, NOT SKIPPED"
        } else {
            "SKIPPED"
        },
        missing.join(" and "),
    );
    assert!(!required, "{message}");
    // Straight to stderr: the test harness hides what a passing test prints.
    let _ = std::io::stderr().write_all(message.as_bytes());
    None
}

/// A port on loopback that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

/// A `chromedriver` on a loopback port; its browsers are quit and it is
/// killed when dropped.
pub struct ChromeDriver {
    child: Child,
    pub host: String,
    log: PathBuf,
}

impl ChromeDriver {
    /// Starts chromedriver (its log in `dir`) and waits until it is ready.
    pub fn start(tools: &Tools, dir: &Path) -> Self {
        let port = free_port();
        let log = dir.join("chromedriver.log");
        let out = File::create(&log).expect("chromedriver log");
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log"))
            .stderr(out)
            .spawn()
            .expect("spawn chromedriver");
        let mut driver = Self {
            child,
            host: format!("127.0.0.1:{port}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if driver.ready() {
                return driver;
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited ({status}):\n{}", driver.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver was not ready within 20 s:\n{}",
                driver.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn ready(&self) -> bool {
        if TcpStream::connect(&self.host).is_err() {
            return false;
        }
        let reply = request(&self.host, "GET", "/status", &[], "");
        serde_json::from_str::<Value>(&reply.body)
            .is_ok_and(|v| v["value"]["ready"].as_bool() == Some(true))
    }

    /// What chromedriver wrote.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// A new headless browser session showing pages on a phone's viewport
    /// of `width` x `height` CSS pixels. (A desktop window cannot be narrower
    /// than 500 pixels, so the phone is emulated, touch and all.)
    pub fn browser(&self, tools: &Tools, width: u32, height: u32) -> Browser {
        self.session(tools, width, height, true)
    }

    /// A new headless browser session as a desktop window (a projector's
    /// screen) of `width` x `height` CSS pixels.
    pub fn desktop(&self, tools: &Tools, width: u32, height: u32) -> Browser {
        let browser = self.session(tools, width, height, false);
        // The window's size includes what headless Chromium keeps for its
        // (invisible) toolbars: grow it by that, so the page gets it all.
        let extra = browser
            .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]")
            .unwrap_or_else(|e| panic!("the window's size: {e}"));
        let more = |i: usize| u32::try_from(extra[i].as_u64().unwrap_or(0)).unwrap_or(0);
        browser
            .call(
                "POST",
                "/window/rect",
                Some(&json!({"width": width + more(0), "height": height + more(1)})),
            )
            .unwrap_or_else(|e| panic!("resizing the window: {e}"));
        browser
    }

    fn session(&self, tools: &Tools, width: u32, height: u32, phone: bool) -> Browser {
        let mut options = json!({
            "binary": tools.chromium,
            // --disable-dev-shm-usage: containers often have a tiny /dev/shm.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage",
                     format!("--window-size={width},{height}")],
        });
        if phone {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1.0, "touch": true,
            }});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let reply = request(
            &self.host,
            "POST",
            "/session",
            &[("Content-Type", "application/json")],
            &capabilities.to_string(),
        );
        let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        let Some(id) = body["value"]["sessionId"].as_str() else {
            panic!(
                "no browser session ({}): {}\n{}",
                reply.status,
                reply.body,
                self.log_text()
            );
        };
        Browser {
            host: self.host.clone(),
            session: format!("/session/{id}"),
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            // Quits every browser it started, then the driver itself.
            if TcpStream::connect(&self.host).is_ok() {
                let _ = request(&self.host, "GET", "/shutdown", &[], "");
            }
            for _ in 0..40 {
                if !matches!(self.child.try_wait(), Ok(None)) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A `WebDriver` error: `{"value": {"error": ..., "message": ...}}`.
#[derive(Debug)]
pub struct WebDriverError {
    pub status: u16,
    pub error: String,
    pub message: String,
}

impl WebDriverError {
    /// Errors of a page that is loading or reloading: worth another try.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.error.as_str(),
            "no such element"
                | "stale element reference"
                | "element click intercepted"
                | "element not interactable"
        ) || (self.error == "unknown error"
            // Chromium's words for an element or page replaced under the
            // driver's feet by a navigation (a stale element by another name).
            && ["does not belong to the document", "Cannot find context with specified id"]
                .iter()
                .any(|race| self.message.contains(race)))
    }
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.error, self.message)
    }
}

pub type Result<T> = std::result::Result<T, WebDriverError>;

/// One browser session; quit (`DELETE /session/{id}`) when dropped.
pub struct Browser {
    host: String,
    /// `/session/{id}`.
    session: String,
}

impl Browser {
    /// One `WebDriver` command; its `value`, or the error it answered.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let url = format!("{}{path}", self.session);
        let reply = match body {
            Some(b) => request(
                &self.host,
                method,
                &url,
                &[("Content-Type", "application/json")],
                &b.to_string(),
            ),
            None => request(&self.host, method, &url, &[], ""),
        };
        let value = serde_json::from_str::<Value>(&reply.body)
            .map_or(Value::Null, |mut v| v["value"].take());
        if reply.status == 200 {
            Ok(value)
        } else {
            Err(WebDriverError {
                status: reply.status,
                error: value["error"].as_str().unwrap_or("unknown").to_owned(),
                message: value["message"]
                    .as_str()
                    .map_or_else(|| reply.body.clone(), str::to_owned),
            })
        }
    }

    /// Loads `url` and waits for the page.
    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The first element matching the CSS selector.
    pub fn find(&self, css: &str) -> Result<String> {
        let found = self.call(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        )?;
        Ok(found[ELEMENT].as_str().unwrap_or_default().to_owned())
    }

    pub fn click(&self, element: &str) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(&json!({})),
        )
        .map(drop)
    }

    /// Types `text` into the element.
    pub fn type_text(&self, element: &str, text: &str) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(&json!({ "text": text })),
        )
        .map(drop)
    }

    /// The element's visible text.
    pub fn text(&self, element: &str) -> Result<String> {
        let v = self.call("GET", &format!("/element/{element}/text"), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute of the element, as the markup or a script set it.
    pub fn attribute(&self, element: &str, name: &str) -> Result<Option<String>> {
        let v = self.call("GET", &format!("/element/{element}/attribute/{name}"), None)?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// A property of the element (`value` of an input is what it holds now).
    pub fn property(&self, element: &str, name: &str) -> Result<Value> {
        self.call("GET", &format!("/element/{element}/property/{name}"), None)
    }

    /// The visible text of the first element matching `css`.
    pub fn text_of(&self, css: &str) -> Result<String> {
        self.text(&self.find(css)?)
    }

    /// Clicks the first element matching `css`, trying again while the page
    /// is (re)loading, for at most [`WAIT`].
    pub fn click_on(&self, css: &str) {
        self.wait_for(&format!("a click on {css}"), |b| {
            b.find(css).and_then(|e| b.click(&e)).map(Ok)
        });
    }

    /// Asks `check` again until it answers `Ok(Ok(..))`, for at most
    /// [`WAIT`]; `Ok(Err(why))` is "not yet", and so are the errors of a page
    /// in the middle of a (re)load. Panics with `what` and the last answer
    /// when time is up.
    pub fn wait_for<T>(
        &self,
        what: &str,
        mut check: impl FnMut(&Self) -> Result<std::result::Result<T, String>>,
    ) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            let last = match check(self) {
                Ok(Ok(found)) => return found,
                Ok(Err(why)) => why,
                Err(e) if e.is_transient() => e.to_string(),
                Err(e) => panic!("waiting for {what}: {e}"),
            };
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; last: {last}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// [`Browser::wait_for`] `what`: the text of the first element matching
    /// `css` to contain `needle`.
    pub fn wait_for_text(&self, what: &str, css: &str, needle: &str) {
        self.wait_for(what, |b| {
            let text = b.text_of(css)?;
            Ok(if text.contains(needle) {
                Ok(())
            } else {
                Err(format!("it says {text:?}"))
            })
        });
    }

    /// Runs `script` (a function body; `return` gives the answer) in the page.
    pub fn execute(&self, script: &str) -> Result<Value> {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// The page's current address.
    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The page as it is now (its DOM, serialised).
    pub fn source(&self) -> String {
        self.call("GET", "/source", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Saves a PNG of the window to `path`.
    pub fn screenshot(&self, path: &Path) {
        let png = self
            .call("GET", "/screenshot", None)
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        let bytes = base64(png.as_str().unwrap_or_default());
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

impl Browser {
    /// Saves a PNG of the first element matching `css` to `path`.
    pub fn screenshot_of(&self, css: &str, path: &Path) {
        let element = self
            .find(css)
            .unwrap_or_else(|e| panic!("screenshot of {css}: {e}"));
        let png = self
            .call("GET", &format!("/element/{element}/screenshot"), None)
            .unwrap_or_else(|e| panic!("screenshot of {css}: {e}"));
        let bytes = base64(png.as_str().unwrap_or_default());
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if TcpStream::connect(&self.host).is_ok() {
            let _ = request(&self.host, "DELETE", &self.session, &[], "");
        }
    }
}

/// Decodes standard base64 (the screenshot); anything else is skipped.
fn base64(text: &str) -> Vec<u8> {
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(sextet) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from(acc >> bits).unwrap_or(u8::MAX));
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// What [`Browser::text_heights`] measured.
#[derive(Debug)]
pub struct TextHeights {
    /// Rendered boxes of text measured.
    pub boxes: usize,
    /// `height px: text` of every box lower than the minimum.
    pub small: Vec<String>,
}

impl Browser {
    /// The rendered height of every line of text under `css` (HTML and
    /// inline SVG alike, as drawn on the screen: `getClientRects` of a Range
    /// over each text node), and those lower than `min_px`. Text that is
    /// not drawn (hidden, an SVG `title`) has no box and is not counted.
    pub fn text_heights(&self, css: &str, min_px: f64) -> TextHeights {
        let script = format!(
            "const scope = document.querySelector({css:?});
             if (!scope) return null;
             const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
             let boxes = 0; const small = [];
             for (let n = walker.nextNode(); n; n = walker.nextNode()) {{
               if (!n.textContent.trim()) continue;
               const range = document.createRange();
               range.selectNodeContents(n);
               for (const r of range.getClientRects()) {{
                 if (r.width < 1 || r.height < 1) continue;
                 boxes += 1;
                 if (r.height < {min_px}) small.push(r.height.toFixed(1) + ' px: ' + n.textContent.trim().slice(0, 60));
               }}
             }}
             return [boxes, small];"
        );
        let found = self
            .execute(&script)
            .unwrap_or_else(|e| panic!("measuring the text of {css}: {e}"));
        let boxes = found[0]
            .as_u64()
            .unwrap_or_else(|| panic!("no {css}: {found}"));
        let small = found[1]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        TextHeights {
            boxes: usize::try_from(boxes).unwrap_or(usize::MAX),
            small,
        }
    }
}

/// The least height of a line of text on the room's board, but the footer's.
pub const MIN_BOARD_TEXT_PX: f64 = 28.0;

impl Browser {
    /// The room's board, but its footer, is read from 10 m: no line of text
    /// under [`MIN_BOARD_TEXT_PX`], at most two panels, and the page fits
    /// the screen.
    /// `LOOPSHOP_SCREENSHOTS=DIR` keeps each view checked as
    /// `board-VIEW.png` there.
    pub fn assert_readable_from_the_back(&self, view: &str) {
        if let Some(dir) = std::env::var_os("LOOPSHOP_SCREENSHOTS") {
            let name = format!(
                "board-{}.png",
                view.replace(|c: char| !c.is_alphanumeric(), "-")
            );
            let dir = PathBuf::from(dir);
            if std::fs::create_dir_all(&dir).is_ok() {
                self.screenshot(&dir.join(name));
            }
        }
        for part in ["#board header", "#board main"] {
            let heights = self.text_heights(part, MIN_BOARD_TEXT_PX);
            assert!(heights.boxes > 0, "{view}: no text measured in {part}");
            assert!(
                heights.small.is_empty(),
                "{view}: text under {MIN_BOARD_TEXT_PX} px in {part}: {:#?}",
                heights.small
            );
        }
        let fits = self
            .execute(
                "const d = document.documentElement;
                 return d.scrollHeight <= window.innerHeight + 1 && d.scrollWidth <= window.innerWidth + 1",
            )
            .expect("the page's size");
        assert_eq!(fits, serde_json::json!(true), "{view}: the board scrolls");
        let panels = self
            .execute("return document.querySelectorAll('#board main > .panel').length")
            .expect("the panels");
        assert!(
            panels.as_u64().is_some_and(|n| (1..=2).contains(&n)),
            "{view}: {panels} panels"
        );
    }
}
