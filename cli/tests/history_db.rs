//! History in a database (`--history sqlite:PATH`, `--history postgres://...`): the same
//! verdicts as a history file, scoped by project, stage and service, concurrent writers losing
//! nothing, import and export, and a versioned schema.
//!
//! The PostgreSQL tests start a real server (`initdb` and `pg_ctl` from Debian's `postgresql`
//! package) on a loopback port in a temporary directory and stop it afterwards; they are run
//! by `scripts/test-history-db` with `--ignored`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{examples, json, run, workspace, Run};

/// Copies the example SLO and SLI files into a fresh directory.
fn example_workspace() -> tempfile::TempDir {
    let dir = workspace(&[]);
    for name in [
        "slo.yaml",
        "sli-good.json",
        "sli-slow.json",
        "history.jsonl",
    ] {
        fs::copy(examples().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn eval(dir: &Path, history: &str, sli: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "eval",
        "--slo",
        "slo.yaml",
        "--sli",
        sli,
        "--history",
        history,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn listed_ids(dir: &Path, history: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["history", "list", "--history", history, "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    json(&out.stdout)
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|e| e["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The whole life of a history kept in the database `history`, checked against the same
/// history kept in a file.
#[allow(clippy::too_many_lines)]
fn behaves_like_a_history_file(history: &str) {
    let dir = example_workspace();
    let dir = dir.path();
    let imported = run(
        dir,
        &["history", "import", "history.jsonl", "--history", history],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported.stdout.starts_with("imported 4 of 4"),
        "{}",
        imported.stdout
    );
    // Importing again adds nothing: the ids are already there.
    let again = run(
        dir,
        &["history", "import", "history.jsonl", "--history", history],
    );
    assert!(
        again.stdout.starts_with("imported 0 of 4"),
        "{}",
        again.stdout
    );

    // The same basis, the same verdict, the same output.
    for sli in ["sli-good.json", "sli-slow.json"] {
        let from_file = eval(dir, "history.jsonl", sli, &[]);
        let from_database = eval(dir, history, sli, &[]);
        assert_eq!(
            from_database.code, from_file.code,
            "{}",
            from_database.stderr
        );
        assert_eq!(from_database.stdout, from_file.stdout);
    }

    assert_eq!(
        eval(dir, history, "sli-good.json", &["--record", "--id", "b1"]).code,
        0
    );
    let slow = eval(dir, history, "sli-slow.json", &["--record", "--id", "b2"]);
    assert_eq!(slow.code, 1, "{}", slow.stderr);
    let taken = eval(dir, history, "sli-good.json", &["--record", "--id", "b1"]);
    assert_eq!(taken.code, 2);
    assert!(
        taken.stderr.contains("the id 'b1' is already used"),
        "{}",
        taken.stderr
    );
    assert_eq!(
        listed_ids(dir, history, &[]),
        [
            "build-101",
            "build-102",
            "build-103",
            "build-104",
            "b1",
            "b2"
        ]
    );

    // The failed b2 is not a basis (pass only); b1 is the newest that is.
    let compared = |dir: &Path| {
        json(&eval(dir, history, "sli-good.json", &[]).stdout)["evaluation"]["comparedEvents"]
            .clone()
    };
    assert_eq!(
        compared(dir),
        serde_json::json!(["b1", "build-104", "build-102"])
    );
    let invalidated = run(dir, &["history", "invalidate", "b1", "--history", history]);
    assert_eq!(invalidated.code, 0, "{}", invalidated.stderr);
    assert_eq!(
        compared(dir),
        serde_json::json!(["build-104", "build-102", "build-101"])
    );
    let shown = run(
        dir,
        &[
            "history",
            "show",
            "b1",
            "--history",
            history,
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&shown.stdout)["invalidated"], true);
    let unknown = run(dir, &["history", "show", "nope", "--history", history]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("holds no evaluation 'nope'"),
        "{}",
        unknown.stderr
    );

    // Export writes the stored form, oldest first; a file made from it holds the same history.
    let exported = run(dir, &["history", "export", "--history", history]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let lines: Vec<&str> = exported.stdout.lines().collect();
    assert_eq!(lines.len(), 6);
    // The stored form is written anew, so only the key order may differ from the file's.
    let original = common::lines(&dir.join("history.jsonl"));
    for (exported, original) in lines[..4].iter().zip(&original) {
        assert!(json(exported) == json(original), "{exported}");
    }
    fs::write(dir.join("exported.jsonl"), &exported.stdout).unwrap();
    assert_eq!(
        listed_ids(dir, "exported.jsonl", &[]),
        listed_ids(dir, history, &[])
    );

    // Another service's history is its own.
    assert!(listed_ids(dir, history, &["--service", "checkout"]).is_empty());
    let other = eval(
        dir,
        history,
        "sli-good.json",
        &["--record", "--id", "c1", "--service", "checkout"],
    );
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert_eq!(listed_ids(dir, history, &["--service", "checkout"]), ["c1"]);
    assert_eq!(listed_ids(dir, history, &[]).len(), 6);

    let compacted = run(
        dir,
        &["history", "compact", "--keep", "2", "--history", history],
    );
    assert_eq!(compacted.code, 0, "{}", compacted.stderr);
    assert!(
        compacted.stdout.starts_with("kept the newest 2 of 6"),
        "{}",
        compacted.stdout
    );
    assert_eq!(listed_ids(dir, history, &[]), ["b1", "b2"]);
    assert_eq!(listed_ids(dir, history, &["--service", "checkout"]), ["c1"]);
}

/// `writers` processes record at once, each without an id: every evaluation is stored, under
/// ids that differ.
fn concurrent_writers_lose_nothing(history: &str, writers: usize) {
    let dir = example_workspace();
    let dir = dir.path();
    let children: Vec<_> = (0..writers)
        .map(|_| {
            common::command(
                dir,
                &[
                    "eval",
                    "--slo",
                    "slo.yaml",
                    "--sli",
                    "sli-good.json",
                    "--history",
                    history,
                    "--record",
                    "--format",
                    "json",
                ],
            )
            .spawn()
            .expect("slogate runs")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut ids = listed_ids(dir, history, &[]);
    assert_eq!(ids.len(), writers);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), writers, "ids are unique");
}

#[test]
fn an_sqlite_history_behaves_like_a_history_file() {
    let dir = tempfile::tempdir().unwrap();
    let history = format!("sqlite:{}", dir.path().join("history.db").display());
    behaves_like_a_history_file(&history);
}

#[test]
fn a_pinned_baseline_is_found_in_a_database_as_in_a_file() {
    let dir = example_workspace();
    let dir = dir.path();
    let history = format!("sqlite:{}", dir.join("history.db").display());
    let imported = run(
        dir,
        &["history", "import", "history.jsonl", "--history", &history],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let slo = fs::read_to_string(dir.join("slo.yaml")).unwrap();
    for (pin, code) in [("build-102", 0), ("build-103", 2), ("build-9", 2)] {
        let pinned = format!("extensions: slogate/v1\n{slo}").replace(
            "  aggregate_function: avg\n",
            &format!("  aggregate_function: avg\n  pinned_baseline: {pin}\n"),
        );
        fs::write(dir.join("slo.yaml"), pinned).unwrap();
        let from_file = eval(dir, "history.jsonl", "sli-good.json", &[]);
        let from_database = eval(dir, &history, "sli-good.json", &[]);
        assert_eq!(from_file.code, code, "{pin}: {}", from_file.stderr);
        assert_eq!(from_database.code, code, "{pin}: {}", from_database.stderr);
        // A refusal names the history it read: the one store or the other.
        assert_eq!(
            from_database.stdout.replace(&history, "history.jsonl"),
            from_file.stdout
        );
        if code == 0 {
            let compared = &json(&from_database.stdout)["evaluation"]["comparedEvents"];
            assert_eq!(compared, &serde_json::json!([pin]));
        } else {
            assert!(
                from_database
                    .stderr
                    .contains("error[pinned_baseline_not_found]"),
                "{}",
                from_database.stderr
            );
        }
    }
    // build-103 is held, but invalidated: the database says so, as the file does.
    let pinned = fs::read_to_string(dir.join("slo.yaml"))
        .unwrap()
        .replace("build-9", "build-103");
    fs::write(dir.join("slo.yaml"), pinned).unwrap();
    let refused = eval(dir, &history, "sli-good.json", &[]);
    assert!(
        refused
            .stderr
            .contains("'build-103' named by comparison.pinned_baseline is invalidated"),
        "{}",
        refused.stderr
    );
}

#[test]
fn concurrent_sqlite_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let history = format!("sqlite:{}", dir.path().join("history.db").display());
    concurrent_writers_lose_nothing(&history, 8);
}

#[test]
fn a_schema_newer_than_slogate_is_refused() {
    let dir = example_workspace();
    let path = dir.path().join("history.db");
    let history = format!("sqlite:{}", path.display());
    assert_eq!(listed_ids(dir.path(), &history, &[]).len(), 0);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = connection
        .query_row(
            "SELECT MAX(version) FROM slogate_schema_migrations",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, 1);
    connection
        .execute("INSERT INTO slogate_schema_migrations VALUES (99, 0)", [])
        .unwrap();
    drop(connection);
    let out = eval(dir.path(), &history, "sli-good.json", &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("its schema is at version 99, newer than this slogate knows (1)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_history_file_takes_no_database_options() {
    let dir = example_workspace();
    let scoped = run(
        dir.path(),
        &[
            "history",
            "list",
            "--history",
            "history.jsonl",
            "--service",
            "x",
        ],
    );
    assert_eq!(scoped.code, 2);
    assert!(scoped
        .stderr
        .contains("--service selects evaluations in a history database"));
    let import = run(
        dir.path(),
        &[
            "history",
            "import",
            "history.jsonl",
            "--history",
            "other.jsonl",
        ],
    );
    assert_eq!(import.code, 2);
    assert!(import
        .stderr
        .contains("history import and export move stored evaluations"));
    assert!(!dir.path().join("other.jsonl").exists());
}

#[test]
fn a_password_is_never_printed() {
    let dir = example_workspace();
    // Nothing listens on port 9 of loopback: the connection is refused at once.
    let out = eval(
        dir.path(),
        "postgres://gate:s3cret-word@127.0.0.1:9/ci",
        "sli-good.json",
        &[],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("postgres://gate@127.0.0.1:9/ci"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
}

/// A PostgreSQL server on a loopback port, in a temporary directory, stopped when dropped.
struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_user: Option<&'static str>,
}

impl Postgres {
    fn start() -> Postgres {
        let bin = fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (Debian package postgresql; scripts/test-history-db installs it)")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|bin| bin.join("initdb").exists())
            .expect("initdb is installed");
        let dir = tempfile::tempdir().unwrap();
        // initdb refuses to run as root: run the server as the postgres user then.
        let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
        let as_user = root.then_some("postgres");
        if root {
            assert!(Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = Postgres {
            dir,
            bin,
            port,
            as_user,
        };
        let data = server.dir.path().join("data");
        server.tool(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "gate",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        );
        server.tool(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                server.dir.path().join("log").to_str().unwrap(),
                "-w",
                "-o",
                &format!(
                    "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=100",
                    server.port,
                    server.dir.path().display()
                ),
                "start",
            ],
        );
        server
    }

    /// A PostgreSQL program, run as the server's user.
    fn command(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        match self.as_user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        }
    }

    fn tool(&self, name: &str, args: &[&str]) {
        let output = self.command(name).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{name} {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn url(&self) -> String {
        format!("postgres://gate@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = self
            .command("pg_ctl")
            .args(["-D", data.to_str().unwrap(), "-m", "fast", "-w", "stop"])
            .output();
    }
}

#[test]
#[ignore = "starts a PostgreSQL server: run by scripts/test-history-db"]
fn a_postgres_history_behaves_like_a_history_file() {
    let server = Postgres::start();
    behaves_like_a_history_file(&server.url());
}

#[test]
#[ignore = "starts a PostgreSQL server: run by scripts/test-history-db"]
fn concurrent_postgres_writers_lose_nothing() {
    let server = Postgres::start();
    concurrent_writers_lose_nothing(&server.url(), 16);
    // A second group of writers on a database that already has its schema.
    let dir = example_workspace();
    let children: Vec<_> = (0..16)
        .map(|n| {
            common::command(
                dir.path(),
                &[
                    "eval",
                    "--slo",
                    "slo.yaml",
                    "--sli",
                    "sli-good.json",
                    "--history",
                    &server.url(),
                    "--service",
                    "second",
                    "--record",
                    "--id",
                    &format!("w{n}"),
                ],
            )
            .spawn()
            .unwrap()
        })
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    assert_eq!(
        listed_ids(dir.path(), &server.url(), &["--service", "second"]).len(),
        16
    );
}
