"""Propaganda: possible propaganda techniques as spans of the cleaned text.

``features`` tokenises and hashes what training and analysis both read; ``model`` holds the token
tagger (where a technique's span is) and the span classifier (which technique), calibrated per
technique, and is the ``propaganda`` component; ``techniques`` defines each technique in one
line. ``training/`` trains and measures them on the PTC layout; nothing the analysis loads
imports it.

May import: ``claims``, ``nlp``, ``clean``, ``sources``, ``input`` and the core below the stages.
"""
