//! Any bytes as a data file: the loader must return a dataset or an error, never panic, and a
//! dataset it returns must be consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(d) = nn_core::data::parse_csv(text, "fuzz.csv", None) {
            assert_eq!(d.features.nrows(), d.labels.len());
            assert_eq!(d.features.ncols(), d.feature_names.len());
            assert!(d.labels.iter().all(|&l| l < d.class_names.len()));
            assert!(d.features.iter().all(|v| v.is_finite()));
        }
    }
});
