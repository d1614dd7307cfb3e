"""The W3C Entity Reconciliation API (version 0.2, the shape yente serves) over one watchlist.

``/api/v1/reconcile/{watchlist_id}`` is a reconciliation service OpenRefine can add:

* ``GET`` without parameters: the service manifest;
* ``GET``/``POST`` with ``queries`` (a JSON object of queries, form-encoded as OpenRefine sends it):
  candidates ``{id, name, description, score (0–100), match, type, features}``;
* ``GET``/``POST`` with ``extend``: data extension (property values of reconciled entries);
* ``/suggest/entity|type|property``, ``/preview?id=`` and ``/extend/propose``.

Every call needs an API token (``Authorization: Bearer lb_…``, advertised in the manifest as an
``apiKey`` in that header), except the bare manifest, which answers without one so a client can learn
that a key is needed; that answer is the same for every id and tells nothing about the list. With a
token, a list the caller's party neither owns nor was shared is 404, as everywhere in the API.
"""

from __future__ import annotations

import html
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from lawbridge import __version__
from lawbridge.domain.actor import Actor
from lawbridge.errors import InvalidInput
from lawbridge.server.api.params import ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.deps import ContextDep, api_actor, bearer
from lawbridge.store.models import WatchlistEntry
from lawbridge.workflows import reconcile
from lawbridge.workflows.unit import Unit

router = APIRouter(prefix="/reconcile/{watchlist_id}", tags=["reconcile"], responses=AUTHENTICATED)
PERSON = {"id": reconcile.TYPE_ID, "name": "Person"}
MAX_PARAM = 1_000_000
PREVIEW_SIZE = (420, 160)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
JsonParam = Annotated[str | None, Query(max_length=MAX_PARAM)]
JsonForm = Annotated[str | None, Form(max_length=MAX_PARAM)]
Value = str | int | float | bool | dict[str, Any]
# Every POST of the API takes an Idempotency-Key; this one changes nothing, so any repeat is safe.
IgnoredKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Accepted like on every POST; ignored: reconciling changes nothing.",
    ),
]


class PropertyValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pid: str = Field(max_length=200)
    v: Value | list[Value]


class QueryIn(BaseModel):
    """One query of a 0.2 batch (``additionalProperties: false`` as in the spec's schema)."""

    model_config = ConfigDict(extra="forbid")
    query: str | None = Field(default=None, max_length=1000)
    type: str | list[str] | None = None
    limit: int | None = Field(default=None, ge=0)
    properties: list[PropertyValue] | None = None
    type_strict: Literal["any", "should", "all"] | None = None


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[str] = Field(max_length=reconcile.MAX_QUERIES)
    properties: list[dict[str, Any]] = Field(max_length=50)


BATCH = TypeAdapter(dict[str, QueryIn])


def _decode(raw: str, name: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name} is not valid JSON: {exc.msg}", {"field": name}) from exc


def _invalid(exc: ValidationError, name: str) -> InvalidInput:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return InvalidInput(f"{name}: {where}: {first['msg']}", {"field": name})


def _strings(value: Value | list[Value]) -> list[str]:
    values = value if isinstance(value, list) else [value]
    found = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name") or item.get("id") or ""
        if isinstance(item, str | int | float) and not isinstance(item, bool) and str(item):
            found.append(str(item))
    return found


def parse_queries(raw: str) -> dict[str, reconcile.Query]:
    try:
        batch = BATCH.validate_python(_decode(raw, "queries"))
    except ValidationError as exc:
        raise _invalid(exc, "queries") from exc
    parsed = {}
    for key, query in batch.items():
        properties = {p.pid: _strings(p.v) for p in query.properties or []}
        limit = query.limit or reconcile.DEFAULT_LIMIT
        parsed[key] = reconcile.Query(query.query, limit, properties)
    return parsed


def parse_extend(raw: str) -> ExtendIn:
    try:
        return ExtendIn.model_validate(_decode(raw, "extend"))
    except ValidationError as exc:
        raise _invalid(exc, "extend") from exc


def optional_actor(request: Request, context: ContextDep, credentials: Credentials) -> Actor | None:
    return api_actor(request, context, credentials) if credentials is not None else None


OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
ActorDep = Annotated[Actor, Depends(api_actor)]


def _endpoint(request: Request, watchlist_id: str) -> str:
    return str(request.url_for("reconcile_get", watchlist_id=watchlist_id))


def manifest(request: Request, watchlist_id: str, name: str | None) -> dict[str, Any]:
    """The service manifest; without ``name`` (no token) it says nothing about the list."""
    endpoint = _endpoint(request, watchlist_id)
    service = {"service_url": endpoint}
    width, height = PREVIEW_SIZE
    return {
        "versions": ["0.2"],
        "name": f"lawbridge: {name}" if name else "lawbridge watchlist",
        "identifierSpace": f"{endpoint}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "serviceVersion": __version__,
        "defaultTypes": [PERSON],
        "authentication": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A lawbridge API token, written 'Bearer lb_…'",
        },
        "view": {"url": f"{str(request.base_url).rstrip('/')}/watchlists/entries/{{{{id}}}}"},
        "preview": {"url": f"{endpoint}/preview?id={{{{id}}}}", "width": width, "height": height},
        "suggest": {
            "entity": service | {"service_path": "/suggest/entity"},
            "type": service | {"service_path": "/suggest/type"},
            "property": service | {"service_path": "/suggest/property"},
        },
        "extend": {"propose_properties": service | {"service_path": "/extend/propose"}},
    }


def _description(entry: WatchlistEntry) -> str:
    record = entry.record
    parts = [entry.external_id, record.get("birth_date"), record.get("nationality")]
    return " · ".join(str(p) for p in parts if p)


def _features(match: reconcile.Match) -> list[dict[str, Any]]:
    names = match.explanation.get("names") or {}
    features: list[dict[str, Any]] = [{"id": "name", "value": float(names.get("score", 0.0))}]
    for item in match.explanation.get("features") or []:
        if item.get("result") not in (None, "missing") and isinstance(
            item.get("effect"), int | float
        ):
            features.append({"id": str(item["feature"]), "value": float(item["effect"])})
    return features


def candidate(match: reconcile.Match) -> dict[str, Any]:
    """One candidate of the 0.2 result shape; the score is 0–100 (OpenRefine's scale)."""
    return {
        "id": match.entry.id,
        "name": match.entry.name,
        "description": _description(match.entry),
        "score": round(match.score * 100, 2),
        "match": match.match,
        "type": [PERSON],
        "features": _features(match),
    }


def _reconcile(unit: Unit, watchlist_id: str, raw: str) -> dict[str, Any]:
    results = reconcile.reconcile(unit, watchlist_id, parse_queries(raw))
    return {key: {"result": [candidate(m) for m in found]} for key, found in results.items()}


def _extend(unit: Unit, watchlist_id: str, raw: str) -> dict[str, Any]:
    query = parse_extend(raw)
    pids = [str(p.get("id", "")) for p in query.properties]
    rows = reconcile.extend(unit, watchlist_id, query.ids, pids)
    meta = [{"id": pid, "name": _property_name(pid)} for pid in pids]
    return {
        "meta": meta,
        "rows": {
            entry_id: {pid: [{"str": v} for v in values] for pid, values in row.items()}
            for entry_id, row in rows.items()
        },
    }


def _property_name(pid: str) -> str:
    known = reconcile.BY_ID.get(pid)
    return known.name if known else pid


def _answer(unit: Unit, watchlist_id: str, queries: str | None, extend: str | None) -> Any:
    if queries is not None:
        return _reconcile(unit, watchlist_id, queries)
    if extend is not None:
        return _extend(unit, watchlist_id, extend)
    return None


@router.get("", name="reconcile_get", summary="Manifest, or reconcile / extend via GET")
def reconcile_get(
    watchlist_id: ObjectId,
    request: Request,
    context: ContextDep,
    actor: OptionalActor,
    queries: JsonParam = None,
    extend: JsonParam = None,
) -> JSONResponse:
    if actor is None:
        if queries is not None or extend is not None:
            api_actor(request, context, None)  # raises the 401
        return JSONResponse(manifest(request, watchlist_id, None))
    with context.read(actor) as unit:
        answer = _answer(unit, watchlist_id, queries, extend)
        if answer is None:
            answer = manifest(request, watchlist_id, reconcile.get_list(unit, watchlist_id).name)
    return JSONResponse(answer)


@router.post("", summary="Reconcile a batch of queries, or extend, as OpenRefine posts them")
def reconcile_post(
    watchlist_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    queries: JsonForm = None,
    extend: JsonForm = None,
    idempotency_key: IgnoredKey = None,
) -> JSONResponse:
    with context.read(actor) as unit:
        answer = _answer(unit, watchlist_id, queries, extend)
        if answer is None:
            reconcile.get_list(unit, watchlist_id)  # an unknown list is 404 before a 422
            raise InvalidInput("send 'queries' or 'extend' (form fields)", {"field": "queries"})
    return JSONResponse(answer)


Prefix = Annotated[str, Query(max_length=200)]


@router.get("/suggest/entity", summary="Suggest entries by name or list id")
def suggest_entity(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep, prefix: Prefix = ""
) -> dict[str, Any]:
    with context.read(actor) as unit:
        found = reconcile.suggest_entities(unit, watchlist_id, prefix)
        result = [
            {"id": e.id, "name": e.name, "description": _description(e), "notable": [PERSON]}
            for e in found
        ]
    return {"result": result}


@router.get("/suggest/type", summary="Suggest types (there is one: Person)")
def suggest_type(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep, prefix: Prefix = ""
) -> dict[str, Any]:
    with context.read(actor) as unit:
        reconcile.get_list(unit, watchlist_id)
    wanted = prefix.strip().casefold()
    return {"result": [PERSON] if wanted in PERSON["name"].casefold() else []}


@router.get("/suggest/property", summary="Suggest the properties queries and extension know")
def suggest_property(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep, prefix: Prefix = ""
) -> dict[str, Any]:
    with context.read(actor) as unit:
        reconcile.get_list(unit, watchlist_id)
    found = reconcile.suggest_properties(prefix)
    return {"result": [{"id": p.id, "name": p.name, "description": p.description} for p in found]}


@router.get("/extend/propose", summary="The properties data extension can add for a type")
def propose_properties(
    watchlist_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    type: Annotated[str, Query(max_length=200)] = reconcile.TYPE_ID,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    with context.read(actor) as unit:
        reconcile.get_list(unit, watchlist_id)
    known = [*reconcile.PROPERTIES, *reconcile.ENTRY_PROPERTIES]
    properties = [{"id": p.id, "name": p.name, "description": p.description} for p in known]
    chosen = properties[:limit] if type == reconcile.TYPE_ID else []
    return {"type": type, "limit": limit, "properties": chosen}


@router.get(
    "/preview",
    summary="A small HTML card of one entry",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def preview(
    watchlist_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    id: Annotated[str, Query(max_length=120)] = "",
) -> HTMLResponse:
    with context.read(actor) as unit:
        reconcile.get_list(unit, watchlist_id)  # an unknown list is 404 before a 422
        if not id:
            raise InvalidInput("id is required", {"field": "id"})
        body = _preview_html(reconcile.get_entry(unit, watchlist_id, id))
    headers = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"}
    return HTMLResponse(body, headers=headers)


def _preview_html(entry: WatchlistEntry) -> str:
    record = entry.record
    rows = [("Aliases", "; ".join(record.get("aliases", [])))]
    rows += [
        (p.name, ", ".join(reconcile.property_values(entry, p.id)))
        for p in reconcile.PROPERTIES[1:]
    ]
    rows += [("Legal basis", entry.legal_basis or ""), ("Status", entry.status)]
    cells = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows if v
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        f"<h1>{html.escape(entry.name)}</h1><p>{html.escape(entry.external_id)}</p>"
        f"<table>{cells}</table></body></html>"
    )
