"""Remove what a scraper left around an article, and keep a record of every removal.

Scraped plain text arrives with the page still attached: rating widgets, donation asks,
disclaimers, related-article lists, comment sections with their forms, footers. The cleaner
works on lines, because that is the unit scrapers flatten blocks into:

1. every line gets a label from patterns that name the kind of block it is (``PATTERNS``);
2. regions are found: a comment section runs from its header to the end of the page, and the
   page's tail (after the last line of prose) keeps only what is article;
3. the head yields the title and byline; author bios and datelines are recognised;
4. the outlet's own name is looked for in the lines that name the publisher (a Patreon ask,
   a disclaimer, a copyright line, a footer that is just the outlet's name).

Removed lines become boilerplate spans over the cleaner's input with a reason; kept lines are
joined, one paragraph per line, into ``Article.text`` with an offset map back to the input.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from newsift.article import Article, Evidence, Span
from newsift.errors import InputError
from newsift.pipeline import FunctionComponent, factory

CONTENT = "content"
TITLE = "title"


def _rx(*patterns: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", flags)


#: Line patterns by reason, checked in this order. ``full`` patterns must match the whole
#: (stripped) line: they are words that are boilerplate only when they stand alone ("Share",
#: "Comments"). ``part`` patterns may match anywhere in a short line (``PART_MATCH_MAX_WORDS``),
#: because the phrase itself is unmistakable. ``cased`` patterns are case-sensitive, for
#: shapes where capitals carry the meaning (a credit line "Jane Doe / Flickr").
_FULL: dict[str, list[str]] = {
    "scraping_debris": [
        r"in\s*,?",
        r"[\W_]{1,3}",
        r"loading\.*",
        r"skip to (?:main )?content",
        r"modal trigger",
        r"(?:this )?video (?:is )?(?:not )?(?:available|unavailable).*",
        r"(?:click|tap) (?:here )?to (?:enlarge|play|watch|expand).*",
        r"embed(?: code)?",
        r"(?:hide|toggle|show) caption",
        r"expand\s*\|\s*collapse",
        r"no compatible source was found for this video\W*",
        r"[\u200b\ufeff\s]+",
        r"enlarge this image",
        r"(?:play|watch) video\W*",
        r"\(adsbygoogle.*",
        # The text of an embedded video player's controls and caption-settings dialog, left
        # behind when a page is flattened (the strings of the common web players).
        r"(?:mute|unmute|fullscreen|non-fullscreen|playback rate|audio track|chapters|descriptions"
        r"|subtitles|captions|quality levels|caption settings dialog|defaults\s*done|reset\s*done)",
        r"(?:current|duration|remaining) time\s*-?\d{1,2}:\d{2}(?::\d{2})?",
        r"-?\d{1,2}:\d{2}",  # a video's duration, alone on its line
        r"stream type\s*live",
        r"(?:loaded|progress)\s*:\s*\d+(?:\.\d+)?\s*%",
        r"(?:descriptions|subtitles|captions) (?:off|settings)\b.{0,100}",
        r"(?:this is a modal window|(?:beginning|end) of dialog window)\b.{0,120}",
        r"no compatible source was found for this media\W*",
        r"(?:the )?media (?:could not be loaded|playback was aborted)\b.{0,120}",
        r"(?:font (?:size|family)|text edge style)\s*\S.{0,120}",
        r"(?:text\s*color|foreground|background|window)\s*(?:---|white|black|transparency)\S*.{0,200}",
        r"your video will (?:play in|resume)\b.{0,40}",
        r"connecting\.*",
        # Template and embed code pasted as text.
        r"\{%.{0,300}%\}.{0,300}",
        r"/\*.{0,300}\*/",
        r"(?:embed\s*)?(?:<|&lt;)iframe\b.*",
    ],
    "advertisement": [
        r"(?:advertisement|advertisements|sponsored(?: content| links| stories)?|promoted(?: stories"
        r"| content)?|ad|paid content|partner content)\W*",
        r"advertisement\W*(?:story|article) continues (?:below|after)\W*",
        r"\W*(?:story|article) continu(?:es|ed) (?:below|after)(?: (?:this )?(?:advertisement|ad))?\W*",
        r"\W*continue reading(?: below| the main story)?(?: the (?:advertisement|ad))?\W*",
        r"\d{2,4}\s*x\s*\d{2,4}(?: image)? ad",
        r"(?:sponsored|promoted|paid (?:post|content)|partner content)\s*[:|–—-]\s*.{1,200}",
        r".{1,80}\bvisit site\W*",
        # The placeholder of a WordPress ad plugin.
        r"your ads will be inserted here\b.{0,40}",
        r"easy (?:ads )?plugin for adsense\W*",
        r".{1,200}\s*[\[(](?:sponsored|promoted|ad)[\])]",
    ],
    "image_caption": [
        r"image (?:caption|copyright)\W*.{0,100}",
        r"(?:photo|image|picture|graphic)s?\s*(?:credit|source|courtesy)?\s*:.{1,100}",
        r"\((?:screen ?shot|screen ?grab|screen capture|photo|image|video)[^)]{0,80}\).{0,300}",
        r"featured image from .{1,60}",
        r"(?:photo |image )?credits?\s*:.{0,120}",
        r"\([^()]{0,40}(?:photo|foto|image|picture)s? by [A-Z][^()]{0,60}\)",
        r"\((?:photo|image|video|file photo|screenshot|screengrab)[^)]{0,100}\)",
        r"(?:featured )?(?:image|photo|picture)s? (?:via|by|credit|source|courtesy of)\s*[: ].{0,100}",
        r"(?:screenshot|screengrab|file photo)(?: (?:via|from|of) .{0,80})?",
        r"(?:getty images|shutterstock|istock|pixabay|unsplash|wikimedia commons|wikipedia commons|wiki"
        r" commons|ap photo|reuters|(?:the )?associated press|ap|afp|epa|afp via getty images)\W*",
        # "Imgur | jdoe": a picture host and the uploader's name.
        r"(?:imgur|flickr|instagram|twitter|youtube|getty images|shutterstock|pixabay|unsplash"
        r"|wikimedia(?: commons)?|reddit|tumblr)\s*\|\s*\S+(?:\s+\S+){0,2}",
        r"(?:photo |image )?courtesy(?: of)?\s+\S.{0,60}",
        r"@\w{2,30}\s*/\s*twitter",
    ],
    "rating_widget": [
        r"\d+\s+\d+\s+votes?",
        r"article rating",
        r"rate this (?:article|post|story|video)\W*",
        r"(?:\d+\s*)?(?:likes?|dislikes?|votes?)",
        r"\d+(?:\.\d+)?\s*/\s*\d+\s*(?:stars?)?",
        r"(?:average )?rating:?\s*[\d.]+.*",
        r"add to favou?rites\b.{0,120}",
    ],
    "donation_ask": [r"donate(?: now)?\W*", r"support us\W*", r"become a patron\W*"],
    "newsletter_prompt": [
        r"subscribe(?: now| today| here)?\W*",
        r"(?:sign up|subscribe) (?:for|to) (?:our|the|my) .{0,40}",
        r"subscribe to [\w .'’&-]{2,50}(?: for free| free| today| now)?\W*",
        r"get (?:our|the) .{0,30}newsletter.{0,40}",
        r"(?:enter )?your email(?: address)?\W*",
    ],
    "comment_form_help": [
        r"(?:name|email|e-mail|website|comment)\s*(?:\*|\(required\))",
        r"post comment\W*",
        r"submit(?: comment)?\W*",
    ],
    "social_prompt": [
        r"(?:share|tweet|email|e-mail|print|pin(?: it)?|save|facebook|twitter|whatsapp|reddit|"
        r"linkedin|telegram|pinterest|flipboard|copy link|more|gab|vk|mix|google\+?)(?:\s*\d+)?"
        r"(?:\s*(?:share|tweet|email|print|pin|facebook|twitter|whatsapp|reddit|linkedin|"
        r"telegram|pinterest))*\W*",
        r"share (?:this|on|via).{0,60}",
        r"share this (?:article|story|post|piece)\b.{0,600}",
        r"(?:click to )?share on \w+.*",
        r".{0,80}?[\d.,]+k?\s*shares?\b.{0,200}",
        r"like this:?\s*like loading.*",
        r"(?:follow|tumblr|stumbleupon|digg|delicious|pocket)\W*",
        r"(?:follow|like|find) us on .{0,60}",
        r"(?:facebook|twitter|google\+?|blog|instagram|youtube) link\s*:.{0,120}",
    ],
    "editorial_disclaimer": [
        r"disclaimer\W*",
        r"\(?(?:h/t|ht|hat tip)\b\)?\W*.{1,80}",
        r"\W{0,3}sources?(?: link)?\s*:\s*.{1,120}",
        r"sources?\W*",
        # A trailing "Via <outlet>" names where a post was taken from; "Via X:" opens a quote.
        r"via\s*:?\s*[^:]{2,60}",
    ],
    "related_links": [
        r"(?:related|read more|read also|see also|also read|more from .{0,40}|recommended"
        r"(?: for you)?|you (?:may|might) (?:also )?like|trending(?: now| today)?|popular(?: posts)?|"
        r"most (?:read|popular|viewed|shared)|don'?t miss|next (?:article|post|story)|"
        r"previous (?:article|post|story)|more stories|latest (?:news|posts|stories)|"
        r"related (?:posts|articles|stories|coverage|news|content)|in (?:other|case you missed)"
        r"(?: news)?|top stories|editor'?s picks?|what to read next|read next|read this next|"
        r"read more about|more on this(?: story| topic)?)\W*",
        r"(?:related|read more|read also|see also|also read|more|watch|listen|read next|up next"
        r"|trending(?: now| today)?)\s*:.{0,200}",
        # A header over a list of earlier stories: "Previous coverage of the trial:".
        r"(?:previous|prior|earlier|more|related|recent|further|additional|our)\s+(?:coverage|"
        r"stories|articles|posts|reports|reading)\b.{0,80}:",
        r"(?:read more|more)\s*@\s*\S+",
        r"(?:«|<<|←|&lt;&lt;)\s*.{1,150}",
        r"(?:>>|&gt;&gt;|»)\s*.{1,150}",
        r".{1,150}\s*(?:»|>>|→)",
        r"(?:previous|next|older|newer)\s+(?:post|article|entry|story)\b.{0,150}",
        r"\[[^\[\]]{15,200}\]",
        r"(?:last \d+ posts|older (?:articles|posts)|more (?:articles|posts)) by .{2,60}",
        r"top (?:content|stories|posts)\b.{0,60}",
        r"read more (?:at|on|here)\b.{0,200}",
        r"\[\s*read\b.{0,200}",
        r"now watch\s*:.{0,200}",
        r"popular video\b.{0,300}",
        r".{0,40}\blinks\s*:",
        r"latest (?:free )?[\w ]{0,30}(?:alerts|articles|posts|news)\s*:",
        r"go to top \d+.{0,40}",
    ],
    "cookie_notice": [
        r"(?:accept|reject|allow|manage)(?: all)? cookies\W*",
        r"(?:got it|i agree|ok)\W*",
    ],
    "comment_section": [
        r"\d+\s+(?:comments?|responses?|replies|thoughts? on .{0,200})",
        r"(?:no|show|view|load|hide|read|see) (?:all )?(?:\d+ )?comments?.{0,30}",
        r"(?:facebook |disqus )?comments?(?: \(\d+\))?\W*",
        r"notify (?:me )?of\W*",
        r"inline feedbacks",
        r"view all comments",
        r"(?:oldest|newest|most voted|best|top)(?: first)?(?:\s*(?:oldest|newest|most voted|best|top))*",
        r"(?:leave|post|add|write) a (?:reply|comment|response)\W*",
        r"join the (?:discussion|conversation)\W*",
        r"reply(?: ↓)?",
        r"cancel reply",
        r"(?:log ?in|sign ?in) to (?:reply|comment).{0,40}",
        r"(?:\d+\s+)?(?:points?|upvotes?)",
        r"comment policy.{0,100}",
        r"(?:powered by )?disqus.{0,40}",
        r"(?:guest|anonymous)\s*",
        r"(?:\d+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?) ago",
    ],
    "anti_spam_notice": [],
    "footer": [
        r"(?:privacy policy|terms of (?:use|service)|contact(?: us)?|about(?: us)?|advertise"
        r"(?: with us)?|careers|sitemap|site map|home|menu|search|log ?in|log ?out|register)"
        r"(?:\s*[|·•/-]\s*(?:privacy policy|terms of (?:use|service)|contact(?: us)?|about"
        r"(?: us)?|advertise(?: with us)?|careers|sitemap|site map|home))*\W*",
        r"(?:posted in|filed under|categories|category|tags?|tagged(?: with)?)\s*:.{0,300}",
        r"(?:home|news)\s*(?:[»>/|]\s*[\w ,'&-]{1,40}){1,5}",
        r"back to top\W*",
        r"powered by .{0,60}",
        r"rss feed(?: for .{1,60})?",
        r"(?:#\w+\s*){2,}",
        r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/?",
    ],
    "navigation": [
        r"\(?\s*(?:please )?scroll down (?:to|for) [^()]{0,80}\)?",
        r".{0,80}\bscroll down to (?:keep|continue) reading\W*",
        r"continue(?:d)? (?:reading )?on (?:the )?next page\W*",
    ],
}

_PART: dict[str, list[str]] = {
    "scraping_debris": [r"\bwindow\.adsbygoogle\b", r"\bdocument\.getElementById\("],
    "advertisement": [
        r"\bstory continues below\b",
        r"\b(?:1|one|this) (?:weird|simple|strange) trick\b",
        r"\byou won'?t believe (?:what|where|how|who|this)\b",
        r"\bdoctors? (?:hate|are stunned|can'?t explain)\b",
        r"\bturns? back the clock on\b",
        r"\bhas one (?:huge|big) flaw\b",
        r"\bhow to easily (?:kill|remove|get rid of)\b",
        r"\bis now giving free\b",
        r"\b(?:click here|learn more) to (?:order|buy|shop|get yours)\b",
        r"\b\d+% off\b.{0,60}\bfree shipping\b",
    ],
    "related_links": [
        r"\bclick here\b",
        r"^for more,? (?:check out|see|read|visit)\b",
        r"\bread related\b",
        r"^\s*(?:related|read more|more)\s*[:|»>]",
    ],
    "image_caption": [
        r"image copyright",
        r"\((?:left|right|center|centre|second from (?:left|right)|front|back|top|bottom|pictured"
        r"|l|r|c|file)\)",
        r"^image caption\b",
        r"\bmandatory credit\b",
        r"\( ?image by\b.{0,80}\bpermission\b",
        r"\bpermission details dmca\b",
        r"^from flickr\.com\b",
        r"\{MID-\d+\}",
        r"\bused to illustrate (?:the|this) (?:story|article)\b",
        r"\b(?:photo|image|picture) (?:courtesy of|credit)\b",
        r"^credit(?:credit)?\w",
        r"\bphotograph:\s",
        r"\((?:getty(?: images)?|ap|reuters|afp|epa|photo[^)]{0,60}|screen ?(?:shot|capture|grab)[^)]{0,60})\)\s*$",
    ],
    "rating_widget": [
        r"% of readers think this story is",
        r"\badd your two cents\b",
        r"\bvotes?,\s*average\b",
        r"\bthis (?:video|article|post|story) has \d+ votes?\b",
    ],
    "donation_ask": [
        r"\bon patreon\b",
        r"\bpatreon\.com\b",
        r"\b(?:please )?(?:consider )?(?:supporting|support|donat(?:e|ing) to) (?:us|our work|"
        r"independent (?:media|journalism)|this site|the site|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})"
        r"(?: (?:today|now))?\s*(?:by|with|on|via|through)\b.{0,60}\b(?:donat|patreon|paypal|"
        r"subscri|contribut)",
        r"\bmake a (?:small |one-time |monthly )?(?:donation|contribution)\b",
        r"\b(?:please )?consider (?:making a )?(?:small )?donat",
        r"\bto donate\b.{0,60}\bclick here\b",
        r"\b(?:liked|enjoyed|like) (?:it|this|this article)\?.{0,40}\bsupport\b",
        r"\btip jar\b",
        r"\bpaypal\.me\b",
        r"\badd your name to\b",
    ],
    "newsletter_prompt": [
        r"\bsign up for (?:our|the|my|a) (?:free )?(?:\w+ )?(?:newsletter|email|alerts)\b",
        r"\bsubscribe to (?:our|the|my) (?:free )?(?:\w+ )?(?:newsletter|mailing list|channel)\b",
        r"\bsubscribe to\b.{0,60}\b(?:mailing list|newsletter|for free)\b",
        r"\bdelivered (?:straight |directly )?to your inbox\b",
        r"\bjoin (?:our|the) mailing list\b",
        r"\bnever miss (?:a|another) (?:story|post|update)\b",
        r"\byou (?:may|can) (?:opt out|unsubscribe) at any ?time\b",
        r"\bgrants you access to .{0,60}\bupdates\b",
        r"\byou (?:also )?agree to (?:our|this site'?s|the) (?:privacy policy|terms)\b",
        r"\breceive the latest by email\b",
        r"^be the first to know\b",
        r"\bnews (?:alerts )?by (?:e-?mail|whatsapp)\b",
        r"\bsubscribe to .{0,60}\b(?:news )?alerts\b",
    ],
    "comment_form_help": [
        r"\byour email address will not be published\b",
        r"\brequired fields are marked\b",
        r"\byou may use these html tags\b",
        r"\bsave my name, email,? and website\b",
        r"\bnotify me of (?:follow-up comments|new posts|new comments)\b",
        r"\bthis field is for validation purposes\b",
        r"\bcomment(?:ing)? (?:policy|guidelines)\b",
        r"\b(?:sign|log) ?in\b.{0,60}\bto comment\b",
        r"\bwe reserve the right to (?:remove|delete|edit) (?:any )?comments?\b",
    ],
    "social_prompt": [
        r"\bfollow (?:us|me|\w+(?: \w+){0,2}) on (?:twitter|facebook|instagram|telegram|gab|youtube)\b",
        r"\blike us on facebook\b",
        r"\bshare this (?:article|story|post) (?:with|on)\b",
        r"^share this (?:article|story|post|piece)\b",
        r"\bcomment (?:&|and) share\b",
        r"\blet us know\b.{0,60}\b(?:comments?|below|think|thoughts)\b",
        r"\bleave (?:us )?(?:a comment|your (?:thoughts|comments?|opinion))\b",
        r"\bcomment bel+ow\b",
        r"^what do you think (?:about|of) this\b",
        r"\bjoin (?:us|our [\w ]{1,40}) on facebook\b",
        r"\blike our (?:facebook )?page\b",
        r"\bshare (?:this|it) on (?:facebook|twitter)\b",
        r"\bjoin our .{1,40} group\b",
        r"^keep it locked (?:on|to)\b",
        r"^stay (?:updated|tuned|informed) (?:with|on|for) (?:the latest|all)\b.{0,80}\b(?:from|on|at"
        r"|with)\b",
        r"\b(?:please )?(?:pass|share) (?:it|this)(?: article| post| story)? (?:on )?(?:with|to) your"
        r" (?:friends|family)\b",
    ],
    "editorial_disclaimer": [
        r"\b(?:statements|views|opinions)(?:,? (?:views|opinions))?(?:,? and (?:opinions|views))?"
        r" expressed (?:in this (?:\w+ )?(?:column|article|post|piece|story) |within it |here(?:in)? )?"
        r"are (?:solely |only )?(?:those of (?:the|their|its) (?:authors?|writers?)|the author[’']?s)",
        r"\boriginally (?:appeared|published)\b.{0,60}$",
        r"\b(?:cannot|can'?t|does not|do not) make any (?:warranties|representations)\b",
        r"\bdo(?:es)? not necessarily (?:reflect|represent) (?:the )?(?:\w+ )?(?:views|those|"
        r"opinions|position|policy)",
        r"\bthis (?:article|post|story|piece) (?:was )?(?:originally )?(?:appeared|published)"
        r" (?:on|at|in|by)\b",
        r"\b(?:originally|first) (?:appeared|published) (?:on|at|in|by)\b",
        r"\bappeared first on\b",
        r"\b(?:re)?(?:printed|published|posted) with (?:the )?(?:author[’']?s |kind )?permission\b",
        r"^original (?:story|article|post) (?:by|at|from)\b",
        r"\bthis is (?:a|an) (?:commentary|opinion) (?:piece|column|article)\b",
        r"\b(?:the )?(?:opinions|views) expressed (?:here |in this \w+ )?(?:are|is) (?:his|her|their"
        r"|the author[’']?s|the writer[’']?s) own\b",
        r"\bread our editorial (?:standards|policy|guidelines)\b",
        r"\bfair use\b.{0,80}\bcopyright",
        r"\bcopyrighted material\b.{0,60}\bnot (?:always )?(?:been )?(?:specifically )?authori[sz]ed\b",
        r"\bthis (?:article|post|content) (?:is|may be) (?:for )?(?:informational|entertainment)"
        r" purposes\b",
        r"\bnot (?:intended|meant) (?:as|to be|to provide) (?:medical|legal|financial) advice\b",
    ],
    "cookie_notice": [
        r"\b(?:we|this (?:site|website)) uses? cookies\b",
        r"\bby (?:continuing to use|using) (?:this|our) (?:site|website)\b.{0,80}\bagree\b",
        r"\bcookie (?:policy|settings|preferences)\b",
    ],
    "comment_section": [
        r"\bcomments are (?:closed|moderated)\b",
        r"\bplease read our comment policy\b",
        r"\bbe the first to comment\b",
    ],
    "anti_spam_notice": [
        r"\buses akismet to reduce spam\b",
        r"\blearn how your comment data is processed\b",
        r"\bprotected by recaptcha\b",
        r"\brecaptcha requires verification\b",
    ],
    "footer": [
        r"^\W{0,3}(?:copyright\s*)?(?:©|\(c\))\s*(?:copyright\s*)?\d{4}",
        r"^\W{0,3}copyright\s+(?:©\s*)?\d{4}",
        r"^\W{0,3}copyright\s*©",
        r"\ball rights reserved\b",
        r"^this entry was posted in\b",
        r"\b(?:send us a correction|report (?:an )?(?:error|typo))\b",
        r"^have something to add to this (?:article|story|post)\b",
        # The wire services' standing notice under every story.
        r"\bmay not be (?:published|reproduced|republished),? broadcast,? rewritten,? or"
        r" redistributed\b",
        r"\bM T W T F S S\b",
    ],
    "byline": [
        r"^\(?(?:compiled|edited|reporting|additional reporting|writing) by\b.{0,100}\)?$",
        r"^this (?:post|article|story) was (?:written|compiled|contributed) by\b.{0,60}$",
        r"\bcontributed (?:reporting )?to (?:this|the) (?:report|story|article)\b",
    ],
    "author_bio": [
        r"^(?:contact|email|reach|write to) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} at\b",
        r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} can be (?:reached|contacted) at\b",
        r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}:\s*(?:\d{3}[-.]\d{3}[-.]\d{4}|@\w+)",
    ],
}

_CASED: dict[str, list[str]] = {
    # "Date: 3 May 2017 Written by: Jane Roe": a header line that ends with the author's name.
    "byline": [r".{0,60}\b(?i:written by)\s*:?\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*"],
    "image_caption": [
        # "© AFP Pope Francis greets ...": a caption with its agency credit, not a footer.
        r"©\s*(?:Provided by\s+)?(?:[A-Z][\w.&'’-]*\s*){1,4}(?:/\s*[\w. ]+?\s)?.{0,300}",
        # A credit line: "Jane Doe / Flickr", "Paul J. Richards/AFP/Getty Images".
        r"[\w.&;'’ -]{1,40}(?:\s*/\s*[\w.&;'’ -]{1,40})*\s*/\s*(?:Flickr|YouTube|Youtube|Twitter"
        r"|Instagram|Facebook|Shutterstock|Getty Images|Getty|AP|Reuters|AFP|EPA|Wikimedia Commons"
        r"|Wikipedia|Pixabay|Unsplash|iStock|Tass|TASS|Sputnik)(?:\s*/\s*[\w.&'’ -]{1,30})*",
        # A caption ending in its source's call letters or agency: "... in Ohio. (WKRC)".
        r".{10,300}\s\((?:[A-Z]{2,6}|Getty|Getty Images)\)",
    ],
}


def _compile() -> dict[str, dict[str, re.Pattern[str]]]:
    reasons = dict.fromkeys([*_FULL, *_PART, *_CASED])
    return {
        reason: {
            "full": _rx(*_FULL.get(reason, [])),
            "part": _rx(*_PART.get(reason, [])),
            "cased": _rx(*_CASED.get(reason, []), flags=0),
        }
        for reason in reasons
    }


PATTERNS = _compile()

#: A line that ends with a photo credit in parentheses, "(Jane Doe/Associated Press)".
_TRAILING_CREDIT = re.compile(
    r"\(\s*(?:[A-Z][\w.'’ -]{1,40}\s*/\s*)+[A-Z][\w.'’ -]{1,40}\s*\)\s*$"
    r"|\((?:AP|Reuters|AFP|Getty Images|EPA) Photo[^)]{0,80}\)\s*$"
)

#: Reasons whose first match near the end of a page starts a region that runs to the end.
TAIL_STARTERS = {"comment_section", "comment_form_help", "anti_spam_notice"}
#: Comment-section headers strong enough to start the region on their own.
_STRONG_COMMENT_HEADER = _rx(
    r"\d+\s+(?:comments?|responses?|replies|thoughts? on .*)",
    r"(?:leave|post|add|write) a (?:reply|comment|response)\W*",
    r"notify (?:me )?of\W*",
    r"inline feedbacks",
    r"view all comments",
    r"join the (?:discussion|conversation)\W*",
    r"(?:no|show|view|load|read|see) (?:all )?(?:\d+ )?comments?.{0,30}",
    r"(?:oldest|newest) first",
)

#: Headers that start a comment section only when a comment marker follows within a few lines:
#: articles end with "What do you think?" too.
_WEAK_COMMENT_HEADER = _rx(r"what do you think\?*", r"(?:your|reader) (?:comments|thoughts)\W*")

_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*$|[.!?]\s*["'”’]$""")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_NAME_TOKEN = r"[A-Z][\w'’.-]*\.?"
_BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|authored by|reporting by|story by)\s*:?\s+"
    rf"({_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|de|van|von|al|bin|and|&)){{0,5}})"
    r"(?:\s*[,;|:–—-]\s*.{0,80}|\s+\d.{0,60}|\s+on\s+.{0,40})?$"
    r"|^(?i:posted on)\s+(?:.{0,30}\s)?(?i:by)\s+\S.{0,40}$"
    r"|^(?i:authors?|written by|by)\s*:\s*$"
)
_PERSON_LINE = re.compile(
    rf"^({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,4}})(?:,?\s+(?:J\.?D\.?|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|III|II))?\.?$"
)
_ROLE_LINE = re.compile(
    r"^(?:(?:senior|chief|staff|contributing|guest|managing|investigative|independent|political|"
    r"freelance|editor-at-large|executive|associate|deputy|foreign|white house|national|"
    r"international)\s+)*(?:journalist|reporter|writer|editor|correspondent|columnist|contributor|"
    r"author|blogger|analyst|researcher|founder|publisher|editor-in-chief|photographer)s?$",
    re.IGNORECASE,
)
#: "Jane Roe is an award-winning reporter ...": a name, a copula, an article, a role soon after.
_BIO_START = re.compile(
    r"^(?:(?i:about the author)\W*$|[—–-]?\s*(?:[A-Z][\w'’.-]*\.?\s+){0,4}[A-Z][\w'’.-]*\.?,?\s+"
    r"(?:is|was|has been|serves as)\s+(?:an?|the|[A-Z][\w.-]*[’']s)\s+(?:[\w,'’-]+\s+){0,8}?"
    r"(?:journalist|reporter|writer|editor|author|correspondent|columnist|contributor|blogger|"
    r"analyst|professor|researcher|founder|host|commentator|director|fellow|producer|"
    r"editor-in-chief|veteran|expert|activist|filmmaker|investigator|scholar|publisher|"
    r"spokes(?:man|woman|person)|adviser|advisor|consultant|economist)s?\b)"
)
#: "The Fraser Institute is an independent ... research organization": a publisher's blurb.
_ORG_BIO = re.compile(
    r"^(?:The )?[A-Z][\w'’&.-]*(?: [A-Z][\w'’&.-]*){0,5} is an? (?:\w+ ){0,3}(?:independent|"
    r"non-?profit|non-?partisan|award-winning)\b.{0,160}\b(?:organi[sz]ation|think tank|institute"
    r"|foundation|publication|news (?:site|outlet|organi[sz]ation)|media company)\b"
)
_DATE_LINE = re.compile(
    r"^(?:updated|published|posted)\s+\d{1,2}/\d{1,2}/\d{2,4}.{0,30}$"
    r"|^(?:(?:published|posted|updated|last updated|date)\s*:?\s*)?(?:on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4})?)?\W*$"
    r"|^(?:(?:published|posted|updated)\s*:?\s*)?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\W*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^((?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]{1,20}\.?)?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|Sputnik|TASS|RIA Novosti|[A-Z]{2,6})\))?)"
    r"\s*[–—-]{1,2}\s+"
)

#: Patterns that name the publishing outlet; group ``name`` is the outlet's name.
_OWN_SITE_PATTERNS = [
    (
        "donation_ask",
        re.compile(
            r"support (?P<name>(?:the\s+)?[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}) on patreon",
            re.I,
        ),
    ),
    (
        "editorial_disclaimer",
        re.compile(
            r"(?:represent|reflect) (?:those|the views|the opinions) of (?P<name>(?:the\s+)?[A-Z]"
            r"[\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})",
        ),
    ),
    (
        "footer",
        re.compile(
            r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
            r"(?P<name>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,5})",
            re.I,
        ),
    ),
]


@dataclass
class Line:
    start: int  # offsets into the cleaner's input, stripped of surrounding whitespace
    end: int
    text: str
    label: str = CONTENT
    reason_detail: str = ""
    score: float | None = None  # the line classifier's probability, when it decided

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass
class CleanResult:
    text: str
    offset_map: list[tuple[int, int, int]]
    boilerplate: list[Span]
    title: str | None = None
    byline: str | None = None
    author_bio: str | None = None
    dateline: tuple[int, int] | None = None  # offsets into ``text``
    site_names: list[Evidence] = field(default_factory=list)


def split_lines(source: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\n]+", source):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


#: A phrase found inside a line marks it only if the line is this short (in words): prompts
#: and notices are short, while prose may quote "follow me on Twitter". Disclaimers run longer.
PART_MATCH_MAX_WORDS = {
    "editorial_disclaimer": 150,
    "comment_form_help": 90,
    "footer": 60,
    "social_prompt": 60,
    "related_links": 40,
}
PART_MATCH_DEFAULT_MAX_WORDS = 40


def match_reason(text: str) -> str | None:
    """The boilerplate reason a single line matches on its own, if any."""
    words = len(_WORD.findall(text))
    for reason, patterns in PATTERNS.items():
        if patterns["full"].fullmatch(text) or patterns["cased"].fullmatch(text):
            return reason
        limit = PART_MATCH_MAX_WORDS.get(reason, PART_MATCH_DEFAULT_MAX_WORDS)
        if words <= limit and patterns["part"].search(text):
            return reason
    if words <= 60 and _TRAILING_CREDIT.search(text):
        return "image_caption"
    return None


def is_prose(line: Line) -> bool:
    """A line that reads like article prose: several words ending as a sentence ends."""
    return line.words >= 8 and bool(_TERMINAL.search(line.text))


def is_headline_like(line: Line) -> bool:
    return 2 <= line.words <= 25 and not _TERMINAL.search(line.text.rstrip("”\"'’ "))


def label_lines(
    source: str, is_outlet_name=None
) -> tuple[list[Line], str | None, str | None, str | None]:
    """The rules alone: every line labelled, plus the title, byline and author bio found."""
    lines = split_lines(source)
    if not lines:
        raise InputError("input has no text")
    for line in lines:
        reason = match_reason(line.text)
        if reason:
            line.label = reason
    _mark_comment_region(lines)
    _mark_tail(lines, is_outlet_name)
    _mark_closing_questions(lines)
    _mark_after_caption_markers(lines)
    title = _mark_head(lines)
    byline, bio = _mark_author_blocks(lines)
    _mark_context(lines, is_outlet_name)
    _mark_repeats(lines, title)
    _settle_punctuation_lines(lines)
    _fill_boilerplate_runs(lines)
    return lines, title, byline, bio


#: A run of short lines is one block when at least this share of it is already boilerplate.
RUN_BOILERPLATE_SHARE = 0.5


def _fill_boilerplate_runs(lines: list[Line]) -> None:
    """Short lines between prose paragraphs form blocks (a player, a link list, a share bar):
    when most of a block is boilerplate, the rest of it is too, named after its nearest
    removed neighbour. Prose ends a block, so an article's own lists and headings, which sit
    between paragraphs, are only taken when the rules already removed most of their lines."""
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].label != TITLE and not is_prose(lines[i]):
            run.append(i)
            continue
        removed = [j for j in run if lines[j].label != CONTENT]
        if len(run) >= 3 and len(removed) >= 2 and len(removed) >= RUN_BOILERPLATE_SHARE * len(run):
            for j in run:
                heading = j + 1 < len(lines) and j + 1 not in run and lines[j].words >= 2
                if lines[j].label == CONTENT and _fills_block(lines[j]) and not heading:
                    nearest = min(removed, key=lambda k: abs(k - j))
                    lines[j].label = lines[nearest].label
                    lines[j].reason_detail = _IN_BLOCK
        run = []


_IN_BLOCK = "inside a block of boilerplate lines"


def _fills_block(line: Line) -> bool:
    """Short, and neither a sentence, a question, a pointer to an embed nor a field: the lines
    of a widget, not a question in an interview or the "Watch below:" before a video."""
    text = line.text.rstrip("”\"'’ ")
    sentence = line.words >= 5 and bool(_TERMINAL.search(text))
    return (
        line.words <= 20
        and not sentence
        and not text.endswith("?")
        and not _EMBED_OR_FIELD.search(text)
    )


def clean_text(source: str, is_outlet_name=None, line_model: Any = "shipped") -> CleanResult:
    """Clean scraped plain text. ``is_outlet_name(str) -> bool`` recognises outlet names.

    ``line_model`` is the learned second opinion on the lines the rules kept: the shipped
    one by default, a :class:`newsift.clean.lineclass.LineModel`, or None for the rules alone.
    """
    lines, title, byline, bio = label_lines(source, is_outlet_name)
    if line_model == "shipped":
        from newsift.clean.lineclass import load_model

        line_model = load_model()
    if line_model is not None:
        _apply_line_model(lines, line_model)
    _rescue_if_everything_removed(lines)

    kept = [line for line in lines if line.label in (CONTENT, TITLE)]
    pieces: list[str] = []
    offset_map: list[tuple[int, int, int]] = []
    position = 0
    for line in kept:
        if pieces:
            pieces.append("\n\n")
            position += 2
        offset_map.append((position, line.start, len(line.text)))
        pieces.append(line.text)
        position += len(line.text)
    text = "".join(pieces)

    dateline = None
    first_body = next((line for line in kept if line.label == CONTENT), None)
    if first_body is not None:
        found = _DATELINE.match(first_body.text)
        if found and len(found.group(1)) <= 60:
            body_start = next(t for t, s, _ in offset_map if s == first_body.start)
            dateline = (body_start, body_start + found.end(1))

    return CleanResult(
        text=text,
        offset_map=offset_map,
        boilerplate=_merge_blocks(lines),
        title=title,
        byline=byline,
        author_bio=bio,
        dateline=dateline,
        site_names=_own_site_evidence(lines, is_outlet_name),
    )


def _mark_comment_region(lines: list[Line]) -> None:
    """From a comment-section header in the page's second half to the end: comments."""
    n = len(lines)
    for i, line in enumerate(lines):
        if i < n // 2 and i < n - 12:
            continue
        # Form fields and spam notices are removed line by line but never start a region: a
        # newsletter form in the middle of an article has "Email *" too.
        strong = bool(_STRONG_COMMENT_HEADER.fullmatch(line.text))
        weak = line.label == "comment_section" or bool(_WEAK_COMMENT_HEADER.fullmatch(line.text))
        if not (strong or weak):
            continue
        if weak and not strong:
            # A lone "Comments" or "What do you think?" needs a second comment marker soon after.
            window = lines[i + 1 : i + 6]
            if not any(w.label in TAIL_STARTERS for w in window):
                continue
        for rest in lines[i:]:
            if rest.label == CONTENT:
                rest.label = "comment_section"
                rest.reason_detail = _IN_REGION
        return


_IN_REGION = "inside a comment section"


def _mark_tail(lines: list[Line], is_outlet_name) -> None:
    """Walk back from the end: boilerplate and the short links among it form the tail.

    Lines that only the comment region labelled are looked at again: the page's last lines
    are often the outlet's name or links to other articles, not comments.
    """
    seen_boilerplate = False
    trailing = True  # still in the page's last run of links, before any comment text
    for line in reversed(lines):
        by_region = line.reason_detail == _IN_REGION
        if line.label not in (CONTENT, TITLE) and not by_region:
            seen_boilerplate = True
            continue
        if is_outlet_name and is_outlet_name(line.text):
            line.label = "footer"
            line.reason_detail = "outlet name"
            seen_boilerplate = True
            continue
        headline = (
            is_headline_like(line)
            and not _BIO_START.match(line.text)
            and not _EMBED_OR_FIELD.search(line.text)
            and not _SENTENCE_BREAK.search(line.text)
        )
        if headline and ((seen_boilerplate and not by_region) or (by_region and trailing)):
            line.label = "related_links"
            line.reason_detail = ""
            continue
        if by_region:
            seen_boilerplate = True
            trailing = False
            continue
        return


#: Two sentences in one line ("... the act! [10:28]"): prose that lost its full stop, not a
#: headline.
_SENTENCE_BREAK = re.compile(
    r"\b(?!(?:Mrs|Gov|Sen|Rep|Gen|Col|Sgt|Capt|Prof|Rev|Inc|Corp|Ltd|Ave|Blvd|Dept|Univ)\.)"
    r"[A-Za-z]{3,}[.!?]\s+[A-Z]"
)

#: A question that asks the reader to reply; a rhetorical question about the subject does not
#: open this way.
_READER_QUESTION = _rx(
    r"(?:so,?\s*)?(?:what do you think|what are your thoughts|your thoughts|thoughts)\s*\?+",
    r"do you (?:think|agree|believe|support)\b[^.!\"“”]{0,250}\?.{0,200}",
)


def _mark_closing_questions(lines: list[Line]) -> None:
    """Questions to the reader after the article's last paragraph ask for comments. Inside the
    article the same words may be the author's own device, so only the page's end counts."""
    for line in reversed(lines):
        if line.label not in (CONTENT, TITLE):
            continue
        if not _READER_QUESTION.fullmatch(line.text):
            return
        line.label = "social_prompt"
        line.reason_detail = "question to the reader after the article"


#: Lines that point at an embed or state a field ("Watch below:", "Age: 42", a tweet's
#: "— Name (@handle) date"): article content even when short and unpunctuated.
_EMBED_OR_FIELD = re.compile(
    r"[:;]\s*$|\bbelow\W*$|^[\w ]{1,20}:\s|@\w+|pic\.twitter\.com|https?://", re.IGNORECASE
)


def _mark_head(lines: list[Line]) -> str | None:
    """Leading debris, the title (first headline-like line), then bylines and dates."""
    title = None
    title_index = -1
    for index, line in enumerate(lines[:8]):
        if line.label != CONTENT:
            continue
        if index and _opens_list(lines[index - 1]):
            continue  # the first headline under "Related:" is another article's
        if _BYLINE.match(line.text):
            line.label = "byline"
            continue
        if _DATE_LINE.match(line.text):
            line.label = "date"
            continue
        if title is None and is_headline_like(line):
            line.label = TITLE
            title = line.text
            title_index = lines.index(line)
            continue
        right_after_title = title is not None and lines.index(line) == title_index + 1
        if right_after_title and line.words <= 5 and _PERSON_LINE.match(line.text):
            line.label = "byline"  # a bare author name under the headline
            continue
        if title is not None:
            break
    return title


def _mark_author_blocks(lines: list[Line]) -> tuple[str | None, str | None]:
    """Bylines anywhere ("By Jane Roe") and author blocks: name, role, bio paragraph."""
    byline = None
    bio_parts: list[str] = []
    for i, line in enumerate(lines):
        if line.label == "byline":
            found = _BYLINE.match(line.text)
            byline = byline or (found.group(1) if found else line.text)
            continue
        if line.label != CONTENT:
            continue
        if _BYLINE.match(line.text) and line.words <= 12:
            line.label = "byline"
            byline = byline or _BYLINE.match(line.text).group(1)  # type: ignore[union-attr]
            continue
        if _PERSON_LINE.match(line.text) and i + 1 < len(lines):
            following = lines[i + 1 : i + 3]
            surname = line.text.split()[0]
            has_role = any(_ROLE_LINE.match(f.text) for f in following)
            has_bio = any(_BIO_START.match(f.text) and surname in f.text for f in following)
            if has_role or has_bio:
                line.label = "byline"
                byline = byline or line.text
                for f in following:
                    if _ROLE_LINE.match(f.text) or (_BIO_START.match(f.text) and surname in f.text):
                        f.label = "author_bio"
                        bio_parts.append(f.text)
                continue
        near_end = i >= len(lines) - 6 and i > 0
        if near_end and (_BIO_START.match(line.text) or _ORG_BIO.match(line.text)):
            # A bio paragraph near the end of the page ("Jane Roe is a reporter who ...").
            line.label = "author_bio"
            bio_parts.append(line.text)
    return byline, (" ".join(bio_parts) or None)


#: Lines after which the next line is a caption ("Image caption" then the caption itself).
_CAPTION_MARKER = _rx(
    r"image caption", r"modal trigger", r"(?:hide|toggle|show) caption", r"enlarge this image"
)
#: Related-links headers after which a list of headlines follows.
_LIST_HEADER = _rx(
    r"(?:related|read more|read more about|more on this|see also|also read|recommended|read next|"
    r"more stories|related (?:posts|articles|stories|coverage))\W*"
)
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "that",
        "the",
        "to",
        "with",
        "be",
        "are",
        "was",
        "it",
    ]
)


def _opens_list(line: Line) -> bool:
    """A related-links header ("Related:", "Read next") over a list of headlines."""
    return bool(_LIST_HEADER.fullmatch(line.text)) or (
        line.label == "related_links" and line.text.rstrip().endswith(":")
    )


def _is_list_item(line: Line) -> bool:
    """A headline in a list of links: short, and not a sentence (a question may be one)."""
    text = line.text.rstrip("”\"'’ ")
    return 2 <= line.words <= 20 and not re.search(r"[.…]$", text)


def is_start_case(line: Line) -> bool:
    """Every Word Capitalised, Function Words Too: the style of captions and teaser links."""
    words = _WORD.findall(line.text)
    letters = [ch for ch in line.text if ch.isalpha()]
    if len(words) < 7 or sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return False  # too short to tell, or ALL CAPS (a different habit)
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    functions = [w for w in words if w.lower() in _FUNCTION_WORDS]
    return capitalised == len(words) and sum(w[0].isupper() for w in functions) >= 2


def _mark_context(lines: list[Line], is_outlet_name=None) -> None:
    """Labels that depend on the lines around: captions and credits, lists after link headers."""
    for i, line in enumerate(lines):
        if line.label != CONTENT or i == 0:
            continue
        if is_start_case(line) and not _TERMINAL.search(line.text):
            line.label = "image_caption"
        elif is_outlet_name and line.words <= 6 and is_outlet_name(line.text):
            # A bare outlet name inside the article credits a picture; it is not the publisher.
            line.label = "image_caption"
    in_list = False
    for i, line in enumerate(lines):
        if _opens_list(line):
            in_list = True
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and following.label == CONTENT and is_prose(following):
            in_list = False  # a short line before prose is the next section's heading
        if in_list and line.label == CONTENT and _is_list_item(line):
            line.label = "related_links"
            continue
        in_list = in_list and line.label not in (CONTENT, TITLE)


def _mark_after_caption_markers(lines: list[Line]) -> None:
    """The line after "Image caption" (or a lightbox trigger) is the caption itself."""
    for previous, line in itertools.pairwise(lines):
        if line.label == CONTENT and _CAPTION_MARKER.fullmatch(previous.text) and line.words <= 40:
            line.label = "image_caption"


def _mark_repeats(lines: list[Line], title: str | None) -> None:
    """A short line seen twice in one page is page furniture (ads, captions with their alt
    text, teaser links); a line repeated right after itself is an image's alt text and caption.
    Long paragraphs are left alone: some scrapes hold the whole article twice."""
    seen: dict[str, list[Line]] = {}
    for line in lines:
        seen.setdefault(line.text, []).append(line)
    for text, copies in seen.items():
        if len(copies) < 2 or text == title:
            continue
        adjacent = any(lines.index(b) == lines.index(a) + 1 for a, b in itertools.pairwise(copies))
        furniture = (
            4 <= copies[0].words <= 25
            and not re.search(r"[.;:…]\W*$", text)
            and not _EMBED_OR_FIELD.search(text)
        )
        # Three or more copies of one short line are a widget, whatever its punctuation.
        widget = len(copies) >= 3 and copies[0].words <= 25 and not _EMBED_OR_FIELD.search(text)
        if not (adjacent or widget or (furniture and not text.endswith((":", ";")))):
            continue
        for line in copies:
            if line.label == CONTENT:
                line.label = "image_caption" if adjacent else "repeated_furniture"


def _settle_punctuation_lines(lines: list[Line]) -> None:
    """A line of only punctuation ('.', '***') belongs to whatever surrounds it."""
    for i, line in enumerate(lines):
        if any(ch.isalnum() for ch in line.text):
            continue
        before = next((x for x in reversed(lines[:i]) if any(c.isalnum() for c in x.text)), None)
        after = next((x for x in lines[i + 1 :] if any(c.isalnum() for c in x.text)), None)
        removed = [x is None or x.label not in (CONTENT, TITLE) for x in (before, after)]
        line.label = "scraping_debris" if all(removed) else CONTENT


def _apply_line_model(lines: list[Line], model: Any) -> None:
    """Remove the kept lines the classifier is confident about, naming the likely reason."""
    from newsift.clean.lineclass import line_features

    features, hashed = line_features(lines, [line.label for line in lines], model.rule_reasons)
    probabilities, reasons = model.predict(features, hashed)
    for line, probability, reason in zip(lines, probabilities, reasons, strict=True):
        if line.label == CONTENT and probability >= model.threshold:
            line.label = reason
            line.score = round(float(probability), 3)
            line.reason_detail = "line classifier"


def _rescue_if_everything_removed(lines: list[Line]) -> None:
    """Never return an empty article: if nothing but a title survived, keep the prose lines
    and the lines only the classifier removed (its verdicts are the uncertain ones: a one-line
    input such as "We will publish the documents next week." is text to analyse, not an ad)."""
    if any(line.label == CONTENT for line in lines):
        return
    for line in lines:
        if line.label == "comment_section":
            continue
        if is_prose(line) or line.score is not None:
            line.label = CONTENT
            line.score = None
            line.reason_detail = "kept: nothing else looked like article text"


def _merge_blocks(lines: list[Line]) -> list[Span]:
    blocks: list[Span] = []
    for line in lines:
        if line.label in (CONTENT, TITLE):
            continue
        previous = blocks[-1] if blocks else None
        index = lines.index(line)
        method = "model" if line.score is not None else "rule"
        if (
            previous is not None
            and previous.label == line.label
            and previous.attrs["method"] == method
            and previous.attrs["last"] == index - 1
        ):
            previous.end = line.end
            previous.attrs["last"] = index
            if line.score is not None:
                previous.score = min(previous.score or 1.0, line.score)
            continue
        blocks.append(
            Span(line.start, line.end, line.label, line.score, {"last": index, "method": method})
        )
    for block in blocks:
        del block.attrs["last"]
    return blocks


def _own_site_evidence(lines: list[Line], is_outlet_name) -> list[Evidence]:
    """Names of the publishing outlet found in the lines that name a publisher."""
    evidence: list[Evidence] = []
    for line in lines:
        if line.label == CONTENT or line.label == TITLE:
            continue
        if line.reason_detail == "outlet name":
            evidence.append(Evidence("text", line.text, line.start, line.end))
            continue
        for reason, pattern in _OWN_SITE_PATTERNS:
            if line.label != reason:
                continue
            found = pattern.search(line.text)
            if not found:
                continue
            name = _trim_name(found.group("name"))
            if name and len(name.split()) <= 5:
                start = line.start + found.start("name")
                evidence.append(Evidence("text", name, start, start + len(name)))
    return evidence


def _trim_name(name: str) -> str:
    name = re.sub(r"\s+(?:on|and|or|all|is|are|inc|llc|ltd)\b.*$", "", name.strip(), flags=re.I)
    return name.strip(" .,;:!")


def clean_article(article: Article, is_outlet_name=None) -> None:
    result = clean_text(article.source_text, is_outlet_name)
    article.text = result.text
    article.offset_map = result.offset_map
    article.boilerplate = result.boilerplate
    if result.title and not article.title:
        article.title = result.title
    if result.byline and not article.byline:
        article.byline = result.byline
    article.author_bio = result.author_bio
    if result.dateline:
        start, end = result.dateline
        article.dateline = result.text[start:end]
        article.spans["dateline"] = [Span(start, end, "dateline")]
    article.site.evidence = [e for e in article.site.evidence if e.kind != "text"]
    article.site.evidence.extend(result.site_names)


@factory("clean")
def make_clean() -> FunctionComponent:
    from newsift.sources.outlets import is_outlet_name

    return FunctionComponent("clean", lambda article: clean_article(article, is_outlet_name))
