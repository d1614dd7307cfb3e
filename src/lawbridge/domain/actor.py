"""Who is acting: an account of a party, or the operator's system identity (CLI, migrations, demo)."""

from __future__ import annotations

from dataclasses import dataclass

from lawbridge.domain.roles import Permission, Role, permissions_of


@dataclass(frozen=True, slots=True)
class Actor:
    """The caller of a workflow. ``party_id`` is None only for the system actor."""

    account_id: str | None
    party_id: str | None
    roles: frozenset[Role]
    label: str
    locale: str | None = None

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(account_id=None, party_id=None, roles=frozenset(Role), label=label)

    @property
    def is_system(self) -> bool:
        return self.account_id is None

    def can(self, permission: Permission) -> bool:
        return permission in permissions_of(self.roles)
