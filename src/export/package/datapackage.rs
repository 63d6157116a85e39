//! `datapackage.json`: the Frictionless Data Package descriptor (spec v1,
//! profile `tabular-data-package`), each resource with its Table Schema
//! from [`super::schema`]; and the template as `template.ron`.

use serde_json::{Map, Value, json};

use super::schema::{self, Field, Table};
use super::{Input, tables};
use crate::export::ExportError;

/// What the tables are described with.
#[must_use]
pub fn context<'a>(input: &'a Input<'_>) -> schema::Context<'a> {
    schema::Context {
        template: input.template(),
        names: input.keep.names,
        notes: input.keep.notes,
    }
}

/// Every table with its CSV text.
///
/// # Errors
/// A CSV writer's error.
pub fn tables_with_data(input: &Input<'_>) -> Result<Vec<(Table, String)>, ExportError> {
    schema::tables(context(input))
        .into_iter()
        .map(|t| {
            let csv = match t.name {
                "ratings" => tables::ratings(input)?,
                "summary" => crate::export::summary_csv::render_precise(input.subject, input.data),
                "participants" => tables::participants(input)?,
                "rounds" => tables::rounds(input)?,
                "changes" => tables::changes(input)?,
                "concordance" => tables::concordance(input)?,
                "ideas" => tables::ideas(input)?,
                "votes" => tables::votes(input)?,
                "flows" => tables::flows(input)?,
                "exercises" => tables::exercises(input)?,
                "bands" => tables::bands(input)?,
                "consensus_rule" => tables::consensus_rule(input)?,
                "notes" => tables::notes(input)?,
                other => return Err(ExportError::Other(format!("no writer for table {other}"))),
            };
            Ok((t, csv))
        })
        .collect()
}

fn field_json(f: &Field) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), f.name.into());
    out.insert("type".into(), f.kind.name().into());
    out.insert("description".into(), f.description.clone().into());
    let mut constraints = Map::new();
    if f.required {
        constraints.insert("required".into(), true.into());
    }
    if let Some(values) = &f.allowed {
        constraints.insert("enum".into(), values.clone().into());
    }
    if !constraints.is_empty() {
        out.insert("constraints".into(), constraints.into());
    }
    out.into()
}

fn table_json(t: &Table) -> Value {
    let mut schema = Map::new();
    schema.insert("fields".into(), t.fields.iter().map(field_json).collect());
    // Empty cells are missing values (a "don't know", a statistic of none).
    schema.insert("missingValues".into(), json!([""]));
    if !t.primary_key.is_empty() {
        schema.insert("primaryKey".into(), t.primary_key.clone().into());
    }
    if !t.foreign_keys.is_empty() {
        let keys: Vec<Value> = t
            .foreign_keys
            .iter()
            .map(|k| {
                json!({
                    "fields": k.fields,
                    "reference": { "resource": k.resource, "fields": k.reference },
                })
            })
            .collect();
        schema.insert("foreignKeys".into(), keys.into());
    }
    json!({
        "name": t.name,
        "path": t.file(),
        "title": t.title,
        "description": t.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": Value::Object(schema),
    })
}

/// The package's title: the session's, or the pooled sessions'.
#[must_use]
pub fn title(input: &Input<'_>) -> String {
    input
        .sessions
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A name for the package: lower-case letters, digits, `-`, `_` and `.`.
fn name(input: &Input<'_>) -> String {
    let slug = crate::domain::slug(&title(input));
    if slug.is_empty() {
        "loopshop-session".to_owned()
    } else {
        slug
    }
}

/// The descriptor, pretty-printed.
///
/// # Errors
/// A CSV writer's error, or JSON serialisation (which cannot fail here).
pub fn render(input: &Input<'_>) -> Result<String, ExportError> {
    let resources: Vec<Value> = schema::tables(context(input))
        .iter()
        .map(table_json)
        .collect();
    let created = input
        .sessions
        .iter()
        .map(|s| s.updated)
        .max()
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut descriptor = json!({
        "profile": "tabular-data-package",
        "name": name(input),
        "title": title(input),
        "description": description(input),
        "created": created,
        "version": "1.0.0",
        "keywords": ["Delphi", "expert workshop", "circular economy", "loopshop"],
        "resources": resources,
        "sources": [{ "title": "loopshop session", "path": "template.ron" }],
        "contributors": [{ "title": format!("loopshop {}", env!("CARGO_PKG_VERSION")), "role": "producer" }],
    });
    if let (Some(id), Some(map)) = (input.license, descriptor.as_object_mut()) {
        map.insert(
            "licenses".into(),
            json!([{ "name": id, "path": format!("https://spdx.org/licenses/{id}.html") }]),
        );
    }
    let mut text =
        serde_json::to_string_pretty(&descriptor).map_err(|e| ExportError::Other(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

fn description(input: &Input<'_>) -> String {
    let t = input.template();
    let people: usize = input.sessions.iter().map(|s| s.participants.len()).sum();
    format!(
        "Ratings of {} stages on {} dimensions by a panel of {people} participants in {} session(s) run with loopshop {}, with the ideas, material flows and rounds; pseudonymised (participants are known by their ids).",
        t.stages.len(),
        crate::analysis::rated_dimensions(t).len(),
        input.sessions.len(),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The template as RON, as loopshop reads it.
///
/// # Errors
/// RON serialisation (which the types do not allow to fail in practice).
pub fn template_ron(input: &Input<'_>) -> Result<String, ExportError> {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("  ".to_owned());
    let mut text = ron::ser::to_string_pretty(input.template(), config)
        .map_err(|e| ExportError::Other(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
