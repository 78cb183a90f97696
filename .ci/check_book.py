#!/usr/bin/env python3
"""Checks the book: sources and the built HTML in book/.

1. Every {{#include path[:anchor | :lines]}} in chapters/**/*.md names a file that exists and,
   for an anchor, a file that has `ANCHOR: anchor` (mdBook silently includes nothing for an
   unknown anchor). No page has a control character (a "\\a" of "\\approx" that became a
   bell, say).
2. Every internal link and image in the built HTML resolves to a file, and every #fragment to
   an element id in that file.
3. The book reads offline: no script, stylesheet, font or image is loaded from the internet,
   and KaTeX's stylesheet and every font it names are in the book.
Prints each problem and exits 1 if there is any.
"""
import html.parser
import pathlib
import re
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "chapters"
OUT = ROOT / "book"
problems = []

INCLUDE = re.compile(r"\{\{#(?:include|rustdoc_include)\s+([^}\s]+)\s*\}\}")
for md in sorted(SRC.rglob("*.md")):
    if "katex" in md.parts:
        continue
    source = md.read_text(encoding="utf-8")
    for number, line in enumerate(source.splitlines(), 1):
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", line):
            problems.append(f"{md.relative_to(ROOT)}:{number}: a control character")
    for target in INCLUDE.findall(source):
        path, _, selector = target.partition(":")
        file = (md.parent / path).resolve()
        where = md.relative_to(ROOT)
        if not file.is_file():
            problems.append(f"{where}: include of a missing file {path}")
            continue
        anchor = selector.split(":")[0]
        if anchor and not anchor.isdigit():
            text = file.read_text(encoding="utf-8")
            if not re.search(rf"ANCHOR:\s*{re.escape(anchor)}\b", text):
                problems.append(f"{where}: {path} has no anchor '{anchor}'")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append((tag, key, a[key]))


pages = {}
for page in OUT.rglob("*.html"):
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    pages[page.resolve()] = parser

REMOTE = re.compile(r"^(https?:)?//", re.I)
for page, parser in sorted(pages.items()):
    where = page.relative_to(ROOT)
    if page.name in ("404.html", "print.html", "toc.html"):
        continue  # 404 links from the site root; print and toc repeat the pages' links
    for tag, key, ref in parser.refs:
        if REMOTE.match(ref):
            if tag != "a":
                problems.append(f"{where}: <{tag} {key}> loads {ref} from the internet")
            continue
        if ref.startswith(("mailto:", "javascript:", "data:")):
            continue
        url = urllib.parse.urlparse(ref)
        target = (page.parent / urllib.parse.unquote(url.path)).resolve() if url.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"{where}: broken link {ref}")
            continue
        if url.fragment and target.suffix == ".html":
            ids = pages[target].ids if target in pages else set()
            if urllib.parse.unquote(url.fragment) not in ids:
                problems.append(f"{where}: {ref}: no element with id '{url.fragment}'")

for css in OUT.rglob("*.css"):
    text = css.read_text(encoding="utf-8", errors="replace")
    for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
        if REMOTE.match(ref):
            problems.append(f"{css.relative_to(ROOT)}: loads {ref} from the internet")
        elif not ref.startswith("data:"):
            if not (css.parent / ref.split("?")[0].split("#")[0]).exists():
                problems.append(f"{css.relative_to(ROOT)}: missing {ref}")

if not (OUT / "katex" / "katex.min.css").is_file():
    problems.append("book/katex/katex.min.css is missing: math would render unstyled")

for p in problems:
    print("book:", p)
print(f"book: {len(pages)} pages checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
