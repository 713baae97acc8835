//! `slogate sli` and `slogate eval --sli prometheus:FILE` against a real Prometheus server,
//! started on a free loopback port with data backfilled by `promtool`, and against tiny
//! loopback servers that stand for a slow, a failing or a credential-checking server.
//!
//! Without the `prometheus` and `promtool` binaries the tests that need them are skipped with
//! a message, unless `SLOGATE_REQUIRE_PROMETHEUS` is set (as `scripts/test-retrieval`, which
//! installs them, does): then they fail.

mod common;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{examples, json, workspace};
use serde_json::Value;

/// The evaluation window of the backfilled data: ten minutes, queried at its end.
const START: &str = "2024-05-01T10:00:00Z";
const END: &str = "2024-05-01T10:10:00Z";
/// 2024-05-01T09:50:00Z: the data runs from ten minutes before the window to ten after it.
const DATA_START: i64 = 1_714_557_000;
/// Samples are 15 s apart; the window holds 40 intervals.
const STEP: i64 = 15;
const STEPS: i64 = 120;
const WINDOW_INTERVALS: f64 = 40.0;
const WINDOW_SECONDS: f64 = 600.0;

/// Requests per 15 s of the "carts" service, by status code.
const OK_PER_STEP: f64 = 5988.0;
const ERRORS_PER_STEP: f64 = 12.0;
/// The request-duration histogram: cumulative requests per 15 s below each bound (seconds).
const BUCKETS_PER_STEP: [(&str, f64, f64); 5] = [
    ("0.1", 0.1, 1200.0),
    ("0.25", 0.25, 3600.0),
    ("0.5", 0.5, 5760.0),
    ("1", 1.0, 5970.0),
    ("+Inf", f64::INFINITY, 6000.0),
];
/// The CPU gauge cycles through these values.
const CPU: [f64; 4] = [52.5, 58.0, 61.25, 57.75];
const JOB: &str = "carts-sockshop-hardening";

/// The data as `OpenMetrics` text, for `promtool tsdb create-blocks-from openmetrics`.
fn openmetrics() -> String {
    let mut text = String::from("# TYPE http_requests counter\n");
    for (code, per_step) in [("200", OK_PER_STEP), ("500", ERRORS_PER_STEP)] {
        for i in 0..=STEPS {
            let value = 1000.0 + per_step * i as f64;
            let time = DATA_START + i * STEP;
            let _ = writeln!(
                text,
                "http_requests_total{{job=\"{JOB}\",code=\"{code}\"}} {value} {time}"
            );
        }
    }
    text += "# TYPE http_request_duration_seconds histogram\n";
    for (le, _, per_step) in BUCKETS_PER_STEP {
        for i in 0..=STEPS {
            let value = per_step * i as f64;
            let time = DATA_START + i * STEP;
            let _ = writeln!(
                text,
                "http_request_duration_seconds_bucket{{job=\"{JOB}\",le=\"{le}\"}} {value} {time}"
            );
        }
    }
    text += "# TYPE process_cpu_usage_percent gauge\n";
    for i in 0..=STEPS {
        let value = CPU[usize::try_from(i).unwrap() % CPU.len()];
        let time = DATA_START + i * STEP;
        let _ = writeln!(
            text,
            "process_cpu_usage_percent{{job=\"{JOB}\",deployment=\"primary\",version=\"1.4.2\"}} \
             {value} {time}"
        );
    }
    text + "# EOF\n"
}

/// What `rate(x[600s])` gives at the window's end for a counter growing by `per_step` every
/// 15 s: the samples sit exactly on the range's ends, so Prometheus extrapolates nothing, and
/// it multiplies the increase by the factor `(600 / 600) / 600`, in that order.
fn rate(per_step: f64) -> f64 {
    let (sampled, extrapolated) = (WINDOW_SECONDS, WINDOW_SECONDS);
    let factor = (extrapolated / sampled) / WINDOW_SECONDS;
    per_step * WINDOW_INTERVALS * factor
}

/// `PromQL`'s `histogram_quantile` over the bucket rates (Prometheus's `bucketQuantile`).
fn histogram_quantile(q: f64) -> f64 {
    let buckets: Vec<(f64, f64)> = BUCKETS_PER_STEP
        .iter()
        .map(|(_, bound, per_step)| (*bound, rate(*per_step)))
        .collect();
    let mut rank = q * buckets[buckets.len() - 1].1;
    let b = buckets[..buckets.len() - 1]
        .iter()
        .position(|(_, count)| *count >= rank)
        .expect("the rank falls below the +Inf bucket");
    let (mut start, mut count) = (0.0, buckets[b].1);
    if b > 0 {
        start = buckets[b - 1].0;
        count -= buckets[b - 1].1;
        rank -= buckets[b - 1].1;
    }
    start + (buckets[b].0 - start) * (rank / count)
}

/// A process that is killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Prometheus server with the backfilled data, stopped when dropped.
struct Prometheus {
    url: String,
    _process: Running,
    _dir: tempfile::TempDir,
}

fn have(binary: &str) -> bool {
    Command::new(binary)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Prometheus {
    /// Starts Prometheus, or `None` (after saying so) where it is not installed.
    fn start(test: &str) -> Option<Prometheus> {
        if !have("prometheus") || !have("promtool") {
            assert!(
                std::env::var_os("SLOGATE_REQUIRE_PROMETHEUS").is_none(),
                "{test}: the prometheus and promtool binaries are required but not installed"
            );
            eprintln!(
                "skipped {test}: the prometheus and promtool binaries are not installed \
                 (scripts/test-retrieval installs them)"
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("data.om");
        std::fs::write(&data, openmetrics()).expect("the data file is written");
        let tsdb = dir.path().join("tsdb");
        let backfill = Command::new("promtool")
            .args(["tsdb", "create-blocks-from", "openmetrics"])
            .arg(&data)
            .arg(&tsdb)
            .output()
            .expect("promtool runs");
        assert!(
            backfill.status.success(),
            "promtool failed: {}",
            String::from_utf8_lossy(&backfill.stderr)
        );
        let config = dir.path().join("prometheus.yml");
        std::fs::write(&config, "global: {}\n").expect("the config is written");
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
            let child = Command::new("prometheus")
                .arg(format!("--config.file={}", config.display()))
                .arg(format!("--storage.tsdb.path={}", tsdb.display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                // The data is from 2024: keep it however old it gets.
                .arg("--storage.tsdb.retention.time=100y")
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("prometheus starts");
            let process = Running(child);
            let url = format!("http://127.0.0.1:{port}");
            if wait_until_ready(port) {
                return Some(Prometheus {
                    url,
                    _process: process,
                    _dir: dir,
                });
            }
            drop(process);
            last_error =
                std::fs::read_to_string(dir.path().join("prometheus.log")).unwrap_or_default();
        }
        panic!("prometheus did not become ready: {last_error}");
    }
}

/// Polls `/-/ready` for up to 60 s.
fn wait_until_ready(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.write_all(b"GET /-/ready HTTP/1.0\r\n\r\n");
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200") {
                return true;
            }
        }
        thread::sleep(Duration::from_millis(200));
    }
    false
}

/// One request as a loopback server saw it.
#[derive(Clone, Debug)]
struct Seen {
    head: String,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The `query` form field, decoded.
    fn query(&self) -> String {
        let field = self
            .body
            .split('&')
            .find_map(|pair| pair.strip_prefix("query="))
            .unwrap_or_default();
        decode_form(field)
    }
}

fn decode_form(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Reads one HTTP request (head and `Content-Length` body) from `stream`.
fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head += &line;
    }
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        head,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A loopback server run by `handle`, one thread per connection, recording every request.
struct Loopback {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Loopback {
    fn start(handle: impl Fn(usize, &Seen, &mut TcpStream) + Send + Sync + 'static) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let handle = Arc::new(handle);
        let recorded = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let (recorded, handle) = (Arc::clone(&recorded), Arc::clone(&handle));
                thread::spawn(move || {
                    while let Some(request) = read_request(&mut stream) {
                        let index = {
                            let mut list = recorded.lock().unwrap();
                            list.push(request.clone());
                            list.len() - 1
                        };
                        handle(index, &request, &mut stream);
                    }
                });
            }
        });
        Loopback { url, seen }
    }

    /// Answers each request with the next of `answers` (the last one repeats).
    fn scripted(answers: Vec<(u16, String)>) -> Loopback {
        Loopback::start(move |index, _, stream| {
            let (status, body) = &answers[index.min(answers.len() - 1)];
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.shutdown(Shutdown::Both);
        })
    }

    /// Passes each request on to `upstream` and its answer back.
    fn proxy(upstream: &str) -> Loopback {
        let upstream = upstream.trim_start_matches("http://").to_owned();
        Loopback::start(move |_, request, stream| {
            let mut server = TcpStream::connect(&upstream).expect("the upstream answers");
            let mut head = String::new();
            for line in request.head.lines() {
                if !line.to_ascii_lowercase().starts_with("connection:") {
                    head.push_str(line);
                    head.push_str("\r\n");
                }
            }
            let _ = write!(server, "{head}Connection: close\r\n\r\n{}", request.body);
            let mut answer = Vec::new();
            let _ = server.read_to_end(&mut answer);
            let _ = stream.write_all(&answer);
            let _ = stream.shutdown(Shutdown::Both);
        })
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A server that accepts connections and never answers.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    url
}

/// A URL where nothing listens.
fn closed_port() -> String {
    format!("http://127.0.0.1:{}", free_port())
}

/// Runs `slogate` in `dir` with `env` set and the credential variables otherwise cleared.
fn slogate(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut command = common::command(dir, args);
    for name in [
        "SLOGATE_PROMETHEUS_TOKEN",
        "SLOGATE_PROMETHEUS_USER",
        "SLOGATE_PROMETHEUS_PASSWORD",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("slogate runs");
    common::Run {
        code: output.status.code().expect("slogate exits"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `slogate sli` over the window with `config`, against `url`.
fn sli(dir: &Path, config: &str, url: &str, extra: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut args = vec![
        "sli",
        "--config",
        config,
        "--prometheus",
        url,
        "--start",
        START,
        "--end",
        END,
    ];
    args.extend_from_slice(extra);
    slogate(dir, &args, env)
}

const CARTS: [&str; 8] = [
    "--project",
    "sockshop",
    "--stage",
    "hardening",
    "--service",
    "carts",
    "--label",
    "version=1.4.2",
];

/// The values of get-sli data, by metric: `Ok(value)` or `Err(message)`.
fn values(data: &Value) -> Vec<(String, Result<f64, String>)> {
    data["getSLI"]["indicatorValues"]
        .as_array()
        .expect("indicatorValues")
        .iter()
        .map(|v| {
            let metric = v["metric"].as_str().unwrap().to_owned();
            let value = if v["success"] == true {
                Ok(v["value"].as_f64().unwrap())
            } else {
                Err(v["message"].as_str().unwrap_or_default().to_owned())
            };
            (metric, value)
        })
        .collect()
}

/// The two commands of the README's section for Keptn users, as arguments, with `url` for the
/// server's.
fn readme_commands(url: &str) -> [Vec<String>; 2] {
    let readme = std::fs::read_to_string(examples().join("../README.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Coming from Keptn"))
        .expect("the README has a section for Keptn users");
    let commands: Vec<Vec<String>> = section
        .lines()
        .filter_map(|line| line.strip_prefix("slogate "))
        .map(|line| {
            line.split_whitespace()
                .map(|arg| arg.replace("http://localhost:9090", url))
                .collect()
        })
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[0][0], "sli");
    assert_eq!(commands[1][0], "eval");
    [commands[0].clone(), commands[1].clone()]
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn single_query_config(dir: &Path, query: &str) -> PathBuf {
    let path = dir.join("sli.yaml");
    let text = format!(
        "spec_version: '1.0'\nindicators:\n  probe: {}\n",
        json_string(query)
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn the_bundled_example_retrieves_what_promql_gives_on_the_data() {
    let Some(prometheus) = Prometheus::start("the bundled example") else {
        return;
    };
    let proxy = Loopback::proxy(&prometheus.url);
    let [retrieve, evaluate] = readme_commands(&proxy.url);
    let root = examples().join("..");
    // Through a recording proxy, with a bearer token that Prometheus ignores.
    let token = "tok-51c0-never-shown";
    let run = slogate(
        &root,
        &strs(&retrieve),
        &[("SLOGATE_PROMETHEUS_TOKEN", token)],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let data = json(&run.stdout);
    let p = |q| histogram_quantile(q) * 1000.0;
    assert_eq!(
        values(&data),
        [
            (
                "throughput".into(),
                Ok(rate(OK_PER_STEP) + rate(ERRORS_PER_STEP))
            ),
            (
                "error_rate".into(),
                Ok(rate(ERRORS_PER_STEP) / (rate(OK_PER_STEP) + rate(ERRORS_PER_STEP)))
            ),
            ("response_time_p50".into(), Ok(p(0.5))),
            ("response_time_p95".into(), Ok(p(0.95))),
            ("response_time_p99".into(), Ok(p(0.99))),
            ("cpu_usage".into(), Ok(61.25)),
        ]
    );
    assert_eq!(data["result"], "pass");
    assert_eq!(data["status"], "succeeded");
    assert_eq!(data["getSLI"]["start"], START);
    assert_eq!(data["getSLI"]["end"], END);
    assert_eq!(data["labels"]["version"], "1.4.2");

    // The placeholders were replaced before the queries left, and each ran at the window's end.
    let seen = proxy.seen();
    let mut queries: Vec<String> = seen.iter().map(Seen::query).collect();
    queries.sort();
    assert_eq!(queries.len(), 6);
    assert_eq!(
        queries[0],
        "histogram_quantile(0.5, sum(rate(http_request_duration_seconds_bucket\
         {job='carts-sockshop-hardening'}[600s])) by (le)) * 1000"
    );
    assert_eq!(
        queries[3],
        "max_over_time(process_cpu_usage_percent{job='carts-sockshop-hardening',\
         deployment='primary',version='1.4.2'}[600s])"
    );
    assert!(queries.iter().all(|q| !q.contains('$')), "{queries:?}");
    assert!(seen
        .iter()
        .all(|s| s.head.starts_with("POST /api/v1/query ")));
    assert!(
        seen.iter()
            .all(|s| s.body.ends_with("&time=1714558200&timeout=30")),
        "{seen:?}"
    );
    let bearer = format!("Bearer {token}");
    assert!(
        seen.iter()
            .all(|s| s.header("authorization").as_ref() == Some(&bearer)),
        "{seen:?}"
    );
    assert!(!run.stdout.contains(token) && !run.stderr.contains(token));

    // The same in one step: retrieve and evaluate against the example SLO and history.
    let mut evaluate = evaluate;
    let table = evaluate.iter().position(|a| a == "table").unwrap();
    evaluate[table] = "json".into();
    let eval = slogate(&root, &strs(&evaluate), &[]);
    assert_eq!(eval.code, 0, "{}{}", eval.stdout, eval.stderr);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 12, "the SLO's six SLIs were queried again");
    assert!(
        seen[6..]
            .iter()
            .all(|s| s.header("authorization").is_none()),
        "no credential is sent where none is set"
    );
    let evaluation = json(&eval.stdout);
    assert_eq!(evaluation["result"], "pass");
    assert_eq!(evaluation["evaluation"]["score"], 100.0);
    let results = evaluation["evaluation"]["indicatorResults"]
        .as_array()
        .unwrap();
    let p95 = results
        .iter()
        .find(|r| r["value"]["metric"] == "response_time_p95")
        .unwrap();
    assert_eq!(p95["value"]["value"].as_f64(), Some(p(0.95)));
}

#[test]
fn failed_queries_give_the_servers_reason_and_exit_1() {
    let Some(prometheus) = Prometheus::start("failed queries") else {
        return;
    };
    let dir = workspace(&[]);
    let config = dir.path().join("sli.yaml");
    std::fs::write(
        &config,
        "spec_version: '1.0'\nindicators:\n\
         \x20 syntax: \"sum(rate(http_requests_total[5m]\"\n\
         \x20 empty: \"sum(http_requests_total{job='$SERVICE',code='404'})\"\n\
         \x20 several: \"http_requests_total{job='$SERVICE-$PROJECT-$STAGE'}\"\n\
         \x20 scalar: \"scalar(sum(http_requests_total{job='$SERVICE-$PROJECT-$STAGE'}))\"\n\
         \x20 good: \"count(http_requests_total{job='$SERVICE-$PROJECT-$STAGE'})\"\n",
    )
    .unwrap();
    let run = sli(dir.path(), "sli.yaml", &prometheus.url, &CARTS, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let data = json(&run.stdout);
    assert_eq!(
        values(&data),
        [
            (
                "syntax".into(),
                Err("unable to query prometheus api: bad_data: invalid parameter \"query\": \
                     1:33: parse error: unclosed left parenthesis"
                    .into())
            ),
            ("empty".into(), Err("query did not return any values".into())),
            (
                "several".into(),
                Err("query did return multiple values: 2 series, such as \
                     {__name__=\"http_requests_total\",code=\"200\",job=\"carts-sockshop-hardening\"} \
                     and {__name__=\"http_requests_total\",code=\"500\",job=\"carts-sockshop-hardening\"}; \
                     aggregate them (sum, avg, max...) into one"
                    .into())
            ),
            (
                "scalar".into(),
                Err("prometheus api response is not a Vector but a scalar: the query must give \
                     one series (wrap a scalar in vector())"
                    .into())
            ),
            ("good".into(), Ok(2.0)),
        ]
    );
    assert_eq!(data["result"], "warning");
}

#[test]
fn an_unreachable_server_fails_each_value_after_retries() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let run = sli(dir.path(), "sli.yaml", &closed_port(), &[], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let data = json(&run.stdout);
    assert_eq!(
        values(&data),
        [(
            "probe".into(),
            Err(
                "unable to query prometheus api: the connection was refused (after 3 attempts)"
                    .into()
            )
        )]
    );
    assert_eq!(data["result"], "fail");
    assert_eq!(data["message"], "unable to retrieve metrics");
}

#[test]
fn a_silent_server_hits_the_query_timeout_and_the_overall_timeout() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let url = silent_server();
    let run = sli(dir.path(), "sli.yaml", &url, &["--query-timeout", "1"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        values(&json(&run.stdout)),
        [(
            "probe".into(),
            Err("unable to query prometheus api: no answer within the query timeout of 1s".into())
        )]
    );
    let run = sli(dir.path(), "sli.yaml", &url, &["--timeout", "1"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        values(&json(&run.stdout)),
        [(
            "probe".into(),
            Err(
                "unable to query prometheus api: no answer before the overall timeout of 1s ran out"
                    .into()
            )
        )]
    );
}

fn success(value: &str) -> String {
    format!(
        r#"{{"status":"success","data":{{"resultType":"vector","result":[{{"metric":{{}},"value":[1714557600,"{value}"]}}]}}}}"#
    )
}

#[test]
fn a_5xx_answer_is_retried_and_a_4xx_answer_is_not() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let busy = r#"{"status":"error","errorType":"unavailable","error":"too many queries"}"#;
    let server = Loopback::scripted(vec![
        (503, busy.to_owned()),
        (502, "bad gateway".to_owned()),
        (200, success("0.25")),
    ]);
    let run = sli(dir.path(), "sli.yaml", &server.url, &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(values(&json(&run.stdout)), [("probe".into(), Ok(0.25))]);
    assert_eq!(server.seen().len(), 3);

    let refused = r#"{"status":"error","errorType":"bad_data","error":"invalid parameter"}"#;
    let server = Loopback::scripted(vec![(400, refused.to_owned()), (200, success("1"))]);
    let run = sli(dir.path(), "sli.yaml", &server.url, &[], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        values(&json(&run.stdout)),
        [(
            "probe".into(),
            Err("unable to query prometheus api: bad_data: invalid parameter".into())
        )]
    );
    assert_eq!(server.seen().len(), 1, "a 4xx answer is not retried");

    let server = Loopback::scripted(vec![(503, busy.to_owned())]);
    let run = sli(dir.path(), "sli.yaml", &server.url, &[], &[]);
    assert_eq!(
        values(&json(&run.stdout)),
        [(
            "probe".into(),
            Err(
                "unable to query prometheus api: unavailable: too many queries (after 3 attempts)"
                    .into()
            )
        )]
    );
}

#[test]
fn credentials_from_the_environment_are_sent_and_never_shown() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let token = "tok-7f3a9c1e-never-shown";
    let server = Loopback::scripted(vec![(200, success("3"))]);
    let run = sli(
        dir.path(),
        "sli.yaml",
        &server.url,
        &[],
        &[("SLOGATE_PROMETHEUS_TOKEN", token)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        server.seen()[0].header("authorization"),
        Some(format!("Bearer {token}"))
    );
    assert!(!run.stdout.contains(token) && !run.stderr.contains(token));

    // Basic auth; the server echoes the header in its refusal, which must not reach the output.
    let password = "pw-2b8e-never-shown";
    let encoded = "YW5uOnB3LTJiOGUtbmV2ZXItc2hvd24="; // base64("ann:pw-2b8e-never-shown")
    let echo = format!(
        r#"{{"status":"error","errorType":"unauthorized","error":"bad credentials: Basic {encoded} ({password})"}}"#
    );
    let server = Loopback::scripted(vec![(401, echo)]);
    let run = sli(
        dir.path(),
        "sli.yaml",
        &server.url,
        &[],
        &[
            ("SLOGATE_PROMETHEUS_USER", "ann"),
            ("SLOGATE_PROMETHEUS_PASSWORD", password),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        server.seen()[0].header("authorization"),
        Some(format!("Basic {encoded}"))
    );
    assert_eq!(
        values(&json(&run.stdout)),
        [(
            "probe".into(),
            Err(
                "unable to query prometheus api: unauthorized: bad credentials: Basic \
                 <redacted> (<redacted>)"
                    .into()
            )
        )]
    );
    for output in [&run.stdout, &run.stderr] {
        assert!(
            !output.contains(password) && !output.contains(encoded),
            "{output}"
        );
    }

    // Credentials in the URL are refused without being repeated, and so are half ones.
    let run = sli(
        dir.path(),
        "sli.yaml",
        "http://ann:pw-2b8e-never-shown@127.0.0.1:9",
        &[],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains(password), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error[invalid_argument]: the Prometheus URL must not hold credentials (user:password@host); set \
         SLOGATE_PROMETHEUS_TOKEN or SLOGATE_PROMETHEUS_USER and SLOGATE_PROMETHEUS_PASSWORD \
         instead\n"
    );
    let run = sli(
        dir.path(),
        "sli.yaml",
        &server.url,
        &[],
        &[("SLOGATE_PROMETHEUS_USER", "ann")],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error[invalid_argument]: SLOGATE_PROMETHEUS_USER is set without SLOGATE_PROMETHEUS_PASSWORD; set both \
         for basic auth\n"
    );
}

#[test]
fn bad_retrieval_input_is_refused_before_any_query() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let server = Loopback::scripted(vec![(200, success("1"))]);
    let refused = |args: &[&str]| {
        let run = slogate(dir.path(), args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        run.stderr
    };
    let base = ["sli", "--config", "sli.yaml", "--prometheus", &server.url];
    assert_eq!(
        refused(&[&base[..], &["--start", "10:00", "--end", END]].concat()),
        "error[invalid_argument]: invalid start time '10:00': the 'year' component could not be parsed; expected \
         RFC 3339, such as 2024-05-01T10:00:00Z\n"
    );
    assert_eq!(
        refused(&[&base[..], &["--start", END, "--end", START]].concat()),
        "error[invalid_argument]: the window ends (2024-05-01T10:00:00Z) before or when it starts \
         (2024-05-01T10:10:00Z); the end must come after the start\n"
    );
    assert_eq!(
        refused(&[&base[..], &["--end", END]].concat()),
        "error[invalid_argument]: retrieving SLIs needs the window's start: add --start TIME (RFC 3339)\n"
    );
    assert_eq!(
        refused(
            &[
                &base[..],
                &["--start", START, "--end", END, "--deployment", "primary"],
                &["--label", "deployment=canary"]
            ]
            .concat()
        ),
        "error[invalid_argument]: the deployment 'primary' disagrees with the label deployment=canary; Keptn \
         would use the label: give one of them, or the same value to both\n"
    );
    std::fs::write(
        dir.path().join("mixed.yaml"),
        "indicators:\n  p95: 'k6:http_req_duration.p95'\n",
    )
    .unwrap();
    assert_eq!(
        refused(&[
            "sli",
            "--config",
            "mixed.yaml",
            "--prometheus",
            &server.url,
            "--start",
            START,
            "--end",
            END
        ]),
        "error[invalid_argument]: the SLI 'p95' in mixed.yaml comes from a k6 report ('k6:http_req_duration.p95'), \
         which Prometheus cannot answer; give that report to `slogate eval` instead\n"
    );
    assert!(server.seen().is_empty(), "nothing was queried");

    // eval: every SLI the SLO scores needs a query, and retrieval options need prometheus:.
    let examples = examples();
    let eval = |sli: &str, extra: &[&str]| {
        let run = slogate(
            &examples,
            &[&["eval", "--slo", "slo.yaml", "--sli", sli][..], extra].concat(),
            &[],
        );
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        run.stderr
    };
    let partial = dir.path().join("sli.yaml");
    assert_eq!(
        eval(
            &format!("prometheus:{}", partial.display()),
            &["--prometheus", &server.url, "--start", START, "--end", END]
        ),
        format!(
            "error[invalid_argument]: {} has no query for the SLIs 'response_time_p50', 'response_time_p95', \
             'response_time_p99', 'error_rate', 'throughput', 'cpu_usage'; every SLI the SLO \
             scores needs one\n",
            partial.display()
        )
    );
    assert_eq!(
        eval("sli-good.json", &["--prometheus", &server.url]),
        "error[invalid_argument]: --prometheus is used only to retrieve SLI values: write --sli prometheus:sli.yaml\n"
    );
}

#[test]
fn at_most_four_queries_run_at_once() {
    let dir = workspace(&[]);
    let mut text = String::from("spec_version: '1.0'\nindicators:\n");
    for i in 0..10 {
        let _ = writeln!(text, "  sli_{i}: 'vector({i})'");
    }
    std::fs::write(dir.path().join("sli.yaml"), text).unwrap();
    // Each request is held until four are in flight (or, for the last ones, until a while
    // has passed), so a client that runs four at once is seen doing so, and a fifth would be.
    let state = Arc::new((
        std::sync::Mutex::new((0_usize, 0_usize)),
        std::sync::Condvar::new(),
    ));
    let shared = Arc::clone(&state);
    let server = Loopback::start(move |_, request, stream| {
        let (lock, changed) = &*shared;
        let mut counts = lock.lock().unwrap();
        counts.0 += 1;
        counts.1 = counts.1.max(counts.0);
        changed.notify_all();
        let (mut counts, _) = changed
            .wait_timeout_while(counts, Duration::from_secs(2), |c| c.0 < 4)
            .unwrap();
        counts.0 -= 1;
        drop(counts);
        let value = request
            .query()
            .trim_start_matches("vector(")
            .trim_end_matches(')')
            .to_owned();
        let body = success(&value);
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.shutdown(Shutdown::Both);
    });
    let run = sli(dir.path(), "sli.yaml", &server.url, &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: Vec<(String, Result<f64, String>)> = (0..10)
        .map(|i| (format!("sli_{i}"), Ok(f64::from(i))))
        .collect();
    assert_eq!(values(&json(&run.stdout)), expected, "in the file's order");
    assert_eq!(server.seen().len(), 10);
    assert_eq!(
        state.0.lock().unwrap().1,
        4,
        "the most queries in flight at once"
    );
}

#[test]
fn a_server_that_refuses_post_is_asked_with_get() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let server = Loopback::scripted(vec![(405, String::new()), (200, success("7"))]);
    let run = sli(dir.path(), "sli.yaml", &server.url, &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(values(&json(&run.stdout)), [("probe".into(), Ok(7.0))]);
    let seen = server.seen();
    assert!(seen[0].head.starts_with("POST /api/v1/query "), "{seen:?}");
    assert!(
        seen[1]
            .head
            .starts_with("GET /api/v1/query?query=up&time=1714558200&timeout=30 "),
        "{seen:?}"
    );
}

#[test]
fn a_slow_retrieval_reports_progress_on_standard_error() {
    let dir = workspace(&[]);
    single_query_config(dir.path(), "up");
    let run = sli(
        dir.path(),
        "sli.yaml",
        &silent_server(),
        &["--query-timeout", "4"],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("retrieving SLIs from Prometheus: 0 of 1 answered after "),
        "{}",
        run.stderr
    );
    assert_eq!(
        lines.last(),
        Some(&"retrieved 0 of 1 SLIs"),
        "{}",
        run.stderr
    );
}

#[test]
fn filters_come_from_the_option_or_the_slos_filter_block() {
    let dir = workspace(&[(
        "slo.yaml",
        "filter:\n  handler: \"'ItemsController'\"\nobjectives:\n  - sli: probe\n    \
         pass: [{criteria: ['<10']}]\ntotal_score: {pass: 90%}\n",
    )]);
    single_query_config(dir.path(), "max(up{handler='$handler',h='$HANDLER'})");
    let server = Loopback::scripted(vec![(200, success("1"))]);
    let run = sli(
        dir.path(),
        "sli.yaml",
        &server.url,
        &["--filter", "handler=CartsController"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = slogate(
        dir.path(),
        &[
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            "prometheus:sli.yaml",
            "--prometheus",
            &server.url,
            "--start",
            START,
            "--end",
            END,
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let queries: Vec<String> = server.seen().iter().map(Seen::query).collect();
    assert_eq!(
        queries,
        [
            "max(up{handler='CartsController',h='CartsController'})",
            "max(up{handler='ItemsController',h='ItemsController'})"
        ]
    );
}

#[test]
fn a_gate_without_values_fails() {
    let run = slogate(
        &examples(),
        &[
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            "prometheus:sli.yaml",
            "--prometheus",
            &closed_port(),
            "--start",
            START,
            "--end",
            END,
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let evaluation = json(&run.stdout);
    assert_eq!(evaluation["result"], "fail");
    let results = evaluation["evaluation"]["indicatorResults"]
        .as_array()
        .unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        assert_eq!(result["value"]["success"], false, "{result}");
        assert_eq!(
            result["value"]["message"],
            "unable to query prometheus api: the connection was refused (after 3 attempts)"
        );
    }
}
