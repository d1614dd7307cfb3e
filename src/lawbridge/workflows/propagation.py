"""Propagation of a decision: every stored copy and near-copy, and every reshare chain below them.

Copies are found through the party's post index (text containment of the judged text, the judged
text embedded in a longer post, PDQ with dihedral variants, multi-crop regions verified by brute
force, canonical links after redirects) and read back in one statement; the reshare chains below
the judged post and its copies come from one recursive query (``WITH RECURSIVE``; a reshare
shows its parent). Replies are never followed; a post quoting a small part of the judged text
holds too little of it to be a copy. Posts restored on appeal are not taken down again.

The work is set-based: posts are read as plain rows (:class:`PostView`, through Core), every
read is done before the first write, the posts' new states are written first (by ``seq``; on
PostgreSQL in pipeline mode while the first takedowns are built), the takedowns and notices are
collected in a :class:`TakedownBatch` and written in bulk (on PostgreSQL the takedowns stream to
the server in one ``COPY`` while they are built, and the audit events' payloads are built while
it inserts the notices), open reviews of the posts are closed with one ``UPDATE``; all in the
caller's transaction, so a failure anywhere leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import select, update

from lawbridge.domain.content import DecisionRecord, Modality, PostState, ReviewState, Via
from lawbridge.engines.signals import decode_image
from lawbridge.store.content_models import ContentBank, ContentDecision, ContentPost, ContentReview
from lawbridge.workflows.content_bulk import (
    POST_COLUMNS,
    POSTS,
    PostLike,
    PostView,
    TakedownBatch,
    TakedownRows,
    among,
    same_party,
)
from lawbridge.workflows.content_evidence import Found, TakedownMaker, takedown_events
from lawbridge.workflows.content_index import DEFAULT_THRESHOLDS, MULTICROP, PostIndex
from lawbridge.workflows.unit import Unit

_TAKEN = (PostState.BLOCKED.value, PostState.TAKEN_DOWN.value)


def _threshold(bank: ContentBank, key: str) -> float:
    return float(bank.thresholds.get(key, DEFAULT_THRESHOLDS[key]))


def find_copies(
    index: PostIndex,
    post: ContentPost,
    modalities: Sequence[Modality],
    bank: ContentBank,
    reference: str | None,
) -> dict[str, Found]:
    """Stored posts (ids) that copy the judged post in the given modalities; multi-crop
    candidates carry no distance yet (``signal == "image_multicrop?"``), verified by the caller."""
    found: dict[str, Found] = {}
    signals = post.signals
    if Modality.LINK in modalities:
        for post_id, url in index.linking(signals.get("links") or ()).items():
            found[post_id] = Found("url_canonical", 0.0, {"url": url})
    if Modality.IMAGE in modalities and reference:
        for post_id in index.multicrop_candidates(reference):
            found[post_id] = Found("image_multicrop?", 0.0)
    if Modality.IMAGE in modalities and signals.get("pdq"):
        limit = int(_threshold(bank, "pdq"))
        for post_id, (distance, low) in index.pdq(signals["pdq"], limit).items():
            if not low:
                found[post_id] = Found("pdq", distance, {"bits": int(distance)})
    if Modality.TEXT in modalities and signals.get("text"):
        threshold = _threshold(bank, "text_near_dup")
        for post_id, share in index.containing(signals["text"], threshold).items():
            found[post_id] = Found("text_near_dup", round(1 - share, 4), {"containment": share})
        for post_id in index.exact_text(signals.get("text_sha256") or ""):
            found[post_id] = Found("exact_sha256", 0.0)
    found.pop(post.id, None)
    return found


def verify(candidate: PostLike, found: Found, reference: str | None) -> Found | None:
    """A multi-crop candidate checked by the engine's brute-force comparison; others as found."""
    if found.signal != "image_multicrop?":
        return found
    regions = candidate.signals.get("image_multicrop")
    if not regions or reference is None:
        return None
    comparison = MULTICROP.compare(regions, reference)
    if not comparison.matched:
        return None
    return Found("image_multicrop", comparison.distance, dict(comparison.detail))


def image_reference(post: ContentPost) -> str | None:
    """The multi-crop bank reference (crops, rotations, mirrors) of the judged post's image."""
    if not post.thumbnail:
        return None
    work = decode_image(post.thumbnail, work_size=MULTICROP.config.work_size)
    return MULTICROP.hash_reference_image(work)


def posts(unit: Unit, party_id: str, ids: Sequence[str]) -> Iterator[PostView]:
    """The party's posts among ``ids``, in ingestion order (one statement)."""
    if not ids:
        return
    session = unit.session
    query = select(*POST_COLUMNS).where(
        same_party(session, POSTS.c.party_id, party_id), among(session, POSTS.c.id, list(ids))
    )
    for row in session.execute(query.order_by(POSTS.c.seq)).all():  # fetchall: faster than by row
        yield PostView(*row)


def reshares_below(unit: Unit, party_id: str, roots: Sequence[str]) -> Iterator[PostView]:
    """Every post in a reshare chain below ``roots`` (roots excepted), in ingestion order: one
    recursive query."""
    if not roots:
        return
    session = unit.session
    child = POSTS.alias("child")
    tree = (
        select(POSTS.c.id)
        .where(
            same_party(session, POSTS.c.party_id, party_id),
            among(session, POSTS.c.reshare_of, list(roots)),
        )
        .cte("reshare_tree", recursive=True)
    )
    tree = tree.union(
        select(child.c.id).where(child.c.party_id == party_id, child.c.reshare_of == tree.c.id)
    )
    query = select(*POST_COLUMNS).join(tree, tree.c.id == POSTS.c.id)
    exclude = set(roots)
    for row in session.execute(query.order_by(POSTS.c.seq)).all():
        view = PostView(*row)
        if view.id not in exclude:
            yield view


def propagate(
    unit: Unit,
    post: ContentPost,
    chosen: Sequence[Modality],
    bank: ContentBank,
    reference: str | None,
    decision: ContentDecision,
    record: DecisionRecord,
    index: PostIndex,
    now: datetime,
    source: dict[str, str] | None = None,
) -> TakedownRows:
    """Take down the judged post, its copies and the reshares below them (see the module
    docstring); the takedown rows, written. ``source`` replaces the statements' source fields
    (an authority's order)."""
    batch = TakedownBatch()
    maker = TakedownMaker(record, decision.id, now, source)
    judged = f"post {post.external_id} (judged illegal by decision {decision.id})"
    if post.state not in _TAKEN:
        maker.take(post, Via.JUDGED, f"decision {decision.id}", None, batch, post.id)
    roots = [post.id]
    found_copies: list[tuple[PostView, Found]] = []
    candidates = find_copies(index, post, chosen, bank, reference)
    for copy in posts(unit, post.party_id, sorted(candidates)):
        found = verify(copy, candidates[copy.id], reference)
        if found is not None:
            roots.append(copy.id)
            found_copies.append((copy, found))
    children = list(reshares_below(unit, post.party_id, roots))
    visible = PostState.VISIBLE.value
    copies = [(copy, found) for copy, found in found_copies if copy.state == visible]
    reshares = [child for child in children if child.state == visible]
    # every read done: the posts' new states first, then the takedowns go out as built
    with batch.streaming(unit.session, now, [copy for copy, _ in copies] + reshares):
        for copy, found in copies:
            maker.take(copy, Via.COPY, judged, found, batch, post.id)
        for child in reshares:
            parent = child.reshare_of or ""
            maker.take(child, Via.RESHARE, f"post {parent}", None, batch, parent)
    unit.session.flush()
    taken = batch.taken()

    def audit_payloads() -> None:  # built while the server inserts the notices
        taken.events = takedown_events(taken)

    batch.write(unit.session, now, meanwhile=audit_payloads)
    return taken


def close_reviews(unit: Unit, post_ids: set[str], now: datetime) -> None:
    """Open reviews of these posts are confirmed by the decision (one statement)."""
    if not post_ids:
        return
    unit.session.execute(
        update(ContentReview)
        .where(
            among(unit.session, ContentReview.post_id, sorted(post_ids)),
            ContentReview.status == ReviewState.OPEN.value,
        )
        .values(
            status=ReviewState.CONFIRMED.value,
            decided_at=now,
            decided_by=unit.actor.account_id,
        )
    )
