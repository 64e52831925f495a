from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.journal_verification_out import JournalVerificationOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    series: str,
    kept_head: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["series"] = series

    json_kept_head: None | str | Unset
    if isinstance(kept_head, Unset):
        json_kept_head = UNSET
    else:
        json_kept_head = kept_head
    params["kept_head"] = json_kept_head


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit/journal",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JournalVerificationOut | Problem | None:
    if response.status_code == 200:
        response_200 = JournalVerificationOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JournalVerificationOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    series: str,
    kept_head: None | str | Unset = UNSET,

) -> Response[JournalVerificationOut | Problem]:
    """ Verify the tamper-evident journal of a series of invoices or credit notes

    Args:
        series (str): FAC-YYYY (invoices) or AV-YYYY (credit notes), e.g. FAC-2026
        kept_head (None | str | Unset): a head hash kept earlier (a bill run's `journal.head`): is
            it still in the series, and at which number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JournalVerificationOut | Problem]
     """


    kwargs = _get_kwargs(
        series=series,
kept_head=kept_head,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    series: str,
    kept_head: None | str | Unset = UNSET,

) -> JournalVerificationOut | Problem | None:
    """ Verify the tamper-evident journal of a series of invoices or credit notes

    Args:
        series (str): FAC-YYYY (invoices) or AV-YYYY (credit notes), e.g. FAC-2026
        kept_head (None | str | Unset): a head hash kept earlier (a bill run's `journal.head`): is
            it still in the series, and at which number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JournalVerificationOut | Problem
     """


    return sync_detailed(
        client=client,
series=series,
kept_head=kept_head,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    series: str,
    kept_head: None | str | Unset = UNSET,

) -> Response[JournalVerificationOut | Problem]:
    """ Verify the tamper-evident journal of a series of invoices or credit notes

    Args:
        series (str): FAC-YYYY (invoices) or AV-YYYY (credit notes), e.g. FAC-2026
        kept_head (None | str | Unset): a head hash kept earlier (a bill run's `journal.head`): is
            it still in the series, and at which number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JournalVerificationOut | Problem]
     """


    kwargs = _get_kwargs(
        series=series,
kept_head=kept_head,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    series: str,
    kept_head: None | str | Unset = UNSET,

) -> JournalVerificationOut | Problem | None:
    """ Verify the tamper-evident journal of a series of invoices or credit notes

    Args:
        series (str): FAC-YYYY (invoices) or AV-YYYY (credit notes), e.g. FAC-2026
        kept_head (None | str | Unset): a head hash kept earlier (a bill run's `journal.head`): is
            it still in the series, and at which number

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JournalVerificationOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
series=series,
kept_head=kept_head,

    )).parsed
