#!/usr/bin/env python3
"""Tests of run_notebooks.py: its checks on outputs as strings, and whole notebooks run in the
real Rust kernel. `bash .ci/jupyter test` (which installs the kernel and nbclient first, as CI
does); `python3 .ci/test_run_notebooks.py` alone runs the kernel's tests only where nbclient and
the kernel "rust" are found (CI=true makes their absence a failure)."""
import contextlib
import io
import os
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from run_notebooks import panic_in, run, seconds  # noqa: E402


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

    def test_the_thread_number_of_rust_1_88_and_later(self):
        # What Rust 1.95's default hook prints in the kernel (the thread's number in brackets).
        stderr = "thread '<unnamed>' (18056) panicked at src/lib.rs:96:17:\nboom\n"
        self.assertEqual(panic_in(cell(("stderr", stderr))),
                         "thread '<unnamed>' (18056) panicked at src/lib.rs:96:17:")

    def test_the_format_before_rust_1_73(self):
        stderr = "thread 'main' panicked at 'boom', src/main.rs:2:5\n"
        self.assertIsNotNone(panic_in(cell(("stderr", stderr))))

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


def kernel_missing():
    """Why the real kernel cannot be run here, or None."""
    try:
        import jupyter_client.kernelspec
        import nbclient  # noqa: F401
    except ImportError as e:
        return f"nbclient is not installed ({e}): run through `bash .ci/jupyter test`"
    try:
        jupyter_client.kernelspec.KernelSpecManager().get_kernel_spec("rust")
    except jupyter_client.kernelspec.NoSuchKernel:
        return "the kernel \"rust\" is not registered: run through `bash .ci/jupyter test`"
    return None


def notebook(*cells):
    """A notebook of code cells in the Rust kernel, as nbformat writes it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "rust", "display_name": "Rust", "language": "rust"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return nb


class RealKernel(unittest.TestCase):
    """Whole notebooks in the real kernel (evcxr): a reader's notebook does not call
    nn_core::notebook::setup(), and a panic in it must fail the run however the kernel prints
    it."""

    @classmethod
    def setUpClass(cls):
        missing = kernel_missing()
        if missing and os.environ.get("CI") == "true":
            raise RuntimeError(missing)
        if missing:
            raise unittest.SkipTest(missing)

    def run_notebook(self, nb):
        """Runs `nb` from a folder of its own: whether it passed, and what the runner printed."""
        import nbformat

        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "reader.ipynb"
            nbformat.write(nb, path)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                passed = run(path, first_cell_only=False)
        return passed, printed.getvalue()

    def test_a_panic_without_setup_fails_the_run(self):
        figure = 'println!("EVCXR_BEGIN_CONTENT image/svg+xml\\n<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>\\nEVCXR_END_CONTENT");'
        passed, printed = self.run_notebook(notebook(
            figure,
            'let v: Vec<i32> = Vec::new();\nlet i = 3;\nprintln!("{}", v[i]);',
        ))
        self.assertFalse(passed, printed)
        self.assertIn("a cell panicked (cell 1: thread '", printed)
        self.assertIn("panicked at", printed)

    def test_a_notebook_that_shows_a_figure_and_does_not_panic_passes(self):
        figure = 'println!("EVCXR_BEGIN_CONTENT image/svg+xml\\n<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>\\nEVCXR_END_CONTENT");'
        passed, printed = self.run_notebook(notebook(figure, 'println!("the learner panicked at the NaN");'))
        self.assertTrue(passed, printed)


if __name__ == "__main__":
    unittest.main()
