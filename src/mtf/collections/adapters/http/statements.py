"""Bank statement import (POST /api/v1/payments/imports, GET .../{id}, POST .../{id}/confirm):
the statement as the body (`text/csv`, `application/xml` for CAMT.053) or as the `file` part
of a `multipart/form-data` form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from anyio.to_thread import run_sync
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.openapi.spec import Example, OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.collections.adapters.http.schemas import (
    StatementConfirm,
    StatementConfirmed,
    StatementImportOut,
    money,
    statement_out,
)
from mtf.collections.application.statements import Assignment, StatementImporter
from mtf.collections.domain.statement import MAX_BYTES, BadStatement, sniff_media_type
from mtf.kernel.errors import DomainError, ErrorList
from mtf.kernel.http import actor_of, requires
from mtf.kernel.openapi_contract import problems

CSV_EXAMPLE = (
    "date,amount,label,bank_reference\n"
    "2026-12-02,237.60,VIR FAC-2026-000123,BK-20261202-0001\n"
    "2026-12-02,118.80,VIREMENT AB123456,BK-20261202-0002\n"
)
CAMT_EXAMPLE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
    "<GrpHdr><MsgId>STMT-20261202</MsgId><CreDtTm>2026-12-02T18:00:00</CreDtTm></GrpHdr>"
    "<Stmt><Id>STMT-20261202</Id><CreDtTm>2026-12-02T18:00:00</CreDtTm>"
    "<Acct><Id><IBAN>MA64011519000001205000534921</IBAN></Id></Acct>"
    '<Ntry><Amt Ccy="MAD">237.60</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
    "<BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>BK-20261202-0001</AcctSvcrRef>"
    "<NtryDtls><TxDtls><RmtInf><Ustrd>VIR FAC-2026-000123</Ustrd></RmtInf></TxDtls>"
    "</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>\n"
)


class PayloadTooLarge(DomainError):
    status = 413
    title = "Payload too large"
    type_slug = "payload-too-large"


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported media type"
    type_slug = "unsupported-media-type"


MEDIA_TYPES = ("text/csv", "application/xml", "text/xml", "multipart/form-data")


@dataclass
class StatementUploadOperation(Operation):
    """The request body Litestar cannot derive from a handler that reads the raw body."""

    def __post_init__(self) -> None:
        text = Schema(
            type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="the statement file"
        )
        self.request_body = RequestBody(
            required=True,
            description=(
                "The statement: a CSV with a header row (`date` ISO, `amount` decimal with a "
                "dot, `label`, `bank_reference` unique per line), or an ISO 20022 CAMT.053 "
                f"document, at most {MAX_BYTES} bytes and 10,000 lines; or either as the "
                "`file` part of a form."
            ),
            content={
                "text/csv": OpenAPIMediaType(
                    schema=text, examples={"csv": Example(summary="two credits", value=CSV_EXAMPLE)}
                ),
                "application/xml": OpenAPIMediaType(
                    schema=text,
                    examples={"camt053": Example(summary="one credit", value=CAMT_EXAMPLE)},
                ),
                "multipart/form-data": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["file"],
                        properties={
                            "file": Schema(
                                type=OpenAPIType.STRING,
                                format=OpenAPIFormat.BINARY,
                                description="the statement file (.csv or .xml)",
                            )
                        },
                    ),
                    examples={"csv": Example(summary="a CSV file", value={"file": CSV_EXAMPLE})},
                ),
            },
        )


def _media_type(request: Request[Any, Any, Any]) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


async def _statement_bytes(request: Request[Any, Any, Any]) -> tuple[bytes, str]:
    media_type = _media_type(request)
    if media_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(
            "send the statement as text/csv, application/xml (CAMT.053) or as the `file` part "
            "of multipart/form-data"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES + 64 * 1024:
        raise PayloadTooLarge(f"a statement file holds at most {MAX_BYTES} bytes")
    if media_type != "multipart/form-data":
        raw = await request.body()
        if len(raw) > MAX_BYTES:
            raise PayloadTooLarge(f"a statement file holds at most {MAX_BYTES} bytes")
        return raw, "application/xml" if media_type == "text/xml" else media_type
    try:
        form = await request.form()
    except Exception:  # a form the parser cannot read is the caller's: 422, never 500
        raise BadStatement(None, None, "the form cannot be read (multipart/form-data)") from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        errors = ErrorList()
        errors.add("file", "is required: the statement file as the form's `file` part")
        errors.raise_if_any()
        raise AssertionError  # pragma: no cover
    raw = await upload.read()
    if len(raw) > MAX_BYTES:
        raise PayloadTooLarge(f"a statement file holds at most {MAX_BYTES} bytes")
    return raw, sniff_media_type(upload.filename or "", upload.content_type or "", raw)


def _assignments(data: StatementConfirm | None) -> list[Assignment]:
    errors = ErrorList()
    found: list[Assignment] = []
    for i, given in enumerate((data.assignments or []) if data else []):
        try:
            client_id = UUID(given.client_id)
        except ValueError:
            errors.add(f"assignments.{i}.client_id", "must be a UUID")
            continue
        invoice_ids: list[UUID] = []
        for raw in given.invoice_ids or []:
            try:
                invoice_ids.append(UUID(raw))
            except ValueError:
                errors.add(f"assignments.{i}.invoice_ids", "must be UUIDs")
        found.append(Assignment(given.line, client_id, tuple(invoice_ids)))
    errors.raise_if_any()
    return found


class StatementImportController(Controller):
    path = "/api/v1/payments/imports"
    tags = ["collections"]

    @post(
        "/",
        summary="Import a bank statement (CSV or CAMT.053): each credit line matched to a client "
        "and invoices by its label; nothing is posted before the confirmation",
        status_code=HTTP_201_CREATED,
        guards=[requires("payments:write")],
        operation_class=StatementUploadOperation,
        opt=problems(
            413,
            415,
            problem_descriptions={
                413: f"The statement file exceeds {MAX_BYTES} bytes",
                415: "The body is not text/csv, application/xml or multipart/form-data",
                422: "The statement is refused: `errors` names the line and column at fault "
                "(lines.<line>.<column>), `detail` reads `line N, column C: ...`",
            },
        ),
    )
    async def import_statement(
        self, request: Request[Any, Any, Any], importer: FromDishka[StatementImporter]
    ) -> Response[StatementImportOut]:
        raw, media_type = await _statement_bytes(request)
        actor = actor_of(request)
        found = await run_sync(lambda: importer.upload(raw, media_type, actor))
        return Response(statement_out(found), status_code=HTTP_201_CREATED)

    @get("/{import_id:uuid}", summary="A statement import: its lines and, while posting, progress")
    async def get_import(
        self, import_id: UUID, importer: FromDishka[StatementImporter]
    ) -> StatementImportOut:
        return statement_out(await run_sync(importer.get, import_id))

    @post(
        "/{import_id:uuid}/confirm",
        summary="Post the matched lines and the lines assigned here as payments (bank_transfer, "
        "reference = bank_reference); once per bank reference, whatever is confirmed again",
        status_code=HTTP_200_OK,
        guards=[requires("payments:write")],
    )
    async def confirm_import(
        self,
        request: Request[Any, Any, Any],
        import_id: UUID,
        importer: FromDishka[StatementImporter],
        data: StatementConfirm | None = None,
    ) -> StatementConfirmed:
        assignments = _assignments(data)
        actor = actor_of(request)
        found = await run_sync(lambda: importer.confirm(import_id, assignments, actor))
        return StatementConfirmed(
            id=str(found["id"]),
            status="posted",
            posted=found["posted"],
            skipped=found["skipped"],
            posted_amount=money(found["posted_amount"]),
        )
