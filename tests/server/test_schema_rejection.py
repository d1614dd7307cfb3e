"""Requests that break the OpenAPI document are refused with a 422 in the one error shape.

Regression tests for the ``negative_data_rejection`` findings of ``bench/trust_fuzz_api.py``
(docs/trust.md section 4): each request here is one schemathesis sent and the API answered 2xx.
"""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient

from lawbridge.server.api.params import single_query_values
from tests.conftest import World
from tests.contracts.error_shape import assert_error

API = "/api/v1"
T0 = "2026-01-01T00:00:00Z"
T1 = "2026-02-01T00:00:00Z"

# A query parameter the document declares as one scalar value, sent twice. FastAPI kept the last
# value and answered 200; the document (``type: string``, not ``array``) allows one.
REPEATED = [
    ("/potential-matches/export.ftm.json", "watchlist_id=-2.25e%2B16&watchlist_id=null"),
    ("/potential-matches/export.ftm.json", "status=open&status=open"),
    ("/cases/statistics", f"start={T0}&start={T1}"),
    ("/cases/statistics", "watchlist_id=a&watchlist_id=b"),
    ("/potential-matches", "limit=1&limit=2"),
    ("/audit/events", "limit=5&limit=5"),
]


@pytest.mark.parametrize(("path", "query"), REPEATED)
def test_repeated_scalar_query_parameter_is_422(
    client: TestClient, world: World, path: str, query: str
) -> None:
    answer = client.get(f"{API}{path}?{query}", headers=world.cn["admin"].headers)
    body = assert_error(answer, 422, "invalid_input")
    name = query.split("=", 1)[0]
    assert [problem["loc"] for problem in body["errors"]] == [["query", name]]
    assert body["errors"][0]["type"] == "repeated_parameter"


def test_each_repeated_parameter_is_named(client: TestClient, world: World) -> None:
    query = f"watchlist_id=a&start={T0}&watchlist_id=b&start={T1}&end={T1}"
    answer = client.get(f"{API}/cases/statistics?{query}", headers=world.cn["admin"].headers)
    body = assert_error(answer, 422, "invalid_input")
    locs = [problem["loc"] for problem in body["errors"]]
    assert locs == [["query", "watchlist_id"], ["query", "start"]]


def test_single_values_and_unknown_repeats_still_pass(client: TestClient, world: World) -> None:
    """The guard's edge: declared parameters sent once, and parameters no operation declares
    (ignored, as the document allows), are answered as before."""
    headers = world.cn["admin"].headers
    answer = client.get(f"{API}/cases/statistics?start={T0}&end={T1}", headers=headers)
    assert answer.status_code == 200, answer.text
    answer = client.get(f"{API}/potential-matches?cache=1&cache=2", headers=headers)
    assert answer.status_code == 200, answer.text


def test_a_list_parameter_may_repeat() -> None:
    """A parameter declared as a list (none of the API's today) keeps every value."""
    app = FastAPI(dependencies=[Depends(single_query_values)])

    @app.get("/tags")
    def tags(tag: Annotated[list[str] | None, Query()] = None, one: str = "") -> list[str]:
        return [*(tag or []), one]

    with TestClient(app) as client:
        assert client.get("/tags?tag=a&tag=b&one=c").json() == ["a", "b", "c"]
        assert client.get("/tags?one=c&one=d").status_code == 422
