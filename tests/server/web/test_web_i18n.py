"""English and Simplified Chinese: choosing the language, switching it, formatting in the locale."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.web import i18n
from lawbridge.workflows import accounts, audit
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.server.web.webtools import sign_in


def _set_locale(context: Context, member: Member, locale: str | None) -> None:
    with context.write(member.actor) as unit:
        accounts.set_own_locale(unit, locale)


@pytest.mark.parametrize(
    ("account", "header", "default", "expected"),
    [
        ("zh_Hans", "en-US,en;q=0.9", "en", "zh_Hans"),
        ("en", "zh-CN", "zh_Hans", "en"),
        (None, "zh", "en", "zh_Hans"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "en", "zh_Hans"),
        (None, "zh-Hans-CN", "en", "zh_Hans"),
        (None, "en;q=0.5, zh-Hans;q=0.9", "en", "zh_Hans"),
        (None, "fr-FR, zh-CN;q=0.8", "en", "zh_Hans"),
        (None, "zh-TW", "zh_Hans", "en"),
        (None, "fr", "zh_Hans", "en"),
        (None, "zh;q=0, en", "zh_Hans", "en"),
        (None, None, "zh_Hans", "zh_Hans"),
        (None, "", "en", "en"),
        (None, "q=bogus;;,", "zh_Hans", "en"),
    ],
)
def test_negotiate(account: str | None, header: str | None, default: str, expected: str) -> None:
    assert i18n.negotiate(account, header, default) == expected


def test_dates_and_numbers_follow_the_locale() -> None:
    moment = datetime(2026, 3, 4, 5, 6, 7)  # naive, as SQLite returns it: UTC
    assert i18n.format_time(moment, "en") == "Mar 4, 2026, 5:06:07\u202fAM"
    assert i18n.format_time(moment, "zh_Hans") == "2026年3月4日 05:06:07"
    assert i18n.format_time(moment.replace(tzinfo=UTC), "zh_Hans") == "2026年3月4日 05:06:07"
    assert i18n.format_number(1234567, "en") == "1,234,567"
    assert i18n.format_number(1234567, "zh_Hans") == "1,234,567"
    assert i18n.territory_name("CN", "zh_Hans") == "中国"
    assert i18n.territory_name("US", "en") == "United States"


def test_account_locale_gives_a_chinese_ui(
    client: TestClient, context: Context, world: World
) -> None:
    _set_locale(context, world.cn["auditor"], "zh_Hans")
    sign_in(client, world.cn["auditor"].username)
    dashboard = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="zh-Hans">' in dashboard
    assert "<h1>概览</h1>" in dashboard
    assert "审计员" in dashboard
    assert ">审计日志</a>" in dashboard  # the navigation too
    page = client.get("/audit").text
    assert "<h1>审计日志</h1>" in page and "校验审计链" in page
    assert "年" in page  # dates of the log in Chinese form
    assert (
        "<strong>通过</strong>" in client.get("/audit/verify", headers={"HX-Request": "true"}).text
    )


def test_accept_language_zh_cn_gives_a_chinese_login_page(client: TestClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert '<html lang="zh-Hans">' in page
    assert "<h1>登录</h1>" in page and "用户名" in page and "密码" in page
    english = client.get("/login", headers={"Accept-Language": "en-GB"}).text
    assert "<h1>Sign in</h1>" in english


def test_accept_language_applies_to_accounts_without_a_locale(
    client: TestClient, world: World
) -> None:
    sign_in(client, world.us["analyst"].username)
    assert "<h1>文件</h1>" in client.get("/documents", headers={"Accept-Language": "zh-CN"}).text
    assert "<h1>Documents</h1>" in client.get("/documents").text


def test_error_pages_are_translated(client: TestClient, context: Context, world: World) -> None:
    _set_locale(context, world.cn["analyst"], "zh_Hans")
    sign_in(client, world.cn["analyst"].username)
    forbidden = client.get("/audit")
    assert forbidden.status_code == 403
    assert "无权访问" in forbidden.text
    forged = client.post("/documents", data={"title": "x"})
    assert forged.status_code == 403
    assert "未作任何更改" in forged.text


def test_language_switch_sets_own_locale_and_is_audited(
    client: TestClient, context: Context, world: World
) -> None:
    member = world.cn["auditor"]
    token = sign_in(client, member.username)
    answer = client.post(
        "/account/locale",
        data={"locale": "zh_Hans", "next": "/audit?before=5", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/audit?before=5"
    assert "<h1>概览</h1>" in client.get("/").text
    with context.read(member.actor) as unit:
        assert accounts.get_account(unit, member.account_id).locale == "zh_Hans"
        assert audit.list_events(unit, action="account.locale")
    back = client.post(
        "/account/locale",
        data={"locale": "en", "next": "https://evil.example/", "csrf_token": token},
        follow_redirects=False,
    )
    assert back.headers["location"] == "/"
    assert "<h1>Dashboard</h1>" in client.get("/").text


def test_unknown_locale_is_rejected(client: TestClient, world: World) -> None:
    token = sign_in(client, world.cn["auditor"].username)
    answer = client.post("/account/locale", data={"locale": "xx", "csrf_token": token})
    assert answer.status_code == 422
