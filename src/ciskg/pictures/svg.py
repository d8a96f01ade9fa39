"""Small helpers the pictures share: escaping, text width, truncation, a link wrapper."""

from __future__ import annotations

from html import escape

CHAR_WIDTH = 6.4  # px per character at 11 px sans-serif, measured on Latin and Cyrillic text
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"


def esc(text: str) -> str:
    """Text or attribute value made safe for SVG (XML) markup."""
    return escape(text, quote=True)


def text_width(text: str, char_width: float = CHAR_WIDTH) -> float:
    return len(text) * char_width


def clip(text: str, max_chars: int) -> str:
    """`text` cut to `max_chars` with an ellipsis; the full text goes into a <title>."""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def link(href: str, title: str, body: str, css: str = "") -> str:
    klass = f' class="{esc(css)}"' if css else ""
    return f'<a href="{esc(href)}"{klass}><title>{esc(title)}</title>{body}</a>'


def document(width: float, height: float, label: str, css: str, body: list[str]) -> str:
    """An SVG element that scales to its container, with its own style and an ARIA label."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" aria-label="{esc(label)}" class="picture" '
        f'style="max-width:{width:.0f}px">'
        f"<style>text{{font-family:{FONT};font-size:11px;fill:#1d2733}}{css}</style>"
        + "".join(body)
        + "</svg>"
    )
