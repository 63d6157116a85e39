use std::fmt::Write as _;

use std::path::Path;

use super::args::ExportArgs;
use super::output::{print_bytes, print_err_line};
use super::{CliError, Context, Loaded, load_sessions, print_out};
use crate::export::{self, Format, Options, Subject};

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let language = match &args.lang {
        Some(code) => Some(
            crate::i18n::known_language(code).map_err(|e| CliError::msg(format!("--lang: {e}")))?,
        ),
        None => None,
    };
    let mut loaded = load_sessions(ctx, &args.sessions, "export")?;
    // For this export only: the session file is not changed. A pool
    // speaks its first session's language unless --lang says otherwise.
    if let Some(code) = language {
        code.clone_into(&mut loaded.session.language);
    }
    let result = export(ctx, &loaded, args);
    // A one-shot command: the process ends right after, and the OS takes the
    // memory back at once. Freeing a big session's ~200,000 small
    // allocations one by one would only add milliseconds to every export.
    std::mem::forget(loaded);
    result
}

fn export(ctx: &Context, loaded: &Loaded, args: &ExportArgs) -> Result<(), CliError> {
    let session = &loaded.session;
    if args.format == Some(Format::JoinCards) {
        return join_cards(ctx, loaded, args);
    }
    if args.package.any()
        && !(args.format == Some(Format::Package)
            || args.out_dir.is_some() && args.format.is_none())
    {
        return Err(CliError::msg(
            "--license, --notes and --names are for --format package (or --out-dir)",
        ));
    }
    if args.url.is_some() {
        return Err(CliError::msg(
            "--url is for --format join-cards: reports hold no address",
        ));
    }
    if matches!(args.format, Some(Format::Png(_))) && args.figure.is_none() {
        return Err(CliError::msg(
            "--format png draws one figure: give --figure model, matrix or flow",
        ));
    }
    if args.figure.is_some() && !matches!(args.format, Some(Format::Png(_) | Format::Pdf)) {
        return Err(CliError::msg(
            "--figure is for --format png or --format pdf",
        ));
    }
    if args.all_rounds && !matches!(args.format, None | Some(Format::SummaryCsv)) {
        return Err(CliError::msg(
            "--all-rounds is for --format summary-csv (or --out-dir)",
        ));
    }
    let round = super::round_choice(session, args.round)?;
    let pooled = loaded.pooled(round)?;
    let subject = Subject {
        session,
        pool: pooled.as_ref(),
    };
    let opts = Options {
        round,
        all_rounds: args.all_rounds,
        title: !args.no_title,
        width_mm: f64::from(args.width_mm),
        dpi: args.dpi,
        quadrants: !args.no_quadrants,
        legend: args.legend.legend(),
        by_role: args.groups.by.is_some(),
        min_group_n: args.groups.min_group_n as usize,
        // Reports hold no address (join cards are written below).
        ..Options::default()
    };
    let format = args.format.and_then(|f| f.with_figure(args.figure));
    if let (Some(f), Some(file)) = (format, &args.output) {
        super::extension::check_export(file, f)?;
    }
    let captioned = opts.legend == crate::export::svg_text::Legend::Caption;
    if let Some(dir) = &args.out_dir {
        out_dir(ctx, loaded, dir, format, subject, &opts)?;
        if format.is_none() {
            super::export_package::beside(ctx, loaded, args, &opts, dir)?;
        }
        return Ok(());
    }
    if format == Some(Format::Package) {
        return super::export_package::to_folder(ctx, loaded, args, &opts);
    }
    let Some(format) = format else {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let mut names: Vec<&str> = names.into_iter().collect();
        names.dedup();
        return Err(CliError::msg(format!(
            "give --format FORMAT ({}) or --out-dir DIR",
            names.join(", ")
        )));
    };
    let draws = export::figure_of(format).is_some();
    if captioned && draws && args.output.as_ref().is_none_or(|f| f.as_os_str() == "-") {
        return Err(CliError::msg(
            "--legend caption writes the caption beside the figure: give -o FILE (the caption goes to FILE's name with .caption.txt)",
        ));
    }
    let (bytes, caption) = export::render_captioned(format, subject, &opts)
        .map_err(|e| CliError::msg(e.to_string()))?;
    write_one(ctx, loaded, args, format, &bytes, caption, captioned)
}

/// Writes one format's `bytes` to `-o FILE` (and a figure's caption beside
/// it) or to standard output.
fn write_one(
    ctx: &Context,
    loaded: &Loaded,
    args: &ExportArgs,
    format: Format,
    bytes: &[u8],
    caption: Option<String>,
    captioned: bool,
) -> Result<(), CliError> {
    // With the legend in the figure, words that would have made it taller
    // than 1.5 widths are in its caption: say where, or how to get them.
    let moved = caption.is_some() && !captioned;
    let width = args.width_mm;
    match &args.output {
        Some(file) if file.as_os_str() != "-" => {
            ctx.store.check_output(file, &loaded.paths)?;
            if let Some(text) = caption {
                let beside = file.with_extension("caption.txt");
                ctx.store.check_output(&beside, &loaded.paths)?;
                write_atomically(&beside, text.as_bytes())?;
                if moved {
                    print_err_line(&format!(
                        "at {width} mm the figure holds what fits 1.5 widths; the rest of its legend is in {}",
                        beside.display()
                    ));
                }
            }
            write_atomically(file, bytes)
        }
        _ if format.binary() && is_terminal() => Err(CliError::msg(format!(
            "{} is binary: write it with -o FILE (or redirect standard output)",
            format.name()
        ))),
        _ => {
            if moved {
                print_err_line(&format!(
                    "at {width} mm the figure holds what fits 1.5 widths; give -o FILE for the rest of its legend in FILE.caption.txt, or a wider --width-mm"
                ));
            }
            print_bytes(bytes)
        }
    }
}

/// `--out-dir DIR`: every format (or the one asked for) as
/// `DIR/<slug>.<extension>`, and with `--legend caption` each figure's
/// caption as `DIR/<slug>.<figure>.caption.txt`; prints the paths.
fn out_dir(
    ctx: &Context,
    loaded: &Loaded,
    dir: &Path,
    format: Option<Format>,
    subject: Subject<'_>,
    opts: &Options,
) -> Result<(), CliError> {
    let slug = loaded.stem();
    let (rendered, captions) = match format {
        Some(f) => {
            let (bytes, caption) = export::render_captioned(f, subject, opts)
                .map_err(|e| CliError::msg(e.to_string()))?;
            let captions = export::figure_of(f)
                .zip(caption)
                .into_iter()
                .collect::<Vec<_>>();
            (vec![(f, bytes)], captions)
        }
        None => {
            export::render_all_captioned(subject, opts).map_err(|e| CliError::msg(e.to_string()))?
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| CliError::msg(format!("{}: {e}", dir.display())))?;
    let mut written = String::new();
    let captions = captions
        .into_iter()
        .map(|(fig, text)| (format!("{}.caption.txt", fig.name()), text.into_bytes()));
    let files = rendered
        .into_iter()
        .map(|(f, bytes)| (f.extension().to_owned(), bytes))
        .chain(captions);
    for (extension, bytes) in files {
        let file = dir.join(format!("{slug}.{extension}"));
        ctx.store.check_output(&file, &loaded.paths)?;
        write_atomically(&file, &bytes)?;
        let _ = writeln!(written, "{}", file.display());
    }
    print_out(&written)
}

/// Whether standard output is a terminal (binary output would garble it).
fn is_terminal() -> bool {
    use std::io::IsTerminal as _;
    !super::output::capturing() && std::io::stdout().is_terminal()
}

/// `--format join-cards`: one session's cards, to a file or standard output.
fn join_cards(ctx: &Context, loaded: &Loaded, args: &ExportArgs) -> Result<(), CliError> {
    if args.out_dir.is_some() {
        return Err(CliError::msg(
            "join cards are not part of --out-dir: write them with -o FILE",
        ));
    }
    if loaded.paths.len() > 1 {
        return Err(CliError::msg(
            "join cards are printed for one session at a time, not for pooled sessions",
        ));
    }
    if let Some(file) = &args.output {
        super::extension::check_export(file, Format::JoinCards)?;
    }
    let opts = Options {
        card_url: args.url.clone().unwrap_or_else(default_card_url),
        ..Options::default()
    };
    let html = render(Format::JoinCards, Subject::one(&loaded.session), &opts)?;
    match &args.output {
        Some(file) if file.as_os_str() != "-" => {
            ctx.store.check_output(file, &loaded.paths)?;
            write_atomically(file, &html)
        }
        _ => print_bytes(&html),
    }
}

/// The address the server would give phones: this machine's LAN address
/// (loopback without one) and the fixed port, as `serve --bind 0.0.0.0`.
fn default_card_url() -> String {
    card_url(std::net::SocketAddr::from((
        [0, 0, 0, 0],
        crate::server::DEFAULT_PORT,
    )))
}

/// The address on join cards for a server that would listen on `bind`: the
/// LAN address when that is loopback or every interface (the cards are for
/// the room's network), and the fixed port when `bind` asks for any.
pub(crate) fn card_url(bind: std::net::SocketAddr) -> String {
    let port = if bind.port() == 0 {
        crate::server::DEFAULT_PORT
    } else {
        bind.port()
    };
    let host = if bind.ip().is_loopback() || bind.ip().is_unspecified() {
        crate::server::address::public_host(std::net::SocketAddr::new(
            std::net::Ipv4Addr::UNSPECIFIED.into(),
            port,
        ))
    } else {
        bind.ip()
    };
    crate::server::url(host, port)
}

fn render(format: Format, subject: Subject<'_>, opts: &Options) -> Result<Vec<u8>, CliError> {
    export::render_bytes(format, subject, opts).map_err(|e| CliError::msg(e.to_string()))
}

/// A reader sees the old file or the new one, never half of one.
fn write_atomically(file: &Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::store::write_file(file, bytes).map_err(|e| CliError::msg(e.to_string()))
}
