//! What a notebook's first cell calls, so that a panic fails the cell.
//!
//! The evcxr kernel catches a panic in a cell, prints it with a backtrace through its own
//! internals and reports the cell as a success: Run All goes on past it, and a notebook runner
//! passes the notebook. After [`setup`], a panic prints one line that names it (and where it
//! happened, when that is in a crate rather than in the cell) and ends the kernel's worker
//! process with exit status 101, Rust's status for a panic. The kernel reports that as the
//! cell's error, so Run All stops there, and starts a fresh worker: the notebook's variables
//! are gone, and the message says so. Each notebook's first cell sets this up, so running the
//! cells from the top again sets it up again.
//!
//! ```
//! use nn_core::notebook::panic_report;
//! assert_eq!(
//!     panic_report("shapes (4, 3) and (2, 8) do not fit", Some(("src/lib.rs", 12))),
//!     "error: the cell panicked: shapes (4, 3) and (2, 8) do not fit\n\
//!      The kernel lost the notebook's variables: run the cells above again \
//!      (Run > Run All Above), then this one."
//! );
//! ```

/// Makes a panic fail the cell that caused it, with a one-line message instead of a backtrace.
pub fn setup() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(a panic without a message)");
        let location = info.location().map(|l| (l.file(), l.line()));
        eprintln!("{}", panic_report(message, location));
        std::process::exit(101);
    }));
}

/// The text a panic prints in a notebook. The cell itself is compiled as `src/lib.rs` of a
/// crate the kernel generates, whose line numbers are not the cell's: only a location in
/// another crate (a chapter, ndarray) is shown.
pub fn panic_report(message: &str, location: Option<(&str, u32)>) -> String {
    let at = match location {
        Some((file, line)) if file != "src/lib.rs" => format!("\n  at {file}:{line}"),
        _ => String::new(),
    };
    format!(
        "error: the cell panicked: {message}{at}\n\
         The kernel lost the notebook's variables: run the cells above again \
         (Run > Run All Above), then this one."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_crate_says_where() {
        let report = panic_report(
            "index out of bounds",
            Some(("chapters/ch03/src/mlp.rs", 40)),
        );
        assert!(report.starts_with("error: the cell panicked: index out of bounds\n"));
        assert!(report.contains("\n  at chapters/ch03/src/mlp.rs:40\n"));
        assert!(report.ends_with("then this one."));
    }

    #[test]
    fn a_panic_in_the_cell_names_no_generated_line() {
        let report = panic_report("boom", Some(("src/lib.rs", 99)));
        assert!(!report.contains("lib.rs"), "{report}");
        assert_eq!(report.lines().count(), 2);
    }
}
