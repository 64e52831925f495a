from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.bill_run_page import BillRunPage
from ...models.list_runs_status_type_1 import ListRunsStatusType1
from ...models.list_runs_status_type_2_type_1 import ListRunsStatusType2Type1
from ...models.list_runs_status_type_3_type_1 import ListRunsStatusType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    period: None | str | Unset = UNSET,
    status: ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_period: None | str | Unset
    if isinstance(period, Unset):
        json_period = UNSET
    else:
        json_period = period
    params["period"] = json_period

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListRunsStatusType1):
        json_status = status.value
    elif isinstance(status, ListRunsStatusType2Type1):
        json_status = status.value
    elif isinstance(status, ListRunsStatusType3Type1):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_sort: None | str | Unset
    if isinstance(sort, Unset):
        json_sort = UNSET
    else:
        json_sort = sort
    params["sort"] = json_sort

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/bill-runs",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BillRunPage | Problem | None:
    if response.status_code == 200:
        response_200 = BillRunPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BillRunPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    period: None | str | Unset = UNSET,
    status: ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[BillRunPage | Problem]:
    """ List bill runs

    Args:
        period (None | str | Unset): a month, 2026-11
        status (ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None |
            Unset):
        sort (None | str | Unset): period, created_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BillRunPage | Problem]
     """


    kwargs = _get_kwargs(
        period=period,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    period: None | str | Unset = UNSET,
    status: ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> BillRunPage | Problem | None:
    """ List bill runs

    Args:
        period (None | str | Unset): a month, 2026-11
        status (ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None |
            Unset):
        sort (None | str | Unset): period, created_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BillRunPage | Problem
     """


    return sync_detailed(
        client=client,
period=period,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    period: None | str | Unset = UNSET,
    status: ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[BillRunPage | Problem]:
    """ List bill runs

    Args:
        period (None | str | Unset): a month, 2026-11
        status (ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None |
            Unset):
        sort (None | str | Unset): period, created_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BillRunPage | Problem]
     """


    kwargs = _get_kwargs(
        period=period,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    period: None | str | Unset = UNSET,
    status: ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> BillRunPage | Problem | None:
    """ List bill runs

    Args:
        period (None | str | Unset): a month, 2026-11
        status (ListRunsStatusType1 | ListRunsStatusType2Type1 | ListRunsStatusType3Type1 | None |
            Unset):
        sort (None | str | Unset): period, created_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BillRunPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
period=period,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    )).parsed
