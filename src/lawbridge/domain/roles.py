"""Parties, roles and what each role may do.

A party is an agency or an online service provider. An account belongs to exactly one party and holds
one or more roles; a permission is granted when any of the account's roles grants it. Permissions
never cross parties: every check is made inside the caller's own party, and another party's objects
are reachable only through an explicit share (see ``workflows/shares.py``).
"""

from __future__ import annotations

from enum import StrEnum


class PartyKind(StrEnum):
    AGENCY = "agency"
    PROVIDER = "provider"


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"


class Permission(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    READ_RECORDS = "read_records"
    WRITE_RECORDS = "write_records"
    SHARE_RECORDS = "share_records"
    REVIEW = "review"
    READ_AUDIT = "read_audit"


class SharePermission(StrEnum):
    READ = "read"
    WRITE = "write"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ANALYST: frozenset(
        {Permission.READ_RECORDS, Permission.WRITE_RECORDS, Permission.SHARE_RECORDS}
    ),
    Role.REVIEWER: frozenset({Permission.READ_RECORDS, Permission.REVIEW}),
    Role.AUDITOR: frozenset({Permission.READ_RECORDS, Permission.READ_AUDIT}),
}


def permissions_of(roles: frozenset[Role] | set[Role] | list[Role]) -> frozenset[Permission]:
    """Every permission that at least one of ``roles`` grants."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
