//! The book's datasets, embedded at compile time, and a loader for your own CSV file.
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

fn embedded(name: &str, text: &str, feature_names: Option<Vec<String>>) -> Dataset {
    // The embedded files are tested below; failing here is a bug in the build, not user error.
    parse_csv(text, name, feature_names)
        .unwrap_or_else(|e| panic!("embedded dataset {name} is malformed: {e}"))
}

/// Loads a dataset from a CSV file in the format above (the `--data PATH` flag).
///
/// Every problem is an [`Error`] that names the file and, where there is one, the line and
/// the column: a missing file, an empty file, a ragged row, a cell that is not a number, a
/// label that is not a non-negative integer, a header that does not match the rows.
pub fn load_csv(path: impl AsRef<Path>) -> Result<Dataset> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        action: "read data file",
        path: path.to_path_buf(),
        source,
    })?;
    parse_csv(&text, &path.display().to_string(), None)
}

/// Parses CSV text in the format above; `source_name` is used in error messages.
pub fn parse_csv(
    text: &str,
    source_name: &str,
    feature_names: Option<Vec<String>>,
) -> Result<Dataset> {
    let src = || source_name.to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|source| Error::Csv {
            source_name: src(),
            source,
        })?;
        // Blank lines (a trailing newline, say) are not rows.
        if record.len() == 1 && record[0].is_empty() {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        records.push((line, record));
    }
    if records.is_empty() {
        return Err(Error::EmptyData { source_name: src() });
    }

    // A header is a first line with a cell that is not a number, or with fewer cells than
    // the rows below it (`n_samples,n_features` alone).
    let first = &records[0].1;
    let has_header = first.iter().any(|c| c.parse::<f64>().is_err())
        || records.get(1).is_some_and(|(_, r)| first.len() < r.len());
    let header = if has_header {
        Some(parse_header(&records.remove(0).1, source_name)?)
    } else {
        None
    };
    if records.is_empty() {
        return Err(Error::EmptyData { source_name: src() });
    }

    let width = records[0].1.len();
    if width < 2 {
        return Err(Error::RaggedRow {
            source_name: src(),
            line: records[0].0,
            expected: 2,
            found: width,
        });
    }
    let n_features = width - 1;
    let mut values = Vec::with_capacity(records.len() * n_features);
    let mut labels = Vec::with_capacity(records.len());
    for (line, record) in &records {
        if record.len() != width {
            return Err(Error::RaggedRow {
                source_name: src(),
                line: *line,
                expected: width,
                found: record.len(),
            });
        }
        for (column, cell) in record.iter().take(n_features).enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if v.is_finite() => values.push(v),
                _ => {
                    return Err(Error::NotANumber {
                        source_name: src(),
                        line: *line,
                        column: column + 1,
                        text: cell.to_string(),
                    })
                }
            }
        }
        labels.push(parse_label(&record[n_features], source_name, *line)?);
    }

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
                if let Some(i) = labels.iter().position(|&l| l >= names.len()) {
                    return Err(Error::BadLabel {
                        source_name: src(),
                        line: records[i].0,
                        text: labels[i].to_string(),
                        reason: format!(
                            "names no class: the header names {} classes (0 to {})",
                            names.len(),
                            names.len() - 1
                        ),
                    });
                }
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
                "'{}' is not a header of the form 'n_samples,n_features[,class names]'",
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
        let e = load_csv("/no/such/dir/data.csv").unwrap_err();
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
