"""``lawbridge transparency``: a provider's verifiable transparency report, and its check.

``report`` writes the report for a period at a tree size (canonical JSON, or CSV counts);
``verify`` checks a report file: every leaf's inclusion proof against the report's root and the
counts against its items (``--offline``: that alone, no database); then, from the database, that
it regenerates byte for byte at its tree size and that the log now extends its tree head; with
``--previous``, that the log at this report's tree head extends the earlier report's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click

from lawbridge.cli.base import OPERATOR, State, pass_state, report_errors
from lawbridge.domain import audit as rules
from lawbridge.domain import transparency as report_rules
from lawbridge.errors import InvalidInput
from lawbridge.workflows import transparency as workflow
from lawbridge.workflows.unit import Unit


@click.group()
def transparency() -> None:
    """Verifiable transparency reports of a provider party."""


@transparency.command()
@click.option("--party", required=True, help="The provider party (id or slug).")
@click.option("--from", "start", required=True, help="Start (YYYY-MM-DD or ISO 8601), included.")
@click.option("--to", "end", required=True, help="End (YYYY-MM-DD or ISO 8601), not included.")
@click.option("--tree-size", type=click.IntRange(min=1), help="Audit-log size [default: head].")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("-o", "--output", type=click.File("wb"), default="-", show_default=True)
@pass_state
def report(
    state: State,
    party: str,
    start: str,
    end: str,
    tree_size: int | None,
    fmt: str,
    output: IO[bytes],
) -> None:
    """Write the report of PARTY for [FROM, TO) at a tree size of the audit log."""

    def run() -> None:
        with state.context().read(OPERATOR) as unit:
            found = workflow.build_report(unit, party, start, end, tree_size=tree_size)
        if fmt == "csv":
            output.write(report_rules.report_csv(found).encode("utf-8"))
        else:
            output.write(report_rules.report_bytes(found))

    report_errors(state.debug, run)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    return report_rules.parse_report(data)


def _succession(unit: Unit, earlier: dict[str, Any], later: dict[str, Any]) -> list[str]:
    """The later report's tree must extend the earlier one's (same provider)."""
    if earlier["provider"]["party_id"] != later["provider"]["party_id"]:
        return ["the two reports are of different providers"]
    first, second = earlier["tree_head"], later["tree_head"]
    if int(first["tree_size"]) > int(second["tree_size"]):
        return ["--previous must be the report with the smaller tree size"]
    party = str(later["provider"]["party_id"])
    proof = workflow.consistency_between(
        unit, party, int(first["tree_size"]), int(second["tree_size"])
    )
    roots = bytes.fromhex(first["root_hash"]), bytes.fromhex(second["root_hash"])
    path = [bytes.fromhex(h) for h in proof.path]
    if not rules.verify_consistency(proof.first, proof.second, *roots, path):
        return ["the later report's tree does not extend the earlier report's"]
    return []


@transparency.command()
@click.argument("report_file", metavar="REPORT", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--previous", type=click.Path(path_type=Path, dir_okay=False), help="An earlier report."
)
@click.option("--offline", is_flag=True, help="Check the file alone; no database.")
@pass_state
def verify(state: State, report_file: Path, previous: Path | None, offline: bool) -> None:
    """Check REPORT's proofs; exit 1 naming each problem."""

    def run() -> None:
        found = _read(report_file)
        earlier = _read(previous) if previous is not None else None
        problems = (
            []
            if earlier is None
            else [f"previous: {p}" for p in report_rules.check_report(earlier)]
        )
        if offline:
            problems = report_rules.check_report(found) + problems
        else:
            with state.context().read(OPERATOR) as unit:
                problems = workflow.verify_against_log(unit, found) + problems
                if earlier is not None:
                    problems += _succession(unit, earlier, found)
        _finish(found, problems)

    report_errors(state.debug, run)


def _finish(found: dict[str, Any], problems: list[str]) -> None:
    if problems:
        for problem in problems:
            click.echo(f"FAILED: {problem}", err=True)
        sys.exit(1)
    head = found["tree_head"]
    click.echo(
        f"ok: {len(found['items'])} items, {len(found['evidence'])} leaves proved in the tree of "
        f"{head['tree_size']} (root {head['root_hash']})"
    )
