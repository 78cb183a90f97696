//! The Rust version the README promises ("Rust 1.86 or newer") holds for the whole build.
//!
//! - Every crate of the workspace declares that version as its `rust-version`: cargo then
//!   refuses an older compiler in one clear sentence, the workspace's resolver (version 3)
//!   picks dependency versions that fit it when one is added or updated, and clippy's
//!   `incompatible_msrv` lint (in CI's `-D warnings`) refuses a standard-library item newer
//!   than it in our own code.
//! - No package in Cargo.lock, for any platform, needs a newer Rust (`cargo metadata` lists
//!   each package's `rust_version`). A dependency added later that needs more fails here, by
//!   name, with what to do about it.

use serde_json::Value;

/// A version as numbers: "1.86" and "1.86.0" are both (1, 86, 0), and 1.9 comes before 1.86.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    Some((major, minor, patch))
}

/// The version after "**Rust** " in the README's "What you need": "1.86".
fn promised(readme: &str) -> Option<&str> {
    let rest = &readme[readme.find("**Rust** ")? + "**Rust** ".len()..];
    let end = rest.find(" or newer")?;
    Some(&rest[..end])
}

/// One package of `cargo metadata`.
struct Package {
    name: String,
    version: String,
    rust_version: Option<String>,
    /// A crate of this workspace (else a dependency).
    member: bool,
}

fn packages(metadata: &Value) -> Vec<Package> {
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    metadata["packages"]
        .as_array()
        .expect("cargo metadata lists packages")
        .iter()
        .map(|p| Package {
            name: p["name"].as_str().unwrap_or_default().to_string(),
            version: p["version"].as_str().unwrap_or_default().to_string(),
            rust_version: p["rust_version"].as_str().map(String::from),
            member: members.contains(&p["id"].as_str().unwrap_or_default()),
        })
        .collect()
}

/// Everything that breaks the promise of Rust `promised`, one sentence each: a dependency that
/// needs a newer Rust, a crate of the workspace that does not declare the promised version.
fn problems(packages: &[Package], promised: &str) -> Vec<String> {
    let limit = version(promised).expect("the promised version is a version");
    let mut problems = Vec::new();
    for p in packages {
        let needs = p.rust_version.as_deref();
        if p.member {
            if needs != Some(promised) {
                problems.push(format!(
                    "the workspace's crate {} declares rust-version {}, not the {promised} that \
                     README.md promises: give its Cargo.toml `rust-version.workspace = true`",
                    p.name,
                    needs.unwrap_or("(none)")
                ));
            }
        } else if let Some(needs) = needs.filter(|n| version(n).is_some_and(|v| v > limit)) {
            problems.push(format!(
                "{} {} needs Rust {needs}, newer than the {promised} that README.md promises: \
                 lock a version that fits (`cargo update -p {}@{}` picks the newest that does, \
                 as the workspace uses resolver 3; or `--precise <version>`), or raise the \
                 promise in README.md and in Cargo.toml's workspace rust-version, both",
                p.name, p.version, p.name, p.version
            ));
        }
    }
    problems
}

#[test]
fn every_locked_package_fits_the_rust_the_readme_promises() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let promised = promised(&readme).expect("README.md says \"**Rust** <version> or newer\"");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    let packages = packages(&metadata);
    assert!(packages.iter().filter(|p| p.member).count() >= 13);
    let problems = problems(&packages, promised);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check itself, on packages made up for it: it must name a dependency that needs more.
#[test]
fn a_dependency_that_needs_a_newer_rust_is_named() {
    let package = |name: &str, rust_version: Option<&str>, member: bool| Package {
        name: name.into(),
        version: "1.0.0".into(),
        rust_version: rust_version.map(String::from),
        member,
    };
    let fine = [
        package("ch01-sigmoid-neuron", Some("1.86"), true),
        package("old-enough", Some("1.86.0"), false),
        package("older", Some("1.9"), false), // 1.9 < 1.86: compared as numbers, not text
        package("undeclared", None, false),
    ];
    assert_eq!(problems(&fine, "1.86"), Vec::<String>::new());

    let too_new = [package("dyn-clone", Some("1.91"), false)];
    let found = problems(&too_new, "1.86");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("dyn-clone 1.0.0 needs Rust 1.91, newer than the 1.86"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("cargo update -p dyn-clone@1.0.0"));

    let forgot = [package("ch14-candle", None, true)];
    assert!(problems(&forgot, "1.86")[0].contains("ch14-candle declares rust-version (none)"));
}

#[test]
fn the_promise_is_read_from_the_readme() {
    assert_eq!(
        promised("- **Rust** 1.86 or newer, from rustup"),
        Some("1.86")
    );
    assert_eq!(version("1.87.0"), Some((1, 87, 0)));
    assert!(version("1.9") < version("1.86"));
}
