"""Clean: plain text to the article's own text, with everything removed kept as spans.

``patterns`` says what a boilerplate line looks like, by reason; ``rules`` labels every line
from those patterns and from the line's place on the page; ``lineclass`` is the learned second
opinion on the lines the rules kept; ``cleaner`` joins the kept lines (title, byline, author bio,
dateline found on the way) and is the ``clean`` component; ``site`` finds the article's own site
(the ``site`` component). ``training/`` holds the line-labelled gold set, the cleaner's
evaluation on it and the line classifier's training; nothing the analysis loads imports it.

May import: ``sources`` (outlet names) and ``input``, and the core below the stages.
"""
