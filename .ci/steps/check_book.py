"""Checks the built book (book/build): no include left unresolved, no broken internal link.

    python3 .ci/steps/check_book.py book/build

mdbook only logs an error for an include whose file is missing, and leaves the
`{{#include ...}}` text in the page; for a missing anchor it includes nothing at all. So this
script looks for leftover directives, and for code blocks left empty. For links, every
relative href of every page must name a file of the build, and its #fragment an id in it.
"""

import html.parser
import os
import sys
from urllib.parse import unquote, urlsplit


class Page(html.parser.HTMLParser):
    """The ids, the links and the empty code blocks of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.empty_code = set(), [], 0
        self._code, self._text = False, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "code":
            self._code, self._text = True, ""

    def handle_endtag(self, tag):
        if tag == "code" and self._code:
            self._code = False
            if not self._text.strip():
                self.empty_code += 1

    def handle_data(self, data):
        if self._code:
            self._text += data


def main(build):
    pages = {}
    problems = []
    for folder, _, names in os.walk(build):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            page = Page()
            page.feed(text)
            pages[os.path.normpath(path)] = page
            rel = os.path.relpath(path, build)
            if "{{#" in text:
                problems.append(f"{rel}: an unresolved {{{{#include ...}}}}")
            if page.empty_code and name != "print.html":
                problems.append(f"{rel}: {page.empty_code} empty code block(s): an anchor "
                                "that matched nothing?")
    for path, page in pages.items():
        rel = os.path.relpath(path, build)
        for href in page.links:
            url = urlsplit(href)
            if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = path if not url.path else os.path.normpath(
                os.path.join(os.path.dirname(path), unquote(url.path)))
            if os.path.isdir(target):
                target = os.path.join(target, "index.html")
            if not os.path.exists(target):
                problems.append(f"{rel}: link {href} names no file of the book")
            elif url.fragment and target in pages and unquote(url.fragment) not in pages[target].ids:
                problems.append(f"{rel}: link {href}: no id {url.fragment!r} in that page")
    checked = sum(len(p.links) for p in pages.values())
    for problem in problems:
        print(problem)
    print(f"{len(pages)} pages, {checked} links checked: "
          f"{'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "book/build"))
