"""Migration imports over HTTP (docs/imports.md): `POST /api/v1/imports` takes the file as
`text/csv` or as the `file` part of a `multipart/form-data` body, answers 202 at once with
the import's id, and processes it in the background; `GET /api/v1/imports/{id}` shows its
progress and counts, `GET /api/v1/imports/{id}/rows` its report row by row."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from anyio.to_thread import run_sync
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.openapi.spec import Example, OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Parameter

from mtf.contracts.application.imports import (
    COLUMNS,
    NAMESPACE,
    REQUIRED_COLUMNS,
    ContractImports,
    ImportQueries,
    SourceRow,
)
from mtf.kernel.errors import DomainError, ErrorList, invalid
from mtf.kernel.http import actor_of, principal_of, requires
from mtf.kernel.idempotency import idempotency_key
from mtf.kernel.logging import get_logger
from mtf.kernel.openapi_contract import IDEMPOTENT, problems
from mtf.kernel.pagination import next_cursor, page_request

log = get_logger("mtf.contracts.imports")

MAX_ROWS = 1_000_000
ROW_SORTS = ("line", "row_id", "outcome")
MAX_FILE_BYTES = 64 * 1024 * 1024  # the gateway's limit for this path (guard.UPLOADS)

EXAMPLE_CSV = (
    "row_id,client_ref,kind,first_name,last_name,cin,phone,email,city,offer_code,start_date\n"
    "L-000001,C-0001,individual,Amina,Benali,BE123456,0612345678,amina@example.ma,Rabat,"
    "MOB-20,2023-03-15\n"
    "L-000002,C-0001,individual,Amina,Benali,BE123456,0612345678,amina@example.ma,Rabat,"
    "FIB-100,2024-01-01\n"
)


@dataclass
class ImportUploadOperation(Operation):
    """The request body Litestar cannot derive from a handler that reads the raw body."""

    def __post_init__(self) -> None:
        text = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="the file")
        self.request_body = RequestBody(
            required=True,
            description=(
                "The import file: UTF-8 CSV with a header row (docs/imports.md): row_id, "
                "client_ref, offer_code, start_date required; kind, first_name, last_name, "
                "cin, phone, email, address, city, birth_date, company_name, ice, tax_id, "
                f"trade_register as a registration takes them; at most {MAX_FILE_BYTES} bytes; "
                "or the same as the `file` part of a form."
            ),
            content={
                "text/csv": OpenAPIMediaType(
                    schema=text,
                    examples={"csv": Example(summary="one client, two lines", value=EXAMPLE_CSV)},
                ),
                "multipart/form-data": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["file"],
                        properties={"file": text},
                    ),
                    examples={"csv": Example(summary="a CSV file", value={"file": EXAMPLE_CSV})},
                ),
            },
        )


ImportStatus = Literal["running", "completed", "failed"]
RowOutcomeName = Literal["created", "unchanged", "changed", "rejected"]


class ImportOut(msgspec.Struct):
    id: str
    status: ImportStatus
    cutover: date
    rows: int
    done: int  # rows processed so far (the sum of the four outcomes)
    created: int
    unchanged: int
    changed: int
    rejected: int
    failure_detail: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class RowError(msgspec.Struct):
    field: str
    message: str


class ImportRowOut(msgspec.Struct):
    line: int
    row_id: str
    outcome: RowOutcomeName
    errors: list[RowError]
    client_id: str | None
    contract_id: str | None
    number: str | None


class ImportRowPage(msgspec.Struct):
    items: list[ImportRowOut]
    next_cursor: str | None
    total: int


def import_out(row: dict[str, Any]) -> ImportOut:
    done = row["created"] + row["unchanged"] + row["changed"] + row["rejected"]
    return ImportOut(
        id=str(row["id"]),
        status=row["status"],
        cutover=row["cutover"],
        rows=row["rows"],
        done=done,
        created=row["created"],
        unchanged=row["unchanged"],
        changed=row["changed"],
        rejected=row["rejected"],
        failure_detail=row["failure_detail"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
    )


def import_row_out(row: dict[str, Any]) -> ImportRowOut:
    return ImportRowOut(
        line=row["line"],
        row_id=row["row_id"],
        outcome=row["outcome"],
        errors=[RowError(e["field"], e["message"]) for e in row["errors"]],
        client_id=str(row["client_id"]) if row["client_id"] else None,
        contract_id=str(row["contract_id"]) if row["contract_id"] else None,
        number=row["number"],
    )


class UnsupportedFile(DomainError):
    status = 415
    title = "Unsupported media type"
    type_slug = "unsupported-media-type"

    def __init__(self) -> None:
        super().__init__(
            "send the file as text/csv, or as multipart/form-data with a part named file"
        )


def parse_csv(content: bytes) -> list[SourceRow]:
    """The file's rows; a file that cannot be read as an import (not UTF-8, no header, an
    unknown or missing column, a line with more cells than the header) is a 422 naming the
    line, and nothing is imported."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid("file", "must be UTF-8 text (CSV)") from exc
    if "\x00" in text:
        raise invalid("file", "must be text: it holds a NUL character")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise invalid("file", "is empty: give a header row and one row per line") from None
    except csv.Error as exc:
        raise invalid("file", f"line 1: {exc}") from exc
    errors = ErrorList()
    for name in header:
        if name not in COLUMNS:
            errors.add("file", f"line 1: unknown column {name!r} (columns: {', '.join(COLUMNS)})")
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.add("file", f"line 1: the column {name!r} is missing")
    if len(set(header)) != len(header):
        errors.add("file", "line 1: a column is given twice")
    errors.raise_if_any()
    rows: list[SourceRow] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank line
            if len(cells) > len(header):
                raise invalid("file", f"line {line}: {len(cells)} cells for {len(header)} columns")
            rows.append(SourceRow(line, dict(zip(header, cells, strict=False))))
            if len(rows) > MAX_ROWS:
                raise invalid("file", f"holds more than {MAX_ROWS} rows: split it")
    except csv.Error as exc:
        raise invalid("file", f"line {reader.line_num}: {exc}") from exc
    if not rows:
        raise invalid("file", "has a header but no row")
    return rows


async def file_of(request: Request[Any, Any, Any]) -> bytes:
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type == "text/csv":
        body = await request.body()
    elif content_type == "multipart/form-data":
        form = await request.form()
        part = form.get("file")
        if part is None or isinstance(part, str):
            raise invalid("file", "send the file as the multipart part named file")
        body = await part.read()
    else:
        raise UnsupportedFile()
    if len(body) > MAX_FILE_BYTES:
        raise invalid("file", f"must not exceed {MAX_FILE_BYTES} bytes")
    return body


def file_hash(secret: str, content: bytes, cutover: date | None) -> str:
    """What binds an Idempotency-Key to its file: keyed, as the file holds personal data."""
    digest = hashlib.sha256(content).hexdigest() + ":" + (cutover.isoformat() if cutover else "")
    return hmac.new(("import-file:" + secret).encode(), digest.encode(), hashlib.sha256).hexdigest()


def import_id_for(caller: str, key: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"import:{caller}:{key}")


def run_in_background(
    imports: ContractImports, header: Any, rows: list[SourceRow], actor: str
) -> None:
    """The rows are processed after the answer (the same request sent again meanwhile
    answers the progress: one process works on an import at a time)."""

    def work() -> None:
        try:
            imports.run(header, rows, actor=actor)
        except Exception as exc:  # recorded on the import (failed, with the reason)
            log.warning("import_stopped", import_id=str(header.id), error=type(exc).__name__)

    threading.Thread(target=work, name=f"import-{header.id}", daemon=True).start()


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["imports"]

    @post(
        "/",
        summary="Take over an existing base: import clients, lines and contracts from a CSV file",
        status_code=202,
        guards=[requires("provisioning:write")],
        operation_class=ImportUploadOperation,
        opt={
            **IDEMPOTENT,
            **problems(
                413,
                415,
                problem_descriptions={
                    413: f"The import file exceeds {MAX_FILE_BYTES} bytes",
                    415: "The body is not text/csv or multipart/form-data",
                    422: "The file cannot be read as an import (`errors` names the line), "
                    "or the cut-over date is refused",
                },
            ),
        },
        request_max_body_size=MAX_FILE_BYTES,
    )
    async def start_import(
        self,
        request: Request[Any, Any, Any],
        imports: FromDishka[ContractImports],
        queries: FromDishka[ImportQueries],
        cutover: Annotated[
            date | None,
            Parameter(
                description=(
                    "the first day this system bills (default today): the contracts start on "
                    "their own start dates, the days before the cut-over were billed by the "
                    "previous system"
                )
            ),
        ] = None,
    ) -> Response[ImportOut]:
        principal = principal_of(request)
        key = idempotency_key(request)
        if len(key) > 200 or not key.strip():
            raise invalid("Idempotency-Key", "must be 1 to 200 characters")
        content = await file_of(request)
        rows = await run_sync(parse_csv, content)
        actor = actor_of(request)
        import_id = import_id_for(f"{principal.kind}:{principal.subject}", key)
        secret = request.app.state.settings.cin_hash_key
        header, pending = await run_sync(
            lambda: imports.start(
                import_id,
                rows,
                actor=actor,
                cutover=cutover,
                request_hash=file_hash(secret, content, cutover),
            )
        )
        if pending:
            run_in_background(imports, header, rows, actor)
        row = await run_sync(queries.get, import_id)
        return Response(
            import_out(row),
            status_code=202,
            headers={"Location": f"/api/v1/imports/{import_id}"},
        )

    @get("/{import_id:uuid}", summary="One import: its progress and counts")
    async def get_import(self, import_id: UUID, queries: FromDishka[ImportQueries]) -> ImportOut:
        return import_out(await run_sync(queries.get, import_id))

    @get(
        "/{import_id:uuid}/rows",
        summary="An import's report, row by row (rejected ones with reasons)",
    )
    async def import_rows(
        self,
        import_id: UUID,
        queries: FromDishka[ImportQueries],
        outcome: RowOutcomeName | None = None,
        sort: str | None = Parameter(
            default=None, description="line, row_id, outcome; prefix - for descending"
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> ImportRowPage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=ROW_SORTS,
            default_sort="line",
        )
        rows, total = await run_sync(queries.rows, import_id, outcome, page)
        return ImportRowPage(
            items=[import_row_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )
