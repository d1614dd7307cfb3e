"""Rendering pages and htmx fragments: one Jinja2 environment per UI language.

Each environment has its catalogue installed (``jinja2.ext.i18n``, new-style gettext) and filters bound
to its locale, so a request only picks the environment of its language: nothing is switched globally.
A request from htmx (``HX-Request``) gets only the page's ``content`` block (jinja2-fragments).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments import render_block

from lawbridge import __version__
from lawbridge.server.web import i18n

TEMPLATE_DIR = Path(__file__).parent / "templates"
CONTENT_BLOCK = "content"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Vary": "HX-Request, Cookie, Accept-Language",
    "Cache-Control": "no-store",
}


def _environment(locale: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(i18n.translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["datetime"] = partial(_format_time, locale=locale)
    env.filters["number"] = partial(i18n.format_number, locale=locale)
    env.filters["territory"] = partial(i18n.territory_name, locale=locale)
    env.globals.update(
        locale=locale,
        html_lang=i18n.HTML_LANG[locale],
        languages=i18n.LANGUAGE_NAMES,
        version=__version__,
    )
    return env


def _format_time(moment: datetime | None, fmt: str = "medium", *, locale: str) -> str:
    return i18n.format_time(moment, locale, fmt)


class Renderer:
    """Templates for every UI language, built once per app."""

    def __init__(self) -> None:
        self.environments = {locale: _environment(locale) for locale in i18n.LOCALES}

    def environment(self, locale: str) -> jinja2.Environment:
        return self.environments.get(locale, self.environments["en"])

    def render(self, locale: str, template: str, context: Mapping[str, Any]) -> str:
        return self.environment(locale).get_template(template).render(context)

    def render_block(
        self, locale: str, template: str, block: str, context: Mapping[str, Any]
    ) -> str:
        return render_block(self.environment(locale), template, block, dict(context))


def is_fragment_request(request: Request) -> bool:
    """htmx asked for a part of a page (not a history restore, which needs the whole page)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


def html(body: str, status: int = 200, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status, headers={**SECURITY_HEADERS, **(headers or {})})
