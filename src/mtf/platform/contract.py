"""The compatibility gate: the current public contract against the released one.

The released contract is a snapshot under `docs/contract/released/`: the merged OpenAPI
document (`openapi.json`) and the webhook events' JSON Schemas (`events/*.json`). The current
one is `docs/openapi/openapi.json` and `docs/contract/events/*.json`. A breaking change (see
docs/api-conventions.md) fails the gate unless the current document is a new major version
(its `info.version`), released with `mtf contract release`.

The differences are found by two diff tools of the npm registry, installed with the frontend
(`frontend/package.json`, so `npm ci` brings them; nothing is fetched at test time):

- Atlassian's `openapi-diff`: paths and methods added or removed, request and response bodies
  made wider or narrower (through `json-schema-diff`). It reads OpenAPI 3.0 only, so both
  documents are dereferenced and converted mechanically from 3.1 (`to_openapi30`); request
  bodies are read as closed objects (an unknown field is refused), so an added optional
  input field widens the input (compatible) and a removed one narrows it (breaking);
- Atlassian's `json-schema-diff` for the events, which consumers read: an event schema that
  accepts a value the released one did not (a field removed or made optional, a type
  widened) breaks a consumer.

What those tools do not read is checked here (`extra_rules`): enum values removed, query,
path and header parameters made required, added as required, removed or retyped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CURRENT_OPENAPI = ROOT / "docs" / "openapi" / "openapi.json"
CURRENT_EVENTS = ROOT / "docs" / "contract" / "events"
RELEASED = ROOT / "docs" / "contract" / "released"
TOOLS = ROOT / "frontend" / "node_modules" / ".bin"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class GateError(RuntimeError):
    """The comparison could not be made (a tool missing or failing)."""


@dataclass(frozen=True)
class Change:
    breaking: bool
    code: str
    where: str
    tool: str

    def __str__(self) -> str:
        kind = "BREAKING" if self.breaking else "compatible"
        return f"{kind}: {self.code} at {self.where} ({self.tool})"


# --- documents ---------------------------------------------------------------------------


def _pointer(doc: Any, ref: str) -> Any:
    node = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def dereference(doc: Any) -> Any:
    """A copy with every internal `$ref` replaced by what it points to (a circular one is
    left as it is)."""

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(v, seen) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            if ref in seen:
                return node
            target = walk(_pointer(doc, ref), (*seen, ref))
            rest = {k: walk(v, seen) for k, v in node.items() if k != "$ref"}
            return {**target, **rest} if isinstance(target, dict) else target
        return {k: walk(v, seen) for k, v in node.items()}

    return walk(doc, ())


def _is_null(schema: Any) -> bool:
    return schema in ({"type": "null"}, {"nullable": True})


# what an OpenAPI 3.0 Schema Object may hold (other keywords are dropped for the comparison)
_SCHEMA_30_KEYS = frozenset(
    (
        "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
        "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf",
        "anyOf", "not", "items", "properties", "additionalProperties", "description",
        "format", "default", "nullable", "discriminator", "readOnly", "writeOnly", "xml",
        "externalDocs", "example", "deprecated", "$ref",
    )
)  # fmt: skip


def _schema_to_30(node: Any) -> Any:
    """One JSON Schema (OpenAPI 3.1) as OpenAPI 3.0 reads it."""
    if not isinstance(node, dict):
        return node if isinstance(node, bool) else {}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _schema_to_30(v) for name, v in value.items()}
        elif key in ("allOf", "oneOf", "anyOf") and isinstance(value, list):
            out[key] = [_schema_to_30(v) for v in value]
        elif key in ("items", "not") or (key == "additionalProperties" and value is not True):
            out[key] = _schema_to_30(value)
        else:
            out[key] = value
    for key in ("oneOf", "anyOf"):
        options = out.get(key)
        if isinstance(options, list) and any(_is_null(o) for o in options):
            rest = [o for o in options if not _is_null(o)]
            del out[key]
            if len(rest) == 1 and isinstance(rest[0], dict):
                out = {**rest[0], **out}
            elif rest:
                out[key] = rest
            out["nullable"] = True
    kind = out.get("type")
    if isinstance(kind, list):
        types = [t for t in kind if t != "null"]
        if "null" in kind:
            out["nullable"] = True
        del out["type"]
        if len(types) == 1:
            out["type"] = types[0]
        elif types:
            out["anyOf"] = [{"type": t} for t in types]
    if out.get("type") == "null":
        del out["type"]
        out["nullable"] = True
    if isinstance(out.get("examples"), list):
        examples = out.pop("examples")
        if examples:
            out["example"] = examples[0]
    if "const" in out:
        out["enum"] = [out.pop("const")]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = out.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[limit] = value
            out[bound] = True
    if out.get("required") == []:
        del out["required"]
    if out.get("items") == {} and out.get("type") != "array":
        del out["items"]
    return {k: v for k, v in out.items() if k in _SCHEMA_30_KEYS or k.startswith("x-")}


def _document_to_30(doc: dict[str, Any]) -> dict[str, Any]:
    """Every Schema Object of the document (parameters, bodies, headers, components)."""

    def content(media_types: Any) -> None:
        for media in (media_types or {}).values():
            if isinstance(media, dict) and "schema" in media:
                media["schema"] = _schema_to_30(media["schema"])

    def parameter(p: dict[str, Any]) -> None:
        if "schema" in p:
            p["schema"] = _schema_to_30(p["schema"])
        content(p.get("content"))

    for item in doc.get("paths", {}).values():
        for p in item.get("parameters") or []:
            parameter(p)
        for method, operation in item.items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            for p in operation.get("parameters") or []:
                parameter(p)
            content((operation.get("requestBody") or {}).get("content"))
            for response in (operation.get("responses") or {}).values():
                content(response.get("content"))
                for header in (response.get("headers") or {}).values():
                    parameter(header)
    components = doc.get("components", {})
    for name, schema in (components.get("schemas") or {}).items():
        components["schemas"][name] = _schema_to_30(schema)
    for p in (components.get("parameters") or {}).values():
        parameter(p)
    return doc


def _closed(schema: Any) -> Any:
    """A request schema whose objects refuse unknown fields (see the module docstring)."""
    if isinstance(schema, list):
        return [_closed(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: (v if k == "allOf" else _closed(v)) for k, v in schema.items()}
    if (out.get("type") == "object" or "properties" in out) and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def to_openapi30(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as `openapi-diff` can read it: dereferenced, OpenAPI 3.0, request bodies
    closed. Only for the comparison: never served."""
    out: dict[str, Any] = dereference(doc)
    out["openapi"] = "3.0.3"
    out.pop("webhooks", None)
    out.pop("jsonSchemaDialect", None)
    for item in out.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                if "schema" in media:
                    media["schema"] = _closed(media["schema"])
    if '"$ref"' not in json.dumps(out.get("paths", {})):
        # every schema is inline now: the components would only be validated again (slow)
        out["components"] = {
            k: v for k, v in out.get("components", {}).items() if k == "securitySchemes"
        }
    return _document_to_30(out)


# --- the tools ---------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = TOOLS / (f"{name}.cmd" if os.name == "nt" else name)
    if not path.exists():
        raise GateError(
            f"{name} is not installed: run `npm ci` in frontend/ (it is a devDependency)"
        )
    return str(path)


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    # stdout to a file, not a pipe: the node tools end with process.exit(), which cuts a
    # pipe's pending output (a big report was truncated at 128 KiB); file writes are whole
    with tempfile.TemporaryFile("w+") as out:
        done = subprocess.run(
            args, stdout=out, stderr=subprocess.PIPE, text=True, timeout=300, check=False
        )
        out.seek(0)
        return subprocess.CompletedProcess(args, done.returncode, out.read(), done.stderr)


def openapi_diff(released: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    with tempfile.TemporaryDirectory(prefix="mtf-contract-") as tmp:
        before, after = Path(tmp) / "released.json", Path(tmp) / "current.json"
        before.write_text(json.dumps(to_openapi30(released)))
        after.write_text(json.dumps(to_openapi30(current)))
        done = _run([_tool("openapi-diff"), str(before), str(after)])
    out = done.stdout
    if "No changes found" in out:
        return []
    start = out.find("{")
    try:
        report = json.loads(out[start:]) if start >= 0 else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        raise GateError(f"openapi-diff failed: {(done.stderr or out)[-2000:]}")
    changes: list[Change] = []
    for key, breaking in (
        ("breakingDifferences", True),
        ("nonBreakingDifferences", False),
        ("unclassifiedDifferences", False),
    ):
        for found in report.get(key, []):
            details = found.get("sourceSpecEntityDetails") or found.get(
                "destinationSpecEntityDetails"
            )
            where = details[0]["location"] if details else found.get("entity", "")
            changes.append(Change(breaking, found["code"], where, "openapi-diff"))
    return changes


def json_schema_diff(released: Path, current: Path) -> list[Change]:
    """An event schema as its consumers read it: breaking when the current schema accepts a
    value the released one did not."""
    with tempfile.TemporaryDirectory(prefix="mtf-contract-") as tmp:
        before, after = Path(tmp) / "released.json", Path(tmp) / "current.json"
        before.write_text(json.dumps(_json_schema(json.loads(released.read_text()))))
        after.write_text(json.dumps(_json_schema(json.loads(current.read_text()))))
        # the tool calls "removed" what the destination no longer accepts: with the
        # current schema as the source, that is what the current one accepts in addition
        done = _run([_tool("json-schema-diff"), str(after), str(before)])
    text = done.stdout + done.stderr
    if done.returncode == 0:
        return []
    if "Breaking changes found" in text:
        return [Change(True, "event.schema.widened", released.name, "json-schema-diff")]
    raise GateError(f"json-schema-diff failed on {released.name}: {text[-2000:]}")


def _json_schema(schema: dict[str, Any]) -> Any:
    out = dereference(schema)
    if isinstance(out, dict):
        for key in ("$schema", "$id", "$defs", "definitions"):
            out.pop(key, None)
    return out


# --- what the tools do not read --------------------------------------------------------


def _enums(schema: Any, where: str = "") -> Iterator[tuple[str, list[Any]]]:
    if isinstance(schema, dict):
        if isinstance(schema.get("enum"), list):
            yield where, schema["enum"]
        if "const" in schema:
            yield where, [schema["const"]]
        for key, value in schema.items():
            if key in ("enum", "const", "example", "examples", "default"):
                continue
            yield from _enums(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _enums(value, f"{where}/{i}")


def enum_changes(released: Any, current: Any, where: str, tool: str = "mtf") -> list[Change]:
    """Values removed from an enum at the same place: breaking, in an input (a client's value
    refused) as in an output (a client waiting for it never sees it again)."""
    now = dict(_enums(dereference(current)))
    changes = []
    for pointer, values in _enums(dereference(released)):
        if pointer in now:
            gone = [v for v in values if v not in now[pointer]]
            if gone:
                code = "enum.value.remove " + ", ".join(map(str, gone))
                changes.append(Change(True, code, f"{where}{pointer}", tool))
    return changes


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS and isinstance(operation, dict):
                yield path, method, operation


def _parameters(operation: dict[str, Any], item: dict[str, Any]) -> dict[tuple[str, str], Any]:
    found = {(p["in"], p["name"]): p for p in item.get("parameters") or []}
    found.update({(p["in"], p["name"]): p for p in operation.get("parameters") or []})
    return found


def extra_rules(released: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    before_doc, after_doc = dereference(released), dereference(current)
    after = {(p, m): op for p, m, op in _operations(after_doc)}
    changes: list[Change] = []
    for path, method, operation in _operations(before_doc):
        now = after.get((path, method))
        if now is None:
            continue  # a removed operation: openapi-diff reports it
        where = f"paths.{path}.{method}"
        old_params = _parameters(operation, before_doc["paths"][path])
        new_params = _parameters(now, after_doc["paths"][path])
        for key, parameter in new_params.items():
            was = old_params.get(key)
            if parameter.get("required") and not (was and was.get("required")):
                code = "request.parameter.required." + ("add" if was is None else "tighten")
                changes.append(Change(True, code, f"{where}.parameters.{key[0]}.{key[1]}", "mtf"))
        for key, parameter in old_params.items():
            here = f"{where}.parameters.{key[0]}.{key[1]}"
            if key not in new_params:
                changes.append(Change(True, "request.parameter.remove", here, "mtf"))
                continue
            old_type = _schema_to_30(parameter.get("schema") or {}).get("type")
            new_type = _schema_to_30(new_params[key].get("schema") or {}).get("type")
            if old_type != new_type:
                changes.append(Change(True, "request.parameter.type.change", here, "mtf"))
            changes += enum_changes(parameter.get("schema"), new_params[key].get("schema"), here)
        old_body = (operation.get("requestBody") or {}).get("content", {})
        new_body = (now.get("requestBody") or {}).get("content", {})
        for media, content in old_body.items():
            if media in new_body:
                changes += enum_changes(
                    content.get("schema"),
                    new_body[media].get("schema"),
                    f"{where}.requestBody.{media}",
                )
        for status, response in (operation.get("responses") or {}).items():
            new_response = (now.get("responses") or {}).get(status) or {}
            for media, content in (response.get("content") or {}).items():
                new_content = (new_response.get("content") or {}).get(media)
                if new_content is not None:
                    changes += enum_changes(
                        content.get("schema"),
                        new_content.get("schema"),
                        f"{where}.responses.{status}.{media}",
                    )
    return changes


# --- the gate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    changes: list[Change]
    released_version: str
    current_version: str
    notes: list[str]

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    @property
    def new_major(self) -> bool:
        return _major(self.current_version) > _major(self.released_version)

    @property
    def passes(self) -> bool:
        return not self.breaking or self.new_major

    def summary(self) -> str:
        lines = [
            f"released contract {self.released_version}, current {self.current_version}",
            *self.notes,
            *(str(c) for c in self.changes),
        ]
        if self.breaking and not self.new_major:
            lines.append(
                f"{len(self.breaking)} breaking change(s): keep the released contract"
                " (add, do not change), or release a new major version (docs/api-conventions.md)"
            )
        return "\n".join(lines)


def _major(version: str) -> int:
    try:
        return int(version.split(".", maxsplit=1)[0])
    except ValueError:
        return 0


def compare_events(released_dir: Path, current_dir: Path) -> tuple[list[Change], list[str]]:
    released = sorted(released_dir.glob("*.json")) if released_dir.is_dir() else []
    if not released:
        return [], ["no released event schema: nothing to compare for events"]
    changes: list[Change] = []
    for schema in released:
        current = current_dir / schema.name
        if not current.exists():
            changes.append(Change(True, "event.schema.remove", schema.name, "mtf"))
            continue
        changes += json_schema_diff(schema, current)
        changes += enum_changes(
            json.loads(schema.read_text()), json.loads(current.read_text()), schema.name
        )
    return changes, []


def check(
    released_dir: Path = RELEASED,
    current_openapi: Path = CURRENT_OPENAPI,
    current_events: Path = CURRENT_EVENTS,
) -> Report:
    released_doc = json.loads((released_dir / "openapi.json").read_text())
    current_doc = json.loads(current_openapi.read_text())
    changes = openapi_diff(released_doc, current_doc) + extra_rules(released_doc, current_doc)
    event_changes, notes = compare_events(released_dir / "events", current_events)
    return Report(
        changes + event_changes,
        str(released_doc.get("info", {}).get("version", "0")),
        str(current_doc.get("info", {}).get("version", "0")),
        notes,
    )


def release(
    released_dir: Path = RELEASED,
    current_openapi: Path = CURRENT_OPENAPI,
    current_events: Path = CURRENT_EVENTS,
    *,
    correction: bool = False,
) -> Report | None:
    """Copy the current contract into the released snapshot, unless that would break it
    (then the report says why, and nothing is written). The first release has nothing to
    compare with. `correction`: the document was wrong and now says what the API already
    did (an `Idempotency-Key` it always required, now declared): released all the same."""
    report = None
    if (released_dir / "openapi.json").exists():
        report = check(released_dir, current_openapi, current_events)
        if not report.passes and not correction:
            return report
    staging = Path(tempfile.mkdtemp(prefix="released-", dir=released_dir.parent))
    try:
        shutil.copyfile(current_openapi, staging / "openapi.json")
        schemas = sorted(current_events.glob("*.json")) if current_events.is_dir() else []
        if schemas:
            (staging / "events").mkdir()
            for schema in schemas:
                shutil.copyfile(schema, staging / "events" / schema.name)
        if released_dir.exists():
            shutil.rmtree(released_dir)
        staging.rename(released_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return report
