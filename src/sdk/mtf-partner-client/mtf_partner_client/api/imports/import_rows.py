from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET, Unset
from ... import errors

from ...models.import_row_page import ImportRowPage
from ...models.import_rows_outcome_type_1 import ImportRowsOutcomeType1
from ...models.import_rows_outcome_type_2_type_1 import ImportRowsOutcomeType2Type1
from ...models.import_rows_outcome_type_3_type_1 import ImportRowsOutcomeType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    import_id: UUID,
    *,
    outcome: ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 | ImportRowsOutcomeType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    elif isinstance(outcome, ImportRowsOutcomeType1):
        json_outcome = outcome.value
    elif isinstance(outcome, ImportRowsOutcomeType2Type1):
        json_outcome = outcome.value
    elif isinstance(outcome, ImportRowsOutcomeType3Type1):
        json_outcome = outcome.value
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

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
        "url": "/api/v1/imports/{import_id}/rows".format(import_id=quote(str(import_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportRowPage | Problem | None:
    if response.status_code == 200:
        response_200 = ImportRowPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ImportRowPage | Problem]:
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
    outcome: ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 | ImportRowsOutcomeType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[ImportRowPage | Problem]:
    """ An import's report, row by row (rejected ones with reasons)

    Args:
        import_id (UUID):
        outcome (ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 |
            ImportRowsOutcomeType3Type1 | None | Unset):
        sort (None | str | Unset): line, row_id, outcome; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportRowPage | Problem]
     """


    kwargs = _get_kwargs(
        import_id=import_id,
outcome=outcome,
sort=sort,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    outcome: ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 | ImportRowsOutcomeType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> ImportRowPage | Problem | None:
    """ An import's report, row by row (rejected ones with reasons)

    Args:
        import_id (UUID):
        outcome (ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 |
            ImportRowsOutcomeType3Type1 | None | Unset):
        sort (None | str | Unset): line, row_id, outcome; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportRowPage | Problem
     """


    return sync_detailed(
        import_id=import_id,
client=client,
outcome=outcome,
sort=sort,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    outcome: ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 | ImportRowsOutcomeType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[ImportRowPage | Problem]:
    """ An import's report, row by row (rejected ones with reasons)

    Args:
        import_id (UUID):
        outcome (ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 |
            ImportRowsOutcomeType3Type1 | None | Unset):
        sort (None | str | Unset): line, row_id, outcome; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportRowPage | Problem]
     """


    kwargs = _get_kwargs(
        import_id=import_id,
outcome=outcome,
sort=sort,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    import_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    outcome: ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 | ImportRowsOutcomeType3Type1 | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> ImportRowPage | Problem | None:
    """ An import's report, row by row (rejected ones with reasons)

    Args:
        import_id (UUID):
        outcome (ImportRowsOutcomeType1 | ImportRowsOutcomeType2Type1 |
            ImportRowsOutcomeType3Type1 | None | Unset):
        sort (None | str | Unset): line, row_id, outcome; prefix - for descending
        limit (int | None | Unset):
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportRowPage | Problem
     """


    return (await asyncio_detailed(
        import_id=import_id,
client=client,
outcome=outcome,
sort=sort,
limit=limit,
cursor=cursor,

    )).parsed
