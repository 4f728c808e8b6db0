"""Views: a report shown to a person, in the terminal (``terminal``, Rich) or as one standalone
HTML page (``html``); ``highlights`` holds what both say alike. They read the
:class:`~newsift.report.Report` alone.

May import: the core and everything below it; used by ``cli`` and ``web``.
"""
