"""Bank statements read into credit lines: what the file says is what the import holds (a
property over any lines), labels' keys, and files refused with the line named."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtf.collections.domain.statement import (
    BadStatement,
    label_keys,
    parse_camt053,
    parse_csv,
)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=60,
).map(lambda s: " ".join(s.split()))
lines = st.lists(
    st.tuples(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), amounts, labels),
    min_size=1,
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(lines, st.sampled_from([",", ";"]))
def test_what_the_csv_says_is_what_the_import_holds(
    rows: list[tuple[date, Decimal, str]], delimiter: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["bank_reference", "date", "label", "amount"])  # any column order
    for i, (day, amount, label) in enumerate(rows):
        writer.writerow([f"REF-{i}", day.isoformat(), label, str(amount)])
    statement = parse_csv(out.getvalue().encode())
    assert [(one.booked_on, one.amount, one.label) for one in statement.lines] == rows
    assert [one.bank_reference for one in statement.lines] == [f"REF-{i}" for i in range(len(rows))]
    # money: the credits read add up to the file's, to the cent
    assert sum(one.amount for one in statement.lines) == sum(r[1] for r in rows)


def test_label_keys_find_invoice_numbers_cins_and_ices_once_each() -> None:
    keys = label_keys(
        "VIR fac-2026-000123 et FAC-2026-000124 CIN ab 123456 ICE 001234567000089 AB123456"
    )
    assert keys.invoice_numbers == ("FAC-2026-000123", "FAC-2026-000124")
    assert keys.cins == ("AB123456",)
    assert keys.ices == ("001234567000089",)
    assert label_keys("VIREMENT SALAIRE DECEMBRE") == label_keys("")


def camt(entries: str) -> bytes:
    return (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>'
        + entries
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def test_camt_reads_booked_credits_and_counts_debits() -> None:
    statement = parse_camt053(
        camt(
            '<Ntry><Amt Ccy="MAD">10.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
            "<BookgDt><DtTm>2026-11-30T10:00:00</DtTm></BookgDt><NtryRef>N1</NtryRef>"
            "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>SARL ATLAS</Nm></Dbtr></RltdPties>"
            "<RmtInf><Ustrd>FAC-2026-000001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
            '<Ntry><Amt Ccy="MAD">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>'
            "<BookgDt><Dt>2026-11-30</Dt></BookgDt><AcctSvcrRef>P1</AcctSvcrRef></Ntry>"
            '<Ntry><Amt Ccy="MAD">9.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></Ntry>'
        )
    )
    [line] = statement.lines
    assert (line.amount, line.booked_on, line.bank_reference) == (
        Decimal("10.50"),
        date(2026, 11, 30),
        "N1",
    )
    assert "FAC-2026-000001" in line.label and "SARL ATLAS" in line.label
    assert statement.debits_ignored == 1


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
        b'<!DOCTYPE d [<!ENTITY a "a"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>',
    ],
)
def test_camt_never_reads_entities(document: bytes) -> None:
    with pytest.raises(BadStatement) as refused:
        parse_camt053(document)
    assert "DTD" in refused.value.detail


def test_a_refusal_names_the_line_and_column() -> None:
    with pytest.raises(BadStatement) as refused:
        parse_csv(b"date,amount,label,bank_reference\n2026-01-02,1.00,x,A\n2026-01-02,1.5.0,x,B\n")
    assert refused.value.errors[0].field == "lines.3.amount"
    assert refused.value.detail.startswith("line 3, column amount:")
    assert refused.value.extra == {"line": 3, "column": "amount"}
