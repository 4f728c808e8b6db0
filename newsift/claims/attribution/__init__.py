"""Attribution: who said what, as source, cue and content spans.

Three extractors share one output (``spans.Found``): ``rules``, a hand-written baseline;
``learned``, trained on PolNeAR by ``newsift train attribution``; ``fast``, with no parser, for
fast mode; ``extractors`` picks one by name and ``parse`` holds their helpers over a spaCy parse.
``component`` (the ``attribution`` component) types each source (named person, organisation,
news outlet with its record, government or military, anonymous, author), resolves pronouns and
builds relay chains.
"""
