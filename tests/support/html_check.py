#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""Checks a gpuinteg HTML report with a real HTML5 parser, strictly (any parse error fails), and
that the page is self-contained: no <script>, <link>, <iframe>, <object>, <embed> or <img>, no
attribute that loads anything (src, href other than '#...', srcset, xlink:href), no url(...) or
@import in styles. Prints one JSON object: svg count, figure captions, the page's text.
Exit 0 when the page passes, 1 with the reason on stderr otherwise."""
import json
import re
import sys

import html5lib

FORBIDDEN_TAGS = {"script", "link", "iframe", "object", "embed", "img", "frame", "audio",
                  "video", "source", "base"}
LOADING_ATTRS = {"src", "srcset", "data", "poster", "action", "formaction"}


def local(name):
    return name.split("}")[-1] if "}" in name else name


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        doc = parser.parse(raw)
    except Exception as e:  # html5lib raises ParseError at the first error in strict mode
        print(f"{path}: not valid HTML: {e}; errors: {parser.errors[:3]}", file=sys.stderr)
        return 1
    problems = []
    svgs, captions, titles = 0, [], []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = local(el.tag)
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}> element")
        if tag == "svg":
            svgs += 1
        if tag == "figcaption":
            b = el.find("b")
            captions.append("".join(b.itertext()) if b is not None else "")
        if tag == "title":
            titles.append("".join(el.itertext()))
        for name, value in el.attrib.items():
            n = local(name)
            if n in LOADING_ATTRS:
                problems.append(f"{tag}[{n}={value!r}]")
            if n == "href" and not value.startswith("#"):
                problems.append(f"{tag}[href={value!r}]")
            if n == "style" and re.search(r"url\(|@import", value):
                problems.append(f"{tag}[style] loads something")
        if tag == "style" and re.search(r"url\(|@import", "".join(el.itertext())):
            problems.append("<style> loads something")
    if problems:
        print(f"{path}: not self-contained: {', '.join(problems[:5])}", file=sys.stderr)
        return 1
    body = doc.find("body")
    text = " ".join("".join(body.itertext()).split()) if body is not None else ""
    json.dump({"svg": svgs, "captions": captions, "titles": titles, "text": text}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
