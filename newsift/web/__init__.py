"""Web: the REST API and the web page (``newsift serve``), one ``analyze()`` behind both.

``api`` is the FastAPI app (the page, ``POST /analyze``, offline ``/docs``, optional API keys);
``limits`` caps a request's body before it is read; ``runner`` runs each worker's analyses in a
child process that is killed when a request passes its time limit; ``jobs`` is what that process
runs, apart from the app so it loads no web framework; ``corpus`` is the read-only corpus view
of ``newsift serve --store``.

May import: ``views``, ``corpus`` (to read a store), the core and everything below it.
"""
