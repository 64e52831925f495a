from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.client_page import ClientPage
from ...models.list_clients_kind_type_1 import ListClientsKindType1
from ...models.list_clients_kind_type_2_type_1 import ListClientsKindType2Type1
from ...models.list_clients_kind_type_3_type_1 import ListClientsKindType3Type1
from ...models.list_clients_status_type_1 import ListClientsStatusType1
from ...models.list_clients_status_type_2_type_1 import ListClientsStatusType2Type1
from ...models.list_clients_status_type_3_type_1 import ListClientsStatusType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    id: list[UUID] | None | Unset = UNSET,
    ice: None | str | Unset = UNSET,
    kind: ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None | Unset = UNSET,
    cin: None | str | Unset = UNSET,
    status: ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_id: list[str] | None | Unset
    if isinstance(id, Unset):
        json_id = UNSET
    elif isinstance(id, list):
        json_id = []
        for id_type_0_item_data in id:
            id_type_0_item = str(id_type_0_item_data)
            json_id.append(id_type_0_item)


    else:
        json_id = id
    params["id"] = json_id

    json_ice: None | str | Unset
    if isinstance(ice, Unset):
        json_ice = UNSET
    else:
        json_ice = ice
    params["ice"] = json_ice

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListClientsKindType1):
        json_kind = kind.value
    elif isinstance(kind, ListClientsKindType2Type1):
        json_kind = kind.value
    elif isinstance(kind, ListClientsKindType3Type1):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_cin: None | str | Unset
    if isinstance(cin, Unset):
        json_cin = UNSET
    else:
        json_cin = cin
    params["cin"] = json_cin

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListClientsStatusType1):
        json_status = status.value
    elif isinstance(status, ListClientsStatusType2Type1):
        json_status = status.value
    elif isinstance(status, ListClientsStatusType3Type1):
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
        "url": "/api/v1/clients",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClientPage | Problem | None:
    if response.status_code == 200:
        response_200 = ClientPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ClientPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    id: list[UUID] | None | Unset = UNSET,
    ice: None | str | Unset = UNSET,
    kind: ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None | Unset = UNSET,
    cin: None | str | Unset = UNSET,
    status: ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[ClientPage | Problem]:
    """ List clients (search by name, company name, CIN, ICE, phone or line number)

    Args:
        q (None | str | Unset): whole words of the name or company name (accents and case
            ignored), a CIN, an ICE, a phone number or a line number
        id (list[UUID] | None | Unset): only these clients (repeat the parameter, at most 100):
            the names of a list's clients in one request
        ice (None | str | Unset): a business's ICE (15 digits)
        kind (ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None
            | Unset):
        cin (None | str | Unset): one or two letters then 1 to 6 digits (spaces and case ignored)
        status (ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1
            | None | Unset):
        sort (None | str | Unset): created_at, status; prefix - for descending (newest first by
            default)
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientPage | Problem]
     """


    kwargs = _get_kwargs(
        q=q,
id=id,
ice=ice,
kind=kind,
cin=cin,
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
    q: None | str | Unset = UNSET,
    id: list[UUID] | None | Unset = UNSET,
    ice: None | str | Unset = UNSET,
    kind: ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None | Unset = UNSET,
    cin: None | str | Unset = UNSET,
    status: ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> ClientPage | Problem | None:
    """ List clients (search by name, company name, CIN, ICE, phone or line number)

    Args:
        q (None | str | Unset): whole words of the name or company name (accents and case
            ignored), a CIN, an ICE, a phone number or a line number
        id (list[UUID] | None | Unset): only these clients (repeat the parameter, at most 100):
            the names of a list's clients in one request
        ice (None | str | Unset): a business's ICE (15 digits)
        kind (ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None
            | Unset):
        cin (None | str | Unset): one or two letters then 1 to 6 digits (spaces and case ignored)
        status (ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1
            | None | Unset):
        sort (None | str | Unset): created_at, status; prefix - for descending (newest first by
            default)
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientPage | Problem
     """


    return sync_detailed(
        client=client,
q=q,
id=id,
ice=ice,
kind=kind,
cin=cin,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    id: list[UUID] | None | Unset = UNSET,
    ice: None | str | Unset = UNSET,
    kind: ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None | Unset = UNSET,
    cin: None | str | Unset = UNSET,
    status: ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[ClientPage | Problem]:
    """ List clients (search by name, company name, CIN, ICE, phone or line number)

    Args:
        q (None | str | Unset): whole words of the name or company name (accents and case
            ignored), a CIN, an ICE, a phone number or a line number
        id (list[UUID] | None | Unset): only these clients (repeat the parameter, at most 100):
            the names of a list's clients in one request
        ice (None | str | Unset): a business's ICE (15 digits)
        kind (ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None
            | Unset):
        cin (None | str | Unset): one or two letters then 1 to 6 digits (spaces and case ignored)
        status (ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1
            | None | Unset):
        sort (None | str | Unset): created_at, status; prefix - for descending (newest first by
            default)
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientPage | Problem]
     """


    kwargs = _get_kwargs(
        q=q,
id=id,
ice=ice,
kind=kind,
cin=cin,
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
    q: None | str | Unset = UNSET,
    id: list[UUID] | None | Unset = UNSET,
    ice: None | str | Unset = UNSET,
    kind: ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None | Unset = UNSET,
    cin: None | str | Unset = UNSET,
    status: ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> ClientPage | Problem | None:
    """ List clients (search by name, company name, CIN, ICE, phone or line number)

    Args:
        q (None | str | Unset): whole words of the name or company name (accents and case
            ignored), a CIN, an ICE, a phone number or a line number
        id (list[UUID] | None | Unset): only these clients (repeat the parameter, at most 100):
            the names of a list's clients in one request
        ice (None | str | Unset): a business's ICE (15 digits)
        kind (ListClientsKindType1 | ListClientsKindType2Type1 | ListClientsKindType3Type1 | None
            | Unset):
        cin (None | str | Unset): one or two letters then 1 to 6 digits (spaces and case ignored)
        status (ListClientsStatusType1 | ListClientsStatusType2Type1 | ListClientsStatusType3Type1
            | None | Unset):
        sort (None | str | Unset): created_at, status; prefix - for descending (newest first by
            default)
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
q=q,
id=id,
ice=ice,
kind=kind,
cin=cin,
status=status,
sort=sort,
limit=limit,
cursor=cursor,

    )).parsed
