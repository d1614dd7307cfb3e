"""The content & takedowns pages: the review queue with side-by-side evidence, the decision form,
the propagation tree with statements of reasons, takedowns and appeals."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Member, World
from tests.server.web.webtools import sign_in
from tests.workflows.content_helpers import IMAGES, SCAM_ZH, SCAM_ZH_TRAD, dsa_validator

API = "/api/v1/content"
GROUND = "Cybersecurity Law of the PRC, Art. 47"
DECISION = {
    "category": "scam",
    "legal_ground": GROUND,
    "explanation": "Prize scam asking for a WeChat contact",
    "modalities": ["text"],
    "automated_detection": "on",
    "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
}
MARK = re.compile(r'<mark class="content-match">([^<]*)</mark>')


def api(client: TestClient, member: Member, path: str, body: dict[str, Any]) -> Any:
    answer = client.post(f"{API}{path}", json=body, headers=member.headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def upload(client: TestClient, member: Member, pid: str, text: str, **extra: Any) -> Any:
    body = {"id": pid, "author": f"user-{pid}", "ts": datetime(2026, 11, 1, tzinfo=UTC).isoformat()}
    return api(client, member, "/posts", {**body, "text": text, "lang": "zh", **extra})


@dataclass
class Feed:
    review_id: str  # the queued post "judged" (traditional-script copy of the banked scam)
    judged: str  # post ids
    copy: str
    reshare: str
    image_review_id: str


def feed(client: TestClient, admin: Member) -> Feed:
    """An unconfirmed bank (matches go to review), a queued scam, a copy, a reshare, a photo."""
    bank = api(client, admin, "/banks", {"name": "maybe-scams", "legal_ground": GROUND})
    entry = {"signal_type": "text_near_dup", "content": SCAM_ZH}
    api(client, admin, f"/banks/{bank['id']}/entries", entry)
    photo = {"signal_type": "pdq", "image_base64": base64.b64encode(IMAGES["banned"]).decode()}
    api(client, admin, f"/banks/{bank['id']}/entries", photo)
    judged = upload(client, admin, "judged", "转发：" + SCAM_ZH_TRAD + " 速来")
    copy = upload(client, admin, "copy", SCAM_ZH)
    reshare = upload(client, admin, "reshare", "", reshare_of="copy")
    upload(client, admin, "innocent", "今天天气很好，我们去公园散步吧，顺便买点水果回家")
    mirrored = base64.b64encode(IMAGES["mirror"]).decode()
    image = upload(client, admin, "photo", "看看这个", image_base64=mirrored)
    assert judged["action"] == "review" and image["action"] == "review"
    return Feed(
        judged["review_id"],
        judged["post"]["id"],
        copy["post"]["id"],
        reshare["post"]["id"],
        image["review_id"],
    )


def decide_in_browser(client: TestClient, token: str, review_id: str, **changes: str) -> Any:
    data = {**DECISION, **changes, "csrf_token": token}
    return client.post(f"/content/reviews/{review_id}/decision", data=data, follow_redirects=False)


def state(client: TestClient, member: Member, post_id: str) -> str:
    found = client.get(f"{API}/posts/{post_id}", headers=member.headers).json()
    return str(found["state"])


def takedown_of(client: TestClient, member: Member, post_id: str) -> dict[str, Any]:
    found = client.get(f"{API}/takedowns?post_id={post_id}", headers=member.headers).json()
    assert len(found) == 1
    return dict(found[0])


@pytest.mark.parametrize("role", ["admin", "analyst", "reviewer", "auditor"])
def test_every_page_renders_for_every_role(client: TestClient, world: World, role: str) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    api(client, admin, f"/posts/{data.judged}/decision", {k: v for k, v in DECISION.items()
        if k != "automated_detection"})  # fmt: skip
    takedown = takedown_of(client, admin, data.copy)
    appeal = api(client, admin, f"/takedowns/{takedown['id']}/appeals", {"reason": "not mine"})
    sign_in(client, world.provider[role].username)
    assert 'href="/content/reviews"' in client.get("/").text
    pages = [
        "/content/reviews?status=all",
        f"/content/reviews/{data.review_id}",
        f"/content/reviews/{data.image_review_id}",
        f"/content/decisions/{takedown['decision_id']}",
        "/content/takedowns",
        f"/content/takedowns/{takedown['id']}",
        "/content/appeals",
        f"/content/appeals/{appeal['id']}",
    ]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:500])
    for path in pages[1:4] + pages[-1:]:  # in Chinese too, placeholders filled
        zh = client.get(path, headers={"Accept-Language": "zh-CN"})
        assert zh.status_code == 200 and "%(" not in zh.text and "内容" in zh.text, path
    assert "审核帖子" in client.get(pages[1], headers={"Accept-Language": "zh-CN"}).text
    deciding = role in ("admin", "reviewer")
    assert ('id="appeal-form"' in client.get(pages[-1]).text) is deciding
    assert ('id="decision-form"' in client.get(pages[2]).text) is deciding
    fragment = client.get("/content/takedowns?state=all", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "copy" in fragment.text


def test_the_queue_shows_what_matched_side_by_side(client: TestClient, world: World) -> None:
    data = feed(client, world.provider["admin"])
    sign_in(client, world.provider["reviewer"].username)
    queue = client.get("/content/reviews").text
    assert "maybe-scams" in queue and "Text near-duplicate" in queue
    assert f'href="/content/reviews/{data.review_id}"' in queue
    page = client.get(f"/content/reviews/{data.review_id}").text
    marked = "".join(MARK.findall(page))
    # the traditional-script post is highlighted where it holds the banked text, not the rest
    assert "獲得本月幸運大獎" in marked and "lucky888" in marked
    assert "转发" not in marked and "速来" not in marked
    assert "恭喜您获得本月幸运大奖" in page  # the bank's side, normalised
    photo = client.get(f"/content/reviews/{data.image_review_id}").text
    assert 'src="data:image/png;base64,' in photo and "Photo hash (PDQ)" in photo
    distance = re.search(r'class="match-distance">([0-9.e-]+)<', photo)
    assert distance and float(distance.group(1)) <= 31


def test_a_decision_from_the_queue_propagates_and_the_tree_shows_the_copies(
    client: TestClient, world: World
) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    token = sign_in(client, world.provider["reviewer"].username)
    answer = decide_in_browser(client, token, data.review_id)
    assert answer.status_code == 303
    tree_url = answer.headers["location"]
    assert tree_url.startswith("/content/decisions/")
    assert [state(client, admin, p) for p in (data.judged, data.copy, data.reshare)] == [
        "taken_down"
    ] * 3
    tree = client.get(tree_url).text
    nested = re.search(r'id="propagation-tree">(.*?)</section>', tree, re.S)
    assert nested is not None
    body = nested.group(1)
    # judged → copy (found by text) → reshare, one inside the other
    assert (
        body.index("judged") < body.index("<code>copy</code>") < body.index("<code>reshare</code>")
    )
    assert re.search(r"<code>copy</code>.*?<ul>.*?<code>reshare</code>", body, re.S)
    assert "Text near-duplicate" in body and body.count("statement of reasons") == 3
    assert "innocent" not in body and "photo" not in body
    takedown = takedown_of(client, admin, data.copy)
    statement = client.get(f"/content/takedowns/{takedown['id']}/statement.json")
    assert statement.status_code == 200
    assert list(dsa_validator().iter_errors(statement.json())) == []
    assert statement.json()["illegal_content_legal_ground"] == GROUND
    page = client.get(f"/content/takedowns/{takedown['id']}").text
    assert "STATEMENT_CATEGORY_SCAMS_AND_FRAUD" in page and takedown["evidence_sha256"] in page
    review = client.get(f"/content/reviews/{data.review_id}").text
    assert "Judged illegal" in review and 'id="decision-form"' not in review


def test_an_upheld_appeal_restores_what_it_shows(client: TestClient, world: World) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    token = sign_in(client, world.provider["reviewer"].username)
    assert decide_in_browser(client, token, data.review_id).status_code == 303
    takedown = takedown_of(client, admin, data.copy)
    appeal = api(client, admin, f"/takedowns/{takedown['id']}/appeals", {"reason": "a quote"})
    page = client.get(f"/content/appeals/{appeal['id']}").text
    preview = re.search(r'id="restore-preview">(.*?)</section>\s*</div>', page, re.S)
    assert preview is not None
    upheld_part = preview.group(1).split("<h3>")[1]
    assert "<code>copy</code>" in upheld_part and "<code>reshare</code>" in upheld_part
    assert "<code>judged</code>" not in upheld_part
    assert "a quote" in client.get("/content/appeals").text
    answer = client.post(
        f"/content/appeals/{appeal['id']}/decision",
        data={"outcome": "uphold", "reason": "quoted to warn", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert state(client, admin, data.copy) == "restored"
    assert state(client, admin, data.reshare) == "restored"
    assert state(client, admin, data.judged) == "taken_down"
    done = client.get(f"/content/appeals/{appeal['id']}").text
    restored = re.search(r'id="restored">(.*?)</section>', done, re.S)
    assert restored and "<code>copy</code>" in restored.group(1)
    assert "<code>reshare</code>" in restored.group(1) and "judged" not in restored.group(1)


def test_a_wrong_decision_restores_everything_it_took_down(
    client: TestClient, world: World
) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    token = sign_in(client, world.provider["reviewer"].username)
    assert decide_in_browser(client, token, data.review_id).status_code == 303
    takedown = takedown_of(client, admin, data.judged)
    appeal = api(client, admin, f"/takedowns/{takedown['id']}/appeals", {"reason": "satire"})
    answer = client.post(
        f"/content/appeals/{appeal['id']}/decision",
        data={"outcome": "uphold", "decision_wrong": "on", "reason": "satire",
              "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303
    assert {state(client, admin, p) for p in (data.judged, data.copy, data.reshare)} == {"restored"}
    tree = client.get(f"/content/decisions/{takedown['decision_id']}").text
    assert "Reversed on appeal" in tree


def test_bad_input_is_422_with_the_form_kept(client: TestClient, world: World) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    token = sign_in(client, world.provider["reviewer"].username)
    no_ground = decide_in_browser(client, token, data.review_id, legal_ground=" ")
    assert no_ground.status_code == 422 and "legal_ground" in no_ground.text
    assert "Prize scam asking for a WeChat contact" in no_ground.text  # kept
    assert state(client, admin, data.judged) == "visible"
    bad_category = decide_in_browser(client, token, data.review_id, category="nonsense")
    assert bad_category.status_code == 422 and f'value="{GROUND}"' in bad_category.text
    dismissed = client.post(
        f"/content/reviews/{data.review_id}/dismiss", data={"note": "", "csrf_token": token}
    )
    assert dismissed.status_code == 422 and "Say why" in dismissed.text
    assert decide_in_browser(client, token, data.review_id).status_code == 303
    takedown = takedown_of(client, admin, data.copy)
    appeal = api(client, admin, f"/takedowns/{takedown['id']}/appeals", {"reason": "mine"})
    url = f"/content/appeals/{appeal['id']}/decision"
    no_outcome = client.post(url, data={"reason": "kept text", "csrf_token": token})
    assert no_outcome.status_code == 422 and "kept text" in no_outcome.text
    contradiction = {"outcome": "reject", "decision_wrong": "on", "reason": "x"}
    assert client.post(url, data={**contradiction, "csrf_token": token}).status_code == 422
    no_reason = client.post(url, data={"outcome": "reject", "reason": " ", "csrf_token": token})
    assert no_reason.status_code == 422
    assert state(client, admin, data.copy) == "taken_down"
    client.post("/logout", data={"csrf_token": token})
    analyst_token = sign_in(client, world.provider["analyst"].username)
    forbidden = client.post(url, data={"outcome": "uphold", "reason": "x",
                                       "csrf_token": analyst_token})  # fmt: skip
    assert forbidden.status_code == 403


def test_another_partys_content_is_not_found(client: TestClient, world: World) -> None:
    admin = world.provider["admin"]
    data = feed(client, admin)
    decision = api(client, admin, f"/posts/{data.judged}/decision", {k: v for k, v in
                   DECISION.items() if k != "automated_detection"})  # fmt: skip
    takedown = takedown_of(client, admin, data.copy)
    appeal = api(client, admin, f"/takedowns/{takedown['id']}/appeals", {"reason": "mine"})
    token = sign_in(client, world.cn["admin"].username)
    for path in (
        f"/content/reviews/{data.image_review_id}",
        f"/content/decisions/{decision['decision']['id']}",
        f"/content/takedowns/{takedown['id']}",
        f"/content/takedowns/{takedown['id']}/statement.json",
        f"/content/appeals/{appeal['id']}",
    ):
        assert client.get(path).status_code == 404, path
    assert "copy" not in client.get("/content/takedowns?state=all").text
    assert "mine" not in client.get("/content/appeals?status=all").text
    assert "maybe-scams" not in client.get("/content/reviews?status=all").text
    for path, form in (
        (f"/content/reviews/{data.image_review_id}/decision", DECISION),
        (f"/content/reviews/{data.image_review_id}/dismiss", {"note": "x"}),
        (f"/content/appeals/{appeal['id']}/decision", {"outcome": "uphold", "reason": "x"}),
    ):
        assert client.post(path, data={**form, "csrf_token": token}).status_code == 404, path
    assert state(client, admin, data.copy) == "taken_down"
