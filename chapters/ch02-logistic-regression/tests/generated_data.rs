//! Chapter 2 on data it has never seen: many generated, well-formed files (50–500 rows, 2–8
//! features on scales from 0.001 to 1000, two overlapping classes) must train. The divergence
//! check must not take a converged run's rounding noise for a rising cost.

use ch02_logistic_regression::{run, Config};
use nn_core::rng::{rand_distr::StandardNormal, seeded, Rng};

/// A CSV file of `rows` samples of `features` features: class 1's mean is shifted by 0.5
/// standard deviations in every feature (the classes overlap), each feature has its own scale.
fn generated(seed: u64) -> String {
    let mut rng = seeded(seed);
    let rows = rng.random_range(50..=500);
    let features = rng.random_range(2..=8);
    let scales: Vec<f64> = (0..features)
        .map(|_| 10f64.powi(rng.random_range(-3..=3)))
        .collect();
    let mut text = String::new();
    for i in 0..rows {
        let label = i % 2;
        for scale in &scales {
            let z: f64 = rng.sample(StandardNormal);
            text.push_str(&format!("{},", (z + 0.5 * label as f64) * scale));
        }
        text.push_str(&format!("{label}\n"));
    }
    text
}

#[test]
fn generated_datasets_train_at_default_settings() {
    let dir = std::env::temp_dir().join(format!("ch02-generated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut refused = Vec::new();
    for seed in 0..30 {
        let path = dir.join(format!("data-{seed}.csv"));
        std::fs::write(&path, generated(seed)).unwrap();
        let result = run(&Config {
            data: Some(path),
            ..Config::default()
        });
        match result {
            Ok(report) => {
                let standardized = &report.standardization.standardized.outcome;
                assert!(standardized.is_ok(), "seed {seed}: {standardized:?}");
                let accuracy = report.predictions.accuracy;
                // Small test sets of overlapping classes: any accuracy, but a number.
                assert!(accuracy.is_finite(), "seed {seed}: {accuracy}");
                assert!(!report.to_string().contains("NaN times"), "seed {seed}");
            }
            Err(e) => refused.push(format!("seed {seed}: {e}")),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
}
