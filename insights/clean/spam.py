"""Zero-shot spam and self-promotion scoring: hand-written signals, hand-set weights.

No part of this module is trained on labelled data. Each signal is a general
mark of spam on any platform (calls to action aimed at the reader, first-person
promotion, links, money offers, contact requests, engagement begging, shouting),
and the score is a logistic combination with weights chosen by hand:

    score = sigmoid(BIAS + sum(weight[s] * strength[s] for each signal s))

so one strong signal (a link plus "check out my channel") pushes a comment over
the 0.5 threshold and one weak signal (an exclamation-heavy comment) does not.

With ``model="embeddings"`` a second view is added: MiniLM similarity of the
comment to its nearest hand-written spam sentence versus its nearest ordinary one
(:data:`SPAM_PROTOTYPES` plus the examples in :mod:`insights.clean.spam_examples`,
written to span several media), and how far the comment is from what the
rest of its thread talks about. Both are extra terms in the same sum.

How the rules were made (so their numbers can be judged): the signals come from
what self-promotion and scams look like anywhere. During development the
misclassified YouTube Spam Collection comments were read to find missing *kinds*
of signal (share-button templates, "like this comment if", "sub 4 sub"), and
ordinary feedback (airline tweets, app and restaurant reviews, bank questions)
was read to narrow rules that fired on customers ("follow me so I can DM you",
"get cash from the ATM"). No weight was fitted to labels. ``scripts/eval_spam.py``
reports F1 on the YouTube set and the share flagged in those ordinary corpora.

A second round (issue 4 follow-up) added the kinds of spam that photo, short-video and
micro-blogging platforms and app stores see, from general knowledge of them: investment
and "recovery" scams pointing at another @account, growth-agency and freelance pitches,
romance-bot openers, chain messages, prize and suspension phishing, MLM recruiting; and
counter-signals for the people who look like them (a customer posting their own number
or order, "if I order now", a fan's "day 12 of asking X to follow me back"), with a lone
"giveaway", "link in bio" or phone number made weak signals. Emoji count as clause
breaks. The kinds were chosen from the misses the issue lists for the demo export and
from hand-written comments (``CHECK_ROUNDS`` in the eval script); no sentence of a
dataset or the demo export is copied into a rule or an example.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from insights.clean.normalise import URL_PATTERN, fix_encoding, has_link_hint, strip_html
from insights.clean.pii import has_phone_number
from insights.embed import Embedder

# Patterns are matched against lowercased text: faster than re.IGNORECASE.
_F = 0

# Things a promoter asks the reader to look at, join or buy.
_PROMO_OBJECT = (
    r"(?:channel|chanel|chanell|channels|vids?|videos?|vlogs?|page|profile|music|songs?|"
    r"tracks?|beats?|mixtape|album|ep|covers?|remix(?:es)?|raps?|art|artwork|content|"
    r"website|web ?site|site|blog|shop|store|stream|streams|podcast|app|game|business|brand|"
    r"playlist|band|group|clips?|uploads?|instagram|insta|ig|twitter|facebook|fb|tiktok|youtube|"
    r"yt|twitch|soundcloud|spotify|etsy|ebay|page|bio|designs?|"
    r"products?|books?|novel|short film|comedy|pranks?|tutorials?)"
)
_OWNER = r"(?:my|our|mah)"
# Emoji and pictographs end a clause on social media the way "." does ("Nice post! 👍 Visit
# my page"), so they also mark where an imperative can start.
_EMOJI = r"[\u2190-\u2bff\ufe0f\U0001f000-\U0001faff]"
# Where an imperative starts: the text or a sentence begins, or a softener/addressee
# precedes it ("please check", "guys check", "you should check"). Keeps "I can't watch
# my videos" (a complaint) apart from "watch my videos" (a request to the reader).
_IMPERATIVE = (
    rf"(?:^\s*|[.!?:;,*>~(\-]\s*|{_EMOJI}\s*|"
    r"\b(?:please|pls|plz|plez|go|come|and|also|guys|everyone|everybody|"
    r"people|should|y'?all|hey|hi|hello|just|now|then|so|pl[iz]+|yo|dude)\s+)"
)
# Outlets a person runs to reach an audience: "my channel" is promotion almost anywhere,
# while "my account" or "my songs" are just as often a user's own data in an app review.
_OUTLET = (
    r"(?:channel|chanel|chanell|channels|vlogs?|website|web ?site|blog|shop|store|mixtape|"
    r"soundcloud|fan ?page|podcast|youtube channel|new (?:video|vid|song|single|track|album|ep|mixtape)s?)"
)
# subscribe, suscribe, subcribers... but not "subscription" (a product people pay for).
_SUBSCRIBE_WORD = r"(?:su(?:bs|s|cs|b|bsc|sb)cri(?:be[ds]?|bing|bers?|b)\b)"
# "follow" as a request to follow someone, not "follow the instructions".
_FOLLOW = r"follow\b(?=\s*(?:me|us|my|our|mah|back|4|for|pls|plz|please|@|[!.]|$))"
SIGNALS: dict[str, tuple[float, re.Pattern[str]]] = {
    # "check out my channel", "visit our shop": promotion aimed at the reader. Strongest sign.
    "promote_own": (
        4.0,
        re.compile(
            rf"(?:\bcheck(?:ing|ed)?\s*out\b|\bcheck\b(?=\s+(?:my|our|mah)\b)|"
            rf"{_IMPERATIVE}(?:check|checkout|visit|watch|listen(?: to)?|look(?: at)?|view|"
            rf"go to|head (?:over )?to|hop (?:over )?to|stop by|support|follow|sub(?:scribe)?(?: to)?|stream|pre-?save|tap|click|"
            rf"like|share|join|download|hear|give)\b)"
            r"(?:\s+(?:out|at|to|on|up|over|by|please|pls|plz|guys|everyone|and\s+\w+|n\s+\w+|&\s*\w+))*"
            rf",?\s+{_OWNER}\s+"
            rf"(?:\w+\s+){{0,3}}?{_PROMO_OBJECT}\b",
            _F,
        ),
    ),
    # "There is a video on my channel", "our new shop": the author's own outlet.
    "own_outlet": (
        3.2,
        re.compile(rf"\b{_OWNER}\s+(?:\w+\s+){{0,2}}?{_OUTLET}\b", _F),
    ),
    # "check me out", "add me", "follow us": the reader is asked to turn to the author.
    "promote_self": (
        3.5,
        re.compile(
            r"\b(?:check|look|hear|try)\s+(?:me|us|mine)\s+out\b|\b(?:check|look|look at|watch|see|visit|"
            rf"go to|stop by)\s+(?:out\s+)?(?:the\s+|this\s+|\"[^\"]{{1,40}}\"\s+|[\w'-]+\s+)?(?:{_OUTLET})\b|"
            r"\bwatch me (?:live|stream|play)\b|\b(?:i'?m|im|going|be) live (?:now )?on (?:twitch|kick|youtube|tiktok)\b|"
            r"\bfollow\s+(?:me|us)\b|\b(?:add|friend) (?:me|us) (?:on|at|as a friend)\b|\badd me\W*$|"
            # Share-button templates and pointers to other content: "check out this video on ...".
            r"\b(?:check out|take a look at|look at|watch|listen to)\s+this\s+(?:\w+\s+)?"
            r"(?:video|vid|channel|playlist|page|site|website|link|track|song)\s+(?:on|at|from)\b|"
            r"\b(?:search|look up|google)\s+(?:for\s+)?[\"'“][^\"'”]{3,60}[\"'”]",
            _F,
        ),
    ),
    # Asking for money for a cause or project: donations, crowdfunding, petitions.
    "donation": (
        2.4,
        re.compile(
            r"\b(?:donate|donations?|fundraiser|crowd ?funding|gofundme|kickstarter|indiegogo|patreon|"
            r"sign (?:the|this|my|our) petition|petitions?)\b",
            _F,
        ),
    ),
    # Subscribe / follow requests in any form, incl. "sub 4 sub", "follow me", "subscribe!".
    "subscribe": (
        3.5,
        re.compile(
            r"\bsub(?:scribe|scribed|scribing|s)?\s*(?:4|for|2|to)\s*sub\b|\bsub4sub\b|\bf4f\b|\bl4l\b|"
            r"\bfollow\s*(?:4|for)\s*follow\b|\blike\s*(?:4|for)\s*like\b|\bfollow\s*back\b|"
            r"\bsub(?:scribe)?\s*back\b|"
            rf"(?:^|[.!?]\s*|{_EMOJI}\s*)(?:sub\b|subscribe\b|{_FOLLOW})|"
            r"\b(?:please|pls|plz|plez|pleas|can (?:you|u|anyone|someone|some1)|could (?:you|u)|"
            r"would (?:you|u)|go|come|and|just|now|guys|everyone|people)\W*\s*(?:\w+\s+)?"
            rf"(?:sub(?:scribe)?\b(?!\s+(?:to the|the)\b)|{_FOLLOW})|"
            r"\b(?:sub(?:scribe)?|follow)\s+(?:to\s+)?(?:me|us|my|our|mah|him|her|them|this (?:channel|guy|page|account))\b|"
            rf"\b{_SUBSCRIBE_WORD}\s+(?:to|me|us|my|our|and|&|for|now|please|pls|plz|if|or)\b",
            _F,
        ),
    ),
    # The word alone ("so close to 14M subscribers") is weaker evidence.
    "subscribe_word": (2.0, re.compile(rf"\b(?:{_SUBSCRIBE_WORD}|subs)\b", _F)),
    # Imperative calls to action aimed at the reader: "go check out X", "click here", "sign up now".
    "call_to_action": (
        3.0,
        re.compile(
            rf"{_IMPERATIVE}check\s+out\b(?!\s+(?:it|them|that|the (?:menu|food|place|restaurant))\b)|"
            r"\b(?:go (?:and )?check|come (?:and )?check)\b(?!\s+(?:it|this|them)\b)|"
            r"\bclick (?:here|the link|this link|on (?:the|this|my) link|my (?:link|name|profile))\b|"
            r"\bsign\s*up (?:now|here|today|at|for free|using|with my)\b|\bregister now\b|\bapply (?:here|now|today|via the link)\b|"
            r"\bjoin (?:now|here|today|us (?:on|at|now|here|today))\b|\bdownload (?:now|here|free|my|our)\b|\bdownload it (?:for )?(?:free|now|today)\b|"
            r"\buse (?:my )?(?:code|link|promo|referral)\b|"
            rf"{_IMPERATIVE}(?:watch|see) (?:my|our)\s+(?:new\s+)?(?:video|vid|channel)|"
            r"\bgive (?:me|us|my \w+|our \w+) a (?:listen|try|chance|look|watch)\b|\bgive (?:it|this) a listen\b|"
            r"\btell (?:your|ur) friends\b|\bspread the word\b|"
            r"\bshare (?:this|it|my|our) (?:video|page|post|comment|song|link)|\bshare (?:it|this) on\b|"
            r"\bsearch (?:for )?(?:my|our)\b|\bsearch (?:it |them |her |him )?up\b|\bdo a search\b|"
            r"\bgoogle it\b|\btype in\b|\blook (?:me|us) up\b|\bpaste this\b",
        ),
    ),
    # Softer pointers ("check it out", "take a look", "click"): restaurant and app reviews use them too.
    "pointer": (
        1.2,
        re.compile(r"\bcheck\s*(?:it|this|them|that)?\s*out\b|\btake a look\b|\bclick\b|\bshare\b"),
    ),
    # "follow me so I can DM you": how customers reach a brand privately, not promotion.
    "private_contact": (
        -7.0,
        re.compile(
            # "follow(s/ed/ing)", not "followers": "grew my followers, DM for details" is a pitch.
            r"\bfollow(?:s|ed|ing|back)?\b.{0,60}\b(?:dm|d\.m|direct message|direct msg)\b|"
            r"\b(?:dm|direct message)\w*\b.{0,60}\bfollow(?!ers)"
        ),
    ),
    # The author talks about what they make or run: "I'm a rapper", "I make videos", "my new single".
    "self_promotion": (
        2.0,
        re.compile(
            rf"\b(?:i'?m|i am|im|we are|we're|were)\s+(?:a|an|the)?\s*(?:\w+\s+){{0,3}}?"
            r"(?:rapper|singer|artist|producer|youtuber|musician|dj|band|vlogger|gamer|streamer|"
            r"photographer|designer|developer|company|startup|brand|entrepreneur|songwriter|beatmaker|"
            r"coach|personal trainer|consultant|agency|freelancer|marketer|influencer|content creator|"
            r"comedian|filmmaker|writer|author|channel|crew|team)\b|"
            r"\b(?:i|we)\s+(?:just\s+)?(?:make|made|create|created|produce|produced|upload|uploaded|post|posted|"
            r"started|start|launched|run|do|record|recorded|released)\s+(?:\w+\s+){0,3}?"
            r"(?:videos?|vids?|music|songs?|beats?|covers?|remix(?:es)?|raps?|channel|vlogs?|"
            r"youtube|content|tracks?|album|mixtape|app|game|website|blog|shop|store|business)\b|"
            rf"\b{_OWNER}\s+(?:new|first|latest|own|little|newest|brand new|official)?\s*{_PROMO_OBJECT}\b|"
            r"\b(?:new|first|latest) (?:video|vid|song|single|track|channel|upload)s? (?:is )?(?:out|up)\b",
            _F,
        ),
    ),
    # Begging for engagement: "like this comment", "thumbs up so everyone sees", "help me reach 1000".
    "engagement_bait": (
        3.2,
        re.compile(
            r"\b(?:like|thumb|upvote)\w*\s+(?:this|my|the)\s+(?:comment|post)\b|"
            rf"(?:^|[.!?]\s+|{_EMOJI}\s*)(?:like|thumbs? up|upvote)\s+(?:this\s+)?(?:comment\s+)?(?:if|so)\b|\bthumbs? up (?:if|so)\b|"
            r"\b(?:comment|this|it) to the top\b|\bso (?:more )?(?:people|everyone|others) (?:can )?see\b|"
            r"\bhelp (?:me|us|him|her)\s+(?:to\s+)?(?:get|reach|hit|grow|make it|achieve)\s+(?:to\s+)?\d|"
            r"\bhelp (?:me|us|him|her)\s+(?:to\s+)?(?:reach|grow|make it big)\b|"
            r"\b(?:reach|get(?: to)?|hit)\s+\d[\d,.k ]*\s*(?:subs|subscribers|followers|likes|views)\b|"
            r"\b(?:please|pls|plz|plizz?|plss?)\s+(?:like|share|comment|support|halp|rate|vote|sub|subscribe)\b|"
            r"\b(?:give|gimme)\s+(?:it|this|me|us)\s+(?:a\s+)?(?:like|thumbs? up|sub)\b|\bvote\b[^.!?]{0,20}:|"
            r"\bleave a (?:like|comment|sub)\b|\b(?:like|comment)(?: and| &|,)\s*(?:share|subscribe|sub)\b|"
            r"\bvote (?:for )?(?:me|us|my|our)\b|\bi(?:'| wi)ll\s+(?:sub|subscribe|follow|like)\s*(?:you\s*)?back\b|"
            r"\bif you (?:read this|want to (?:be|get|see))\b|\bnot my intention to spam\b|\bsorry (?:for|to) (?:the |this )?spam\b|"
            r"\b(?:don'?t|do not) (?:scroll|ignore)\b|\bdrop a (?:like|comment|follow|sub)\b|"
            r"\b(?:hit|smash|tap) (?:that |the )?(?:like button|like if|like and|like so|subscribe)\b|\bsmash (?:that )?like\b|\bwatch what happens\b|"
            r"\b(?:reply|comment|type) [\"'“]?\w+[\"'”]? if you\b|\b(?:amen|like|share) if you believe\b|\bignore if you\b|"
            r"\bshare (?:this |it )?with \d+ (?:friends|people|groups)\b|"
            r"\bshare (?:this|it) (?:to|with|in) \d+ (?:groups|people|friends|contacts|chats)\b|"
            r"\b(?:you'?ll|you will) (?:receive|get|have) (?:a )?(?:surprise|blessing|good luck|bad luck|miracle)\b",
            _F,
        ),
    ),
    # Money, prizes, giveaways, crypto, easy income.
    "money_offer": (
        3.2,
        re.compile(
            # "need money?" is a pitch; "I tried to get money from the ATM" is a bank customer.
            r"\b(?:need|want) (?:some |extra |more |quick |easy |fast |real )?(?:money|cash)\s*\?|"
            r"\b(?:get|earn|win) (?:free|quick|easy|fast|real|extra) (?:money|cash)\b|"
            r"\b(?:earn|make|making) (?:six|seven|6|7)[- ]figures?\b|\bgiving away \$\d|\bbe your own boss\b|"
            r"\bearn (?:money |cash )?while you sleep\b|\bjoin my team\b|\bget paid to\b|"
            r"\b(?:earn|make|making|get paid)\s+(?:(?:some|extra|more|real|easy|quick|fast|big|good|serious|"
            r"a lot of|lots of|the|\$?\d[\d,.k]*)\s+)*(?:money|cash|\$|dollars|income|profit|bucks)|"
            r"\$\s?\d[\d,.]*\s*(?:a|an|per|/)\s*(?:day|hour|week|month)|\bper (?:hour|day) (?:from|at) home\b|"
            r"\b(?:work|working|earn|earning) (?:from|at) (?:the comfort of )?(?:your |ur )?home\b|\bwho wants to (?:earn|make (?:money|cash|extra))\b|\bfree (?:gift|money|iphone|ipad|"
            r"followers|likes|subs|subscribers|views|robux|v-?bucks|gems|coins|giveaway|cards?)\b|"
            r"\b(?:free|win|get|earn|claim)\s+(?:\w+\s+){0,2}?gift ?cards?\b|\bwin (?:a|an|free|money|cash|prizes?)\b|"
            r"\b(?:binary options?|investment opportunity|passive income|forex signals?|crypto signals?|"
            r"double your (?:money|bitcoin|btc|crypto|investment))\b|"
            r"\b\d+\s?% (?:daily|weekly|monthly) (?:returns?|profits?|roi|interest)\b|\bguaranteed (?:returns?|profits?|income)\b|"
            r"\b(?:instant|fast|quick) loans?\b|\bno credit check\b|\bloans? for (?:everyone|all|anyone)\b|"
            r"\b(?:need|want) (?:cash|money) (?:urgently|now|fast|today)\b|"
            r"\blost \d+ ?(?:pounds|lbs|kg|kilos) in (?:\d+|one|two|three) (?:days|weeks)\b|"
            r"\bclaim (?:your |a )?free\b|\bget verified (?:fast|now|today|quickly|in)\b|\bguaranteed (?:blue tick|verification)\b|"
            r"\b(?:use|enter|my|with)\s+(?:my\s+|the\s+|this\s+)?(?:promo|discount|coupon|referral|invite) ?codes?\b|\b\d{1,2}\s?% off\b|\bbuy (?:now|here|my|our|cheap)\b|"
            r"\border (?:now|here|today)\b|\blimited (?:time|offer)\b|\bcheap (?:followers|likes|views|subs)\b|"
            r"\b(?:selling|we sell|i sell) (?:real |cheap |instant |active )?(?:followers|likes|views|subscribers|subs)\b|"
            r"\b(?:buy|get) (?:real|instant|active) (?:followers|likes|views|subscribers|subs)\b|"
            r"\bunlimited (?:free )?(?:coins|gems|robux|v-?bucks|diamonds)\b|"
            r"\bonline income\b|\b(?:paid|online|free) surveys?\b|"
            r"\b(?:robux|v-?bucks|gems|coins|followers|likes|hack) generator\b|\bhack (?:any|someone'?s?) (?:account|facebook|fb|instagram)",
            _F,
        ),
    ),
    # Crypto and trading talk: a mild sign alone (banks and exchanges get honest questions
    # about it), a strong one next to a link or a call to action.
    "crypto_talk": (1.2, re.compile(r"\b(?:bitcoin|btc|crypto|ethereum|eth|forex|nft|trading signals)\b")),
    # Goods and services that spam sells on every medium (forums, reviews, replies). A mild
    # sign alone (a casino game's review says "casino"), strong beside a link or an offer.
    "spam_goods": (
        2.0,
        re.compile(
            r"\b(?:viagra|cialis|replica (?:watch|bag|handbag)e?s?|essay writing|seo services?|payday loans?|"
            r"escort(?:s| service)|adult dating|diet pills|weight loss (?:pills|supplements?)|onlyfans|xxx|"
            r"porn|nudes|sexy (?:girls|pics|videos?|singles)|online casino|casino bonus|betting tips|"
            r"fake (?:followers|reviews)|premium accounts?|lifetime (?:access|subscription|premium)|"
            r"the secret to (?:losing|making|earning|getting rich))\b"
        ),
    ),
    # Influencer-marketing and prize-scam templates seen on photo and short-video platforms.
    "marketing_pitch": (
        3.0,
        re.compile(
            r"\b(?:dm|message|inbox|email|contact|text) (?:me|us) (?:to|for) (?:a )?collab\w*|"
            r"\b(?:let'?s|wanna|want to|for a|paid|open (?:for|to)|interested in(?: a)?) collab\w*|"
            r"\bpromote (?:it|this|(?:your|ur) \w+) (?:on|to|across)\b|"
            r"\b(?:to be|get|getting) featured\b|\blink (?:is )?in (?:my|our) (?:bio|profile)\b|\bfor a (?:shout ?out|feature|repost)\b|\bs4s\b|"
            r"\b(?:ordering|pricing|booking) info(?:rmation)? (?:is )?(?:on|in) (?:my|our)\b|"
            r"\blooking for (?:a )?(?:kind|honest|caring|serious|loving|god-?fearing) (?:man|woman|gentleman|lady|partner)\b|\bbrand ambassador\b|"
            r"\bambassadors? for\b|\b(?:dm|message|inbox) (?:me |us )?for (?:a |more |the )?(?:discount|promo|collab|price|info|details|promotion)|"
            r"\bsend (?:us |me )?(?:your |a |the )?(?:pics?|photos?|pictures?) to @|"
            r"\binterested in (?:collaborating|working with you|a collab|promoting)\b|\bsugar (?:daddy|mommy|baby)\b|"
            r"\bhot singles\b|\bsend you (?:some |a )?free\b|\bto avoid (?:suspension|being banned|deactivation|account (?:suspension|deletion))\b|"
            r"\byour (?:account|page) (?:has been|was|will be) (?:flagged|suspended|disabled|restricted)\b|"
            r"\blooking for (?:brand )?(?:partners|ambassadors|models|influencers|promoters)\b|\b(?:hello|hi|hey)\W*\s*(?:my )?(?:dear|sweetheart|sweetie|handsome)\b|\b(?:love|like|want|wanna|would like) to feature (?:you|your)\b|\bfeature (?:you|your \w+) on (?:our|my)\b|\b(?:rt|retweet|repost|share)\s*(?:&|and|\+)?\s*(?:follow\s*)?to win\b|\bclaim (?:it|yours|your (?:prize|reward|gift)|now)\b|"
            r"\bcongrat\w*\W+(?:\w+\W+){0,4}?(?:won|winner|selected)\b|\byou(?:'ve| have) (?:been selected|won)\b"
        ),
    ),
    # Requests to get in touch off-platform.
    "contact_request": (
        2.0,
        re.compile(
            r"\b(?:dm|pm|inbox|message|msg|text|email|e-mail|mail|call|contact|whats ?app|telegram|kik|"
            r"snapchat|snap|skype|wechat|line)\s+(?:me|us|(?:my|our) (?:page|account|profile))\b|"
            r"\b(?:send|shoot|drop) (?:us|me) a (?:dm|message|pm|line) (?:to|for)\b|"
            r"\bcheck (?:your|ur|yo|you) (?:dms?|inbox|messages|pm)\b|\b(?:dm|message|text|email) (?:me |us )?to learn more\b|\b(?:whats ?app|telegram|wechat|kik|viber|signal)\b"
            r"[\s:+]*\+?\d|\badd me (?:on|at)\b|\bhmu\b|\bcontact (?:number|info|details)\b|\bfor (?:more )?info\b",
            _F,
        ),
    ),
    # Scams and paid pitches that point at another account: "recovery experts", investment
    # testimonials ("he turned my $500 into..."), accounts named for crypto/trading, growth
    # agencies and freelancers selling to whoever reads the comments.
    "scam_pitch": (
        3.5,
        re.compile(
            r"\brecover(?:y)? (?:experts?|specialists?|agents?|hackers?|services?|team)\b|"
            r"\brecover (?:your |my |lost |stolen |scammed )*(?:funds|crypto|bitcoin|btc|money|wallet|assets)\b|"
            r"\blost (?:your |my )?(?:funds|crypto|bitcoin|btc)\b|"
            r"\bturned (?:my|our|me|his|her) \$?\d[\d,.k]*\s*(?:dollars?|usd|\$)?\s*into\b|"
            r"\bin debt (?:until|till|before)\b|"
            r"\b(?:investment|trading|crypto|forex|bitcoin) (?:plan|platform|strategy|mentor|coach|expert) (?:has )?changed my life\b|"
            r"\b(?:reach|contact|write to|message|text|dm)\s+(?:her|him)\s+(?:on|via|through|at)\s+"
            r"(?:telegram|whats ?app|signal|instagram|ig|email|e-mail|facebook|fb|gmail)\b|"
            r"\b(?:need|hire|contact) (?:a|an|this) (?:hacker|private investigator|spell ?caster)\b|"
            r"\bspy on (?:your|ur) (?:partner|spouse|husband|wife|boyfriend|girlfriend)\b|"
            r"\bbook a (?:free )?(?:call|consultation|strategy call|discovery call)\b|"
            r"\b(?:boost|double|triple|\d+x) (?:your|ur) (?:sales|income|revenue|followers|engagement|profits?|business)\b|"
            r"\b(?:trade|trading|invest|investing|investment|earning|profits?) (?:with|under|through) (?:@|mr|mrs|ms|miss|expert)|"
            r"@[\w.]*(?:crypto|btc|bitcoin|forex|invest|signals|profit|trade|trading|recover|funds|fx\.|wealth|hack)[\w.]*|"
            r"\b(?:get|invest|buy) in (?:now |early )?(?:before it'?s too late|while you can)\b|"
            r"\b(?:we help|i help|we can help|i can help) (?:brands?|businesses|creators|influencers|artists|accounts|pages|companies|"
            r"small businesses|startups|you|coaches|agencies|entrepreneurs|realtors|shops) (?:to )?"
            r"(?:grow|gain|get more|get \d+|land|reach|scale|boost|go viral)\b|"
            r"\bgrow (?:your|ur) (?:account|page|brand|business|following|followers|instagram|ig|tiktok|channel|audience)\b|"
            r"\b(?:do you|anyone|who) (?:need|needs|looking for) (?:an? |some )?(?:\w+ )?(?:developer|designer|editor|promoter|"
            r"promotion|marketer|ghostwriter|web ?site|logo)s?\b|"
            r"\bi (?:build|make|design|develop|create|edit|code|do)\b[^.!?]{0,40}\b(?:cheap|affordable|"
            r"at low cost|for any budget|for cheap)\b|"
            r"\bwe (?:build|make|design|develop|create|edit|code|do)\b[^.!?]{0,40}\b(?:cheap|affordable|"
            r"at low cost|for any budget|for cheap)\b",
            _F,
        ),
    ),
    # A call to turn to some other @account: "contact @x", "DM @x", "I found @x".
    "handle_pointer": (
        2.0,
        re.compile(
            r"\b(?:contact|message|msg|dm|text|reach out to|write to|hit up|found|recommend|thanks to|follow)\s+@[\w.]{3,}|"
            r"\b(?:send|submit) (?:it|them|this|your \w+) to @[\w.]{3,}"
        ),
    ),
    # The word alone: brands run giveaways and customers ask about them ("when does the
    # giveaway end?"); prize scams carry stronger signs (a link, "claim", "you won").
    "giveaway": (1.2, re.compile(r"\bgiveaways?\b")),
    # "link in bio" without "my": as often a brand's own reply as a promoter's.
    "link_in_bio": (1.5, re.compile(r"\blinks? (?:is |are )?in (?:the )?bio\b")),
    # "Who's here in 2024?": engagement bait when paired with "like if"; weak alone.
    "roll_call": (
        1.0,
        re.compile(r"\bwho(?:'s|s| is| else is)? (?:still )?(?:here|listening|watching) in (?:19|20)\d\d\b"),
    ),
    # A customer talking about their own order or problem: people share a phone number or
    # say "order now" to get help, not to promote.
    "customer_voice": (
        -2.0,
        re.compile(
            r"\b(?:if|when|can|should|could|do|did) (?:i|we) (?:order|buy|purchase|pay)\b|"
            r"\b(?:i want|we want|i would like|we would like|i'd like|we'd like|id like|i need|we need) to "
            r"(?:order|buy|purchase|return|cancel)\b|"
            r"\bmy (?:order|package|parcel|delivery|refund|purchase|item|booking|reservation|flight|bag|luggage|"
            r"subscription|card|payment|account|device)\b|"
            r"\bi (?:work|am working|'m working|started working) (?:from|at) home\b|"
            r"\b(?:arrived|came|showed up|was delivered) (?:broken|damaged|late|cracked|wrong|missing)\b|"
            r"\b(?:support|customer service|customer care|help ?desk)(?: team)?\s+(?:isn'?t|is not|never|won'?t|"
            r"doesn'?t|hasn'?t|didn'?t|not)\b"
        ),
    ),
    # A fan asking the brand itself for attention ("day 12 of asking X to follow me back").
    "fan_request": (
        -6.0,
        re.compile(
            r"\bday \d+ of (?:asking|begging|waiting)\b|"
            r"\b(?:asking|begging|beg|ask) @?[\w.]+ to (?:follow|notice|reply|respond|answer)\b"
        ),
    ),
}
# Link shorteners and link-in-text obfuscation ("site . com", "dot com").
_SHORTENER = re.compile(
    r"\b(?:bit\.ly|goo\.gl|tinyurl|ow\.ly|adf\.ly|shorte\.st|is\.gd|buff\.ly|cutt\.ly|rebrand\.ly|"
    r"linktr\.ee|tiny\.cc|shhort|bitly|linkbucks|adfoc|gofundme|kickstarter|indiegogo|patreon|paypal\.me)\b",
    _F,
)
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z\u00c0-\u00de]")
_LETTER = re.compile(r"[^\W\d_]")
_TWEET_LINK = re.compile(r"^(?:https?://)?(?:t\.co|pic\.twitter\.com)(?:/|$)")
_SPACED_DOMAIN = re.compile(r"\b\w{3,}\s*(?:\.\s+|\s+\.\s*|\s+dot\s+)(?:com|net|org|co|ly|io|tv|me|info)\b", _F)
_REFERRAL = re.compile(r"[?&](?:ref|r|aff|affiliate|invite|promo|utm_\w+)=", _F)
_ADDRESS_CROWD = re.compile(
    r"^\W*(?:hey|hi|hello|yo|sup|attention|listen up|ok)\W*\s*(?:guys|everyone|everybody|people|all|"
    r"youtube|y'?all|friends|there|fellow)\b|\b(?:hey|hi|hello) (?:guys|everyone|everybody|people|youtube)\b|"
    r"\beveryone (?:please|plz|pls|who)\b",
    _F,
)

# Cheap substring checks before each regex (lowercase): a signal's pattern can only
# match text that contains one of its triggers, so most comments skip most regexes.
# This keeps the rules at several thousand comments per second on one core.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "promote_own": (
        "check", "visit", "watch", "listen", "view", "look", "go to", "head", "hop", "stop by",
        "support", "follow", "sub", "like", "share", "join", "download", "hear", "give", "stream", "save", "tap", "click",
    ),
    "own_outlet": (
        "chan", "vlog", "web", "blog", "shop", "store", "mixtape", "soundcloud", "insta", "twitch",
        "tiktok", "youtube", "yt", "band", "page", "podcast", "playlist", "new ",
    ),
    "promote_self": ("out", "add", "follow", "friend", "this", "search", "look up", "google", "watch me", "live"),
    "donation": ("donat", "fund", "kickstarter", "indiegogo", "patreon", "petition"),
    "subscribe": ("sub", "cri", "f4f", "l4l", "follow", "like"),
    "subscribe_word": ("cri", "subs"),
    "call_to_action": (
        "check", "click", "sign", "register", "join", "download", "use ", "watch", "see",
        "give", "tell", "spread", "share", "type in", "search", "look", "paste", "google", "apply",
    ),
    "pointer": ("check", "take a look", "click", "share"),
    "private_contact": ("dm", "d.m", "direct m"),
    "engagement_bait": (
        "like", "thumb", "upvote", "top", "see", "help", "reach", "get", "hit", "please", "pls", "plz",
        "pliz", "leave", "comment", "vote", "back", "if you", "spam", "scroll", "ignore", "give", "gimme",
        "if", "so ", "drop a", "you'll", "you will", "hit ", "smash", "tap ", "what happens", "reply",
        "type", "believe",
    ),
    "money_offer": (
        "money", "cash", "$", "dollar", "income", "profit", "bucks", "paid", "home", "free", "gift",
        "giveaway", "win", "prize", "bitcoin", "btc", "crypto", "ethereum", "eth", "forex", "nft",
        "binary", "invest", "passive", "code", "%", "buy", "order", "limited", "cheap", "survey",
        "hack", "generator", "figure", "giving away", "loan", "need", "want", "lost", "boss", "sleep", "my team", "get paid", "sell",
        "real ", "instant", "active", "unlimited", "loan", "credit", "verif", "blue tick", "guaranteed",
    ),
    "spam_goods": (
        "viagra", "cialis", "replica", "essay", "seo", "payday", "escort", "adult", "diet", "weight",
        "onlyfans", "xxx", "porn", "nudes", "sexy", "casino", "betting", "fake", "premium", "lifetime",
        "secret",
    ),
    "crypto_talk": ("bitcoin", "btc", "crypto", "eth", "forex", "nft", "signals"),
    "marketing_pitch": (
        "collab", "promote", "featured", "bio", "ambassador", "for", "send", "interested", "sugar",
        "singles", "claim", "congrat", "selected", "won", "dear", "win", "sweet", "handsome", "feature", "profile", "shout", "s4s", "info", "looking for", "send you", "avoid", "your account", "your page", "looking for",
    ),
    "contact_request": (
        " me", " us", "whats", "telegram", "wechat", "kik", "viber", "signal", "add me", "hmu",
        "contact", "info", "dm", "inbox", "messages", "learn more", " my ", " our ", "send", "shoot", "drop",
    ),
    "scam_pitch": (
        # one word of every alternative: the handle branch's names, then each pitch's lead
        "crypto", "btc", "bitcoin", "forex", "invest", "signals", "profit", "trad", "recover", "funds",
        "fx.", "wealth", "hack", "lost ", "turned", "debt", "earning", "too late", "while you can",
        "changed my life", "telegram", "whats", "signal", "instagram", " ig", "mail", "facebook", " fb",
        "we help", "i help", "can help", "grow your", "grow ur", "you need", "anyone need", "who need",
        "looking for", "cheap", "afford", "low cost", "budget", "hire", "investigator", "caster",
        "spy on", "book a", "your", " ur ",
    ),
    "handle_pointer": ("@",),
    "giveaway": ("giveaway",),
    "link_in_bio": ("bio",),
    "roll_call": ("who",),
    "customer_voice": (
        "order", "buy", "purchase", "pay", "return", "cancel", "my ", "arrived", "came", "showed up",
        "delivered", "support", "customer", "desk", "home",
    ),
    "fan_request": ("day ", "ask", "beg"),
}

WEIGHTS: dict[str, float] = {
    **{name: weight for name, (weight, _) in SIGNALS.items()},
    "link": 3.2,  # any URL or bare domain other than a tweet's own t.co wrapper: a link drop
    "tweet_link": 1.0,  # t.co / pic.twitter.com: Twitter wraps every attached photo this way
    "shortener_or_referral": 1.5,  # on top of "link": shorteners, referral codes, crowdfunding
    "spaced_domain": 3.0,  # "site . com": written to dodge link filters
    "phone": 0.8,  # customers post their own number to be called back; spam adds a pitch
    "address_crowd": 1.0,  # "hey guys", "hi everyone": openers of broadcast messages
    "shouting": 0.8,  # mostly capitals
    "long": 0.6,  # a long post: promotions carry a pitch, reactions are short
}
BIAS = -3.0
# Pure hand-set values: a comment with one strong promotional signal scores ~0.7,
# one weak signal alone stays below 0.3.

# Generic spam and on-topic prototypes for the embedding view. Written by hand to
# describe spam anywhere (video sites, shops, app stores, forums), not any dataset.
SPAM_PROTOTYPES: tuple[str, ...] = (
    "check out my channel and subscribe",
    "please subscribe to my channel, I will subscribe back",
    "visit my website for more",
    "follow me on instagram",
    "click the link in my bio",
    "I am a rapper, listen to my new song and share it",
    "watch my new video, like and share",
    "earn money from home, get paid every day",
    "free gift cards, win an iphone, giveaway",
    "invest in bitcoin and double your money",
    "message me on whatsapp for details",
    "like this comment so everyone can see it",
    "buy cheap followers and likes now",
    "sub for sub, follow for follow",
    "download this app to get free coins",
    "hey guys I just started my channel, please support me",
)
HAM_PROTOTYPES: tuple[str, ...] = (
    "I love this song",
    "this is amazing, great work",
    "this is terrible, I hate it",
    "the app keeps crashing after the update",
    "please add dark mode",
    "my flight was delayed and nobody helped",
    "the food was delicious but the service was slow",
    "who is still watching this in 2020",
    "her voice is beautiful",
    "why does this have so many views",
    "this reminds me of my childhood",
    "I don't understand the ending",
    "customer service never answered my question",
    "best video ever",
)
# Set from the scale of each quantity, not fitted: cosine margins between prototype sets
# span about +-0.3, so 8 turns a clear margin into ~2.4 logits (like a call to action);
# distances below a thread's median similarity reach ~0.2, so 5 gives ~1 logit (like "long").
EMBEDDING_WEIGHTS = {"prototype_margin": 8.0, "off_topic": 5.0}



# --- speed: run each alternative of a signal only when its leading words are present ---
# Python's regex engine scans fast for a pattern that starts with a literal, but slowly
# (every position, every alternative) for one that starts with \b or a group. So each
# signal's top-level alternatives are compiled separately, each guarded by the literal
# words it must start with; the result is identical to searching the whole pattern.
_META = set("\\()[]{}?*+.|^$")


def _split_top(pattern: str) -> list[str]:
    parts, depth, in_class, escaped, current = [], 0, False, False, []
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _leading_literal(branch: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(branch):
        ch = branch[i]
        if ch == "\\" and i + 1 < len(branch) and not branch[i + 1].isalnum():
            out.append(branch[i + 1])
            i += 2
            continue
        if ch in _META:
            if ch in "?*{" and out:
                out.pop()  # the last character was optional
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _required_literals(branch: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``branch`` contains, or None if unknown."""
    body = branch.removeprefix("\\b")
    if body.startswith("(?:"):
        depth, end = 0, -1
        for j, ch in enumerate(body):
            if ch == "(" and (j == 0 or body[j - 1] != "\\"):
                depth += 1
            elif ch == ")" and body[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    end = j
                    break
        if end < 0 or (end + 1 < len(body) and body[end + 1] in "?*{"):
            return None
        alternatives = [_leading_literal(a) for a in _split_top(body[3:end])]
        if all(len(a) >= 2 for a in alternatives):
            return tuple(alternatives)
        return None
    literal = _leading_literal(body)
    return (literal,) if len(literal) >= 2 else None


def _compile_branches(pattern: re.Pattern[str]) -> list[tuple[tuple[str, ...] | None, re.Pattern[str]]]:
    return [(_required_literals(b), re.compile(b, pattern.flags)) for b in _split_top(pattern.pattern)]


_BRANCHES = {name: _compile_branches(pattern) for name, (_, pattern) in SIGNALS.items()}


def _fires(name: str, low: str) -> bool:
    for literals, branch in _BRANCHES[name]:
        if literals is not None and not any(map(low.__contains__, literals)):
            continue
        if branch.search(low):
            return True
    return False


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def spam_signals(text: str, fixed: bool = False) -> dict[str, float]:
    """The strength (0..1) of every rule signal in one comment.

    Example:
        >>> s = spam_signals("Check out my channel!! bit.ly/x")
        >>> s["promote_own"], s["link"], s["shortener_or_referral"]
        (1.0, 1.0, 1.0)
    """
    raw = text if fixed else strip_html(fix_encoding(text))
    low = raw.lower()
    out = {}
    for name in SIGNALS:
        triggers = TRIGGERS.get(name)
        if triggers is not None and not any(map(low.__contains__, triggers)):
            out[name] = 0.0
        else:
            out[name] = 1.0 if _fires(name, low) else 0.0
    _text_signals(raw, low, out)
    return out


def spam_signals_many(texts: Sequence[str], fixed: bool = False) -> list[dict[str, float]]:
    """:func:`spam_signals` of many comments at once: the same values, several times faster.

    Every rule's trigger words, and literals each of its alternatives must contain
    (:func:`insights.clean.literals.required_literals`), are looked up for all texts in
    one pass (:class:`insights.clean.literals.LiteralIndex`); a regex then runs only on
    the texts that contain them. Each text's signals depend on that text alone.

    Example:
        >>> [s["promote_own"] for s in spam_signals_many(["check out my channel", "nice song"])]
        [1.0, 0.0]
    """
    raws = list(texts) if fixed else [strip_html(fix_encoding(t)) for t in texts]
    lows = [raw.lower() for raw in raws]
    plan = _prefilter_plan()
    present = plan.index.contains(lows)
    fired: dict[str, np.ndarray] = {}
    for name in SIGNALS:
        trigger = plan.triggers[name]
        allowed = present[:, trigger] if trigger is not None else np.ones(len(lows), dtype=bool)
        hit = np.zeros(len(lows), dtype=bool)
        for guards, branch in plan.branches[name]:
            rows = allowed & ~hit
            for g in guards:
                rows &= present[:, g]
            for i in np.flatnonzero(rows).tolist():
                if branch.search(lows[i]):
                    hit[i] = True
        fired[name] = hit
    possible = {}
    for name, branches in plan.shapes.items():
        can = np.zeros(len(lows), dtype=bool)
        for guards in branches:
            rows = np.ones(len(lows), dtype=bool)
            for g in guards:
                rows &= present[:, g]
            can |= rows
        possible[name] = can.tolist()
    names = list(SIGNALS)
    values = np.column_stack([fired[name] for name in names]).astype(np.float64).tolist() if lows else []
    shortener, spaced, crowd = possible["shortener"], possible["spaced_domain"], possible["address_crowd"]
    # An ASCII text's link hint is case-insensitive ASCII: its lowercase must hold a literal.
    link = present[:, plan.link_hint].tolist()
    out = []
    for i, (raw, low) in enumerate(zip(raws, lows)):
        signals = dict(zip(names, values[i]))
        _text_signals(raw, low, signals, shortener[i], spaced[i], crowd[i], link[i] or not raw.isascii())
        out.append(signals)
    return out


class _Plan:
    """Literal groups of every signal's triggers and of every branch's guards."""

    def __init__(self) -> None:
        from insights.clean.literals import LiteralIndex, literal_guards

        groups: dict[tuple[str, ...], int] = {}

        def gid(words: tuple[str, ...]) -> int:
            return groups.setdefault(tuple(sorted(set(words))), len(groups))

        self.triggers: dict[str, int | None] = {}
        self.branches: dict[str, list[tuple[list[int], re.Pattern[str]]]] = {}
        for name in SIGNALS:
            triggers = TRIGGERS.get(name)
            self.triggers[name] = gid(triggers) if triggers is not None else None
            self.branches[name] = []
            for own, branch in _BRANCHES[name]:
                # The branch's own guard (kept: it decides as _fires does) and the literals
                # its syntax requires (only ever skips texts the regex cannot match).
                guards = [gid(words) for words in ([own] if own else []) + literal_guards(branch)]
                self.branches[name].append((guards, branch))
        # The shape signals' regexes that read the lowercased text: where they can match.
        self.shapes: dict[str, list[list[int]]] = {}
        for name, pattern in _SHAPE_PATTERNS.items():
            branches = [re.compile(b, pattern.flags) for b in _split_top(pattern.pattern)]
            self.shapes[name] = [[gid(words) for words in literal_guards(b)] for b in branches]
        from insights.clean.normalise import _URL_HINT

        (self.link_hint,) = [gid(words) for words in literal_guards(_URL_HINT.pattern)[:1]]
        self.index = LiteralIndex(list(groups))


_SHAPE_PATTERNS = {"shortener": _SHORTENER, "spaced_domain": _SPACED_DOMAIN, "address_crowd": _ADDRESS_CROWD}
_PLAN: list[_Plan] = []


def _prefilter_plan() -> _Plan:
    if not _PLAN:
        _PLAN.append(_Plan())
    return _PLAN[0]


def _text_signals(
    raw: str, low: str, out: dict[str, float], shortener: bool = True, spaced: bool = True, crowd: bool = True,
    link: bool = True,
) -> None:
    """The signals read from the text's shape: links, phone numbers, capitals, length.

    ``shortener``, ``spaced``, ``crowd`` and ``link`` False say the literal pre-filter
    proved that ``_SHORTENER``, ``_SPACED_DOMAIN``, ``_ADDRESS_CROWD`` or the link hint
    cannot match.
    """
    links = [m.group(0).lower() for m in URL_PATTERN.finditer(raw)] if link and has_link_hint(raw) else []
    tweet = [u for u in links if _TWEET_LINK.search(u)]
    out["link"] = 1.0 if len(tweet) < len(links) else 0.0
    out["tweet_link"] = 1.0 if tweet and not out["link"] else 0.0
    dotted = "." in low
    out["shortener_or_referral"] = 1.0 if (
        (dotted or "bitly" in low or "shhort" in low or "fund" in low or "patreon" in low or "kickstarter" in low)
        and shortener and _SHORTENER.search(low)
    ) or ("=" in low and _REFERRAL.search(low)) else 0.0
    out["spaced_domain"] = 1.0 if (
        not out["link"] and (dotted or " dot " in low) and spaced and _SPACED_DOMAIN.search(low)
    ) else 0.0
    out["phone"] = 1.0 if len(_DIGIT.findall(low)) >= 9 and has_phone_number(raw) else 0.0
    out["address_crowd"] = 1.0 if crowd and _ADDRESS_CROWD.search(low) else 0.0
    upper = len(_UPPER.findall(raw)) if low != raw else 0
    if upper >= 14:
        letters = len(_LETTER.findall(raw))
        out["shouting"] = 1.0 if letters >= 20 and upper / letters > 0.7 else 0.0
    else:
        out["shouting"] = 0.0
    # Grows from 0 at 120 characters to 1 at 400: long pitches, not long reactions.
    out["long"] = min(1.0, max(0.0, (len(raw) - 120) / 280))


def rule_logit(signals: dict[str, float]) -> float:
    """The weighted sum of signals plus the bias (before the sigmoid)."""
    return BIAS + sum(WEIGHTS[name] * value for name, value in signals.items())


def spam_score(text: str) -> float:
    """Spam probability-like score in [0, 1] from the rules alone.

    Example:
        >>> round(spam_score("subscribe to my channel please!!"), 2) > 0.5
        True
        >>> round(spam_score("the update made the app so slow"), 2) < 0.5
        True
    """
    return _sigmoid(rule_logit(spam_signals(text)))


def spam_scores(
    texts: Sequence[str],
    model: str = "rules",
    embeddings: np.ndarray | None = None,
    groups: Sequence[object] | None = None,
) -> np.ndarray:
    """Spam scores for many comments.

    Args:
        texts: the raw comments (not the cleaned ones: links and handles are signals).
        model: ``"rules"`` (fast, default) or ``"embeddings"`` (rules plus MiniLM
            similarity to spam prototypes and to the rest of the thread).
        embeddings: precomputed L2-normalised embeddings of ``texts`` for
            ``"embeddings"``; computed with :func:`insights.embed.embed_texts` when None.
        groups: the post / thread of each comment, for the off-topic signal;
            None (no post ids) leaves the off-topic signal out.

    Returns:
        float array in [0, 1], one score per text.

    Example:
        >>> (spam_scores(["great song", "visit my shop www.example.com"]) >= 0.5).tolist()
        [False, True]
    """
    return score_comments(texts, model=model, embeddings=embeddings, groups=groups)[0]


def score_comments(
    texts: Sequence[str],
    model: str = "rules",
    embeddings: np.ndarray | None = None,
    groups: Sequence[object] | None = None,
    fixed: bool = False,
    embedder: Embedder | None = None,
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Like :func:`spam_scores`, also returning every comment's rule signals.

    ``fixed=True`` says the texts already went through ``fix_encoding`` and ``strip_html``.
    """
    if model not in ("rules", "embeddings"):
        from insights.errors import unknown_name

        raise unknown_name("spam model", model, ["rules", "embeddings"])
    signals = [spam_signals(t, fixed=fixed) for t in texts]
    logits = np.array([rule_logit(s) for s in signals], dtype=np.float64)
    if model == "embeddings" and len(texts):
        logits += embedding_logit(texts, embeddings, groups, embedder=embedder)
    return 1.0 / (1.0 + np.exp(-logits)), signals


def prototype_texts() -> tuple[list[str], list[str]]:
    """The spam and ham sentences the embedding view compares each comment with.

    The short generic prototypes plus the hand-written examples of
    :mod:`insights.clean.spam_examples` (kinds of spam and of ordinary feedback
    from many platforms), so a comment is judged by its nearest hand-written
    neighbour on each side.

    Example:
        >>> spam, ham = prototype_texts()
        >>> "check out my channel and subscribe" in spam, "please add dark mode" in ham
        (True, True)
    """
    from insights.clean.spam_examples import HAM_EXAMPLES, SPAM_EXAMPLES

    return list(SPAM_PROTOTYPES + SPAM_EXAMPLES), list(HAM_PROTOTYPES + HAM_EXAMPLES)


def embedding_logit(
    texts: Sequence[str],
    embeddings: np.ndarray | None = None,
    groups: Sequence[object] | None = None,
    prototype_embeddings: tuple[np.ndarray, np.ndarray] | None = None,
    embedder: Embedder | None = None,
) -> np.ndarray:
    """The embedding view's contribution to each comment's logit.

    ``embedder`` (default: the bundled MiniLM) embeds whatever is not given:
    the texts and the prototypes; both must come from the same model.

    ``prototype_margin``: max cosine to a spam prototype minus max cosine to an
    on-topic prototype. ``off_topic``: how much less the comment resembles its
    thread than a typical comment does (a thread's centroid; threads of fewer than
    five comments, or no ``groups`` at all, give no off-topic signal).
    """
    from insights.embed import embed_texts

    if embeddings is None:
        embeddings = embed_texts([str(t) for t in texts], embedder)
    if prototype_embeddings is None:
        spam_texts, ham_texts = prototype_texts()
        spam_p = embed_texts(spam_texts, embedder)
        ham_p = embed_texts(ham_texts, embedder)
    else:
        spam_p, ham_p = prototype_embeddings
    emb = np.asarray(embeddings, dtype=np.float32)
    margin = (emb @ spam_p.T).max(axis=1) - (emb @ ham_p.T).max(axis=1)
    off = np.zeros(len(emb), dtype=np.float64)
    # Off-topic means off the post a comment answers: without post ids there is no post,
    # and a whole export's centroid would only penalise its rarer (real) topics.
    keys = list(groups) if groups is not None else []
    by_group: dict[object, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key, []).append(i)
    for rows in by_group.values():
        if len(rows) < 5:
            continue
        sub = emb[rows]
        centroid = sub.mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        if norm == 0:
            continue
        sims = sub @ (centroid / norm)
        off[rows] = np.clip(np.median(sims) - sims, 0.0, None)
    w = EMBEDDING_WEIGHTS
    return w["prototype_margin"] * margin + w["off_topic"] * off
