#!/usr/bin/env python3
"""Tests of check_numbers.py on a made-up chapter: what it accepts and what it refuses."""
import importlib.util
import pathlib
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("check_numbers", HERE / "check_numbers.py")
check_numbers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_numbers)


class CheckNumbers(unittest.TestCase):
    def page(self, prose, snapshot="", test="", code=""):
        root = pathlib.Path(self.enterContext(tempfile.TemporaryDirectory()))
        folder = root / "chapters" / "ch07-made-up"
        for path, text in [("tests/snapshots/x.snap", snapshot), ("tests/t.rs", test),
                           ("src/lib.rs", code), ("README.md", prose)]:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        check_numbers.ROOT = root
        return check_numbers.check(folder / "README.md")

    def test_each_kind_of_backing(self):
        counts, problems = self.page(
            "The loss is 0.23 after 450 steps (chapter 5, exercise 7.2), 97.2 % right, "
            "in 0.4 s; three layers of 3; a ratio $12 / 4 = 3.0$ read as 3.0, 1 234 here.\n"
            "```text\n999.9\n```\n`--seed 4242`",
            snapshot="loss 0.2270\naccuracy 0.9721\n", test="assert_eq!(n, 1_234);",
            code="const STEPS: usize = 450;")
        self.assertEqual(problems, [])
        self.assertEqual(counts, {"printed": 2, "set": 1, "a reference": 2, "a time": 1,
                                  "a count": 1, "derived": 1, "tested": 1})

    def test_an_unbacked_number_is_named_with_its_line(self):
        _, problems = self.page("First line.\nSGD's good rates are 0.7–1 here.",
                                snapshot="0.251\n")
        self.assertEqual(len(problems), 1)
        self.assertIn("README.md:2: '0.7'", problems[0])

    def test_a_number_about_another_chapter_is_backed_by_that_chapter(self):
        _, problems = self.page("Chapter 3 has 128 units; this one 256.", code="const N = 4;")
        root = check_numbers.ROOT
        other = root / "chapters" / "ch03-other" / "src" / "lib.rs"
        other.parent.mkdir(parents=True)
        other.write_text("const HIDDEN: usize = 128;", encoding="utf-8")
        counts, problems = check_numbers.check(root / "chapters" / "ch07-made-up" / "README.md")
        self.assertEqual(counts.get("another chapter's"), 1)
        self.assertEqual(len(problems), 1)  # 256 is nobody's
        self.assertIn("'256'", problems[0])

    def test_a_reference_word_must_be_a_word(self):
        # "reach 24" ends in "ch", which alone abbreviates a chapter ("ch 5"): not a reference.
        _, problems = self.page("The runs reach 24 GFLOP/s; see ch 5.")
        self.assertEqual(len(problems), 1)
        self.assertIn("'24'", problems[0])

    def test_rounding_must_agree_to_the_digits_given(self):
        _, problems = self.page("It scores 0.29.", snapshot="0.2951\n")
        self.assertEqual(len(problems), 1)  # 0.2951 rounds to 0.30, not 0.29


if __name__ == "__main__":
    unittest.main()
