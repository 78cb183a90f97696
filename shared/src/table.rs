//! Fixed-digit numbers and plain-text tables (shown as HTML tables in Jupyter).
//!
//! Reports are snapshot-tested and quoted in the book, so they must read the same on every
//! machine: numbers are printed with a fixed number of digits (the last digits of a float can
//! differ between platforms' `exp` and `ln`; rounding hides that), `-0.000` is printed as
//! `0.000`, and non-finite values are spelled `NaN`, `inf`, `-inf`.
//!
//! ```
//! use nn_core::table::{fixed, sci, Table};
//! assert_eq!(fixed(2.0 / 3.0, 3), "0.667");
//! assert_eq!(fixed(-1e-9, 3), "0.000");
//! assert_eq!(sci(12345.678, 2), "1.23e4");
//! let mut t = Table::new(["z", "σ(z)"]);
//! t.row([fixed(0.0, 1), fixed(0.5, 3)]);
//! assert_eq!(t.to_string(), "  z   σ(z)\n---  -----\n0.0  0.500\n");
//! ```

use std::fmt;

/// `x` with `digits` digits after the point; `-0.00…` becomes `0.00…`.
pub fn fixed(x: f64, digits: usize) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let s = format!("{x:.digits$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

/// `x` in scientific notation with `digits` digits after the point (`1.23e4`, `-5.00e-7`).
pub fn sci(x: f64, digits: usize) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x == 0.0 {
        return format!("{:.digits$}e0", 0.0);
    }
    format!("{x:.digits$e}")
}

/// `x` with `significant` significant digits, in fixed notation for moderate magnitudes
/// (1e-4 ≤ |x| < 1e6) and in scientific notation otherwise.
pub fn sig(x: f64, significant: usize) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let significant = significant.max(1);
    let magnitude = x.abs();
    if x == 0.0 {
        return fixed(0.0, significant - 1);
    }
    if !(1e-4..1e6).contains(&magnitude) {
        return sci(x, significant - 1);
    }
    // The exponent of the rounded value decides the digits after the point.
    let rounded: f64 = sci(x, significant - 1).parse().unwrap_or(x);
    let exponent = rounded.abs().log10().floor() as i32;
    let digits = (significant as i32 - 1 - exponent).max(0) as usize;
    fixed(x, digits)
}

/// "yes" or "no", for the reports' verdicts.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// "passed" or "FAILED", for the reports' gradient checks.
pub fn verdict(passed: bool) -> &'static str {
    if passed {
        "passed"
    } else {
        "FAILED"
    }
}

/// The median, smallest and largest of a measurement over several runs (seeds): what a
/// report prints as "median (min–max)".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of some numbers (NaN-free; NaN sorts above +∞).
    pub fn of(values: &[f64]) -> Spread {
        assert!(!values.is_empty(), "the spread of no numbers");
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Spread {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }
}

fn non_finite(x: f64) -> Option<String> {
    if x.is_nan() {
        Some("NaN".into())
    } else if x.is_infinite() {
        Some(if x > 0.0 { "inf" } else { "-inf" }.into())
    } else {
        None
    }
}

/// A plain-text table: a header row, a rule, and rows; numeric-looking cells are
/// right-aligned, text is left-aligned. It prints as text in the terminal and displays as an
/// HTML table in Jupyter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row. Panics if its length differs from the header's: that is a bug in the
    /// report's code, not something a user can cause.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        assert_eq!(
            cells.len(),
            self.header.len(),
            "table row {:?} has {} cells, the header has {}",
            cells,
            cells.len(),
            self.header.len()
        );
        self.rows.push(cells);
        self
    }

    /// The number of rows, not counting the header.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Shows the table in a Jupyter notebook (the evcxr kernel calls this): as an HTML table,
    /// with the plain text beside it for frontends and logs that show only text.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT text/plain\n{}\nEVCXR_END_CONTENT",
            self.to_string().trim_end()
        );
        println!(
            "EVCXR_BEGIN_CONTENT text/html\n{}\nEVCXR_END_CONTENT",
            self.html()
        );
    }

    /// The table as HTML: the same cells as [`Display`](fmt::Display) prints, numbers
    /// right-aligned, every cell escaped.
    ///
    /// ```
    /// let mut t = nn_core::table::Table::new(["x", "a < b"]);
    /// t.row(["1.5", "yes"]);
    /// assert_eq!(
    ///     t.html(),
    ///     "<table>\n<thead><tr><th style=\"text-align:right\">x</th><th>a &lt; b</th></tr></thead>\n\
    ///      <tbody>\n<tr><td style=\"text-align:right\">1.5</td><td>yes</td></tr>\n</tbody>\n</table>"
    /// );
    /// ```
    pub fn html(&self) -> String {
        let right = self.right_aligned();
        let cells = |tag: &str, cells: &[String]| -> String {
            let mut out = String::from("<tr>");
            for (cell, &right) in cells.iter().zip(&right) {
                let style = if right {
                    " style=\"text-align:right\""
                } else {
                    ""
                };
                out.push_str(&format!("<{tag}{style}>{}</{tag}>", escape_html(cell)));
            }
            out.push_str("</tr>");
            out
        };
        let mut html = format!(
            "<table>\n<thead>{}</thead>\n<tbody>\n",
            cells("th", &self.header)
        );
        for row in &self.rows {
            html.push_str(&cells("td", row));
            html.push('\n');
        }
        html.push_str("</tbody>\n</table>");
        html
    }

    /// A column is right-aligned when every body cell in it looks like a number.
    fn right_aligned(&self) -> Vec<bool> {
        (0..self.header.len())
            .map(|c| !self.rows.is_empty() && self.rows.iter().all(|r| looks_numeric(&r[c])))
            .collect()
    }
}

/// `&`, `<`, `>` and `"` as HTML entities, so that a cell's text shows as written.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A number, or "—", the mark of a value that does not exist (a run that was stopped).
fn looks_numeric(cell: &str) -> bool {
    let t = cell.trim_start_matches(['-', '+', '−']);
    t == "NaN" || t == "inf" || cell == "—" || t.parse::<f64>().is_ok()
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let right = self.right_aligned();
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            let mut out = String::new();
            for (c, cell) in cells.iter().enumerate() {
                if c > 0 {
                    out.push_str("  ");
                }
                let pad = " ".repeat(widths[c] - width(cell));
                if right[c] {
                    out.push_str(&pad);
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.push_str(&pad);
                }
            }
            writeln!(f, "{}", out.trim_end())
        };
        line(f, &self.header)?;
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        line(f, &rule)?;
        for row in &self.rows {
            line(f, row)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_and_never_prints_negative_zero() {
        assert_eq!(fixed(1.23456, 2), "1.23");
        assert_eq!(fixed(-1.23456, 2), "-1.23");
        assert_eq!(fixed(-0.0004, 3), "0.000");
        assert_eq!(fixed(-0.0, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 3), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 3), "-inf");
    }

    #[test]
    fn sci_and_sig() {
        assert_eq!(sci(0.0, 2), "0.00e0");
        assert_eq!(sci(-0.000123, 1), "-1.2e-4");
        assert_eq!(sig(0.5, 3), "0.500");
        assert_eq!(sig(36.7368005696771, 6), "36.7368");
        assert_eq!(sig(9.99996, 3), "10.0");
        assert_eq!(sig(1.0e-7, 3), "1.00e-7");
        assert_eq!(sig(709.78, 4), "709.8");
        assert_eq!(sig(f64::INFINITY, 4), "inf");
    }

    #[test]
    fn spread_of_odd_and_even_counts() {
        let s = |median, min, max| Spread { median, min, max };
        assert_eq!(Spread::of(&[3.0, 1.0, 2.0]), s(2.0, 1.0, 3.0));
        assert_eq!(Spread::of(&[4.0, 1.0, 2.0, 3.0]), s(2.5, 1.0, 4.0));
    }

    #[test]
    fn table_aligns_numbers_right_and_text_left() {
        let mut t = Table::new(["name", "value"]);
        t.row(["a", "1.5"]).row(["longer", "-10.25"]);
        let expected = "name     value\n------  ------\na          1.5\nlonger  -10.25\n";
        assert_eq!(t.to_string(), expected);
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn html_has_the_same_cells_escaped_and_aligned() {
        let mut t = Table::new(["name", "value"]);
        t.row(["<b>&", "-10.25"]).row(["σ", "—"]);
        let html = t.html();
        assert!(html.contains("<td>&lt;b&gt;&amp;</td><td style=\"text-align:right\">-10.25</td>"));
        assert!(html.contains("<td>σ</td><td style=\"text-align:right\">—</td>"));
        assert_eq!(html.matches("<tr>").count(), 3);
        // The text the kernel reads ends a content block at a line "EVCXR_END_CONTENT".
        assert!(!html.lines().any(|l| l.starts_with("EVCXR_")));
    }

    #[test]
    fn an_empty_table_is_a_header_in_html() {
        let html = Table::new(["a"]).html();
        assert_eq!(
            html,
            "<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n</tbody>\n</table>"
        );
    }

    #[test]
    #[should_panic(expected = "has 1 cells, the header has 2")]
    fn table_rejects_a_short_row() {
        Table::new(["a", "b"]).row(["only one"]);
    }
}
