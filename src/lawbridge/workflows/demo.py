"""Loading the synthetic demo through the ordinary workflows (so every row is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.fixtures import demo
from lawbridge.store.models import Party
from lawbridge.workflows import accounts, documents, parties
from lawbridge.workflows.unit import Context


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
    """Load the demo once, in one transaction; returns False when it is already there."""
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
