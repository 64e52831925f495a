from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.import_out import ImportOut
from ...models.problem import Problem
from ...models.start_import_files_body import StartImportFilesBody
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    body: StartImportFilesBody,
    cutover: datetime.date | None | Unset = UNSET,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    params: dict[str, Any] = {}

    json_cutover: None | str | Unset
    if isinstance(cutover, Unset):
        json_cutover = UNSET
    elif isinstance(cutover, datetime.date):
        json_cutover = cutover.isoformat()
    else:
        json_cutover = cutover
    params["cutover"] = json_cutover


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/imports",
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportOut | Problem | None:
    if response.status_code == 202:
        response_202 = ImportOut.from_dict(response.json())



        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ImportOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StartImportFilesBody,
    cutover: datetime.date | None | Unset = UNSET,
    idempotency_key: str,

) -> Response[ImportOut | Problem]:
    """ Take over an existing base: import clients, lines and contracts from a CSV file

    Args:
        cutover (datetime.date | None | Unset): the first day this system bills (default today):
            the contracts start on their own start dates, the days before the cut-over were billed by
            the previous system
        idempotency_key (str):
        body (StartImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
cutover=cutover,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: StartImportFilesBody,
    cutover: datetime.date | None | Unset = UNSET,
    idempotency_key: str,

) -> ImportOut | Problem | None:
    """ Take over an existing base: import clients, lines and contracts from a CSV file

    Args:
        cutover (datetime.date | None | Unset): the first day this system bills (default today):
            the contracts start on their own start dates, the days before the cut-over were billed by
            the previous system
        idempotency_key (str):
        body (StartImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
cutover=cutover,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StartImportFilesBody,
    cutover: datetime.date | None | Unset = UNSET,
    idempotency_key: str,

) -> Response[ImportOut | Problem]:
    """ Take over an existing base: import clients, lines and contracts from a CSV file

    Args:
        cutover (datetime.date | None | Unset): the first day this system bills (default today):
            the contracts start on their own start dates, the days before the cut-over were billed by
            the previous system
        idempotency_key (str):
        body (StartImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
cutover=cutover,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: StartImportFilesBody,
    cutover: datetime.date | None | Unset = UNSET,
    idempotency_key: str,

) -> ImportOut | Problem | None:
    """ Take over an existing base: import clients, lines and contracts from a CSV file

    Args:
        cutover (datetime.date | None | Unset): the first day this system bills (default today):
            the contracts start on their own start dates, the days before the cut-over were billed by
            the previous system
        idempotency_key (str):
        body (StartImportFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
cutover=cutover,
idempotency_key=idempotency_key,

    )).parsed
