#!/usr/bin/env python3
"""Extracts the JSON request/response examples of the scraped vendor pages.

Reads /work/shared/reference/original/<source>.txt (path overridable with
--reference) and writes, next to this script,

  <source>/<NN>_<endpoint>_{request,response}.json   one example per file
  INDEX.md                                           what came from where

NN numbers the endpoints of one source in document order (only endpoints that
have at least one example, extracted or skipped, get a number); request and
response of one endpoint share it. Rerunning deletes and rewrites the
<source>/ directories and INDEX.md; nothing else is touched.

How an example is found, per page layout:

* items-zoho-inventory, items-zoho-books, composite-items-and-bundles: every
  endpoint section holds code snippets (Deluge, Java, JS, Python, Node, curl)
  and, after the curl command, the request body example (if any) followed by
  the response example. A JSON value is every '{' or '[' that starts a line
  after the curl command (or the lone '{' glued to the end of a text line, as
  in the Inventory page's object example) up to its matching bracket. An
  example whose top-level object has "code" is a response; any other example
  after the curl is a request.
* item-groups-zakya: the scraper dropped every line that held only brackets
  or commas, so no example is valid JSON as printed. The examples are the
  lines after "Body ParametersCopy" (request) and "Response ExampleCopy"
  (response) up to the next blank line. An example whose lines are all
  '"key": scalar' at one indentation (a flat object that lost only its outer
  braces) is repaired by wrapping it in braces, and INDEX.md says so; every
  other one is skipped because its nesting (array or object, and dropped
  scalar-only array elements such as "string") cannot be recovered without
  guessing.

Examples that do not parse (for instance list responses with "{...}"
placeholders) are skipped and listed in INDEX.md with the reason. The object
examples at the top of a page (the "Attribute"/"Example" block) are neither
request nor response and are listed as not extracted. The bundles part of
composite-items-and-bundles (from the "Create Bundle" heading on) is not
extracted.

Each example is also matched to the JSON Schema definition of the Zoho
Inventory module that documents the same operation (through the OpenAPI
documents in ../openapi, method + path template); Zoho Books examples are
matched to the Inventory operation with the same path (/books/v3/items ->
/items), which is what our facade answers.
"""

import argparse
import json
import os
import re
import shutil
import sys
import urllib.parse

try:
    import yaml
except ImportError:  # the schema column is optional
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = [
    "items-zoho-inventory",
    "items-zoho-books",
    "item-groups-zakya",
    "composite-items-and-bundles",
]
SCHEMA_MODULES = ["items", "itemgroups", "compositeitems", "locations"]


class Example:
    def __init__(self, source, line, kind, text):
        self.source = source
        self.line = line  # 1-based line where the example starts
        self.kind = kind  # "request" | "response" | "object"
        self.text = text
        self.value = None  # parsed JSON when valid
        self.skip_reason = None
        self.note = ""  # e.g. "repaired: ..."
        self.section = None
        self.file = None
        self.schema = None  # "items.json#create-an-item-response"


class Section:
    def __init__(self, title, line):
        self.title = title
        self.line = line  # 1-based
        self.method = None
        self.path = None
        self.curl_end = None  # 0-based index of last curl line
        self.number = None


def slug(title):
    s = title.lower().replace("'s", "s")
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s


def match_bracket(text, start):
    """Index one past the bracket matching text[start], string-aware, or -1."""
    depth = 0
    in_string = False
    escape = False
    for i in range(start, len(text)):
        c = text[i]
        if in_string:
            if escape:
                escape = False
            elif c == "\\":
                escape = True
            elif c == '"':
                in_string = False
            continue
        if c == '"':
            in_string = True
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def parse_example(ex):
    try:
        ex.value = json.loads(ex.text)
    except json.JSONDecodeError as e:
        if "{...}" in ex.text or "[...]" in ex.text:
            ex.skip_reason = 'contains "{...}" placeholders (elided list elements)'
        else:
            ex.skip_reason = "not valid JSON: %s" % e


def method_path_from(lines):
    """(METHOD, path-with-query) of the curl command, else the Python call."""
    text = "\n".join(lines)
    m = re.search(r"curl --request (\w+)", text)
    u = re.search(r"--url '([^']*)'", text)
    if m and u and u.group(1):
        parsed = urllib.parse.urlsplit(u.group(1))
        return m.group(1), parsed.path, parsed.query
    c = re.search(r'conn\.request\("(\w+)", "([^"]*)"', text)
    if c:
        parsed = urllib.parse.urlsplit(c.group(2))
        return c.group(1), parsed.path, parsed.query
    return None, None, None


def display_path(path, query):
    params = [p for p in query.split("&") if p and not p.startswith("organization_id=")]
    return path + ("?" + "&".join(params) if params else "")


# --------------------------------------------------------------------------
# Page layouts


def sections_inventory(lines):
    out = []
    for i in range(1, len(lines)):
        if lines[i] == "AI Tools" and lines[i - 1].strip():
            out.append(Section(lines[i - 1].strip(), i))  # line i is 1-based i
    return out[1:]  # the first is the page title ("Items"), the object page


def sections_by_oauth(lines):
    out = []
    for i, line in enumerate(lines):
        if not line.startswith("OAuth Scope"):
            continue
        for j in range(i - 1, 0, -1):
            t = lines[j].strip()
            if (t and not lines[j - 1].strip() and j + 1 < len(lines)
                    and not lines[j + 1].strip() and not t.endswith(".")):
                out.append(Section(t, j + 1))
                break
    return out


def find_curl(lines, lo, hi):
    """0-based index of the last line of the curl command in [lo, hi)."""
    for i in range(lo, hi):
        if lines[i].startswith("curl "):
            j = i
            while lines[j].rstrip().endswith("\\") and j + 1 < hi:
                j += 1
            return i, j
    return None, None


def scan_json(source, lines, lo, hi, kind_hint=None):
    """Every JSON value starting a line in [lo, hi) (0-based)."""
    found = []
    i = lo
    while i < hi:
        line = lines[i]
        stripped = line.lstrip()
        col = None
        if stripped.startswith("{") or stripped.startswith("["):
            col = len(line) - len(stripped)
        elif line.rstrip().endswith("{") and not stripped.startswith('"'):
            col = line.rstrip().rfind("{")  # "...inter{": glued object example
        if col is None:
            i += 1
            continue
        text = "\n".join(lines[i:hi])
        start = col
        end = match_bracket(text, start)
        if end < 0:
            ex = Example(source, i + 1, kind_hint or "?", text[start:])
            ex.skip_reason = "unterminated bracket"
            found.append(ex)
            break
        body = text[start:end]
        ex = Example(source, i + 1, kind_hint or "?", body)
        parse_example(ex)
        found.append(ex)
        i += body.count("\n") + 1
    return found


def classify(ex):
    if ex.kind != "?":
        return
    v = ex.value
    if v is None:
        ex.kind = "response" if re.match(r'\s*\{\s*"code"\s*:', ex.text) else "request"
    else:
        ex.kind = "response" if isinstance(v, dict) and "code" in v else "request"


def extract_bracketed(source, lines):
    if source == "items-zoho-inventory":
        sections = sections_inventory(lines)
    else:
        sections = sections_by_oauth(lines)
    if source == "composite-items-and-bundles":
        cut = [s for s in sections if s.title == "Create Bundle"]
        stop = cut[0].line - 1 if cut else len(lines)
        sections = [s for s in sections if s.line - 1 < stop]
    else:
        stop = len(lines)
    examples = []
    # Object example(s) before the first section.
    first = sections[0].line - 1
    for ex in scan_json(source, lines, 0, first, "object"):
        examples.append(ex)
    for k, sec in enumerate(sections):
        lo = sec.line - 1
        hi = sections[k + 1].line - 1 if k + 1 < len(sections) else stop
        c0, c1 = find_curl(lines, lo, hi)
        if c0 is None:
            print("warning: %s: no curl in section %r" % (source, sec.title), file=sys.stderr)
            continue
        sec.method, path, query = method_path_from(lines[lo:hi])
        sec.path = display_path(path, query)
        multipart = "multipart/form-data" in "\n".join(lines[c0:c1 + 1])
        for ex in scan_json(source, lines, c1 + 1, hi):
            ex.section = sec
            classify(ex)
            if multipart and ex.kind == "request":
                ex.note = ("the body is multipart/form-data; the page shows its "
                           "fields as JSON")
            examples.append(ex)
    return sections, examples, stop


FLAT_LINE = re.compile(r'^(\s*)"[^"]*":\s*("([^"\\]|\\.)*"|-?\d+(\.\d+)?|true|false|null)(,?)\s*$')


def repair_flat(text):
    """'"k": v,' lines at one indentation -> '{...}', else None."""
    lines = [l for l in text.split("\n") if l.strip()]
    indents = set()
    for n, l in enumerate(lines):
        m = FLAT_LINE.match(l)
        if not m:
            return None
        indents.add(m.group(1))
        has_comma = m.group(5) == ","
        if has_comma != (n + 1 < len(lines)):
            return None
    if len(indents) != 1:
        return None
    return "{\n" + "\n".join(lines) + "\n}"


def extract_zakya(source, lines):
    sections = sections_by_oauth(lines)
    examples = []
    for k, sec in enumerate(sections):
        lo = sec.line - 1
        hi = sections[k + 1].line - 1 if k + 1 < len(sections) else len(lines)
        sec.method, path, query = method_path_from(lines[lo:hi])
        sec.path = display_path(path, query)
        for i in range(lo, hi):
            label = lines[i].strip()
            if label not in ("Body ParametersCopy", "Response ExampleCopy"):
                continue
            j = i + 1
            while (j < hi and lines[j].strip() and lines[j].strip()
                   not in ("Body ParametersCopy", "Response ExampleCopy")):
                j += 1
            text = "\n".join(lines[i + 1:j])
            kind = "request" if label.startswith("Body") else "response"
            ex = Example(source, i + 2, kind, text)
            ex.section = sec
            parse_example(ex)
            if ex.value is None:
                repaired = repair_flat(text)
                if repaired is not None:
                    ex.text = repaired
                    ex.skip_reason = None
                    parse_example(ex)
                    ex.note = ("repaired: the page lost the outer braces (the scraper "
                               "dropped bracket-only lines); the flat object was "
                               "wrapped in { } and nothing else changed")
                else:
                    ex.skip_reason = ("not valid JSON: the scraper dropped every "
                                      "bracket-only line (and scalar-only array "
                                      "elements) and the nesting cannot be "
                                      "recovered without guessing")
            examples.append(ex)
    return sections, examples, len(lines)


# --------------------------------------------------------------------------
# Schema matching through the OpenAPI documents


def load_operations(reference):
    ops = []
    if yaml is None:
        return ops
    for module in SCHEMA_MODULES:
        path = os.path.join(reference, "openapi", module + ".yml")
        with open(path) as f:
            doc = yaml.safe_load(f)
        for template, methods in doc["paths"].items():
            regex = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)) + "$"
            for method, op in methods.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                req = None
                for c in op.get("requestBody", {}).get("content", {}).values():
                    ref = c.get("schema", {}).get("$ref")
                    if ref:
                        req = ref.split("/")[-1]
                res = None
                for r in op["responses"].values():
                    for c in r.get("content", {}).values():
                        ref = c.get("schema", {}).get("$ref")
                        if ref:
                            res = ref.split("/")[-1]
                ops.append((method.upper(), template, re.compile(regex), module, req, res))
    return ops


def match_schema(ops, method, path, kind):
    p = path.split("?")[0]
    # The Zakya page leaves the id out ("/itemgroups/", "/itemgroups//active").
    p = re.sub(r"/(?=/|$)", "/_", p)
    p = re.sub(r"^/(inventory/v1|books/v3)", "", p)
    hits = [o for o in ops if o[0] == method and o[2].match(p)]
    # Prefer literal segments over parameters (/items/active over /items/{id}).
    hits.sort(key=lambda o: o[1].count("{"))
    if not hits:
        return None
    m, template, _, module, req, res = hits[0]
    name = req if kind == "request" else res
    if not name:
        return None
    return "%s.json#%s" % (module, name)


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default="/work/shared/reference")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    ops = load_operations(args.reference)

    index = []
    for source in SOURCES:
        with open(os.path.join(args.reference, "original", source + ".txt"),
                  encoding="utf-8") as f:
            lines = f.read().split("\n")
        if source == "item-groups-zakya":
            sections, examples, stop = extract_zakya(source, lines)
        else:
            sections, examples, stop = extract_bracketed(source, lines)

        outdir = os.path.join(args.out, source)
        if os.path.isdir(outdir):
            shutil.rmtree(outdir)
        os.makedirs(outdir)

        number = 0
        seen = {}
        for ex in examples:
            sec = ex.section
            if sec is None:
                continue
            if sec.number is None:
                number += 1
                sec.number = number
            if ex.kind in ("request", "response"):
                ex.schema = match_schema(ops, sec.method, sec.path, ex.kind)
            if ex.skip_reason:
                continue
            base = "%02d_%s_%s" % (sec.number, slug(sec.title), ex.kind)
            n = seen.get(base, 0) + 1
            seen[base] = n
            name = base + ("" if n == 1 else "_%d" % n) + ".json"
            ex.file = name
            pretty = json.dumps(ex.value, indent=2, ensure_ascii=False) + "\n"
            # Re-indenting must not change a single number token (12.50 stays
            # 12.50, 2077500000000002000 stays an integer).
            as_text = dict(parse_float=str, parse_int=str)
            if json.loads(pretty, **as_text) != json.loads(ex.text, **as_text):
                sys.exit("%s line %d: re-indenting changed the value" % (source, ex.line))
            with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
                f.write(pretty)
        index.append((source, sections, examples, stop, len(lines)))

    write_index(args.out, index)


def write_index(out, index):
    w = []
    w.append("# Reference payloads")
    w.append("")
    w.append("The JSON request and response examples of the scraped vendor pages in")
    w.append("`/work/shared/reference/original/`, one example per file, written by")
    w.append("`extract.py` (rerun it to regenerate this directory; it rewrites the")
    w.append("`<source>/` directories and this file). Values are exactly as printed")
    w.append("on the page, only re-indented (extract.py checks that no number token")
    w.append("changed); the one exception is the Zakya examples marked \"repaired\",")
    w.append("which lost their outer braces on the page and got them back. Line")
    w.append("numbers are 1-based lines of the source page where the example begins.")
    w.append("")
    w.append("`schema` names the draft-07 definition in")
    w.append("`/work/shared/reference/json-schema/` that documents the same operation")
    w.append("(matched by method and path through the OpenAPI documents; Zoho Books")
    w.append("examples are matched to the Inventory operation with the same path).")
    w.append("`tests/support/json_schema_test.cc` validates every extracted file")
    w.append("against that definition and lists each violation it shows.")
    w.append("")
    w.append("## Summary")
    w.append("")
    w.append("| source | requests | responses | of which repaired | skipped | not extracted |")
    w.append("| --- | --- | --- | --- | --- | --- |")
    for source, sections, examples, stop, nlines in index:
        req = sum(1 for e in examples if e.file and e.kind == "request")
        res = sum(1 for e in examples if e.file and e.kind == "response")
        repaired = sum(1 for e in examples if e.file and e.note.startswith("repaired"))
        skipped = [e for e in examples if e.skip_reason and e.kind != "object"]
        skipped_text = "%d (%d request%s, %d response%s)" % (
            len(skipped),
            sum(1 for e in skipped if e.kind == "request"),
            "" if sum(1 for e in skipped if e.kind == "request") == 1 else "s",
            sum(1 for e in skipped if e.kind == "response"),
            "" if sum(1 for e in skipped if e.kind == "response") == 1 else "s")
        other = sum(1 for e in examples if e.kind == "object")
        w.append("| %s | %d | %d | %d | %s | %d object example%s |"
                 % (source, req, res, repaired, skipped_text, other,
                    "" if other == 1 else "s"))
    for source, sections, examples, stop, nlines in index:
        w.append("")
        w.append("## %s" % source)
        w.append("")
        w.append("Source: `original/%s.txt`." % source)
        if stop < nlines:
            w.append("The bundles part (line %d to the end, %d) is not extracted." % (stop + 1, nlines))
        w.append("")
        w.append("| file | line | endpoint | kind | schema | note |")
        w.append("| --- | --- | --- | --- | --- | --- |")
        for ex in examples:
            if ex.kind == "object":
                continue
            sec = ex.section
            endpoint = "`%s %s` (%s)" % (sec.method, sec.path, sec.title)
            if re.search(r"/(/|$)", sec.path.split("?")[0]):
                endpoint += ", the page leaves the id out of the URL"
            f = "`%s/%s`" % (source, ex.file) if ex.file else "skipped"
            note = ex.skip_reason or ex.note
            schema = "`%s`" % ex.schema if ex.schema else "none"
            w.append("| %s | %d | %s | %s | %s | %s |" % (f, ex.line, endpoint, ex.kind, schema, note))
        bare = [s for s in sections if s.number is None]
        if bare:
            w.append("")
            w.append("Endpoints on this page without a JSON example: "
                     + "; ".join("%s (`%s %s`, line %d)" % (s.title, s.method, s.path, s.line)
                                 for s in bare) + ".")
        objs = [e for e in examples if e.kind == "object"]
        if objs:
            w.append("")
            for ex in objs:
                w.append("Not extracted: the object example at line %d (%s), the page's "
                         "description of the entity, neither a request nor a response."
                         % (ex.line, "valid JSON" if ex.value is not None else ex.skip_reason))
    with open(os.path.join(out, "INDEX.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(w) + "\n")


if __name__ == "__main__":
    main()
