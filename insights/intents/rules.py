"""Zero-shot intent rules: how requests, complaints, questions and praise are phrased in English.

Plain functions over one sentence. The patterns are general linguistic cues
(modal and imperative requests, wishes, problem verbs, negated function verbs,
waiting and delay expressions, interrogatives), not words of one product.
Each function returns a score in [0, 1]: 1 for an unambiguous cue, lower for
weaker ones, 0 when nothing matched. :func:`rule_table` gives the same values for many
sentences at once, searching a pattern only in sentences that hold the literals its
matches need (and each sentence once per process).

Example:
    >>> rule_scores("please add a dark mode!!")["request"]
    1.0
    >>> rule_scores("app crashes every time I open the camera")["complaint"]
    1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from insights import schema as S
from insights.intents.memo import BatchMemo

_FLAGS = re.IGNORECASE

# Sentence boundaries: end punctuation (runs of it), new lines, and " - " / emoji-free separators.
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Za-z])|\s+-\s+|\s{2,}")
_WORD = re.compile(r"[A-Za-z]")


def split_sentences(text: str) -> list[str]:
    """Split a comment into sentences with cheap punctuation rules (no model).

    Example:
        >>> split_sentences("Love it!! But please add dark mode.")
        ['Love it!!', 'But please add dark mode.']
    """
    parts = [p.strip(" \t\"'`*-_~") for p in _SPLIT.split(text or "")]
    sentences = [p for p in parts if p and _WORD.search(p)]
    return sentences


# --- requests -----------------------------------------------------------------
# Verbs that ask for something new. "fix" is left out on purpose: asking to fix
# something says it is broken, which is a complaint (see _COMPLAINT_STRONG).
_ADD_VERBS = (
    r"add|adding|make|bring|include|allow|let|give|support|implement|put|offer|provide|create|"
    r"enable|introduce|consider|integrate|have|get|show|update|improve|change|increase|remove|"
    r"release|develop|port|extend"
)
# Verbs that open an imperative request at the start of a sentence ("Add a timer").
_IMPERATIVE = r"add|make|bring back|include|allow|let (me|us|users|people)(?! know\b)|give (us|me|users)|implement|put|offer|provide|create|enable|introduce|consider|integrate|improve|change|increase|remove|get rid of"
# Cues that do not say what is asked: "<thing> please", a bare "pls", "+1", and the conditional
# rating ("would give 5 stars if ..."). Beside a call to repair they ask for the repair, so they do
# not make a clause of a repair sentence a new request (see request_score).
_IMPLICIT = [
    r"\b(will|would|i'?ll|i'd)\s+(give|rate|change|be)\s+(it\s+)?(5|five|a 5|more)\b.{0,25}\b(if|when|once|after)\b",
    r"^(?!\s*(yes|yeah|yep|ok|okay|oh|omg|this|same)\W+(please|pls|plz)\W*$)(?!.*\b(help|respond|reply|answer|call|dm|contact|refund|stop|hurry|explain)\b)\w.*\b(please|pls|plz|plox|plss+|pleas+e+)\s*([,!.;:)]|$)",
    r"^(?!.*\b(help|respond|reply|answer|call|dm|contact|refund|tell|let me know|rate|download)\b).*\b(pls|plz|plss+|pretty please)\b",
    r"^\s*\+\s*1\b",
]
_REQUEST_STRONG = [
    rf"\b(please|pls|plz|kindly)\b.{{0,20}}\b({_ADD_VERBS})\b(?!\s+(me|us) know\b)",
    rf"^\s*(\w+\s*[,:]\s*)?(but\s+|and\s+|also\s+|just\s+|now\s+|so\s+|then\s+|ok\s+|pls\s+|please\s+)?({_IMPERATIVE})\b(?!\s+(sure|certain|it a point))",
    # Elliptical requests, the way comments are typed: "<thing> please!", "<thing> pls",
    # "+1 for <thing>", "<thing> when?", "any chance of <thing>", "can we get <thing>".
    *_IMPLICIT,
    r"^[^?]{3,40}\bwhen\s*[?!.]*\s*$",
    r"\b(any chance|any plans?|plans?)\s+(of|for|to)\b",
    r"\b(can|could|will|may)\s+(we|u|you)\s+(please\s+)?(get|have|see)\s+(a|an|the|some|more|this|it|that|one|support|[a-z]+ (mode|support|version|option|button|widget|integration))\b",
    r"\b(can|could)\s+(you|u)\s+(please\s+)?(do|make|add|release|bring|offer|build)\b",
    r"\b(can|could)\s+(we|u|you)\s+(please\s+)?(get|have)\s+(?!(there|here|to|it to|back|in|through|a refund|my|our|help)\b)([a-z-]+\s+){1,3}(options?|modes?|versions?|support|settings?|features?|buttons?|integration|choices?|sizes?|colou?rs?)\b",
    r"\b(on (the|your) roadmap|in the works|planned)\b.*\?|\bis (that|this|it|\w+( \w+)?) (happening|coming)\b.*\?",
    r"(?<!n't )(?<!not )\b(give|bring)\s+(us|me)\b(?!\s+(my|our|the|a)?\s*(money|refund|credit)s?\b)|\bbring (it |this |that )?back\b",
    r"^\s*(would|'d|i'd|id)\s+(really\s+)?(love|like|kill for|pay( good money)? for|buy|preorder|pre-order)\b(?!\s+(to\s+)?(win|own|try|get)\s+(one|this|it|these|my hands)\b)(?!\s+(to\s+)?win\b)",
    r"\b(would|'d|will)\s+(buy|pay|preorder|pre-order|switch|upgrade|subscribe)\b.{0,40}\b(if|in|with|once|when)\b",
    r"\bwould make (this|it|me)\b.{0,20}\b(perfect|complete|instant|buy|10/10)\b",
    r"\b(been|keep|kept|still|we're|we are|everyone('s| is)?)\s+(asking|begging|waiting)\s+for\b(?!.{0,20}\b(reply|response|answer|refund|help|support|delivery|order|package)\b)",
    r"\b(my|our|the) (only|one|biggest|main|top|#1|number one) (ask|request|wish)\b|\b(top|#1|number one) priority\b",
    r"\bneeds? to (work with|integrate|connect to|sync with|come in|come with)\b",
    # Wishes; hopes only when they look forward to something new ("hope they add", "hope for
    # more levels"), not "hope this is good" / "hope I win"; "wish I could give 10 stars" is praise.
    r"(\b(i|we|just|really|only|still|do|would)\s+(really\s+|just\s+|still\s+)?|^\s*)wish\b(?!\s+(i\s+)?(could|can|coulda)\s+(give|rate)\b)",
    r"\b(would|'d|wud)\s+(really\s+)?(be|love|like|prefer|appreciate)\b.{0,40}\b(if|to (have|see|get|be able)|option|feature|ability)\b",
    r"\b(would|'d)\s+(be\s+)?(nice|great|awesome|cool|helpful|useful|better|good|perfect)\b(?!\s+for\s+(my|me|your|our|his|her)\b)",
    r"\b(it|this|that)\s*(would|'d)\s+(be\s+)?(nice|great|awesome|cool|helpful|useful|better|good|perfect)\b(?!\s+for\s+(my|me|your|our|his|her)\b)",
    # "<a thing> would be amazing / would help so much"; "would be perfect for my X" is delight.
    r"\b(would|'d)\s+(be\s+)?(so\s+|really\s+|absolutely\s+)?(amazing|ideal|incredible|handy|fantastic|brilliant|lovely|a dream|a game ?changer|"
    r"help (so much|a lot|loads)|make my (day|life|week))\b(?!\s+for\s+(my|me|your|the|a|our|his|her)\b)",
    r"\bnow\s+(do|make)\s+(a|an|one|the|it|some|this)\b",
    r"\bstill no\b(?!.{0,15}\b(reply|response|answer|word|refund|news|help|support|email|call|luck|sign|package|parcel|order|delivery|tracking|shipping|confirmation|update on)\b)",
    r"\bno \w+( \w+)? in 20\d\d\b",
    # Modal + have + past participle is the counterfactual past, not an ask: "you should have told us".
    r"\b(you|they|devs?|developers?|u|y'all|you guys)\s+(should|need to|have to|must|could|gotta)\s+(really\s+)?(add|make|include|allow|let|bring|give|put|implement|consider|create|offer|have(?!\s+(been|had|told|said|seen|known|done|gone|made|let|sent|got|gotten|thought|brought|bought|flown|kept|left|paid|heard|found|lost|taken|given|shown|called|warned|informed|asked|offered|listened|checked|waited|stayed|stuck|tried|tested)\b)|update|provide|support|do)\b(?<!must have)",
    r"\b(it|app|game|this|there)\s+(should|could)\s+(really\s+|also\s+)?(have(?!\s+(been|had|told|said|seen|known|done|gone|made|let|sent|got|gotten|thought|brought|bought|flown|kept|left|paid|heard|found|lost|taken|given|shown|called|warned|informed|asked|offered|listened|checked|waited|stayed|stuck|tried|tested)\b)|be able|include|allow|let|support|offer|give|show|add)\b",
    r"(?<!\bi )(?<!\bwe )(?<!\bu )(?<!\byou )\bneeds?\s+(a|an|more|some|to (add|have|include|support|be able|allow|let|bring)|the (option|ability)|options?|an? option|ability|support|feature|features|improvement|update)\b",
    r"\b(i|we)\s+(would|'d)?\s*(like|love|want|need)\s+(to see|to have|to be able|an? (option|way|feature|setting|button))\b",
    r"\b(i|we)\s*('d|would)\s+(really\s+)?(like|love)\s+(to|a|an|the|some|more|it if|if)\b(?!\s*(win|own|try|get)\s+(one|this|it|these|my hands)\b)(?!\s*win\b)",
    r"\b(i|we)\s+(really\s+|still\s+|also\s+|do\s+)?miss\b.{0,40}\b(features?|options?|functions?|functionality|ability|button|mode|being able)\b",
    r"\b(can|could)\s+(still\s+)?be\s+improved\b",
    # "don't miss the bonus feature" recommends it.
    # "miss a key", "if I miss something": the sense of failing to catch, not of longing.
    r"(?<!n't )(?<!not )(?<!never )(?<!if i )(?<!if you )(?<!if we )\bmiss(ing)?\b(?!\s+(a|an)\b).{0,40}\b(features?|options?|abilit(y|ies)|functions?|functionality|buttons?|settings?)\b",
    # Longing for something the product had or other products have: "I really miss the folders
    # in the drawer", "we miss being able to sort", "I still miss my sms alerts". After "my" or
    # "this" a thing of the product must follow: "I miss this song" is nostalgia.
    r"(?<!\bif )\b(i|we)\s+((really|still|do|just|kinda|definitely|also|sorely|truly|so|dearly|greatly)\s+)*"
    r"miss\s+(the|some|having|being able|seeing|using|its|old|"
    r"(my|our|that|this|those|these)\s+([\w-]+\s+){0,2}(features?|options?|settings?|functions?|buttons?|modes?|alerts?|"
    r"notifications?|widgets?|views?|layouts?|themes?|shortcuts?|tabs?|menus?|icons?|sort\w*|search|text))\b",
    rf"\b(but|also|just|now|pls|please|at least|maybe|so)\s+({_IMPERATIVE})\b(?!\s+(sure|certain|it a point))",
    # "and add ..." asks, but not as the second verb after a modal or "to": "you can sing and
    # make music", "when you need to clean it up and make space" describe what one can do.
    rf"^(?!.*\b(can|could|will|'ll|to|gotta)\s+\w+(\s+\w+)?\s+and\s+({_IMPERATIVE})\b).*\band\s+({_IMPERATIVE})\b(?!\s+(sure|certain|it a point))",
    # "I suggest using this app" recommends the product; "I suggest adding" asks.
    r"\b(feature requests?|suggestions?|(i|we) (would )?suggest(?!\s+(using|downloading|getting|trying|buying|installing|it|this|everyone|every|all|you (get|download|try|buy|use|install))\b)|suggest (adding|that|you)|request for|my (only |one )?request|recommendation for (the )?dev)\b",
    # What is awaited: "until it is added", "once it's been implemented", "yet to be implemented".
    # "Added" and "included" only of a capability or of what was just named ("when money is
    # added to my account" asks for nothing).
    r"\b(until|once|when|if|hopefully|hope)\b.{0,40}\b(is|are|gets?|be|been|being)\s+(implemented|introduced|integrated)\b|"
    r"\b(until|once|when|if|hopefully|hope)\s+(it|this|that|these|those|they|(\w+\s+){0,3}(features?|options?|settings?|modes?|support|integration|functions?))\s+"
    r"(\w+\s+)?(is|are|gets?|be|been|being)\s+(added|included)\b|\byet to be (implemented|added|introduced|included)\b",
    # A capability asked for in the passive, as issue trackers phrase it: "the margins should be
    # configurable", "exporting needs to be possible"; and the polite "I would ask for".
    r"\b(should|needs? to|must)\s+be\s+(made\s+)?(more\s+)?(configurable|customi[sz]able|optional|adjustable|editable|"
    r"resizable|selectable|movable|moveable|sortable|searchable|exportable|possible|toggleable|changeable)\b",
    r"\b(i|we)\s*(would|'d)\s+(like to\s+|love to\s+)?(ask|request|suggest)\s+(for|that|you|adding|to)\b",
    # Asking after a missing capability: "where is the arabic language?", "where's the dark mode".
    # (Where a button or setting is asks how to find it.)
    r"\bwhere('?s| is| are)\s+(the\s+|my\s+|your\s+)?([\w-]+\s+){0,2}(integration|support|languages?|modes?|versions?|widgets?)\b",
    r"\b(how about|what about|why not)\s+(add|adding|making|having|a|an|some|more|the option|(the )?(possibility|ability|option|support) (to|of|for))\b",
    # English idioms of wanting: "could use more spells", "the only feature I miss is subtitles",
    # "in the next version, a way to ..."
    r"\b(could|can|would) (really )?use (a|an|some|more|better|another|other)\b",
    r"\b(features?|options?|functions?|functionality)\s+(that\s+)?(i|we)\s+(really\s+|still\s+|do\s+)?miss\b",
    r"\b(only|one|main|biggest)\s+(features?|options?|functions?|thing)\s+(that\s+)?(i|we)\s+(really\s+|still\s+|would\s+)?(want|need|would like|'d like|would love|'d love|wish)\b",
    r"\b(in|for|with) (the |a |your )?(next|future|coming|upcoming) (versions?|updates?|releases?|patch(es)?)\b",
    r"\b(any chance|is it possible|is there any chance|can you|could you|can u|could u|will you)\b.{0,25}\b(add|make|include|allow|let|bring|give|put|implement|have|get|support|create|update|show|offer|provide|enable|introduce|integrate)\b",
    # The subject left out, as reviews do: "done a good job but should add a wallpaper setting".
    r"(?<!\bi )(?<!\bwe )(?<!\bwho )(?<!\bthat )\bshould (really |also |definitely |seriously )?(add|include|allow|support|offer|implement|integrate|bring back)\b",
    r"\b(only|one)\s+(thing|complaint|problem|issue|suggestion|request|downside|drawback|gripe|con|shortcoming|wish)\b.{0,40}\b(add|wish|would|missing|lack|need|should|no|more)\b",
    r"\bmore\s+(levels|options|features|themes|colors|colours|songs|maps|characters|content|customi[sz]ation|settings|languages|choices|modes|stages|items|videos|episodes)\b",
    r"\b(option|ability|possibility|setting|way)\s+to\b.{0,30}\b(would|should|please|wish|need|want|nice)\b",
    r"\b(would|should|please|wish|need|want|nice)\b.{0,30}\b(option|ability|possibility|setting)\s+(to|for)\b",
]
_REQUEST_WEAK = [
    # Hopes look forward to something new but as often to a fix or an outcome: weak.
    rf"(\b(i|we)\s+(really\s+)?|^\s*)(hope|hoping)\s+(that\s+)?(you|they|u|y'all|the (devs?|developers?|team|company)|devs?|developers?|there('?s| is| will be| are)|for|more|to see|(it|this|the app|the game) (will|can|gets|get|would)|someday|one day|soon|in (the )?future|({_ADD_VERBS})\b)",
    r"\b(option|ability|feature|setting|support|integration|widget|mode|button)\s+(to|for)\b",
    r"\bwant(ed)?\s+(to\s+)?(see|have|be able)\b",
    r"\bshould\b",
    r"\b(would|could)\b.{0,30}\b(better|nice|cool|great)\b",
    r"\bno\s+(option|way|setting|ability)\s+to\b",
    r"\bneeds?\b",
]

# --- complaints ---------------------------------------------------------------
# Words that name a malfunction or a service failure: a complaint on their own.
_PROBLEM_WORDS = (
    # "lag" with its own endings only: "languages", "lagoon", "lager" name no lag; nor does
    # "lagging behind" (falling behind others), nor "what bugs me" (what annoys me).
    r"crash\w*|freez\w*|froze|frozen|hang(s|ing)?|hung|lag(s|gy|gi\w*|ged|ging)?(?!\s+behind\b)|"
    r"glitch\w*|bug(s|gy)?(?!\s+(me|us|him|her|them)\b)|error\w*|broken|broke|"
    r"fail\w*|stuck|not responding|unresponsive|force[ -]?clos\w*|fc|force stop\w*|shuts? down|"
    r"drain\w*|overheat\w*|battery (hog|killer|usage)|kills? (my |the )?battery|eats? (my |the )?battery|"
    r"black screen|white screen|blank screen|buffer\w*|disconnect\w*|corrupt\w*|"
    r"delay(ed|s)?|cancel+ed|late|lost|damaged|stolen|overbooked|stranded|rude|"
    r"refund|overcharg\w*|charged twice|incorrect\w*|inaccura\w*|scam|rip[ -]?off|unusable|unplayable|slow\w*|sluggish|"
    r"too many ads|nightmare|hassle|overpriced|over-priced|pricey|"
    # Physical defects.
    r"flicker\w*|buzz(es|ing)|rattl\w*|leak(s|ing|ed)|peel(s|ing|ed)|cracked|scratched|dented|fell apart|falls apart|fell off|falls off"
)
# Evaluative words: dissatisfaction without naming what is wrong. A weak cue; sentiment
# and the embedding head decide.
_OPINION_WORDS = (
    r"terrible|horrible|awful|worst|pathetic|ridiculous|unacceptable|disappoint\w*|frustrat\w*|annoy\w*|"
    r"sucks?|sucked|garbage|trash|junk|crap|waste|poor|bad|useless|worthless|hate|uninstall\w*|stupid|lame|"
    r"shit\w*|fuck\w*|wtf|smh|ugh|fail|ridiculous|joke|embarrass\w*|upset|angry|furious|sad|"
    r"brutal|absurd|insane|wild|rough|nah|seriously|make it make sense|lol no|unhelpful|unprofessional|incompeten\w*"
)
# "lack of features", "no option to", "doesn't let you": a missing capability is a request.
_MISSING_CAPABILITY = re.compile(
    r"\b((?<!without )(?<!without a )(?<!without any )lack(?!\s*(of\s+)?(lust(er|re)|help|support(?!\s+for\b)|response|communication|respect|care))(s|ing)?( of)?(?=.{0,40}\b(features?|options?|settings?|functions?|functionality|ability|support|customi[sz]ation|controls?|buttons?|modes?|integration|tools?)\b)|missing(?=.{0,40}\b(features?|options?|settings?|functions?|functionality|ability|support|customi[sz]ation|controls?|buttons?|modes?|integration|tools?)\b)|(?<!n't )(?<!not )(?<!never )miss(ing)? (the|a|an|some)?\s*(features?|options?|abilit(y|ies)|functions?)|"
    r"no (option|way|setting|ability|possibility|support|feature)s?( to| for)?|"
    # "I do not have X" is the author's lack, not the product's.
    r"(doesn'?t|does not|can'?t|cannot|isn'?t|is not|(?<!\bdo )(?<!\bdid )not) (have|has|let|allow|support|offer|include|provide)(?! (enough|to|any ?more|much))"
    # "doesn't let me log in" is a failure (a complaint), not a missing feature.
    r"(?!\s+(me|you|us|u)\s+(even\s+)?(log|login|sign|open|play|start|load|connect|download|install|access|use|enter|continue|register|update|save|send|watch|get in|in|through)\b)|"
    # "not able to log in" is a failure (a complaint), "not able to pick a colour" a missing feature.
    r"(isn'?t|is not|not) (possible|able(?!\s+to\s+(even\s+)?(log|login|sign|open|play|start|load|connect|download|install|access|enter|continue|register|update|save|send|watch|get in|in|through)\w*\b)|available)|not being able to|"
    r"there('?s| is) no (\w+\s+){0,2}(option|way|setting|feature|function|button|mode|support|ability|widget|integration|version|choice)s?)\b",
    re.IGNORECASE,
)
# Asking to repair is not asking for something new. "Please fix the crash", "make it stop
# draining my battery", "make loading faster", "update it asap", "I'd like this looked into" ask
# the product to do what it already should: the call to action of a complaint, which a product
# team files with the problem, not with feature requests. (A sentence may ask for both: "add
# more levels and fix the bugs"; :func:`request_score` then judges its clauses apart.)
_REPAIR_ASK = re.compile(
    r"\b(fix(?!e[sd]\b)\w*|repair(?!ed\b)\w*|debug\w*|troubleshoot\w*|rectify|resolve\b|resolving|solve\b|solving|"
    r"sort(ed)? (it |this |that |these |them |things |the \w+ )?out|iron(ed)? out|look(ed)? into|"
    r"(want|need|get|give me|give us) (my|our) .{0,30}\bback|refund|"
    # make it work / load / faster / stop ..., not "make it work with smart tvs" (a new integration)
    r"make (it|this|the \w+|loading) (\w+\s+)?(work(?!\s+(with|offline|without|on (a|an|the|more|other|tablets?|tvs?))\b)|load|open|run|respond|start|"
    r"faster|quicker|smoother|stabler|more stable|more reliable|more responsive|lighter|less (laggy|buggy|slow|heavy)|stop)\b|"
    r"(make (it|this|the \w+) |should |could |please |pls |plz |needs? to |to )(take|use|consume) (up )?less (space|memory|battery|data|storage|ram|power|cpu|resources)|"
    r"reduce (the )?(size|battery|memory|data|lag|loading|load|ram|cpu|power|crash\w*)|"
    r"(improve|better|increase) (the )?(performance|speed|stability|battery( life| usage)?|loading( times?)?|load times?|reliability|responsiveness)|"
    r"needs? (some |more |a lot of |lots of |a little |a bit of |much )?(improvements?|work|polish|polishing|fixing|tweaking|optimi[sz]ation)\b|"
    # Optimisation asked for or found lacking; "a powerful optimization" praises a feature.
    r"optimi[sz]e\b|(needs?|more|better|some|no|poor|bad|lack of|zero)\s+optimi[sz]ation\b|(poorly|badly|not) optimi[sz]ed\b|speed (it |this |things )?up|"
    r"stop (the )?(crash|freez|lagg|drain|clos|hang|logg|kick|reset|restart|delet|buffer|disconnect)\w*|make it stop|"
    r"get rid of (the |these |all |those )?(bugs?|lags?|glitch\w*|crash\w*|errors?)|"
    r"(it|this|these|that|them|those|the (bug|bugs|issue|issues|problem|problems)) (to be |be |get |gets )?(fixed|looked (at|into)|resolved|sorted( out)?|addressed|repaired|corrected|patched)|"
    r"if it would (just )?(open|work|load|run|start|respond|stop)|"
    r"(roll ?back|revert)\b.{0,20}\b(update|version)|(old|previous|last|older) version (back|that worked)|"
    r"(please|pls|plz|kindly) (do )?(an? )?update\s*(it|this|the app|the game|soon|asap|quickly|fast|[.!,;]|$)|"
    r"update\b.{0,20}\b(soon|asap|quickly|as soon as possible))",
    re.IGNORECASE,
)
# Repair words: a request cue beside them is usually a call to repair (see above).
_REPAIR = re.compile(
    r"\b(fix\w*|bug\w*|repair\w*|crash\w*|freez\w*|glitch\w*|error\w*|"
    r"work(s|ed|ing)? (right|properly|again|correctly|normally|as (it )?(should|used to)))\b|"
    + _REPAIR_ASK.pattern,
    re.IGNORECASE,
)
# Clause boundaries inside one sentence, to judge "add more levels and fix the bugs" per part.
_CLAUSE = re.compile(r"\s*(?:[,;:()]|\.\.+|\b(?:and|but|plus|then|or)\b)\s*")
_FUNCTION_VERBS = (
    r"work|load|open|start|launch|connect|sync|play|install|download|upload|update|save|send|show|"
    r"display|respond|login|log ?in|sign ?in|register|run|recogni[sz]e|detect|"
    r"receive|print|scan|record|stream|pay|book|check ?in|answer|call|reply|refund|"
    r"accept|turn on|arrive|ring|vibrate|notify|restore|unlock|finish|get through|ship|deliver|"
    r"render|compile|build|boot|pair|export|import|refresh"
)
_COMPLAINT_STRONG = [
    # Not as a compound that says it is absent: "bug-free", "crash free", "lag-proof".
    rf"\b({_PROBLEM_WORDS})\b(?![- ]?(free|proof)\b)",
    # "Problem" and "issue" name a failure when someone has one or it has a cause or a scope
    # ("having issues logging in", "same problem here", "a problem with the sync"); bare, they
    # frame as often ("the only problem is I'd like tags", "one issue and one request").
    r"\b(have|having|had|has|facing|experiencing|getting|got|same|similar|this|these|that|big|major|serious|huge|"
    r"constant|many|lots of|a lot of|several|known|multiple|ongoing|recurring|persistent|technical|connection|"
    r"login|sync|battery|performance|network|server|small|minor|slight)\s+(\w+\s+){0,2}(problems?|issues?|trouble)\b|"
    r"\b(problems?|issues?)\s+(with|when|since|after|while|on|in|logging|loading|connecting|opening|here|again|still|persists?)\b",
    rf"\b(doesn'?t|does not|dont|don'?t|do not|didn'?t|did not|won'?t|will not|wont|can'?t|cannot|cant|couldn'?t|could not|isn'?t|is not|not|never|no longer|unable to|not able to|impossible to|fails? to|stopped|stops|keeps? (on )?)\s+"
    # a question puts the subject after the negation: "why won't it load", "why can't i log in"
    rf"((it|i|this|they|we|my \w+|the \w+)\s+)?(even\s+|properly\s+|really\s+)?({_FUNCTION_VERBS})\w*\b",
    r"\b(not|isn'?t|is not|aren'?t|no longer|stopped|stop)\s+(work|function|load|open)\w*\b",
    r"\b(doesn'?t|does not|won'?t|will not|wont|didn'?t|did not)\s+(let|allow)\s+(me|you|us|u)\s+(even\s+)?(log|login|sign|open|play|start|load|connect|download|install|access|enter|continue|register|update|save|send|watch|get in|in|through)\b",
    r"\bkeeps?\s+(on\s+)?(crash|clos|stopp|freez|logging me out|restart|reset|buffer|asking|telling|saying|popping)\w*",
    r"\b(please|pls|plz)\s+fix\b|\bfix\s+(this|it|the|that|these|my|bugs?|issues?|problems?|asap)\b",
    r"\b(still|been)\s+(waiting|on hold|no (response|reply|answer|word))\b|\bon hold\b",
    r"\b\d+\s*(\+\s*)?(hours?|hrs?|minutes?|mins?|days?|weeks?)\b.{0,40}\b(wait\w*|hold|delay\w*|late|later|still|stuck|sitting|tarmac|line|queue|no one|nobody)\b",
    r"\b(wait\w*|hold|delay\w*|late|stuck|sitting|tarmac|line|queue)\b.{0,30}\b\d+\s*(\+\s*)?(hours?|hrs?|minutes?|mins?|days?|weeks?)\b",
    # "no one is better", "nobody does it better": praise by comparison.
    r"\b(no one|nobody|no response|no reply|no answer|no help|no info\w*|no explanation|no communication)\b"
    r"(?!\s+(is|does|can|could|comes?|beats?|compares?)\s+(\w+\s+)?(better|close|beat|compare|it better))",
    # "lack of support for bookmarks" is a missing capability (a request), not missing help.
    r"\black (of )?(help|support(?! for)|response|communication|respect|care)\b",
    r"\b(since|after)\s+(the\s+)?(last|latest|recent|new|newest|this)?\s*(update|upgrade|updating|upgrading)\b.{0,40}\b(can'?t|won'?t|not|no longer|doesn'?t|stopped|crash\w*|freez\w*|slow\w*|lost|gone|broke\w*)\b",
    r"\b(can'?t|won'?t|not|no longer|doesn'?t|stopped|crash\w*|freez\w*)\b.{0,40}\b(since|after)\s+(the\s+)?(last|latest|recent|new|this)?\s*(update|upgrade)\b",
    r"\b(takes?|took|taking)\s+(forever|ages|too long|so long)\b",
    # "takes more time to load", "took way too much time for checkout".
    r"\b(takes?|took|taking)\s+(up\s+)?(way\s+|far\s+)?(more|too much|so much)\s+time\s+(to|for|before|until)\b",
    r"\b(too|very|so|extremely|really)\s+(slow|laggy|buggy|expensive|many ads|much (memory|battery|data|space|ram|storage))\b",
    # Resource use: "eats up alot of battery", "burns through the battery", "a battery hog",
    # "heavy on battery", "battery goes very quickly", "takes up soo much memory".
    r"\b(uses?|used|using|takes?|taking|took|consum\w*|decreas\w*|eats?|eating|ate|drain\w*|kill\w*|burn\w*|hog\w*|wast\w*|suck\w*|chew\w*)\s+"
    r"(up\s+|through\s+|away\s+)?(way |far )?(too much|to much|so much|soo+ much|a ?lot( of)?|lots of|tons of|a ton of|massive amounts of|much more|more|all|high|huge)\s+"
    r"(of\s+)?(my\s+|the\s+|your\s+|phone'?s?\s+)?(memory|battery|data|space|ram|storage|power|cpu)\b(?!\s+than\s+(other|any|the|most))",
    r"\b(eats?|eating|ate|drain\w*|kill\w*|burn\w*|hog\w*|wast\w*|suck\w*|chew\w*)\s+(up\s+|through\s+|away\s+)?(my\s+|the\s+|your\s+|phone'?s?\s+)?(memory|battery|data|ram|storage|power|cpu)\b",
    r"\b(battery|memory|ram|power|data|resource)\s*(hog|waster|killer|drainer|eater|hungry|intensive)\b|\b(heavy|hard|rough|unfriendly|tough)\s+(on|to)\s+(the\s+|my\s+|your\s+)?(battery|memory|ram|data)\b",
    r"\b(battery|battery life|charge)\s+(goes|went|runs|ran|drops|dropped|dies|died|drains|drained)\s+(down\s+|out\s+)?(very\s+|so\s+|really\s+|too\s+)?(fast|quick|quickly|rapidly)\b",
    r"\b(too|to|so|soo+|very|way too|far too)\s+much\s+(memory|space|battery|storage|ram|data|power)\b",
    r"\b(never|not)\s+(again|received|got|arrived|came|showed|refunded|answered|called)\b",
    r"\b(sitting|stuck|waiting|queu\w*|trapped|standing)\s+(on|at|in)\s+(the\s+|this\s+|a\s+)?(tarmac|runway|plane|gate|airport|line|queue|hold|phone)\b",
    r"\b(been|spent|spend|wasted)\s+(\w+\s+){0,3}(trying|waiting|calling|on the phone|on hold)\b|\btrying to (reach|get through|contact|get hold|talk to|speak)\b",
    r"\b(for|over|almost|nearly|about)\s+(an?|one|two|three|four|five|six|several|a few|\d+)\s*(\+\s*)?(hours?|hrs?|days?|weeks?)\b.{0,30}\b(now|still|wait\w*|hold|queu\w*|sitting|stuck|trying|no)\b",
    r"\b(now|still|wait\w*|hold|queu\w*|sitting|stuck|trying)\b.{0,30}\b(for|over|almost|nearly|about)\s+(an?|one|two|three|four|five|six|several|a few|\d+)\s*(\+\s*)?(hours?|hrs?|days?|weeks?)\b",
    r"\b(tired of|sick of|fed up|had enough|no excuse|screwed|ripped off|misled|lied to|killing me|missed (my |our |the )?(connection|connecting flight|flight|train|bus))\b",
    (
        r"\b(what a joke|do better|get it together|you had one job|too much to ask|not impressed|(?<!thanks )(?<!thank you )so much for|"
        r"how is (this|that|it) (acceptable|ok|okay|possible|fair|legal)|unbelievable|unacceptable)\b"
    ),
    r"\bwish (it|this|that) (would )?work(ed)?\b|\b(want|need) (my|our) .{0,30}\bback\b",
    # Effort and time it cost: "took me 40 minutes", "it's been 12 days".
    r"\b(took|takes|taking)\s+(me|us|them|it)?\s*(over\s+|almost\s+|nearly\s+|like\s+)?(\d+|an?|two|three|several)\s*(\+\s*)?(hours?|hrs?|minutes?|mins?|days?|weeks?|months?|tries|attempts)\b",
    r"\b(it'?s|it has|its) been\s+(over\s+|almost\s+|nearly\s+)?(\d+|two|three|several)\s+(days?|weeks?|months?)\b",
    # Churn and escalation: the author is leaving, or needs a human to get anything done.
    r"\b(first and last|last time (i|we)|never (flying|using|buying|ordering|booking|shopping)|boycott\w*|"
    # "I will never use you again", "never ever flying with them again"; and being let down.
    r"never (ever )?(use|fly|flie|buy|order|book|shop|stay|eat|come|return|download)\w* (\w+ ){0,3}again|"
    r"(?<!never )(?<!n't )(?<!not )(?<!nt )let(s|ting)? (me|us|them|him|her|everyone|people|customers|(my|our) \w+) down|(a|such a|big|huge|real|total) let ?down|"
    r"should('?ve| have) (flown|gone with|taken|bought|picked|chosen|stuck with|used)|"
    # What someone failed to do, in the counterfactual: "we should have been given the option",
    # "you could have told us", "someone should have warned us".
    r"\b(you|they|u|someone|somebody|staff|agents?|the \w+) (should|could|would)('?ve| have) (at least )?(told|warned|informed|called|offered|given|let|notified|said|mentioned|explained)|"
    r"\b(we|i) (should|would)('?ve| have) been (told|warned|informed|given|offered|notified|called|compensated|refunded)|"
    r"\b(it|this|that|they|you|u|there|which) should('?ve| have) (already )?(been|gone|gotten|got|arrived|come|done|known|taken)|"
    r"(speak|talk) (to|with) (a|an|your) (supervisor|manager|human|real person)|a (real )?human being|"
    r"(cancel\w*|delet\w*|unsubscrib\w*) my (account|subscription|membership))\b",
    r"\b(haven'?t|hasn'?t|have not|has not|still not|still haven'?t|still didn'?t|still did not|yet to)\s+(even\s+|yet\s+)?(moved|left|arrived|received|receive|heard|hear|gotten|got|get|shipped|showed|come|boarded|taken off)\b",
    r"\b(denied|refused|declined|rejected|turned away|bumped|downgraded)\b",
    # Excess: "way too short", "far too blue" (plain "too good" is praise, so an intensifier is required).
    r"\b(way|far|much|simply|bit|little)\s+too\s+(?!good|cute|pretty|beautiful|fun|perfect)\w+",
    # Price objections.
    r"\b(too|so|very|way|crazy|insanely|ridiculously)\s+(expensive|pricey|high|much money)\b|\bnot worth\b|\bno thanks\b|\b(out of|over) (my|our) budget\b|\b(can'?t|cannot) afford\b",
    # Not what was shown or promised ("better designed than the website" praises).
    r"\b(looks?|looked|is|was|nothing)\s+(\w+\s+){0,2}like (the|in the|on the) (photos?|pictures?|ad|advert|video|website)|"
    r"\bnothing like\b|\bnot (as|what was) (advertised|pictured|described|shown|promised)\b|^(?!.*\b(better|nicer|prettier|lovelier|more (beautiful|vibrant|gorgeous|stunning))\b.*\bthan\b).*\bthan (in |on )?the (photos?|pictures?|ad|website)\b",
    # Price objections: "$199 for a colour?", "the price is insane", "ridiculous price".
    r"([$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s*(dollars|bucks|euros?|pounds))\s+(for|on top of)\s+(a|an|the|this|that|one|just|some)\b.*(\?|\b(wild|insane|crazy|steep|lol|no|nah|seriously|really|joke)\b)",
    r"\b(ridiculous|insane|crazy|steep|absurd|outrageous|brutal|silly)\s+(price|pricing|prices)\b|\bpric(e|es|ing|ed)\b.{0,20}\b(is|are)\s+(wild|insane|crazy|steep|absurd|outrageous|brutal|a joke|too high|way too)\b",
    # Entitlement denied: "I shouldn't have to call three times", "it should not take a week".
    r"\b(shouldn'?t|should not)\s+(have to|need to|take|be (this|that|so))\b",
    r"\b(can'?t|cannot|couldn'?t|could not|unable to)\s+get\s+(\w+\s+){1,4}to\s+(work|load|open|connect|start|play|sync|run|respond|pair)\b",
    # Sarcastic thanks for a harm: "thanks for ruining my trip", "thanks for the canned reply".
    r"\bthanks?( you)?( so much| again| a lot)? for (ruining|losing|wasting|nothing|another|"
    r"the (canned|generic|automated|third|second|fourth|fifth|\w+ (delay|cancel\w*|gate change|hold))|"
    r"(making|leaving|keeping|letting) (me|us) (wait|sit|stand|stuck|stranded|miss)|"
    r"(the|a|your) (canned|generic|automated|copy[- ]paste|useless|non-?)\w*)",
    # The sarcastic frame "<complaint>. for a lamp" / "... on a $129 phone".
    r"^\s*for an?\s+\w+\s*[.!?]*\s*$",
]
_COMPLAINT_WEAK = [
    rf"\b({_OPINION_WORDS})\b",
    r"\b(won'?t|wouldn'?t) let\b",
    r"\b(doesn'?t|does not|don'?t|didn'?t|won'?t|can'?t|cannot|cant|couldn'?t|not|unable)\b",
    r"\b(wrong|hard|difficult|confusing|expensive|wait\w*|ads?|fix|still|again|why|problems?|issues?)\b",
]

# A negated auxiliary, with or without the apostrophe ("doesn't", "dont", "can't", "wont",
# "cannot"). Spelled out rather than a bare "n'?t", which also ends "excellent", "recent",
# "current" and "want": "the recent update crashes" negated nothing.
_NEG = r"(?:(?:ai|are|ca|could|did|does|do|had|has|have|is|must|need|sha|should|was|were|wo|would)n'?t|cannot)"

# --- questions ----------------------------------------------------------------
_QUESTION_START = re.compile(
    # "would love X" / "would be nice" open statements (elliptical "I would ..."), not questions.
    r"^(?!\s*(would|could|should)\s+(really\s+)?(love|like|be|buy|pay|prefer|rather|kill|give|have been)\b)"
    r"(?!\s*(do|does|did|is|are|was|were|can|could|will|would|has|have)\s+not\b)"
    r"\s*(how|what|when|where|which|who|whom|whose|why|is|are|am|was|were|do|does|did|can|could|will|would|should|"
    r"has|have|may|anyone|any(one|body) know|is there|are there)\b",
    _FLAGS,
)
# Problems whose absence is news ("no more crashes", "no flicker at all").
_GONE = (
    r"crash\w*|bugs?|lag\w*|glitch\w*|freez\w*|flicker\w*|ads|problems?|issues?|errors?|"
    r"disconnect\w*|drain\w*|delays?|buffer\w*|stutter\w*"
)
_PRAISE_WORDS = re.compile(
    r"\b(love|loved|loving|luv|lov|great|awesome|amazing|excellent|fantastic|wonderful|perfect|perfectly|best|"
    r"brilliant|superb|outstanding|impressive|beautiful|lovely|incredible|fabulous|terrific|"
    r"good|nice|cool|fun|addictive|helpful|useful|easy|enjoy\w*|recommend\w*|"
    r"thanks?|thank you|thx|ty|kudos|bravo|well done|keep it up|props|rock|rocks|"
    r"5 stars?|five stars?|10/10|a\+|smooth|fast|reliable|friendly|happy|glad|pleased|appreciate\w*|"
    # Social-media praise idioms.
    r"obsessed|worth every penny|worth (it|the (price|money|wait))|game[- ]?changer|chef'?s kiss|take my money|"
    r"respect|favou?rite|genius|gorgeous|stunning|dope|legend(ary)?|heroes|hero|life[- ]?saver|"
    r"can'?t wait|so satisfying|works like a charm|never looked better|changed my (\w+ )?life|"
    r"love (it|this|mine|my)|must[- ]have|well worth|highly rated|underrated|"
    # A problem that is gone: "no more crashes", "no flicker at all".
    r"no (more|longer any) (\w+ )?(" + _GONE + r")|no (\w+ )?(" + _GONE + r") (at all|whatsoever))\b",
    _FLAGS,
)
_NEGATED_PRAISE = re.compile(
    r"\b(not|" + _NEG + r"|never|no|hardly|less than)\s+(so\s+|very\s+|that\s+|too\s+|really\s+)?"
    r"(good|great|nice|fun|helpful|useful|easy|happy|best|perfect|fast|smooth|reliable|friendly|pleased|impressed|"
    # "can't recommend it enough", "cannot recommend a better place": praise idioms.
    r"recommend\w*(?![^.!?]{0,30}\b(enough|more|highly|a better)\b))\b"
    r"|\b(used to|was)\s+(be\s+)?(good|great|the best|fun|awesome|amazing|perfect)\b|\b(thanks for nothing|no,? thanks?( you)?)\b",
    _FLAGS,
)


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    # Compiled once at import (looking patterns up in re's cache per sentence cost a third of
    # the rules' time at 100k comments), case-sensitive: the patterns are lower-case and are
    # matched against lower-cased text, which re searches about a third faster than IGNORECASE.
    return tuple(re.compile(p) for p in patterns)


# A sentence's ``may`` mask (see :func:`rule_table`) has the bit of every pattern of the rules (its
# slot in _SLOT) set when the sentence holds the literals every match of it needs; None: all may.
def _search(pattern: re.Pattern[str], text: str, may: int | None = None) -> re.Match | None:
    """``pattern.search(text)``, skipped (None) when ``may`` proves it cannot match."""
    if may is not None and not may >> _SLOT[id(pattern)] & 1:
        return None
    return pattern.search(text)


def _any(patterns: tuple[re.Pattern[str], ...], text: str, may: int | None = None) -> bool:
    """Does any pattern match? ``text`` must be lower-cased."""
    if may is None:
        return any(p.search(text) for p in patterns)
    # Only the patterns whose literals the sentence holds, found bit by bit (usually none).
    candidates = may & _GROUP_MASK[id(patterns)]
    while candidates:
        bit = candidates & -candidates
        if _BY_SLOT[bit.bit_length() - 1].search(text):
            return True
        candidates ^= bit
    return False


_REQUEST_STRONG_RE = _compile(_REQUEST_STRONG)
# Cues that name an ask themselves: a bare "pls" or "+1" beside a repair ("pls. fix it") does
# not make a clause of a repair sentence a new request.
_REQUEST_EXPLICIT_RE = _compile([p for p in _REQUEST_STRONG if p not in _IMPLICIT])
_REQUEST_WEAK_RE = _compile(_REQUEST_WEAK)
_COMPLAINT_STRONG_RE = _compile(_COMPLAINT_STRONG)
_COMPLAINT_WEAK_RE = _compile(_COMPLAINT_WEAK)
_PROBLEM_RE = re.compile(rf"\b({_PROBLEM_WORDS})\b(?![- ]?(free|proof)\b)")


def request_score(sentence: str) -> float:
    """1 for a clear request cue, 0.5 for a weak one, else 0.

    A call to repair ("please fix the login", "make it stop draining my battery", "update
    asap") asks for nothing new: 0 here, a complaint in :func:`complaint_score`. A sentence
    that asks for both ("put more missions and pls fix the bugs") is still a request.

    Example:
        >>> request_score("make it stop draining my battery"), request_score("add more levels and fix the bugs")
        (0.0, 1.0)
    """
    return _request_score(sentence.lower())


def _request_score(low: str, may: int | None = None) -> float:
    strong = _is_strong_request(low, may)
    if strong and not _search(_REPAIR, low, may):
        return 1.0
    if strong:
        # A call to repair is the complaint's: only a clause asking for something new (not
        # a repair) makes the sentence a request ("put more missions and pls fix the bugs").
        # A clause is part of the sentence: what it cannot contain, no clause does.
        if any(
            _any(_REQUEST_EXPLICIT_RE, c, may) and not _search(_REPAIR, c, may)
            for c in _CLAUSE.split(low)
            if c
        ):
            return 1.0
        return 0.0 if _search(_REPAIR_ASK, low, may) else 0.5
    if _search(_REPAIR_ASK, low, may):
        return 0.0
    return 0.5 if _any(_REQUEST_WEAK_RE, low, may) else 0.0


def _is_strong_request(low: str, may: int | None = None) -> bool:
    return _any(_REQUEST_STRONG_RE, low, may) or _missing(low, may)


# What other products lack, or what this one may lack, is no ask: "all other browsers lack
# one feature or another", "they lack many features", "it may lack some features but it's free".
_OTHERS_LACK = re.compile(
    r"\b(other|others|they|which|most|many|competitors?|competition|may|might)\b[^,;.!?]{0,30}\black"
)


def _missing(low: str, may: int | None = None) -> bool:
    """A capability the product lacks ("no option to", "lack of a save feature")."""
    found = _search(_MISSING_CAPABILITY, low, may)
    if found is None:
        return False
    return not (found.group(0).startswith("lack") and _search(_OTHERS_LACK, low, may))


# Nouns that name a capability of a product (what a feature request asks for).
_CAPABILITY = re.compile(
    r"\b(features?|options?|settings?|abilit(y|ies)|functions?|functionality|customi[sz]\w*|widgets?|"
    r"integration|support for|modes?)\b",
    _FLAGS,
)


def names_capability(text: str) -> bool:
    """True when the text names a capability ("feature", "option", "dark mode", "support for").

    Example:
        >>> names_capability("please add an option to mute"), names_capability("please call me back")
        (True, False)
    """
    return bool(_CAPABILITY.search(text))


# A problem already solved ("the update fixed the crash for me", "that worked") and a support
# team's reply ("sorry about that, DM us", "a fix is rolling out") mention problems without
# complaining about one.
_RESOLVED = re.compile(
    r"^(?!.*\b(not|" + _NEG + r"|never|still|again|yet|but|except|however)\b).*\b(fixed|solved|resolved|sorted( out)?)\b"
    # "that worked" after a remedy; not a past state a problem ended ("it worked well at first,
    # now it freezes", "it worked until the update").
    r"|^(?!.*\b(not|" + _NEG + r"|never|still|now|until|anymore|no longer|used to|at first|then|but|however)\b)"
    r".*\b(that|this|it) (worked|did the trick)\b|\bworth a try\b"
    # Trouble that is over: "thanks to this app I can finally read them".
    r"|^(?!.*\b(not|" + _NEG + r"|never|still)\b).*\b((i|we) can (now )?finally|finally,? (i|we) can)\b"
    # Gratitude for a repair: "thank you devs for fixing this issue".
    r"|\b(thanks?|thank you|thx|kudos)\b(\s+\w+){0,3}\s+for\s+(fixing|the (quick |fast |recent )?fix|solving|resolving|sorting|repairing|addressing)\b"
    # "the battery fix seems to work", "the update finally works": a remedy that works.
    r"|^(?!.*\b(not|" + _NEG + r"|never|no longer|stopped|but|except|however)\b).*"
    r"\b(fix|patch|update|workaround|solution|reset|reinstall)\b(\s+\S+){0,2}?\s+(seems? to |finally |now )?(works?|worked|helped|did it)\b"
    # "no more crashes so far", "no lag at all": the problem is gone.
    r"|^(?!.*\b(but|except|however|though|although)\b).*\bno (more|longer any) (\w+ )?(" + _GONE + r")\b"
    r"|^(?!.*\b(but|except|however|though|although)\b).*\bno (\w+ )?(" + _GONE + r") (at all|whatsoever)\b",
    _FLAGS,
)
_SERVICE_REPLY = re.compile(
    # Not pity: "I feel sorry for the staff".
    r"\b((?<!feel )(?<!felt )(?<!feels )(?<!feel so )(?<!feel very )(?<!feel really )(?<!felt so )((we'?re|we are|we'?ve been|so|really|very) sorry|sorry (about|for|to hear))|apologi[sz]e for|"
    r"(dm|message|email|contact) us|we'?ll (look into|send|check|sort|pass|escalate|get)|"
    r"thanks? (you )?for (flagging|the report|reporting|letting us know|your patience|the kind words|the feedback|the nudge)|"
    r"pass(ing)? (it|this|that|them|these|your \w+)? ?(on |along )?to (the|our) (\w+ )?team|"
    r"(a |the )?fix\b.{0,40}\b(is|are) (coming|rolling out|on (the|its) way|in review|planned)|"
    r"we'?re (fixing|working on|looking into|actively|aware))\b",
    _FLAGS,
)


# An apology that is not a support team's: the author's own ("sorry for my bad English") or
# someone else's, reported ("they are just sorry", "the only staff to apologize", "you
# apologise for his frustrations").
_NOT_A_TEAM_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e)\s+(about|for)\s+(my|me|myself|being)\b|"
    r"\b(they|he|she|you|u|staff|agents?|crew|captain|pilot|employees?|someone|nobody|no one)"
    r"((\s+(just|only|even|never|did|didn'?t|was|were|is|are|to|had|has|have|said|says|say|so|very|really))"
    r"{0,3})\s+(sorry|apologi[sz]ed?)\b",
    _FLAGS,
)
_APOLOGY = re.compile(r"sorry|apologi", _FLAGS)


def _reply_cue(sentence: str, may: int | None = None) -> bool:
    """A support team's reply cue, other than an apology that is the author's own or reported."""
    if _search(_SERVICE_REPLY, sentence, may) is None:
        return False
    if not _NOT_A_TEAM_APOLOGY.search(sentence):
        return True
    return any(not _APOLOGY.search(m.group(0)) for m in _SERVICE_REPLY.finditer(sentence))


def is_support_reply(sentence: str) -> bool:
    """True for a support team's reply ("Sorry to hear that! DM us your order number").

    Example:
        >>> is_support_reply("So sorry about this, please DM us your app version.")
        True
        >>> is_support_reply("Sorry for my bad English, the app crashes on start.")
        False
    """
    return _reply_cue(sentence)


def is_resolved(sentence: str) -> bool:
    """True for a problem reported as solved ("the update fixed it for me").

    Example:
        >>> is_resolved("3.2 fixed the sync for me"), is_resolved("still not fixed")
        (True, False)
    """
    return bool(_RESOLVED.search(sentence))


def complaint_score(sentence: str) -> float:
    """1 for a clear problem cue (problem word, negated function verb, waiting), 0.5 for weak ones
    (0.25 beside an ask for something new); 0 for a solved problem or a support team's reply."""
    return _complaint_score(sentence, sentence.lower())


def _complaint_score(sentence: str, low: str, may: int | None = None) -> float:
    if _search(_RESOLVED, sentence, may) or _reply_cue(sentence, may):
        return 0.0
    if _search(_REPAIR_ASK, low, may) and not _search(_NOT_A_PROBLEM, low, may):
        # "still needs work, i miss the push feature": an unspecific call to improve beside a
        # missing capability asks for that capability; it names no failure.
        general = _GENERAL_IMPROVEMENT.sub(" ", low)
        if (
            general != low
            and not _REPAIR_ASK.search(general)
            and not _PROBLEM_RE.search(general)
            and (_missing(general) or _any(_REQUEST_EXPLICIT_RE, general))
        ):
            return 0.25
        return 1.0  # a call to repair: "make it stop draining my battery", "update asap"
    if _any(_COMPLAINT_STRONG_RE, low, may) and not _search(_NOT_A_PROBLEM, sentence, may):
        # "can't edit posts" next to "no option to ..." is a missing feature, not a failure; so
        # is "my only problem is that I'd like to save to the sd card": "problem" and "issue"
        # frame the ask there, they name no failure.
        unframed = _FRAMING.sub(" ", low)
        # Blanking words may join literals the sentence did not hold: a changed text is searched
        # without the sentence's pre-filter.
        unframed_may = may if unframed == low else None
        missing = _missing(low, may)
        if (missing or _any(_REQUEST_EXPLICIT_RE, unframed, unframed_may)) and not (
            _search(_PROBLEM_RE, unframed, unframed_may)
            if missing
            else _any(_COMPLAINT_STRONG_RE, unframed, unframed_may)
        ):
            return 0.25
        return 1.0
    if "how to" in low:
        # Not knowing how to do something ("i don't know how to play it") asks how; it names
        # no fault. Its negation is not the weak cue of one.
        known = _KNOW_HOW.sub(" ", low)
        if known != low:
            low, may = known, None
    if not _any(_COMPLAINT_WEAK_RE, low, may):
        return 0.0
    # "the lack of a save feature is frustrating", "please add X, the menus are confusing":
    # evaluative words beside an ask for something new mostly say how much it is missed.
    if _missing(low, may) or (
        _any(_REQUEST_EXPLICIT_RE, low, may) and not _search(_REPAIR, low, may)
    ):
        return 0.25
    return 0.5


# Calls to improve that name nothing to repair: "needs work", "needs some polish".
_GENERAL_IMPROVEMENT = re.compile(
    r"\bneeds? (some |more |a lot of |lots of |a little |a bit of |much )?"
    r"(improvements?|work|polish|polishing|tweaking)\b"
)
# The author's own lack of know-how: "i can't figure out how to", "we don't know how to".
_KNOW_HOW = re.compile(
    r"\b(i|we)\s+(still\s+|just\s+)?"
    r"(do not|don'?t|dont|did not|didn'?t|can'?t|cant|cannot|could not|couldn'?t)\s+"
    r"(really\s+|even\s+|quite\s+)?(know|understand|figure out|work out|see|tell)\s+how to\b"
)


# Nouns that introduce what follows ("the only problem is ...", "one issue I have: no X").
_FRAMING = re.compile(r"\b(problems?|issues?|complaints?|downsides?|cons)\b")


# Problem words under negation or in praise idioms are not problems ("no bugs", "not bad", "never crashes").
_NOT_A_PROBLEM = re.compile(
    # A negated problem in a counterfactual says the problem is there: "I'd give it 5 stars if
    # it didn't crash", "would be perfect if only it wouldn't freeze".
    r"^(?!.*\b(but|however|except|although|though)\b)"
    r"(?!.*\bif (only )?(it|this|they|the \w+) (did|would|was|were)(n'?t| not)\b).*"
    # Up to two words between ("never had it crash", "not a battery drain", "no major issues"),
    # but not a verb that deals with the problem: "doesn't address the issue", "never fails to
    # disappoint" complain.
    r"\b(no|not|never|zero|without|free of|hardly any|not a single|" + _NEG + r")\s+"
    r"((?!(address|fix|solv|resolv|fail|handl|answer|explain|acknowledg|understand|deal|help)\w*\b)\w+\s+){0,2}"
    r"(bugs?|crash\w*|glitch\w*|lag\w*|problems?|issues?|errors?|bad|ads|complaints?|freez\w*|delay\w*|fault|complain|flicker\w*|buzz\w*|leak\w*|hassle|"
    # "doesn't kill / drain / hog my battery", "doesn't slow my phone down": praise by negation.
    r"kill\w*|drain\w*|hog\w*|slow\w*|overheat\w*|disappoint\w*|(memory|battery|resource)[ -]intensive|"
    # "does not take up a lot of space", "doesn't use much battery".
    r"(take|use|eat|consume)s?\s+(up\s+)?(a lot|lots|too much|much|so much|tons|a ton))\b.*$",
    _FLAGS,
)


def question_score(sentence: str) -> float:
    """1 for a sentence ending in '?', 0.6 for an interrogative opening without one."""
    return _question_score(sentence)


def _question_score(sentence: str, may: int | None = None) -> float:
    text = sentence.strip()
    if text.endswith("?") and len(_WORD.findall(text)) > 1:
        return 1.0
    if may is not None and not may >> _SLOT[id(_QUESTION_START)] & 1:
        return 0.0
    return 0.6 if _QUESTION_START.match(text) else 0.0


# Praise words in a wish or a condition praise nothing yet: "it would be great if ...".
_HYPOTHETICAL_PRAISE = re.compile(
    r"\b(would|could|will|'d|'ll|might)\s+(be|look|make it|feel)?\s*(so\s+|really\s+|even\s+|much\s+)?"
    r"(great|nice|awesome|cool|perfect|good|better|best|amazing|helpful|useful|fun)\b"
    r"|\b(would|'d)\s+(really\s+)?(love|like|appreciate|enjoy)\b"
    r"|\b(give|rate)\s+(it\s+)?(a\s+)?(5|five|10)\s*(stars?)?\s*(if|when|once|after)\b",
    _FLAGS,
)


def praise_score(sentence: str) -> float:
    """1 for a praise word that is neither negated nor hypothetical, else 0."""
    return _praise_score(sentence)


def _praise_score(sentence: str, may: int | None = None) -> float:
    text = sentence
    for blank in (_NEGATED_PRAISE, _HYPOTHETICAL_PRAISE):
        if may is None or may >> _SLOT[id(blank)] & 1:
            text = blank.sub(" ", text)
            # Blanking may join literals the sentence did not hold: no pre-filter from here on.
            may = may if text == sentence else None
    return 1.0 if _search(_PRAISE_WORDS, text, may) else 0.0


def rule_scores(sentence: str) -> dict[str, float]:
    """Scores in [0, 1] for request, complaint, question and praise of one sentence.

    Example:
        >>> rule_scores("How do I export my notes?")["question"]
        1.0
    """
    return {
        S.REQUEST: request_score(sentence),
        S.COMPLAINT: complaint_score(sentence),
        S.QUESTION: question_score(sentence),
        S.PRAISE: praise_score(sentence),
    }


# --- many sentences at once ----------------------------------------------------
# Every pattern the rules search, each in one slot of a sentence's ``may`` mask. Case-sensitive
# ones are only ever searched in lower-cased text; case-insensitive ones in any casing.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    *_REQUEST_STRONG_RE,
    *_REQUEST_EXPLICIT_RE,
    *_REQUEST_WEAK_RE,
    *_COMPLAINT_STRONG_RE,
    *_COMPLAINT_WEAK_RE,
    _PROBLEM_RE,
    _MISSING_CAPABILITY,
    _OTHERS_LACK,
    _REPAIR_ASK,
    _REPAIR,
    _RESOLVED,
    _SERVICE_REPLY,
    _NOT_A_PROBLEM,
    _QUESTION_START,
    _PRAISE_WORDS,
    _NEGATED_PRAISE,
    _HYPOTHETICAL_PRAISE,
)
_SLOT: dict[int, int] = {}
_BY_SLOT: list[re.Pattern[str]] = []
for _pattern in _PATTERNS:
    if id(_pattern) not in _SLOT:
        _SLOT[id(_pattern)] = len(_BY_SLOT)
        _BY_SLOT.append(_pattern)
# The bits of the patterns of each group that _any searches.
_GROUP_MASK: dict[int, int] = {
    id(group): sum(1 << _SLOT[id(p)] for p in set(group))
    for group in (
        _REQUEST_STRONG_RE,
        _REQUEST_EXPLICIT_RE,
        _REQUEST_WEAK_RE,
        _COMPLAINT_STRONG_RE,
        _COMPLAINT_WEAK_RE,
    )
}


class _Prefilter:
    """For every pattern, literals one of which each of its matches contains (up to three such
    sets, :func:`insights.clean.literals.literal_guards`), looked up for many sentences in one
    pass (:class:`insights.clean.literals.LiteralIndex`): a sentence lacking them all is never
    searched. Most sentences match few of the ~100 patterns, and the regex engine is slow to
    reject a sentence (it tries every alternative at every position)."""

    def __init__(self) -> None:
        from insights.clean.literals import LiteralIndex, literal_guards

        groups: dict[tuple[str, ...], int] = {}
        self.guards: list[list[int]] = [[] for _ in range(len(_SLOT))]
        self.folded = np.zeros(len(_SLOT), dtype=bool)
        for pattern in _PATTERNS:
            slot = _SLOT[id(pattern)]
            folded = bool(pattern.flags & re.IGNORECASE)
            self.folded[slot] = folded
            self.guards[slot] = []
            for literals in literal_guards(pattern.pattern):
                if folded:
                    # A case-insensitive match holds the literal in some casing: the lower-cased
                    # sentence holds its lower case (checked for ASCII sentences only, where
                    # lower-casing is one letter for one letter).
                    literals = tuple(sorted({w.lower() for w in literals}))
                    if not all(w.isascii() for w in literals):
                        continue
                key = literals
                self.guards[slot].append(groups.setdefault(key, len(groups)))
        self.index = LiteralIndex(list(groups))

    def may(self, sentences: Sequence[str], lows: Sequence[str]) -> list[int]:
        """Per sentence, a mask with the bit of each pattern that may match set."""
        present = self.index.contains(lows)
        out = np.ones((len(lows), len(_SLOT)), dtype=bool)
        for slot, guards in enumerate(self.guards):
            for g in guards:
                out[:, slot] &= present[:, g]
        if self.folded.any():
            other = np.array([not s.isascii() for s in sentences], dtype=bool)
            out[np.ix_(other, self.folded)] = True
        packed = np.packbits(out, axis=1, bitorder="little")
        return [int.from_bytes(row.tobytes(), "little") for row in packed]


_PREFILTER: list[_Prefilter] = []


def _prefilter() -> _Prefilter | None:
    """The shared pre-filter; None without numba (looking literals up one by one in Python
    costs more than the searches it saves)."""
    from insights.clean.native import kernel

    if kernel("literal_walk") is None:
        return None
    if not _PREFILTER:
        _PREFILTER.append(_Prefilter())
    return _PREFILTER[0]


def rule_table(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`rule_scores`, :func:`is_support_reply` and :func:`is_resolved` of many sentences:
    the same values, several times faster.

    Returns:
        ((n, 4) scores for request, complaint, question, praise; (n,) support reply;
        (n,) resolved).

    Example:
        >>> scores, reply, solved = rule_table(["please add a dark mode!!", "Sorry to hear that, DM us"])
        >>> scores[0].tolist(), reply.tolist()
        ([1.0, 0.0, 0.0, 0.0], [False, True])
    """
    sentences = list(sentences)
    n = len(sentences)
    scores = np.zeros((n, 4))
    reply = np.zeros(n, dtype=bool)
    solved = np.zeros(n, dtype=bool)
    # Sentences already scored in this process (another partition's, or a comment that repeats
    # one) are not scored again: the values depend on the sentence alone.
    rows = _TABLE_MEMO.lookup(sentences, _table_rows, limit=_TABLE_MEMO_LIMIT)
    if n:
        table = np.array(rows, dtype=float)
        scores[:] = table[:, :4]
        reply[:] = table[:, 4] > 0
        solved[:] = table[:, 5] > 0
    return scores, reply, solved


def _table_rows(sentences: list[str]) -> list[tuple[float, float, float, float, bool, bool]]:
    """rule_table's row of each sentence, behind one pre-filter pass over them all."""
    lows = [s.lower() for s in sentences]
    prefilter = _prefilter()
    mays = prefilter.may(sentences, lows) if prefilter is not None else [None] * len(sentences)
    return [
        (
            _request_score(low, may),
            _complaint_score(sentence, low, may),
            _question_score(sentence, may),
            _praise_score(sentence, may),
            _reply_cue(sentence, may),
            _search(_RESOLVED, sentence, may) is not None,
        )
        for sentence, low, may in zip(sentences, lows, mays)
    ]


_TABLE_MEMO = BatchMemo()
_TABLE_MEMO_LIMIT = 300_000
