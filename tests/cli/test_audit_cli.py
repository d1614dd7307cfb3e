"""``lawbridge audit verify|proof|export`` on the demo database, before and after tampering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.domain import audit as rules
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditEvent
from tests.store import audit_tamper as t


class Lawbridge:
    """Runs ``lawbridge`` commands against one database."""

    def __init__(self, url: str, checkpoint_every: int = 8) -> None:
        self.env = {
            "LAWBRIDGE_ENV": "test",
            "LAWBRIDGE_DATABASE_URL": url,
            "LAWBRIDGE_AUDIT_CHECKPOINT_EVERY": str(checkpoint_every),
        }

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env=self.env, catch_exceptions=False)


@pytest.fixture
def demo(db: Database) -> Lawbridge:
    """The demo loaded through the CLI into a (migrated) database of each dialect."""
    lawbridge = Lawbridge(db.url)
    assert lawbridge("db", "upgrade").exit_code == 0
    loaded = lawbridge("demo")
    assert loaded.exit_code == 0, loaded.output
    return lawbridge


def chain_size(db: Database) -> int:
    with db.reading() as session:
        head = audit_log.head(session)
        assert head is not None
        return head.size


def test_acceptance_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'lawbridge.db'}"
    lawbridge = Lawbridge(url, checkpoint_every=256)
    for command in (["db", "upgrade"], ["demo"]):
        done = lawbridge(*command)
        assert done.exit_code == 0, done.output
    verified = lawbridge("audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("ok: ")
    db = Database(url)
    try:
        t.drop_triggers(db)
        t.execute(db, "UPDATE audit_event SET action = 'account.delete' WHERE seq = 4")
    finally:
        db.dispose()
    failed = lawbridge("audit", "verify")
    assert failed.exit_code == 1
    assert failed.stderr.startswith("FAILED at index 4: ")


def test_verify_passes_on_the_demo(demo: Lawbridge, db: Database) -> None:
    size = chain_size(db)
    done = demo("audit", "verify")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"ok: {size} events, {size // 8} checkpoints, root ")
    report = json.loads(demo("audit", "verify", "--json").stdout)
    assert report["ok"] is True and report["size"] == size
    assert report["first_bad_index"] is None


@pytest.mark.parametrize("index", [0, 5, 9])
def test_verify_names_the_edited_row(demo: Lawbridge, db: Database, index: int) -> None:
    t.drop_triggers(db)
    t.execute(db, "UPDATE audit_event SET payload = '{}' WHERE seq = :i", i=index)
    done = demo("audit", "verify")
    assert done.exit_code == 1
    assert done.stderr == f"FAILED at index {index}: payload does not match its hash\n"
    as_json = demo("audit", "verify", "--json")
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert (report["ok"], report["first_bad_index"]) == (False, index)


def test_proof_prints_a_proof_that_verifies(demo: Lawbridge, db: Database) -> None:
    size = chain_size(db)
    for index in (0, 3, size - 1):
        done = demo("audit", "proof", str(index))
        assert done.exit_code == 0, done.output
        proof = json.loads(done.stdout)
        with db.reading() as session:
            row = session.get(AuditEvent, index)
            assert row is not None
            leaf = rules.leaf_hash(audit_log.fields_of(row).entry())
        assert proof["leaf_hash"] == leaf.hex()
        path = [bytes.fromhex(h) for h in proof["path"]]
        root = bytes.fromhex(proof["root_hash"])
        assert rules.verify_inclusion(index, proof["tree_size"], leaf, path, root)
        assert not rules.verify_inclusion(
            index, proof["tree_size"], rules.leaf_hash(b""), path, root
        )


def test_proof_of_an_unknown_event_is_an_error(demo: Lawbridge) -> None:
    done = demo("audit", "proof", "100000")
    assert done.exit_code == 2
    assert done.stderr == "error: no audit event 100000\n"


def test_export_writes_json_lines_that_rebuild_the_chain(
    demo: Lawbridge, db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "audit.jsonl"
    done = demo("audit", "export", "-o", str(out))
    assert done.exit_code == 0, done.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in records] == list(range(chain_size(db)))
    previous = rules.GENESIS
    for record in records:
        # An outside verifier needs only the export: every hashed field is there, as hashed.
        fields = rules.EventFields(
            index=record["index"],
            occurred_at=record["occurred_at"],
            actor_id=record["actor_id"],
            actor_label=record["actor_label"],
            party_id=record["party_id"],
            action=record["action"],
            object_type=record["object_type"],
            object_id=record["object_id"],
            payload_hash=rules.sha256_hex(record["payload"].encode("utf-8")),
        )
        assert record["prev_hash"] == previous.hex()
        previous = rules.chain_hash(previous, rules.leaf_hash(fields.entry()))
        assert record["chain_hash"] == previous.hex()
    stdout = demo("audit", "export")
    assert stdout.stdout.splitlines() == out.read_text(encoding="utf-8").splitlines()


def test_tree_heads_and_consistency_from_the_cli(demo: Lawbridge) -> None:
    listed = demo("audit", "tree-heads")
    assert listed.exit_code == 0, listed.output
    heads = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [h["checkpoint"] for h in heads][:-1] == [True] * (len(heads) - 1)
    first, last = heads[0], heads[-1]
    done = demo("audit", "consistency", str(first["tree_size"]), str(last["tree_size"]))
    assert done.exit_code == 0, done.output
    proof = json.loads(done.stdout)
    assert rules.verify_consistency(
        first["tree_size"],
        last["tree_size"],
        bytes.fromhex(first["root_hash"]),
        bytes.fromhex(last["root_hash"]),
        [bytes.fromhex(h) for h in proof["path"]],
    )
    unknown = demo("audit", "consistency", "3", str(last["tree_size"]))
    assert unknown.exit_code == 2
    assert unknown.stderr == "error: no committed tree head of size 3\n"
