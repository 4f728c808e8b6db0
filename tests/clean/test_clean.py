"""The cleaner on scraped text we wrote ourselves: what goes, what stays, and that nothing is lost."""

from __future__ import annotations

import pytest

from newsift.clean.cleaner import clean_text
from newsift.clean.rules import split_lines
from newsift.errors import InputError

BODY = [
    "Water Board Delays Vote on Reservoir Expansion",
    "GRANTHAM, Ontario – The regional water board postponed a vote on the reservoir expansion on "
    "Monday after residents presented a petition with 4,000 signatures, the board's chair said.",
    "The expansion would flood about 300 hectares of farmland, according to an assessment "
    "commissioned by the board last year.",
    "Readers who subscribe to the board's public notices will be told the new date, a "
    "spokeswoman said, adding that the meeting will be streamed online.",
    "Farmers in the valley say the plan was drawn up without asking them. What do you think the "
    "board should do, one farmer asked the crowd, before the chair closed the session.",
]


def scraped(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def outlet(name: str) -> bool:
    return name in {"The Valley Herald", "Valley Herald"}


def removed_reasons(source: str, line_model="shipped") -> dict[str, str]:
    """Map each removed line's text to the reason it was removed for."""
    result = clean_text(source, outlet, line_model=line_model)
    reasons = {}
    for block in result.boilerplate:
        for line in split_lines(source[block.start : block.end]):
            reasons[line.text] = block.label
    return reasons


def assert_nothing_lost(source: str) -> None:
    """Every non-blank input line is either kept verbatim in the text or inside a removed span."""
    result = clean_text(source, outlet)
    for text_start, source_start, length in result.offset_map:
        assert (
            result.text[text_start : text_start + length]
            == source[source_start : source_start + length]
        )
    kept = {s for _, s, _ in result.offset_map}
    for line in split_lines(source):
        inside = [b for b in result.boilerplate if b.start <= line.start and line.end <= b.end]
        assert (line.start in kept) != bool(inside), line.text


def test_body_of_a_clean_article_is_kept_whole():
    source = scraped(*BODY)
    result = clean_text(source, outlet)
    assert result.boilerplate == []
    for paragraph in BODY:
        assert paragraph in result.text
    assert result.title == BODY[0]
    assert_nothing_lost(source)


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["0 0 votes", "Article Rating"], "rating_widget"),
        (
            ["Enjoyed this article? Please consider supporting The Valley Herald on Patreon."],
            "donation_ask",
        ),
        (
            [
                "Sign up for our free weekly newsletter and get the best stories delivered to your inbox."
            ],
            "newsletter_prompt",
        ),
        (["Share this:", "Facebook", "Twitter", "WhatsApp"], "social_prompt"),
        (
            [
                "The views and opinions expressed in this article are those of the author and do not necessarily reflect the views of the publisher."
            ],
            "editorial_disclaimer",
        ),
        (
            [
                "We use cookies to give you the best experience. By continuing to use this site you agree to our cookie policy."
            ],
            "cookie_notice",
        ),
        (["Tags: water, farming, Ontario"], "footer"),
        (["© 2023 The Valley Herald. All rights reserved."], "footer"),
    ],
)
def test_widgets_after_the_article_are_removed_with_their_reason(lines, reason):
    source = scraped(*BODY, *lines)
    reasons = removed_reasons(source)
    for line in lines:
        assert reasons.get(line) == reason, (line, reasons)
    for paragraph in BODY:
        assert paragraph not in reasons
    assert_nothing_lost(source)


def test_comment_section_runs_from_its_header_to_the_end():
    comments = [
        "3 Comments",
        "Ellen P.",
        "This board never listens to anyone outside the town council.",
        "Reply",
        "Jonas",
        "Good. Keep the farmland.",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    ]
    source = scraped(*BODY, *comments)
    reasons = removed_reasons(source)
    assert (
        reasons["This board never listens to anyone outside the town council."] == "comment_section"
    )
    assert reasons["Good. Keep the farmland."] == "comment_section"
    assert (
        reasons["Your email address will not be published. Required fields are marked *"]
        == "comment_form_help"
    )
    assert (
        reasons["This site uses Akismet to reduce spam. Learn how your comment data is processed."]
        == "anti_spam_notice"
    )
    result = clean_text(source, outlet)
    assert "farmland" not in result.text.split(BODY[-1])[-1]
    assert result.text.endswith(BODY[-1])
    assert_nothing_lost(source)


@pytest.mark.parametrize("position", [2, len(BODY)])
def test_a_question_to_readers_is_not_a_comment_section_on_its_own(position):
    source = scraped(*BODY[:position], "What do you think?", *BODY[position:])
    rules = clean_text(source, outlet, line_model=None)
    # Inside the article it may be the author's own question; after the last paragraph it asks
    # for comments (a social prompt), and never starts a comment section on its own.
    at_end = position == len(BODY)
    assert ("What do you think?" not in rules.text) == at_end
    if at_end:
        assert removed_reasons(source, line_model=None)["What do you think?"] == "social_prompt"
    for paragraph in BODY:
        assert paragraph in rules.text
    # The line classifier may still judge a closing question to readers a social prompt.
    result = clean_text(source, outlet)
    assert not any(b.label == "comment_section" for b in result.boilerplate)
    for paragraph in BODY:
        assert paragraph in result.text


def test_links_to_other_articles_at_the_end_are_related_links():
    tail = [
        "What do you think?",
        "Notify of",
        "View all comments",
        "Farmers march on the county office",
        "Reservoir levels at a ten-year low",
    ]
    source = scraped(*BODY, *tail)
    reasons = removed_reasons(source)
    assert reasons["Farmers march on the county office"] == "related_links"
    assert reasons["Reservoir levels at a ten-year low"] == "related_links"
    assert reasons["Notify of"] == "comment_section"


def test_leading_debris_title_byline_and_dateline():
    source = scraped("in ,", BODY[0], "By Mara Lindqvist | June 2, 2023", *BODY[1:])
    result = clean_text(source, outlet)
    reasons = removed_reasons(source)
    assert reasons["in ,"] == "scraping_debris"
    assert reasons["By Mara Lindqvist | June 2, 2023"] == "byline"
    assert result.title == BODY[0]
    assert result.byline == "Mara Lindqvist"
    assert result.dateline is not None
    start, end = result.dateline
    assert result.text[start:end] == "GRANTHAM, Ontario"
    assert result.text.startswith(BODY[0])


def test_author_block_becomes_byline_and_bio():
    block = [
        "Mara Lindqvist",
        "Senior Reporter",
        "Mara Lindqvist is an award-winning reporter covering water policy and rural affairs for "
        "the paper since 2009.",
    ]
    source = scraped(*BODY, *block)
    result = clean_text(source, outlet)
    reasons = removed_reasons(source)
    assert reasons["Mara Lindqvist"] == "byline"
    assert reasons["Senior Reporter"] == "author_bio"
    assert result.byline == "Mara Lindqvist"
    assert "award-winning reporter" in (result.author_bio or "")
    assert "award-winning" not in result.text


@pytest.mark.parametrize(
    "line",
    [
        "Liked it? Take a second to support The Valley Herald on Patreon!",
        "The opinions expressed in this column are solely those of the author and do not necessarily represent those of The Valley Herald.",
        "© 2023 The Valley Herald. All rights reserved.",
        "The Valley Herald",
    ],
)
def test_the_outlet_is_named_from_the_lines_that_name_the_publisher(line):
    result = clean_text(scraped(*BODY, line), outlet)
    names = [e.text for e in result.site_names]
    assert names and names[0] in {"The Valley Herald", "Valley Herald"}
    source = scraped(*BODY, line)
    first = result.site_names[0]
    assert source[first.start : first.end] == first.text


def test_an_outlet_named_inside_the_article_is_not_its_publisher():
    source = scraped(
        *BODY[:2], "The mayor told The Valley Herald on Friday that the vote was fair.", *BODY[2:]
    )
    assert clean_text(source, outlet).site_names == []


def test_prose_is_kept_when_every_line_looks_like_boilerplate():
    source = scraped(
        "Share",
        "Subscribe to our newsletter to hear about the council and its many decisions first.",
    )
    result = clean_text(source, outlet)
    assert result.text  # never an empty article
    assert_nothing_lost(source)


def test_no_text_is_an_input_error():
    with pytest.raises(InputError):
        clean_text("\n \n\t\n", outlet)


def test_crlf_and_indentation_keep_offsets_true():
    source = "  " + "\r\n\r\n".join(BODY) + "\r\n\r\nShare this:\r\nFacebook\r\n"
    result = clean_text(source, outlet)
    for text_start, source_start, length in result.offset_map:
        assert (
            result.text[text_start : text_start + length]
            == source[source_start : source_start + length]
        )
    assert "Facebook" not in result.text


def test_a_bare_outlet_name_inside_the_article_is_a_credit_not_the_publisher():
    source = scraped(*BODY[:3], "Valley Herald", *BODY[3:])
    result = clean_text(source, outlet)
    assert removed_reasons(source)["Valley Herald"] == "image_caption"
    assert result.site_names == []


def rule_reasons(source: str) -> dict[str, str]:
    """The rules' reasons alone, so that a test of a rule cannot pass thanks to the model."""
    return removed_reasons(source, line_model=None)


def test_an_embedded_video_players_controls_are_debris():
    player = [
        "Mute",
        "Current Time 0:00",
        "Duration Time 2:14",
        "Loaded: 0%",
        "Progress: 0%",
        "Playback Rate",
        "Chapters",
        "subtitles off, selected",
        "This is a modal window.",
        "Font Size 50% 75% 100% 125% 150%",
    ]
    source = scraped(*BODY[:3], *player, *BODY[3:])
    reasons = rule_reasons(source)
    for line in player:
        assert reasons.get(line) == "scraping_debris", line
    kept = clean_text(source, outlet, line_model=None).text
    for paragraph in BODY:
        assert paragraph in kept
    assert_nothing_lost(source)


def test_a_block_of_short_lines_that_is_mostly_boilerplate_goes_whole():
    """A playlist between paragraphs: the rules know the durations and the player's controls,
    the block carries the video titles with them; a question in it and the paragraphs stay."""
    block = [
        "Mute",
        "Valley farmers meet the board",
        "4:05",
        "Reservoir levels this spring",
        "1:38",
        "Playback Rate",
    ]
    source = scraped(*BODY[:3], *block, "Who decides on the reservoir?", *BODY[3:])
    reasons = rule_reasons(source)
    assert reasons.get("Valley farmers meet the board") == "scraping_debris"
    assert reasons.get("Reservoir levels this spring") == "scraping_debris"
    kept = clean_text(source, outlet, line_model=None).text
    assert "Who decides on the reservoir?" in kept
    for paragraph in BODY:
        assert paragraph in kept


def test_short_lines_between_paragraphs_stay_when_few_of_them_are_boilerplate():
    """An article's own list of short items is not a widget because one line near it is."""
    items = ["Reservoir: 300 hectares", "Cost: 40 million dollars", "Farms affected", "Share"]
    source = scraped(*BODY[:3], *items, *BODY[3:])
    kept = clean_text(source, outlet, line_model=None).text
    assert "Farms affected" in kept
    assert rule_reasons(source).get("Share") == "social_prompt"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sponsored: Ten gardening tools your neighbours are hiding from you", "advertisement"),
        ("The one habit that keeps farmers young [sponsored]", "advertisement"),
        ("Imgur | valleyfan22", "image_caption"),
        ("Images via: Twitter / @valleyfan22", "image_caption"),
        ("Courtesy Valley Historical Society", "image_caption"),
        ("(Reporting by Jane Roe; Editing by Sam Poe)", "byline"),
        ("This post was written by Jane Roe", "byline"),
        ("(h/t) The Valley Herald", "editorial_disclaimer"),
        ("Keep it locked on The Valley Herald for the latest.", "social_prompt"),
        ("Have something to add to this story? Send it to our newsroom.", "footer"),
        (
            "Copyright 2023 The Valley Herald. This material may not be published, broadcast, "
            "rewritten or redistributed.",
            "footer",
        ),
        ("Follow Jane Roe on Twitter", "social_prompt"),
        ("Associated Press", "image_caption"),
    ],
)
def test_more_kinds_of_boilerplate_lines_are_named(line, reason):
    source = scraped(*BODY, line)
    assert rule_reasons(source).get(line) == reason


def test_a_question_to_readers_after_the_article_is_a_social_prompt():
    question = "Do you think the board should approve the expansion? Tell us below."
    source = scraped(*BODY, question)
    assert rule_reasons(source).get(question) == "social_prompt"
    # Inside the article the same question is the author's.
    inside = scraped(*BODY[:2], question, *BODY[2:])
    assert question in clean_text(inside, outlet, line_model=None).text


def test_headlines_under_a_related_header_are_links_even_at_the_top():
    source = scraped(
        "Related:",
        "Board Approves New Water Meter Rules",
        "Is the Valley Running Out of Water?",
        *BODY,
    )
    reasons = rule_reasons(source)
    assert reasons.get("Board Approves New Water Meter Rules") == "related_links"
    assert reasons.get("Is the Valley Running Out of Water?") == "related_links"
    result = clean_text(source, outlet, line_model=None)
    assert result.title == BODY[0]


def test_a_line_repeated_three_times_is_a_widget_whatever_its_punctuation():
    promo = "Here is why valley gardeners love this watering can…"
    source = scraped(BODY[0], BODY[1], promo, BODY[2], promo, BODY[3], promo, BODY[4])
    assert rule_reasons(source).get(promo) == "repeated_furniture"
    kept = clean_text(source, outlet, line_model=None).text
    for paragraph in BODY:
        assert paragraph in kept


def test_a_one_line_input_is_never_cleaned_away_by_the_classifier_alone():
    text = "We will publish the documents next week."
    assert clean_text(text).text.strip() == text


# --- defects a new user found (issue 15), each on text of our own --------------------------

LATE_HEADLINE_LIKE = [
    "Home » Local » Water",
    "By Ana Ferreira | Staff | 3 min read",
    *BODY[1:],
    "Give today — even $10 keeps this newsroom going",
]


def test_the_title_is_never_taken_from_after_the_body_has_begun():
    # The head had no headline; a short line after the first paragraph is not the title.
    result = clean_text(scraped(*LATE_HEADLINE_LIKE), outlet)
    assert result.title is None


@pytest.mark.parametrize(
    "crumb", ["News » Region » Water", "Home › Local › Crime & Courts", "Local » Water » Board"]
)
def test_a_breadcrumb_is_navigation_and_never_the_title(crumb):
    reasons = removed_reasons(scraped(crumb, *BODY))
    assert reasons[crumb] == "navigation"
    assert clean_text(scraped(crumb, *BODY[1:]), outlet).title is None


@pytest.mark.parametrize(
    "ask",
    [
        "Donate today — even $5 makes a difference",
        "Donate now to keep local reporting free",
        "Every dollar helps: chip in to support our reporters",
    ],
)
def test_donation_asks_are_named_as_such(ask):
    reasons = removed_reasons(scraped(*BODY, ask), line_model=None)
    assert reasons.get(ask) == "donation_ask"


@pytest.mark.parametrize(
    "line", ["Staff | 4 min read", "By Ana Ferreira | Staff | 3 min read", "6 min read"]
)
def test_reading_time_lines_go_with_the_byline(line):
    reasons = removed_reasons(scraped(BODY[0], line, *BODY[1:]), line_model=None)
    assert reasons.get(line) == "byline"


def test_filed_under_and_posted_by_without_a_colon_are_removed():
    line = "Filed under Local, Water, Council Posted by Ana Ferreira"
    reasons = removed_reasons(scraped(*BODY, line), line_model=None)
    assert reasons.get(line) == "footer"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Posted on June 3, 2023 by Ana Ferreira", "2023-06-03"),
        ("Published: 14 February 2022", "2022-02-14"),
        ("Updated Sept. 9, 2021 at 4:15 p.m. EDT", "2021-09-09"),
        ("2020-11-30", "2020-11-30"),
    ],
)
def test_a_date_printed_in_the_head_is_the_published_date(line, date):
    result = clean_text(scraped(BODY[0], line, *BODY[1:]), outlet)
    assert result.published == date


def test_a_date_in_the_body_is_not_the_published_date():
    body_date = "The vote was first scheduled for June 3, 2023, the chair said."
    result = clean_text(scraped(*BODY, body_date), outlet)
    assert result.published is None


def test_a_rendered_menu_row_with_long_runs_of_spaces_is_labelled() -> None:
    """A Dragnet page rendered by inscriptis: a table row of sections, dozens of spaces apart.
    The breadcrumb pattern tried every split of each run of spaces: four sections took 2.6 s,
    the page's ten never ended."""
    from newsift.clean.rules import match_reason

    row = (" " * 37).join(f"{name} »" for name in ["Theater", "Opinion", "World", "Business"] * 3)
    assert match_reason(row) == match_reason(" ".join(row.split())) is not None


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("Posted on June 3, 2023 by Ana Ferreira", "Ana Ferreira", "2023-06-03"),
        ("By Ana Ferreira | Staff | 4 min read", "Ana Ferreira", None),
        (
            "Ana Ferreira, Staff Writer | Published: March 2, 2021 at 10:02 a.m.",
            "Ana Ferreira",
            "2021-03-02",
        ),
        ("Ana Ferreira · June 3, 2023 · 5 min read", "Ana Ferreira", "2023-06-03"),
        ("Updated 3:45 PM ET, Tue February 14, 2017", None, "2017-02-14"),
    ],
)
def test_a_metadata_strip_gives_author_and_date_and_is_removed_as_byline(line, author, date):
    result = clean_text(scraped(BODY[0], line, *BODY[1:]), outlet, line_model=None)
    assert result.byline == author
    assert result.published == date
    reasons = removed_reasons(scraped(BODY[0], line, *BODY[1:]), line_model=None)
    assert reasons.get(line) == ("date" if author is None else "byline")


@pytest.mark.parametrize(
    "line",
    [
        "Ana Ferreira | The council met on June 3, 2023 to vote on the bridge repairs",
        "Local | Water | Council",
        "Ana Ferreira — Tom Okafor",
        "Tuesday's vote — June 3, 2023 — was the council's last before the summer break.",
    ],
)
def test_a_line_with_a_piece_that_is_no_metadata_is_no_metadata_strip(line):
    from newsift.clean.patterns import meta_line

    assert meta_line(line) is None


def test_a_breadcrumb_above_a_metadata_strip_is_not_the_title():
    crumb, strip = "Home » Local » Politics", "By Ana Ferreira | Staff | 4 min read"
    result = clean_text(scraped(crumb, strip, *BODY[1:]), outlet, line_model=None)
    assert result.title is None and result.byline == "Ana Ferreira"


def test_a_reading_time_without_a_name_names_no_author():
    line = "Staff | 4 min read"
    assert clean_text(scraped(BODY[0], line, *BODY[1:]), outlet, line_model=None).byline is None
