//! The address participants type: the bound address, or the machine's first
//! non-loopback IPv4 address when bound to every interface.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The host part of the join address for a server bound to `bound`.
#[must_use]
pub fn public_host(bound: SocketAddr) -> IpAddr {
    if !bound.ip().is_unspecified() {
        return bound.ip();
    }
    first_lan_ipv4().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V4)
}

/// The machine's first non-loopback IPv4 address, if it has one.
#[must_use]
pub fn first_lan_ipv4() -> Option<Ipv4Addr> {
    lan_ipv4s().into_iter().next()
}

/// The machine's non-loopback IPv4 addresses, private (room) networks first:
/// where phones could reach a server bound to every interface.
#[must_use]
pub fn lan_ipv4s() -> Vec<Ipv4Addr> {
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut found: Vec<Ipv4Addr> = interfaces
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if !v4.is_link_local() => Some(v4),
            _ => None,
        })
        .collect();
    // Private room networks first (what a venue or a phone hotspot hands out).
    found.sort_by_key(|a| !a.is_private());
    found
}
