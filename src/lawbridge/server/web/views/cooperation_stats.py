"""The cooperation statistics: "of N listed, M returned" per list and period, and charts of returns
by route over time, requests by status and assets by stage (server-rendered SVG, each with a table).

Returns count the party's own cases only (``cases.case_statistics``): a counterpart's status is
never inferred from what it shared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import accumulate
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lawbridge.domain.assets import AssetStage
from lawbridge.domain.requests import RequestStatus
from lawbridge.errors import InvalidInput
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep
from lawbridge.server.web.views import cooperation as coop
from lawbridge.server.web.views.charts import Chart, bar_chart, line_chart
from lawbridge.server.web.views.cooperation_data import all_requests, amount_number
from lawbridge.workflows import assets, cases, watchlists
from lawbridge.workflows.unit import Unit

router = APIRouter()
ROUTES = (
    ("extradited", N_("Extradited")),
    ("removed", N_("Removed / repatriated")),
    ("surrendered", N_("Surrendered")),
)
MAX_YEARS = 30


def _year(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)


def _years(unit: Unit, now: datetime) -> list[int]:
    own = [c for c in cases.list_cases(unit, limit=5000) if c.party_id == unit.actor.party_id]
    if not own:
        return []
    first = min(c.listed_at.year for c in own)
    return list(range(max(first, now.year - MAX_YEARS + 1), now.year + 1))


def _return_charts(unit: Unit, list_id: str | None, now: datetime) -> list[Chart]:
    years = _years(unit, now)
    per_year = [
        cases.case_statistics(unit, watchlist_id=list_id, start=_year(y), end=_year(y + 1))
        for y in years
    ]
    series = [(label, [float(getattr(s, key)) for s in per_year]) for key, label in ROUTES]
    labels = [str(y) for y in years]
    cumulative = [(label, list(accumulate(values))) for label, values in series]
    return [
        bar_chart("returns", N_("Returns by route and year"), labels, series, stacked=True),
        line_chart("returns-total", N_("Returns by route, cumulative"), labels, cumulative),
    ]


def _request_chart(unit: Unit) -> Chart:
    statuses = [s.value for s in RequestStatus]
    boxes = {box: all_requests(unit, box) for box in ("outbox", "inbox")}
    series = [
        (label, [float(sum(r.status == s for r in boxes[box])) for s in statuses])
        for box, label in (("outbox", N_("Sent by us")), ("inbox", N_("Received")))
    ]
    labels = [coop.REQUEST_STATUS_LABELS[s] for s in statuses]
    return bar_chart("requests", N_("Requests by status"), labels, series)


def _asset_charts(unit: Unit) -> list[Chart]:
    totals = assets.asset_totals(unit)
    stages = [s.value for s in AssetStage]
    labels = [coop.ASSET_STAGE_LABELS[s] for s in stages]
    counts = [(N_("Assets"), [float(totals.count.get(s, 0)) for s in stages])]
    charts = [bar_chart("assets", N_("Assets by stage"), labels, counts)]
    currencies = sorted({c for values in totals.values.values() for c in values})
    for currency in currencies:
        values = [amount_number(str(totals.values.get(s, {}).get(currency, 0))) for s in stages]
        charts.append(bar_chart(f"assets-{currency}", currency, labels, [(currency, values)]))
    return charts


def _period(start: str, end: str) -> tuple[datetime | None, datetime | None]:
    first = coop.parse_date(start, "start")
    last = coop.parse_date(end, "end")
    if first and last and last <= first:
        raise InvalidInput("the period must end after it starts", {"field": "end"})
    return first, last


@router.get("/cooperation/statistics")
def statistics(
    request: Request,
    context: ContextDep,
    user: UserDep,
    list_id: Annotated[str, Query(alias="list", max_length=64)] = "",
    start: Annotated[str, Query(max_length=30)] = "",
    end: Annotated[str, Query(max_length=30)] = "",
) -> Response:
    now = coop.clock_of(request).now()
    error = ""
    period: tuple[datetime | None, datetime | None] = (None, None)
    try:
        period = _period(start, end)
    except InvalidInput as exc:
        error = exc.message
    with context.read(user.actor) as unit:
        chosen = watchlists.get_watchlist(unit, list_id).id if list_id else None
        return render_page(
            request,
            user,
            "pages/cooperation_stats.html",
            active=coop.ACTIVE,
            status=422 if error else 200,
            overall=cases.case_statistics(unit, watchlist_id=chosen),
            in_period=cases.case_statistics(
                unit, watchlist_id=chosen, start=period[0], end=period[1]
            ),
            charts=_charts(unit, chosen, now),
            watchlists=watchlists.list_watchlists(unit, limit=200),
            filters={"list": list_id, "start": start, "end": end},
            error=error,
            **coop.labels(),
        )


def _charts(unit: Unit, list_id: str | None, now: datetime) -> dict[str, Any]:
    return {
        "returns": _return_charts(unit, list_id, now),
        "requests": _request_chart(unit),
        "assets": _asset_charts(unit),
    }
