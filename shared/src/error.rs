//! The one error type of the project. Every message names what went wrong and where, so a
//! learner who passes a bad file or flag reads a sentence, not a panic.

use std::path::PathBuf;

/// Everything that can go wrong in a chapter's program.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("cannot {action} '{path}': {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The data file holds no rows.
    #[error("{source_name}: the file is empty (expected a header line and rows of numbers)")]
    EmptyData { source_name: String },
    /// A row has a different number of cells than the rows before it.
    #[error("{source_name}, line {line}: expected {expected} cells (features and a label), found {found}")]
    RaggedRow {
        source_name: String,
        line: u64,
        expected: usize,
        found: usize,
    },
    /// A feature cell is not a finite number.
    #[error("{source_name}, line {line}, column {column}: '{text}' is not a finite number{hint}")]
    NotANumber {
        source_name: String,
        line: u64,
        column: usize,
        text: String,
        /// What to do instead, when there is something to say (starts with a space), else "".
        hint: String,
    },
    /// The label (the last cell of a row) is not a non-negative integer, or names no class.
    #[error("{source_name}, line {line}: label '{text}' {reason}")]
    BadLabel {
        source_name: String,
        line: u64,
        text: String,
        reason: String,
    },
    /// The header line does not describe the rows below it.
    #[error("{source_name}, line 1: {reason}")]
    BadHeader { source_name: String, reason: String },
    /// The CSV reader itself failed (for example, the file is not UTF-8).
    #[error("{source_name}: {source}")]
    Csv {
        source_name: String,
        source: csv::Error,
    },
    /// A plot could not be drawn.
    #[error("cannot draw figure '{figure}': {reason}")]
    Plot { figure: String, reason: String },
    /// Training stopped because it went wrong (a chapter says why).
    #[error("training stopped at iteration {iteration}: {reason}")]
    Diverged { iteration: usize, reason: String },
    /// The engine of chapter 14 (candle) refused an operation: with the shapes the chapter
    /// builds, a bug, said in a sentence rather than a panic.
    #[error("candle refused an operation: {reason}")]
    Engine { reason: String },
    /// A configuration value is out of range (a bad flag).
    #[error("invalid setting --{flag}: {reason}")]
    Config { flag: &'static str, reason: String },
}

/// `Result` with the project's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
