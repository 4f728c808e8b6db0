"""Input: bytes in, one :class:`~newsift.article.Article` out.

Reads files and standard input (``ingest``: encoding detection, size and binary checks),
fetches URLs with the SSRF guard (``fetch``), picks among them for a command-line argument
(``load``), extracts main text and metadata from HTML with trafilatura (``extract``, the
``extract`` component), reads corpora (``corpus``: JSONL, CSV, Parquet, WARC), writes ``newsift batch`` output safely
(``batch_output``: resumable, durable per batch, never overwritten unless asked) and
identifies the language (``language``, the ``language`` component).

May import: the core below the stages (``article``, ``errors``, ``settings``, ``pipeline``,
``report``). Nothing from another stage.
"""
