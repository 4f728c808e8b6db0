"""Views: a report shown to a person, in the terminal (``terminal``, Rich) or as one standalone
HTML page (``html``); ``highlights`` holds what both say alike. They read the
:class:`~newsift.report.Report` alone; ``corpus`` shows a store's narratives and stories as
pages, from the plain dicts :class:`~newsift.corpus.Corpus` returns.

May import: the core and everything below it; used by ``cli`` and ``web``.
"""
