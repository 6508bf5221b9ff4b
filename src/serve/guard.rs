//! Who may talk to the server: the `Host` a request names (against DNS rebinding), the
//! `Origin` it comes from (against cross-site requests from pages the user visits), and the
//! bearer token that an address other than loopback requires.

use std::net::SocketAddr;

use axum::http::{header, HeaderMap};
use sha2::{Digest, Sha256};

/// What the server accepts, fixed at start.
#[derive(Debug, Clone)]
pub struct Guard {
    /// Host names (without port) a request may name; empty accepts any (an address other
    /// than loopback, where the token guards).
    hosts: Vec<String>,
    port: u16,
    token: Option<String>,
}

/// Why a request is refused: its status and the error's code and message.
#[derive(Debug, PartialEq, Eq)]
pub struct Denied {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl Guard {
    /// The guard of a server listening on `addr`. A loopback address accepts the names of
    /// this machine only; any other needs a token, or the server refuses to start.
    pub fn new(addr: SocketAddr, token: Option<String>) -> anyhow::Result<Self> {
        let token = token.filter(|t| !t.is_empty());
        let loopback = addr.ip().is_loopback();
        if !loopback && token.is_none() {
            anyhow::bail!(
                "--listen {addr} is reachable from other machines: give --token (or set \
                 REDACTEUR_TOKEN) so that only those who hold it can use the server"
            );
        }
        let hosts = match loopback {
            true => ["localhost", "127.0.0.1", "[::1]"]
                .map(String::from)
                .to_vec(),
            false => Vec::new(),
        };
        Ok(Self {
            hosts,
            port: addr.port(),
            token,
        })
    }

    /// The port the server really listens on (after binding port 0).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Checks a request's headers; `api` says whether the path needs the token (the page's
    /// own files do not: it asks for the token itself).
    pub fn check(&self, headers: &HeaderMap, api: bool) -> Result<(), Denied> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !self.hosts.is_empty() && !self.host_allowed(host) {
            return Err(Denied {
                status: 403,
                code: "host_refused",
                message: format!(
                    "the Host header `{host}` does not name this machine; open the server as \
                     http://127.0.0.1:{} or http://localhost:{}",
                    self.port, self.port
                ),
            });
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            let same = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                .is_some_and(|rest| rest.eq_ignore_ascii_case(host));
            if !same {
                return Err(Denied {
                    status: 403,
                    code: "origin_refused",
                    message: format!(
                        "a request from `{origin}`, another site than this server's, is refused"
                    ),
                });
            }
        }
        if let (Some(token), true) = (&self.token, api) {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.strip_prefix("Bearer "))
                .unwrap_or("");
            if !same_secret(given.trim(), token) {
                return Err(Denied {
                    status: 401,
                    code: "unauthorized",
                    message: "this server needs its token: send `Authorization: Bearer TOKEN`"
                        .into(),
                });
            }
        }
        Ok(())
    }

    fn host_allowed(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') => (name, port.parse::<u16>().ok()),
            _ => (host, None),
        };
        port.is_none_or(|p| p == self.port)
            && self.hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// Whether two secrets are equal, in a time that does not depend on where they differ: their
/// digests are compared whole.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (Sha256::digest(given), Sha256::digest(expected));
    a.iter().zip(b.iter()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn loopback_accepts_this_machines_names_only() {
        let guard = Guard::new("127.0.0.1:8080".parse().unwrap(), None).unwrap();
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "localhost",
            "[::1]:8080",
        ] {
            assert_eq!(guard.check(&headers(&[(header::HOST, host)]), true), Ok(()));
        }
        for host in ["evil.example:8080", "127.0.0.1:9999", ""] {
            let denied = guard
                .check(&headers(&[(header::HOST, host)]), true)
                .unwrap_err();
            assert_eq!(denied.code, "host_refused", "{host}");
        }
    }

    #[test]
    fn another_sites_origin_is_refused_and_the_same_accepted() {
        let guard = Guard::new("127.0.0.1:8080".parse().unwrap(), None).unwrap();
        let same = headers(&[
            (header::HOST, "127.0.0.1:8080"),
            (header::ORIGIN, "http://127.0.0.1:8080"),
        ]);
        assert_eq!(guard.check(&same, true), Ok(()));
        let other = headers(&[
            (header::HOST, "127.0.0.1:8080"),
            (header::ORIGIN, "https://evil.example"),
        ]);
        assert_eq!(
            guard.check(&other, true).unwrap_err().code,
            "origin_refused"
        );
    }

    #[test]
    fn another_address_needs_a_token_and_checks_it() {
        let err = Guard::new("0.0.0.0:8080".parse().unwrap(), None).unwrap_err();
        assert!(err.to_string().contains("--token"), "{err}");
        let guard = Guard::new("0.0.0.0:8080".parse().unwrap(), Some("s3cret".into())).unwrap();
        let host = (header::HOST, "redaction.lan:8080");
        let none = headers(std::slice::from_ref(&host));
        assert_eq!(guard.check(&none, true).unwrap_err().status, 401);
        assert_eq!(guard.check(&none, false), Ok(()), "the page itself is open");
        let wrong = headers(&[host.clone(), (header::AUTHORIZATION, "Bearer s3cre")]);
        assert_eq!(guard.check(&wrong, true).unwrap_err().status, 401);
        let right = headers(&[host, (header::AUTHORIZATION, "Bearer s3cret")]);
        assert_eq!(guard.check(&right, true), Ok(()));
    }
}
