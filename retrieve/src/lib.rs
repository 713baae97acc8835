//! SLI retrieval for slogate: the queries of a Keptn `sli.yaml` run against Prometheus, the
//! answers written as Keptn's get-sli data, which the slogate core then scores.
//!
//! The scoring core stays free of I/O; this crate holds the network side and the
//! prometheus-service's rules for queries:
//! - [`QueryContext::render`] replaces the placeholders (`$SERVICE`, `$DURATION_SECONDS`,
//!   `$LABEL.<name>`...) exactly as Keptn's prometheus-service does;
//! - [`Prometheus`] runs instant queries over `/api/v1/query` with timeouts, retries and
//!   credentials from the environment ([`Auth`]);
//! - [`retrieve`] runs all queries of a window a few at a time, and [`GetSliData`] writes the
//!   result in Keptn's shape.
//!
//! ## Gaps
//! - Only Prometheus. Keptn's other SLI providers (Dynatrace, Datadog...) are not here.
//! - The prometheus-service's built-in queries for `throughput`, `error_rate` and
//!   `response_time_p50/90/95` (used when `sli.yaml` lacks them) are not: every SLI needs its
//!   query in `sli.yaml`.

mod auth;
mod placeholders;
mod prometheus;
mod response;
mod retrieval;
mod window;

pub use auth::{Auth, PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE};
pub use placeholders::{resolve_deployment, QueryContext, DEFAULT_DEPLOYMENT};
pub use prometheus::{Prometheus, Settings};
pub use response::{read_query_response, QueryFailure};
pub use retrieval::{retrieve, GetSliData, GetSliValues, Progress};
pub use window::Window;
