"""Workflows: every use case of lawbridge, shared by the API, the web UI and the CLI.

Each workflow takes a :class:`~lawbridge.workflows.unit.Unit` (a transaction plus the acting party's
identity), checks permissions and party scope, changes state and records an audit event in the same
transaction.
"""
