from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.audit_state import AuditState
from ...models.audit_state_aggregate_type import AuditStateAggregateType
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime



def _get_kwargs(
    aggregate_type: AuditStateAggregateType,
    aggregate_id: UUID,
    *,
    version: int | None | Unset = UNSET,
    at: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_version: int | None | Unset
    if isinstance(version, Unset):
        json_version = UNSET
    else:
        json_version = version
    params["version"] = json_version

    json_at: None | str | Unset
    if isinstance(at, Unset):
        json_at = UNSET
    elif isinstance(at, datetime.datetime):
        json_at = at.isoformat()
    else:
        json_at = at
    params["at"] = json_at


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit/{aggregate_type}/{aggregate_id}/state".format(aggregate_type=quote(str(aggregate_type), safe=""),aggregate_id=quote(str(aggregate_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AuditState | Problem | None:
    if response.status_code == 200:
        response_200 = AuditState.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AuditState | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    aggregate_type: AuditStateAggregateType,
    aggregate_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    version: int | None | Unset = UNSET,
    at: datetime.datetime | None | Unset = UNSET,

) -> Response[AuditState | Problem]:
    """ AuditState

    Args:
        aggregate_type (AuditStateAggregateType):
        aggregate_id (UUID):
        version (int | None | Unset):
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditState | Problem]
     """


    kwargs = _get_kwargs(
        aggregate_type=aggregate_type,
aggregate_id=aggregate_id,
version=version,
at=at,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    aggregate_type: AuditStateAggregateType,
    aggregate_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    version: int | None | Unset = UNSET,
    at: datetime.datetime | None | Unset = UNSET,

) -> AuditState | Problem | None:
    """ AuditState

    Args:
        aggregate_type (AuditStateAggregateType):
        aggregate_id (UUID):
        version (int | None | Unset):
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditState | Problem
     """


    return sync_detailed(
        aggregate_type=aggregate_type,
aggregate_id=aggregate_id,
client=client,
version=version,
at=at,

    ).parsed

async def asyncio_detailed(
    aggregate_type: AuditStateAggregateType,
    aggregate_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    version: int | None | Unset = UNSET,
    at: datetime.datetime | None | Unset = UNSET,

) -> Response[AuditState | Problem]:
    """ AuditState

    Args:
        aggregate_type (AuditStateAggregateType):
        aggregate_id (UUID):
        version (int | None | Unset):
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditState | Problem]
     """


    kwargs = _get_kwargs(
        aggregate_type=aggregate_type,
aggregate_id=aggregate_id,
version=version,
at=at,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    aggregate_type: AuditStateAggregateType,
    aggregate_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    version: int | None | Unset = UNSET,
    at: datetime.datetime | None | Unset = UNSET,

) -> AuditState | Problem | None:
    """ AuditState

    Args:
        aggregate_type (AuditStateAggregateType):
        aggregate_id (UUID):
        version (int | None | Unset):
        at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditState | Problem
     """


    return (await asyncio_detailed(
        aggregate_type=aggregate_type,
aggregate_id=aggregate_id,
client=client,
version=version,
at=at,

    )).parsed
