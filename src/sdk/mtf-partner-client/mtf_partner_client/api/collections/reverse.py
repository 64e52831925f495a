from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.payment_out import PaymentOut
from ...models.payment_reversal import PaymentReversal
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    payment_id: UUID,
    *,
    body: None | PaymentReversal | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/{payment_id}/reverse".format(payment_id=quote(str(payment_id), safe=""),),
    }

    
    if isinstance(body, PaymentReversal):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentOut | Problem | None:
    if response.status_code == 200:
        response_200 = PaymentOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaymentOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | PaymentReversal | Unset = UNSET,

) -> Response[PaymentOut | Problem]:
    """ Reverse a bounced payment (allocations undone)

    Args:
        payment_id (UUID):
        body (None | PaymentReversal | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | Problem]
     """


    kwargs = _get_kwargs(
        payment_id=payment_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | PaymentReversal | Unset = UNSET,

) -> PaymentOut | Problem | None:
    """ Reverse a bounced payment (allocations undone)

    Args:
        payment_id (UUID):
        body (None | PaymentReversal | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | Problem
     """


    return sync_detailed(
        payment_id=payment_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | PaymentReversal | Unset = UNSET,

) -> Response[PaymentOut | Problem]:
    """ Reverse a bounced payment (allocations undone)

    Args:
        payment_id (UUID):
        body (None | PaymentReversal | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | Problem]
     """


    kwargs = _get_kwargs(
        payment_id=payment_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: None | PaymentReversal | Unset = UNSET,

) -> PaymentOut | Problem | None:
    """ Reverse a bounced payment (allocations undone)

    Args:
        payment_id (UUID):
        body (None | PaymentReversal | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | Problem
     """


    return (await asyncio_detailed(
        payment_id=payment_id,
client=client,
body=body,

    )).parsed
