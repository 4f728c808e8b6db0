"""Errors a user can act on.

Every failure a user can cause (bad file, bad URL, bad encoding) is a :class:`NewsiftError`
whose message is one clear line; the CLI prints it and exits non-zero instead of a traceback.
"""

from __future__ import annotations


class NewsiftError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing sentence."""

    exit_code = 1


class InputError(NewsiftError):
    """The input cannot be read as an article (missing, empty, binary, undecodable, too big)."""

    exit_code = 2


class FetchError(NewsiftError):
    """A URL could not be fetched (unreachable, refused, wrong content type, too big)."""

    exit_code = 3


class RefusedURLError(FetchError):
    """A URL newsift will not fetch: not http(s), malformed, or naming a non-public address.

    Apart from other fetch errors because nothing was contacted: the request, not the remote
    site, is at fault (the REST API answers 422, not 502).
    """


class UnsupportedLanguageError(NewsiftError):
    """The article is not in a language the analyzers support."""

    exit_code = 4


class OutputError(NewsiftError):
    """An output file (``--out``, ``--html``) cannot be written where the user asked."""

    exit_code = 6


class ModelError(NewsiftError):
    """A shipped model or data file is missing or unreadable (a broken install)."""

    exit_code = 5
