"""Read helpers for the content pages: the evidence of a review match side by side, the tree of
what a decision took down, and what an appeal would restore.

Nothing here writes. Every lookup is limited to the actor's party (another party's rows are
:class:`~lawbridge.errors.NotFound`, like the workflows' own ``get_*`` functions).

**Highlighting.** A post's text signal is its normalised tokens (CJK characters, words of other
scripts). :func:`highlight` marks the tokens that matched (shared shingles, a policy rule's words,
or all of them for an exact match) in the *original* text: each original character is folded on
its own (marks, case, look-alikes, traditional characters) and aligned with the normalised tokens
(``difflib``); characters of an evasion that normalisation rewrote (``V`` of ``V信``) are marked
when they sit in a short gap between marked characters. Long texts are shown without marks.
"""

from __future__ import annotations

import base64
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lawbridge.domain.content import AppealState, Modality, TakedownState, Via
from lawbridge.domain.roles import Permission
from lawbridge.engines.signals.normalize import fold_script, is_cjk, strip_marks
from lawbridge.errors import NotFound
from lawbridge.store.content_models import (
    ContentAppeal,
    ContentBankEntry,
    ContentDecision,
    ContentNotice,
    ContentPost,
    ContentReview,
    ContentTakedown,
)
from lawbridge.workflows import appeals, banks, takedowns
from lawbridge.workflows.content_index import TEXT
from lawbridge.workflows.unit import Unit

CHUNK = 500
MAX_HIGHLIGHT = 5_000  # characters; longer texts are shown without marks
GAP = 3  # unaligned characters between two marked ones that are marked too
MAX_TREE = 5_000  # nodes shown in a propagation tree


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marked: bool = False


# --- Highlighting --------------------------------------------------------------------------------


def display_tokens(signal: str) -> str:
    """A normalised signal as readable text: CJK characters joined, other words spaced."""
    out: list[str] = []
    for token in signal.split():
        if out and not (is_cjk(token) and is_cjk(out[-1][-1:])):
            out.append(" ")
        out.append(token)
    return "".join(out)


def shared_tokens(tokens: Sequence[str], reference: str | None) -> set[int]:
    """Positions of ``tokens`` in a shingle of the ``reference`` signal."""
    if not reference:
        return set()
    wanted = TEXT.shingle_set(reference)
    n = TEXT.config.ngram
    if len(tokens) <= n:
        return set(range(len(tokens))) if " ".join(tokens) in wanted else set()
    marked: set[int] = set()
    for i in range(len(tokens) - n + 1):
        if " ".join(tokens[i : i + n]) in wanted:
            marked.update(range(i, i + n))
    return marked


def phrase_tokens(tokens: Sequence[str], phrase: str) -> set[int]:
    """Positions of every occurrence of ``phrase`` (a rule's words) in ``tokens``."""
    wanted = TEXT.hash(phrase).split() if phrase.strip() else []
    marked: set[int] = set()
    for i in range(len(tokens) - len(wanted) + 1 if wanted else 0):
        if list(tokens[i : i + len(wanted)]) == wanted:
            marked.update(range(i, i + len(wanted)))
    return marked


def _folded(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in fold_script(strip_marks(ch)):
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def highlight(text: str, tokens: Sequence[str], marked: set[int]) -> list[Segment]:
    """``text`` cut into segments, those holding the ``marked`` tokens marked."""
    if not marked or not text:
        return [Segment(text)] if text else []
    if len(text) > MAX_HIGHLIGHT:
        return [Segment(text)]
    folded, where = _folded(text)
    joined = "".join(tokens)
    owner = [i for i, token in enumerate(tokens) for _ in token]
    hit = [False] * len(text)
    matcher = difflib.SequenceMatcher(None, folded, joined, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            if owner[b + k] in marked:
                hit[where[a + k]] = True
    _fill_gaps(hit)
    return _segments(text, hit)


def _fill_gaps(hit: list[bool]) -> None:
    last = None
    for i, on in enumerate(hit):
        if not on:
            continue
        if last is not None and 1 < i - last <= GAP + 1:
            for k in range(last + 1, i):
                hit[k] = True
        last = i


def _segments(text: str, hit: list[bool]) -> list[Segment]:
    out: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or hit[i] != hit[start]:
            out.append(Segment(text[start:i], hit[start]))
            start = i
    return out


def thumbnail_uri(post: ContentPost | None) -> str | None:
    """The stored evidence thumbnail (lossless PNG) as an inline ``data:`` URI."""
    if post is None or not post.thumbnail:
        return None
    return "data:image/png;base64," + base64.b64encode(post.thumbnail).decode("ascii")


# --- Posts ---------------------------------------------------------------------------------------


def posts_by_id(unit: Unit, ids: Iterable[str]) -> dict[str, ContentPost]:
    """The actor's party's posts among ``ids`` (others are left out)."""
    unit.require(Permission.READ_RECORDS)
    wanted = sorted({i for i in ids if i})
    found: dict[str, ContentPost] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(ContentPost).where(
            ContentPost.id.in_(wanted[start : start + CHUNK]),
            ContentPost.party_id == unit.actor.party_id,
        )
        found.update((p.id, p) for p in unit.session.scalars(query))
    return found


def present_modalities(post: ContentPost) -> list[str]:
    """What the post holds that a decision may judge (text, image, link)."""
    return [m.value for m in takedowns.choose_modalities(post, [m.value for m in Modality])]


def default_modalities(post: ContentPost) -> list[str]:
    return [m.value for m in takedowns.choose_modalities(post, None)]


# --- Review evidence -----------------------------------------------------------------------------


@dataclass(slots=True)
class MatchEvidence:
    """One match of a review item: the post's side and the bank's side, highlighted."""

    match: dict[str, Any]
    entry: ContentBankEntry | None
    judged: ContentPost | None  # the judged post behind a decisions-bank entry
    post_text: list[Segment]
    entry_text: list[Segment]
    entry_image: str | None
    matched_links: list[str] = field(default_factory=list)


def _entry(unit: Unit, entry_id: str | None) -> ContentBankEntry | None:
    if not entry_id:
        return None
    try:
        return banks.get_entry(unit, entry_id)
    except NotFound:
        return None


def _judged_post(unit: Unit, entry: ContentBankEntry | None) -> ContentPost | None:
    if entry is None or not entry.source.startswith("post:"):
        return None
    return posts_by_id(unit, [entry.source[len("post:") :]]).get(entry.source[len("post:") :])


def _text_sides(
    post: ContentPost, match: dict[str, Any], entry: ContentBankEntry | None, judged: Any
) -> tuple[list[Segment], list[Segment]]:
    mine = str(post.signals.get("text") or "").split()
    kind = match.get("signal_type")
    if match.get("modality") != Modality.TEXT.value:
        return highlight(post.text, mine, set()), []
    if kind == "policy_rule":
        phrase = str((match.get("detail") or {}).get("matched") or "")
        return highlight(post.text, mine, phrase_tokens(mine, phrase)), []
    theirs_signal = str((judged.signals.get("text") if judged else None) or "")
    if kind == "text_near_dup" and entry is not None:
        theirs_signal = theirs_signal or entry.signal
        marked = shared_tokens(mine, entry.signal)
    else:  # exact SHA-256 of the normalised text: all of it
        marked = set(range(len(mine)))
    theirs = theirs_signal.split()
    back = (
        shared_tokens(theirs, " ".join(mine))
        if kind == "text_near_dup"
        else set(range(len(theirs)))
    )
    if judged is not None:
        return highlight(post.text, mine, marked), highlight(judged.text, theirs, back)
    shown = display_tokens(theirs_signal)
    return highlight(post.text, mine, marked), highlight(shown, theirs, back)


def review_evidence(unit: Unit, review: ContentReview, post: ContentPost) -> list[MatchEvidence]:
    """Each match of ``review`` with both sides ready to show."""
    out: list[MatchEvidence] = []
    for match in review.matches:
        entry = _entry(unit, match.get("entry_id"))
        judged = _judged_post(unit, entry)
        post_text, entry_text = _text_sides(post, match, entry, judged)
        image = None
        if match.get("modality") == Modality.IMAGE.value:
            image = thumbnail_uri(judged)
        links: list[str] = []
        if match.get("modality") == Modality.LINK.value and entry is not None:
            links = [entry.signal]
        out.append(MatchEvidence(match, entry, judged, post_text, entry_text, image, links))
    return out


# --- The propagation tree ------------------------------------------------------------------------


@dataclass(slots=True)
class TreeNode:
    post_id: str
    post: ContentPost | None
    takedown: ContentTakedown | None
    children: list[TreeNode] = field(default_factory=list)

    @property
    def via(self) -> str:
        return self.takedown.via if self.takedown else "earlier"


@dataclass(slots=True)
class DecisionTree:
    decision: ContentDecision
    root: TreeNode
    uploads: list[TreeNode]  # re-uploads blocked by the decision's bank entries
    takedowns: int
    truncated: bool

    def tokens(self) -> list[tuple[str, TreeNode | None]]:
        """Depth-first ``("item", node)``, ``("down", None)``, ``("up", None)`` for nested lists."""
        out: list[tuple[str, TreeNode | None]] = []
        stack: list[tuple[str, TreeNode | None]] = [("item", self.root)]
        while stack:
            kind, node = stack.pop()
            out.append((kind, node))
            if kind == "item" and node is not None and node.children:
                stack.append(("up", None))
                stack.extend(("item", c) for c in reversed(node.children))
                stack.append(("down", None))
        return out


def decision_tree(unit: Unit, decision_id: str) -> DecisionTree:
    """The judged post, the copies found by signal under it, the reshare chains under each."""
    decision = takedowns.get_decision(unit, decision_id)
    found = takedowns.list_takedowns(unit, decision_id=decision.id, limit=MAX_TREE + 1)
    truncated = len(found) > MAX_TREE
    found = found[:MAX_TREE]
    ids = {decision.post_id} | {t.post_id for t in found}
    ids |= {t.source_post_id for t in found if t.source_post_id}
    posts = posts_by_id(unit, ids)
    nodes: dict[str, TreeNode] = {}
    root = nodes[decision.post_id] = TreeNode(decision.post_id, posts.get(decision.post_id), None)
    uploads: list[TreeNode] = []
    for t in found:
        node = nodes.get(t.post_id)
        if node is None:
            node = nodes[t.post_id] = TreeNode(t.post_id, posts.get(t.post_id), t)
        elif node.takedown is None or t.via == Via.JUDGED.value:
            node.takedown = t
    for t in found:
        node = nodes[t.post_id]
        if node is root or node.takedown is not t:
            continue
        parent = t.source_post_id
        if parent is None and t.via == Via.UPLOAD.value:
            uploads.append(node)
            continue
        if not parent or parent == t.post_id:
            parent = decision.post_id
        if parent not in nodes:  # a copy taken down earlier: its reshares hang below it
            nodes[parent] = TreeNode(parent, posts.get(parent), None)
            root.children.append(nodes[parent])
        nodes[parent].children.append(node)
    return DecisionTree(decision, root, uploads, len(found), truncated)


# --- Appeals -------------------------------------------------------------------------------------


@dataclass(slots=True)
class RestorePreview:
    """What deciding an open appeal would bring back."""

    upheld: list[ContentTakedown]  # upheld: the post and the reshares below it
    wrong: list[ContentTakedown]  # upheld with "decision was wrong": everything it caused
    posts: dict[str, ContentPost]
    stays_down: dict[str, set[str]]  # per case, posts another active takedown keeps down


def _active(unit: Unit, **where: str) -> list[ContentTakedown]:
    query = select(ContentTakedown).where(
        ContentTakedown.party_id == unit.actor.party_id,
        ContentTakedown.state == TakedownState.ACTIVE.value,
    )
    for column, value in where.items():
        query = query.where(getattr(ContentTakedown, column) == value)
    return list(unit.session.scalars(query.order_by(ContentTakedown.created_at)))


def _below(unit: Unit, takedown: ContentTakedown) -> list[ContentTakedown]:
    out, frontier, seen = [takedown], [takedown.post_id], {takedown.id}
    while frontier:
        query = select(ContentTakedown).where(
            ContentTakedown.party_id == unit.actor.party_id,
            ContentTakedown.state == TakedownState.ACTIVE.value,
            ContentTakedown.via.in_([Via.RESHARE.value, Via.UPLOAD.value]),
            ContentTakedown.source_post_id.in_(frontier[:CHUNK]),
            ContentTakedown.bank_entry_id.is_(None),
        )
        found = [t for t in unit.session.scalars(query) if t.id not in seen]
        seen.update(t.id for t in found)
        out.extend(found)
        frontier = frontier[CHUNK:] + [t.post_id for t in found]
    return out


def _stays_down(unit: Unit, reversed_: list[ContentTakedown]) -> set[str]:
    """Posts of ``reversed_`` that another active takedown keeps down."""
    ids = {t.id for t in reversed_}
    post_ids = sorted({t.post_id for t in reversed_})
    down: set[str] = set()
    for start in range(0, len(post_ids), CHUNK):
        query = select(ContentTakedown.post_id, ContentTakedown.id).where(
            ContentTakedown.post_id.in_(post_ids[start : start + CHUNK]),
            ContentTakedown.state == TakedownState.ACTIVE.value,
        )
        down.update(pid for pid, tid in unit.session.execute(query) if tid not in ids)
    return down


def restore_preview(unit: Unit, appeal: ContentAppeal) -> RestorePreview:
    takedown = takedowns.get_takedown(unit, appeal.takedown_id)
    if appeal.status != AppealState.OPEN.value or takedown.state != TakedownState.ACTIVE.value:
        return RestorePreview([], [], {}, {"upheld": set(), "wrong": set()})
    upheld = _below(unit, takedown)
    if takedown.decision_id is not None:
        wrong = _active(unit, decision_id=takedown.decision_id)
    elif takedown.bank_entry_id is not None:
        wrong = _active(unit, bank_entry_id=takedown.bank_entry_id)
    else:
        wrong = upheld
    posts = posts_by_id(unit, {t.post_id for t in upheld + wrong})
    stays = {"upheld": _stays_down(unit, upheld), "wrong": _stays_down(unit, wrong)}
    return RestorePreview(upheld, wrong, posts, stays)


def restored_by(unit: Unit, appeal: ContentAppeal) -> list[ContentPost]:
    """The posts a decided appeal restored (from the notices it sent)."""
    query = select(ContentNotice.post_id).where(
        ContentNotice.party_id == unit.actor.party_id,
        ContentNotice.appeal_id == appeal.id,
        ContentNotice.kind == "restored",
    )
    posts = posts_by_id(unit, unit.session.scalars(query))
    return sorted(posts.values(), key=lambda p: p.seq)


def appeal_view(unit: Unit, appeal_id: str) -> tuple[ContentAppeal, ContentTakedown, ContentPost]:
    appeal = appeals.get_appeal(unit, appeal_id)
    takedown = takedowns.get_takedown(unit, appeal.takedown_id)
    return appeal, takedown, takedowns.get_post(unit, appeal.post_id)


def appeals_of(unit: Unit, takedown_id: str) -> list[ContentAppeal]:
    """The appeals against one takedown of the actor's party, oldest first."""
    unit.require(Permission.READ_RECORDS)
    query = select(ContentAppeal).where(
        ContentAppeal.party_id == unit.actor.party_id, ContentAppeal.takedown_id == takedown_id
    )
    return list(unit.session.scalars(query.order_by(ContentAppeal.created_at, ContentAppeal.id)))
