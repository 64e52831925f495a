from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.problem import Problem
from ...models.statement_confirm import StatementConfirm
from ...models.statement_confirmed import StatementConfirmed
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    import_id: UUID,
    *,
    body: None | StatementConfirm | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/imports/{import_id}/confirm".format(import_id=quote(str(import_id), safe=""),),
    }

    
    if isinstance(body, StatementConfirm):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | StatementConfirmed | None:
    if response.status_code == 200:
        response_200 = StatementConfirmed.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | StatementConfirmed]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | StatementConfirm | Unset = UNSET,

) -> Response[Problem | StatementConfirmed]:
    """ Post the matched lines and the lines assigned here as payments (bank_transfer, reference =
    bank_reference); once per bank reference, whatever is confirmed again

    Args:
        import_id (UUID):
        body (None | StatementConfirm | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatementConfirmed]
     """


    kwargs = _get_kwargs(
        import_id=import_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | StatementConfirm | Unset = UNSET,

) -> Problem | StatementConfirmed | None:
    """ Post the matched lines and the lines assigned here as payments (bank_transfer, reference =
    bank_reference); once per bank reference, whatever is confirmed again

    Args:
        import_id (UUID):
        body (None | StatementConfirm | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatementConfirmed
     """


    return sync_detailed(
        import_id=import_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | StatementConfirm | Unset = UNSET,

) -> Response[Problem | StatementConfirmed]:
    """ Post the matched lines and the lines assigned here as payments (bank_transfer, reference =
    bank_reference); once per bank reference, whatever is confirmed again

    Args:
        import_id (UUID):
        body (None | StatementConfirm | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatementConfirmed]
     """


    kwargs = _get_kwargs(
        import_id=import_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | StatementConfirm | Unset = UNSET,

) -> Problem | StatementConfirmed | None:
    """ Post the matched lines and the lines assigned here as payments (bank_transfer, reference =
    bank_reference); once per bank reference, whatever is confirmed again

    Args:
        import_id (UUID):
        body (None | StatementConfirm | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatementConfirmed
     """


    return (await asyncio_detailed(
        import_id=import_id,
client=client,
body=body,

    )).parsed
