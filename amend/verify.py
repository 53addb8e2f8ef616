"""``amend verify``: a computed văn bản hợp nhất against a published one (or a clerk's draft).

Both are reduced to the same lines (the published text through the parser, so
its footnote markers, glued or bracketed, are taken out and its footnotes
read), compared in order, and every divergence is reported with both texts
and its likely cause.  Lines only the issuer can supply (the VBHN number, the
place and date of authentication, recipients, signature) are left out of the
comparison; so are the annexes after the XÁC THỰC block.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .akn import local, main_doc, q, text_of
from .parse import parse_text
from .render.text import unit_lines
from .text import canonical_tone, fold_confusables


@dataclass(frozen=True)
class Divergence:
    where: str
    ours: str
    theirs: str
    cause: str


@dataclass
class Verification:
    lines_total: int = 0          # lines of the published text compared (issuer-only lines excepted)
    lines_equal: int = 0
    order: list[str] = field(default_factory=list)     # units out of order, as "Điều 32a"
    notes_ours: int = 0
    notes_theirs: int = 0
    notes_equal: int = 0
    divergences: list[Divergence] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.lines_equal / self.lines_total if self.lines_total else 1.0

    @property
    def agrees(self) -> bool:
        return (not self.divergences and not self.order and self.notes_ours == self.notes_theirs
                and self.lines_equal == self.lines_total)

    def report(self) -> str:
        out = []
        for d in self.divergences:
            out.append(f"— {d.where}: {d.cause}\n  tính toán: {d.ours or '(không có)'}\n  công bố:   {d.theirs or '(không có)'}")
        out.append(f"{self.lines_equal}/{self.lines_total} dòng trùng khớp ({100 * self.rate:.1f}%); "
                   f"chú thích: {self.notes_equal}/{self.notes_theirs} trùng khớp (văn bản tính toán có {self.notes_ours}); "
                   + ("thứ tự điều khoản khớp" if not self.order else f"sai thứ tự: {', '.join(self.order)}"))
        return "\n".join(out) + "\n"


def norm(s: str) -> str:
    """White space, quotation marks, tone-mark placement and a label's full stop do not count."""
    s = re.sub(r"\[\d+\]", "", s)
    s = re.sub(r"[“”\"]", '"', s).replace("‘", "'").replace("’", "'")
    s = re.sub(r"\./\.\s*$", ".", fold_confusables(s))      # "./." ends a document; look-alike letters read as Latin
    s = re.sub(r"^((?:Chương|Mục|Phần|Tiểu mục|CHƯƠNG|MỤC|PHẦN)\s+[0-9IVXLC]+[a-z]?)[.:]\s", r"\1 ", s.strip())
    return canonical_tone(" ".join(s.split()))


def _in_note(el) -> bool:
    return any(local(a) == "authorialNote" for a in el.iterancestors())


def article_labels(root) -> list[str]:
    """The numbers of the document's own articles (not those quoted as new content), in order."""
    body = main_doc(root).find(q("body"))
    return [text_of(a.find(q("num"))) for a in (body.iter(q("article")) if body is not None else [])
            if a.find(q("num")) is not None and not any(local(x) == "quotedStructure" for x in a.iterancestors())]


def published_lines(root) -> tuple[list[str], list[str], list[str]]:
    """(lines from the motto to the body's end, footnote texts in order, unit labels in order) of a parsed VBHN."""
    doc = main_doc(root)
    lines: list[str] = []
    for part in ("preface", "preamble"):
        el = doc.find(q(part))
        for p in (el.iter(q("p")) if el is not None else []):
            if _in_note(p) or not text_of(p):
                continue
            prev = p.getprevious()
            if p.get("class") == "title" and lines and prev is not None and prev.get("class") == "title":
                # a title printed on two lines is one line; the capital a printed line starts with goes
                nxt = text_of(p)
                lines[-1] += " " + (nxt[:1].lower() + nxt[1:] if not lines[-1].rstrip().endswith((".", ":")) else nxt)
            else:
                lines.append(text_of(p))
    body = doc.find(q("body"))
    for el in (body if body is not None else []):
        if local(el) == "hcontainer":
            lines += [text_of(p) for p in el.iter(q("p")) if text_of(p)]
        else:
            lines += list(unit_lines(el))
    notes = ["\n".join(text_of(p) for p in n.iter(q("p"))) for n in doc.iter(q("authorialNote"))]
    labels = article_labels(root)
    return lines, notes, labels


def _cause(ours: str, theirs: str) -> str:
    if not ours:
        return "có ở văn bản công bố, thiếu ở văn bản tính toán (có thể một sửa đổi chưa được đọc hoặc áp dụng)"
    if not theirs:
        return "có ở văn bản tính toán, không có ở văn bản công bố (sửa đổi thiếu ở văn bản công bố, hoặc cách trình bày khác)"
    a, b = norm(ours), norm(theirs)
    if re.sub(r"\W", "", a.casefold()) == re.sub(r"\W", "", b.casefold()):
        return "chỉ khác dấu câu, chữ hoa hay khoảng trắng"
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if ratio > 0.9:
        return "khác vài chữ (có thể lỗi đánh máy ở văn bản nguồn hoặc văn bản hợp nhất sửa lời văn)"
    if ratio > 0.6:
        return "khác lời văn"
    return "khác nội dung"


# the date a note gives for the change ("…, có hiệu lực kể từ ngày 01/7/2024." or "… ngày 31 tháng 5 năm 2023.")
_LONG_DATE = re.compile(r"có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_SHORT_DATE = re.compile(r"có\s+hiệu\s+lực\s+(?:thi\s+hành\s+)?(?:kể\s+)?từ\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}")


def note_style_of(published_text: str) -> str:
    """The footnote wording a published VBHN uses: ``day-du`` when most of its notes write dates in full
    ("ngày 31 tháng 5 năm 2023", the amending document with its date and issuer), else ``ngan-gon``
    ("01/7/2024")."""
    _l, notes, _a = published_lines(parse_text(published_text, "published").tree.getroot())
    long_ = sum(1 for n in notes if _LONG_DATE.search(n))
    short = sum(1 for n in notes if _SHORT_DATE.search(n))
    if long_ > short and sum(1 for n in notes if _VPQH.search(n)) * 2 > long_:
        return "vpqh"
    return "day-du" if long_ > short else "ngan-gon"


# the Văn phòng Quốc hội's notes: the law named by its title and number alone, no date or issuer after it
_VPQH = re.compile(r"được\s+(?:sửa\s+đổi,\s+bổ\s+sung|bổ\s+sung|bãi\s+bỏ)\s+theo\s+quy\s+định\s+tại\s+.+?\s+của\s+"
                   r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh)\s+[^,]+?\s+số\s+\S+,\s+có\s+hiệu\s+lực")


_RULE = re.compile(r"^\s*[-_=–—*.~]{3,}\s*$")


def _issuer_filled(ours: list[str], theirs: list[str]) -> list[str]:
    """Our lines with what the issuer alone supplies ("Số: [do cơ quan hợp nhất ghi]/VBHN-VPQH") taken as the
    published line they frame ("Số: 04/VBHN-VPQH"), the first such line not used yet: the number, date and
    signer are the issuer's, not a divergence."""
    from .render.vbhn import ISSUER_ONLY
    hole = re.escape(norm(ISSUER_ONLY))
    used: set[int] = set()
    out = []
    for line in ours:
        if norm(ISSUER_ONLY) in line:
            rx = re.compile("^" + re.escape(line).replace(hole, ".+?") + "$")
            k = next((k for k, t in enumerate(theirs) if k not in used and rx.match(t)), None)
            if k is not None:
                used.add(k)
                line = theirs[k]
        out.append(line)
    return out


def verify(lines: list[str], notes: list[str], labels: list[str], published_text: str,
           name: str = "<published>") -> Verification:
    """Compare a computed VBHN (its lines, footnotes and article labels in order) with a published one."""
    theirs_root = parse_text(published_text, name).tree.getroot()
    t_lines, t_notes, t_labels = published_lines(theirs_root)
    v = Verification(notes_ours=len(notes), notes_theirs=len(t_notes))
    a = [norm(x) for x in lines if norm(x) and not _RULE.match(x)]
    b = [norm(x) for x in t_lines if norm(x) and not _RULE.match(x)]     # the header's rules are layout
    a = _issuer_filled(a, b)
    v.lines_total = len(b)
    v.lines_equal = _align(v, a, b, a, b, lambda i, j, theirs: f"dòng {j + 1} của văn bản công bố")
    # order of the articles
    ours_l = [norm(x).rstrip(".") for x in labels]
    theirs_l = [norm(x).rstrip(".") for x in t_labels]
    if ours_l != theirs_l:
        common = [x for x in theirs_l if x in ours_l]
        v.order = [x for x, y in zip(common, [x for x in ours_l if x in theirs_l]) if x != y][:10] or \
            sorted(set(ours_l) ^ set(theirs_l))[:10]
    # footnotes aligned like lines: a note only one side has (a change of the amending law's own date by a law
    # not in the corpus) does not shift every note after it
    v.notes_equal = _align(v, notes, t_notes, [norm(x) for x in notes], [norm(y) for y in t_notes],
                           lambda i, j, theirs: f"chú thích {j + 1}" if theirs else
                           f"chú thích {i + 1} của văn bản tính toán")
    return v


def _align(v: Verification, ours: list[str], theirs: list[str], ours_key: list[str], theirs_key: list[str],
           where) -> int:
    """Align two sequences by their keys (what one side has and the other not shifts nothing after it); every
    item not equal becomes a divergence with both texts, named by ``where(i, j, on_their_side)``; returns how many
    are equal."""
    equal = 0
    sm = difflib.SequenceMatcher(None, ours_key, theirs_key, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            equal += i2 - i1
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            x = ours[i1 + k] if i1 + k < i2 else ""
            y = theirs[j1 + k] if j1 + k < j2 else ""
            v.divergences.append(Divergence(where(i1 + k, j1 + k, j1 + k < j2), x, y, _cause(x, y)))
    return equal
