"""The ``amend`` command: one subcommand per stage; errors are one line.

``main(argv) -> int`` never raises for bad input: an :class:`AmendError`
becomes ``amend: <message>`` on stderr and exit code 2.

Exit codes: 0 done; 2 bad input or a conflict (one line on stderr);
3 an internal error; 4 (``consolidate``) the text was written, but some
instructions of the amending documents were not applied: the output opens
with the list, and ``--allow-pending`` makes this exit 0.
"""
from __future__ import annotations

import argparse
import os
import json
import sys
from pathlib import Path

from .akn import serialize
from .output import atomic_write
from .text import vi_date
from .errors import AmendError

DEFAULT_CORPUS = "corpus"
CORPUS_HELP = ("the corpus folder (default: $AMEND_CORPUS, else the nearest corpus/ folder in this directory "
               "or one above it)")


def find_corpus(start: Path | None = None) -> str:
    """The corpus to use when none is named: $AMEND_CORPUS, else the nearest ``corpus/`` at or above ``start``."""
    env = os.environ.get("AMEND_CORPUS")
    if env:
        return env
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / DEFAULT_CORPUS).is_dir():
            return str(d / DEFAULT_CORPUS)
    return DEFAULT_CORPUS
EXIT_PENDING = 4      # consolidate: written, with instructions not applied (listed in the output)


def _out(data: str | bytes, path: str | None, inputs=()) -> None:
    if path:
        from .output import refuse_inputs
        refuse_inputs(path, [i for i in inputs if i and Path(i).exists()])
        atomic_write(path, data)
    else:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)


def cmd_parse(a) -> int:
    from .ingest import load_source, parse_source
    src = load_source(a.file, legacy=a.legacy_encoding)
    result = parse_source(src)
    for line in src.dropped:
        print(f"amend: {a.file}: left out (not part of the document): {line}", file=sys.stderr)
    for d in result.diagnostics:
        print(str(d), file=sys.stderr)
    _out(serialize(result.tree), a.output, [a.file])
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
    errors = warnings = unreadable = 0
    for f in files:
        try:
            diags = validate_file(f)
        except AmendError as e:      # one unreadable file is reported; the others are still checked
            print(f"amend: {e.one_line()}", file=sys.stderr)
            errors += 1
            unreadable += 1
            continue
        for d in diags:
            if d.level == "info" and not a.verbose:
                continue
            print(str(d), file=sys.stderr if d.level != "info" else sys.stdout)
        errors += sum(d.level == "error" for d in diags)
        warnings += sum(d.level == "warning" for d in diags)
    print(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return 2 if errors and len(files) == 1 and unreadable else (1 if errors else 0)


def _problems(cor) -> int:
    """Name every corpus file that was left out (one line each); 1 if there were any."""
    for e in cor.problems:
        print(f"amend: {e.one_line()} (left out)", file=sys.stderr)
    return 1 if cor.problems else 0


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
        return _problems(cor)
    if a.action == "add":
        e, diags = c.add_text(a.corpus, a.file, legacy=a.legacy_encoding)
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
    if a.action == "derive":
        e = c.derive_work(a.corpus, a.work, provisions=(a.provisions or "").split(","), subtype=a.subtype,
                          title=a.title, slug_hint=a.slug, note=a.note, issuer=a.issuer)
        print(f"added {e.uri} (derived from {a.work})")
        return 0
    if a.action == "relate":
        e = c.add_relation(a.corpus, a.work, a.kind, a.target, note=a.note)
        print(f"{e.uri} {a.kind} {a.target}")
        return 0
    raise AmendError(f"unknown corpus action {a.action!r}")


# --- amend stage ---------------------------------------------------------------
def _document(arg: str, corpus_root: str):
    """A document named on the command line: a .txt/.xml file, or a work of the corpus."""
    from .akn import load_akn
    p = Path(arg)
    if p.is_file():
        from .ingest import is_akn_xml, parse_file
        with open(p, "rb") as f:
            head = f.read(4096)
        if p.suffix.lower() == ".xml" or is_akn_xml(head):
            return load_akn(p)
        return parse_file(p).tree          # a text, a web page, a DOCX or a PDF
    from .corpus import load_corpus
    return load_corpus(corpus_root).tree(arg)


def _family(corpus_root: str):
    from .corpus import Family, load_corpus
    return Family(load_corpus(corpus_root))


def _resolver(corpus_root: str, trees=()):
    from .read import Resolver, work_info
    res = Resolver()
    if Path(corpus_root).is_dir():
        from .corpus import load_corpus
        cor = load_corpus(corpus_root)
        for e in cor:
            res.add(work_info(cor.tree(e.uri)))
    for t in trees:
        res.add(work_info(t))
    return res


def _op_line(o, infos: dict | None = None) -> str:
    tgt = o.target or "(chưa xác định)"
    extra = ""
    if o.kind in ("replace-words", "delete-words", "correct"):
        extra = f" “{o.old}” → “{o.new}”" + (f" ×{o.count}" if o.count else "")
    elif o.kind == "remove-rows":
        extra = f" {len(o.labels)}/{o.count} items → rows {', '.join(o.rows)}"
    elif o.kind == "change-value":
        extra = f" {o.old} → {o.new}" + (f" (difference {o.difference})" if o.difference else "")
    elif o.kind == "move":
        extra = f" → {o.destination} as {o.new_eid}; “{o.label}” matched “{o.matched[:50]}” score {o.score}"
    elif o.kind == "suspend":
        extra = f" until {o.until}"
    status = "" if o.status == "ready" else f" [{o.status}: {o.note}]"
    return (f"{o.effective or '????-??-??'}  {o.source.label or o.source.provision:<28} {o.kind:<14} "
            f"{work_label(o.work, infos)} → {tgt}{extra}{status}")


def work_label(uri: str | None, infos: dict | None = None) -> str:
    """A work as a reader names it: its number when known ("16/2017/QH14"), else its URI; never "None"."""
    if not uri:
        return "(văn bản chưa xác định)"
    info = (infos or {}).get(uri)
    return info.number if info is not None and info.number else uri


def cmd_ops(a) -> int:
    from .read import read, work_info
    from .ops import dumps
    p = Path(a.amending)
    if p.is_file():
        tree = _document(a.amending, a.corpus)
        against = [_document(x, a.corpus) for x in a.against or []]
        res = _resolver(a.corpus, [tree, *against])
        from .akn import eids
        bases = {work_info(t).uri: eids(t) for t in against}
        reading = read(tree, res, bases=bases, document=p.name)
        infos = res.by_uri
        if a.store:
            from .read import store
            if not a.output:
                raise AmendError("--store writes the amending document with its reading", expected="-o OUT.xml")
            _out(serialize(store(tree, reading, against=bases)), a.output, [a.amending, *(a.against or [])])
            print(f"{len(reading.operations)} thao tác và phần chưa đọc được ghi vào {a.output} "
                  f"(đọc theo {len(bases)} văn bản được sửa đổi)")
            return 0
    else:
        if a.store:
            raise AmendError("--store needs the amending document as a file", expected="amend ops FILE --against BASE "
                             "--store -o OUT.xml")
        fam = _family(a.corpus)
        uri = fam.corpus.get(a.amending).uri
        reading = fam.by_source.get(uri)
        infos = fam.infos
        if reading is None:
            from .read import Reading
            reading = Reading(fam.infos[uri])
    if a.json:
        print(json.dumps({"document": reading.work.uri, "operations": json.loads(dumps(reading.operations)),
                          "unread": [str(u) for u in reading.unread],
                          "findings": [f.__dict__ for f in reading.findings], "normative": reading.normative,
                          "gaps": [g.__dict__ for g in getattr(reading, "gaps", [])]},
                         ensure_ascii=False, indent=1, sort_keys=True))
        return 0
    if a.report:
        from .read import OUTCOMES
        for f in reading.findings:
            where = f.label or ("phần kết" if not f.provision else f.provision)
            # the document the provision amends, for the provisions that amend one
            dest = f" [→ {work_label(f.work, infos)}]" if f.work and f.outcome in ("operation", "proposed", "unread",
                                                                                   "container") else ""
            print(f"{where:<24} {OUTCOMES.get(f.outcome, f.outcome):<40}{dest} {f.sentence[:110]}")
        if not reading.normative:
            print("Văn bản này không phải văn bản quy phạm pháp luật (công văn): không sửa đổi văn bản nào.")
    else:
        for o in reading.operations:
            print(_op_line(o, infos))
        for u in reading.unread:
            print(f"unread: {u}")
    for g in getattr(reading, "gaps", []):
        print(f"not stated: {g.message}" + (f" — “{g.sentence[:90]}”" if g.sentence else ""))
    ready = len(reading.operations) - len(reading.proposed)
    unread = len([u for u in reading.unread if not any(o.source.sentence == u.extra.get("sentence")
                                                        for o in reading.proposed)])
    print(f"{ready} thao tác, {len(reading.proposed)} cần kiểm tra, {unread} chưa đọc được")
    return 0


def _split_at(arg: str):
    from .versions import parse_date_arg
    if "@" in arg and not Path(arg).exists():
        base, _, date = arg.rpartition("@")
        return base, parse_date_arg(date)
    return arg, None


def cmd_explain(a) -> int:
    import copy

    from .read import explain
    from .ops import Index
    from .render.text import unit_lines
    base_arg, date = _split_at(a.against)
    if date:
        cons = _family(a.corpus).consolidate(base_arg)
        base_tree = cons.at(date).root
    else:
        base_tree = _document(base_arg, a.corpus)
    root = base_tree.getroot() if hasattr(base_tree, "getroot") else base_tree
    reading = explain(a.instruction, root, _resolver(a.corpus) if Path(a.corpus).is_dir() else None)
    work = copy.deepcopy(root)
    index = Index(work)
    from .read import work_info
    base_uri = work_info(root).uri
    for o in reading.operations:
        print("reading:  " + _op_line(o))
        if o.status != "ready":
            continue
        if o.kind in ("replace-work", "repeal-work"):
            print(f"target:   {o.work}: the whole document's status changes; its text does not")
            continue
        if o.work != base_uri:
            print(f"target:   {o.work}: another document, not the one explained against; nothing applied here")
            continue
        before = index.get(o.target)
        before_lines = list(unit_lines(before)) if before is not None else []
        o.apply(index)
        after = index.get(getattr(o, "new_eid", "") or o.target)
        print(f"target:   {o.target}" + ("" if before is not None else " (new)"))
        for line in before_lines:
            print(f"  - {line}")
        for line in (unit_lines(after) if after is not None else []):
            print(f"  + {line}")
    for u in reading.unread:
        print(f"unread: {u}")
    if not reading.operations:
        print("no operation read from this instruction")
        return 1
    return 0


def _consolidation(a, roots: dict | None = None, *, latest_only: bool = False):
    """The consolidation the command names; ``roots`` (if given) receives every enacted tree read, by URI.
    ``latest_only``: only the latest version is wanted, so no copy of the earlier ones is kept (and, when
    nothing else needs the enacted base, the base read from its file is replayed in place)."""
    from .read import work_info
    if a.amending or Path(a.base).is_file():     # files: only the files named are read
        from .versions import consolidate_trees
        base = _document(a.base, a.corpus)
        trees = _distinct_documents(a.amending, [_document(x, a.corpus) for x in a.amending])
        if roots is not None:
            roots.update({work_info(t).uri: t.getroot() for t in [base, *trees]})
        return consolidate_trees(base, trees, resolver=_resolver(a.corpus, [base, *trees]),
                                 snapshots=not latest_only, in_place=latest_only and roots is None,
                                 from_current_text=getattr(a, "from_current_text", False))
    fam = _family(a.corpus)
    if roots is not None:      # the base and the documents acting on it, not every tree of the corpus
        uri = fam.corpus.get(a.base).uri
        roots.update({u: fam.roots[u] for u in [uri, *(r.work.uri for r in fam.amending(uri))] if u in fam.roots})
    return fam.consolidate(a.base)


def _distinct_documents(paths: list[str], trees: list) -> list:
    """The amending documents given, each once: the same document named twice is read once; two different texts
    carrying the same number and date (a typing error in one, or two issuers) are a conflict naming both files,
    never a result that depends on their order. (Texts are compared only for documents that share an identity.)"""
    from .errors import ConflictError
    from .read import work_info
    seen: dict[str, tuple[str, object]] = {}
    out = []
    for path, t in zip(paths, trees):
        info = work_info(t)
        if info.uri in seen:
            first_path, first = seen[info.uri]
            if _text_of_document(first) != _text_of_document(t):
                raise ConflictError("two different documents carry the same number and date",
                                    document=info.number or info.uri, where=f"{first_path} and {path}",
                                    expected="one text for each document number and date")
            continue
        seen[info.uri] = (path, t)
        out.append(t)
    return out


def _text_of_document(tree) -> bytes:
    """The document as XML without its metadata (where and how the file was read is not the text)."""
    import copy
    from .akn import serialize
    doc = copy.deepcopy(tree.getroot())
    for meta in doc.findall(".//{*}meta"):
        meta.getparent().remove(meta)
    return serialize(doc)


def _version_at(cons, at: str | None):
    """The version in force on ``at`` (the latest without it); a date before the base was signed is an error."""
    from .versions import parse_date_arg
    if at is None:
        return cons.versions[-1]
    day = parse_date_arg(at)
    signed = cons.base.signed
    if signed and day < signed:
        name = f"{cons.base.type_name} {cons.base.number or ''}".strip()
        raise AmendError(f"signed on {vi_date(signed)}, so it has no text on {vi_date(day)}",
                         document=name, expected=f"a date from {vi_date(signed)} on")
    return cons.at(day)


def cmd_consolidate(a) -> int:
    from .render.notes import footnotes_for
    from .render.text import render_text
    inputs = [a.base, *a.amending, a.corpus]
    if a.output:       # refused before any work, not after it
        from .output import refuse_inputs
        refuse_inputs(a.output, [i for i in inputs if Path(i).exists()])
    # the enacted texts, for the formats that cite them (the official form, the exports)
    roots: dict | None = {} if a.format not in ("xml", "text") else None
    cons = _consolidation(a, roots, latest_only=a.at is None)
    v = _version_at(cons, a.at)
    if a.format == "vbhn":
        from .render.notes import NOTE_STYLES
        from .render.vbhn import official
        _out(official(v, cons, roots, NOTE_STYLES[a.note_style]).text(), a.output, inputs)
    elif a.format == "xml":        # a version of an XML document keeps its layout (as the site's main.xml)
        _out(serialize(v.root, reindent=None), a.output, inputs)
    elif a.format == "text":
        text = render_text(v.root, footnotes=footnotes_for(v, cons) if a.footnotes else None)
        if v.gaps:
            text += "\nKhông được nêu trong nguồn:\n" + "\n".join(
                f"- {g.message}" + (f": “{g.sentence}”" if g.sentence else "") for g in v.gaps) + "\n"
        _out(text, a.output, inputs)
    else:
        from .render import export_version
        _out(export_version(a.format, v, cons, roots), a.output, inputs)
    from .versions import unapplied_lines
    notice = unapplied_lines(v.unapplied)
    for line in notice:
        print(f"amend: {line}", file=sys.stderr)
    if notice and not a.allow_pending:
        return EXIT_PENDING
    return 0


def cmd_verify(a) -> int:
    """A computed VBHN against a published one (or a clerk's draft): every divergence, a rate, exit 0 if they agree."""
    from .render.vbhn import official
    from .verify import article_labels, verify
    roots: dict = {}
    cons = _consolidation(a, roots)
    v = _version_at(cons, a.at)
    published = Path(a.against)
    from .ingest import load_source
    text = load_source(published).text       # a text, a web page, a DOCX or a PDF: found from its content
    from .render.notes import NOTE_STYLES
    style = a.note_style
    if style == "auto":        # the wording the published text uses, so that its notes compare word for word
        from .verify import note_style_of
        style = note_style_of(text)
        print(f"amend: chú thích so sánh theo kiểu {style} (nhận biết từ văn bản công bố)", file=sys.stderr)
    doc = official(v, cons, roots, NOTE_STYLES[style])
    # from the motto to the authentication block: what the issuer alone supplies and the annexes after it
    # are not compared
    end = next((i for i, (k, _) in enumerate(doc.items) if k == "issuer"), len(doc.items))
    body = [p for k, p in doc.items[:end] if k not in ("notice", "table")]
    labels = article_labels(v.root)
    r = verify(body, doc.notes, labels, text, published.name)
    sys.stdout.write(r.report())
    return 0 if r.agrees else 1


def _provision_arg(text: str) -> str:
    """A provision named on the command line: an eId as it is, or as a lawyer cites it ("điểm a khoản 2 Điều 5")."""
    import re as _re
    if _re.match(r"^[a-z]+_[\w-]", text):
        return text
    from .read.grammar import read_refs, ref_eid
    refs = read_refs(text)
    if not refs:
        raise AmendError("not a provision", where=text, expected="e.g. \"khoản 5 Điều 26\" or art_26__para_5")
    return ref_eid(refs[0].levels)


def cmd_history(a) -> int:
    cons = _family(a.corpus).consolidate(a.work) if not a.amending else _consolidation(
        argparse.Namespace(base=a.work, amending=a.amending, corpus=a.corpus))
    if a.blame:
        from .versions import parse_date_arg
        changes = sorted(cons.blame(parse_date_arg(a.blame)).values(), key=lambda c: c.target)
    else:
        changes = cons.provision_history(_provision_arg(a.provision)) if a.provision else cons.history
    if a.provision:
        a.provision = _provision_arg(a.provision)
    if a.json:
        print(json.dumps([c._asdict() for c in changes], ensure_ascii=False, indent=1))
        return 0
    from .read import provision_label
    from .render.vocab import CHANGE_KIND_VI
    root = cons.versions[-1].root
    heads = ["Ngày", "Quy định", "Thay đổi", "Theo"] + (["eId", "Thao tác"] if a.ids else [])
    rows = [[vi_date(c.date), provision_label(c.target, root) or "toàn văn bản", CHANGE_KIND_VI.get(c.kind, c.kind),
             c.source + (f" ({c.note})" if "áp dụng từ" in (c.note or "") else "")]
            + ([c.target, c.op] if a.ids else []) for c in changes]
    where = f" đối với {provision_label(a.provision, root)}" if a.provision else ""
    _print_table(heads, rows, f"Không có thay đổi nào được ghi nhận{where}.")
    return 0


# --- tables for a reader: Vietnamese headings, provisions as cited, dates dd/mm/yyyy -----------------------
def _print_table(headers: list[str], rows: list[list[str]], empty: str) -> None:
    """A table with a heading row and columns aligned; ``empty`` said in words when there is no row."""
    if not rows:
        print(empty)
        return
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    widths[-1] = 0                                   # the last column runs to the end of the line
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    print("  ".join("-" * max(w, len(h)) for h, w in zip(headers, widths)))
    for r in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip())


# graph answers: (key, heading, how to show it); keys whose values are identifiers only with --ids
_GRAPH_COLUMNS = [("label", "Văn bản", None), ("by", "Văn bản tác động", "work"), ("kind", "Quan hệ", "edge"),
                  ("provision", "Quy định tác động", "eid"), ("target", "Quy định bị tác động", "eid"),
                  ("depth", "Cấp", None), ("status", "Tình trạng", None), ("date", "Ngày", "date"),
                  ("successor", "Nay do", "work"), ("rule", "Quy tắc", None), ("source", "Văn bản", "work"),
                  ("message", "Nội dung", None), ("unresolved", "Trong kho", "have")]
_ID_KEYS = ("uri", "op")


def _graph_rows(data, lg, ids: bool) -> tuple[list[str], list[list[str]]]:
    from .read import provision_label
    from .render.vocab import EDGE_VI
    rows = data if isinstance(data, list) else [data]
    dicts = [r if isinstance(r, dict) else {"label": " ".join(lg.label(u) for u in r)} for r in rows]
    keys = [k for k, _h, _f in _GRAPH_COLUMNS if any(k in d for d in dicts)]
    if "message" in keys and "label" in keys:
        keys.remove("label")
    if "by" in keys and "label" in keys and all(d.get("label") == lg.label(d.get("by", "")) for d in dicts):
        keys.remove("label")          # the label is the acting document's own: said once
    if "message" in keys:          # a finding: its message says which documents; the rule as a word
        keys = [k for k in keys if k in ("rule", "message")]
    if ids:
        keys += [k for k in _ID_KEYS if any(k in d for d in dicts)]
    heads = {k: h for k, h, _f in _GRAPH_COLUMNS} | {"uri": "URI", "op": "Thao tác"}
    fmts = {k: f for k, _h, f in _GRAPH_COLUMNS}

    def show(k, v, d):
        f = fmts.get(k)
        if v in (None, ""):
            return ""
        if f == "date":
            return vi_date(v)
        if f == "edge":
            return EDGE_VI.get(v, v)
        if f == "eid":
            return provision_label(v) if not str(v).startswith("/akn/") else lg.label(v)
        if f == "work":
            return lg.label(v) if str(v).startswith("/akn/") else v
        if f == "have":
            return "không" if v else "có"
        return str(v)
    return [heads[k] for k in keys], [[show(k, d.get(k), d) for k in keys] for d in dicts]


# --- link stage -----------------------------------------------------------------
def cmd_graph(a) -> int:
    from .graph import build_graph
    from .versions import parse_date_arg
    fam = _family(a.corpus)
    _problems(fam.corpus)
    lg = build_graph(fam)
    uri = fam.corpus.get(a.work).uri if a.work else None
    at = parse_date_arg(a.at) if a.at else None
    need_work = {"bases", "amendments", "impact", "status"}
    if a.question in need_work and not uri:
        raise AmendError(f"amend graph {a.question} needs a work", expected="a number or an FRBR URI")
    if a.question == "bases":
        data = lg.bases(uri, transitive=a.transitive, at=at)
    elif a.question == "amendments":
        data = lg.amendments(uri)
    elif a.question == "impact":
        data = [{"uri": u, "label": lg.label(u)} for u in sorted(lg.impact(uri))]
    elif a.question == "status":
        if not at:
            raise AmendError("amend graph status needs --at DATE")
        data = {"uri": uri, "date": at, "status": lg.status(uri, at), "successor": lg.successor(uri, at)}
        if a.provision:
            data["provision"] = a.provision
            data["provision_status"] = fam.consolidate(uri).provision_status(a.provision, at)
    elif a.question == "in-force":
        if not at:
            raise AmendError("amend graph in-force needs --at DATE")
        data = [{"uri": u, "label": lg.label(u), "status": lg.status(u, at)} for u in lg.in_force(at)]
    elif a.question == "authority":
        data = [f.__dict__ for f in lg.authority()]
    elif a.question == "cycles":
        data = lg.cycles()
    elif a.question == "dangling":
        data = [f.__dict__ for f in lg.dangling()]
    else:  # export
        fmt = a.format or "json"
        if fmt == "svg":
            _out(lg.to_svg(uri, radius=a.radius), a.output, [a.corpus])
            return 0
        write = {"json": lg.write_json, "graphml": lg.write_graphml}[fmt]
        if a.output:                 # streamed into the file, which appears whole or not at all
            from .output import atomic_file, refuse_inputs
            refuse_inputs(a.output, [a.corpus] if Path(a.corpus).exists() else [])
            with atomic_file(a.output) as f:
                write(f)
        else:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return 0
    if a.json or a.question in ("cycles",):
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    heads, rows = _graph_rows(data, lg, a.ids)
    _print_table(heads, rows, "Không có kết quả.")
    return 0


# --- publish stage -----------------------------------------------------------
def cmd_build(a) -> int:
    from .render import build_site
    from .versions import parse_date_arg
    r = build_site(a.corpus_dir, a.output, as_of=parse_date_arg(a.as_of) if a.as_of else None,
                   progress=not a.quiet and sys.stderr.isatty(), workers=a.workers, scheduler=a.scheduler)
    again = f" ({r.works - r.reused} built, {r.reused} unchanged since the last build)" if r.reused else ""
    print(f"built {r.out}: {r.works} works{again}, {r.versions} versions, {r.pages} pages; "
          f"open {r.out / 'index.html'}")
    if r.seconds:
        print("time: corpus read and linked {read} s, works built {works} s ({engine}), index, search and graph "
              "pages {corpus_pages} s".format(**r.seconds, engine=r.engine))
    for e in r.problems:
        print(f"amend: {e.one_line()} (left out; listed on the index page)", file=sys.stderr)
    return 1 if r.problems else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="amend", description="Vietnamese legal documents: parse, amend, consolidate, link, publish.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    legacy_help = ("a text typed in a pre-Unicode encoding: convert it from TCVN3 (ABC) or VNI (done by itself "
                   "when the encoding is certain)")
    s = sub.add_parser("parse", help="published plain text → Akoma Ntoso XML")
    s.add_argument("file")
    s.add_argument("--legacy-encoding", choices=["tcvn3", "vni"], help=legacy_help)
    s.add_argument("-o", "--output", help="the file to write (default: standard output)")
    s.set_defaults(func=cmd_parse)
    s = sub.add_parser("validate", help="check XML files or a corpus: AKN XSD, amend profile, eIds, table arithmetic")
    s.add_argument("paths", nargs="+")
    s.add_argument("-v", "--verbose", action="store_true", help="also print what was checked")
    s.set_defaults(func=cmd_validate)
    s = sub.add_parser("corpus", help="the corpus catalogue: list, add a text, add metadata-only works")
    s.add_argument("action", choices=["list", "add", "add-cited", "add-work", "derive", "relate"])
    s.add_argument("file", nargs="?", help="text file (add)")
    s.add_argument("--legacy-encoding", choices=["tcvn3", "vni"], help="add: " + legacy_help)
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.add_argument("--json", action="store_true", help="list: the catalogue as JSON")
    s.add_argument("--work", help="work whose citations to add (add-cited)")
    corpus_opts = {
        "subtype": "the kind of document (nghi-quyet, quyet-dinh, thong-tu, de-an, …)",
        "number": "its official number (\"20/2019/NQ-HĐND\")", "date": "the date of signing (yyyy-mm-dd)",
        "title": "its title (trích yếu)", "issuer": "the issuing body, in capitals as printed",
        "locality": "the province's short name for provincial documents (haiduong)",
        "in-force": "the in-force date a source states (yyyy-mm-dd), or 'earliest' for the statutory minimum",
        "note": "a note shown with the work", "slug": "the URI's last part for a work without a number",
        "source": "the text the work is known from (kept beside it)",
        "date-before": "the latest date it can have been signed, when the date is not known",
        "provisions": "derive: the approving provisions (eIds, comma-separated)",
        "kind": "relate: the relation (amends, repeals, guides, …)", "target": "relate: the other work"}
    for opt, text in corpus_opts.items():
        s.add_argument(f"--{opt}", help=text)
    s.set_defaults(func=cmd_corpus)
    s = sub.add_parser("ops", help="the operations read from an amending document")
    s.add_argument("amending", help="a .txt/.xml file or a work of the corpus (number or FRBR URI)")
    s.add_argument("--against", action="append", help="the amended document (file), to resolve targets")
    s.add_argument("--json", action="store_true", help="operations, unread sentences and findings as JSON")
    s.add_argument("--report", action="store_true",
                   help="every block of the document with what was read from it, for a clerk to review")
    s.add_argument("--store", action="store_true",
                   help="write the amending document (-o OUT.xml) with its reading in its metadata (AKN "
                        "activeModifications and amend:operations): a consolidation against the same --against "
                        "documents takes it instead of reading again")
    s.add_argument("-o", "--output", help="with --store: the file to write")
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.set_defaults(func=cmd_ops)
    s = sub.add_parser("explain", help="dry-run one Vietnamese instruction against a document")
    s.add_argument("instruction")
    s.add_argument("--against", required=True, help="BASE or BASE@DATE (a file or a work of the corpus)")
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.set_defaults(func=cmd_explain)
    s = sub.add_parser("consolidate", help="the text of a work in force on a date")
    s.add_argument("base")
    s.add_argument("amending", nargs="*", help="amending documents (files); default: those in the corpus")
    s.add_argument("--at", help="date (YYYY-MM-DD or DD/MM/YYYY); default: the latest version")
    s.add_argument("--format", choices=["xml", "text", "vbhn", "json", "docx"], default="xml",
                   help="vbhn: the whole văn bản hợp nhất in the official form, as text")
    s.add_argument("--footnotes", action="store_true", help="text: print official-style footnotes")
    s.add_argument("--note-style", choices=["ngan-gon", "day-du", "vpqh"], default="ngan-gon",
                   help="vbhn: footnotes naming the amending document briefly with short dates (ngan-gon), or with "
                        "its date and issuer and long dates (day-du), or naming a law by its title and number with "
                        "long dates (vpqh, the Văn phòng Quốc hội), as issuers do")
    s.add_argument("--from-current-text", action="store_true",
                   help="replay the amendments onto a portal's current text (later changes merged in), which is "
                        "refused otherwise; every output then says so")
    s.add_argument("--allow-pending", action="store_true",
                   help=f"exit 0 even when instructions were not applied (otherwise exit {EXIT_PENDING}; "
                        "they are listed at the top of the output either way)")
    s.add_argument("-o", "--output", help="the file to write (default: standard output)")
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.set_defaults(func=cmd_consolidate)
    for name, helptext in (("history", "what changed a work or one provision, when, by which provision"),
                           ("blame", "for every changed unit of the version in force on a date: its last change")):
        s = sub.add_parser(name, help=helptext)
        s.add_argument("work")
        s.add_argument("amending", nargs="*", help="amending documents (files); default: the corpus")
        if name == "history":
            s.add_argument("--provision", help="one provision, as cited (\"khoản 5 Điều 26\") or by eId (art_26__para_5)")
            s.set_defaults(blame=None)
        else:
            s.add_argument("--at", dest="blame", required=True, help="the date (dd/mm/yyyy or yyyy-mm-dd)")
            s.set_defaults(provision=None)
        s.add_argument("--json", action="store_true", help="the changes as JSON, with their identifiers")
        s.add_argument("--ids", action="store_true", help="also show eIds and operation identifiers")
        s.add_argument("--corpus", default=None, help=CORPUS_HELP)
        s.set_defaults(func=cmd_history)
    s = sub.add_parser("verify", help="compare the computed văn bản hợp nhất with a published one or a clerk's draft")
    s.add_argument("base", help="the base document (file) or a work of the corpus")
    s.add_argument("amending", nargs="*", help="amending documents (files); default: those in the corpus")
    s.add_argument("--against", required=True, help="the published VBHN or the draft (a text file or an HTML page)")
    s.add_argument("--note-style", choices=["auto", "ngan-gon", "day-du", "vpqh"], default="auto",
                   help="the footnote wording to compare with (see consolidate --note-style); auto: the one the "
                        "published text uses")
    s.add_argument("--at", help="the date of the VBHN (YYYY-MM-DD or DD/MM/YYYY); default: the latest version")
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.set_defaults(func=cmd_verify)
    s = sub.add_parser("build", help="the static HTML site of a corpus: every work, version, redline and history")
    s.add_argument("corpus_dir", nargs="?", default=None, help=CORPUS_HELP)
    s.add_argument("-o", "--output", default="site", help="the site folder: empty, or a site amend built (default: site)")
    s.add_argument("--as-of", help="the site as it stood on this date: only documents and versions that existed then, statuses on it (default: today)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="build the works on N local processes (default: one per core; 1: in this process)")
    s.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                   help="build the works on a Dask distributed cluster (its nodes must see the corpus folder "
                        "at the same path); needs pip install 'amend[dask]'")
    s.set_defaults(func=cmd_build)
    s = sub.add_parser("graph", help="the relations graph: bases, amendments, impact, status, checks, exports")
    s.add_argument("question", choices=["bases", "amendments", "impact", "status", "in-force", "authority",
                                         "cycles", "dangling", "export"])
    s.add_argument("work", nargs="?")
    s.add_argument("--at", help="date for status questions")
    s.add_argument("--transitive", action="store_true", help="bases, amendments, impact: follow the chain")
    s.add_argument("--provision", help="status: an eId inside the work")
    s.add_argument("--format", choices=["json", "graphml", "svg"], help="export: the file format")
    s.add_argument("--radius", type=int, default=1, help="svg: how far around the work to draw")
    s.add_argument("-o", "--output", help="the file to write (default: standard output)")
    s.add_argument("--json", action="store_true", help="the answer as JSON, with URIs")
    s.add_argument("--ids", action="store_true", help="also show URIs and operation identifiers")
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    s.set_defaults(func=cmd_graph)
    return p


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Options anywhere on the line ("amend graph bases --json 08/2020/NQ-HĐND"): the command's own parser reads
    its options and positionals intermixed."""
    args = list(sys.argv[1:] if argv is None else argv)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    k = next((i for i, t in enumerate(args) if not t.startswith("-")), None)
    if k != 0 or args[k] not in sub.choices:
        return _with_corpus(parser.parse_args(args))      # help, or an unknown command: argparse says so
    ns = argparse.Namespace()
    rest = sub.choices[args[k]].parse_intermixed_args(args[k + 1:])
    for key, value in vars(rest).items():
        setattr(ns, key, value)
    ns.command = args[k]
    return _with_corpus(ns)


def _with_corpus(ns: argparse.Namespace) -> argparse.Namespace:
    for key in ("corpus", "corpus_dir"):
        if hasattr(ns, key) and getattr(ns, key) is None:
            setattr(ns, key, find_corpus())
    return ns


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    a = _parse(parser, argv)
    import gc
    # a command is short-lived and makes many small objects (one proxy per XML element it touches), few cycles:
    # the collector's young generation is checked ten times less often (its default, 700 allocations, cost a
    # consolidation job a tenth of its time); older generations as usual
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 7000), *threshold[1:])
    try:
        return a.func(a)
    except AmendError as e:
        print(f"amend: {e.one_line()}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as e:
        print(f"amend: {e.filename or ''}: {e.strerror or e}".replace(": : ", ": "), file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - a bug: still one line, and a distinct exit code
        print(f"amend: internal error ({type(e).__name__}: {e}); please report it with the command that caused it",
              file=sys.stderr)
        return 3
    finally:
        gc.set_threshold(*threshold)


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
