"""The cleaner's patterns: what a line of boilerplate looks like, by reason (comment sections,
rating widgets, donation asks, newsletter and social prompts, disclaimers, related links,
cookie notices, footers, scraping debris), and the shapes of bylines, bios and datelines."""

from __future__ import annotations

import re

from newsift.clean.dates import find_date

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
        # "Filed under Local, Water Posted by Jane Roe": the archive's labels, colon or not.
        r"filed under\s.{0,300}",
        r"back to top\W*",
        r"powered by .{0,60}",
        r"rss feed(?: for .{1,60})?",
        r"(?:#\w+\s*){2,}",
        r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/?",
    ],
    "navigation": [
        # A breadcrumb: "Home » Local » Water", "News > World".
        r"(?:home|news)\s*(?:[»>/|›→]\s*[\w ,'&-]{1,40}){1,5}",
        # Any short trail joined by the guillemets breadcrumbs use and prose does not.
        r"[\w ,'&-]{1,40}(?:\s*[»›]\s*[\w ,'&-]{1,40}){2,5}",
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
        r"^(?:please )?(?:donate|give|chip in)(?: (?:today|now|here))?\b.{0,80}\b(?:difference|"
        r"support|keep|reporting|journalism|newsroom)",
        r"\beven \$\d+ (?:makes|will make|can make) a difference\b",
        r"\bevery (?:dollar|donation|contribution|gift) (?:helps|counts|matters)\b",
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
        # "Staff | 4 min read", "By Jane Roe | 3 min read": the byline block's reading time.
        r"^(?:.{0,80}[|·•]\s*)?\d{1,2}\s*(?:min|mins|minutes?)\.? read\W*$",
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
        # Spaces around a "/" belong to the segments (their class holds a space), so a line
        # splits one way only: "\s*/\s*" between them backtracked exponentially in the "/"s.
        r"[\w.&;'’ -]{1,40}(?:/[\w.&;'’ -]{1,40})*/\s*(?:Flickr|YouTube|Youtube|Twitter"
        r"|Instagram|Facebook|Shutterstock|Getty Images|Getty|AP|Reuters|AFP|EPA|Wikimedia Commons"
        r"|Wikipedia|Pixabay|Unsplash|iStock|Tass|TASS|Sputnik)\s*(?:/[\w.&'’ -]{1,30})*",
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
    # "Posted on June 3, 2023 by Jane Doe": the name is group 2 (a lower-case handle, as
    # "by admin", still makes the line a byline, by the next form, but names nobody).
    rf"|^(?i:posted on)\s+(?:.{{0,30}}\s)?(?i:by)\s+({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}})"
    r"(?:\s*[,;|:–—-]\s*.{0,40}|\s+(?i:in|at|on)\s+.{0,40})?$"
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
    r"(?:(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?"
    # or day first: "14 February 2022"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov"
    r"|dec)[a-z]*\.?)"
    r",?\s+\d{4}(?:\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
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


def byline_name(text: str) -> str | None:
    """The author a byline line names ("By Jane Roe | Staff" -> "Jane Roe"), else None."""
    found = _BYLINE.match(text)
    return (found.group(1) or found.group(2)) if found else None


#: Where a metadata strip splits into its pieces: "Jane Roe | Staff | 4 min read".
_META_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*[|·•]\s*(?=\d)|\s+[–—]\s+")
_READING_TIME = re.compile(r"^\d{1,2}\s*(?:min|mins|minutes?)\.?(?:\s+read)?\W*$", re.I)
_STAFF = re.compile(
    r"^(?:(?:the\s+)?(?:staff|associated press|reuters|afp|upi|wire services?|news desk|"
    r"editorial (?:staff|team|board)|[A-Z][\w&.'’-]* staff))\W*$",
    re.I,
)
_STAMPED = re.compile(
    r"^(?:(?:first |last )?(?:published|posted|updated|modified)|date)\b(?:\s*(?:on|at))?\s*:?",
    re.I,
)
_PERSON_WITH_ROLE = re.compile(rf"^({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}),\s+(.{{2,60}})$")


def _date_piece(text: str) -> bool:
    """A date line, or a short piece that stamps a date ("Updated 3:45 PM ET, Tue February
    14, 2017", "Published: March 2, 2021 at 10:02 a.m.")."""
    if _DATE_LINE.match(text):
        return True
    return bool(_STAMPED.match(text)) and len(text.split()) <= 12 and find_date(text) is not None


def meta_line(text: str) -> tuple[str, str | None] | None:
    """A line of the article's metadata strip, as ``(label, author)``: ``date`` for a date
    stamp alone, ``byline`` for pieces naming an author, a staff or a reading time beside it
    ("By Jane Roe | Staff | 4 min read", "Jane Roe, Staff Writer | Published: March 2, 2021").
    Every piece must be of one of these kinds, so a sentence never qualifies."""
    if len(text.split()) > 25:
        return None
    if _date_piece(text):
        return "date", None
    pieces = [piece.strip() for piece in _META_SEPARATOR.split(text) if piece.strip()]
    if len(pieces) < 2:
        return None
    author = None
    kinds = set()
    for piece in pieces:
        person = _PERSON_WITH_ROLE.match(piece)
        if _BYLINE.match(piece):
            kinds.add("author")
            author = author or byline_name(piece)
        elif person and (_ROLE_LINE.match(person.group(2)) or _STAFF.match(person.group(2))):
            kinds.add("author")
            author = author or person.group(1)
        elif _PERSON_LINE.match(piece) and not _date_piece(piece):
            kinds.add("author")
            author = author or piece.rstrip(".")
        elif _date_piece(piece):
            kinds.add("date")
        elif _READING_TIME.match(piece) or _STAFF.match(piece) or _ROLE_LINE.match(piece):
            kinds.add("other")
        else:
            return None
    if "author" in kinds and len(kinds) > 1:  # names alone ("Trump — Clinton") may be a headline
        return "byline", author
    return ("date", None) if "date" in kinds and "author" not in kinds else None
