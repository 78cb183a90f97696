//! A small decoder-only transformer, assembled from the pieces of this chapter and earlier
//! ones, each with its own backward pass:
//!
//! - the characters' embeddings: chapter 3's dense layer without bias on one-hot characters
//!   (a row of W per character), at every position (chapter 12's [`PerStep`]);
//! - the positions' embeddings ([`Positions`]): a learned vector per position, added;
//! - blocks ([`Block`]): x + attention(LN(x)), then x + MLP(LN(x)) — layer normalization
//!   before each part ("pre-norm", as GPT-2 does), each part's output *added* to its input
//!   (the residual path), the MLP chapter 3's dense–ReLU–dense at every position;
//! - a last layer normalization and a dense layer to one logit per character.
//!
//! The backward pass of a residual connection y = x + f(x) is ∂L/∂x = ∂L/∂y + f's backward
//! pass of ∂L/∂y: the gradient reaches x twice, once untouched. Chapter 10's rule for a value
//! used twice; chapter 8's depth problem, sidestepped.

use ch03_relu_xor::{Dense, Layer, Param, Relu, Sequential};
use ch08_initialization::init::{he, xavier};
use ch12_recurrent::corpus::{one_hot, Corpus};
use ch12_recurrent::language::pick;
use ch12_recurrent::recurrent::PerStep;
use ndarray::{s, Array1, Array2, Array3, Axis, Ix3};
use nn_core::rng::{seeded, ChaCha8Rng};

use crate::attention::MultiHead;
use crate::layer_norm::LayerNorm;

// ANCHOR: shape
/// The transformer's sizes and switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Characters in the vocabulary: inputs and outputs.
    pub vocabulary: usize,
    /// The width of every position's vector.
    pub width: usize,
    pub heads: usize,
    pub blocks: usize,
    /// The longest sequence: one learned position vector each.
    pub window: usize,
    /// Add the positions' embeddings (without them, attention cannot tell order).
    pub positions: bool,
    /// Add each part's output to its input (without: each block's output is the part's alone).
    pub residual: bool,
}

impl Shape {
    /// The book's language model: width 32, 4 heads of 8, 2 blocks, windows of 32 characters.
    pub fn language(vocabulary: usize) -> Shape {
        Shape {
            vocabulary,
            width: 32,
            heads: 4,
            blocks: 2,
            window: 32,
            positions: true,
            residual: true,
        }
    }
}
// ANCHOR_END: shape

// ANCHOR: positions
/// A learned vector for each position, added to the character's: (batch, T, width) in and
/// out, for T up to the table's rows.
#[derive(Clone, Debug)]
pub struct Positions {
    /// (window, width)
    pub table: Array2<f64>,
    pub grad: Array2<f64>,
}

impl Layer<Ix3> for Positions {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        let time = x.dim().1;
        x + &self.table.slice(s![..time, ..]) // the same vector for every sequence of the batch
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        self.infer(x)
    }

    /// ∂L/∂x = ∂L/∂y; a position's vector was added to every sequence, so its gradient is the
    /// sum over the batch.
    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        let time = grad_output.dim().1;
        self.grad.fill(0.0);
        self.grad
            .slice_mut(s![..time, ..])
            .assign(&grad_output.sum_axis(Axis(0)));
        grad_output.clone()
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        visit(Param::new("P", &mut self.table, &self.grad));
    }
}
// ANCHOR_END: positions

// ANCHOR: block
/// One transformer block: x + attention(LN(x)), then x + MLP(LN(x)).
#[derive(Clone, Debug)]
pub struct Block {
    pub norm1: PerStep<LayerNorm>,
    pub attention: MultiHead,
    pub norm2: PerStep<LayerNorm>,
    pub mlp: PerStep<Sequential>,
    /// With the residual path (false: y = attention(LN(x)), then MLP(LN(·)) of that).
    pub residual: bool,
}

impl Block {
    /// Width `width`, `heads` heads, an MLP of 4·width hidden units (He-initialized for its
    /// ReLU, Xavier back to the width).
    pub fn new(width: usize, heads: usize, residual: bool, rng: &mut ChaCha8Rng) -> Self {
        let attention = MultiHead::new(width, heads, rng);
        let hidden = 4 * width;
        let mlp = Sequential::new()
            .with(Dense::new(he(width, hidden, rng), Array1::zeros(hidden)))
            .with(Relu::default())
            .with(Dense::new(xavier(hidden, width, rng), Array1::zeros(width)));
        Block {
            norm1: PerStep {
                layer: LayerNorm::new(width),
            },
            attention,
            norm2: PerStep {
                layer: LayerNorm::new(width),
            },
            mlp: PerStep { layer: mlp },
            residual,
        }
    }

    /// x plus `part`'s output, or the output alone without the residual path.
    fn add(&self, x: &Array3<f64>, out: Array3<f64>) -> Array3<f64> {
        if self.residual {
            out + x
        } else {
            out
        }
    }

    /// The gradient that reaches a part's input: through the part, plus the untouched
    /// ∂L/∂y along the residual path.
    fn add_back(&self, grad_y: &Array3<f64>, through: Array3<f64>) -> Array3<f64> {
        if self.residual {
            through + grad_y
        } else {
            through
        }
    }
}

impl Layer<Ix3> for Block {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        let a = self.add(x, self.attention.infer(&self.norm1.infer(x)));
        self.add(&a, self.mlp.infer(&self.norm2.infer(&a)))
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let out = self.attention.forward(&self.norm1.forward(x));
        let a = self.add(x, out);
        let out = self.mlp.forward(&self.norm2.forward(&a));
        self.add(&a, out)
    }

    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        let through = self.norm2.backward(&self.mlp.backward(grad_output));
        let grad_a = self.add_back(grad_output, through);
        let through = self.norm1.backward(&self.attention.backward(&grad_a));
        self.add_back(&grad_a, through)
    }

    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.norm1.visit_parameters(visit);
        self.attention.visit_parameters(visit);
        self.norm2.visit_parameters(visit);
        self.mlp.visit_parameters(visit);
    }
}
// ANCHOR_END: block

/// One sequence of characters as one-hot vectors (1, T, vocabulary).
pub fn one_sequence(ids: &[usize], vocabulary: usize) -> Array3<f64> {
    one_hot(
        &Array2::from_shape_vec((1, ids.len()), ids.to_vec()).expect("one row"),
        vocabulary,
    )
}

// ANCHOR: transformer
/// The decoder-only transformer: one-hot characters (batch, T, vocabulary) -> logits for the
/// next character at every position (batch, T, vocabulary).
#[derive(Clone, Debug)]
pub struct Transformer {
    pub shape: Shape,
    pub embed: PerStep<Dense>,
    pub positions: Option<Positions>,
    pub blocks: Vec<Block>,
    pub norm: PerStep<LayerNorm>,
    pub head: PerStep<Dense>,
}

impl Transformer {
    /// Weights from `rng`: the characters' and the positions' vectors N(0, 1) (entries of the
    /// size a layer normalization gives), the blocks' as [`Block::new`], the head Xavier.
    pub fn new(shape: Shape, rng: &mut ChaCha8Rng) -> Self {
        let Shape {
            vocabulary: v,
            width: d,
            ..
        } = shape;
        let embed = PerStep {
            layer: Dense::without_bias(ch08_initialization::init::normal(v, d, 1.0, rng)),
        };
        let positions = shape.positions.then(|| Positions {
            table: ch08_initialization::init::normal(shape.window, d, 1.0, rng),
            grad: Array2::zeros((shape.window, d)),
        });
        let blocks = (0..shape.blocks)
            .map(|_| Block::new(d, shape.heads, shape.residual, rng))
            .collect();
        Transformer {
            shape,
            embed,
            positions,
            blocks,
            norm: PerStep {
                layer: LayerNorm::new(d),
            },
            head: PerStep {
                layer: Dense::new(xavier(d, v, rng), Array1::zeros(v)),
            },
        }
    }

    /// The input of the first block: the characters' vectors plus the positions'.
    fn embedded(&self, x: &Array3<f64>) -> Array3<f64> {
        let e = self.embed.infer(x);
        match &self.positions {
            Some(p) => p.infer(&e),
            None => e,
        }
    }

    /// Each block's input, then the last block's output, for one pass of inference.
    pub fn block_inputs(&self, x: &Array3<f64>) -> Vec<Array3<f64>> {
        let mut h = vec![self.embedded(x)];
        for block in &self.blocks {
            let next = block.infer(h.last().expect("the embeddings"));
            h.push(next);
        }
        h
    }

    /// Every head's weights in every block, for the characters `ids` (one sequence): one
    /// (T, T) matrix per block and head.
    pub fn attention_maps(&self, ids: &[usize]) -> Vec<Vec<Array2<f64>>> {
        let inputs = self.block_inputs(&one_sequence(ids, self.shape.vocabulary));
        self.blocks
            .iter()
            .zip(&inputs)
            .map(|(block, h)| block.attention.weights(&block.norm1.infer(h)))
            .collect()
    }

    /// `length` characters written after reading `prompt`, each drawn from the predicted
    /// probabilities at temperature `temperature`: the model reads the last `window`
    /// characters (or fewer, at the start) and predicts the next one, again and again.
    pub fn sample(
        &self,
        corpus: &Corpus,
        prompt: &[usize],
        length: usize,
        temperature: f64,
        seed: u64,
    ) -> String {
        let mut rng = seeded(seed);
        let mut text = prompt.to_vec();
        let mut written = Vec::with_capacity(length);
        for _ in 0..length {
            let context = &text[text.len().saturating_sub(self.shape.window)..];
            let logits = self.infer(&one_sequence(context, corpus.size()));
            let id = pick(logits.slice(s![0, -1, ..]), temperature, &mut rng);
            written.push(id);
            text.push(id);
        }
        corpus.decode(&written)
    }
}

impl Transformer {
    /// The backward pass, showing `watch(b, ∂L/∂x_b)` the gradient at each block's input,
    /// from the last block (b = blocks − 1) to the first (b = 0): where chapter 8 measured
    /// each layer's gradient.
    pub fn backward_watching(
        &mut self,
        grad_output: &Array3<f64>,
        watch: &mut dyn FnMut(usize, &Array3<f64>),
    ) -> Array3<f64> {
        let mut g = self.norm.backward(&self.head.backward(grad_output));
        for (b, block) in self.blocks.iter_mut().enumerate().rev() {
            g = block.backward(&g);
            watch(b, &g);
        }
        if let Some(p) = &mut self.positions {
            g = p.backward(&g);
        }
        self.embed.backward(&g)
    }
}

impl Layer<Ix3> for Transformer {
    fn infer(&self, x: &Array3<f64>) -> Array3<f64> {
        let h = self.block_inputs(x).pop().expect("at least the embeddings");
        self.head.infer(&self.norm.infer(&h))
    }

    fn forward(&mut self, x: &Array3<f64>) -> Array3<f64> {
        let mut h = self.embed.forward(x);
        if let Some(p) = &mut self.positions {
            h = p.forward(&h);
        }
        for block in &mut self.blocks {
            h = block.forward(&h);
        }
        self.head.forward(&self.norm.forward(&h))
    }

    fn backward(&mut self, grad_output: &Array3<f64>) -> Array3<f64> {
        self.backward_watching(grad_output, &mut |_, _| {})
    }

    /// The embeddings (characters', positions'), each block's, the last norm's, the head's.
    fn visit_parameters(&mut self, visit: &mut dyn FnMut(Param<'_>)) {
        self.embed.visit_parameters(visit);
        if let Some(p) = &mut self.positions {
            p.visit_parameters(visit);
        }
        for block in &mut self.blocks {
            block.visit_parameters(visit);
        }
        self.norm.visit_parameters(visit);
        self.head.visit_parameters(visit);
    }
}
// ANCHOR_END: transformer
