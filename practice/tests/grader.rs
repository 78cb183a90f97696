//! The grader proved right, through the same checks the reader's run uses, never reading the
//! reader's files (src/exercises/): for every exercise, the reference answer (answers/) passes,
//! a stub is "not yet attempted", and each typical wrong answer (tests/wrong/) is rejected with
//! the hint meant for it.

#[path = "../answers/ch01.rs"]
mod answer_ch01;
#[path = "../answers/ch02.rs"]
mod answer_ch02;
#[path = "../answers/ch03.rs"]
mod answer_ch03;
#[path = "../answers/ch04.rs"]
mod answer_ch04;
#[path = "../answers/ch05.rs"]
mod answer_ch05;
#[path = "../answers/ch06.rs"]
mod answer_ch06;
#[path = "../answers/ch07.rs"]
mod answer_ch07;
#[path = "../answers/ch08.rs"]
mod answer_ch08;
#[path = "../answers/ch09.rs"]
mod answer_ch09;
#[path = "../answers/ch10.rs"]
mod answer_ch10;
#[path = "../answers/ch12.rs"]
mod answer_ch12;
mod wrong;

use practice::checks::{ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch12};
use practice::{Chapter, Hint, Outcome};

fn answers_ch01() -> ch01::Candidate {
    ch01::Candidate {
        sigmoid: answer_ch01::sigmoid,
        sigmoid_prime: answer_ch01::sigmoid_prime,
        weighted_sums: answer_ch01::weighted_sums,
    }
}

fn answers_ch02() -> ch02::Candidate {
    ch02::Candidate {
        cost: answer_ch02::cost,
        cost_gradient: answer_ch02::cost_gradient,
        standardize: answer_ch02::standardize,
    }
}

fn answers_ch03() -> ch03::Candidate {
    ch03::Candidate {
        dense_forward: answer_ch03::dense_forward,
        dense_backward: answer_ch03::dense_backward,
        relu_backward: answer_ch03::relu_backward,
    }
}

fn answers_ch04() -> ch04::Candidate {
    ch04::Candidate {
        leaky_relu: answer_ch04::leaky_relu,
        leaky_relu_backward: answer_ch04::leaky_relu_backward,
        dead_units: answer_ch04::dead_units,
    }
}

fn answers_ch05() -> ch05::Candidate {
    ch05::Candidate {
        softmax: answer_ch05::softmax,
        cross_entropy: answer_ch05::cross_entropy,
        cross_entropy_gradient: answer_ch05::cross_entropy_gradient,
        softmax_backward: answer_ch05::softmax_backward,
    }
}

fn answers_ch06() -> ch06::Candidate {
    ch06::Candidate {
        conv2d: answer_ch06::conv2d,
        conv2d_input_gradient: answer_ch06::conv2d_input_gradient,
        conv2d_kernel_gradient: answer_ch06::conv2d_kernel_gradient,
    }
}

fn answers_ch07() -> ch07::Candidate {
    ch07::Candidate {
        batch_norm_forward: answer_ch07::batch_norm_forward,
        batch_norm_backward: answer_ch07::batch_norm_backward,
        running_averages: answer_ch07::running_averages,
        batch_norm_inference: answer_ch07::batch_norm_inference,
    }
}

fn answers_ch08() -> ch08::Candidate {
    ch08::Candidate {
        xavier_std: answer_ch08::xavier_std,
        he_std: answer_ch08::he_std,
        relu_layer_variance: answer_ch08::relu_layer_variance,
    }
}

fn answers_ch09() -> ch09::Candidate {
    ch09::Candidate {
        momentum_step: answer_ch09::momentum_step,
        adam_step: answer_ch09::adam_step,
        adamw_step: answer_ch09::adamw_step,
    }
}

fn answers_ch10() -> ch10::Candidate {
    ch10::Candidate {
        op_backward: answer_ch10::op_backward,
        reverse_sweep: answer_ch10::reverse_sweep,
        softplus_vjp: answer_ch10::softplus_vjp,
    }
}

fn answers_ch12() -> ch12::Candidate {
    ch12::Candidate {
        rnn_step_backward: answer_ch12::rnn_step_backward,
        bptt: answer_ch12::bptt,
        clip_by_norm: answer_ch12::clip_by_norm,
    }
}

/// Every chapter's stubs, as the shipped files have them (`todo!` and `unimplemented!`).
fn stubs() -> Vec<Chapter> {
    vec![
        ch01::chapter(ch01::Candidate {
            sigmoid: |_| todo!("exercise 1.1"),
            sigmoid_prime: |_| unimplemented!(),
            weighted_sums: |_, _, _| todo!(),
        }),
        ch02::chapter(ch02::Candidate {
            cost: |_, _| todo!("exercise 2.1"),
            cost_gradient: |_, _, _| todo!(),
            standardize: |_, _| unimplemented!("exercise 2.3"),
        }),
        ch03::chapter(ch03::Candidate {
            dense_forward: |_, _, _| todo!(),
            dense_backward: |_, _, _| todo!("exercise 3.2"),
            relu_backward: |_, _| todo!(),
        }),
        ch04::chapter(ch04::Candidate {
            leaky_relu: |_, _| todo!(),
            leaky_relu_backward: |_, _, _| todo!(),
            dead_units: |_| todo!("exercise 4.3"),
        }),
        ch05::chapter(ch05::Candidate {
            softmax: |_| todo!("exercise 5.1"),
            cross_entropy: |_, _| todo!(),
            cross_entropy_gradient: |_, _| todo!(),
            softmax_backward: |_, _| todo!("exercise 5.4"),
        }),
        ch06::chapter(ch06::Candidate {
            conv2d: |_, _, _| todo!("exercise 6.1"),
            conv2d_input_gradient: |_, _, _| todo!(),
            conv2d_kernel_gradient: |_, _, _| unimplemented!(),
        }),
        ch07::chapter(ch07::Candidate {
            batch_norm_forward: |_, _, _| todo!(),
            batch_norm_backward: |_, _, _| todo!("exercise 7.2"),
            running_averages: |_, _| todo!(),
            batch_norm_inference: |_, _, _, _| todo!("exercise 7.4"),
        }),
        ch08::chapter(ch08::Candidate {
            xavier_std: |_, _| todo!("exercise 8.1"),
            he_std: |_, _| todo!(),
            relu_layer_variance: |_, _, _| todo!(),
        }),
        ch09::chapter(ch09::Candidate {
            momentum_step: |_, _, _, _, _| todo!(),
            adam_step: |_, _, _, _, _| todo!("exercise 9.2"),
            adamw_step: |_, _, _, _, _, _| todo!(),
        }),
        ch10::chapter(ch10::Candidate {
            op_backward: |_, _, _, _| todo!("exercise 10.1"),
            reverse_sweep: |_, _| todo!(),
            softplus_vjp: |_, _| unimplemented!(),
        }),
        ch12::chapter(ch12::Candidate {
            rnn_step_backward: |_, _, _, _, _, _| todo!("exercise 12.1"),
            bptt: |_, _, _, _, _| todo!(),
            clip_by_norm: |_, _| unimplemented!(),
        }),
    ]
}

/// Grades exercise `id` of `chapter`.
fn outcome(chapter: Chapter, id: &str) -> Outcome {
    let exercise = chapter
        .exercises
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no exercise {id}"));
    exercise.grade()
}

/// Every chapter bound to its reference answers.
fn answer_chapters() -> Vec<Chapter> {
    vec![
        ch01::chapter(answers_ch01()),
        ch02::chapter(answers_ch02()),
        ch03::chapter(answers_ch03()),
        ch04::chapter(answers_ch04()),
        ch05::chapter(answers_ch05()),
        ch06::chapter(answers_ch06()),
        ch07::chapter(answers_ch07()),
        ch08::chapter(answers_ch08()),
        ch09::chapter(answers_ch09()),
        ch10::chapter(answers_ch10()),
        ch12::chapter(answers_ch12()),
    ]
}

#[test]
fn every_reference_answer_passes() {
    let chapters = answer_chapters();
    // Binding the reader's functions runs none of them.
    assert_eq!(
        chapters.len(),
        practice::chapters().len(),
        "a chapter without answers"
    );
    for chapter in &chapters {
        assert!(chapter.exercises.len() >= 3, "chapter {}", chapter.number);
        for e in &chapter.exercises {
            assert_eq!(e.grade(), Outcome::Passed, "exercise {}", e.id);
        }
    }
}

#[test]
fn every_stub_is_not_yet_attempted() {
    assert_eq!(
        stubs().len(),
        practice::chapters().len(),
        "a chapter without stubs"
    );
    for chapter in stubs() {
        for e in &chapter.exercises {
            assert_eq!(e.grade(), Outcome::NotAttempted, "exercise {}", e.id);
        }
    }
}

/// A typical wrong answer: which exercise, the candidate with it, and the hint it must get.
struct WrongAnswer {
    id: &'static str,
    name: &'static str,
    chapter: Chapter,
    hint: Hint,
}

fn wrong_answers() -> Vec<WrongAnswer> {
    use wrong::{
        ch01 as w1, ch02 as w2, ch03 as w3, ch04 as w4, ch05 as w5, ch06 as w6, ch07 as w7,
        ch08 as w8, ch09 as w9,
    };
    let one = |c: ch01::Candidate| ch01::chapter(c);
    let two = |c: ch02::Candidate| ch02::chapter(c);
    let three = |c: ch03::Candidate| ch03::chapter(c);
    let four = |c: ch04::Candidate| ch04::chapter(c);
    let five = |c: ch05::Candidate| ch05::chapter(c);
    let six = |c: ch06::Candidate| ch06::chapter(c);
    let seven = |c: ch07::Candidate| ch07::chapter(c);
    let eight = |c: ch08::Candidate| ch08::chapter(c);
    let nine = |c: ch09::Candidate| ch09::chapter(c);
    let (a1, a2, a3, a4, a5, a6, a7, a8, a9) = (
        answers_ch01(),
        answers_ch02(),
        answers_ch03(),
        answers_ch04(),
        answers_ch05(),
        answers_ch06(),
        answers_ch07(),
        answers_ch08(),
        answers_ch09(),
    );
    let any_gradient_check = Hint::FailsGradientCheck {
        worst: String::new(),
    };
    vec![
        WrongAnswer {
            id: "1.1",
            name: "naive eᶻ/(eᶻ + 1)",
            chapter: one(ch01::Candidate {
                sigmoid: w1::sigmoid_naive,
                ..a1
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "1.2",
            name: "σ(σ − 1)",
            chapter: one(ch01::Candidate {
                sigmoid_prime: w1::sigmoid_prime_wrong_sign,
                ..a1
            }),
            hint: Hint::WrongSign,
        },
        WrongAnswer {
            id: "1.2",
            name: "naive e⁻ᶻ/(1 + e⁻ᶻ)²",
            chapter: one(ch01::Candidate {
                sigmoid_prime: w1::sigmoid_prime_naive,
                ..a1
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "1.2",
            name: "z(1 − z)",
            chapter: one(ch01::Candidate {
                sigmoid_prime: w1::sigmoid_prime_of_z,
                ..a1
            }),
            hint: any_gradient_check.clone(),
        },
        WrongAnswer {
            id: "1.3",
            name: "x·w without b",
            chapter: one(ch01::Candidate {
                weighted_sums: w1::weighted_sums_without_bias,
                ..a1
            }),
            hint: Hint::MissingBias,
        },
        WrongAnswer {
            id: "2.1",
            name: "naive log σ",
            chapter: two(ch02::Candidate {
                cost: w2::cost_naive,
                ..a2
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "2.1",
            name: "sum, no 1/n",
            chapter: two(ch02::Candidate {
                cost: w2::cost_sum,
                ..a2
            }),
            hint: Hint::MissingOneOverN { n: 8 },
        },
        WrongAnswer {
            id: "2.2",
            name: "no 1/m",
            chapter: two(ch02::Candidate {
                cost_gradient: w2::gradient_without_mean,
                ..a2
            }),
            hint: Hint::MissingOneOverN { n: 6 },
        },
        WrongAnswer {
            id: "2.2",
            name: "y − h",
            chapter: two(ch02::Candidate {
                cost_gradient: w2::gradient_wrong_sign,
                ..a2
            }),
            hint: Hint::WrongSign,
        },
        WrongAnswer {
            id: "2.2",
            name: "z − y instead of σ(z) − y",
            chapter: two(ch02::Candidate {
                cost_gradient: w2::gradient_of_logits,
                ..a2
            }),
            hint: any_gradient_check.clone(),
        },
        WrongAnswer {
            id: "2.3",
            name: "0/0 on the constant column",
            chapter: two(ch02::Candidate {
                standardize: w2::standardize_dividing_by_zero,
                ..a2
            }),
            hint: Hint::ConstantColumn,
        },
        WrongAnswer {
            id: "2.3",
            name: "fitted on the test set",
            chapter: two(ch02::Candidate {
                standardize: w2::standardize_on_test,
                ..a2
            }),
            hint: Hint::FittedOnTheWrongData,
        },
        WrongAnswer {
            id: "2.3",
            name: "statistics of the rows",
            chapter: two(ch02::Candidate {
                standardize: w2::standardize_by_rows,
                ..a2
            }),
            hint: Hint::WrongAxis,
        },
        WrongAnswer {
            id: "3.1",
            name: "X·W without b",
            chapter: three(ch03::Candidate {
                dense_forward: w3::dense_forward_without_bias,
                ..a3
            }),
            hint: Hint::MissingBias,
        },
        WrongAnswer {
            id: "3.2",
            name: "∂L/∂W = Gᵀ·X",
            chapter: three(ch03::Candidate {
                dense_backward: w3::dense_backward_transposed,
                ..a3
            }),
            hint: Hint::Transposed,
        },
        WrongAnswer {
            id: "3.2",
            name: "∂L/∂W divided by the batch again",
            chapter: three(ch03::Candidate {
                dense_backward: w3::dense_backward_extra_mean,
                ..a3
            }),
            hint: Hint::ExtraOneOverN { n: 5 },
        },
        WrongAnswer {
            id: "3.2",
            name: "∂L/∂b over Axis(1)",
            chapter: three(ch03::Candidate {
                dense_backward: w3::dense_backward_bias_wrong_axis,
                ..a3
            }),
            hint: Hint::WrongAxis,
        },
        WrongAnswer {
            id: "3.2",
            name: "∂L/∂X = G·W",
            chapter: three(ch03::Candidate {
                dense_backward: w3::dense_backward_no_transpose,
                ..a3
            }),
            hint: Hint::Panicked,
        },
        WrongAnswer {
            id: "3.3",
            name: "mask x ≥ 0",
            chapter: three(ch03::Candidate {
                relu_backward: w3::relu_backward_one_at_zero,
                ..a3
            }),
            hint: Hint::OnlyAtKink {
                convention: ch03::RELU_AT_ZERO,
            },
        },
        WrongAnswer {
            id: "3.3",
            name: "ReLU′(x) without G",
            chapter: three(ch03::Candidate {
                relu_backward: w3::relu_backward_local_only,
                ..a3
            }),
            hint: Hint::UpstreamIgnored,
        },
        WrongAnswer {
            id: "4.1",
            name: "plain ReLU",
            chapter: four(ch04::Candidate {
                leaky_relu: w4::leaky_relu_without_slope,
                ..a4
            }),
            hint: Hint::SlopeIgnored,
        },
        WrongAnswer {
            id: "4.2",
            name: "f′(0) = 1",
            chapter: four(ch04::Candidate {
                leaky_relu_backward: w4::leaky_relu_backward_one_at_zero,
                ..a4
            }),
            hint: Hint::OnlyAtKink {
                convention: ch04::LEAKY_AT_ZERO,
            },
        },
        WrongAnswer {
            id: "4.2",
            name: "f′(x) without G",
            chapter: four(ch04::Candidate {
                leaky_relu_backward: w4::leaky_relu_backward_local_only,
                ..a4
            }),
            hint: Hint::UpstreamIgnored,
        },
        WrongAnswer {
            id: "4.3",
            name: "< 0 instead of ≤ 0",
            chapter: four(ch04::Candidate {
                dead_units: w4::dead_units_strict,
                ..a4
            }),
            hint: Hint::OnlyAtKink {
                convention: ch04::DEAD_AT_ZERO,
            },
        },
        WrongAnswer {
            id: "4.3",
            name: "over the rows",
            chapter: four(ch04::Candidate {
                dead_units: w4::dead_units_by_rows,
                ..a4
            }),
            hint: Hint::WrongAxis,
        },
        WrongAnswer {
            id: "5.1",
            name: "naive eᶻ / Σ eᶻ",
            chapter: five(ch05::Candidate {
                softmax: w5::softmax_naive,
                ..a5
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "5.1",
            name: "normalised over the batch",
            chapter: five(ch05::Candidate {
                softmax: w5::softmax_over_columns,
                ..a5
            }),
            hint: Hint::WrongAxis,
        },
        WrongAnswer {
            id: "5.2",
            name: "sum, no 1/n",
            chapter: five(ch05::Candidate {
                cross_entropy: w5::cross_entropy_sum,
                ..a5
            }),
            hint: Hint::MissingOneOverN { n: 5 },
        },
        WrongAnswer {
            id: "5.2",
            name: "−log softmax",
            chapter: five(ch05::Candidate {
                cross_entropy: w5::cross_entropy_of_probabilities,
                ..a5
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "5.3",
            name: "no 1/n",
            chapter: five(ch05::Candidate {
                cross_entropy_gradient: w5::gradient_without_mean,
                ..a5
            }),
            hint: Hint::MissingOneOverN { n: 5 },
        },
        WrongAnswer {
            id: "5.3",
            name: "Y − P",
            chapter: five(ch05::Candidate {
                cross_entropy_gradient: w5::gradient_wrong_sign,
                ..a5
            }),
            hint: Hint::WrongSign,
        },
        WrongAnswer {
            id: "5.3",
            name: "from the naive softmax",
            chapter: five(ch05::Candidate {
                cross_entropy_gradient: w5::gradient_naive,
                ..a5
            }),
            hint: Hint::UnstableAtLargeInputs,
        },
        WrongAnswer {
            id: "5.4",
            name: "the Jacobian's diagonal only",
            chapter: five(ch05::Candidate {
                softmax_backward: w5::softmax_backward_diagonal,
                ..a5
            }),
            hint: Hint::JacobianDiagonalOnly,
        },
        WrongAnswer {
            id: "5.4",
            name: "g − p·g, not times p",
            chapter: five(ch05::Candidate {
                softmax_backward: w5::softmax_backward_without_p,
                ..a5
            }),
            hint: any_gradient_check.clone(),
        },
        WrongAnswer {
            id: "6.1",
            name: "the kernel flipped (a true convolution)",
            chapter: six(ch06::Candidate {
                conv2d: w6::conv2d_flipped,
                ..a6
            }),
            hint: Hint::FlippedKernel,
        },
        WrongAnswer {
            id: "6.1",
            name: "without the bias",
            chapter: six(ch06::Candidate {
                conv2d: w6::conv2d_without_bias,
                ..a6
            }),
            hint: Hint::MissingBias,
        },
        WrongAnswer {
            id: "6.2",
            name: "full correlation with the kernel unrotated",
            chapter: six(ch06::Candidate {
                conv2d_input_gradient: w6::input_gradient_unrotated,
                ..a6
            }),
            hint: Hint::FlippedKernel,
        },
        WrongAnswer {
            id: "6.2",
            name: "the first filter only",
            chapter: six(ch06::Candidate {
                conv2d_input_gradient: w6::input_gradient_first_filter,
                ..a6
            }),
            hint: any_gradient_check.clone(),
        },
        WrongAnswer {
            id: "6.3",
            name: "averaged over the batch",
            chapter: six(ch06::Candidate {
                conv2d_kernel_gradient: w6::kernel_gradient_averaged,
                ..a6
            }),
            hint: Hint::ExtraOneOverN { n: 3 },
        },
        WrongAnswer {
            id: "6.3",
            name: "for the flipped kernel",
            chapter: six(ch06::Candidate {
                conv2d_kernel_gradient: w6::kernel_gradient_flipped,
                ..a6
            }),
            hint: Hint::FlippedKernel,
        },
        WrongAnswer {
            id: "7.1",
            name: "variance ÷ (n − 1)",
            chapter: seven(ch07::Candidate {
                batch_norm_forward: w7::forward_unbiased,
                ..a7
            }),
            hint: Hint::SampleStd,
        },
        WrongAnswer {
            id: "7.1",
            name: "σ + ε",
            chapter: seven(ch07::Candidate {
                batch_norm_forward: w7::forward_epsilon_outside,
                ..a7
            }),
            hint: Hint::EpsilonOutsideRoot,
        },
        WrongAnswer {
            id: "7.1",
            name: "no ε",
            chapter: seven(ch07::Candidate {
                batch_norm_forward: w7::forward_without_epsilon,
                ..a7
            }),
            hint: Hint::MissingEpsilon,
        },
        WrongAnswer {
            id: "7.1",
            name: "statistics of each row",
            chapter: seven(ch07::Candidate {
                batch_norm_forward: w7::forward_over_rows,
                ..a7
            }),
            hint: Hint::WrongAxis,
        },
        WrongAnswer {
            id: "7.2",
            name: "μ and σ² as constants",
            chapter: seven(ch07::Candidate {
                batch_norm_backward: w7::backward_constant_statistics,
                ..a7
            }),
            hint: Hint::StatisticsAsConstants,
        },
        WrongAnswer {
            id: "7.2",
            name: "no 1/n",
            chapter: seven(ch07::Candidate {
                batch_norm_backward: w7::backward_without_one_over_n,
                ..a7
            }),
            hint: Hint::MissingOneOverN { n: 6 },
        },
        WrongAnswer {
            id: "7.2",
            name: "only the mean's term",
            chapter: seven(ch07::Candidate {
                batch_norm_backward: w7::backward_one_sum,
                ..a7
            }),
            hint: any_gradient_check.clone(),
        },
        WrongAnswer {
            id: "7.3",
            name: "weights swapped (0.9 of the batch)",
            chapter: seven(ch07::Candidate {
                running_averages: w7::running_reversed,
                ..a7
            }),
            hint: Hint::MomentumReversed,
        },
        WrongAnswer {
            id: "7.3",
            name: "biased variance",
            chapter: seven(ch07::Candidate {
                running_averages: w7::running_biased,
                ..a7
            }),
            hint: Hint::BiasedRunningVariance,
        },
        WrongAnswer {
            id: "7.4",
            name: "the batch's statistics",
            chapter: seven(ch07::Candidate {
                batch_norm_inference: w7::inference_with_batch_statistics,
                ..a7
            }),
            hint: Hint::BatchStatisticsAtInference,
        },
        WrongAnswer {
            id: "7.4",
            name: "no ε",
            chapter: seven(ch07::Candidate {
                batch_norm_inference: w7::inference_without_epsilon,
                ..a7
            }),
            hint: Hint::MissingEpsilon,
        },
        WrongAnswer {
            id: "8.1",
            name: "the variance",
            chapter: eight(ch08::Candidate {
                xavier_std: w8::xavier_variance,
                ..a8
            }),
            hint: Hint::VarianceNotStd,
        },
        WrongAnswer {
            id: "8.1",
            name: "the uniform limit √(6/(n_in + n_out))",
            chapter: eight(ch08::Candidate {
                xavier_std: w8::xavier_uniform_limit,
                ..a8
            }),
            hint: Hint::UniformLimit,
        },
        WrongAnswer {
            id: "8.2",
            name: "fan_out",
            chapter: eight(ch08::Candidate {
                he_std: w8::he_fan_out,
                ..a8
            }),
            hint: Hint::WrongFan,
        },
        WrongAnswer {
            id: "8.2",
            name: "√(1/n_in), no factor 2",
            chapter: eight(ch08::Candidate {
                he_std: w8::he_without_two,
                ..a8
            }),
            hint: Hint::ReluFactor,
        },
        WrongAnswer {
            id: "8.3",
            name: "no ½ for the ReLU",
            chapter: eight(ch08::Candidate {
                relu_layer_variance: w8::variance_without_half,
                ..a8
            }),
            hint: Hint::ReluFactor,
        },
        WrongAnswer {
            id: "8.3",
            name: "no n_in",
            chapter: eight(ch08::Candidate {
                relu_layer_variance: w8::variance_one_term,
                ..a8
            }),
            hint: Hint::MissingFanIn,
        },
        WrongAnswer {
            id: "9.1",
            name: "v ← μv + (1 − μ)g",
            chapter: nine(ch09::Candidate {
                momentum_step: w9::momentum_dampened,
                ..a9
            }),
            hint: Hint::DampenedMomentum,
        },
        WrongAnswer {
            id: "9.1",
            name: "θ ← θ + ηv",
            chapter: nine(ch09::Candidate {
                momentum_step: w9::momentum_uphill,
                ..a9
            }),
            hint: Hint::Uphill,
        },
        WrongAnswer {
            id: "9.1",
            name: "Nesterov's θ ← θ − η(g + μv)",
            chapter: nine(ch09::Candidate {
                momentum_step: w9::momentum_nesterov,
                ..a9
            }),
            hint: Hint::Nesterov,
        },
        WrongAnswer {
            id: "9.1",
            name: "θ moved before v is updated",
            chapter: nine(ch09::Candidate {
                momentum_step: w9::momentum_stale,
                ..a9
            }),
            hint: Hint::StaleVelocity,
        },
        WrongAnswer {
            id: "9.2",
            name: "no bias correction",
            chapter: nine(ch09::Candidate {
                adam_step: w9::adam_uncorrected,
                ..a9
            }),
            hint: Hint::MissingBiasCorrection,
        },
        WrongAnswer {
            id: "9.2",
            name: "√(v̂ + ε)",
            chapter: nine(ch09::Candidate {
                adam_step: w9::adam_eps_inside,
                ..a9
            }),
            hint: Hint::EpsilonInsideRoot,
        },
        WrongAnswer {
            id: "9.2",
            name: "the paper's \"efficient\" form",
            chapter: nine(ch09::Candidate {
                adam_step: w9::adam_efficient_form,
                ..a9
            }),
            hint: Hint::AdamEfficientForm,
        },
        WrongAnswer {
            id: "9.3",
            name: "L2: λθ added to the gradient",
            chapter: nine(ch09::Candidate {
                adamw_step: w9::adamw_l2,
                ..a9
            }),
            hint: Hint::CoupledWeightDecay,
        },
        WrongAnswer {
            id: "9.3",
            name: "θ ← (1 − λ)θ, no η",
            chapter: nine(ch09::Candidate {
                adamw_step: w9::adamw_unscaled_decay,
                ..a9
            }),
            hint: Hint::DecayWithoutLearningRate,
        },
    ]
}

#[test]
fn every_typical_wrong_answer_gets_its_hint() {
    let mut cases = wrong_answers();
    cases.extend(wrong::ch10::wrong_answers());
    cases.extend(wrong::ch12::wrong_answers());
    for chapter in answer_chapters() {
        for e in &chapter.exercises {
            let id = e.id;
            assert!(cases.iter().any(|c| c.id == id), "no wrong answer for {id}");
        }
    }
    for case in cases {
        let got = outcome(case.chapter, case.id);
        let Outcome::Wrong(mismatch) = &got else {
            panic!("{} ({}): {got:?}, not wrong", case.id, case.name);
        };
        let same = match (&case.hint, &mismatch.hint) {
            // The gradient check's line holds the numbers; the variant is what is asserted.
            (Hint::FailsGradientCheck { .. }, Hint::FailsGradientCheck { worst }) => {
                worst.contains("max relative error")
            }
            (expected, hint) => expected == hint,
        };
        assert!(same, "{} ({}): got\n{mismatch}", case.id, case.name);
        // What the reader would see (cargo test -- --nocapture):
        eprintln!("{} ({}):\n{mismatch}\n", case.id, case.name);
    }
}

#[test]
fn a_wrong_answer_says_where_and_by_how_much() {
    let chapter = ch02::chapter(ch02::Candidate {
        cost_gradient: wrong::ch02::gradient_without_mean,
        ..answers_ch02()
    });
    let Outcome::Wrong(m) = outcome(chapter, "2.2") else {
        panic!("not wrong")
    };
    // The first case is X (6, 3): every element is 6 times the right one.
    assert_eq!(m.what, "cost_gradient for X (6, 3)");
    assert!(
        m.detail.starts_with("first difference at [0]: expected "),
        "{}",
        m.detail
    );
    assert!(m.detail.ends_with("3 of 3 elements differ"), "{}", m.detail);
    let text = m.to_string();
    assert!(
        text.contains("6 times too large: the 1/n of the mean (n = 6) is missing"),
        "{text}"
    );
}

/// An equivalent form is not "wrong": with a constant learning rate, momentum's buffer may
/// carry η (v ← μ·v + η·g, θ ← θ − v: Sutskever et al.'s form), which gives the same θ as the
/// chapter's v ← μ·v + g, θ ← θ − η·v — v is only scaled by η.
#[test]
fn an_equivalent_form_passes() {
    let chapter = ch09::chapter(ch09::Candidate {
        momentum_step: |theta, g, v, lr, mu| {
            *v = &*v * mu + g * lr;
            *theta -= &*v;
        },
        ..answers_ch09()
    });
    assert_eq!(outcome(chapter, "9.1"), Outcome::Passed);
}

/// The text `cargo run -p practice -- 3` prints for a stub and two typical mistakes
/// (practice/README.md quotes it).
#[test]
fn what_the_reader_sees() {
    let chapter = ch03::chapter(ch03::Candidate {
        dense_forward: |_, _, _| todo!("exercise 3.1"),
        dense_backward: wrong::ch03::dense_backward_transposed,
        relu_backward: wrong::ch03::relu_backward_one_at_zero,
    });
    let outcomes = practice::grade::grade(&chapter);
    let report = practice::grade::ChapterReport {
        chapter: &chapter,
        outcomes,
    };
    insta::assert_snapshot!("chapter_3_report", report.to_string());
}

/// The text `cargo run -p practice -- 10` prints for a stub, a sweep that overwrites and a
/// naive VJP (chapter 10's page quotes it).
#[test]
fn what_the_reader_sees_in_chapter_10() {
    let chapter = ch10::chapter(ch10::Candidate {
        op_backward: |_, _, _, _| todo!("exercise 10.1"),
        reverse_sweep: wrong::ch10::reverse_sweep_overwriting,
        softplus_vjp: wrong::ch10::softplus_vjp_naive,
    });
    let outcomes = practice::grade::grade(&chapter);
    let report = practice::grade::ChapterReport {
        chapter: &chapter,
        outcomes,
    };
    insta::assert_snapshot!("chapter_10_report", report.to_string());
}

/// The answers' backward passes against central finite differences of the answers' own
/// forward passes (away from kinks): the grader's expected values (the chapters' code) and the
/// answers agree, and both agree with the numbers.
#[test]
fn the_answers_backward_passes_pass_the_gradient_check() {
    use ndarray::{Array1, Array2};
    use nn_core::gradcheck::{check_gradient, check_vjp};
    use practice::checks::{random, random4, random_vector};

    let z = Array1::from_iter((-20..=20).map(|i| i as f64 * 0.25)); // σ′ ≥ 0.0066: accurate differences
    let check = check_gradient(
        |z| z.mapv(answer_ch01::sigmoid).sum(),
        &z,
        &z.mapv(answer_ch01::sigmoid_prime),
    );
    assert!(check.passed(), "1.2: {check}");

    let (x, w) = (random((7, 3), 1, 1.5), random_vector(3, 2, 1.0));
    let y = Array1::from_iter((0..7).map(|i| (i % 2) as f64));
    let cost = |w: &Array1<f64>| answer_ch02::cost(&x.dot(w), &y);
    let check = check_gradient(cost, &w, &answer_ch02::cost_gradient(&x, &y, &w));
    assert!(check.passed(), "2.2: {check}");

    let (x, w, b, g) = (
        random((5, 3), 3, 1.0),
        random((3, 4), 4, 1.0),
        random_vector(4, 5, 1.0),
        random((5, 4), 6, 1.0),
    );
    let grads = answer_ch03::dense_backward(&x, &w, &g);
    let forward =
        |x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>| answer_ch03::dense_forward(x, w, b);
    let check = check_vjp(|w| forward(&x, w, &b), &w, &g, &grads.w);
    assert!(check.passed(), "3.2 ∂L/∂W: {check}");
    let check = check_vjp(|b| forward(&x, &w, b), &b, &g, &grads.b);
    assert!(check.passed(), "3.2 ∂L/∂b: {check}");
    let check = check_vjp(|x| forward(x, &w, &b), &x, &g, &grads.x);
    assert!(check.passed(), "3.2 ∂L/∂X: {check}");

    // Away from the kink: no element within 1e-3 of 0 (the step is 1e-5).
    let x = random((6, 4), 7, 1.0).mapv(|v| if v.abs() < 1e-3 { 0.5 } else { v });
    let g = random((6, 4), 8, 1.0);
    let relu = |x: &Array2<f64>| x.mapv(|v| v.max(0.0));
    let check = check_vjp(relu, &x, &g, &answer_ch03::relu_backward(&x, &g));
    assert!(check.passed(), "3.3: {check}");
    let leaky = |x: &Array2<f64>| answer_ch04::leaky_relu(x, 0.1);
    let analytic = answer_ch04::leaky_relu_backward(&x, &g, 0.1);
    let check = check_vjp(leaky, &x, &g, &analytic);
    assert!(check.passed(), "4.2: {check}");

    let z = random((5, 3), 9, 2.0);
    let labels = [0, 2, 1, 1, 0];
    let analytic = answer_ch05::cross_entropy_gradient(&z, &labels);
    let check = check_gradient(|z| answer_ch05::cross_entropy(z, &labels), &z, &analytic);
    assert!(check.passed(), "5.3: {check}");
    let g = random((5, 3), 10, 1.0);
    let analytic = answer_ch05::softmax_backward(&answer_ch05::softmax(&z), &g);
    let check = check_vjp(answer_ch05::softmax, &z, &g, &analytic);
    assert!(check.passed(), "5.4: {check}");

    let (x, kernel) = (
        random4((2, 3, 6, 5), 11, 1.0),
        random4((4, 3, 3, 2), 12, 1.0),
    );
    let b = random_vector(4, 13, 1.0);
    let g = random4((2, 4, 4, 4), 14, 1.0);
    let analytic = answer_ch06::conv2d_input_gradient(&x, &kernel, &g);
    let check = check_vjp(|x| answer_ch06::conv2d(x, &kernel, &b), &x, &g, &analytic);
    assert!(check.passed(), "6.2: {check}");
    let analytic = answer_ch06::conv2d_kernel_gradient(&x, &kernel, &g);
    let check = check_vjp(|k| answer_ch06::conv2d(&x, k, &b), &kernel, &g, &analytic);
    assert!(check.passed(), "6.3: {check}");

    let (x, g) = (random((6, 4), 15, 3.0), random((6, 4), 16, 1.0));
    let (gamma, beta) = (random_vector(4, 17, 1.0), random_vector(4, 18, 1.0));
    let grads = answer_ch07::batch_norm_backward(&x, &gamma, &g);
    let check = check_vjp(
        |x| answer_ch07::batch_norm_forward(x, &gamma, &beta),
        &x,
        &g,
        &grads.x,
    );
    assert!(check.passed(), "7.2 ∂L/∂x: {check}");
    let check = check_vjp(
        |gm| answer_ch07::batch_norm_forward(&x, gm, &beta),
        &gamma,
        &g,
        &grads.gamma,
    );
    assert!(check.passed(), "7.2 ∂L/∂γ: {check}");
    let check = check_vjp(
        |b| answer_ch07::batch_norm_forward(&x, &gamma, b),
        &beta,
        &g,
        &grads.beta,
    );
    assert!(check.passed(), "7.2 ∂L/∂β: {check}");
}

/// Chapter 10's answers against central finite differences of the chapter's forward
/// operations (not of `local_derivatives` or `backward`, which the grader's expected values
/// use): each scalar operation's shares, the sweep on generated expressions, softplus's VJP.
#[test]
fn chapter_10_answers_pass_the_gradient_check() {
    use ch10_autograd::scalar::{Tape, Var};
    use ch10_autograd::softplus::Softplus;
    use ch10_autograd::tape::Op;
    use ndarray::{array, Array1};
    use nn_core::gradcheck::{check_gradient, check_vjp};

    // 10.1: f(a, b) = g·op(a, b), its gradient is the two shares (a·a: their sum).
    type Make = fn(&mut Tape, &[Var]) -> Var;
    let ops: [(&str, Make, Array1<f64>); 10] = [
        ("add", |t, v| t.add(v[0], v[1]), array![0.7, -1.3]),
        ("sub", |t, v| t.sub(v[0], v[1]), array![0.7, -1.3]),
        ("mul", |t, v| t.mul(v[0], v[1]), array![0.7, -1.3]),
        ("square", |t, v| t.mul(v[0], v[0]), array![-1.3]),
        ("pow", |t, v| t.pow(v[0], -0.5), array![1.7]),
        ("exp", |t, v| t.exp(v[0]), array![-1.3]),
        ("log", |t, v| t.log(v[0]), array![0.3]),
        ("tanh", |t, v| t.tanh(v[0]), array![-1.3]),
        ("sigmoid", |t, v| t.sigmoid(v[0]), array![0.7]),
        ("relu", |t, v| t.relu(v[0]), array![0.7]),
    ];
    let g = -0.8;
    for (name, make, x) in ops {
        let run = |x: &Array1<f64>| {
            let mut t = Tape::new();
            let leaves: Vec<Var> = x.iter().map(|&v| t.leaf(v, "")).collect();
            let node = make(&mut t, &leaves);
            (t, node)
        };
        let (t, node) = run(&x);
        let inputs: Vec<f64> = t.inputs(node).iter().map(|&i| t.value(i)).collect();
        let shares = answer_ch10::op_backward(t.nodes()[node.0].op, &inputs, t.value(node), g);
        let mut analytic = Array1::zeros(x.len());
        for (input, share) in t.inputs(node).into_iter().zip(shares) {
            analytic[input.0] += share;
        }
        let check = check_gradient(|x| g * t_value(run(x)), &x, &analytic);
        assert!(check.passed(), "10.1 {name}: {check}");
    }

    // 10.2: on generated expressions, the sweep's leaf gradients against differences of the
    // expression's value; the local derivatives come from the answer to 10.1.
    use nn_core::rng::{seeded, Rng};
    for seed in 0..20 {
        let mut rng = seeded(seed);
        let x: Array1<f64> = (0..3).map(|_| rng.random_range(-1.5..1.5)).collect();
        let steps: Vec<(u8, usize, usize)> = (0..8)
            .map(|k| {
                (
                    rng.random_range(0..5),
                    rng.random_range(0..3 + k),
                    rng.random_range(0..3 + k),
                )
            })
            .collect();
        let run = |x: &Array1<f64>| {
            let t = Tape::new();
            let mut nodes: Vec<Var> = x.iter().map(|&v| t.leaf(v, "")).collect();
            for &(op, i, j) in &steps {
                let (a, b) = (nodes[i], nodes[j]);
                let n = match op {
                    0 => t.add(a, b),
                    1 => t.mul(a, b),
                    2 => t.tanh(a),
                    3 => t.sigmoid(a),
                    _ => t.sub(a, b),
                };
                nodes.push(n);
            }
            let out = *nodes.last().expect("eight nodes");
            (t, out)
        };
        let (t, out) = run(&x);
        let locals: Vec<Vec<(usize, f64)>> = (0..t.len())
            .map(|v| {
                let node = Var(v);
                let inputs: Vec<f64> = t.inputs(node).iter().map(|&i| t.value(i)).collect();
                let ones = answer_ch10::op_backward(t.nodes()[v].op, &inputs, t.value(node), 1.0);
                t.inputs(node).into_iter().map(|i| i.0).zip(ones).collect()
            })
            .collect();
        let grads = answer_ch10::reverse_sweep(&locals, out.0);
        let analytic: Array1<f64> = (0..3).map(|i| grads[i]).collect();
        let check = check_gradient(|x| t_value(run(x)), &x, &analytic);
        assert!(check.passed(), "10.2 seed {seed}: {check}");
    }

    // 10.3
    let x = practice::checks::random((6, 4), 9, 3.0).into_dyn();
    let g = practice::checks::random((6, 4), 10, 1.0).into_dyn();
    let softplus = |x: &ndarray::ArrayD<f64>| Softplus.forward(&[x]);
    let check = check_vjp(softplus, &x, &g, &answer_ch10::softplus_vjp(&x, &g));
    assert!(check.passed(), "10.3: {check}");
}

/// The value of a tape's node.
fn t_value((t, v): (ch10_autograd::scalar::Tape, ch10_autograd::scalar::Var)) -> f64 {
    t.value(v)
}
