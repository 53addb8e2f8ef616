"""The ``amend`` command: one subcommand per stage; errors are one line.

``main(argv) -> int`` never raises for bad input: an :class:`AmendError`
becomes ``amend: <message>`` on stderr and exit code 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .akn import atomic_write, read_text_file, serialize
from .errors import AmendError

DEFAULT_CORPUS = "corpus"


def _out(data: str | bytes, path: str | None) -> None:
    if path:
        atomic_write(path, data)
    else:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)


def cmd_parse(a) -> int:
    from .parse import parse_text
    text = read_text_file(a.file)
    result = parse_text(text, Path(a.file).name)
    for d in result.diagnostics:
        print(str(d), file=sys.stderr)
    _out(serialize(result.tree), a.output)
    return 0


def cmd_validate(a) -> int:
    from .corpus import WORK_FILE
    from .validate import validate_file
    files: list[Path] = []
    for p in a.paths:
        p = Path(p)
        files.extend(sorted(p.rglob(WORK_FILE)) if p.is_dir() else [p])
    if not files:
        raise AmendError("nothing to validate", where=" ".join(a.paths), expected="XML files or a corpus folder")
    errors = warnings = 0
    for f in files:
        diags = validate_file(f)
        for d in diags:
            if d.level == "info" and not a.verbose:
                continue
            print(str(d), file=sys.stderr if d.level != "info" else sys.stdout)
        errors += sum(d.level == "error" for d in diags)
        warnings += sum(d.level == "warning" for d in diags)
    print(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def cmd_corpus(a) -> int:
    from . import corpus as c
    if a.action == "list":
        cor = c.load_corpus(a.corpus)
        rows = [{"uri": e.uri, "type": e.type_name, "number": e.number, "date": e.date, "in_force": e.in_force,
                 "status": e.status, "issuer": e.issuer, "title": e.title} for e in cor]
        if a.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(f"{r['date'] or '?':10}  {r['type']:<12} {r['number'] or '(không rõ số)':<18} "
                      f"{'đủ' if r['status'] == 'complete' else 'chỉ siêu dữ liệu':<16} {r['title'][:70]}")
            print(f"{len(rows)} work(s)")
        return 0
    if a.action == "add":
        e, diags = c.add_text(a.corpus, a.file)
        for d in diags:
            print(str(d), file=sys.stderr)
        print(f"added {e.uri}")
        return 0
    if a.action == "add-cited":
        for e in c.add_cited_works(a.corpus, a.work):
            print(f"added {e.uri} (metadata only)")
        return 0
    if a.action == "add-work":
        e = c.add_metadata_work(a.corpus, subtype=a.subtype, number=a.number, date=a.date, title=a.title,
                                issuer=a.issuer, locality=a.locality, in_force=a.in_force, note=a.note,
                                slug_hint=a.slug, source_path=a.source, date_before=a.date_before)
        print(f"added {e.uri} (metadata only)")
        return 0
    raise AmendError(f"unknown corpus action {a.action!r}")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="amend", description="Vietnamese legal documents: parse, amend, consolidate, link, publish.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("parse", help="published plain text → Akoma Ntoso XML")
    s.add_argument("file")
    s.add_argument("-o", "--output")
    s.set_defaults(func=cmd_parse)
    s = sub.add_parser("validate", help="check XML files or a corpus: AKN XSD, amend profile, eIds, table arithmetic")
    s.add_argument("paths", nargs="+")
    s.add_argument("-v", "--verbose", action="store_true", help="also print what was checked")
    s.set_defaults(func=cmd_validate)
    s = sub.add_parser("corpus", help="the corpus catalogue: list, add a text, add metadata-only works")
    s.add_argument("action", choices=["list", "add", "add-cited", "add-work"])
    s.add_argument("file", nargs="?", help="text file (add)")
    s.add_argument("--corpus", default=DEFAULT_CORPUS)
    s.add_argument("--json", action="store_true")
    s.add_argument("--work", help="work whose citations to add (add-cited)")
    for opt in ("subtype", "number", "date", "title", "issuer", "locality", "in-force", "note", "slug", "source",
                "date-before"):
        s.add_argument(f"--{opt}")
    s.set_defaults(func=cmd_corpus)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    try:
        return a.func(a)
    except AmendError as e:
        print(f"amend: {e.one_line()}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
