from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.list_offers_service_type_1 import ListOffersServiceType1
from ...models.list_offers_service_type_2_type_1 import ListOffersServiceType2Type1
from ...models.list_offers_service_type_3_type_1 import ListOffersServiceType3Type1
from ...models.list_offers_status_type_1 import ListOffersStatusType1
from ...models.list_offers_status_type_2_type_1 import ListOffersStatusType2Type1
from ...models.list_offers_status_type_3_type_1 import ListOffersStatusType3Type1
from ...models.offer_page import OfferPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    service: ListOffersServiceType1 | ListOffersServiceType2Type1 | ListOffersServiceType3Type1 | None | Unset = UNSET,
    status: ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_service: None | str | Unset
    if isinstance(service, Unset):
        json_service = UNSET
    elif isinstance(service, ListOffersServiceType1):
        json_service = service.value
    elif isinstance(service, ListOffersServiceType2Type1):
        json_service = service.value
    elif isinstance(service, ListOffersServiceType3Type1):
        json_service = service.value
    else:
        json_service = service
    params["service"] = json_service

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListOffersStatusType1):
        json_status = status.value
    elif isinstance(status, ListOffersStatusType2Type1):
        json_status = status.value
    elif isinstance(status, ListOffersStatusType3Type1):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

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
        "url": "/api/v1/offers",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OfferPage | Problem | None:
    if response.status_code == 200:
        response_200 = OfferPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OfferPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    service: ListOffersServiceType1 | ListOffersServiceType2Type1 | ListOffersServiceType3Type1 | None | Unset = UNSET,
    status: ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[OfferPage | Problem]:
    """ List offers

    Args:
        service (ListOffersServiceType1 | ListOffersServiceType2Type1 |
            ListOffersServiceType3Type1 | None | Unset):
        status (ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 |
            None | Unset):
        code (None | str | Unset):
        q (None | str | Unset): code or name contains
        sort (None | str | Unset): code, name, service, status, monthly_fee, created_at,
            updated_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OfferPage | Problem]
     """


    kwargs = _get_kwargs(
        service=service,
status=status,
code=code,
q=q,
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
    service: ListOffersServiceType1 | ListOffersServiceType2Type1 | ListOffersServiceType3Type1 | None | Unset = UNSET,
    status: ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> OfferPage | Problem | None:
    """ List offers

    Args:
        service (ListOffersServiceType1 | ListOffersServiceType2Type1 |
            ListOffersServiceType3Type1 | None | Unset):
        status (ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 |
            None | Unset):
        code (None | str | Unset):
        q (None | str | Unset): code or name contains
        sort (None | str | Unset): code, name, service, status, monthly_fee, created_at,
            updated_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OfferPage | Problem
     """


    return sync_detailed(
        client=client,
service=service,
status=status,
code=code,
q=q,
sort=sort,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    service: ListOffersServiceType1 | ListOffersServiceType2Type1 | ListOffersServiceType3Type1 | None | Unset = UNSET,
    status: ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[OfferPage | Problem]:
    """ List offers

    Args:
        service (ListOffersServiceType1 | ListOffersServiceType2Type1 |
            ListOffersServiceType3Type1 | None | Unset):
        status (ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 |
            None | Unset):
        code (None | str | Unset):
        q (None | str | Unset): code or name contains
        sort (None | str | Unset): code, name, service, status, monthly_fee, created_at,
            updated_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OfferPage | Problem]
     """


    kwargs = _get_kwargs(
        service=service,
status=status,
code=code,
q=q,
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
    service: ListOffersServiceType1 | ListOffersServiceType2Type1 | ListOffersServiceType3Type1 | None | Unset = UNSET,
    status: ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 | None | Unset = UNSET,
    code: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> OfferPage | Problem | None:
    """ List offers

    Args:
        service (ListOffersServiceType1 | ListOffersServiceType2Type1 |
            ListOffersServiceType3Type1 | None | Unset):
        status (ListOffersStatusType1 | ListOffersStatusType2Type1 | ListOffersStatusType3Type1 |
            None | Unset):
        code (None | str | Unset):
        q (None | str | Unset): code or name contains
        sort (None | str | Unset): code, name, service, status, monthly_fee, created_at,
            updated_at; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OfferPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
service=service,
status=status,
code=code,
q=q,
sort=sort,
limit=limit,
cursor=cursor,

    )).parsed
