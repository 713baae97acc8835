//! Running the built `slogate` binary in a temporary directory.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository's `examples/` folder.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// The outcome of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: &Output) -> Run {
        Run {
            code: output
                .status
                .code()
                .expect("slogate was killed by a signal"),
            stdout: String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8"),
        }
    }
}

/// Builds a `slogate` command running in `dir`.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_slogate"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `slogate` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    Run::from(&command(dir, args).output().expect("slogate runs"))
}

/// Runs `slogate` in `dir` with `input` on standard input.
pub fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("slogate runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin accepts the input");
    Run::from(&child.wait_with_output().expect("slogate finishes"))
}

/// A temporary directory holding the given files.
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("the file is written");
    }
    dir
}

/// A minimal SLO with one relative and one fixed criterion, compared with the single newest
/// result.
pub const RELATIVE_SLO: &str = "\
objectives:
  - sli: p95
    pass:
      - criteria: ['<=+10%', '<600']
    warning:
      - criteria: ['<=800']
total_score:
  pass: '90%'
  warning: '50%'
";

/// The stored lines of a history file.
pub fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("the history file is readable")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// One stored line, decoded.
pub fn json(line: &str) -> serde_json::Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}
