#!/usr/bin/env python3
"""Checks that every number a page states in prose is accounted for.

A claim is checked, or it is not made: a number in a page's prose (outside code, math and
includes) must be one of

- **printed**: a number in an output snapshot of the page's chapter, or in a file the page
  includes (rounded to the digits the prose gives: "0.23" is backed by "0.2270");
- **tested**: a number in the chapter's tests (a claims test states it);
- **set**: a number in the chapter's source (a setting the program uses: seeds, sizes, rates);
- **benchmarked**: on a page that quotes the benchmarks (it names `results.md` or says
  "benchmark"), a number in `tests/bench/results.md`, their record (criterion's timings on this
  machine, which no snapshot can hold);
- **another chapter's**: in a sentence that names chapter N before it, printed, tested or set
  by chapter N ("chapter 5 has 128");
- **derived**: a number in the page's own mathematics ($...$), where it is derived;
- **a reference**: "chapter 5", "exercise 3", "section 7", "figure 2", "Rust 1.86", a year;
- **a count**: an integer from 0 to 10 (a word in digits: "two layers", "3 seeds");
- **a time**: a duration ("0.4 s", "47.3 µs", "17 to 23 s"): run times are measured on a machine
  and differ from run to run, so no snapshot can hold them; the page says where each was
  measured, and speed targets live in the benchmarks (tests/bench);
- **allowed**: listed below, with the reason.

Anything else fails the check, named with its page, line and sentence. With --report it prints,
page by page, how many numbers it found and how each is backed.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Numbers a page may state that no output, test, setting or derivation of its chapter holds,
# each with its reason. Keep it short: a number belongs here only when it is a fact about the
# world (a dataset's size, a paper's value), not a result of the book's programs.
ALLOWED = {
    # The datasets, as their credits in shared/data/ give them.
    "1797": "the digits dataset's size (UCI, shared/data credits)",
    "150": "the iris dataset's size (shared/data credits)",
    "57922": "chapter 12's corpus, its length asserted by shared/src/data.rs's tests",
}

# Pages that record measurements of this machine rather than the programs' results: the numbers
# a profiler or a benchmark session printed, which no snapshot can hold.
PAGE_ALLOWED = {
    "appendix-performance.md": (
        "profiling sessions on this machine (perf's GFLOP/s and page faults, the CPU's clock and "
        "peak, the run-to-run spread), each said where it was measured on the page; and 1024,"
        " chapter 7's number of training samples (its Config), named lines before",
        {"15", "24", "43", "45", "2.6", "41.5", "54", "70", "11", "770000", "60000", "1024"},
    ),
}

REFERENCE_WORDS = (
    r"chapters?|sections?|exercises?|figures?|tables?|steps? \d+ of|issue|line|lines|"
    r"rust|version|edition|python|pytorch|jax|numpy|ndarray|plotters|candle|burn|cargo|"
    r"layout-rs|katex|mdbook|evcxr|ch|§|cc by|cc by-sa"
)
NUMBER = re.compile(
    r"(?<![\w.])[-−]?(?:\d{1,3}(?:[, ]\d{3})+(?![\d.])|\d+)(?:\.\d+)?(?:[eE][-+−]?\d+)?(?![\w])"
)
SOURCE_NUMBER = re.compile(r"[-−]?\d+(?:_\d+)*(?:\.\d+)?(?:[eE][-+−]?\d+)?")


def strip_page(text):
    """The page's prose, one entry per line (line numbers kept), and its math."""
    math = []

    def keep_math(m):
        math.append(m.group(0))
        return re.sub(r"[^\n]", " ", m.group(0))  # lines keep their numbers

    text = re.sub(r"```.*?```", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", keep_math, text, flags=re.S)
    text = re.sub(r"\$[^$]+\$", keep_math, text)  # inline math may wrap onto the next line
    text = re.sub(r"\{\{#[^}]*\}\}", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link and image targets
    text = re.sub(r"<[^>\n]*>", " ", text)  # html tags and their attributes
    return text.splitlines(), "\n".join(math)


def source_values(texts):
    values = set()
    for text in texts:
        for token in SOURCE_NUMBER.findall(text):
            try:
                values.add(float(token.replace("_", "").replace("−", "-")))
            except ValueError:
                pass
    return values


def backed(token, values):
    """Whether `token` (as written in prose) is some value rounded to the prose's digits."""
    clean = token.replace(",", "").replace(" ", "").replace("−", "-")
    value = float(clean)
    mantissa = re.split(r"[eE]", clean)[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if "e" in clean.lower():
        return any(abs(v - value) <= abs(value) * 0.05 for v in values)
    candidates = (value, -value)
    for v in values:
        for scaled in (v, 100 * v):
            if any(abs(round(scaled, decimals) - c) < 10 ** -(decimals + 6) for c in candidates):
                return True
    return False


def chapter_sources(page):
    """What backs a chapter's page: its chapter's files and what it includes; a page between
    chapters: what it includes (a match among every chapter's numbers would be chance)."""
    folder = page.parent
    crates = [folder] if page.name == "README.md" and folder != ROOT / "chapters" else []
    snapshots = sorted(f for c in crates for f in c.glob("tests/**/*.snap"))
    tests = sorted(f for c in crates for f in c.glob("tests/**/*.rs"))
    code = sorted(f for c in crates for f in c.glob("src/**/*.rs"))
    read = lambda files: [f.read_text(encoding="utf-8") for f in files]  # noqa: E731
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    bench = ROOT / "tests/bench/results.md"
    quotes_bench = bench.is_file() and re.search(r"results\.md|benchmark", text) is not None
    included = []
    for target in re.findall(r"\{\{#(?:include|rustdoc_include)\s+([^}\s:]+)", text):
        path = (folder / target).resolve()
        if path.is_file():
            included.append(path.read_text(encoding="utf-8"))
    return {
        "printed": source_values(read(snapshots) + included),
        "benchmarked": source_values([bench.read_text(encoding="utf-8")] if quotes_bench else []),
        "tested": source_values(read(tests)),
        "set": source_values(read(code)),
    }


TIME = re.compile(r"^\s*(?:(?:to|–|-)\s*[\d.]+\s*)?(?:s|ms|µs|min|minutes?|seconds?|hours?)\b")


def classify(token, before, after, sources, derived, chapter, page_allowed=frozenset()):
    clean = token.replace(",", "").replace(" ", "").replace("−", "-")
    if re.fullmatch(rf"{chapter}\.\d+", clean):
        return "a reference"  # an exercise of the chapter's grader: "5.3"
    if re.search(rf"\b(?:{REFERENCE_WORDS})[\s\-–]*(?:\d+[\s,–-]*(?:and|or|to)?\s*)*$", before,
                 re.I):
        return "a reference"
    if TIME.match(after):
        return "a time"
    if re.fullmatch(r"(19|20)\d\d", clean):
        return "a reference"
    if re.fullmatch(r"-?\d+", clean) and 0 <= abs(int(clean)) <= 10:
        return "a count"
    for kind in ("printed", "tested", "set", "benchmarked"):
        if backed(token, sources[kind]):
            return kind
    if backed(token, derived):
        return "derived"
    # A number in a sentence about another chapter ("chapter 5 has 128") is that chapter's.
    for other in re.findall(r"chapter (\d+)", before, re.I):
        folder = next((ROOT / "chapters").glob(f"ch{int(other):02}-*"), None)
        if folder is not None:
            theirs = chapter_sources(folder / "README.md")
            if any(backed(token, theirs[k]) for k in ("printed", "tested", "set")):
                return "another chapter's"
    if clean.lstrip("-") in ALLOWED or clean.lstrip("-") in page_allowed:
        return "allowed"
    return None


def check(page):
    lines, math = strip_page(page.read_text(encoding="utf-8"))
    sources = chapter_sources(page)
    derived = source_values([math])
    numbered = re.match(r"ch(\d+)", page.parent.name)
    chapter = int(numbered.group(1)) if numbered else -1
    counts, problems = {}, []
    for number, line in enumerate(lines, 1):
        for m in NUMBER.finditer(line):
            token = m.group(0)
            kind = classify(token, line[: m.start()], line[m.end():], sources, derived,
                            chapter, PAGE_ALLOWED.get(page.name, ("", set()))[1])
            if kind is None:
                sentence = line.strip()
                problems.append(f"{page.relative_to(ROOT)}:{number}: {token!r} is backed by "
                                f"nothing: {sentence[:160]}")
                kind = "unbacked"
            counts[kind] = counts.get(kind, 0) + 1
    return counts, problems


def main():
    # The chapters, and the book's pages between them (not its table of contents).
    pages = sorted((ROOT / "chapters").glob("ch*/README.md")) + sorted(
        p for p in (ROOT / "chapters").glob("*.md") if p.name != "SUMMARY.md")
    report = "--report" in sys.argv
    every = []
    kinds = ("printed", "tested", "set", "benchmarked", "another chapter's", "derived", "a reference", "a count", "a time", "allowed",
             "unbacked")
    for page in pages:
        counts, problems = check(page)
        every += problems
        if report:
            total = sum(counts.values())
            parts = ", ".join(f"{counts[k]} {k}" for k in kinds if counts.get(k))
            name = page.parent.name if page.name == "README.md" else page.name
            print(f"{name}: {total} numbers — {parts}")
    for problem in every:
        print(problem)
    if every:
        print(f"{len(every)} numbers in prose that nothing backs: quote them from a snapshot, "
              "assert them in a claims test, derive them on the page, or remove them",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
