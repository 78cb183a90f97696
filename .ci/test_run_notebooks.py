#!/usr/bin/env python3
"""Tests of run_notebooks.py's checks that need no kernel: `python3 .ci/test_run_notebooks.py`."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from run_notebooks import panic_in, seconds  # noqa: E402


def cell(*streams):
    return {"outputs": [{"output_type": "stream", "name": n, "text": t} for n, t in streams]}


class PanicDetection(unittest.TestCase):
    def test_the_default_hook_is_a_panic(self):
        # What evcxr 0.22 shows for `let v: Vec<i32> = vec![]; v[3]` (RUST_BACKTRACE=1).
        stderr = (
            "thread '<unnamed>' panicked at src/lib.rs:118:1:\n"
            "index out of bounds: the len is 0 but the index is 3\n"
            "stack backtrace:\n   0: __rustc::rust_begin_unwind\n"
        )
        self.assertEqual(panic_in(cell(("stderr", stderr))),
                         "thread '<unnamed>' panicked at src/lib.rs:118:1:")

    def test_nn_core_notebook_setup_is_a_panic(self):
        stderr = "error: the cell panicked: shapes do not fit\nThe kernel lost the notebook's variables"
        self.assertIn("shapes do not fit", panic_in(cell(("stderr", stderr))))

    def test_ordinary_output_is_not(self):
        self.assertIsNone(panic_in(cell(("stdout", "final loss 0.01\n"), ("stderr", "epoch 1\n"))))
        # The word alone, in a sentence a notebook prints, is not a panic.
        self.assertIsNone(panic_in(cell(("stdout", "the learner panicked at the NaN\n"))))
        self.assertIsNone(panic_in({"outputs": [{"output_type": "display_data", "data": {}}]}))

    def test_timing(self):
        timed = {"metadata": {"execution": {
            "iopub.execute_input": "2025-01-01T10:00:00.500000Z",
            "shell.execute_reply": "2025-01-01T10:00:03.000000Z"}}}
        self.assertEqual(seconds(timed), 2.5)
        self.assertIsNone(seconds({"metadata": {}}))


if __name__ == "__main__":
    unittest.main()
