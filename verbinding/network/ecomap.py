"""Draw an ecomap (Hartman) as a hand-built SVG, server side.

The household sits at the centre; each member is a circle on a ring. Lines follow the convention
(domain.md §5): thick solid = strong, thin solid = normal, dashed = weak, zigzag = stressful, arrows =
direction of support (towards the household, away from it, or both). Labels are real text, so the
picture stays sharp when printed and readable when zoomed; a list next to it is the text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FILL = {
    "household": "#dbe8f8",
    "family": "#fde3cf",
    "friends": "#dcf1e0",
    "neighbours": "#efe2fa",
    "work": "#fff1bf",
    "volunteers": "#d6f1f1",
    "professionals": "#e6e9ee",
}
WIDTH = {"strong": 5.0, "normal": 2.5, "weak": 2.0}
INK = "#1b2430"
STRESS = "#a4161a"


@dataclass(frozen=True)
class Node:
    name: str
    category: str
    strength: str  # strong | normal | weak
    stressful: bool
    support: str  # to | from | both | none
    subtitle: str = ""  # role or category, short


def _tokens(text: str, width: int) -> list[tuple[str, bool]]:
    """Words and word parts as (text, glued to the previous token); long words are hyphenated."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        parts = [p + "-" for p in word.split("-")[:-1]] + [word.split("-")[-1]]
        parts = [p for p in parts if p]
        pieces: list[str] = []
        for part in parts:
            while len(part) > width:
                pieces.append(part[: width - 1] + "-")
                part = part[width - 1 :]
            pieces.append(part)
        out += [(piece, i > 0) for i, piece in enumerate(pieces)]
    return out


def wrap(text: str, width: int = 12, lines: int = 2) -> list[str]:
    """Split a label over at most ``lines`` lines of at most ``width`` characters (ellipsis if cut)."""
    out: list[str] = []
    current = ""
    for token, glued in _tokens(text, width):
        candidate = current + token if glued else f"{current} {token}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            out.append(current)
            current = token
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1].rstrip("-")
        out = [*out[: lines - 1], last[: width - 1] + "…"]
    return out or [""]


def zigzag(x1: float, y1: float, x2: float, y2: float, amp: float = 5.0, step: float = 9.0) -> str:
    """Points of a jagged line from (x1, y1) to (x2, y2), straight for a few px at both ends."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 30:
        return f"{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f}"
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    px, py = -uy, ux
    lead = 10.0
    points = [(x1, y1), (x1 + ux * lead, y1 + uy * lead)]
    n = max(2, int((length - 2 * lead) / step))
    for i in range(1, n):
        d = lead + (length - 2 * lead) * i / n
        side = amp if i % 2 else -amp
        points.append((x1 + ux * d + px * side, y1 + uy * d + py * side))
    points += [(x2 - ux * lead, y2 - uy * lead), (x2, y2)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def render(center: str, nodes: Sequence[Node], *, title: str, description: str) -> SafeString:
    n = len(nodes)
    size = 360 if n <= 8 else 440 if n <= 12 else 540
    c = size / 2
    node_r = 38.0
    center_r = 46.0
    ring = c - node_r - 16
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'class="ecomap" role="img" aria-labelledby="ecomap-title ecomap-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f'<title id="ecomap-title">{escape(title)}</title>',
        f'<desc id="ecomap-desc">{escape(description)}</desc>',
        "<defs>"
        f'<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse" markerUnits="strokeWidth">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
        f'<marker id="arrow-stress" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" '
        f'markerHeight="5" orient="auto-start-reverse" markerUnits="strokeWidth">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{STRESS}"/></marker>'
        "</defs>",
    ]
    positions = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        positions.append((c + ring * math.cos(angle), c + ring * math.sin(angle), angle))
    # Lines first, so circles sit on top.
    for node, (x, y, angle) in zip(nodes, positions, strict=True):
        ux, uy = math.cos(angle), math.sin(angle)
        # from the member's edge (start) to the household's edge (end), with a gap for arrows
        x1, y1 = x - ux * (node_r + 3), y - uy * (node_r + 3)
        x2, y2 = c + ux * (center_r + 3), c + uy * (center_r + 3)
        width = WIDTH.get(node.strength, 2.5)
        colour = STRESS if node.stressful else INK
        marker = "arrow-stress" if node.stressful else "arrow"
        attrs = [f'stroke="{colour}"', f'stroke-width="{width}"', 'fill="none"']
        if node.strength == "weak":
            attrs.append('stroke-dasharray="7 5"')
        if node.support in ("to", "both"):
            attrs.append(f'marker-end="url(#{marker})"')
        if node.support in ("from", "both"):
            attrs.append(f'marker-start="url(#{marker})"')
        attrs.append(
            f'data-strength="{node.strength}" data-stress="{"yes" if node.stressful else "no"}"'
            f' data-support="{node.support}"'
        )
        joined = " ".join(attrs)
        if node.stressful:
            parts.append(f'<polyline class="tie" points="{zigzag(x1, y1, x2, y2)}" {joined}/>')
        else:
            parts.append(
                f'<line class="tie" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f"{joined}/>"
            )
    parts.append(
        f'<circle cx="{c}" cy="{c}" r="{center_r}" fill="#0b5cab" stroke="{INK}" stroke-width="1"/>'
    )
    parts.append(_label(center, c, c, 13, fill="#ffffff", bold=True, width=11, lines=3))
    for node, (x, y, _angle) in zip(nodes, positions, strict=True):
        fill = FILL.get(node.category, "#ffffff")
        subtitle = node.subtitle if not repeats(node.subtitle, node.name) else ""
        parts.append(
            f'<g class="member" data-name="{escape(node.name)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" fill="{fill}" stroke="{INK}" '
            f'stroke-width="1"/>'
        )
        parts.append(_label(node.name, x, y - (5 if subtitle else 0), 12, bold=True, width=10))
        if subtitle:
            parts.append(_label(subtitle, x, y + 21, 10, width=11, lines=1))
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def repeats(subtitle: str, name: str) -> bool:
    """'Wijkteam' under 'Wijkteam', 'Schuldhulpverlening' under 'Schuldhulpverlening Deventer':
    the subtitle adds nothing when its first word is already in the name."""
    if not subtitle:
        return True
    first = subtitle.split()[0].lower().rstrip(".,")
    return first[:8] in name.lower()


def _label(
    text: str,
    x: float,
    y: float,
    size: int,
    *,
    fill: str = INK,
    bold: bool = False,
    width: int = 12,
    lines: int = 2,
) -> str:
    rows = wrap(text, width, lines)
    first = y - (len(rows) - 1) * size * 0.55
    weight = ' font-weight="600"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * size * 1.1 + size * 0.35:.1f}">{escape(r)}</tspan>'
        for i, r in enumerate(rows)
    )
    return f'<text text-anchor="middle" font-size="{size}" fill="{fill}"{weight}>{spans}</text>'
