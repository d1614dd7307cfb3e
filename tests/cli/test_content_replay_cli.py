"""``lawbridge content replay``: the issue's contract on a small synthetic feed (English and
Chinese texts, PIL images, a short link through a redirect, reshares, replies, bad items)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lawbridge.cli import content as content_cli
from lawbridge.cli.main import cli
from tests.cli.content_feed import Feed, write_feed


def replay(feed: Feed, out: Path, *extra: str) -> tuple[list[str], str, int]:
    args = [
        "content",
        "replay",
        "--posts",
        str(feed.posts),
        "--media-dir",
        str(feed.media),
        "--redirects",
        str(feed.redirects),
        "--banned",
        str(feed.banned),
        "-o",
        str(out),
        *extra,
    ]
    result = CliRunner().invoke(cli, args)
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return lines, result.stderr, result.exit_code


@pytest.fixture
def feed(tmp_path: Path) -> Feed:
    return write_feed(tmp_path)


def test_replay_takes_down_every_copy_and_nothing_else(feed: Feed, tmp_path: Path) -> None:
    lines, err, code = replay(feed, tmp_path / "taken.txt")
    assert code == 0, err
    assert len(lines) == len(set(lines))
    assert set(lines) == feed.must_remove
    assert not set(lines) & feed.must_keep
    assert "4 decisions" in err


def test_bad_items_are_reported_and_the_run_goes_on(feed: Feed, tmp_path: Path) -> None:
    _, err, code = replay(feed, tmp_path / "taken.txt")
    assert code == 0
    assert "line 4: not valid UTF-8" in err
    assert "post 'p01': duplicate id" in err
    assert "not valid JSON" in err
    assert "post 'p21': image dropped" in err
    assert "post 'p22': reshare_of: unknown post 'nope'" in err
    assert "post 'lone': text that is not valid Unicode" in err  # JSON "\udc80", not a crash


def test_order_is_by_timestamp_not_by_file(feed: Feed, tmp_path: Path) -> None:
    lines = feed.posts.read_bytes().splitlines()
    feed.posts.write_bytes(b"\n".join(reversed(lines)) + b"\n")
    taken, err, code = replay(feed, tmp_path / "taken.txt")
    assert code == 0, err
    # Reversed, the duplicate line (ts 30) now comes first and keeps id p01; the original p01 is
    # the duplicate. Everything else is as before.
    assert set(taken) == feed.must_remove


def test_a_missing_banned_file_is_bad_input(feed: Feed, tmp_path: Path) -> None:
    feed.banned.write_text(json.dumps({"nope": []}), encoding="utf-8")
    _, err, code = replay(feed, tmp_path / "taken.txt")
    assert code == 2
    assert "error:" in err


def test_replay_into_a_given_database(feed: Feed, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'replay.db'}"
    lines, err, code = replay(feed, tmp_path / "taken.txt", "--db", url)
    assert code == 0, err
    assert set(lines) == feed.must_remove
    assert (tmp_path / "replay.db").exists()


# text with lone surrogates (hypothesis leaves category Cs out unless told)
TEXT = st.text(st.characters(exclude_categories=()) | st.sampled_from("\ud800\udbff\udc80\udfff"))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, TEXT | st.lists(TEXT, max_size=3), max_size=4))
@example({"text": "half a pair \udc80"})
@example({"\ud800": "a high half alone"})
def test_a_line_skips_the_surrogate_walk_only_when_it_cannot_hold_one(
    data: dict[str, object],
) -> None:
    """The replay walks a post for lone surrogates only when its line holds a \\uD800–\\uDFFF
    escape: a line read as strict UTF-8 can hold one no other way, so the shortcut misses none."""
    for line in (json.dumps(data), json.dumps(data, ensure_ascii=False)):
        try:
            raw = line.encode("utf-8")
        except UnicodeEncodeError:
            continue  # such a line cannot be in a UTF-8 file
        unencodable = content_cli._unencodable(json.loads(raw.decode("utf-8")))
        assert not unencodable or content_cli.SURROGATE_ESCAPE.search(raw) is not None


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\uDBFF", b"\\udc80", b"\\uDfFf"])
def test_every_spelling_of_a_surrogate_escape_is_looked_at(escape: bytes) -> None:
    raw = b'{"id": "p", "text": "' + escape + b'"}'
    assert content_cli._unencodable(json.loads(raw.decode("utf-8")))
    assert content_cli.SURROGATE_ESCAPE.search(raw) is not None
