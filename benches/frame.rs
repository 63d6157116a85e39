//! Frame cost of the facilitation screen (rating grid with the live group
//! row) and of the live model view at 160x48, for the paper's 17
//! participants and for 2000.

use std::hint::black_box;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use loopshop::app::keys::{KeyCode, KeyPress, lookup};
use loopshop::app::{Action, App};
use loopshop::cli::effects::dispatch;
use loopshop::engine::Engine;
use loopshop::store::Store;
use loopshop::synthetic::{epoch, synthetic_session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn app_with(n: usize) -> App {
    let session = synthetic_session("Bench", n, 42);
    let path = std::path::PathBuf::from("bench.ron");
    let mut app = App::with_session(
        Store::new("sessions"),
        Engine::read_only(session, path),
        epoch() + Duration::hours(1),
        true,
    );
    // Go to the rating exercise with three dimensions and focus a middle row.
    for _ in 0..4 {
        press(&mut app, KeyCode::Char(']'));
    }
    for _ in 0..n / 2 {
        press(&mut app, KeyCode::Down);
    }
    app
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(cmd) = lookup(app.ctx(), &KeyPress::plain(code)) {
        dispatch(app, Action::Cmd(cmd));
    }
}

fn frame(c: &mut Criterion) {
    let area = Rect::new(0, 0, 160, 48);
    for n in [17, 2000] {
        let app = app_with(n);
        let mut buf = Buffer::empty(area);
        c.bench_function(&format!("rating_frame_160x48_{n}_participants"), |b| {
            b.iter(|| {
                buf.reset();
                black_box(&app).render(area, &mut buf);
                black_box(&buf);
            });
        });
        // The live conceptual model (Figure 2) full screen over the grid.
        let mut app = app;
        press(&mut app, KeyCode::Char('M'));
        c.bench_function(&format!("model_frame_160x48_{n}_participants"), |b| {
            b.iter(|| {
                buf.reset();
                black_box(&app).render(area, &mut buf);
                black_box(&buf);
            });
        });
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
