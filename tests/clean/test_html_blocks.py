"""What extraction leaves out of an HTML page is reported as spans of the page, with reasons."""

from __future__ import annotations

import newsift
from newsift.clean.html_blocks import removed_blocks

PARAGRAPHS = [
    "The Millbrook school board voted on Thursday to keep the district's four-day week for"
    " another year, after a survey found most parents supported it.",
    "Attendance rose by three percent in the first year of the trial, according to figures the"
    " district released in May, while test scores did not change.",
    "Board member Ines Walker, who voted against the extension, said the district had not yet"
    " studied the effect on working parents.",
]

PAGE = f"""<!doctype html><html><head><title>Millbrook keeps four-day school week</title>
<script>var tracking = "Subscribe now";</script></head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/local">Local</a></nav>
<div class="share-bar"><a>Share on Facebook</a> <a>Share on X</a></div>
<article><h1>Millbrook keeps four-day school week</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside class="related-stories"><h3>Related</h3><ul><li><a>Bus routes change in autumn</a></li>
<li><a>Library hours extended</a></li></ul></aside>
<section id="comments"><h3>2 Comments</h3><p>Great news for our family!</p></section>
<div>Copyright 2024 Millbrook Courier. All rights reserved.</div>
<footer role="contentinfo"><a>Privacy Policy</a> <a>Contact us</a></footer>
</body></html>"""


def test_each_left_out_block_is_a_span_of_the_page_with_the_reason_its_place_gives():
    report = newsift.analyze(PAGE)
    by_reason = {b.reason: b for b in report.html_removed}
    assert {"navigation", "social_prompt", "related_links", "comment_section", "footer"} <= set(
        by_reason
    )
    for block in report.html_removed:
        # The span points at the page itself, where the block's first words stand.
        assert PAGE[block.start : block.end].startswith(block.text.split()[0])
    assert "Great news for our family!" in by_reason["comment_section"].text
    assert "Bus routes change in autumn" in by_reason["related_links"].text


def test_markup_that_says_nothing_falls_back_to_the_plain_text_rules():
    removed = removed_blocks(PAGE, "\n\n".join(PARAGRAPHS))
    copyright_block = next(s for s in removed if "Copyright 2024" in s.attrs["text"])
    assert copyright_block.label == "footer"


def test_the_main_text_script_text_and_title_are_never_listed():
    report = newsift.analyze(PAGE)
    listed = " ".join(b.text for b in report.html_removed)
    assert "four-day week" not in listed and "Ines Walker" not in listed
    assert "tracking" not in listed and "Subscribe now" not in listed
    assert "Millbrook keeps four-day school week" not in listed


def test_blocks_are_never_merged_across_main_text():
    page = "<body><nav>Home | Local</nav><p>" + PARAGRAPHS[0] + "</p><nav>Next page</nav></body>"
    removed = removed_blocks(page, PARAGRAPHS[0])
    assert [s.label for s in removed] == ["navigation", "navigation"]
    assert all(PARAGRAPHS[0] not in page[s.start : s.end] for s in removed)


def test_plain_text_input_lists_nothing_left_out_of_a_page():
    report = newsift.analyze("\n\n".join(PARAGRAPHS))
    assert report.html_removed == []
