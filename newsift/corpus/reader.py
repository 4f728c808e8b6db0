"""The read side of a store: :class:`Corpus` (``newsift.Corpus("corpus.duckdb")``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsift.corpus import copies
from newsift.corpus.store import connect
from newsift.errors import InputError
from newsift.report import Report

#: An article's date for "who published first": its own date, else when it was crawled (a
#: latest possible date).
_WHEN = "coalesce(published, crawled)"

#: Paragraphs found in more than one article: the ids, and the text from one of them (offsets
#: are code points, as DuckDB's substring counts).
_SHARED_PASSAGES = """
WITH shared AS (
    SELECT hash, list(DISTINCT article_id ORDER BY article_id) AS ids, min(article_id) AS first
    FROM passages GROUP BY hash HAVING count(DISTINCT article_id) > 1
)
SELECT any_value(s.ids),
       any_value(substring(json_extract_string(r.report, '$.article.text'),
                           p.start + 1, p."end" - p.start))
FROM shared s
JOIN passages p ON p.hash = s.hash AND p.article_id = s.first
JOIN reports r ON r.id = s.first
GROUP BY s.hash
ORDER BY s.hash
"""


class Corpus:
    """A store opened for reading; several may read one file, but not while a batch writes it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._con = connect(self.path, write=False)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stats(self) -> dict[str, Any]:
        """What the store holds: counts, dates, sites, languages, reputation mix and copies."""
        con = self._con
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        totals = self._rows(
            "SELECT count(*) articles, count(DISTINCT site) sites,"
            " count(published) dated, min(published) first_published,"
            " max(published) last_published, sum(n_claims) claims, max(batch) batches"
            " FROM articles"
        )[0]
        errors = con.execute("SELECT count(*) FROM errors").fetchone()[0]
        groups = self.copies()
        return {
            "store": str(self.path),
            "store_version": int(meta["store_version"]),
            "created_by": meta.get("created_by"),
            "articles": totals["articles"],
            "errors": errors,
            "sites": totals["sites"],
            "dated": totals["dated"],
            "first_published": _iso(totals["first_published"]),
            "last_published": _iso(totals["last_published"]),
            "claims": int(totals["claims"] or 0),
            "batches": int(totals["batches"] or 0),
            "languages": dict(
                con.execute(
                    "SELECT coalesce(language, 'unknown'), count(*) n FROM articles"
                    " GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10"
                ).fetchall()
            ),
            "reputation": dict(
                con.execute(
                    "SELECT coalesce(reputation, 'unrated'), count(*) n FROM articles"
                    " GROUP BY 1 ORDER BY n DESC, 1"
                ).fetchall()
            ),
            "top_sites": dict(
                con.execute(
                    "SELECT site, count(*) n FROM articles WHERE site IS NOT NULL"
                    " GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10"
                ).fetchall()
            ),
            "copies": {
                kind: sum(1 for g in groups if g["kind"] == kind)
                for kind in ("exact", "near", "passage")
            },
        }

    def copies(self) -> list[dict[str, Any]]:
        """Copy groups, each ``{"kind", "articles", "earliest"}``, largest first.

        ``exact``: the same normalised text; ``near``: connected by MinHash similarity of at
        least ``copies.NEAR_THRESHOLD`` (a group may also hold exact copies); ``passage``: one
        paragraph shared by articles not already in one exact or near group. ``articles`` are
        ids, oldest first; ``earliest`` is the first publisher by date, None when none is dated.
        """
        con = self._con
        info = {
            row["id"]: row
            for row in self._rows(
                f"SELECT seq, id, site, {_WHEN} AS day, published IS NULL AS undated,"
                " content_hash FROM articles"
            )
        }
        by_seq = {row["seq"]: article_id for article_id, row in info.items()}
        linked = copies.UnionFind()
        for seq, other in con.execute("SELECT seq, other_seq FROM near_pairs").fetchall():
            linked.union(by_seq[seq], by_seq[other])
        for (ids,) in con.execute(
            "SELECT list(id) FROM articles GROUP BY content_hash HAVING count(*) > 1"
        ).fetchall():
            for other in ids[1:]:
                linked.union(ids[0], other)
        groups = []
        group_of: dict[str, int] = {}
        for number, members in enumerate(linked.groups()):
            hashes = {info[m]["content_hash"] for m in members}
            groups.append(self._group("exact" if len(hashes) == 1 else "near", members, info))
            group_of.update(dict.fromkeys(members, number))
        for ids, passage in con.execute(_SHARED_PASSAGES).fetchall():
            if len({group_of.get(i, i) for i in ids}) < 2:
                continue  # every article sharing it is already one copy group
            group = self._group("passage", sorted(ids), info)
            group["passage"] = passage
            groups.append(group)
        order = {"exact": 0, "near": 1, "passage": 2}
        groups.sort(key=lambda g: (order[g["kind"]], -len(g["articles"]), g["articles"][0]))
        return groups

    @staticmethod
    def _group(kind: str, members: list[str], info: dict[str, dict[str, Any]]) -> dict[str, Any]:
        def when(article_id: str) -> tuple[date, int]:
            row = info[article_id]
            return (row["day"] or date.max, row["seq"])

        ordered = sorted(members, key=when)
        first = info[ordered[0]]
        earliest = (
            {
                "id": first["id"],
                "site": first["site"],
                "date": _iso(first["day"]),
                "date_is": "crawled" if first["undated"] else "published",
            }
            if first["day"]
            else None
        )
        return {"kind": kind, "articles": ordered, "earliest": earliest}

    def article(self, article_id: str) -> Report:
        """One article's stored report."""
        row = self._con.execute("SELECT report FROM reports WHERE id = ?", [article_id]).fetchone()
        if row is None:
            failed = self._con.execute(
                "SELECT error FROM errors WHERE id = ?", [article_id]
            ).fetchone()
            if failed:
                raise InputError(f"article {article_id} failed when stored: {failed[0]}")
            raise InputError(f"no article {article_id!r} in {self.path}")
        return Report.model_validate_json(row[0])

    def find(self, item_id: str) -> tuple[str, Any]:
        """What ``newsift corpus show ID`` shows: the article with that id (its report), else
        the narrative (``N12``) or story (``S3``) of that id, as ``(kind, value)``."""
        stored = self._con.execute(
            "SELECT 1 FROM articles WHERE id = ? UNION ALL SELECT 1 FROM errors WHERE id = ?",
            [item_id, item_id],
        ).fetchone()
        if stored or not re.fullmatch(r"[NnSs]\d+", item_id):
            return "article", self.article(item_id)
        if item_id[0] in "Nn":
            return "narrative", self.narrative(item_id)
        return "story", self.story(item_id)

    def articles(self, *, text: bool = False) -> Iterator[dict[str, Any]]:
        """Article records (the ``articles`` columns; with ``text``, the cleaned text too), in
        the order they were stored, for story clustering and other corpus analyses."""
        extra = ", json_extract_string(r.report, '$.article.text') AS text" if text else ""
        yield from self._stream(
            f"SELECT a.*{extra} FROM articles a"
            + (" JOIN reports r USING (id)" if text else "")
            + " ORDER BY a.seq"
        )

    def claims(self) -> Iterator[dict[str, Any]]:
        """Every claim as a record: the article's id, the claim's text and offsets, its
        check-worthiness and source, and the article's site, date and site reputation."""
        yield from self._stream(
            'SELECT c.article_id, c.claim_index, c.text, c.start, c."end", c.checkworthiness,'
            " c.hedged, c.source_text, c.source_type, c.source_domain, c.cue,"
            " a.site, a.url, a.title, a.published, a.crawled, a.reputation"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            " ORDER BY a.seq, c.claim_index"
        )

    def unclustered(self) -> dict[str, int]:
        """Articles and claims stored since the stories and narratives were last updated
        (``newsift.corpus.clusters.update``)."""
        from newsift.corpus.clusters import pending

        articles, claims = pending(self._con)
        return {"articles": articles, "claims": claims}

    def narratives(self, min_articles: int = 2) -> list[dict[str, Any]]:
        """Narratives carried by at least ``min_articles`` articles, the widest first: each
        ``{"id", "claim", "claims", "sites", "first_seen", "last_seen", "reputation_mix",
        "crossed_to_reliable", "factchecks", ...}`` (docs/corpus.md)."""
        return self._narratives("HAVING count(DISTINCT article_id) >= ?", [min_articles])

    def narrative(self, narrative_id: str | int) -> dict[str, Any]:
        """One narrative by its id (``N12``, or the number)."""
        return self._one("narrative", narrative_id)

    def stories(self, min_articles: int = 2) -> list[dict[str, Any]]:
        """Stories of at least ``min_articles`` articles, the largest first: each ``{"id",
        "title", "articles", "sites", "first_seen", "last_seen", "reputation_mix", ...}``."""
        return self._stories("HAVING count(*) >= ?", [min_articles])

    def story(self, story_id: str | int) -> dict[str, Any]:
        """One story by its id (``S3``, or the number)."""
        return self._one("story", story_id)

    def _one(self, kind: str, given: str | int) -> dict[str, Any]:
        text = str(given).strip()
        if text[:1].upper() == kind[0].upper():
            text = text[1:]
        query = self._narratives if kind == "narrative" else self._stories
        found = query(f"HAVING {kind} = ?", [int(text)]) if text.isdigit() else []
        if found:
            return found[0]
        pending = self.unclustered()
        hint = (
            " (stories and narratives are not up to date: `newsift corpus narratives` updates them)"
            if pending["articles"] or pending["claims"]
            else ""
        )
        raise InputError(f"no {kind} {given!r} in {self.path}{hint}")

    def _narratives(self, having: str, params: list[Any]) -> list[dict[str, Any]]:
        from newsift.corpus.narratives import Member, Narrative, rating

        rows = self._rows(
            "WITH chosen AS (SELECT narrative FROM narrative_claims GROUP BY narrative"
            f" {having})"
            ' SELECT n.narrative, n.article_id, c.text, c.start, c."end", a.site, a.published,'
            " json_extract(r.report, '$.source_reputation') AS reputation,"
            " json_extract(r.report, '$.claims[' || n.claim_index || '].factchecks') AS factchecks"
            " FROM narrative_claims n JOIN chosen USING (narrative)"
            " JOIN claims c USING (article_id, claim_index)"
            " JOIN articles a ON a.id = n.article_id JOIN reports r ON r.id = n.article_id"
            " ORDER BY n.narrative, a.seq, n.claim_index",
            params,
        )
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            grouped.setdefault(row["narrative"], []).append(row)
        found = []
        for number, members in grouped.items():
            narrative = Narrative(
                id=number,
                members=[
                    Member(
                        article_id=m["article_id"],
                        text=m["text"],
                        site=m["site"],
                        published=m["published"],
                        rating=rating(json.loads(m["reputation"] or "null")),
                        start=m["start"],
                        end=m["end"],
                    )
                    for m in members
                ],
            )
            summary = narrative.summary()
            matches: dict[tuple[str, str | None], dict[str, Any]] = {}
            for claim, member in zip(summary["claims"], members, strict=True):
                claim["factchecks"] = json.loads(member["factchecks"] or "[]")
                for match in claim["factchecks"]:
                    key = (match["claim"], match.get("url"))
                    if key not in matches or matches[key]["score"] < match["score"]:
                        matches[key] = match
            found.append(
                {
                    **summary,
                    "id": f"N{number}",
                    "claim": " ".join(members[0]["text"].split()),
                    "sites": list(dict.fromkeys(m["site"] for m in members if m["site"])),
                    "factchecks": sorted(matches.values(), key=lambda m: -m["score"]),
                }
            )
        return sorted(found, key=lambda n: (-n["n_articles"], -n["n_claims"], int(n["id"][1:])))

    def _stories(self, having: str, params: list[Any]) -> list[dict[str, Any]]:
        from newsift.corpus.narratives import outlet_mix, rating

        rows = self._rows(
            f"WITH chosen AS (SELECT story FROM story_articles GROUP BY story {having})"
            " SELECT s.story, a.id, a.title, a.site, a.published,"
            " json_extract(r.report, '$.source_reputation') AS reputation"
            " FROM story_articles s JOIN chosen USING (story)"
            " JOIN articles a ON a.id = s.article_id JOIN reports r ON r.id = s.article_id"
            " ORDER BY s.story, a.seq",
            params,
        )
        grouped: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            row["rating"] = rating(json.loads(row.pop("reputation") or "null"))
            grouped.setdefault(row.pop("story"), []).append(row)
        found = []
        for number, members in grouped.items():
            outlets, mix = outlet_mix((m["site"], m["id"], m["rating"]) for m in members)
            dates = sorted(m["published"] for m in members if m["published"])
            found.append(
                {
                    "id": f"S{number}",
                    "title": next((m["title"] for m in members if m["title"]), None),
                    "articles": [
                        {
                            "article_id": m["id"],
                            "title": m["title"],
                            "site": m["site"],
                            "published": _iso(m["published"]),
                            "rating": m["rating"],
                        }
                        for m in members
                    ],
                    "n_articles": len(members),
                    "sites": list(dict.fromkeys(m["site"] for m in members if m["site"])),
                    "n_outlets": len(outlets),
                    "first_seen": _iso(dates[0]) if dates else None,
                    "last_seen": _iso(dates[-1]) if dates else None,
                    "reputation_mix": mix,
                }
            )
        return sorted(found, key=lambda s: (-s["n_articles"], int(s["id"][1:])))

    def errors(self) -> list[dict[str, Any]]:
        return self._rows("SELECT id, url, error, error_type FROM errors ORDER BY batch, id")

    def _stream(self, sql: str, size: int = 1000) -> Iterator[dict[str, Any]]:
        cursor = self._con.cursor()
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(size):
            for row in rows:
                yield dict(zip(names, row, strict=True))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
