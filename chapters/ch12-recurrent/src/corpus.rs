//! The text a character-level language model learns: the book's own prose
//! (`nn_core::data::book_text`), its characters numbered, split into training and validation.
//!
//! - **Vocabulary**: the text's distinct characters, sorted; a character's number is its place
//!   in that list. 49 characters: newline, space, `"%'(),-.`, the digits, `:;?` and a–z.
//! - **Split**: the text is one paragraph per line; every tenth paragraph (the 10th, 20th, …)
//!   is held out for validation, the rest is for training. Both keep their order.
//! - **Windows**: a model is trained on windows of `window + 1` consecutive characters of the
//!   training text: it reads the first `window` and predicts, at every position, the next one
//!   (the targets are the inputs shifted by one). Validation cuts the validation text into
//!   consecutive windows and scores every character of them once.
//!
//! Chapter 13 trains its transformer on the same corpus, with the same windows and the same
//! validation score, so that the two chapters' losses per character can be set side by side.
//!
//! ```
//! use ch12_recurrent::corpus::Corpus;
//! let corpus = Corpus::book();
//! assert_eq!(corpus.vocabulary.len(), 49);
//! let ids = corpus.encode("backprop").unwrap();
//! assert_eq!(corpus.decode(&ids), "backprop");
//! assert!(corpus.encode("Backprop").is_err()); // no capitals in the vocabulary
//! ```

use ndarray::{Array2, Array3};
use nn_core::rng::{ChaCha8Rng, Rng};
use nn_core::{Error, Result};

// ANCHOR: corpus
/// A text as numbered characters, split into training and validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Corpus {
    /// The distinct characters, sorted: character `i` is numbered `i`.
    pub vocabulary: Vec<char>,
    /// The training paragraphs, each ending with a newline, as character numbers.
    pub train: Vec<usize>,
    /// The validation paragraphs (every tenth), likewise.
    pub validation: Vec<usize>,
}

impl Corpus {
    /// The book's prose, as chapters 12 and 13 use it.
    pub fn book() -> Corpus {
        Corpus::new(nn_core::data::book_text())
    }

    /// Any text: its characters become the vocabulary; every tenth line is for validation.
    pub fn new(text: &str) -> Corpus {
        let mut vocabulary: Vec<char> = text.chars().collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let number = |c: char| vocabulary.binary_search(&c).expect("from the text");
        let (mut train, mut validation) = (Vec::new(), Vec::new());
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let part = if i % 10 == 9 {
                &mut validation
            } else {
                &mut train
            };
            part.extend(line.chars().map(number));
        }
        Corpus {
            vocabulary,
            train,
            validation,
        }
    }

    /// How many characters the vocabulary has.
    pub fn size(&self) -> usize {
        self.vocabulary.len()
    }

    /// −Σ p ln p over the training text's character frequencies, in nats per character: the
    /// loss of a model that knows only how often each character occurs.
    pub fn unigram_entropy(&self) -> f64 {
        let mut counts = vec![0.0; self.size()];
        for &i in &self.train {
            counts[i] += 1.0;
        }
        let n = self.train.len() as f64;
        counts
            .iter()
            .filter(|&&c| c > 0.0)
            .map(|&c| -(c / n) * (c / n).ln())
            .sum()
    }

    /// The characters' numbers, or an error naming the first character not in the vocabulary
    /// (as the setting `--prompt`: a program's text to start from).
    pub fn encode(&self, text: &str) -> Result<Vec<usize>> {
        text.chars()
            .map(|c| {
                self.vocabulary
                    .binary_search(&c)
                    .map_err(|_| Error::Config {
                        flag: "prompt",
                        reason: format!(
                            "{c:?} is not in the text's {} characters (lowercase letters, digits, \
                         space and .,;:?'\"()-%)",
                            self.size()
                        ),
                    })
            })
            .collect()
    }

    /// The text of some character numbers.
    pub fn decode(&self, ids: &[usize]) -> String {
        ids.iter().map(|&i| self.vocabulary[i]).collect()
    }

    /// `batch` windows of the training text at random places: the inputs (batch, window) and
    /// the targets (batch, window), each target the character after its input.
    pub fn batch(
        &self,
        batch: usize,
        window: usize,
        rng: &mut ChaCha8Rng,
    ) -> (Array2<usize>, Array2<usize>) {
        assert!(window < self.train.len(), "a window shorter than the text");
        let mut inputs = Array2::zeros((batch, window));
        let mut targets = Array2::zeros((batch, window));
        for i in 0..batch {
            let start = rng.random_range(0..self.train.len() - window);
            for t in 0..window {
                inputs[[i, t]] = self.train[start + t];
                targets[[i, t]] = self.train[start + t + 1];
            }
        }
        (inputs, targets)
    }

    /// The validation text cut into consecutive windows: inputs and targets (windows, window),
    /// every character but the first predicted once (the last, incomplete window is left out).
    pub fn validation_windows(&self, window: usize) -> (Array2<usize>, Array2<usize>) {
        let count = (self.validation.len() - 1) / window;
        let inputs =
            Array2::from_shape_fn((count, window), |(i, t)| self.validation[i * window + t]);
        let targets = Array2::from_shape_fn((count, window), |(i, t)| {
            self.validation[i * window + t + 1]
        });
        (inputs, targets)
    }
}
// ANCHOR_END: corpus

/// Character numbers as one-hot vectors: (batch, time) -> (batch, time, classes).
pub fn one_hot(ids: &Array2<usize>, classes: usize) -> Array3<f64> {
    let (batch, time) = ids.dim();
    let mut x = Array3::zeros((batch, time, classes));
    for ((i, t), &id) in ids.indexed_iter() {
        x[[i, t, id]] = 1.0;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use nn_core::rng::seeded;

    #[test]
    fn every_tenth_paragraph_is_held_out() {
        let corpus = Corpus::book();
        let text = nn_core::data::book_text();
        assert_eq!(
            corpus.train.len() + corpus.validation.len(),
            text.chars().count()
        );
        let held_out: String = text.split_inclusive('\n').skip(9).step_by(10).collect();
        assert_eq!(corpus.decode(&corpus.validation), held_out);
        let share = corpus.validation.len() as f64 / text.len() as f64;
        assert!((0.05..0.15).contains(&share), "{share}");
    }

    #[test]
    fn targets_are_the_next_characters() {
        let corpus = Corpus::book();
        let (x, y) = corpus.batch(4, 30, &mut seeded(1));
        for i in 0..4 {
            let (x, y) = (x.row(i).to_vec(), y.row(i).to_vec());
            assert_eq!(x[1..], y[..29]);
            let text = corpus.decode(&corpus.train);
            assert!(text.contains(&corpus.decode(&x)));
        }
        let (vx, vy) = corpus.validation_windows(30);
        assert_eq!(vx.row(1)[0], vy.row(0)[29]); // consecutive windows
        assert_eq!(vx.nrows(), (corpus.validation.len() - 1) / 30);
    }
}
