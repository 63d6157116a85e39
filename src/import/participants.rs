//! The participants file of `loopshop new --participants FILE`: CSV with the
//! header `alias,role,organisation` (any order); ids `p01`, `p02`... are
//! given in file order.

use std::collections::HashMap;

use thiserror::Error;

use super::{ReadError, RowRef, Table};
use crate::domain::{Participant, fold_alias, has_control};

/// The header a participants file must have.
pub const HEADER: &str = "alias,role,organisation";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParticipantsError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{at}: the alias cell is empty")]
    EmptyAlias { at: RowRef },
    #[error("{at}: a cell holds a control character (such as an escape sequence or a line break)")]
    ControlCharacter { at: RowRef },
    #[error("{at}: alias '{alias}' is already used on row {first_row}")]
    DuplicateAlias {
        at: RowRef,
        alias: String,
        first_row: usize,
    },
}

/// The participants listed in CSV `bytes`, with ids assigned.
///
/// # Errors
/// The first problem, naming its row; aliases are compared ignoring case.
pub fn parse(bytes: &[u8]) -> Result<Vec<Participant>, ParticipantsError> {
    let table = Table::read(bytes, &["alias", "role", "organisation"], HEADER)?;
    let (c_alias, c_role, c_org) = (
        table.column("alias"),
        table.column("role"),
        table.column("organisation"),
    );
    let mut out: Vec<Participant> = Vec::new();
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |c: Option<usize>| c.and_then(|i| row.cells.get(i)).map_or("", |s| s.trim());
        let alias = cell(c_alias);
        if alias.is_empty() {
            return Err(ParticipantsError::EmptyAlias { at: row.at });
        }
        if let Some(first_row) = first_rows.get(&fold_alias(alias)) {
            return Err(ParticipantsError::DuplicateAlias {
                at: row.at,
                alias: alias.to_owned(),
                first_row: *first_row,
            });
        }
        let (role, organisation) = (cell(c_role), cell(c_org));
        if [alias, role, organisation].into_iter().any(has_control) {
            return Err(ParticipantsError::ControlCharacter { at: row.at });
        }
        first_rows.insert(fold_alias(alias), row.at.row);
        out.push(Participant {
            id: format!("p{:02}", out.len() + 1),
            alias: alias.to_owned(),
            role: role.to_owned(),
            organisation: organisation.to_owned(),
            joined: false,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_file_order_and_columns_may_be_reordered() {
        let p = parse(b"organisation,alias,role\nRecycler,Ann,industry\n,Bo,\n");
        let p = p.unwrap_or_default();
        let got: Vec<(&str, &str, &str, &str)> = p
            .iter()
            .map(|p| {
                (
                    p.id.as_str(),
                    p.alias.as_str(),
                    p.role.as_str(),
                    p.organisation.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("p01", "Ann", "industry", "Recycler"),
                ("p02", "Bo", "", "")
            ]
        );
    }

    #[test]
    fn problems_name_their_row() {
        let e = |t: &[u8]| parse(t).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            e(b"alias,role,organisation\nAnn,,\nBo,,\n ann ,,\n"),
            "row 4: alias 'ann' is already used on row 2"
        );
        assert_eq!(
            e(b"alias,role,organisation\nAnn,,\n,x,y\n"),
            "row 3: the alias cell is empty"
        );
        assert_eq!(
            e(b"alias,role\nAnn,x\n"),
            "row 1: the header has no 'organisation' column (expected alias,role,organisation; \
             cells read as comma-separated)"
        );
    }
}
