"""Content & takedowns: the review queue (each match side by side with what it matched), the
decision form, the tree of what a decision took down, takedowns with their statements of reasons.

Appeals are in :mod:`lawbridge.server.web.views.content_appeals`. Reading goes through the
workflows and :mod:`lawbridge.workflows.content_views`; another party's review, decision or
takedown is a 404 like in the API.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from lawbridge.domain.content import CATEGORY_NAMES, AutomatedDecision
from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput, InvalidTransition
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.workflows import content_views, monitoring, takedowns
from lawbridge.workflows.content_views import thumbnail_uri

router = APIRouter()
PAGE_SIZE = 50
BAD = (InvalidInput, InvalidTransition)

REVIEW_STATUS = {
    "open": N_("Waiting"),
    "confirmed": N_("Judged illegal"),
    "dismissed": N_("Dismissed"),
}
POST_STATES = {
    "visible": N_("Visible"),
    "blocked": N_("Blocked at upload"),
    "taken_down": N_("Taken down"),
    "restored": N_("Restored"),
    "deleted": N_("Deleted by the author"),
}
VIA_LABELS = {
    "judged": N_("Judged post"),
    "copy": N_("Copy"),
    "reshare": N_("Reshare"),
    "upload_block": N_("Blocked at upload"),
    "earlier": N_("Already down"),
}
TAKEDOWN_STATES = {"active": N_("In force"), "reversed": N_("Reversed")}
APPEAL_STATUS = {"open": N_("Open"), "upheld": N_("Upheld"), "rejected": N_("Rejected")}
DECISION_STATUS = {"in_force": N_("In force"), "reversed": N_("Reversed on appeal")}
SIGNAL_LABELS = {
    "exact_sha256": N_("Exact (SHA-256)"),
    "text_near_dup": N_("Text near-duplicate"),
    "pdq": N_("Photo hash (PDQ)"),
    "image_multicrop": N_("Photo crops (multi-crop PDQ)"),
    "url_canonical": N_("Link (canonical URL)"),
    "policy_rule": N_("Policy rule"),
}
MODALITY_LABELS = {"text": N_("Text"), "image": N_("Image"), "link": N_("Link")}
CATEGORY_LABELS = {
    "scam": N_("Scam"),
    "fraud": N_("Fraud"),
    "phishing": N_("Phishing"),
    "counterfeit": N_("Counterfeit goods"),
    "copyright": N_("Copyright infringement"),
    "hate_speech": N_("Hate speech"),
    "terrorism": N_("Terrorist content"),
    "prohibited_goods": N_("Prohibited goods"),
    "violence": N_("Violence"),
    "privacy": N_("Privacy violation"),
    "minors": N_("Protection of minors"),
    "illegal": N_("Other illegal content"),
}
AUTOMATION_LABELS = {
    AutomatedDecision.NOT_AUTOMATED.value: N_("Decided by a person"),
    AutomatedDecision.PARTIALLY.value: N_("Partly automated"),
    AutomatedDecision.FULLY.value: N_("Fully automated"),
}
DECISION_FIELDS = ("category", "legal_ground", "explanation", "automated_decision")
NO_NOTE = N_("Say why the post is not illegal.")


def content_labels() -> dict[str, Any]:
    return {
        "review_status_labels": REVIEW_STATUS,
        "post_state_labels": POST_STATES,
        "via_labels": VIA_LABELS,
        "takedown_state_labels": TAKEDOWN_STATES,
        "decision_status_labels": DECISION_STATUS,
        "appeal_status_labels": APPEAL_STATUS,
        "signal_labels": SIGNAL_LABELS,
        "modality_labels": MODALITY_LABELS,
        "category_labels": CATEGORY_LABELS,
        "automation_labels": AUTOMATION_LABELS,
        "thumbnail_uri": thumbnail_uri,
    }


def error_status(request: Request, error: str) -> int:
    # htmx swaps no 4xx answer by default: a fragment says 200 and carries the error.
    return 422 if error and not templating.is_fragment_request(request) else 200


def pager(offset: int, found: int) -> dict[str, Any]:
    return {
        "newer": max(offset - PAGE_SIZE, 0) if offset else None,
        "older": offset + PAGE_SIZE if found > PAGE_SIZE else None,
    }


# --- Review queue --------------------------------------------------------------------------------


@router.get("/content")
def content_home() -> Response:
    return RedirectResponse("/content/reviews", 303)


@router.get("/content/reviews")
def review_queue(
    request: Request,
    context: ContextDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=20)] = "open",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = status if status in REVIEW_STATUS else None
    with context.read(user.actor) as unit:
        found = monitoring.list_reviews(unit, status=chosen, limit=PAGE_SIZE + 1, offset=offset)
        posts = content_views.posts_by_id(unit, (r.post_id for r in found))
        return render_page(
            request,
            user,
            "pages/content_reviews.html",
            active="content",
            reviews=found[:PAGE_SIZE],
            posts=posts,
            review_status=chosen or "all",
            **pager(offset, len(found)),
            **content_labels(),
        )


def _review_page(
    request: Request, context: ContextDep, user: WebUser, review_id: str, **extra: Any
) -> Response:
    with context.read(user.actor) as unit:
        review = monitoring.get_review(unit, review_id)
        post = takedowns.get_post(unit, review.post_id)
        error = extra.get("error", "")
        defaults = {
            "values": {"category": "illegal", "legal_ground": "", "explanation": "",
                       "automated_decision": AutomatedDecision.NOT_AUTOMATED.value},
            "chosen": content_views.default_modalities(post),
            "automated_detection": True, "note": "", "error": "",
        }  # fmt: skip
        return render_page(
            request,
            user,
            "pages/content_review.html",
            active="content",
            status=error_status(request, error),
            review=review,
            post=post,
            evidence=content_views.review_evidence(unit, review, post),
            present=content_views.present_modalities(post),
            decided=takedowns.list_takedowns(unit, post_id=post.id, limit=20),
            categories=CATEGORY_NAMES,
            can_decide=user.actor.can(Permission.REVIEW),
            **content_labels(),
            **defaults | extra,
        )


@router.get("/content/reviews/{review_id}")
def show_review(review_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    return _review_page(request, context, user, review_id)


@router.post("/content/reviews/{review_id}/decision")
def decide(
    review_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    category: Annotated[str, Form(max_length=80)] = "",
    legal_ground: Annotated[str, Form(max_length=500)] = "",
    explanation: Annotated[str, Form(max_length=2000)] = "",
    modalities: Annotated[list[str] | None, Form()] = None,
    automated_detection: Annotated[str, Form(max_length=10)] = "",
    automated_decision: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Judge the post illegal: it and every copy and reshare go down in one transaction."""
    values = {"category": category, "legal_ground": legal_ground, "explanation": explanation,
              "automated_decision": automated_decision}  # fmt: skip
    try:
        with context.write(user.actor) as unit:
            review = monitoring.get_review(unit, review_id)
            result = takedowns.decide(
                unit,
                review.post_id,
                category=category,
                legal_ground=legal_ground,
                explanation=explanation,
                modalities=modalities or None,
                automated_detection=bool(automated_detection),
                automated_decision=automated_decision or AutomatedDecision.NOT_AUTOMATED.value,
            )
            decision_id = result.decision.id
    except BAD as exc:
        return _review_page(
            request, context, user, review_id, values=values, chosen=modalities or [],
            automated_detection=bool(automated_detection), error=exc.message,
        )  # fmt: skip
    return RedirectResponse(f"/content/decisions/{decision_id}", 303)


@router.post("/content/reviews/{review_id}/dismiss")
def dismiss(
    review_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        if not note.strip():
            raise InvalidInput(NO_NOTE)
        with context.write(user.actor) as unit:
            monitoring.dismiss_review(unit, review_id, note=note.strip())
    except BAD as exc:
        return _review_page(request, context, user, review_id, note=note, error=exc.message)
    return RedirectResponse(f"/content/reviews/{review_id}", 303)


# --- Decisions and takedowns ---------------------------------------------------------------------


@router.get("/content/decisions/{decision_id}")
def show_decision(
    decision_id: str, request: Request, context: ContextDep, user: UserDep
) -> Response:
    with context.read(user.actor) as unit:
        tree = content_views.decision_tree(unit, decision_id)
        return render_page(
            request,
            user,
            "pages/content_decision.html",
            active="content",
            tree=tree,
            decision=tree.decision,
            **content_labels(),
        )


@router.get("/content/takedowns")
def list_takedowns(
    request: Request,
    context: ContextDep,
    user: UserDep,
    state: Annotated[str, Query(max_length=20)] = "active",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    chosen = state if state in TAKEDOWN_STATES else None
    with context.read(user.actor) as unit:
        found = takedowns.list_takedowns(unit, state=chosen, limit=PAGE_SIZE + 1, offset=offset)
        posts = content_views.posts_by_id(unit, (t.post_id for t in found))
        return render_page(
            request,
            user,
            "pages/content_takedowns.html",
            active="content",
            takedowns=found[:PAGE_SIZE],
            posts=posts,
            takedown_state=chosen or "all",
            **pager(offset, len(found)),
            **content_labels(),
        )


@router.get("/content/takedowns/{takedown_id}")
def show_takedown(
    takedown_id: str, request: Request, context: ContextDep, user: UserDep
) -> Response:
    with context.read(user.actor) as unit:
        takedown = takedowns.get_takedown(unit, takedown_id)
        post = takedowns.get_post(unit, takedown.post_id)
        return render_page(
            request,
            user,
            "pages/content_takedown.html",
            active="content",
            takedown=takedown,
            post=post,
            statement=json.dumps(takedown.statement, ensure_ascii=False, indent=2),
            evidence=json.dumps(takedown.evidence, ensure_ascii=False, indent=2),
            appeals=content_views.appeals_of(unit, takedown.id),
            notices=takedowns.list_notices(unit, post_id=post.id, limit=50),
            **content_labels(),
        )


@router.get("/content/takedowns/{takedown_id}/statement.json")
def statement_json(takedown_id: str, context: ContextDep, user: UserDep) -> Response:
    """The statement of reasons as submitted to the DSA Transparency Database."""
    with context.read(user.actor) as unit:
        statement = takedowns.get_takedown(unit, takedown_id).statement
    return JSONResponse(statement, headers={"X-Content-Type-Options": "nosniff"})
