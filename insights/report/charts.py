"""Small inline-SVG charts drawn in Python: no library, no script, no network.

Every label is HTML-escaped; every chart carries a ``<title>`` and ``role="img"`` with an
``aria-label`` so screen readers and printouts get the same facts as the picture.
"""

from __future__ import annotations

from html import escape

INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e4e8ee"
ACCENT = "#2f6f8f"
NEGATIVE = "#c0603f"
NEUTRAL = "#aab4c0"
POSITIVE = "#3f8f6b"
FONT = "font-family=\"inherit\""


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def bar_chart(items: list[tuple[str, float, str]], *, title: str, color: str = ACCENT, width: int = 680) -> str:
    """Horizontal bars: ``items`` are (label, value, value shown as text), in display order.

    Example:
        >>> "<svg" in bar_chart([("wifi", 3, "3")], title="Topic sizes")
        True
    """
    if not items:
        return ""
    row, label_w, pad = 26, 250, 8
    height = row * len(items) + 2 * pad
    top = max(v for _, v, _ in items) or 1.0
    bar_w = width - label_w - 110
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, shown) in enumerate(items):
        y = pad + i * row
        w = max(2.0, bar_w * value / top) if value > 0 else 0
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" font-size="13" fill="{INK}">'
            f"<title>{escape(label)}</title>{escape(_clip(label, 38))}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{w:.1f}" height="16" rx="3" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="12" fill="{MUTED}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def diverging_chart(items: list[tuple[str, float]], *, title: str, width: int = 680) -> str:
    """Bars left (negative) or right (positive) of a zero line, for values in [-1, 1].

    Example:
        >>> "<svg" in diverging_chart([("wifi", -0.4)], title="Sentiment per topic")
        True
    """
    if not items:
        return ""
    row, label_w, pad, axis_h = 26, 250, 8, 18
    height = row * len(items) + 2 * pad + axis_h
    plot_w = width - label_w - 20
    mid = label_w + plot_w / 2
    half = plot_w / 2 - 30
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<line x1="{mid:.1f}" y1="{pad}" x2="{mid:.1f}" y2="{height - axis_h}" stroke="{GRID}" stroke-width="2"/>',
        f'<text x="{label_w + 4}" y="{height - 4}" font-size="11" fill="{MUTED}">more negative</text>',
        f'<text x="{width - 24}" y="{height - 4}" font-size="11" fill="{MUTED}" text-anchor="end">more positive</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        value = max(-1.0, min(1.0, float(value)))
        w = max(1.5, abs(value) * half)
        x = mid if value >= 0 else mid - w
        color = POSITIVE if value >= 0.05 else NEGATIVE if value <= -0.05 else NEUTRAL
        tx = mid + w + 6 if value >= 0 else mid - w - 6
        anchor = "start" if value >= 0 else "end"
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 17}" text-anchor="end" font-size="13" fill="{INK}">'
            f"<title>{escape(label)}</title>{escape(_clip(label, 38))}</text>"
            f'<rect x="{x:.1f}" y="{y + 5}" width="{w:.1f}" height="16" rx="3" fill="{color}"/>'
            f'<text x="{tx:.1f}" y="{y + 17}" font-size="12" fill="{MUTED}" text-anchor="{anchor}">{"0.00" if abs(value) < 0.005 else f"{value:+.2f}"}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def volume_chart(rows: list[dict], *, title: str, stacked: bool = True, width: int = 680, height: int = 220) -> str:
    """Columns of comments per period, stacked negative / neutral / positive when known.

    Example:
        >>> "<svg" in volume_chart([{"period": "2015-02-17", "total": 4, "negative": 1,
        ...                          "neutral": 2, "positive": 1}], title="Volume")
        True
    """
    if not rows:
        return ""
    left, right, top_pad, bottom = 44, 12, 12, 42
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = max(r["total"] for r in rows) or 1
    step = plot_w / len(rows)
    bar = max(1.0, step * 0.72)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    for frac in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - frac)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">{round(top * frac):,}</text>'
        )
    has_split = stacked and any(r.get("negative", 0) + r.get("neutral", 0) + r.get("positive", 0) for r in rows)
    label_every = max(1, len(rows) // 8)
    for i, r in enumerate(rows):
        x = left + i * step + (step - bar) / 2
        base = top_pad + plot_h
        tip = f"{r['period']}: {r['total']:,} comments"
        segments = (
            [(r.get("negative", 0), NEGATIVE), (r.get("neutral", 0), NEUTRAL), (r.get("positive", 0), POSITIVE)]
            if has_split
            else [(r["total"], ACCENT)]
        )
        other = r["total"] - sum(v for v, _ in segments)
        if other > 0:
            segments.append((other, NEUTRAL))
        parts.append(f"<g><title>{escape(tip)}</title>")
        for value, color in segments:
            h = plot_h * value / top
            if h <= 0:
                continue
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{color}"/>')
        parts.append("</g>")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" fill="{MUTED}" '
                f'text-anchor="middle">{escape(str(r["period"])[5:] if len(rows) > 1 else str(r["period"]))}</text>'
            )
    if has_split:
        lx = left
        for name, color in (("negative", NEGATIVE), ("neutral", NEUTRAL), ("positive", POSITIVE)):
            parts.append(
                f'<rect x="{lx}" y="{height - 14}" width="10" height="10" rx="2" fill="{color}"/>'
                f'<text x="{lx + 14}" y="{height - 5}" font-size="11" fill="{MUTED}">{name}</text>'
            )
            lx += 86
    parts.append("</svg>")
    return "".join(parts)
