"""Read attribution relations from brat standoff files in the PolNeAR layout.

PolNeAR (Newell et al., LREC 2018) ships ``text/<name>.txt`` and
``attributions/<name>_<annotator>.ann``. In each ``.ann``, ``T`` lines are text-bound
annotations (``Source``, ``Cue``, ``Content``, ``Attribution``, ``Attribution-no-source``,
``Discuss``, ``Discard``) with character offsets into the ``.txt``; a discontinuous span lists
its fragments as ``start end;start end``. ``E`` lines tie one relation together:
``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1`` (``Content2`` marks a second content).
A ``T`` line's text may run over several physical lines when the span holds a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsift.errors import InputError

Fragments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ANN_NAME = re.compile(r"^(?P<name>.+)_(?P<annotator>[^_]+)$")
ROLES = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A text-bound annotation; ``fragments`` has more than one item when discontinuous."""

    fragments: Fragments

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(slots=True)
class Relation:
    """One attribution: who (source), how (cue), what (content); any part may be missing."""

    source: BratSpan | None = None
    cue: BratSpan | None = None
    content: list[BratSpan] = field(default_factory=list)


@dataclass(slots=True)
class AnnotatedText:
    name: str
    annotator: str
    text: str
    relations: list[Relation]

    def spans(self, role: str) -> list[BratSpan]:
        """Distinct spans of one role (a source shared by two relations counts once)."""
        found: dict[Fragments, BratSpan] = {}
        for relation in self.relations:
            parts = relation.content if role == "content" else [getattr(relation, role)]
            for part in parts:
                if part is not None:
                    found.setdefault(part.fragments, part)
        return sorted(found.values(), key=lambda s: s.fragments)


def parse_ann(ann: str) -> list[Relation]:
    """Relations of one ``.ann`` file's content; unknown line kinds are ignored."""
    spans: dict[str, tuple[str, BratSpan]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        if match := _T_LINE.match(line):
            tid, label, offsets = match.groups()
            fragments = tuple(
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            )
            spans[tid] = (label, BratSpan(tuple(sorted(fragments))))
        elif match := _E_LINE.match(line):
            events.append([tuple(arg.split(":", 1)) for arg in match.group(2).split()])  # type: ignore[misc]
    relations = []
    for args in events:
        if not args or not args[0][0].startswith("Attribution"):
            continue
        relation = Relation()
        for role, tid in args[1:]:
            if tid not in spans:
                continue
            span = spans[tid][1]
            if role == "Source":
                relation.source = span
            elif role == "Cue":
                relation.cue = span
            elif role.startswith("Content"):
                relation.content.append(span)
        relations.append(relation)
    return relations


def read_folder(folder: Path | str, all_annotators: bool = False) -> Iterator[AnnotatedText]:
    """Annotated texts of a PolNeAR-format folder (``text/`` and ``attributions/``), by name.

    An article annotated by several people yields only its first annotator (by annotator id)
    unless ``all_annotators``: one reference per article keeps evaluation simple and stable.
    """
    folder = Path(folder)
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        splits = (
            sorted(p.parent.name for p in folder.glob("*/attributions")) if folder.is_dir() else []
        )
        hint = f"; pass one of its splits: {', '.join(splits)}" if splits else ""
        raise InputError(
            f"{folder} is not a PolNeAR-format folder (needs text/ and attributions/){hint}"
        )
    by_name: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        match = _ANN_NAME.match(path.stem)
        name, annotator = (match["name"], match["annotator"]) if match else (path.stem, "")
        if not (text_dir / f"{name}.txt").is_file() and (text_dir / f"{path.stem}.txt").is_file():
            name, annotator = path.stem, ""
        by_name.setdefault(name, []).append((annotator, path))
    if not by_name:
        raise InputError(f"no .ann files in {ann_dir}")
    for name in sorted(by_name):
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            raise InputError(f"{ann_dir} has annotations for {name} but {text_path} is missing")
        text = text_path.read_text(encoding="utf-8")
        for annotator, path in sorted(by_name[name])[: None if all_annotators else 1]:
            relations = parse_ann(path.read_text(encoding="utf-8"))
            yield AnnotatedText(name, annotator, text, relations)
