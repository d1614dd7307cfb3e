"""Loading the synthetic demo through the ordinary workflows (so every row is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.engines.names import PersonRecord
from lawbridge.fixtures import demo, names_demo
from lawbridge.store.models import Party, Watchlist
from lawbridge.workflows import (
    accounts,
    cooperation_demo,
    documents,
    parties,
    screening,
    watchlists,
)
from lawbridge.workflows.unit import Context, Unit


@dataclass(slots=True, frozen=True)
class DemoLogin:
    party: str
    username: str
    password: str
    roles: tuple[str, ...]


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin(p["slug"], demo.username(role, p["slug"]), demo.DEMO_PASSWORD, (role,))
        for p in demo.PARTIES
        for role in demo.ROLES
    ]


def load_demo(context: Context) -> bool:
    """Load the demo once; returns False when it is already there.

    Parties, accounts and documents load in one transaction, the watchlist and its screenings in a
    second, the cooperation cases, requests and assets in a third (so a database holding an older
    demo gains what it lacks); each part is skipped when present.
    """
    loaded = _load_parties(context)
    loaded = _load_watchlist(context) or loaded
    return cooperation_demo.load_cooperation(context) or loaded


def _load_parties(context: Context) -> bool:
    system = Actor.system("demo")
    with context.write(system) as unit:
        if unit.session.scalar(select(Party.id).where(Party.slug == demo.PARTIES[0]["slug"])):
            return False
        for spec in demo.PARTIES:
            party = parties.create_party(
                unit,
                slug=spec["slug"],
                name=spec["name"],
                name_local=spec["name_local"],
                kind=spec["kind"],
                jurisdiction=spec["jurisdiction"],
            )
            for role in demo.ROLES:
                accounts.create_account(
                    unit,
                    party=party.id,
                    username=demo.username(role, spec["slug"]),
                    display_name=demo.DISPLAY_NAMES[spec["slug"]][role],
                    roles=[role],
                    password=demo.DEMO_PASSWORD,
                    locale=spec["locale"],
                )
        for owner, title, body, grantee, permission in demo.DOCUMENTS:
            # Each document is written by its party's analyst, in the same transaction.
            author = accounts.actor_for(accounts.get_account(unit, demo.username("analyst", owner)))
            as_author = unit.acting_as(author)
            document = documents.create_document(as_author, title=title, body=body)
            if grantee:
                documents.share_document(
                    as_author, document.id, grantee=grantee, permission=permission
                )
    return True


def _analyst(unit: Unit, slug: str) -> Unit:
    return unit.acting_as(
        accounts.actor_for(accounts.get_account(unit, demo.username("analyst", slug)))
    )


def _load_watchlist(context: Context) -> bool:
    """The synthetic red-notice list: 100 entries, the 41 returned delisted, shared, a few screened."""
    spec = names_demo.DEMO_LIST
    with context.write(Actor.system("demo")) as unit:
        if unit.session.scalar(select(Watchlist.id).where(Watchlist.name == spec["name"])):
            return False
        owner = _analyst(unit, str(spec["owner"]))
        watchlist = watchlists.create_watchlist(
            owner,
            name=str(spec["name"]),
            kind=str(spec["kind"]),
            description=str(spec["description"]),
        )
        entries = names_demo.load_red_notices()
        watchlists.import_records(owner, watchlist.id, entries, source=names_demo.SOURCE)
        ids = {
            e.external_id: e.id for e in watchlists.list_entries(owner, watchlist.id, limit=1000)
        }
        for entry in entries:
            if entry["status"] == "returned":
                route = entry["returned"]
                reason = f"returned ({route['route']}) on {route['date']}"
                watchlists.delist_entry(
                    owner,
                    ids[entry["id"]],
                    reason=reason,
                    route=names_demo.DELIST_ROUTES[route["route"]],
                )
        for grantee in spec["shared_with"]:
            watchlists.share_watchlist(owner, watchlist.id, grantee=str(grantee), permission="read")
        for number, row in enumerate(names_demo.demo_screening_rows()):
            screener = _analyst(
                unit, names_demo.DEMO_SCREENERS[number % len(names_demo.DEMO_SCREENERS)]
            )
            record = PersonRecord.from_dict(row["record"])
            screening.screen_record(
                screener, record, watchlist_ids=[watchlist.id], subject_ref=row["id"]
            )
    return True
