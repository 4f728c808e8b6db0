"""A corpus store as web pages: narratives and stories as sortable tables, then each one's
members, each linking to its article's report page (``html.render_html``).

Plain HTML with no script and no external asset: tables sort on the server, by links in their
headers, so the pages work offline and without JavaScript. They read the plain dicts
``Corpus.narratives()`` and ``Corpus.stories()`` return.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
td,th{border-bottom:1px solid #e4e4e4;padding:.3rem .5rem;text-align:left;vertical-align:top}
th a{color:inherit} th a.on{text-decoration:none;font-weight:700}
.num{text-align:right;white-space:nowrap} .muted{color:#777}
.r-satire{color:#a0457e} .r-state_media{color:#b34700} .r-unreliable{color:#a66a00}
.r-mixed{color:#7a7000} .r-reliable{color:#005a8c} .r-unrated{color:#777}
.check{background:#fde7f3;padding:0 .3em}
"""

#: Sortable columns: name shown -> key of a narrative's or story's dict.
COLUMNS = {
    "id": "id",
    "articles": "n_articles",
    "outlets": "n_outlets",
    "first": "first_seen",
    "last": "last_seen",
}
esc = html.escape


def sort_rows(rows: list[dict[str, Any]], column: str, descending: bool) -> list[dict[str, Any]]:
    """Rows sorted by a column of ``COLUMNS``; undated rows last either way."""
    key = COLUMNS.get(column, "n_articles")
    if key == "id":
        return sorted(rows, key=lambda r: int(r["id"][1:]), reverse=descending)
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    return sorted(present, key=lambda r: r[key], reverse=descending) + missing


def _page(title: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>newsift: {esc(title)}</title><style>{_CSS}</style></head><body>",
            "<p><a href='/corpus'>corpus</a> · <a href='/'>analyse an article</a></p>",
            *body,
            "</body></html>",
        ]
    )


def _mix(mix: dict[str, float]) -> str:
    return ", ".join(
        f"<span class='r-{esc(name)}'>{esc(name)} {share:.0%}</span>"
        for name, share in mix.items()
        if share
    )


def _header(table: str, column: str, sort: str, descending: bool) -> str:
    on = column == sort
    order = "asc" if on and descending else "desc"
    arrow = (" ↓" if descending else " ↑") if on else ""
    return (
        f"<th><a class='{'on' if on else ''}' href='/corpus?{table}={column}&amp;{table}_order="
        f"{order}'>{column}{arrow}</a></th>"
    )


def corpus_page(
    store: str,
    narratives: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    sorting: dict[str, tuple[str, bool]],
) -> str:
    """The store's narratives and stories carried by two or more articles, each table sorted
    by ``sorting[name] = (column, descending)``."""
    body = [f"<h1>{esc(store)}</h1>"]
    for name, rows, text_key in (
        ("narratives", narratives, "claim"),
        ("stories", stories, "title"),
    ):
        column, descending = sorting[name]
        body.append(f"<h2>{len(rows)} {name} carried by two or more articles</h2>")
        body.append("<table><thead><tr>")
        body += [_header(name, c, column, descending) for c in COLUMNS]
        body.append("<th>outlets' ratings</th>")
        if name == "narratives":
            body.append("<th>fact-checked</th>")
        body.append(f"<th>{text_key}</th></tr></thead><tbody>")
        for row in sort_rows(rows, column, descending):
            link = f"/corpus/{name}/{quote(row['id'])}"
            cells = [
                f"<td><a href='{link}'>{esc(row['id'])}</a></td>",
                f"<td class='num'>{row['n_articles']}</td>",
                f"<td class='num'>{row['n_outlets']}</td>",
                f"<td>{esc(row['first_seen'] or '-')}</td>",
                f"<td>{esc(row['last_seen'] or '-')}</td>",
                f"<td>{_mix(row['reputation_mix'])}</td>",
            ]
            if name == "narratives":
                cells.append(f"<td>{_checks(row['factchecks'])}</td>")
            cells.append(f"<td><a href='{link}'>{esc(row[text_key] or '-')}</a></td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        body.append("</tbody></table>")
    return _page(store, body)


def _checks(matches: list[dict[str, Any]]) -> str:
    return "<br>".join(
        f"<span class='check'>{esc(m['rating'])}</span> {esc(m['publisher'])}"
        + (f" <a href='{esc(m['url'], quote=True)}'>link</a>" if m.get("url") else "")
        for m in matches[:3]
    )


def cluster_page(kind: str, cluster: dict[str, Any]) -> str:
    """One narrative (its claims) or story (its articles), each linking to its article."""
    heading = cluster["claim"] if kind == "narrative" else cluster["title"] or ""
    members = cluster["claims"] if kind == "narrative" else cluster["articles"]
    crossed = cluster.get("crossed_to_reliable")
    body = [
        f"<h1>{esc(kind)} {esc(cluster['id'])}</h1><p>{esc(heading)}</p>",
        f"<p>{cluster['n_articles']} articles, {cluster['n_outlets']} outlets,"
        f" {esc(cluster['first_seen'] or 'undated')} to {esc(cluster['last_seen'] or 'undated')};"
        f" outlets' ratings: {_mix(cluster['reputation_mix'])}"
        + (
            f"; crossed to a reliable outlet: {'yes' if crossed else 'no'}"
            if crossed is not None
            else ""
        )
        + "</p>",
        "<table><thead><tr><th>date</th><th>outlet</th><th>rating</th><th>article</th>"
        f"<th>{'claim' if kind == 'narrative' else 'title'}</th>"
        + ("<th>fact-checks</th>" if kind == "narrative" else "")
        + "</tr></thead><tbody>",
    ]
    for m in members:
        link = f"/corpus/articles/{quote(m['article_id'], safe='')}"
        text = m["text"] if kind == "narrative" else m["title"] or "-"
        body.append(
            f"<tr><td>{esc(m['published'] or '-')}</td><td>{esc(m['site'] or '-')}</td>"
            f"<td class='r-{esc(m['rating'])}'>{esc(m['rating'])}</td>"
            f"<td><a href='{link}'>{esc(m['article_id'])}</a></td><td>{esc(text)}</td>"
            + (f"<td>{_checks(m['factchecks'])}</td>" if kind == "narrative" else "")
            + "</tr>"
        )
    body.append("</tbody></table>")
    return _page(f"{kind} {cluster['id']}", body)


def article_page(report_html: str) -> str:
    """An article's report page with a way back to the corpus."""
    return report_html.replace("<body>", "<body><p><a href='/corpus'>corpus</a></p>", 1)
