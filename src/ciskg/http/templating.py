"""Jinja2 templates for the pages: one environment, one `render`, links from IRIs.

Why one place: every page needs the reader's language, the words of the page in it, and
the rule that turns an IRI into a link — the project's own IRIs (under the configured
base, `https://w3id.org/ciskg/`) become links on this server, so that the pages work on
any host and offline; other IRIs stay as they are. Templates are autoescaped; only the
server-rendered SVG pictures (escaped where they are built) are inserted as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ciskg import __version__
from ciskg.http import i18n
from ciskg.labels import Labels

TEMPLATES = Path(__file__).parent / "templates"
COOKIE_MAX_AGE_S = 365 * 24 * 3600
SHORT_LABEL_CHARS = 40  # names in pictures

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def base_iri(request: Request) -> str:
    base: str = request.app.state.settings.base_iri
    return base


def local_href(iri: str, base: str) -> str:
    """The link for an IRI: a path on this server for the project's IRIs, else the IRI."""
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    return iri


def iri_for_path(path: str, base: str) -> str:
    """The IRI a request path stands for (`/id/state/uzb` → `https://…/id/state/uzb`)."""
    return base + path.lstrip("/")


class Page:
    """What every template gets: the language, words, links and labels of one request."""

    def __init__(self, request: Request, labels: Labels | None = None) -> None:
        self.request = request
        self.languages = i18n.preferences(request)
        self.lang = self.languages[0]
        self.base = base_iri(request)
        self.labels = labels if labels is not None else Labels(self.languages)

    def t(self, key: str) -> str:
        return i18n.text(key, self.lang)

    def href(self, iri: str) -> str:
        return local_href(iri, self.base)

    def label(self, iri: str) -> str:
        """The thing's name in the reader's language; well-known properties of other
        vocabularies, which the ontology does not label, by their words of the page."""
        if not self.labels.known(iri) and iri in i18n.PROPERTY_WORDS:
            return self.t(i18n.PROPERTY_WORDS[iri])
        return self.labels.of(iri)

    def short_label(self, iri: str) -> str:
        return self.labels.short(iri, SHORT_LABEL_CHARS)

    def label_lang(self, iri: str) -> str:
        name = self.labels.best(iri)
        return name.language if name is not None else ""

    def with_lang(self, language: str) -> str:
        """This page's URL with `?lang=` set (the language switch)."""
        params = dict(self.request.query_params)
        params["lang"] = language
        return f"{self.request.url.path}?{urlencode(params)}"

    @property
    def direction(self) -> str:
        return "rtl" if self.lang in i18n.RTL else "ltr"


def render(
    request: Request,
    template: str,
    page: Page | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    page = page if page is not None else Page(request)
    html = ENV.get_template(template).render(
        page=page,
        t=page.t,
        languages=i18n.LANGUAGES,
        version=__version__,
        **context,
    )
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    response.headers["Content-Language"] = page.lang
    if (chosen := i18n.chosen_by_parameter(request)) is not None:
        response.set_cookie(i18n.COOKIE, chosen, max_age=COOKIE_MAX_AGE_S, samesite="lax")
    return response
