"""``lawbridge content``: replay a feed through the real pipeline; banks and posts from files.

``lawbridge content replay --posts POSTS.jsonl --media-dir DIR --redirects REDIRECTS.jsonl
--banned BANNED.json -o TAKEN_DOWN.txt [--db URL]`` (the contract of issue 5): a fresh database
(default: a temporary SQLite file), posts ingested in ``ts`` order (file order for ties); when a
post listed in BANNED arrives it is judged illegal at that moment by a system reviewer and the
decision propagates. The output lists every taken-down post id, one per line, in ingestion order
(judged posts and posts blocked at upload included). Bad items (a line that is not UTF-8 or not
JSON, a missing id, a repeated id) are skipped with ``error: …`` on stderr; a corrupt, missing or
oversized image, a bad link or an unknown parent is dropped from its post with an error, and the
post is kept. The run goes on either way.
"""

from __future__ import annotations

import gc
import json
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from lawbridge.cli.base import OPERATOR, LazySubgroup, State, pass_state, progress, report_errors
from lawbridge.domain.actor import Actor
from lawbridge.domain.content import CATEGORY_NAMES, DSA_CATEGORIES, PostState
from lawbridge.engines.signals import canonical_redirects
from lawbridge.errors import InvalidInput, LawbridgeError
from lawbridge.jobs.posts import parse_ts, post_id
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.content_models import ContentPost
from lawbridge.store.db import Database
from lawbridge.workflows import accounts, banks, monitoring, parties, takedowns
from lawbridge.workflows.content_index import PDQ
from lawbridge.workflows.unit import Context

BATCH = 500
DEFAULT_GROUND = (
    "Cybersecurity Law of the PRC, Article 47 (stop the transmission of illegal information)"
)
FIELDS = ("id", "author", "ts", "lang", "text", "image", "links", "reshare_of", "reply_to")


@dataclass(frozen=True, slots=True)
class FeedItem:
    line: int
    order: int
    ts: datetime
    data: dict[str, Any]

    @property
    def post_id(self) -> str:
        return str(self.data["id"])


SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def item_error(line: int, post_id: object, message: str) -> None:
    who = f", post '{post_id}'" if post_id is not None else ""
    click.echo(f"error: line {line}{who}: {message}", err=True)


def _check(data: dict[str, Any], escapes: bool = True) -> dict[str, Any]:
    """The post of one line, checked; ``escapes``: whether the line holds a ``\\uD800``–``\\uDFFF``
    escape (a line decoded as strict UTF-8 can hold a lone surrogate only through one)."""
    external_id = post_id(data.get("id"), "id")
    if external_id is None:
        raise InvalidInput("each post needs an 'id'")
    for name in ("text", "lang", "image"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise InvalidInput(f"{name} must be a string or null")
    links = data.get("links") or []
    if not isinstance(links, list) or not all(isinstance(u, str) for u in links):
        raise InvalidInput("links must be a list of strings")
    if escapes and _unencodable(data):
        raise InvalidInput("text that is not valid Unicode (a lone surrogate such as \\udc80)")
    author = data.get("author")
    return {
        **data,
        "id": external_id,
        "author": str(author) if isinstance(author, str | int) and str(author) else "unknown",
        "links": links,
        "reshare_of": post_id(data.get("reshare_of"), "reshare_of"),
        "reply_to": post_id(data.get("reply_to"), "reply_to"),
    }


def _unencodable(value: Any) -> bool:
    """Whether a JSON value holds a string UTF-8 cannot encode (JSON allows "\\udc80" escapes)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unencodable(k) or _unencodable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unencodable(v) for v in value)
    return False


def read_posts(path: Path) -> list[FeedItem]:
    """Good posts sorted by ``ts`` (stable); bad lines reported and skipped."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    try:
        raw_lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    for number, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        post_id: object = None
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise InvalidInput("each line must be a JSON object")
            post_id = data.get("id")
            data = _check(data, SURROGATE_ESCAPE.search(raw) is not None)
            if data["id"] in seen:
                raise InvalidInput("duplicate id (an earlier line has it); skipped")
            ts = parse_ts(data.get("ts"))
        except UnicodeDecodeError:
            item_error(number, None, "not valid UTF-8; skipped")
            continue
        except json.JSONDecodeError as exc:
            item_error(number, None, f"not valid JSON ({exc.msg}); skipped")
            continue
        except InvalidInput as exc:
            item_error(number, post_id, f"{exc.message}")
            continue
        seen.add(data["id"])
        items.append(FeedItem(number, len(items), ts, data))
    items.sort(key=lambda i: (i.ts, i.order))
    return items


def read_redirects(path: Path | None) -> dict[str, str]:
    table: dict[str, str] = {}
    if path is None:
        return table
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8"))
            short, target = row["short"], row["target"]
            if not isinstance(short, str) or not isinstance(target, str):
                raise TypeError
            table.update(canonical_redirects({short: target}))
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, InvalidInput):
            click.echo(
                f"error: redirects line {number}: not a {{short, target}} row; skipped", err=True
            )
    return table


def read_banned(path: Path) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        rows = doc["banned"]
        if not isinstance(rows, list):
            raise TypeError
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InvalidInput(f'{path}: not a {{"banned": [...]}} document ({exc})') from exc
    banned: dict[str, dict[str, Any]] = {}
    for row in rows:
        if isinstance(row, dict) and row.get("post_id") is not None:
            banned[str(row["post_id"])] = row
    return banned


def load_image(media_dir: Path, name: str) -> bytes:
    root = media_dir.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        raise InvalidInput(f"image path leaves the media directory: {name!r}")
    try:
        size = target.stat().st_size
        if size > PDQ.config.max_bytes:
            raise InvalidInput(f"image: {size} bytes, over the {PDQ.config.max_bytes}-byte limit")
        return target.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"image {name!r}: {exc.strerror}") from exc


# --- The replay ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Replay:
    context: Context
    actor: Actor
    party_id: str
    monitor: monitoring.Monitor
    media_dir: Path
    banned: dict[str, dict[str, Any]]
    known: set[str]
    errors: int = 0
    decisions: int = 0

    def post_in(self, item: FeedItem) -> monitoring.PostIn:
        d = item.data
        image = None
        if d.get("image"):
            try:
                image = load_image(self.media_dir, d["image"])
            except InvalidInput as exc:
                self.fail(item, f"{exc.message} (post kept without its image)")
        parents = {}
        for name in ("reshare_of", "reply_to"):
            parent = d.get(name)
            if parent is not None and parent not in self.known:
                self.fail(item, f"{name}: unknown post '{parent}' (post kept without the link)")
                parent = None
            parents[name] = parent
        return monitoring.PostIn(
            external_id=item.post_id,
            author=d["author"],
            posted_at=item.ts,
            text=d.get("text") or "",
            lang=d.get("lang"),
            image=image,
            links=tuple(d["links"]),
            **parents,
        )

    def fail(self, item: FeedItem, message: str) -> None:
        self.errors += 1
        item_error(item.line, item.post_id, message)

    def ingest_batch(self, batch: list[FeedItem]) -> None:
        with self.context.write(self.actor) as unit:
            for item in batch:
                try:
                    result = monitoring.ingest(
                        unit,
                        self.post_in(item),
                        monitor=self.monitor,
                        strict=False,
                        sync_index=False,
                    )
                except LawbridgeError as exc:
                    self.fail(item, f"{exc.message}; skipped")
                    continue
                self.known.add(item.post_id)
                for warning in result.warnings:
                    self.fail(item, warning + " (post kept)")
            unit.record("content.ingest", "content_post", None, {"posts": len(batch)})

    def judge(self, item: FeedItem) -> None:
        row = self.banned[item.post_id]
        modality = str(row.get("modality") or "").lower()
        modalities = [m for m in ("text", "image", "link") if m in modality] or None
        category = str(row.get("category") or "illegal")
        if category.lower() not in CATEGORY_NAMES and category.upper() not in DSA_CATEGORIES:
            category = "illegal"
        statement = str(row.get("statement") or "").strip()
        try:
            with self.context.write(self.actor) as unit:
                post = _post_of(unit, self.party_id, item.post_id)
                takedowns.decide(
                    unit,
                    post.id,
                    category=category,
                    legal_ground=DEFAULT_GROUND,
                    explanation=statement
                    or f"Judged illegal ({row.get('category') or 'illegal'}).",
                    modalities=modalities,
                    decider="replay reviewer",
                    sync_index=False,
                )
            self.decisions += 1
        except LawbridgeError as exc:
            self.fail(item, f"decision failed: {exc.message}")

    def run(self, items: list[FeedItem]) -> None:
        with progress("replaying") as bar:
            task = bar.add_task("replay", total=len(items))
            batch: list[FeedItem] = []
            for item in items:
                batch.append(item)
                if item.post_id in self.banned or len(batch) >= BATCH:
                    self.ingest_batch(batch)
                    bar.advance(task, len(batch))
                    batch = []
                    if item.post_id in self.banned and item.post_id in self.known:
                        self.judge(item)
            if batch:
                self.ingest_batch(batch)
                bar.advance(task, len(batch))


def _post_of(unit: Any, party_id: str, external_id: str) -> ContentPost:
    query = select(ContentPost).where(
        ContentPost.party_id == party_id, ContentPost.external_id == external_id
    )
    post: ContentPost = unit.session.scalars(query).one()
    return post


def setup(context: Context) -> tuple[Actor, str]:
    """A fresh provider party and its system reviewer (an account with no password)."""
    slug = f"replay-{secrets.token_hex(4)}"
    with context.write(OPERATOR) as unit:
        party = parties.create_party(
            unit, slug=slug, name="replay", kind="provider", jurisdiction="CN"
        )
        account = accounts.create_account(
            unit,
            party=party.id,
            username=f"reviewer@{slug}",
            display_name="replay reviewer (system)",
            roles=["analyst", "reviewer"],
        )
        actor = accounts.actor_for(account)
        banks.decisions_bank(unit.acting_as(actor), party.id)
        return actor, party.id


def taken_down(context: Context, actor: Actor, party_id: str) -> Iterator[str]:
    with context.read(actor) as unit:
        query = (
            select(ContentPost.external_id)
            .where(
                ContentPost.party_id == party_id,
                ContentPost.state.in_([PostState.BLOCKED.value, PostState.TAKEN_DOWN.value]),
            )
            .order_by(ContentPost.seq)
        )
        yield from unit.session.scalars(query)


def replay(
    posts: Path,
    media_dir: Path,
    redirects: Path | None,
    banned: Path,
    output: str,
    db_url: str | None,
) -> None:
    started = time.perf_counter()
    items = read_posts(posts)
    table = read_redirects(redirects)
    judged = read_banned(banned)
    with tempfile.TemporaryDirectory(prefix="lawbridge-replay-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'replay.db'}"
        db = Database(url)
        context = Context(Settings(database_url=url), db)
        try:
            migrate.upgrade(db)
            actor, party_id = setup(context)
            run = Replay(
                context, actor, party_id, monitoring.Monitor(table), media_dir, judged, set()
            )
            # What lives for the whole run (modules, the posts read, the set-up) is frozen: the
            # collector's full passes then skip it (a tenth of a replay's CPU time walked it).
            gc.freeze()
            try:
                run.run(items)
            finally:
                gc.unfreeze()
            lines = list(taken_down(context, actor, party_id))
        finally:
            context.close()
    text = "".join(f"{line}\n" for line in lines)
    if output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
    seconds = time.perf_counter() - started
    click.echo(
        f"replayed {len(run.known)} posts in {seconds:.1f} s ({len(run.known) / max(seconds, 1e-9):.0f} posts/s): "
        f"{run.decisions} decisions, {len(lines)} taken down, {run.errors} item errors",
        err=True,
    )


@click.group(cls=LazySubgroup)
def content() -> None:
    """Content monitoring: replay a feed, banks, posts."""


@content.command("replay")
@click.option("--posts", "posts", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--media-dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--redirects", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--banned", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, help="TAKEN_DOWN.txt ('-' for stdout).")
@click.option("--db", "db_url", help="Database URL (default: a temporary SQLite file).")
@pass_state
def replay_command(
    state: State,
    posts: Path,
    media_dir: Path,
    redirects: Path | None,
    banned: Path,
    output: str,
    db_url: str | None,
) -> None:
    """Replay POSTS through the real pipeline; write every taken-down post id."""
    report_errors(state.debug, lambda: replay(posts, media_dir, redirects, banned, output, db_url))
