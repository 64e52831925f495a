"""The AsyncAPI 3.0 document of the webhook events, generated from the published types
(`mtf.<service>.published`), and the JSON Schema of every published event (webhooks and
the services' feeds) for the compatibility gate (`docs/contract/events/`)."""

from __future__ import annotations

from typing import Any

from mtf.billing.published import BILLING
from mtf.catalog.published import CATALOG
from mtf.collections.published import COLLECTIONS
from mtf.contracts.published import CONTRACTS
from mtf.customer.published import CUSTOMER
from mtf.identity.domain.partners import EVENT_TYPES, WEBHOOK_LANGUAGES
from mtf.kernel.published import EventType, PublishedLanguage, json_schemas

LANGUAGES: tuple[PublishedLanguage, ...] = (CATALOG, CUSTOMER, CONTRACTS, BILLING, COLLECTIONS)

VERSION = "1.0.0"

_HEADERS = {
    "type": "object",
    "required": [
        "X-MTF-Event",
        "X-MTF-Sequence",
        "X-MTF-Delivery",
        "X-MTF-Timestamp",
        "X-MTF-Signature",
    ],
    "properties": {
        "X-MTF-Event": {"type": "string", "description": "The event type (`type` of the body)."},
        "X-MTF-Sequence": {
            "type": "string",
            "pattern": "^[0-9]+$",
            "description": "Per subscription, 1, 2, 3... in delivery order (gapless).",
        },
        "X-MTF-Delivery": {
            "type": "string",
            "format": "uuid",
            "description": "This delivery (a replay is a new delivery of the same event).",
        },
        "X-MTF-Timestamp": {
            "type": "string",
            "pattern": "^[0-9]+$",
            "description": "Unix seconds when signed; reject one older than 5 minutes.",
        },
        "X-MTF-Signature": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": 'HMAC-SHA256 (hex) of "{X-MTF-Timestamp}.{body}" under the '
            "subscription's secret (docs/api-conventions.md, 'Verifying a webhook').",
        },
    },
}


def _envelope(kind: EventType[Any], source: str) -> dict[str, Any]:
    """The CloudEvents 1.0 structured event carrying this type's payload."""
    return {
        "type": "object",
        "required": [
            "specversion",
            "id",
            "source",
            "type",
            "time",
            "subject",
            "datacontenttype",
            "dataschema",
            "data",
            "sequence",
        ],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": {
                "type": "string",
                "format": "uuid",
                "description": "The event's id: the same on every retry and replay.",
            },
            "source": {"const": f"/mtf/{source}"},
            "type": {"const": kind.name},
            "time": {"type": "string", "format": "date-time"},
            "subject": {
                "type": "string",
                "format": "uuid",
                "description": f"The {kind.aggregate}'s id.",
            },
            "datacontenttype": {"const": "application/json"},
            "dataschema": {"const": kind.schema_id},
            "sequence": {
                "type": "string",
                "pattern": "^[0-9]+$",
                "description": "The subscription's sequence number (X-MTF-Sequence).",
            },
            "data": {"$ref": f"#/components/schemas/{kind.schema_name}"},
        },
    }


def asyncapi_document() -> dict[str, Any]:
    schemas = json_schemas(EVENT_TYPES.values())
    messages: dict[str, Any] = {}
    for source, language in WEBHOOK_LANGUAGES.items():
        for kind in language.webhook_types():
            messages[kind.schema_name] = {
                "name": kind.name,
                "title": f"{kind.name} (v{kind.version})",
                "summary": kind.summary,
                "contentType": "application/cloudevents+json",
                "headers": {"$ref": "#/components/schemas/WebhookHeaders"},
                "payload": _envelope(kind, source),
            }
    schemas["WebhookHeaders"] = _HEADERS
    channel_messages = {name: {"$ref": f"#/components/messages/{name}"} for name in messages}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "MT-Facturation webhooks",
            "version": VERSION,
            "description": (
                "Events delivered to a partner's webhook subscription "
                "(POST /api/v1/webhooks/subscriptions): one HTTPS POST per event, a "
                "CloudEvents 1.0 structured JSON body whose `data` is the published, "
                "versioned payload of its type. Signed with the subscription's secret, "
                "delivered in sequence order per subscription, retried with exponential "
                "backoff, replayable from a sequence number."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "partner": {
                "host": "partner.example",
                "pathname": "/webhooks/mtf",
                "protocol": "https",
                "description": "The URL given when subscribing (public addresses only).",
            }
        },
        "channels": {
            "webhook": {
                "address": "/webhooks/mtf",
                "title": "A subscription's URL",
                "description": "Every event type a subscription asked for (or '*': all).",
                "servers": [{"$ref": "#/servers/partner"}],
                "messages": channel_messages,
            }
        },
        "operations": {
            "deliverEvent": {
                "action": "send",
                "title": "Deliver an event",
                "summary": "MT-Facturation POSTs each event to the subscription's URL; any "
                "2xx answer acknowledges it.",
                "channel": {"$ref": "#/channels/webhook"},
                "messages": [{"$ref": f"#/channels/webhook/messages/{name}"} for name in messages],
                "bindings": {"http": {"method": "POST", "bindingVersion": "0.3.0"}},
            }
        },
        "components": {"schemas": schemas, "messages": messages},
    }


def event_schemas() -> dict[str, dict[str, Any]]:
    """Every published event's payload as a standalone JSON Schema, by file name
    (`contract.activated.v1.json`), for docs/contract/events/ and the compatibility gate."""
    out: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        for kind in language.types:
            components = json_schemas([kind])
            schema = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": kind.schema_id,
                "title": f"{kind.name} v{kind.version}",
                "description": kind.summary,
                "x-mtf-service": language.service,
                "x-mtf-webhook": kind.webhook,
                "$ref": f"#/$defs/{kind.schema_name}",
                "$defs": components,
            }
            out[f"{kind.name}.v{kind.version}.json"] = _local_refs(schema)
    return out


def _local_refs(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                v.replace("#/components/schemas/", "#/$defs/")
                if k == "$ref" and isinstance(v, str)
                else _local_refs(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_local_refs(v) for v in value]
    return value


def openapi_webhooks() -> tuple[dict[str, Any], dict[str, Any]]:
    """The webhook events as OpenAPI 3.1 `webhooks` (for the API reference, beside the
    paths) and the payload schemas they need: ({type: path item}, {schema name: schema})."""
    document = asyncapi_document()
    schemas = dict(document["components"]["schemas"])
    headers = schemas.pop("WebhookHeaders")
    parameters = [
        {
            "name": name,
            "in": "header",
            "required": True,
            "description": spec["description"],
            "schema": {k: v for k, v in spec.items() if k != "description"},
        }
        for name, spec in headers["properties"].items()
    ]
    webhooks: dict[str, Any] = {}
    for message in document["components"]["messages"].values():
        webhooks[message["name"]] = {
            "post": {
                "summary": message["summary"],
                "description": f"{message['title']}: a CloudEvents 1.0 structured event; "
                "answer 2xx to acknowledge (anything else is retried with backoff).",
                "operationId": "webhook_" + message["name"].replace(".", "_"),
                "tags": ["webhooks"],
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/cloudevents+json": {"schema": message["payload"]}},
                },
                "responses": {"200": {"description": "Acknowledged (any 2xx)"}},
            }
        }
    return webhooks, schemas
