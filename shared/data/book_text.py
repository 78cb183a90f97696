#!/usr/bin/env python3
"""Writes shared/data/book.txt: the prose of the book's chapter pages, for chapter 12's
character-level language model (and chapter 13's, which trains on the same text).

Run once, from the repository's top folder: `python3 shared/data/book_text.py`. The file it
writes is committed and embedded in nn-core (`nn_core::data::book_text`); it is not made again
when a page changes, so that editing a page does not change what chapter 12 measures.

From each page chapters/ch01-…/README.md to ch10-…/README.md, in order:
- dropped: fenced blocks (code, program output), display math ($$ … $$), tables, images,
  HTML tags, and inline math ($ … $) but for plain letters, digits and + − = ( );
- kept: headings' and list items' text without their marks, link texts without their
  addresses, and `code` spans that are one identifier (`forward`, `Dense`); other code spans
  are dropped;
- each paragraph joined into one line, lowercased, typographic characters mapped to ASCII
  (— to -, ’ to ', “ ” to ", × to x, … to ...), every other character outside the
  vocabulary below dropped, spaces collapsed; paragraphs under 40 characters are dropped;
- the first PER_PAGE characters of each page's paragraphs (whole paragraphs) are kept, so that
  every chapter is in the text and the file stays a few tens of KB.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "shared" / "data" / "book.txt"
PAGES = sorted(ROOT.glob("chapters/ch[01][0-9]-*/README.md"))[:10]
PER_PAGE = 6000
VOCABULARY = set("abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'\"()-%\n")
TYPOGRAPHIC = {"—": " - ", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "×": "x"}


def paragraphs(page: str):
    """The page's prose, one paragraph per item, markup still inline."""
    out, current = [], []
    in_fence = in_math = False

    def flush():
        if current:
            out.append(" ".join(current))
            current.clear()

    for line in page.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        if stripped.startswith("$$"):
            # "$$ … $$" on one line, or the start or end of a block.
            if not (len(stripped) > 2 and stripped.endswith("$$") and stripped != "$$"):
                in_math = not in_math
            flush()
            continue
        if in_math:
            continue
        if not stripped or stripped.startswith("|") or stripped.startswith("!["):
            flush()
            continue
        if stripped.startswith("#") or re.match(r"^([-*]|\d+\.)\s", stripped):
            flush()  # a heading or a list item starts a paragraph of its own
        stripped = re.sub(r"^#+\s*", "", stripped)
        stripped = re.sub(r"^>\s?", "", stripped)
        stripped = re.sub(r"^([-*]|\d+\.)\s+", "", stripped)
        current.append(stripped)
    flush()
    return out


def clean(text: str) -> str:
    text = re.sub(r"<[^>]*>", " ", text)  # HTML tags
    text = re.sub(r"\$([A-Za-z0-9 .,+=()-]*)\$", r"\1", text)  # plain inline math: $x$, $n = 4$
    text = re.sub(r"\$[^$]*\$", "", text)  # other inline math
    text = re.sub(r"`([A-Za-z_][A-Za-z0-9_]*)`", r"\1", text)  # `identifier`
    text = re.sub(r"`[^`]*`", "", text)  # other code spans
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)  # emphasis
    text = text.lower()
    for old, new in TYPOGRAPHIC.items():
        text = text.replace(old, new)
    text = "".join(c for c in text if c in VOCABULARY and c != "\n")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ([.,;:!?)])", r"\1", text)  # " ." left where math was dropped
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r"\(\)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def main():
    kept = []
    for page in PAGES:
        size = 0
        for p in paragraphs(page.read_text(encoding="utf-8")):
            p = clean(p)
            if len(p) < 40:
                continue
            if size + len(p) > PER_PAGE:
                break
            kept.append(p)
            size += len(p) + 1
    OUT.write_text("\n".join(kept) + "\n", encoding="utf-8")
    text = OUT.read_text(encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(text)} characters, {len(set(text))} distinct, "
          f"from {len(PAGES)} pages")


if __name__ == "__main__":
    main()
