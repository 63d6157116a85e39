//! The participants' server in a room, on every system: bound to every
//! interface it shows the machine's LAN address for phones to type, and
//! answers on it. `.ci/run` runs this test under Wine against the Windows
//! build too (docs/PLATFORMS.md). Only loopback is ever connected to.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::support::server::{Serve, request, session_at};
use loopshop::server::address::first_lan_ipv4;

#[test]
fn bound_to_every_interface_it_shows_the_lan_address_and_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 3, &[]);
    let serve = Serve::start(dir.path(), &path, &["--bind", "0.0.0.0"]);
    let shown: SocketAddr = serve
        .host
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", serve.host));
    // The machine's first private (room) IPv4 address; loopback on a
    // machine without a network.
    let lan = first_lan_ipv4().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V4);
    assert_eq!(shown.ip(), lan, "join line shows {}", serve.host);
    assert_ne!(shown.port(), 0);
    assert!(
        serve
            .board
            .starts_with(&format!("board http://{}/board?key=", serve.host)),
        "{}",
        serve.board
    );
    // Bound to every interface: loopback answers too.
    let page = request(&format!("127.0.0.1:{}", shown.port()), "GET", "/", &[], "");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(&serve.code) || page.body.contains("<form"),
        "{}",
        page.body
    );
}
