"""A narrative's or story's spread over time, one row per outlet, coloured by the outlet's rating.

matplotlib is an extra (``pip install "newsift[plot]"``): it loads only here, when a plot is
asked for, so the default install and every other command run without it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from newsift.errors import InputError, NewsiftError, OutputError

#: One colour per rating class (colour-blind safe, Okabe-Ito), the most telling first.
COLOURS = {
    "satire": "#CC79A7",
    "state_media": "#D55E00",
    "unreliable": "#E69F00",
    "mixed": "#F0E442",
    "reliable": "#0072B2",
    "unrated": "#999999",
}


def points(cluster: dict[str, Any]) -> list[tuple[dt.date, str, str]]:
    """``(date, outlet, rating)`` per dated member (claims of a narrative, articles of a story)."""
    members = cluster.get("claims") or cluster.get("articles") or []
    return [
        (
            dt.date.fromisoformat(m["published"]),
            m.get("site") or f"article {m['article_id']}",
            m.get("rating", "unrated"),
        )
        for m in members
        if m.get("published")
    ]


def plot_spread(cluster: dict[str, Any], out: Path, *, overwrite: bool = False) -> int:
    """Draw ``cluster`` (``Corpus.narrative`` or ``Corpus.story``) into ``out`` (PNG, SVG or
    PDF by its suffix); returns how many members were drawn. Undated members cannot be placed
    and are counted in the title."""
    if out.exists() and not overwrite:
        raise OutputError(f"{out} exists; pass --overwrite to replace it")
    if not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: the folder {out.parent} does not exist")
    dated = points(cluster)
    members = cluster.get("claims") or cluster.get("articles") or []
    if not dated:
        raise InputError(
            f"{cluster['id']} has no dated member to place in time ({len(members)} undated)"
        )
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise NewsiftError('drawing a plot needs matplotlib: pip install "newsift[plot]"') from None
    outlets = sorted({o for _, o, _ in dated}, key=lambda o: min(d for d, x, _ in dated if x == o))
    row = {outlet: i for i, outlet in enumerate(outlets)}
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.35 * len(outlets)))
    for rating, colour in COLOURS.items():
        mine = [(d, row[o]) for d, o, r in dated if r == rating]
        if mine:
            ax.scatter(
                [d for d, _ in mine], [y for _, y in mine], c=colour, label=rating, s=40, zorder=3
            )
    first, last = min(d for d, _, _ in dated), max(d for d, _, _ in dated)
    margin = max((last - first) / 20, dt.timedelta(days=7))
    ax.set_xlim(first - margin, last + margin)
    ax.set_yticks(range(len(outlets)), outlets)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    undated = len(members) - len(dated)
    title = cluster.get("claim") or cluster.get("title") or ""
    title = title if len(title) <= 90 else title[:87] + "..."
    ax.set_title(
        f"{cluster['id']}: {title}" + (f"\n({undated} undated not drawn)" if undated else ""),
        fontsize=9,
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial{out.suffix}")
    try:
        fig.savefig(partial, dpi=120)
        partial.replace(out)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise OutputError(f"cannot write {out}: {err.strerror or err}") from None
    finally:
        plt.close(fig)
    return len(dated)
