//! `summary-csv`: one row per stage x reported dimension x round with every
//! cell statistic, rounds ascending, then stages and dimensions in template order.

use std::fmt::Write as _;

use crate::analysis::{Aggregate, CellStats};
use crate::domain::{Session, guard_formula};

/// The header row, exactly. `group` is `all` for the overall rows, and a
/// role for the rows of `--by role`.
pub const HEADER: &str =
    "stage,dimension,round,n,dont_know,median,mean,sd,q1,q3,iqr,level,agreement,consensus,group";

/// The `group` of the overall rows.
pub const ALL: &str = "all";

/// The whole file, header included, lines ending in `\n`.
#[must_use]
pub fn render(session: &Session) -> String {
    render_aggregate(session, &Aggregate::new(session))
}

/// The file from an aggregate already computed for `session`.
#[must_use]
pub fn render_aggregate(session: &Session, agg: &Aggregate) -> String {
    let cells = agg.cells(&session.template);
    let mut out = String::with_capacity(64 * (cells.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for c in &cells {
        push_row(&mut out, c, ALL);
    }
    out
}

/// The file for a report: the overall rows, then, with `--by role`, the
/// rows of every role with enough participants (every round, like the
/// overall rows).
#[must_use]
pub fn render_data(session: &Session, data: &super::report::ReportData) -> String {
    let mut out = render(session);
    for g in data.more.groups.iter().filter(|g| !g.too_few) {
        let part = crate::analysis::groups::subset(session, &g.role);
        for c in &Aggregate::new(&part).cells(&part.template) {
            push_row(&mut out, c, &g.role);
        }
    }
    out
}

fn push_row(out: &mut String, c: &CellStats, group: &str) {
    let opt = |v: Option<f64>| v.map(plain_number).unwrap_or_default();
    let fields = [
        field(&c.stage),
        field(&c.dimension),
        c.round.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
