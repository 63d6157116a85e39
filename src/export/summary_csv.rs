//! `summary-csv`: one row per cell with every statistic. By default the
//! cells the report and figures read (per session and dimension the
//! selected round), stages then dimensions in template order; with
//! `--all-rounds`, one row per stage x reported dimension x round, rounds
//! ascending. The `rounds` column says what each row holds: `2`, or in a
//! pool `Workshop A r2 + Workshop B r1`.

use std::fmt::Write as _;

use super::Subject;
use super::report::ReportData;
use crate::analysis::{Aggregate, CellStats};
use crate::domain::{Session, guard_formula};

/// The header row, exactly. `group` is `all` for the overall rows, and a
/// role for the rows of `--by role`; `rounds` what the row pools.
pub const HEADER: &str = "stage,dimension,round,n,dont_know,median,mean,sd,q1,q3,iqr,level,agreement,consensus,group,rounds";

/// The `group` of the overall rows.
pub const ALL: &str = "all";

/// Every round of `session`, header included, lines ending in `\n`.
#[must_use]
pub fn render(session: &Session) -> String {
    render_aggregate(session, &Aggregate::new(session))
}

/// Every round, from an aggregate already computed for `session`.
#[must_use]
pub fn render_aggregate(session: &Session, agg: &Aggregate) -> String {
    let cells = agg.cells(&session.template);
    let mut out = String::with_capacity(72 * (cells.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for c in &cells {
        push_row(
            &mut out,
            c,
            Some(c.round),
            ALL,
            &c.round.to_string(),
            plain_number,
        );
    }
    out
}

/// The file for an export: the selected cells (what the report and
/// figures read), then, with `--by role`, those of every role with enough
/// participants; with `all_rounds`, every round instead.
#[must_use]
pub fn render_data(subject: Subject<'_>, data: &ReportData, all_rounds: bool) -> String {
    if all_rounds {
        return render_all_rounds(subject, data);
    }
    render_selected(subject, data, plain_number)
}

/// The selected cells as [`render_data`] writes them, every number at full
/// precision (the shortest decimal that reads back as the same `f64`), for
/// a data package whose scripts recompute them to 1e-9.
#[must_use]
pub fn render_precise(subject: Subject<'_>, data: &ReportData) -> String {
    render_selected(subject, data, full_number)
}

/// The selected cells, numbers written by `number`.
fn render_selected(subject: Subject<'_>, data: &ReportData, number: fn(f64) -> String) -> String {
    // Per dimension: the round (when one) and what the row pools.
    let rounds = |dimension: &str| -> (Option<u32>, String) {
        match subject.pool {
            Some(p) => (p.common_round(dimension), p.selected_rounds(dimension)),
            None => {
                let r = data.selection.round_of(dimension);
                (r, r.map(|r| r.to_string()).unwrap_or_default())
            }
        }
    };
    let mut out = String::with_capacity(72 * (data.cells.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    let groups = data.more.groups.iter().filter(|g| !g.too_few);
    let sets =
        std::iter::once((ALL, &data.cells)).chain(groups.map(|g| (g.role.as_str(), &g.cells)));
    for (group, cells) in sets {
        for c in cells {
            let (round, words) = rounds(&c.dimension);
            push_row(&mut out, c, round, group, &words, number);
        }
    }
    out
}

/// Every round of every session (pooled by round number), with the roles'
/// rows of every round under `--by role`.
fn render_all_rounds(subject: Subject<'_>, data: &ReportData) -> String {
    let session = subject.session;
    let words = |c: &CellStats| match subject.pool {
        Some(p) => p.contributors(c.round, &c.dimension),
        None => c.round.to_string(),
    };
    let agg = Aggregate::new(session);
    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    for c in &agg.cells(&session.template) {
        push_row(&mut out, c, Some(c.round), ALL, &words(c), plain_number);
    }
    for g in data.more.groups.iter().filter(|g| !g.too_few) {
        let part = crate::analysis::groups::subset(session, &g.role);
        for c in &Aggregate::new(&part).cells(&part.template) {
            push_row(&mut out, c, Some(c.round), &g.role, &words(c), plain_number);
        }
    }
    out
}

fn push_row(
    out: &mut String,
    c: &CellStats,
    round: Option<u32>,
    group: &str,
    rounds: &str,
    number: fn(f64) -> String,
) {
    let opt = |v: Option<f64>| v.map(number).unwrap_or_default();
    let fields = [
        field(&c.stage),
        field(&c.dimension),
        round.map(|r| r.to_string()).unwrap_or_default(),
        c.n.to_string(),
        c.dont_know.to_string(),
        opt(c.median),
        opt(c.mean),
        opt(c.sd),
        opt(c.q1),
        opt(c.q3),
        opt(c.iqr),
        c.level.as_deref().map(field).unwrap_or_default(),
        opt(c.agreement),
        c.consensus.to_string(),
        field(group),
        field(rounds),
    ];
    let _ = write!(out, "{}", fields.join(","));
    out.push('\n');
}

/// A CSV text field, guarded against formula injection and quoted when it
/// holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    let s = guard_formula(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// A number in plain decimal: at most 6 decimals, trailing zeros dropped,
/// never an exponent (`4`, `1.75`, `3.411765`).
#[must_use]
pub fn plain_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let mut s = format!("{x:.6}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

/// A number at full precision: the shortest decimal that reads back as
/// the same `f64`, never an exponent (`4`, `3.4117647058823528`).
#[must_use]
pub fn full_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x}");
    if s == "-0" { "0".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_numbers_read_back_exactly() {
        for x in [4.0, 1.75, 3.411_764_705_882_353, 1e-7, 0.1 + 0.2, 1e20] {
            let s = full_number(x);
            assert!(!s.contains('e'), "{s}");
            assert_eq!(s.parse::<f64>().ok(), Some(x), "{s}");
        }
        assert_eq!(full_number(-0.0), "0");
        assert_eq!(full_number(f64::NAN), "");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(plain_number(4.0), "4");
        assert_eq!(plain_number(1.75), "1.75");
        assert_eq!(plain_number(3.411_764_705_882_353), "3.411765");
        assert_eq!(plain_number(1e-7), "0");
        assert_eq!(plain_number(-0.0), "0");
        assert_eq!(plain_number(1e20), "100000000000000000000");
        assert_eq!(plain_number(-0.25), "-0.25");
    }

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(field("mining"), "mining");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
