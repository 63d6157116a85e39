//! The participants' HTTP API and pages. Every request becomes a [`Call`] to
//! the engine's thread; nothing here names a path or touches a file.

// Helpers return the finished error response to send; it is built once per
// request, so its size does not matter.
#![expect(clippy::result_large_err)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde::Deserialize;
use tokio::sync::oneshot;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::calls::{Call, DeviceRequest, Failure};
use super::limits::{Limits, NoGuess};
use super::notices::Notices;
use super::secrets::{self, new_token, token_hash};
use crate::domain::{ChangeError, MAX_COMMENT_BYTES, Score};
use crate::engine::Refusal;
use crate::i18n::{self, Tr};

/// Largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;
/// The cookie that carries a device's token.
const COOKIE: &str = "loopshop_token";
/// The cookie that keeps the language a device chose for its pages.
const LANG_COOKIE: &str = "loopshop_lang";
/// The cookie of a device that has not joined: its join form's token is
/// derived from it.
const VISITOR_COOKIE: &str = "loopshop_visitor";
/// The hidden field of every form that carries the device's form token.
const FORM_FIELD: &str = "form";

/// Hands a call to the engine's thread; false when it is gone.
pub type Submit = Arc<dyn Fn(Call) -> bool + Send + Sync>;

#[derive(Clone)]
pub(super) struct Shared {
    pub submit: Submit,
    pub limits: Arc<Limits>,
    pub notices: Arc<Notices>,
    /// The address participants open (`http://HOST:PORT/`), shown on the board.
    pub public_url: Arc<str>,
    /// The key of the devices' form tokens (in memory only).
    pub form_secret: Arc<[u8; 32]>,
}

pub(super) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/page.css",
            get(|| async { asset("text/css; charset=utf-8", super::page::STYLE) }),
        )
        .route(
            "/page.js",
            get(|| async { asset("text/javascript; charset=utf-8", super::page::SCRIPT) }),
        )
        .route("/join", post(form_join))
        .route("/rate", post(form_rate))
        .route("/idea", post(form_idea))
        .route("/vote", post(form_vote))
        .route("/board", get(board))
        .route("/board/events", get(board_events))
        .route("/j/{code}", get(card_page).post(card_join))
        .route("/api/join", post(api_join))
        .route("/api/state", get(api_state))
        .route("/api/ratings", put(api_ratings))
        .route("/api/comments", put(api_comments))
        .route("/api/ideas", post(api_ideas))
        .route("/api/votes", post(api_vote))
        .route("/api/votes/{idea}", delete(api_unvote))
        .route("/api/events", get(api_events))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such page") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

/// The pages' style or script: the same for every device, and cached (its
/// address changes with its content, `?v=`).
fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// A JSON error `{"error": "..."}`.
pub(super) fn error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn status_of(refusal: &Refusal) -> StatusCode {
    match refusal {
        Refusal::WrongCode | Refusal::WrongBoardKey | Refusal::UnknownDevice => {
            StatusCode::UNAUTHORIZED
        }
        Refusal::RosterClosed
        | Refusal::CardsOnly
        | Refusal::NotListed
        | Refusal::Full
        | Refusal::NotYours(_)
        | Refusal::FacilitatorOnly(_)
        | Refusal::ReadOnly => StatusCode::FORBIDDEN,
        Refusal::NotOpen(_)
        | Refusal::NoIdeasNow
        | Refusal::SecondDevice(_)
        | Refusal::AwaitingApproval
        | Refusal::AreYou(_)
        | Refusal::NothingToComment
        | Refusal::Conflict { .. }
        | Refusal::Invalid(ChangeError::VoteBudgetSpent { .. } | ChangeError::NoVote(_)) => {
            StatusCode::CONFLICT
        }
        _ => StatusCode::BAD_REQUEST,
    }
}

/// A refusal: `error` in English (the documented API) and `message` in
/// the device's language, which the participant page shows.
fn refused(tr: Tr, refusal: &Refusal) -> Response {
    let mut body = serde_json::json!({
        "error": refusal.to_string(),
        "message": super::refusal_words::words(tr, refusal),
    });
    if let Refusal::AreYou(name) = refusal {
        body["did_you_mean"] = name.as_str().into();
    }
    let body = body.to_string();
    (
        status_of(refusal),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

fn failed(tr: Tr, failure: &Failure) -> Response {
    match failure {
        Failure::Refused(r) => refused(tr, r),
        Failure::NotSaved(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the facilitator's laptop could not save; try again in a moment",
        ),
    }
}

/// Sends a call and waits for the engine's answer.
async fn ask<T>(
    shared: &Shared,
    make: impl FnOnce(oneshot::Sender<T>) -> Call,
) -> Result<T, Response> {
    let (tx, rx) = oneshot::channel();
    let gone = || error(StatusCode::SERVICE_UNAVAILABLE, "the session is closing");
    if !(shared.submit)(make(tx)) {
        return Err(gone());
    }
    rx.await.map_err(|_| gone())
}

/// The device's token, from `Authorization: Bearer` or the cookie.
fn token(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    bearer.or_else(|| cookie_value(headers, COOKIE))
}

/// The value of the cookie `name`.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The language a device chose: `?lang=` on this request, else the one
/// its cookie keeps; only a language with a catalogue.
fn chosen_language(headers: &HeaderMap, asked: &str) -> Option<&'static str> {
    i18n::known_language(asked)
        .ok()
        .or_else(|| i18n::known_language(&cookie_value(headers, LANG_COOKIE)?).ok())
}

/// The session's language, asked of the engine (English if it is gone).
async fn session_language(shared: &Shared) -> String {
    ask(shared, |reply| Call::Language { reply })
        .await
        .unwrap_or_else(|_| i18n::ENGLISH.to_owned())
}

/// The words of the pages for this device: its choice, else the session's.
async fn page_words(shared: &Shared, headers: &HeaderMap) -> Tr {
    match chosen_language(headers, "") {
        Some(code) => Tr::new(code),
        None => Tr::new(&session_language(shared).await),
    }
}

/// Keeps a device's chosen language for a year.
fn lang_cookie(code: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={code}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The token's hash, once the device is within its rate.
fn authenticated(shared: &Shared, headers: &HeaderMap) -> Result<String, Response> {
    let token = token(headers)
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .ok_or_else(|| error(StatusCode::UNAUTHORIZED, "join first: no token"))?;
    let hash = token_hash(&token);
    if shared.limits.allow(&hash) {
        Ok(hash)
    } else {
        Err(error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; slow down",
        ))
    }
}

/// The body as the documented JSON shape: anything else is a 400.
fn json<T: for<'de> Deserialize<'de>>(headers: &HeaderMap, body: &Bytes) -> Result<T, Response> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "send JSON with Content-Type: application/json",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            &format!("the body is not the documented JSON: {e}"),
        )
    })
}

/// A device's form token, and the visitor cookie to set when the device
/// had nothing to derive it from.
struct FormToken {
    value: String,
    cookie: Option<HeaderValue>,
}

/// What a device's form token is derived from: its token (joined), else
/// its visitor cookie.
fn form_credential(headers: &HeaderMap) -> Option<String> {
    let usable = |v: &String| !v.is_empty() && v.len() <= 128;
    token(headers)
        .filter(usable)
        .map(|t| format!("device {t}"))
        .or_else(|| {
            cookie_value(headers, VISITOR_COOKIE)
                .filter(usable)
                .map(|v| format!("visitor {v}"))
        })
}

/// The form token for the forms of a page sent to this device.
fn form_token(shared: &Shared, headers: &HeaderMap) -> FormToken {
    match form_credential(headers) {
        Some(credential) => FormToken {
            value: secrets::form_token(&shared.form_secret, &credential),
            cookie: None,
        },
        None => {
            let visitor = secrets::new_visitor();
            FormToken {
                value: secrets::form_token(&shared.form_secret, &format!("visitor {visitor}")),
                cookie: HeaderValue::from_str(&format!(
                    "{VISITOR_COOKIE}={visitor}; Path=/; HttpOnly; SameSite=Strict"
                ))
                .ok(),
            }
        }
    }
}

/// Whether a form carries the form token of the device that sends it.
fn form_token_ok(shared: &Shared, headers: &HeaderMap, fields: &[(String, String)]) -> bool {
    let Some(sent) = field(fields, FORM_FIELD) else {
        return false;
    };
    form_credential(headers).is_some_and(|credential| {
        secrets::same_secret(sent, &secrets::form_token(&shared.form_secret, &credential))
    })
}

/// The refusal of a form without this device's form token.
fn stale_form() -> Response {
    let mut r = error(
        StatusCode::FORBIDDEN,
        "this form is out of date or comes from another page: reload the page and try again",
    );
    r.extensions_mut().insert(StaleForm);
    r
}

/// A page with forms: never cached (its form token is the device's), and
/// the visitor cookie its token needs.
fn with_forms(response: impl IntoResponse, form: &FormToken) -> Response {
    let mut response = response.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = &form.cookie {
        headers.append(header::SET_COOKIE, cookie.clone());
    }
    response
}

fn cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinBody {
    code: String,
    /// Not needed with a personal card's code.
    #[serde(default)]
    alias: String,
    /// The name is someone new, though near a listed one: join without
    /// asking "Are you ...?" again.
    #[serde(default)]
    new: bool,
}

/// Joins; returns the token and its cookie, or the response to send.
async fn join(
    shared: &Shared,
    headers: &HeaderMap,
    addr: SocketAddr,
    code: String,
    alias: String,
    new: bool,
) -> Result<(String, crate::engine::Joined), Response> {
    if code.len() > 64 || alias.len() > 256 {
        return Err(error(StatusCode::BAD_REQUEST, "code or name too long"));
    }
    // Counted before the engine sees it (see `limits`).
    let guess = shared
        .limits
        .guess(addr.ip())
        .await
        .map_err(too_many_guesses)?;
    let token = new_token();
    let token_hash = token_hash(&token);
    let joined = match ask(shared, |reply| Call::Join {
        code,
        alias,
        new,
        token_hash,
        reply,
    })
    .await
    {
        Ok(joined) => joined,
        Err(r) => {
            guess.refund();
            return Err(r);
        }
    };
    match joined {
        Ok(joined) => {
            guess.refund();
            Ok((token, joined))
        }
        Err(failure) => {
            // Only a wrong code (or card) counts; a closed roster or a
            // second device is no guess.
            if !matches!(failure, Failure::Refused(Refusal::WrongCode)) {
                guess.refund();
            }
            let mut response = failed(page_words(shared, headers).await, &failure);
            if let Failure::Refused(Refusal::AreYou(name)) = &failure {
                response.extensions_mut().insert(AreYou(name.clone()));
            }
            Err(response)
        }
    }
}

/// The answer to an address that may not guess now.
fn too_many_guesses(why: NoGuess) -> Response {
    error(
        StatusCode::TOO_MANY_REQUESTS,
        match why {
            NoGuess::TooMany => "too many failed attempts from this address; wait a minute",
            NoGuess::Busy => "too many attempts at once from this address; try again in a moment",
        },
    )
}

async fn api_join(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: JoinBody = match json(&headers, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match join(&shared, &headers, addr, body.code, body.alias, body.new).await {
        Ok((token, joined)) => {
            let body = serde_json::json!({
                "token": token,
                "participant": joined.participant,
                "alias": joined.alias,
                "approved": joined.approved,
            });
            (
                StatusCode::OK,
                [
                    (header::SET_COOKIE, cookie(&token)),
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    ),
                ],
                body.to_string(),
            )
                .into_response()
        }
        Err(r) => r,
    }
}

async fn api_state(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let hash = match authenticated(&shared, &headers) {
        Ok(h) => h,
        Err(r) => return r,
    };
    match ask(&shared, |reply| Call::State {
        token_hash: hash,
        reply,
    })
    .await
    {
        Ok(Ok(state)) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&state).unwrap_or_else(|_| "{}".to_owned()),
        )
            .into_response(),
        Ok(Err(r)) => refused(page_words(&shared, &headers).await, &r),
        Err(r) => r,
    }
}

/// One rating as a device sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingBody {
    stage: String,
    dimension: String,
    /// A whole number on the scale, or `null` for "don't know"; required.
    value: serde_json::Value,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(RatingBody),
    Many(Vec<RatingBody>),
}

impl RatingBody {
    fn request(self) -> Result<DeviceRequest, Response> {
        let score = match &self.value {
            serde_json::Value::Null => Score::DontKnow,
            serde_json::Value::Number(n) => n
                .as_u64()
                .and_then(|v| u8::try_from(v).ok())
                .map(Score::Value)
                .ok_or_else(|| error(StatusCode::BAD_REQUEST, "value is off the scale"))?,
            _ => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "value must be a whole number or null",
                ));
            }
        };
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.len() > MAX_COMMENT_BYTES)
        {
            return Err(error(StatusCode::BAD_REQUEST, "comment too long"));
        }
        Ok(DeviceRequest::Rate {
            stage: self.stage,
            dimension: self.dimension,
            score,
            comment: self.comment.map(|c| clean_text(&c)),
        })
    }
}

/// Text from a device as it may be stored: control characters other than
/// line breaks and tabs removed.
fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Sends requests of the authenticated device; `{"saved": N}` once durable.
async fn act(shared: &Shared, headers: &HeaderMap, requests: Vec<DeviceRequest>) -> Response {
    let hash = match authenticated(shared, headers) {
        Ok(h) => h,
        Err(r) => return r,
    };
    let count = requests.len();
    match ask(shared, |reply| Call::Act {
        token_hash: hash,
        requests,
        reply,
    })
    .await
    {
        Ok(Ok(_)) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "saved": count }).to_string(),
        )
            .into_response(),
        Ok(Err(f)) => failed(page_words(shared, headers).await, &f),
        Err(r) => r,
    }
}

async fn api_ratings(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let ratings = match json::<OneOrMany>(&headers, &body) {
        Ok(OneOrMany::One(r)) => vec![r],
        Ok(OneOrMany::Many(list)) => list,
        Err(r) => return r,
    };
    if ratings.is_empty() || ratings.len() > 500 {
        return error(StatusCode::BAD_REQUEST, "send 1 to 500 ratings");
    }
    let requests: Result<Vec<_>, _> = ratings.into_iter().map(RatingBody::request).collect();
    match requests {
        Ok(requests) => act(&shared, &headers, requests).await,
        Err(r) => r,
    }
}

/// One comment as a device sends it, for a cell it has answered.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentBody {
    stage: String,
    dimension: String,
    /// Empty removes the comment.
    comment: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrManyComments {
    One(CommentBody),
    Many(Vec<CommentBody>),
}

/// `PUT /api/comments`: a comment typed after the answer, saved on its own.
async fn api_comments(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let comments = match json::<OneOrManyComments>(&headers, &body) {
        Ok(OneOrManyComments::One(c)) => vec![c],
        Ok(OneOrManyComments::Many(list)) => list,
        Err(r) => return r,
    };
    if comments.is_empty() || comments.len() > 500 {
        return error(StatusCode::BAD_REQUEST, "send 1 to 500 comments");
    }
    if comments.iter().any(|c| c.comment.len() > MAX_COMMENT_BYTES) {
        return error(StatusCode::BAD_REQUEST, "comment too long");
    }
    let requests = comments
        .into_iter()
        .map(|c| DeviceRequest::Comment {
            stage: c.stage,
            dimension: c.dimension,
            text: clean_text(&c.comment),
        })
        .collect();
    act(&shared, &headers, requests).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdeaBody {
    stage: String,
    text: String,
    #[serde(default)]
    technologies: Vec<String>,
}

async fn api_ideas(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let idea: IdeaBody = match json(&headers, &body) {
        Ok(i) => i,
        Err(r) => return r,
    };
    if idea.text.len() > 2000 || idea.technologies.len() > 50 {
        return error(StatusCode::BAD_REQUEST, "idea too long");
    }
    let request = DeviceRequest::Idea {
        stage: idea.stage,
        text: clean_text(&idea.text),
        technologies: idea.technologies,
    };
    act(&shared, &headers, vec![request]).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    idea: u32,
}

async fn api_vote(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    match json::<VoteBody>(&headers, &body) {
        Ok(v) => {
            act(
                &shared,
                &headers,
                vec![DeviceRequest::Vote { idea: v.idea }],
            )
            .await
        }
        Err(r) => r,
    }
}

async fn api_unvote(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Path(idea): Path<String>,
) -> Response {
    match idea.parse::<u32>() {
        Ok(idea) => act(&shared, &headers, vec![DeviceRequest::Unvote { idea }]).await,
        Err(_) => error(StatusCode::BAD_REQUEST, "idea must be a number"),
    }
}

async fn api_events(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let hash = match authenticated(&shared, &headers) {
        Ok(h) => h,
        Err(r) => return r,
    };
    let who = match ask(&shared, |reply| Call::Who {
        token_hash: hash,
        reply,
    })
    .await
    {
        Ok(Ok(id)) => id,
        Ok(Err(r)) => return refused(page_words(&shared, &headers).await, &r),
        Err(r) => return r,
    };
    let (everyone, own) = shared.notices.subscribe(&who);
    let stream = BroadcastStream::new(everyone)
        .merge(BroadcastStream::new(own))
        .map(|notice| {
            Ok::<_, Infallible>(match notice {
                Ok(n) => Event::default().event(n.kind).data("refresh"),
                // A reader that fell behind only needs to refresh.
                Err(_) => Event::default().event("refresh").data("refresh"),
            })
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    code: String,
    /// A language the device switches its pages to (kept in a cookie).
    #[serde(default)]
    lang: String,
}

/// The join form, or the rating page of a joined device, in the language
/// the device chose (`?lang=sv`, kept in a cookie) or else the session's.
async fn page(
    State(shared): State<Shared>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> Response {
    let switched = i18n::known_language(&query.lang).ok();
    let mut response = page_in(
        &shared,
        &headers,
        &query,
        chosen_language(&headers, &query.lang),
    )
    .await;
    if let Some(code) = switched {
        response
            .headers_mut()
            .append(header::SET_COOKIE, lang_cookie(code));
    }
    response
}

async fn page_in(
    shared: &Shared,
    headers: &HeaderMap,
    query: &PageQuery,
    chosen: Option<&'static str>,
) -> Response {
    let code: String = query.code.chars().take(16).collect();
    let form = form_token(shared, headers);
    let Some(token) = token(headers) else {
        let tr = match chosen {
            Some(c) => Tr::new(c),
            None => Tr::new(&session_language(shared).await),
        };
        let mode = ask(shared, |reply| Call::Roster { reply }).await.ok();
        return with_forms(
            Html(super::page::join_page_for(
                tr,
                &code,
                None,
                &form.value,
                mode,
            )),
            &form,
        );
    };
    let hash = token_hash(&token);
    if !shared.limits.allow(&hash) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; slow down",
        );
    }
    match ask(shared, |reply| Call::State {
        token_hash: hash,
        reply,
    })
    .await
    {
        Ok(Ok(state)) => {
            let tr = Tr::new(chosen.unwrap_or(&state.language));
            with_forms(
                Html(super::page::rating_page(tr, &state, &form.value)),
                &form,
            )
        }
        Ok(Err(Refusal::AwaitingApproval)) => {
            let tr = page_words(shared, headers).await;
            let title = tr.text("page-join-title");
            with_forms(
                (
                    StatusCode::CONFLICT,
                    Html(super::page::waiting_page(tr, &title)),
                ),
                &form,
            )
        }
        // A token that no longer stands for a device: signed out (its card
        // was used elsewhere, or the facilitator removed it). Said in words.
        Ok(Err(_)) => {
            let tr = page_words(shared, headers).await;
            with_forms(
                Html(super::page::join_page(
                    tr,
                    &code,
                    Some(&tr.text("page-signed-out")),
                    &form.value,
                )),
                &form,
            )
        }
        Err(r) => r,
    }
}

/// A form body as its fields, repeated ones included.
fn form_fields(body: &Bytes) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /idea` without JavaScript.
async fn form_idea(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let fields = form_fields(&body);
    if !form_token_ok(&shared, &headers, &fields) {
        return form_refused(&shared, &headers, stale_form(), IDEAS).await;
    }
    let (Some(stage), Some(text)) = (field(&fields, "stage"), field(&fields, "text")) else {
        let r = error(StatusCode::BAD_REQUEST, "send stage and text");
        return form_refused(&shared, &headers, r, IDEAS).await;
    };
    let request = DeviceRequest::Idea {
        stage: stage.to_owned(),
        text: clean_text(text),
        technologies: fields
            .iter()
            .filter(|(k, _)| k == "technology")
            .map(|(_, v)| v.clone())
            .take(50)
            .collect(),
    };
    then_page(
        &shared,
        &headers,
        act(&shared, &headers, vec![request]).await,
        IDEAS,
    )
    .await
}

/// `POST /vote` without JavaScript: `vote=add` or `vote=remove`.
async fn form_vote(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let fields = form_fields(&body);
    if !form_token_ok(&shared, &headers, &fields) {
        return form_refused(&shared, &headers, stale_form(), IDEAS).await;
    }
    let Some(idea) = field(&fields, "idea").and_then(|i| i.parse::<u32>().ok()) else {
        let r = error(StatusCode::BAD_REQUEST, "send the idea's number");
        return form_refused(&shared, &headers, r, IDEAS).await;
    };
    let request = if field(&fields, "vote") == Some("remove") {
        DeviceRequest::Unvote { idea }
    } else {
        DeviceRequest::Vote { idea }
    };
    then_page(
        &shared,
        &headers,
        act(&shared, &headers, vec![request]).await,
        IDEAS,
    )
    .await
}

/// Where a refused idea or dot goes back to.
const IDEAS: &str = "/#ideas";

/// After a form: back to the page, or why not as a page (never JSON).
async fn then_page(
    shared: &Shared,
    headers: &HeaderMap,
    response: Response,
    back: &str,
) -> Response {
    if response.status().is_success() {
        see_other("/")
    } else {
        form_refused(shared, headers, response, back).await
    }
}

/// A refused form's answer: its status, and the sentence on a page in the
/// device's language with the way back.
async fn form_refused(shared: &Shared, headers: &HeaderMap, r: Response, back: &str) -> Response {
    let status = r.status();
    let tr = page_words(shared, headers).await;
    let message = if status == StatusCode::FORBIDDEN && is_stale(&r) {
        tr.text("page-form-expired")
    } else {
        error_text(tr, r).await
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(super::page::refused_page(tr, &message, back)),
    )
        .into_response()
}

/// Whether a response is [`stale_form`]'s.
fn is_stale(r: &Response) -> bool {
    r.extensions().get::<StaleForm>().is_some()
}

/// Marks [`stale_form`]'s response.
#[derive(Clone, Copy)]
struct StaleForm;

#[derive(Deserialize)]
struct BoardQuery {
    #[serde(default)]
    key: String,
    /// `content`: only what `#board` holds (the page's script swaps it in).
    #[serde(default)]
    part: String,
}

/// How long a board waits after a change before it is told: everything
/// that changes meanwhile (a room rating at once) is one refresh.
const BOARD_COALESCE: std::time::Duration = std::time::Duration::from_millis(250);

/// What the board may show, for the holder of its key; a refusal as the
/// page to send. A key is a guess of the address, like a join code:
/// reserved before it is evaluated, refunded when right.
async fn board_view(
    shared: &Shared,
    addr: SocketAddr,
    key: String,
) -> Result<crate::engine::BoardView, Response> {
    let guess = shared
        .limits
        .guess(addr.ip())
        .await
        .map_err(too_many_guesses)?;
    let key: String = key.chars().take(64).collect();
    let asked = ask(shared, |reply| Call::Board { key, reply }).await;
    match asked {
        Err(r) => {
            guess.refund();
            Err(r)
        }
        Ok(Ok(view)) => {
            guess.refund();
            Ok(view)
        }
        Ok(Err(refusal)) => {
            drop(guess);
            let tr = Tr::new(&session_language(shared).await);
            Err((
                status_of(&refusal),
                Html(super::board::refused_page(tr, &refusal.to_string())),
            )
                .into_response())
        }
    }
}

/// `GET /board?key=KEY`: the room's board.
async fn board(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    axum::extract::Query(query): axum::extract::Query<BoardQuery>,
) -> Response {
    let key = query.key.clone();
    match board_view(&shared, addr, query.key).await {
        Ok(view) => {
            let html = if query.part == "content" {
                super::board::board_content(&view, &shared.public_url)
            } else {
                super::board::board_page(&view, &key, &shared.public_url)
            };
            ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
        }
        Err(r) => r,
    }
}

/// `GET /board/events?key=KEY`: `refresh` when what the board shows may
/// have changed, at most once per [`BOARD_COALESCE`] however many ratings
/// arrive.
async fn board_events(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    axum::extract::Query(query): axum::extract::Query<BoardQuery>,
) -> Response {
    if let Err(r) = board_view(&shared, addr, query.key).await {
        return r;
    }
    let mut changes = shared.notices.board.subscribe();
    let (tx, rx) = tokio::sync::mpsc::channel::<Event>(1);
    tokio::spawn(async move {
        loop {
            tokio::select! {
                changed = changes.changed() => if changed.is_err() { return },
                () = tx.closed() => return,
            }
            tokio::time::sleep(BOARD_COALESCE).await;
            changes.borrow_and_update();
            if tx
                .send(Event::default().event("refresh").data("refresh"))
                .await
                .is_err()
            {
                return;
            }
        }
    });
    let stream = tokio_stream::wrappers::ReceiverStream::new(rx).map(Ok::<_, Infallible>);
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The name on the card of `code`. A code is a guess of the address, like
/// a join code: reserved before it is evaluated, refunded when right.
async fn card_name(shared: &Shared, addr: SocketAddr, code: String) -> Result<String, Response> {
    let guess = shared
        .limits
        .guess(addr.ip())
        .await
        .map_err(too_many_guesses)?;
    match ask(shared, |reply| Call::CardName { code, reply }).await {
        Ok(Ok(name)) => {
            guess.refund();
            Ok(name)
        }
        Ok(Err(refusal)) => Err(status_of(&refusal).into_response()),
        Err(r) => {
            guess.refund();
            Err(r)
        }
    }
}

/// A card's page refused: why in words, on the join form.
async fn card_refused(shared: &Shared, headers: &HeaderMap, r: Response) -> Response {
    let status = r.status();
    let tr = page_words(shared, headers).await;
    let message = if status == StatusCode::UNAUTHORIZED {
        tr.text("page-card-refused")
    } else {
        error_text(tr, r).await
    };
    let form = form_token(shared, headers);
    with_forms(
        (
            status,
            Html(super::page::join_page(tr, "", Some(&message), &form.value)),
        ),
        &form,
    )
}

/// `GET /j/CODE`: a personal card's link shows whose card it is and a
/// "Join as NAME" button; it joins nobody and signs nobody out.
async fn card_page(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let code: String = code.chars().take(32).collect();
    match card_name(&shared, addr, code.clone()).await {
        Ok(name) => {
            let tr = page_words(&shared, &headers).await;
            let form = form_token(&shared, &headers);
            with_forms(
                Html(super::page::card_page(tr, &code, &name, None, &form.value)),
                &form,
            )
        }
        Err(r) => card_refused(&shared, &headers, r).await,
    }
}

/// `POST /j/CODE` (the card page's button): joins as the card's participant
/// (any other device of theirs is signed out) and goes on to the page.
async fn card_join(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> Response {
    let code: String = code.chars().take(32).collect();
    if !form_token_ok(&shared, &headers, &form_fields(&body)) {
        // The card's page again, with a token of this device's.
        return match card_name(&shared, addr, code.clone()).await {
            Ok(name) => {
                let tr = page_words(&shared, &headers).await;
                let form = form_token(&shared, &headers);
                let expired = tr.text("page-form-expired");
                with_forms(
                    (
                        StatusCode::FORBIDDEN,
                        Html(super::page::card_page(
                            tr,
                            &code,
                            &name,
                            Some(&expired),
                            &form.value,
                        )),
                    ),
                    &form,
                )
            }
            Err(r) => card_refused(&shared, &headers, r).await,
        };
    }
    match join(&shared, &headers, addr, code, String::new(), false).await {
        Ok((token, _)) => to_the_page_as(&token),
        Err(r) => card_refused(&shared, &headers, r).await,
    }
}

/// The listed name a join's refusal asks about ("Are you NAME?"), kept in
/// the response's extensions by [`join`].
fn did_you_mean(r: &Response) -> Option<String> {
    r.extensions().get::<AreYou>().map(|a| a.0.clone())
}

/// The name a refused join asks about, carried beside the JSON body.
#[derive(Clone)]
struct AreYou(String);

/// The message of a JSON error response.
async fn error_text(tr: Tr, r: Response) -> String {
    let bytes = axum::body::to_bytes(r.into_body(), MAX_BODY)
        .await
        .unwrap_or_default();
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| {
            v.get("message")
                .or_else(|| v.get("error"))
                .and_then(|e| e.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| tr.text("page-went-wrong"))
}

/// A device that has just joined goes on to its page, its token in a cookie.
fn to_the_page_as(token: &str) -> Response {
    let mut r = see_other("/");
    r.headers_mut().insert(header::SET_COOKIE, cookie(token));
    r
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// `POST /join` without JavaScript: form-encoded, answers 303 to the page.
async fn form_join(
    State(shared): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = form_fields(&body);
    if !form_token_ok(&shared, &headers, &fields) {
        // The form again, with a token of this device's.
        let tr = page_words(&shared, &headers).await;
        let form = form_token(&shared, &headers);
        let code = field(&fields, "code").unwrap_or("");
        let code: String = code.chars().take(16).collect();
        return with_forms(
            (
                StatusCode::FORBIDDEN,
                Html(super::page::join_page(
                    tr,
                    &code,
                    Some(&tr.text("page-form-expired")),
                    &form.value,
                )),
            ),
            &form,
        );
    }
    // No name with a personal card's code.
    let (Some(code), alias) = (
        field(&fields, "code"),
        field(&fields, "alias").unwrap_or(""),
    ) else {
        return error(StatusCode::BAD_REQUEST, "send code and alias");
    };
    let code = code.to_owned();
    let new = field(&fields, "new") == Some("1");
    match join(&shared, &headers, addr, code.clone(), alias.to_owned(), new).await {
        Ok((token, _)) => to_the_page_as(&token),
        // A name near a listed one: the phone asks "Are you NAME?".
        Err(r) if r.status() == StatusCode::CONFLICT && did_you_mean(&r).is_some() => {
            let tr = page_words(&shared, &headers).await;
            let form = form_token(&shared, &headers);
            let name = did_you_mean(&r).unwrap_or_default();
            with_forms(
                Html(super::page::are_you_page(
                    tr,
                    &code,
                    alias,
                    &name,
                    &form.value,
                )),
                &form,
            )
        }
        // The form again, with why, and the status the API would give.
        Err(r) => {
            let status = r.status();
            let tr = page_words(&shared, &headers).await;
            let message = error_text(tr, r).await;
            let form = form_token(&shared, &headers);
            with_forms(
                (
                    status,
                    Html(super::page::join_page(
                        tr,
                        &code,
                        Some(&message),
                        &form.value,
                    )),
                ),
                &form,
            )
        }
    }
}

/// `POST /rate` without JavaScript: form-encoded, answers 303 to the page.
async fn form_rate(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let fields = form_fields(&body);
    if !form_token_ok(&shared, &headers, &fields) {
        return form_refused(&shared, &headers, stale_form(), "/").await;
    }
    let (Some(stage), Some(dimension), Some(value)) = (
        field(&fields, "stage"),
        field(&fields, "dimension"),
        field(&fields, "value"),
    ) else {
        let r = error(StatusCode::BAD_REQUEST, "send stage, dimension and value");
        return form_refused(&shared, &headers, r, "/").await;
    };
    let score = if value == "dk" {
        Score::DontKnow
    } else {
        match value.parse::<u8>() {
            Ok(v) => Score::Value(v),
            Err(_) => {
                let r = error(StatusCode::BAD_REQUEST, "value must be a number or dk");
                return form_refused(&shared, &headers, r, "/").await;
            }
        }
    };
    let request = DeviceRequest::Rate {
        stage: stage.to_owned(),
        dimension: dimension.to_owned(),
        score,
        comment: field(&fields, "comment")
            .filter(|c| !c.trim().is_empty())
            .map(clean_text),
    };
    then_page(
        &shared,
        &headers,
        act(&shared, &headers, vec![request]).await,
        "/",
    )
    .await
}
