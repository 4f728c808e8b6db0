"""Sources: what independent raters say about an outlet, with provenance.

``domains`` turns hosts and URLs into registrable domains; ``taxonomy`` is the one label scheme
every rater is mapped to, and ``raters`` the lists with their dates and licenses; ``registry``
builds, loads, imports and looks up the shipped and user tables; ``names`` and ``outlets`` turn
outlet names into domains and find outlets cited in running text; ``reputation`` makes the
consensus (one vote per origin) and is the ``source_reputation`` component; ``agreement``
writes docs/sources.md (coverage, Cohen's kappa).

May import: ``input`` and the core below the stages.
"""
