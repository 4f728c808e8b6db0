"""One article from what a user names on the command line: a path, ``-`` (stdin) or a URL."""

from __future__ import annotations

import re
from pathlib import Path

from newsift.article import Article
from newsift.input.ingest import read_file, read_stdin


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source.strip(), re.IGNORECASE))


_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


def load(source: str, *, allow_private: bool = False) -> Article:
    """One article from a path, ``-`` (stdin) or an http(s) URL."""
    if source == "-":
        return read_stdin()
    if is_url(source) or (_ANY_SCHEME.match(source.strip()) and not Path(source).exists()):
        from newsift.input.fetch import (
            fetch,  # which refuses other schemes (ftp://, file://) by name
        )

        return fetch(source.strip(), allow_private=allow_private)
    return read_file(source)
