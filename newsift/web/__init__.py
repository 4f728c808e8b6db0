"""Web: the REST API and the web page (``api``, FastAPI; ``newsift serve``), one ``analyze()``
behind both.

May import: ``views``, the core and everything below it.
"""
