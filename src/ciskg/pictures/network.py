"""Network pictures as SVG: actors ↔ processes ↔ instruments in columns, and one thing's
neighbourhood (what links to it on the left, what it links to on the right).

Why these layouts and no force simulation: both are deterministic (the same data draws
the same picture, so screenshots and tests are stable), need no JavaScript, never let
two labels overlap, and read at a glance. The columns order each outer column by where
its links land in the middle one (a barycentre pass), which removes most crossings for
graphs this size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ciskg.pictures.svg import clip, document, esc, link, text_width

NODE_H = 22
ROW_GAP = 6
NODE_CHARS = 40
COLOURS = {  # kind → fill; the legend uses the same
    "state": "#d9ecff",
    "org": "#ffe9c7",
    "process": "#d8f3dc",
    "project": "#e9f5db",
    "instrument": "#f1e4ff",
    "event": "#fde2e4",
    "group": "#e8eaed",
    "place": "#e0f7fa",
    "doc": "#f5f5f5",
    "other": "#f5f5f5",
}
CSS = (
    ".node rect{stroke:#7b8794;stroke-width:1}.node.centre rect{stroke:#1f2933;stroke-width:2}"
    ".edge{fill:none;stroke:#9aa5b1;stroke-width:1.2;opacity:.7}"
    ".role{fill:#616e7c;font-size:9.5px}.colhead{font-weight:600;font-size:12px;fill:#3e4c59}"
    "a:hover rect{stroke:#1f6feb;stroke-width:2}a:focus{outline:2px solid #f0b429}"
    + "".join(f".k-{k} rect{{fill:{c}}}" for k, c in COLOURS.items())
)


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    href: str
    kind: str  # a key of COLOURS


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str = ""


def _pill(node: Node, cx: float, cy: float, centre: bool = False) -> str:
    label = clip(node.label, NODE_CHARS)
    w = text_width(label) + 16
    x = cx - w / 2
    kind = node.kind if node.kind in COLOURS else "other"
    shape = (
        f'<rect x="{x:.1f}" y="{cy - NODE_H / 2:.1f}" width="{w:.1f}" height="{NODE_H}" rx="11"/>'
        f'<text x="{x + w / 2:.1f}" y="{cy + 4:.1f}" text-anchor="middle">{esc(label)}</text>'
    )
    css = f"node k-{kind}" + (" centre" if centre else "")
    return link(node.href, node.label, shape, css)


def columns(
    cols: list[tuple[str, list[Node]]], edges: list[Edge], title: str, width: int = 960
) -> str:
    """Nodes in columns (headed), edges between neighbouring columns as curves."""
    if not any(nodes for _, nodes in cols):
        return ""
    order = _barycentre([nodes for _, nodes in cols], edges)
    top, pitch = 34, NODE_H + ROW_GAP
    tallest = max(len(nodes) for nodes in order)
    height = top + tallest * pitch + 10
    xs = [width * (i + 0.5) / len(cols) for i in range(len(cols))]
    where: dict[str, tuple[float, float, int]] = {}
    body: list[str] = []
    for i, ((head, _), nodes) in enumerate(zip(cols, order, strict=True)):
        body.append(
            f'<text class="colhead" x="{xs[i]:.1f}" y="18" text-anchor="middle">{esc(head)}</text>'
        )
        step = min(tallest * pitch / max(len(nodes), 1), 4 * pitch)  # spread short columns
        offset = (tallest * pitch - len(nodes) * step) / 2
        for j, node in enumerate(nodes):
            where[node.id] = (xs[i], top + offset + (j + 0.5) * step, i)
    paths = []
    for edge in edges:
        if edge.source not in where or edge.target not in where:
            continue
        (x1, y1, c1), (x2, y2, c2) = where[edge.source], where[edge.target]
        if c1 > c2:
            (x1, y1, c1), (x2, y2, c2) = (x2, y2, c2), (x1, y1, c1)
        mid = (x1 + x2) / 2
        d = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        paths.append(f'<path class="edge" d="{d}"><title>{esc(edge.label)}</title></path>')
    pills = [
        _pill(n, where[n.id][0], where[n.id][1]) for nodes in order for n in nodes if n.id in where
    ]
    return document(width, height, title, CSS, [*body, *paths, *pills])


def _barycentre(cols: list[list[Node]], edges: list[Edge]) -> list[list[Node]]:
    """Middle column by label; each other column by the mean row of its links' ends."""
    if not cols:
        return cols
    middle = len(cols) // 2
    order = [list(nodes) for nodes in cols]
    order[middle].sort(key=lambda n: n.label.casefold())
    rank = {n.id: j for j, n in enumerate(order[middle])}
    links: dict[str, list[int]] = {}
    for edge in edges:
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            if b in rank:
                links.setdefault(a, []).append(rank[b])
    for i, nodes in enumerate(order):
        if i != middle:
            nodes.sort(key=lambda n: (_mean(links.get(n.id, [])), n.label.casefold()))
    return order


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else math.inf


def neighbourhood(
    centre: Node,
    incoming: list[tuple[Node, str]],
    outgoing: list[tuple[Node, str]],
    title: str,
    width: int = 960,
) -> str:
    """`centre` in the middle; things that link to it on the left, things it links to on the
    right, each with the relation beneath it."""
    if not incoming and not outgoing:
        return ""
    row = NODE_H + 18
    height = max(len(incoming), len(outgoing), 1) * row + 20
    cx, cy = width / 2, height / 2
    parts: list[str] = []
    pills: list[str] = []
    for side, items in ((-1, incoming), (1, outgoing)):
        x = cx + side * width * 0.3
        offset = (height - len(items) * row) / 2
        for k, (node, role) in enumerate(items):
            y = offset + k * row + NODE_H / 2 + 2
            mid = (cx + x) / 2
            d = f"M{cx:.1f},{cy:.1f} C{mid:.1f},{cy:.1f} {mid:.1f},{y:.1f} {x:.1f},{y:.1f}"
            parts.append(f'<path class="edge" d="{d}"><title>{esc(role)}</title></path>')
            pills.append(_pill(node, x, y))
            arrow = f"→ {role}" if side < 0 else f"{role} →"
            pills.append(
                f'<text class="role" x="{x:.1f}" y="{y + NODE_H / 2 + 10:.1f}" '
                f'text-anchor="middle">{esc(clip(arrow, 44))}</text>'
            )
    return document(width, height, title, CSS, [*parts, *pills, _pill(centre, cx, cy, True)])
