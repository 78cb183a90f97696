//! The book's datasets, embedded at compile time, and a loader for your own CSV file; and
//! one text, the prose of the book's own pages, for the character-level language models of
//! chapters 12 and 13 ([`book_text`]).
//!
//! The files live in `shared/data/` (credits in `shared/data/SOURCES.md`) and are compiled into
//! the program with `include_str!`, so every chapter runs from any folder.
//!
//! **The CSV format** (scikit-learn's): an optional header line
//! `n_samples,n_features[,class name, …]`, then one row per sample: `n_features` numbers and,
//! last, the label, a non-negative integer (0, 1, …). Without a header the classes are
//! named by their numbers.
//!
//! ```
//! let iris = nn_core::data::iris();
//! assert_eq!(iris.features.dim(), (150, 4));
//! assert_eq!(iris.class_names, ["setosa", "versicolor", "virginica"]);
//! assert_eq!(iris.class_counts(), [50, 50, 50]);
//! ```

use std::path::Path;

use ndarray::{Array1, Array2};

use crate::{Error, Result};

/// A labelled dataset: one row of `features` per sample, one label per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Where it came from: the dataset's name or the file's path.
    pub name: String,
    /// (samples, features)
    pub features: Array2<f64>,
    /// (samples,): class indices 0, 1, …, indexing `class_names`.
    pub labels: Array1<usize>,
    pub class_names: Vec<String>,
    pub feature_names: Vec<String>,
}

impl Dataset {
    /// The number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The samples at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Dataset {
        Dataset {
            name: self.name.clone(),
            features: self.features.select(ndarray::Axis(0), indices),
            labels: self.labels.select(ndarray::Axis(0), indices),
            class_names: self.class_names.clone(),
            feature_names: self.feature_names.clone(),
        }
    }

    /// A deterministic stratified split: from every class, `test_fraction` of its samples
    /// (rounded) go to the test set, chosen by a shuffle seeded with `seed`; the rest train.
    /// Both sets keep the original order of their samples. Returns (train, test).
    pub fn stratified_split(&self, test_fraction: f64, seed: u64) -> (Dataset, Dataset) {
        use crate::rng::SliceRandom;
        let mut rng = crate::rng::seeded(seed);
        let mut test = Vec::new();
        for class in 0..self.class_names.len() {
            let mut members: Vec<usize> = (0..self.len())
                .filter(|&i| self.labels[i] == class)
                .collect();
            members.shuffle(&mut rng);
            let n_test = (members.len() as f64 * test_fraction).round() as usize;
            test.extend_from_slice(&members[..n_test]);
        }
        test.sort_unstable();
        let train: Vec<usize> = (0..self.len())
            .filter(|i| test.binary_search(i).is_err())
            .collect();
        (self.select(&train), self.select(&test))
    }

    /// How many samples each class has.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.class_names.len()];
        for &l in &self.labels {
            counts[l] += 1;
        }
        counts
    }
}

const BREAST_CANCER_CSV: &str = include_str!("../data/breast_cancer.csv");
const DIGITS_CSV: &str = include_str!("../data/digits.csv");
const IRIS_CSV: &str = include_str!("../data/iris.csv");
const BOOK_TXT: &str = include_str!("../data/book.txt");

/// Breast Cancer Wisconsin (Diagnostic): 569 tumours × 30 measurements; 0 = malignant,
/// 1 = benign. Its features span ≈ 0.001 to ≈ 4254, which is what chapter 2 needs.
pub fn breast_cancer() -> Dataset {
    let mut names = Vec::with_capacity(30);
    for group in ["mean", "error", "worst"] {
        for f in [
            "radius",
            "texture",
            "perimeter",
            "area",
            "smoothness",
            "compactness",
            "concavity",
            "concave points",
            "symmetry",
            "fractal dimension",
        ] {
            names.push(if group == "error" {
                format!("{f} error")
            } else {
                format!("{group} {f}")
            });
        }
    }
    embedded("breast_cancer", BREAST_CANCER_CSV, Some(names))
}

/// Optical recognition of handwritten digits: 1797 images of 8×8 pixels (values 0–16, row by
/// row, feature `pixel_r_c`), labels 0–9.
pub fn digits() -> Dataset {
    let names = (0..64)
        .map(|i| format!("pixel_{}_{}", i / 8, i % 8))
        .collect();
    embedded("digits", DIGITS_CSV, Some(names))
}

/// Fisher's iris: 150 flowers × 4 measurements in cm; setosa, versicolor, virginica.
pub fn iris() -> Dataset {
    let names = ["sepal length", "sepal width", "petal length", "petal width"]
        .map(|n| format!("{n} (cm)"))
        .to_vec();
    embedded("iris", IRIS_CSV, Some(names))
}

/// The prose of chapters 1–10's pages, frozen on the day it was taken: code, math, tables
/// and markup removed, lowercased, one paragraph per line (`shared/data/book_text.py` wrote
/// it; `shared/data/SOURCES.md` says from which commit). 57 922 characters, 49 distinct:
/// a–z, 0–9, space, newline and `.,;:?'"()-%`.
///
/// ```
/// let text = nn_core::data::book_text();
/// assert!(text.starts_with("a neuron takes inputs, multiplies each by a weight"));
/// assert!(text.chars().all(|c| c.is_ascii_lowercase() || !c.is_alphabetic()));
/// ```
pub fn book_text() -> &'static str {
    BOOK_TXT
}

fn embedded(name: &str, text: &str, feature_names: Option<Vec<String>>) -> Dataset {
    // The embedded files are tested below; failing here is a bug in the build, not user error.
    parse_csv(text, name, feature_names)
        .unwrap_or_else(|e| panic!("embedded dataset {name} is malformed: {e}"))
}

/// The largest data file `--data` reads: 512 MiB (a dataset of about 50 million numbers;
/// loading keeps about one f64 per number, so memory stays near the file's own size).
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// The longest line a data file may have: 1 MiB.
pub const MAX_LINE_BYTES: u64 = 1 << 20;
/// Files larger than this show their loading progress on stderr.
const PROGRESS_BYTES: u64 = 32 << 20;

/// Loads a dataset from a CSV file in the format above (the `--data PATH` flag).
///
/// Every problem is an [`Error`] that names the file and, where there is one, the line and
/// the column: a missing file, an empty file, a ragged row, a cell that is not a number, a
/// label that is not a non-negative integer, a header that does not match the rows. Cells may
/// be separated by commas, semicolons or tabs (decimal commas are refused with a hint). A file
/// larger than [`MAX_FILE_BYTES`], a line longer than [`MAX_LINE_BYTES`] and a device that
/// never ends (`/dev/zero`) are refused: the file is read as a stream, row by row, never held
/// whole in memory. With `progress`, a file larger than 32 MiB shows how much of it has
/// been read on stderr (a program's `--quiet` turns it off).
pub fn load_csv(path: impl AsRef<Path>, progress: bool) -> Result<Dataset> {
    let path = path.as_ref();
    let io = |action, source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(|e| io("read data file", e))?;
    let meta = file.metadata().map_err(|e| io("read data file", e))?;
    if meta.is_dir() {
        return Err(io(
            "read data file",
            std::io::Error::other("it is a folder, not a file"),
        ));
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(io(
            "read data file",
            std::io::Error::other(format!(
                "it has {} MiB; --data reads files of at most {} MiB",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            )),
        ));
    }
    let total = (meta.is_file() && progress).then_some(meta.len());
    let name = path.display().to_string();
    let guarded = Guarded {
        inner: std::io::BufReader::with_capacity(1 << 16, file),
        name: name.clone(),
        read: 0,
        line: 0,
        total,
        shown: 0,
    };
    let sniffed = sniff(guarded).map_err(|e| io("read data file", e))?;
    parse_reader(sniffed, &name, None)
}

/// A reader that refuses more than [`MAX_FILE_BYTES`] in all or [`MAX_LINE_BYTES`] in one
/// line, and shows progress on stderr for large files.
struct Guarded<R> {
    inner: R,
    name: String,
    read: u64,
    line: u64,
    /// The file's size, if its reading progress is shown.
    total: Option<u64>,
    /// Tenths of the file reported so far.
    shown: u64,
}

impl<R: std::io::Read> std::io::Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_FILE_BYTES {
            return Err(std::io::Error::other(format!(
                "more than {} MiB read; --data reads files of at most {} MiB",
                MAX_FILE_BYTES >> 20,
                MAX_FILE_BYTES >> 20
            )));
        }
        for &b in &buf[..n] {
            self.line = if b == b'\n' { 0 } else { self.line + 1 };
            if self.line > MAX_LINE_BYTES {
                return Err(std::io::Error::other(format!(
                    "a line is longer than {} KiB (is this a CSV file?)",
                    MAX_LINE_BYTES >> 10
                )));
            }
        }
        if let Some(total) = self.total.filter(|&t| t > PROGRESS_BYTES) {
            let tenths = self.read * 10 / total;
            if tenths > self.shown {
                self.shown = tenths;
                crate::progress!(
                    "reading {}: {}% ({} of {} MiB)",
                    self.name,
                    tenths * 10,
                    self.read >> 20,
                    total >> 20
                );
            }
        }
        Ok(n)
    }
}

/// A reader with its first line read and put back in front.
type Rewound<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// The separator of a CSV text: a semicolon or a tab if its first line has one (a number never
/// does), else a comma. Returns the reader (its first line put back) and the separator.
fn sniff<R: std::io::Read>(reader: R) -> std::io::Result<(Rewound<R>, u8)> {
    use std::io::Read;
    let mut reader = reader;
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    while first.len() < MAX_LINE_BYTES as usize {
        if reader.read(&mut byte)? == 0 || byte[0] == b'\n' {
            if byte[0] == b'\n' {
                first.push(b'\n');
            }
            break;
        }
        first.push(byte[0]);
    }
    let separator = separator_of(&first);
    Ok((std::io::Cursor::new(first).chain(reader), separator))
}

fn separator_of(first_line: &[u8]) -> u8 {
    if first_line.contains(&b';') {
        b';'
    } else if first_line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    }
}

/// Parses CSV text in the format above; `source_name` is used in error messages.
pub fn parse_csv(
    text: &str,
    source_name: &str,
    feature_names: Option<Vec<String>>,
) -> Result<Dataset> {
    let first_line = text.lines().next().unwrap_or("");
    let separator = separator_of(first_line.as_bytes());
    parse_reader((text.as_bytes(), separator), source_name, feature_names)
}

/// Parses a CSV stream, `(reader, separator)`, row by row: memory holds the numbers, not the
/// text.
fn parse_reader<R: std::io::Read>(
    (input, separator): (R, u8),
    source_name: &str,
    feature_names: Option<Vec<String>>,
) -> Result<Dataset> {
    let src = || source_name.to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .trim(csv::Trim::All)
        .from_reader(input);
    let csv_error = |source| Error::Csv {
        source_name: src(),
        source,
    };
    // The rows that are not blank (a trailing newline, say), with their line numbers.
    let mut rows = reader.records().filter_map(|record| match record {
        Ok(r) if r.len() == 1 && r[0].is_empty() => None,
        Ok(r) => {
            let line = r.position().map_or(0, |p| p.line());
            Some(Ok((line, r)))
        }
        Err(e) => Some(Err(csv_error(e))),
    });
    let Some(first) = rows.next().transpose()? else {
        return Err(Error::EmptyData { source_name: src() });
    };
    let second = rows.next().transpose()?;

    // A header is a first line with a cell that is not a number, or with fewer cells than
    // the rows below it (`n_samples,n_features` alone).
    // (A number with a decimal comma is a row, refused below with a hint.)
    let has_header = first.1.iter().any(|c| parse_number(c) == Err(""))
        || second
            .as_ref()
            .is_some_and(|(_, r)| first.1.len() < r.len());
    let (header, pending): (_, Vec<_>) = if has_header {
        let header = parse_header(&first.1, source_name)?;
        (Some(header), second.into_iter().collect())
    } else {
        (None, std::iter::once(first).chain(second).collect())
    };
    let Some((first_line, first_row)) = pending.first() else {
        return Err(Error::EmptyData { source_name: src() });
    };
    let width = first_row.len();
    if width < 2 {
        return Err(Error::RaggedRow {
            source_name: src(),
            line: *first_line,
            expected: 2,
            found: width,
        });
    }
    let all_rows = pending.into_iter().map(Ok).chain(rows);
    let n_features = width - 1;
    let header_classes = header
        .as_ref()
        .map(|(_, _, names)| names.len())
        .unwrap_or(0);
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for row in all_rows {
        let (line, record) = row?;
        if record.len() != width {
            return Err(Error::RaggedRow {
                source_name: src(),
                line,
                expected: width,
                found: record.len(),
            });
        }
        for (column, cell) in record.iter().take(n_features).enumerate() {
            match parse_number(cell) {
                Ok(v) => values.push(v),
                Err(hint) => {
                    return Err(Error::NotANumber {
                        source_name: src(),
                        line,
                        column: column + 1,
                        text: crate::cli::shorten(cell),
                        hint: hint.to_string(),
                    })
                }
            }
        }
        let label = parse_label(&record[n_features], source_name, line)?;
        if header_classes > 0 && label >= header_classes {
            return Err(Error::BadLabel {
                source_name: src(),
                line,
                text: label.to_string(),
                reason: format!(
                    "names no class: the header names {header_classes} classes (0 to {})",
                    header_classes - 1
                ),
            });
        }
        labels.push(label);
    }
    values.shrink_to_fit();

    let max_label = labels.iter().copied().max().unwrap_or(0);
    let class_names = match header {
        Some((n_samples, n_header_features, names)) => {
            if n_header_features != n_features {
                return Err(Error::BadHeader {
                    source_name: src(),
                    reason: format!(
                        "the header says {n_header_features} features, the rows have {n_features}"
                    ),
                });
            }
            if n_samples != labels.len() {
                return Err(Error::BadHeader {
                    source_name: src(),
                    reason: format!(
                        "the header says {n_samples} samples, the file has {}",
                        labels.len()
                    ),
                });
            }
            if names.is_empty() {
                (0..=max_label).map(|c| c.to_string()).collect()
            } else {
                names
            }
        }
        None => (0..=max_label).map(|c| c.to_string()).collect(),
    };
    let feature_names = match feature_names {
        Some(names) if names.len() == n_features => names,
        _ => (0..n_features).map(|i| format!("feature_{i}")).collect(),
    };
    let features = Array2::from_shape_vec((labels.len(), n_features), values)
        .expect("one value per feature per row was pushed");
    Ok(Dataset {
        name: source_name.to_string(),
        features,
        labels: Array1::from(labels),
        class_names,
        feature_names,
    })
}

/// A feature cell as a finite number; on failure, a hint to follow the quoted text (the
/// error prints `'<text>'<hint> is not a finite number`).
fn parse_number(cell: &str) -> std::result::Result<f64, &'static str> {
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(""),
        Err(_) if cell.contains(',') && cell.replace(',', ".").parse::<f64>().is_ok() => {
            Err(" (a decimal comma: write numbers with a point, 1.5, and separate cells with commas, semicolons or tabs)")
        }
        Err(_) => Err(""),
    }
}

fn parse_header(
    record: &csv::StringRecord,
    source_name: &str,
) -> Result<(usize, usize, Vec<String>)> {
    let count = |i: usize| record.get(i).and_then(|c| c.parse::<usize>().ok());
    match (count(0), count(1)) {
        (Some(n_samples), Some(n_features)) => Ok((
            n_samples,
            n_features,
            record.iter().skip(2).map(str::to_string).collect(),
        )),
        _ => Err(Error::BadHeader {
            source_name: source_name.to_string(),
            reason: format!(
                "'{}' is not a header of the form 'n_samples,n_features[,class names]' \
                 (cells are separated by commas, semicolons or tabs; numbers use a decimal point)",
                record.iter().collect::<Vec<_>>().join(",")
            ),
        }),
    }
}

/// The most classes a data file may have: labels are 0 … 999. (Without a header the classes
/// are named by number up to the largest label; a label of 10¹³ would ask for 10¹³ names —
/// the fuzzer found that.)
pub const MAX_CLASSES: usize = 1000;

fn parse_label(cell: &str, source_name: &str, line: u64) -> Result<usize> {
    let bad = |reason: &str| Error::BadLabel {
        source_name: source_name.to_string(),
        line,
        text: cell.to_string(),
        reason: reason.to_string(),
    };
    // "1.0" is a fine label; "0.5", "-1" and "yes" are not.
    let label = match cell.parse::<usize>() {
        Ok(l) => l,
        Err(_) => match cell.parse::<f64>() {
            Ok(v) if v >= 0.0 && v.fract() == 0.0 && v.is_finite() => {
                v.min(usize::MAX as f64) as usize
            }
            Ok(_) => return Err(bad("is not a non-negative integer")),
            Err(_) => return Err(bad("is not a number; labels are class indices 0, 1, …")),
        },
    };
    if label >= MAX_CLASSES {
        return Err(bad(&format!(
            "is too large: labels are class indices 0 to {}",
            MAX_CLASSES - 1
        )));
    }
    Ok(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_and_tabs_separate_cells_and_decimal_commas_get_a_hint() {
        for text in [
            "1;2;0\n3;4;1\n",
            "1\t2\t0\n3\t4\t1\n",
            "2;2;a;b\n1;2;0\n3;4;1\n",
        ] {
            let d = parse_csv(text, "t.csv", None).unwrap();
            assert_eq!(d.features.dim(), (2, 2), "{text:?}");
        }
        let e = parse_csv("1,5;2;0\n3;4;1\n", "t.csv", None).unwrap_err();
        assert!(e.to_string().contains("a decimal comma"), "{e}");
    }

    #[test]
    fn overlong_lines_and_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("nn-core-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let long = dir.join("long.csv");
        std::fs::write(&long, "1".repeat(MAX_LINE_BYTES as usize + 10)).unwrap();
        let e = load_csv(&long, false).unwrap_err().to_string();
        assert!(e.contains("a line is longer than"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        if Path::new("/dev/zero").exists() {
            let e = load_csv("/dev/zero", false).unwrap_err().to_string();
            assert!(e.contains("a line is longer than"), "{e}");
        }
    }

    #[test]
    fn the_book_text_is_as_documented() {
        let text = book_text();
        assert_eq!(text.chars().count(), 57_922);
        let mut distinct: Vec<char> = text.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let expected: Vec<char> = "\n \"%'(),-.0123456789:;?abcdefghijklmnopqrstuvwxyz"
            .chars()
            .collect();
        assert_eq!(distinct, expected);
        assert!(text.ends_with('\n') && !text.contains("\n\n"));
    }

    #[test]
    fn embedded_datasets_have_the_documented_shapes_and_classes() {
        let bc = breast_cancer();
        assert_eq!(bc.features.dim(), (569, 30));
        assert_eq!(bc.class_names, ["malignant", "benign"]);
        assert_eq!(bc.class_counts(), [212, 357]); // SOURCES.md
        assert_eq!(bc.feature_names[3], "mean area");
        assert_eq!(bc.feature_names[10], "radius error");
        assert_eq!(bc.feature_names[29], "worst fractal dimension");
        assert_eq!(bc.features[[0, 0]], 17.99); // first row of the file

        let d = digits();
        assert_eq!(d.features.dim(), (1797, 64));
        assert_eq!(d.class_names.len(), 10);
        assert_eq!(d.features.iter().cloned().fold(0.0, f64::max), 16.0);
        assert_eq!(d.feature_names[9], "pixel_1_1");

        let i = iris();
        assert_eq!(i.len(), 150);
        assert_eq!(i.features.row(0).to_vec(), [5.1, 3.5, 1.4, 0.2]);
    }

    #[test]
    fn stratified_split_keeps_class_proportions_and_is_deterministic() {
        let bc = breast_cancer();
        let (train, test) = bc.stratified_split(0.2, 1);
        // 212 malignant, 357 benign: round(42.4) = 42 and round(71.4) = 71 go to the test set.
        assert_eq!(test.class_counts(), [42, 71]);
        assert_eq!(train.class_counts(), [170, 286]);
        let (_, again) = bc.stratified_split(0.2, 1);
        assert_eq!(test, again);
        let (_, other) = bc.stratified_split(0.2, 2);
        assert_ne!(test, other);
        // No sample is in both sets: every row of the data is in exactly one.
        assert_eq!(train.len() + test.len(), bc.len());
    }

    fn parse(text: &str) -> Result<Dataset> {
        parse_csv(text, "test.csv", None)
    }

    #[test]
    fn a_file_with_a_header_and_one_without() {
        let with = parse("2,2,no,yes\n1.5,2,0\n3,4e1,1\n").unwrap();
        assert_eq!(with.class_names, ["no", "yes"]);
        assert_eq!(with.features[[1, 1]], 40.0);
        assert_eq!(with.labels.to_vec(), [0, 1]);
        let without = parse("1,2,0\n3,4,2\n").unwrap();
        assert_eq!(without.class_names, ["0", "1", "2"]);
        assert_eq!(without.feature_names, ["feature_0", "feature_1"]);
        let counts_only = parse("2,3\n1,2,3,0\n4,5,6,1.0\n").unwrap();
        assert_eq!(counts_only.features.dim(), (2, 3));
        assert_eq!(counts_only.labels.to_vec(), [0, 1]);
    }

    #[test]
    fn missing_file() {
        let e = load_csv("/no/such/dir/data.csv", false).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e:?}");
        let msg = e.to_string();
        assert!(
            msg.contains("cannot read data file '/no/such/dir/data.csv'"),
            "{msg}"
        );
    }

    #[test]
    fn empty_file() {
        for text in ["", "\n\n", "2,2,a,b\n"] {
            let e = parse(text).unwrap_err();
            assert!(matches!(e, Error::EmptyData { .. }), "{text:?}: {e:?}");
        }
        assert_eq!(
            parse("").unwrap_err().to_string(),
            "test.csv: the file is empty (expected a header line and rows of numbers)"
        );
    }

    #[test]
    fn ragged_row_names_its_line() {
        let e = parse("2,2,a,b\n1,2,0\n3,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "test.csv, line 3: expected 3 cells (features and a label), found 2"
        );
    }

    #[test]
    fn non_numeric_cell_names_line_column_and_text() {
        let e = parse("2,2,a,b\n1,2,0\n3,abc,1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "test.csv, line 3, column 2: 'abc' is not a finite number"
        );
        let e = parse("1,2,0\nNaN,2,1\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::NotANumber {
                    line: 2,
                    column: 1,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn label_that_is_not_a_non_negative_integer() {
        for (label, reason) in [
            ("-1", "is not a non-negative integer"),
            ("0.5", "is not a non-negative integer"),
            ("yes", "is not a number"),
        ] {
            let e = parse(&format!("1,2,0\n3,4,{label}\n")).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.starts_with(&format!("test.csv, line 2: label '{label}' {reason}")),
                "{msg}"
            );
        }
        let e = parse("2,1,a,b\n1,0\n2,2\n").unwrap_err();
        assert!(e.to_string().contains("label '2' names no class"), "{e}");
        // Found by fuzzing: a huge label without a header asked for that many class names.
        let e = parse("2222220,4,22222222222220\n").unwrap_err();
        assert!(e.to_string().contains("is too large"), "{e}");
    }

    #[test]
    fn header_that_does_not_match_the_rows() {
        let e = parse("3,2,a,b\n1,2,0\n3,4,1\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("the header says 3 samples, the file has 2"),
            "{e}"
        );
        let e = parse("2,5,a,b\n1,2,0\n3,4,1\n").unwrap_err();
        assert!(e.to_string().contains("the header says 5 features"), "{e}");
        let e = parse("x,y,label\n1,2,0\n").unwrap_err();
        assert!(e.to_string().contains("is not a header of the form"), "{e}");
    }
}
