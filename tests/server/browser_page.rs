//! The participant's page in a real headless Chromium on a phone-sized
//! viewport, against the real `loopshop serve`: open the QR code's link, join,
//! rate three cells with the page's buttons, see "saved", and find the
//! ratings in the session file. Without Chromium and chromedriver on PATH the
//! test says loudly that it was skipped; `LOOPSHOP_REQUIRE_BROWSER=1` (set by
//! `.ci/run`) makes that a failure. `LOOPSHOP_SCREENSHOTS=DIR` saves what the
//! phone showed there.

use crate::support::server::{Serve, session_at};
use crate::support::webdriver::{ChromeDriver, tools_or_skip};
use loopshop::domain::{EnteredBy, Score};

const MATURITY: usize = 2;
/// A phone's viewport (Pixel 7 class).
const PHONE: (u32, u32) = (412, 915);
/// Three cells of three dimensions (open with `--open all`) and the button
/// pressed in each.
const CELLS: [(&str, &str, u8); 3] = [
    ("mining", "maturity", 3),
    ("recycling", "circularity_impact", 5),
    ("production", "carbon_footprint", 2),
];

/// Where to save screenshots, if asked.
fn screenshots() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("LOOPSHOP_SCREENSHOTS")?);
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    Some(dir)
}

/// `--open all` is a questionnaire: its contents page first, each
/// dimension's cards one at a time; the list of every cell is one tap away
/// (and kept on the phone).
fn switch_to_the_list(phone: &crate::support::webdriver::Browser) {
    assert!(
        phone
            .text_of("nav.contents")
            .expect("contents")
            .contains("Technological maturity")
    );
    phone.click_on("button.view");
    phone.wait_for("the list", |b| {
        let shown = b.execute("return document.querySelectorAll('form.rate').length === [...document.querySelectorAll('form.rate')].filter(f => f.offsetParent).length")?;
        Ok(if shown == serde_json::json!(true) {
            Ok(())
        } else {
            Err("some cells are hidden".to_owned())
        })
    });
}

#[test]
fn a_phone_joins_by_the_qr_link_rates_three_cells_and_they_are_saved() {
    let Some(tools) = tools_or_skip("tests/server/browser_page.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &["--open", "all"]);
    let driver = ChromeDriver::start(&tools, dir.path());
    // Dropped before the driver: the browser is quit first.
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    let shots = screenshots();

    // The QR code's link: the code is filled in.
    phone.open(&format!("http://{}/?code={}", serve.host, serve.code));
    let viewport = phone
        .execute("return [window.innerWidth, window.innerHeight]")
        .expect("the viewport");
    assert_eq!(viewport, serde_json::json!([PHONE.0, PHONE.1]), "a phone's");
    let code = phone.find("#code").expect("the code field");
    let filled = phone.property(&code, "value").expect("its value");
    assert_eq!(filled.as_str(), Some(serve.code.as_str()));
    let alias = phone.find("#alias").expect("the name field");
    phone.type_text(&alias, "Ann").expect("type the name");
    if let Some(d) = &shots {
        phone.screenshot(&d.join("join.png"));
    }
    phone.click_on("form.join button[type=submit]");

    // The rating page. The server writes "Connected" into #conn before any
    // script runs; only the script's EventSource, once open, marks it
    // online, and nothing else does before the first rating is sent.
    phone.wait_for("the event stream to open", |b| {
        let conn = b.find("#conn")?;
        match b.attribute(&conn, "data-state")? {
            Some(state) if state == "online" => Ok(Ok(())),
            state => Ok(Err(format!("#conn data-state is {state:?}"))),
        }
    });
    assert_eq!(phone.text_of("#conn").expect("#conn"), "Connected");
    switch_to_the_list(&phone);
    if let Some(d) = &shots {
        phone.screenshot(&d.join("rate.png"));
    }

    for (stage, dimension, value) in CELLS {
        let cell = format!("{stage}__{dimension}");
        phone.click_on(&format!(
            "form.rate[data-cell=\"{cell}\"] button[name=value][value=\"{value}\"]"
        ));
        // The page reloads itself when the server says "saved"; until then
        // and after, the cell's marker must come to say saved.
        let marker = format!("#m-{cell}");
        phone.wait_for_text(&format!("{marker} to say saved"), &marker, "✓ saved");
    }
    // Every cell still shows its choice, pressed, once the page settled.
    for (stage, dimension, value) in CELLS {
        let button =
            format!("form.rate[data-cell=\"{stage}__{dimension}\"] button[value=\"{value}\"]");
        phone.wait_for(&format!("{button} to be pressed"), |b| {
            match b.attribute(&b.find(&button)?, "aria-pressed")? {
                Some(p) if p == "true" => Ok(Ok(())),
                p => Ok(Err(format!("aria-pressed is {p:?}"))),
            }
        });
        assert_eq!(
            phone
                .text_of(&format!("#m-{stage}__{dimension}"))
                .expect("marker"),
            "✓ saved"
        );
    }
    // The contents count each dimension's rated cells, kept current by the
    // page's script (or by the reload after a "refresh").
    for (_, dimension, _) in CELLS {
        let counter = format!(".contents .progress[data-for=\"d-{dimension}\"]");
        phone.wait_for(&format!("{counter} to say 1/9"), |b| {
            let text = b.text_of(&counter)?;
            Ok(if text == "1/9" {
                Ok(())
            } else {
                Err(format!("it says {text:?}"))
            })
        });
    }
    if let Some(d) = &shots {
        phone.screenshot(&d.join("saved.png"));
    }

    // Durable: the session file (and journal) hold exactly these three,
    // Ann's, entered from a device.
    let s = loopshop::store::load(&path).expect("load");
    let ann = s.participant_by_alias("Ann").expect("Ann").id.clone();
    for (stage, dimension, value) in CELLS {
        let r = s
            .rating(&ann, 1, stage, dimension)
            .unwrap_or_else(|| panic!("no rating of {stage} on {dimension} in the file"));
        assert_eq!(r.score, Score::Value(value), "{stage} on {dimension}");
        assert_eq!(r.entered_by, EnteredBy::Device, "{stage} on {dimension}");
    }
    assert_eq!(s.rating_count(), 3);
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
}
