"""Bank statements: a CSV or an ISO 20022 CAMT.053 file read into credit lines, and what a
line's label says about who paid (invoice numbers, CINs, ICEs).

A statement is refused whole at the first line at fault (a 422 naming the line, and the
column where there is one): nothing of it is kept. Line numbers are the file's own (the CSV
header is line 1; in a CAMT file, the line of the element at fault), so an operator finds
the line in the file the bank sent."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from mtf.kernel.errors import FieldError, ValidationFailed
from mtf.kernel.money import parse_amount
from mtf.kernel.rules import is_cin

CSV_COLUMNS = ("date", "amount", "label", "bank_reference")
MAX_LINES = 10_000
MAX_BYTES = 5 * 1024 * 1024
LABEL_MAX = 500
REFERENCE_MAX = 100  # a payment's reference (check_payment)
CURRENCY = "MAD"

MATCHED, AMBIGUOUS, UNMATCHED, ALREADY_POSTED = (
    "matched",
    "ambiguous",
    "unmatched",
    "already_posted",
)
STATES = (MATCHED, AMBIGUOUS, UNMATCHED, ALREADY_POSTED)


@dataclass(frozen=True)
class StatementLine:
    """One credit of the statement, as the bank wrote it."""

    line: int
    booked_on: date
    amount: Decimal
    label: str
    bank_reference: str


@dataclass(frozen=True)
class Statement:
    format: str  # csv | camt053
    lines: tuple[StatementLine, ...]
    debits_ignored: int = 0


class BadStatement(ValidationFailed):
    """A statement the import refuses: the line (and column) at fault are named."""

    def __init__(self, line: int | None, column: str | None, message: str) -> None:
        where = f"line {line}" if line is not None else "the statement"
        if column:
            where += f", column {column}"
        path = "body" if line is None else f"lines.{line}" + (f".{column}" if column else "")
        super().__init__([FieldError(path, message)], detail=f"{where}: {message}")
        self.extra = {"line": line, "column": column}


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _date(raw: str, line: int, column: str) -> date:
    text = raw.strip()
    if not _ISO_DATE.match(text):
        raise BadStatement(line, column, "must be an ISO date (2026-12-04)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadStatement(line, column, "is not a date of the calendar") from None


def _amount(raw: str, line: int, column: str) -> Decimal:
    text = raw.strip()
    if text.startswith("-"):
        raise BadStatement(line, column, "is a debit: only credits (payments received) import")
    try:
        return parse_amount(text[1:] if text.startswith("+") else text)
    except ValueError as exc:
        raise BadStatement(line, column, f"{exc} (a decimal with a dot: 1250.00)") from None


def _text(raw: str, line: int, column: str, limit: int, *, required: bool) -> str:
    text = " ".join(raw.split())
    if required and not text:
        raise BadStatement(line, column, "is required")
    if len(text) > limit:
        raise BadStatement(line, column, f"must be at most {limit} characters")
    if "\x00" in text:
        raise BadStatement(line, column, "must not hold NUL characters")
    return text


def _unique(lines: list[StatementLine]) -> None:
    seen: dict[str, int] = {}
    for one in lines:
        if one.bank_reference in seen:
            raise BadStatement(
                one.line,
                "bank_reference",
                f"is already the reference of line {seen[one.bank_reference]} "
                "(each statement line has its own)",
            )
        seen[one.bank_reference] = one.line


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadStatement(line, None, "is not UTF-8 text") from None


def parse_csv(raw: bytes) -> Statement:
    """Header row naming `date`, `amount`, `label`, `bank_reference` (any order, any case;
    other columns are ignored), comma or semicolon separated."""
    text = _decode(raw)
    if not text.strip():
        raise BadStatement(None, None, "the statement is empty")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise BadStatement(1, None, f"is not CSV ({exc})") from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise BadStatement(
            1,
            missing[0],
            f"the header has no column {', '.join(missing)} (it needs {', '.join(CSV_COLUMNS)})",
        )
    position = {c: header.index(c) for c in CSV_COLUMNS}
    lines: list[StatementLine] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise BadStatement(reader.line_num, None, f"is not CSV ({exc})") from None
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise BadStatement(
                number, None, f"has {len(row)} fields where the header has {len(header)}"
            )
        if len(lines) >= MAX_LINES:
            raise BadStatement(number, None, f"a statement holds at most {MAX_LINES} lines")
        cell = {c: row[i] for c, i in position.items()}
        lines.append(
            StatementLine(
                line=number,
                booked_on=_date(cell["date"], number, "date"),
                amount=_amount(cell["amount"], number, "amount"),
                label=_text(cell["label"], number, "label", LABEL_MAX, required=False),
                bank_reference=_text(
                    cell["bank_reference"], number, "bank_reference", REFERENCE_MAX, required=True
                ),
            )
        )
    if not lines:
        raise BadStatement(2, None, "the statement has a header but no line")
    _unique(lines)
    return Statement("csv", tuple(lines))


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(element: etree._Element, *path: str) -> etree._Element | None:
    found: etree._Element | None = element
    for name in path:
        if found is None:
            return None
        found = next((c for c in found if _local(c) == name), None)
    return found


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element.iter() if _local(c) == name]


def _value(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_camt053(raw: bytes) -> Statement:
    """ISO 20022 BankToCustomerStatement (camt.053, any version): each booked credit entry
    (`Ntry` with `CdtDbtInd` CRDT) is a line; debits are counted and left out. No DTD,
    entity or external resource is read (XXE and entity expansion are refused)."""
    if not raw.strip():
        raise BadStatement(None, None, "the statement is empty")
    head = raw[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in raw.lower():
        raise BadStatement(1, None, "a statement may not hold a DTD or entities")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise BadStatement(line or 1, None, f"is not XML ({exc.msg})") from None
    namespace = etree.QName(root).namespace or ""
    if _local(root) != "Document" or "camt.053" not in namespace:
        raise BadStatement(
            root.sourceline or 1,
            None,
            "is not an ISO 20022 camt.053 statement (a Document in a camt.053 namespace)",
        )
    lines: list[StatementLine] = []
    debits = 0
    entries = _children(root, "Ntry")
    if not entries:
        raise BadStatement(root.sourceline or 1, None, "the statement has no entry (Ntry)")
    for entry in entries:
        number = entry.sourceline or 1
        indicator = _value(_child(entry, "CdtDbtInd"))
        if indicator == "DBIT":
            debits += 1
            continue
        if indicator != "CRDT":
            raise BadStatement(number, "CdtDbtInd", "must be CRDT or DBIT")
        status = _child(entry, "Sts")
        status_code = (
            _value(_child(status, "Cd")) if status is not None and len(status) else _value(status)
        )
        if status_code and status_code != "BOOK":
            continue  # pending or information only: not money received yet
        amount_element = _child(entry, "Amt")
        if amount_element is None:
            raise BadStatement(number, "Amt", "is required")
        at = amount_element.sourceline or number
        currency = amount_element.get("Ccy", "")
        if currency != CURRENCY:
            raise BadStatement(at, "Amt", f"is in {currency or 'no currency'}: only {CURRENCY}")
        amount = _amount(_value(amount_element), at, "Amt")
        booked = _child(entry, "BookgDt", "Dt")
        if booked is None:
            booked = _child(entry, "ValDt", "Dt")
        if booked is None:
            date_time = _child(entry, "BookgDt", "DtTm")
            if date_time is None:
                raise BadStatement(number, "BookgDt", "is required")
            booked_on = _date(_value(date_time)[:10], date_time.sourceline or number, "BookgDt")
        else:
            booked_on = _date(_value(booked), booked.sourceline or number, "BookgDt")
        reference = _value(_child(entry, "AcctSvcrRef")) or _value(_child(entry, "NtryRef"))
        if not reference:
            refs = _children(entry, "AcctSvcrRef") + _children(entry, "EndToEndId")
            reference = next(
                (_value(r) for r in refs if _value(r) and _value(r) != "NOTPROVIDED"), ""
            )
        reference = _text(reference, number, "AcctSvcrRef", REFERENCE_MAX, required=True)
        words = [_value(u) for u in _children(entry, "Ustrd")]
        words += [_value(r) for r in _children(entry, "Ref")]
        words += [_value(_child(entry, "AddtlNtryInf"))]
        for party in _children(entry, "Dbtr"):
            words.append(_value(_child(party, "Nm")))
        label = _text(" ".join(w for w in words if w), number, "Ustrd", LABEL_MAX, required=False)
        if len(lines) >= MAX_LINES:
            raise BadStatement(number, None, f"a statement holds at most {MAX_LINES} lines")
        lines.append(StatementLine(number, booked_on, amount, label, reference))
    if not lines:
        raise BadStatement(root.sourceline or 1, None, "the statement has no booked credit")
    _unique(lines)
    return Statement("camt053", tuple(lines), debits)


@dataclass(frozen=True)
class LabelKeys:
    """What a label may identify a payer by."""

    invoice_numbers: tuple[str, ...] = ()
    cins: tuple[str, ...] = ()
    ices: tuple[str, ...] = ()


_INVOICE = re.compile(r"(?<![A-Z0-9])([A-Z]{2,4}-[0-9]{4}-[0-9]{1,9})(?![0-9])")
_ICE = re.compile(r"(?<![0-9])([0-9]{15})(?![0-9])")
_WORD = re.compile(r"(?<![A-Z0-9])([A-Z]{1,2} ?[0-9]{1,6})(?![0-9A-Z])")
MAX_KEYS = 5  # of each kind per label: a label is a sentence, not a list


def label_keys(label: str) -> LabelKeys:
    """Invoice numbers (FAC-2026-000123), ICEs (15 digits) and CINs (one or two letters and
    up to six digits) found in a label, in the order written, each once."""
    text = label.upper()
    numbers = list(dict.fromkeys(_INVOICE.findall(text)))
    rest = _INVOICE.sub(" ", text)
    ices = list(dict.fromkeys(_ICE.findall(rest)))
    rest = _ICE.sub(" ", rest)
    cins = [c.replace(" ", "") for c in _WORD.findall(rest)]
    cins = list(dict.fromkeys(c for c in cins if is_cin(c) and any(ch.isdigit() for ch in c)))
    return LabelKeys(tuple(numbers[:MAX_KEYS]), tuple(cins[:MAX_KEYS]), tuple(ices[:MAX_KEYS]))


def parse_statement(raw: bytes, media_type: str) -> Statement:
    """The statement by its media type (`text/csv` or `application/xml`)."""
    if len(raw) > MAX_BYTES:
        raise BadStatement(None, None, f"a statement file holds at most {MAX_BYTES} bytes")
    if media_type in ("application/xml", "text/xml"):
        return parse_camt053(raw)
    return parse_csv(raw)


def sniff_media_type(filename: str, declared: str, raw: bytes) -> str:
    """The media type of an uploaded file: its name's extension, its declared type, or
    what it starts with."""
    name = filename.lower()
    if name.endswith(".xml") or declared in ("application/xml", "text/xml"):
        return "application/xml"
    if name.endswith(".csv") or declared == "text/csv":
        return "text/csv"
    return "application/xml" if raw.lstrip()[:1] == b"<" else "text/csv"
