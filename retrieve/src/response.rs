//! Reading the answer of Prometheus's `/api/v1/query` into one SLI value or a reason.
//!
//! The messages are the prometheus-service's where it has one (`query did not return any
//! values`, `query did return multiple values`, `query did not return valid values`, and
//! `unable to query prometheus api: <errorType>: <error>` for the server's own message), so
//! that results read as they did in Keptn.

use serde::Deserialize;
use serde_json::Value;

/// How much of an unexpected body a message quotes.
const QUOTED_BODY: usize = 200;

/// Why a query gave no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryFailure {
    /// The message written into the SLI result.
    pub message: String,
    /// Whether asking again may help (a 5xx answer).
    pub retryable: bool,
}

impl QueryFailure {
    fn new(message: impl Into<String>, retryable: bool) -> Self {
        QueryFailure {
            message: message.into(),
            retryable,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiResponse {
    status: String,
    #[serde(default)]
    data: Option<ApiData>,
    #[serde(default)]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiData {
    result_type: String,
    result: Value,
}

/// Reads an HTTP answer of `/api/v1/query`: the single sample of a one-series vector is the
/// value; an error, an empty vector, several series, another result type or a sample that is
/// not a finite number is a failure with its reason.
pub fn read_query_response(status: u16, body: &str) -> Result<f64, QueryFailure> {
    let retryable = status >= 500;
    let Ok(response) = serde_json::from_str::<ApiResponse>(body) else {
        return Err(QueryFailure::new(
            format!(
                "unable to query prometheus api: the server answered HTTP {status} {}",
                describe_body(body)
            ),
            retryable,
        ));
    };
    if response.status != "success" || !(200..300).contains(&status) {
        let kind = response.error_type.as_deref().unwrap_or("error");
        let message = response
            .error
            .unwrap_or_else(|| format!("HTTP {status} without a message"));
        return Err(QueryFailure::new(
            format!("unable to query prometheus api: {kind}: {message}"),
            retryable,
        ));
    }
    let Some(data) = response.data else {
        return Err(QueryFailure::new(
            "unable to query prometheus api: the answer has no 'data'",
            false,
        ));
    };
    if data.result_type != "vector" {
        return Err(QueryFailure::new(
            format!(
                "prometheus api response is not a Vector but a {}: the query must give \
                 one series (wrap a scalar in vector())",
                data.result_type
            ),
            false,
        ));
    }
    let series = data.result.as_array().map_or(&[][..], Vec::as_slice);
    match series {
        [] => Err(QueryFailure::new("query did not return any values", false)),
        [one] => sample_value(one)
            .ok_or_else(|| QueryFailure::new("query did not return valid values", false)),
        several => Err(QueryFailure::new(
            format!(
                "query did return multiple values: {} series, such as {} and {}; \
                 aggregate them (sum, avg, max...) into one",
                several.len(),
                describe_series(&several[0]),
                describe_series(&several[1])
            ),
            false,
        )),
    }
}

/// The value of one vector entry `{"metric": {...}, "value": [time, "1.5"]}`: a finite number.
fn sample_value(entry: &Value) -> Option<f64> {
    let text = entry.get("value")?.get(1)?.as_str()?;
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A series as `PromQL` writes it: `{job="a",instance="b"}` (`{}` for none).
fn describe_series(entry: &Value) -> String {
    let labels = entry
        .get("metric")
        .and_then(Value::as_object)
        .map(|labels| {
            labels
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    format!("{{{labels}}}")
}

fn describe_body(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return "with an empty body".to_owned();
    }
    let mut quoted: String = body.chars().take(QUOTED_BODY).collect();
    if quoted.len() < body.len() {
        quoted.push_str("...");
    }
    format!("instead of JSON: {quoted}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(entries: &str) -> String {
        format!(r#"{{"status":"success","data":{{"resultType":"vector","result":[{entries}]}}}}"#)
    }

    #[test]
    fn one_series_gives_its_value() {
        let body = vector(r#"{"metric":{},"value":[1714557900,"0.0125"]}"#);
        assert_eq!(read_query_response(200, &body), Ok(0.0125));
    }

    #[test]
    fn no_series_several_series_and_bad_numbers_fail_with_keptns_words() {
        let failure = |body: &str| read_query_response(200, body).unwrap_err().message;
        assert_eq!(failure(&vector("")), "query did not return any values");
        assert_eq!(
            failure(&vector(
                r#"{"metric":{"job":"a"},"value":[1,"1"]},{"metric":{"job":"b"},"value":[1,"2"]}"#
            )),
            "query did return multiple values: 2 series, such as {job=\"a\"} and {job=\"b\"}; \
             aggregate them (sum, avg, max...) into one"
        );
        for bad in ["NaN", "+Inf", "x"] {
            let body = vector(&format!(r#"{{"metric":{{}},"value":[1,"{bad}"]}}"#));
            assert_eq!(failure(&body), "query did not return valid values");
        }
        assert_eq!(
            failure(r#"{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}"#),
            "prometheus api response is not a Vector but a scalar: the query must give one \
             series (wrap a scalar in vector())"
        );
    }

    #[test]
    fn the_servers_message_is_passed_on_and_only_5xx_is_retried() {
        let bad =
            r#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected"}"#;
        assert_eq!(
            read_query_response(400, bad),
            Err(QueryFailure::new(
                "unable to query prometheus api: bad_data: 1:5: parse error: unexpected",
                false
            ))
        );
        let busy = r#"{"status":"error","errorType":"unavailable","error":"too many queries"}"#;
        assert!(read_query_response(503, busy).unwrap_err().retryable);
        assert_eq!(
            read_query_response(502, "<html>bad gateway</html>"),
            Err(QueryFailure::new(
                "unable to query prometheus api: the server answered HTTP 502 instead of JSON: \
                 <html>bad gateway</html>",
                true
            ))
        );
        assert_eq!(
            read_query_response(401, "").unwrap_err().message,
            "unable to query prometheus api: the server answered HTTP 401 with an empty body"
        );
    }
}
