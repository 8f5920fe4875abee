//! The test harness shared by the modules that drive the binary:
//! [`TestDir`], a temporary folder with fixture files, and [`Rmatch`], a
//! fluent wrapper around `assert_cmd::Command` that states the arguments,
//! standard input, environment, expected exit code and expected output in
//! one place.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

/// A temporary folder holding one test's fixture files; rmatch runs inside it.
pub struct TestDir {
    dir: TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        let dir = tempfile::Builder::new()
            .prefix("rmatch-test-")
            .tempdir()
            .expect("create a temporary folder");
        TestDir { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// Writes a fixture file (creating folders as needed).
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &TestDir {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create fixture folder");
        }
        fs::write(&path, contents).expect("write fixture");
        self
    }

    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    pub fn exists(&self, name: &str) -> bool {
        self.join(name).exists()
    }

    /// The names of the files in the folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path())
            .expect("list the test folder")
            .map(|e| {
                e.expect("folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// A command running the rmatch binary in this folder.
    /// Runs a shell script in the folder, for what the test builder cannot
    /// set up (`ulimit`, closed or redirected standard streams); the
    /// script names the binary `"$RMATCH"`. Gives the exit code and
    /// standard error.
    pub fn sh(&self, script: &str) -> (Option<i32>, String) {
        let output = std::process::Command::new("sh")
            .args(["-c", script])
            .env("RMATCH", env!("CARGO_BIN_EXE_rmatch"))
            .current_dir(self.path())
            .output()
            .expect("run sh");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    pub fn rmatch(&self) -> Rmatch {
        Rmatch::new(self.path())
    }
}

/// What a finished run printed.
#[derive(Debug)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// The lines of stderr that start with `error:`.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect()
    }
}

/// A fluent description of one rmatch run and what it must produce.
pub struct Rmatch {
    cmd: Command,
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
    code: i32,
    stdout: Option<String>,
    stdout_has: Vec<String>,
    stdout_lacks: Vec<String>,
    stderr: Option<String>,
    stderr_has: Vec<String>,
    stderr_lacks: Vec<String>,
}

impl Rmatch {
    pub fn new(dir: &Path) -> Rmatch {
        let mut cmd = Command::cargo_bin("rmatch").expect("the rmatch binary is built");
        cmd.current_dir(dir).timeout(Duration::from_secs(60));
        Rmatch {
            cmd,
            args: Vec::new(),
            stdin: None,
            code: 0,
            stdout: None,
            stdout_has: Vec::new(),
            stdout_lacks: Vec::new(),
            stderr: None,
            stderr_has: Vec::new(),
            stderr_lacks: Vec::new(),
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Rmatch
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    pub fn arg(self, arg: impl AsRef<OsStr>) -> Rmatch {
        self.args([arg])
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Rmatch {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Rmatch {
        self.stdin = Some(input.into());
        self
    }

    /// The expected exit code (0 unless stated).
    pub fn code(mut self, code: i32) -> Rmatch {
        self.code = code;
        self
    }

    pub fn stdout(mut self, exact: impl Into<String>) -> Rmatch {
        self.stdout = Some(exact.into());
        self
    }

    pub fn stdout_has(mut self, part: impl Into<String>) -> Rmatch {
        self.stdout_has.push(part.into());
        self
    }

    pub fn stdout_lacks(mut self, part: impl Into<String>) -> Rmatch {
        self.stdout_lacks.push(part.into());
        self
    }

    pub fn stderr(mut self, exact: impl Into<String>) -> Rmatch {
        self.stderr = Some(exact.into());
        self
    }

    pub fn stderr_has(mut self, part: impl Into<String>) -> Rmatch {
        self.stderr_has.push(part.into());
        self
    }

    pub fn stderr_lacks(mut self, part: impl Into<String>) -> Rmatch {
        self.stderr_lacks.push(part.into());
        self
    }

    /// Runs the command, checks every expectation and returns the output.
    #[track_caller]
    pub fn run(mut self) -> Ran {
        self.cmd.args(&self.args);
        if let Some(input) = self.stdin.take() {
            self.cmd.write_stdin(input);
        }
        let output = self.cmd.output().expect("run rmatch");
        let ran = Ran {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let shown: Vec<String> = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let context = format!(
            "\n--- command: rmatch {}\n--- exit: {:?}\n--- stdout:\n{}\n--- stderr:\n{}\n---",
            shown.join(" "),
            output.status.code(),
            ran.stdout,
            ran.stderr
        );
        assert_eq!(
            output.status.code(),
            Some(self.code),
            "unexpected exit code{context}"
        );
        if let Some(exact) = &self.stdout {
            assert_eq!(&ran.stdout, exact, "stdout differs{context}");
        }
        for part in &self.stdout_has {
            assert!(
                ran.stdout.contains(part.as_str()),
                "stdout lacks {part:?}{context}"
            );
        }
        for part in &self.stdout_lacks {
            assert!(
                !ran.stdout.contains(part.as_str()),
                "stdout has {part:?}{context}"
            );
        }
        if let Some(exact) = &self.stderr {
            assert_eq!(&ran.stderr, exact, "stderr differs{context}");
        }
        for part in &self.stderr_has {
            assert!(
                ran.stderr.contains(part.as_str()),
                "stderr lacks {part:?}{context}"
            );
        }
        for part in &self.stderr_lacks {
            assert!(
                !ran.stderr.contains(part.as_str()),
                "stderr has {part:?}{context}"
            );
        }
        ran
    }
}

/// `text` as Excel's "Unicode Text" saves it: UTF-16 LE with a byte order
/// mark.
pub fn unicode_text(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    bytes
}

/// Lines joined as a file: each ends with `\n`.
pub fn lines(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The subcommands `rmatch --help` lists (clap's own `help` left out).
pub fn subcommands(t: &TestDir) -> Vec<String> {
    let help = t.rmatch().arg("--help").run().stdout;
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        // A command's line starts with two spaces; a wrapped description, with more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}
