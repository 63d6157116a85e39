//! Other sites refused: a request that changes something (any method but
//! GET, HEAD, OPTIONS and TRACE) whose `Origin` header, or without one its
//! `Referer`, names an origin other than the `Host` it was sent to is
//! refused before it is read. Browsers send `Origin` with every such
//! request, so a page on another site, or on another port of the same
//! machine, cannot post a form or send JSON in a participant's name.
//! Requests with neither header (the command line, scripts, the load
//! bench) are judged by their token alone, as before.

use axum::http::{HeaderMap, Method, header};

/// `Ok` when the request may go on; otherwise why it is refused.
///
/// # Errors
/// A sentence for the 403 answer.
pub fn check(method: &Method, headers: &HeaderMap) -> Result<(), String> {
    if method.is_safe() {
        return Ok(());
    }
    let (named, what) = match headers.get(header::ORIGIN) {
        Some(origin) => (origin, "Origin"),
        None => match headers.get(header::REFERER) {
            Some(referer) => (referer, "Referer"),
            None => return Ok(()),
        },
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let same = named
        .to_str()
        .ok()
        .and_then(authority)
        .zip(host)
        .is_some_and(|((scheme, site), host)| same_site(scheme, site, host));
    if same {
        Ok(())
    } else {
        Err(format!(
            "refused: this request comes from another site (its {what} is not this server's address)"
        ))
    }
}

/// The scheme and authority of an origin or a URL (`http://host:8787/x`
/// gives `http` and `host:8787`); `None` for `null` and anything else that
/// is not an absolute http(s) URL.
fn authority(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme_ok = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let site = &rest[..end];
    (scheme_ok && !site.is_empty() && !site.contains('@')).then_some((scheme, site))
}

/// Host and port of an authority, the port `None` when it is not given.
fn split(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(v6) = authority.strip_prefix('[') {
        let (addr, rest) = v6.split_once(']')?;
        return match rest {
            "" => Some((addr, None)),
            _ => Some((addr, Some(rest.strip_prefix(':')?))),
        };
    }
    Some(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

/// Whether `scheme://site` is the origin of a request sent to `host` (its
/// `Host` header): the same host, and the same port, a missing one being
/// the scheme's own (so that a proxy in front, over https, still matches).
fn same_site(scheme: &str, site: &str, host: &str) -> bool {
    let default = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        "80"
    };
    match (split(site), split(host.trim())) {
        (Some((a, pa)), Some((b, pb))) => {
            a.eq_ignore_ascii_case(b) && pa.unwrap_or(default) == pb.unwrap_or(default)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_static(v));
        }
        h
    }

    fn ok(method: &Method, pairs: &[(header::HeaderName, &'static str)]) -> bool {
        check(method, &headers(pairs)).is_ok()
    }

    #[test]
    fn the_same_origin_passes_and_others_are_refused() {
        let host = (header::HOST, "192.168.1.20:8787");
        let post = &Method::POST;
        assert!(
            ok(post, std::slice::from_ref(&host)),
            "neither header: the token decides"
        );
        assert!(ok(
            post,
            &[host.clone(), (header::ORIGIN, "http://192.168.1.20:8787")]
        ));
        assert!(ok(
            post,
            &[
                host.clone(),
                (header::REFERER, "http://192.168.1.20:8787/?lang=sv")
            ]
        ));
        for other in [
            "http://evil.example",
            "http://192.168.1.20:8788",
            "http://192.168.1.20",
            "http://192.168.1.21:8787",
            "null",
            "file://",
            "",
            "http://user@192.168.1.20:8787",
        ] {
            assert!(
                !ok(post, &[host.clone(), (header::ORIGIN, other)]),
                "{other}"
            );
        }
        assert!(!ok(
            post,
            &[host.clone(), (header::REFERER, "http://evil.example/x")]
        ));
        // Origin wins over a same-site Referer.
        assert!(!ok(
            &Method::PUT,
            &[
                host.clone(),
                (header::ORIGIN, "http://192.168.1.20:9000"),
                (header::REFERER, "http://192.168.1.20:8787/"),
            ]
        ));
        assert!(
            !ok(&Method::DELETE, &[(header::ORIGIN, "http://a:1")]),
            "no Host"
        );
        // Reading is never refused here.
        assert!(ok(
            &Method::GET,
            &[host.clone(), (header::ORIGIN, "http://evil.example")]
        ));
    }

    #[test]
    fn default_ports_case_and_ipv6_compare_as_the_same_origin() {
        assert!(same_site("http", "Room.Local", "room.local:80"));
        assert!(same_site("https", "room.example", "room.example"));
        assert!(!same_site("https", "room.example", "room.example:80"));
        assert!(same_site("http", "[::1]:8787", "[::1]:8787"));
        assert!(!same_site("http", "[::1]:8787", "[::1]:8788"));
        assert!(!same_site("http", "[::1", "[::1]:8787"));
    }
}
