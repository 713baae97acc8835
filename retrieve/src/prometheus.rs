//! A client for Prometheus's instant-query API, with the manners of a good neighbour: a timeout
//! per query and overall, retries with backoff for 5xx answers and connection errors (never for
//! 4xx), TLS with the system's roots, and credentials that never reach a message.

use std::io;
use std::time::{Duration, Instant};

use ureq::tls::{RootCerts, TlsConfig};
use ureq::Agent;

use crate::auth::Auth;
use crate::response::{read_query_response, QueryFailure};

/// The largest answer read; a larger one is refused rather than held in memory.
const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// Timeouts, retries and concurrency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The longest one attempt of one query may take.
    pub query_timeout: Duration,
    /// The longest the whole retrieval may take; queries not answered by then fail.
    pub overall_timeout: Duration,
    /// How often a query is tried when the server answers 5xx or cannot be reached.
    pub attempts: u32,
    /// The wait before the first retry; it doubles for each further one.
    pub backoff: Duration,
    /// How many queries run at once.
    pub concurrency: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            query_timeout: Duration::from_secs(30),
            overall_timeout: Duration::from_secs(120),
            attempts: 3,
            backoff: Duration::from_millis(500),
            concurrency: 4,
        }
    }
}

/// A Prometheus server's query endpoint.
#[derive(Debug)]
pub struct Prometheus {
    endpoint: String,
    agent: Agent,
    auth: Auth,
    settings: Settings,
}

impl Prometheus {
    /// A client for the server at `url` (`http://host:9090`, or with a path prefix such as
    /// `https://example.org/prometheus`). A URL with credentials in it is refused: they belong
    /// in the environment (see [`Auth::from_lookup`]), where no log or message shows them.
    pub fn new(url: &str, auth: Auth, settings: Settings) -> Result<Prometheus, String> {
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"))
            .ok_or_else(|| {
                format!("the Prometheus URL '{url}' must start with http:// or https://")
            })?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(format!(
                "the Prometheus URL must not hold credentials (user:password@host); set {} or \
                 {} and {} instead",
                crate::auth::TOKEN_VARIABLE,
                crate::auth::USER_VARIABLE,
                crate::auth::PASSWORD_VARIABLE
            ));
        }
        if authority.is_empty() || rest.contains(['?', '#']) {
            return Err(format!(
                "the Prometheus URL '{url}' must name a host, without a query or fragment"
            ));
        }
        let endpoint = format!("{}/api/v1/query", url.trim_end_matches('/'));
        ureq::http::Uri::try_from(endpoint.as_str())
            .map_err(|e| format!("the Prometheus URL '{url}' is not a valid URL: {e}"))?;
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            // A redirect would carry the query elsewhere; credentials are never sent along.
            .max_redirects(3)
            .user_agent(concat!("slogate/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Prometheus {
            endpoint,
            agent,
            auth,
            settings,
        })
    }

    /// The timeouts, retries and concurrency in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Runs `query` as an instant query at `time` (Unix seconds) and returns its single value,
    /// or the message explaining why there is none. No attempt starts after `deadline`.
    pub fn instant_query(&self, query: &str, time: &str, deadline: Instant) -> Result<f64, String> {
        let mut attempt = 1;
        loop {
            let now = Instant::now();
            let Some(left) = deadline
                .checked_duration_since(now)
                .filter(|d| !d.is_zero())
            else {
                return Err(self.overall_timeout_message());
            };
            let limited_by_overall = left < self.settings.query_timeout;
            let budget = left.min(self.settings.query_timeout);
            match self.attempt(query, time, budget, limited_by_overall) {
                Ok(value) => return Ok(value),
                Err(failure) if failure.retryable && attempt < self.settings.attempts => {
                    let wait = self
                        .settings
                        .backoff
                        .saturating_mul(1 << (attempt - 1).min(16));
                    let left = deadline.saturating_duration_since(Instant::now());
                    if wait >= left {
                        return Err(self.finish(&failure, attempt));
                    }
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                Err(failure) => return Err(self.finish(&failure, attempt)),
            }
        }
    }

    fn finish(&self, failure: &QueryFailure, attempts: u32) -> String {
        let message = if attempts > 1 {
            format!("{} (after {attempts} attempts)", failure.message)
        } else {
            failure.message.clone()
        };
        self.auth.redact(&message)
    }

    fn overall_timeout_message(&self) -> String {
        format!(
            "unable to query prometheus api: the overall timeout of {} ran out before an answer",
            seconds(self.settings.overall_timeout)
        )
    }

    fn attempt(
        &self,
        query: &str,
        time: &str,
        budget: Duration,
        limited_by_overall: bool,
    ) -> Result<f64, QueryFailure> {
        // The server may stop evaluating once the client has stopped waiting.
        let timeout = budget.as_secs_f64().to_string();
        let form = [
            ("query", query),
            ("time", time),
            ("timeout", timeout.as_str()),
        ];
        let mut post = self
            .agent
            .post(&self.endpoint)
            .config()
            .timeout_global(Some(budget))
            .build();
        if let Some(header) = self.auth.header() {
            post = post.header("Authorization", header);
        }
        let mut response = post
            .send_form(form)
            .map_err(|e| self.transport_failure(&e, budget, limited_by_overall))?;
        // Prometheus's own client falls back to GET where a proxy refuses POST.
        if response.status().as_u16() == 405 {
            let mut get = self
                .agent
                .get(&self.endpoint)
                .query_pairs(form)
                .config()
                .timeout_global(Some(budget))
                .build();
            if let Some(header) = self.auth.header() {
                get = get.header("Authorization", header);
            }
            response = get
                .call()
                .map_err(|e| self.transport_failure(&e, budget, limited_by_overall))?;
        }
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.transport_failure(&e, budget, limited_by_overall))?;
        read_query_response(status, &body).map_err(|f| QueryFailure {
            message: self.auth.redact(&f.message),
            retryable: f.retryable,
        })
    }

    /// A failure before an answer arrived: connection errors are worth a retry, a timeout or
    /// a TLS error is not.
    fn transport_failure(
        &self,
        error: &ureq::Error,
        budget: Duration,
        limited_by_overall: bool,
    ) -> QueryFailure {
        use ureq::Error as E;
        let (reason, retryable) = match error {
            E::Io(e) => (describe_io(e), true),
            E::ConnectionFailed => ("the connection failed".to_owned(), true),
            E::HostNotFound => ("the host was not found".to_owned(), true),
            E::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
                (format!("no connection within {}", seconds(budget)), true)
            }
            E::Timeout(_) if limited_by_overall => (
                format!(
                    "no answer before the overall timeout of {} ran out",
                    seconds(self.settings.overall_timeout)
                ),
                false,
            ),
            E::Timeout(_) => (
                format!("no answer within the query timeout of {}", seconds(budget)),
                false,
            ),
            E::BodyExceedsLimit(_) => (
                format!("the answer is larger than {MAX_RESPONSE_BYTES} bytes"),
                false,
            ),
            other => (other.to_string(), false),
        };
        QueryFailure {
            message: self
                .auth
                .redact(&format!("unable to query prometheus api: {reason}")),
            retryable,
        }
    }
}

fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => "the connection was refused".to_owned(),
        io::ErrorKind::ConnectionReset => "the connection was reset".to_owned(),
        io::ErrorKind::ConnectionAborted => "the connection was aborted".to_owned(),
        io::ErrorKind::UnexpectedEof => "the server closed the connection".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    }
}

/// A duration in seconds as a person writes it: `30s`, `0.5s`.
pub(crate) fn seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis % 1000 == 0 {
        format!("{}s", millis / 1000)
    } else {
        format!("{}s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(url: &str) -> Result<Prometheus, String> {
        Prometheus::new(url, Auth::None, Settings::default())
    }

    #[test]
    fn the_endpoint_is_the_query_api_under_the_given_url() {
        assert_eq!(
            new("http://127.0.0.1:9090/").unwrap().endpoint,
            "http://127.0.0.1:9090/api/v1/query"
        );
        assert_eq!(
            new("https://example.org/prometheus").unwrap().endpoint,
            "https://example.org/prometheus/api/v1/query"
        );
    }

    #[test]
    fn a_url_with_credentials_is_refused_without_repeating_them() {
        let message = new("https://ann:s3cret@example.org").unwrap_err();
        assert_eq!(
            message,
            "the Prometheus URL must not hold credentials (user:password@host); set \
             SLOGATE_PROMETHEUS_TOKEN or SLOGATE_PROMETHEUS_USER and SLOGATE_PROMETHEUS_PASSWORD \
             instead"
        );
        assert!(!message.contains("s3cret"));
    }

    #[test]
    fn other_bad_urls_are_refused() {
        assert_eq!(
            new("localhost:9090").unwrap_err(),
            "the Prometheus URL 'localhost:9090' must start with http:// or https://"
        );
        assert_eq!(
            new("http://host:9090/?x=1").unwrap_err(),
            "the Prometheus URL 'http://host:9090/?x=1' must name a host, without a query or \
             fragment"
        );
        assert_eq!(
            new("http:///x").unwrap_err(),
            "the Prometheus URL 'http:///x' must name a host, without a query or fragment"
        );
    }

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(30)), "30s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5s");
    }
}
