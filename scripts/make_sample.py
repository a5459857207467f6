#!/usr/bin/env python
"""Generate ``data/sample/``: a synthetic Instagram comment export for a fictional brand.

The brand is *Lumio* (fictional): the Lumio Arc smart desk lamp, the Orbit clip light and
the Lumio companion app. Every comment text below was hand-written for this demo; the
generator only decides which post each comment lands on, when, by whom, with how many
likes, which comment it replies to, and adds light, human-looking perturbations
(lowercasing, dropped full stops, curly apostrophes, the odd typo or emoji).

Output (deterministic, byte-identical on every run):

* ``data/sample/comments.csv`` -- the export: comment_id, post_id, post_title, variant,
  author, published_at, like_count, parent_id, text
* ``data/sample/labels.csv`` -- ground truth: comment_id, intent, intents, spam, topic,
  language, duplicate_of
* ``data/sample/README.md`` -- what the export is, with counts

Run: ``python scripts/make_sample.py`` (standard library only).

Text markers used in the pools below (stripped before output):

* ``{p04+}`` only on posts p04 and later; ``{p04-p08}`` only on posts p04..p08 (and the
  comment is dated before p09 goes out); ``{p07c}`` / ``{p07a,p07c}`` only on those posts.
  For replies the marker constrains the post of the parent comment.
* ``[request;praise]`` the intents of this comment, primary first (default: the pool's).
* ``<regex>`` on a reply: only answers comments whose text matches (case-insensitive).
  On brand answers ``[...]`` names the intents of the comments answered (default
  complaint, question, request); brand answers are labelled ``other``.
* ``{at}`` in a reply: replaced by ``@<parent author>``.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import string
import unicodedata
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20241103
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sample"
BRAND = "lumio.home"
END = datetime(2024, 11, 12, 12, 0, tzinfo=timezone.utc)


def _t(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc)


# post_id, order, variant, posted_at (UTC), reach (relative audience), caption
POSTS = [
    ("p01", 1, "", _t("2024-09-03 16:00"), 2.2,
     "Meet Lumio Arc ✨ the desk lamp that follows your day. Bright, cool light for focus, "
     "warm light to wind down, all from the Lumio app. Out now, $129."),
    ("p02", 2, "", _t("2024-09-10 17:30"), 0.6,
     "Behind the scenes at our Portland studio: 14 prototypes, one very patient engineer "
     "and a lot of light meters 🔧"),
    ("p03", 3, "", _t("2024-09-16 15:00"), 0.8,
     "How to set up Lumio Arc in under 2 minutes 🛠️ pairing, your first scene and "
     "schedules (full video)"),
    ("p04", 4, "", _t("2024-09-24 14:00"), 1.2,
     "Lumio app 3.0 is here 🎉 Focus Sessions, a redesigned home screen and 12 new light "
     "scenes. Update now!"),
    ("p05", 5, "", _t("2024-09-28 18:45"), 0.9,
     "About yesterday's outage: we're sorry. Here's what happened, and what we're changing."),
    ("p06", 6, "", _t("2024-10-04 16:00"), 1.6,
     "GIVEAWAY 🎁 Win a Lumio Arc + Orbit clip light! Follow us, like this post and tag a "
     "friend who works late. Ends Oct 11, US & Canada."),
    ("p07a", 7, "A", _t("2024-10-11 15:00"), 1.2,
     "New: Lumio Arc in Sage 🌿 Calm, in colour."),
    ("p07b", 7, "B", _t("2024-10-11 15:02"), 1.0,
     "Arc + Orbit in Sage: $149 for both, ships this week 📦 Link in bio."),
    ("p07c", 7, "C", _t("2024-10-11 15:04"), 1.0,
     "Sage Edition. Hand-finished, limited run, $199. For the desk you're proud of."),
    ("p08", 8, "", _t("2024-10-18 17:00"), 0.7,
     "Priya works night shifts in the ICU. Here's how she uses Lumio to wind down after "
     "12 hours 💛"),
    ("p09", 9, "", _t("2024-10-25 14:30"), 0.9,
     "App 3.1 is out: the login crash is fixed, battery use is way down, and the Android "
     "home-screen widget (beta) is here 👀"),
    ("p10", 10, "", _t("2024-11-01 16:00"), 1.0,
     "You asked, we're listening: roadmap Q&A 🗺️ Drop your questions and requests below 👇"),
]
POST = {p[0]: dict(order=p[1], variant=p[2], at=p[3], reach=p[4], title=p[5]) for p in POSTS}
POST_IDS = [p[0] for p in POSTS]

# ---------------------------------------------------------------------------------------
# Themed comments. weights: relative chance that a comment of this theme lands on a post
# (posts not listed get 0.1 x reach). top: top-level comments by primary intent.
# replies: user replies by intent. brand: replies from the brand account.
# ---------------------------------------------------------------------------------------
THEMES: dict[str, dict] = {}

THEMES["dark_mode"] = dict(
    weights=dict(p01=.6, p02=.3, p03=.5, p04=1.5, p05=.6, p06=.4, p07a=.4, p07b=.3, p07c=.3,
                 p08=.8, p09=2.2, p10=4.5),
    top=dict(
        request=[
            "please add a dark mode to the app, opening it at night literally blinds me",
            "Dark mode when??",
            "any chance of a night theme? I use the lamp mostly in the evening and the white app screen is brutal",
            "black background option for the app pls 🙏",
            "{p04+}the new home screen is gorgeous but its SO bright. dark theme please",
            "would love a dark mode. every other app on my phone has one",
            "Feature request: dark mode that follows the system setting on iOS",
            "dark mode. that's it. that's the comment.",
            "can we get a darker UI option? even just dimmer greys would help",
            "it's a lamp for winding down at night and the app is bright white… the irony 😅 dark mode pls",
            "[request;praise]Love the lamp, genuinely. Only thing missing is a dark mode in the app",
            "{p09+}3.1 and still no dark mode?? come on guys",
            "{p09+}[request;complaint]widget is nice but where is the dark mode we've been asking for since launch",
            "{p10}dark mode dark mode dark mode",
            "{p10}Top of my list: a proper dark theme. true OLED black if you can",
            "{p10}1. dark mode\n2. dark mode\n3. see 1 and 2",
            "please give us a night mode for the app, my partner complains when i adjust the lamp in bed",
            "app needs a dark version, it hurts my eyes at 11pm which kind of defeats the point of a warm light lamp",
            "add dark mode and i'll stop commenting this on every post lol",
            "{p08+}bet Priya would appreciate a dark mode after a night shift too 👀",
            "Honest feedback: dark mode is the single thing everyone in my team who has one asks about",
            "{p04+}3.0 looks great but no dark mode in 2024 is wild",
            "pls add dark theme 🥺🥺",
            "#darkmode #lumioapp pretty please 🙏",
            "dark mode plsssss",
            "{p10}Can you at least tell us if dark mode is on the roadmap? yes or no",
            "Dear Lumio team, one (1) dark mode please. Thank you",
            "{p04+}the focus timer screen especially needs a dark version, it lights up my whole room",
            "{p10}[request;question]dark mode + OLED black. is that happening this year?",
        ],
        question=[
            "is dark mode coming or not?",
            "Does the app have a dark mode yet? Thinking of buying but I keep my phone in dark mode 24/7",
            "{p10}Any ETA on dark mode?",
            "is there a setting for dark theme im missing?",
        ],
        complaint=[
            "why is the app so bright at night, it's actually painful",
            "{p04+}the 3.0 redesign made the app even brighter. my retinas 😵",
        ],
    ),
    replies=dict(
        request=["+1 for dark mode", "this. please", "seconding this, the white screen at night is rough",
                 "yes!! night theme needed", "same request here", "dark mode would make this app perfect",
                 "{p10}adding my vote. dark mode 🖤"],
        other=["<is there|does the app have|missing|coming>{at} there isn't one yet, I just turn my phone brightness all the way down lol",
               "<missing>{at} you're not missing it, it doesn't exist yet 😅"],
    ),
    brand=[
        "Hear you loud and clear on dark mode 🌙 It's being designed right now, we'll share more soon!",
        "Dark mode is on the roadmap! Can't share a date yet but it's coming.",
        "{p10}Dark mode is our #1 requested feature and it's in progress, we're aiming for early next year 🖤",
        "Thanks for the nudge 😄 passing this along to the app team (again)!",
    ],
)

THEMES["android_widget"] = dict(
    weights=dict(p01=.8, p03=.6, p04=2, p05=.4, p06=.3, p07a=.3, p07b=.3, p07c=.3, p08=.4,
                 p09=3.5, p10=1.5),
    top=dict(
        request=[
            "android widget please! iOS got one and we're left out again",
            "Can we get a home screen widget on Android to toggle the lamp? opening the app every time is slow",
            "would kill for a widget. just on/off + brightness",
            "pls make an android widget, i'm not buying an iphone just for lumio",
            "a quick settings tile on android would be even better than a widget tbh",
            "request: widget for android 12+ with the focus timer on it",
            "{p04+}[request;complaint]3.0 is nice but still no widget for android?? ios users get everything first",
            "any chance of a pixel widget? even a tiny 1x1 button",
            "Android widget when",
            "feature request: home screen widget for samsung. I want to dim the lamp without unlocking my phone and digging through the app",
            "[request;praise]big fan of the lamp. but android widget pls, it's the one thing I'd change",
            "honestly a simple widget would save me like 30 taps a day",
            "{p09+}widget is great, now please make a bigger one with my scenes on it",
            "{p10}widget out of beta + a wear os tile please",
        ],
        question=[
            "is there a widget on android yet or just iPhone?",
            "does the android app have widgets? the play store screenshots don't show any",
            "will the android widget come to tablets too?",
            "{p09+}how do I turn on the widget beta? don't see it on my OnePlus",
        ],
        praise=[
            "{p09+}FINALLY the android widget 🙌 works great on my pixel 8",
            "{p09+}widget beta is exactly what I wanted. brightness slider on the home screen is chef's kiss",
            "{p09+}thank you for actually listening about the widget. took a while but worth it",
        ],
        complaint=[
            "{p09+}the widget doesn't update when i change the scene on the lamp itself, it just stays on the old one",
            "{p09+}widget beta keeps saying 'device offline' even when the lamp is on. samsung s23",
        ],
    ),
    replies=dict(
        request=["+1 android widget", "yes a quick settings tile would be amazing",
                 "{p01-p08}[request;complaint]same here, been asking for this since september"],
        other=["{p09+}<how do i turn on|don't see|widget on android yet>{at} Settings > Labs > Widget beta, then long press the home screen"],
        complaint=["{p09+}<doesn't update|offline>same on my samsung, the widget is stuck half the time"],
    ),
    brand=[
        "{p01-p08}Android widget is in the works! Thanks for your patience 💛",
        "{p09+}<how do i turn on|don't see|widget on android yet|does the android app|widget when>Go to Settings > Labs in the app and switch on 'Widget beta', then long-press your home screen to add it!",
        "{p09+}<doesn't update|offline>Thanks for the report, we're fixing the widget sync bug in the next beta build 🛠️",
    ],
)

THEMES["smart_home"] = dict(
    weights=dict(p01=3, p02=.4, p03=1.5, p04=.8, p05=1.2, p06=.3, p07a=.3, p07b=.6, p07c=.3,
                 p08=.3, p09=.4, p10=2.2),
    top=dict(
        question=[
            "does it work with alexa?",
            "Does this work with Google Home? Need to know before I order",
            "homekit support??",
            "can i control it with siri",
            "is it Matter compatible?",
            "will it work with my hue bridge or is it a separate thing",
            "can I just say 'alexa turn on the desk lamp' or does it need the app every time",
            "does it do IFTTT or any kind of automation outside the app?",
            "works with smartthings?",
            "Is there an API? I'd love to hook it into Home Assistant",
            "can i link it to google assistant and add it to routines?",
        ],
        request=[
            "please add Alexa integration, it's the only thing stopping me from buying 2 more",
            "HomeKit support would make this an instant buy for me",
            "Matter support please!! don't lock us into yet another app",
            "would love google home support so it turns off with my 'goodnight' routine",
            "Home Assistant integration pls, even a local API would do",
            "let me group it with my other smart lights, I don't want a whole separate app for one lamp",
            "[request;praise]Beautiful lamp but it really needs to work with alexa",
            "{p10}Matter. please. Matter.",
            "{p10}google home + alexa integration, that's my only ask",
            "siri shortcuts support would be huge",
        ],
        complaint=[
            "kinda annoying it doesn't work with alexa when every $20 smart bulb does",
            "{p05+}if it worked locally with homekit your outage wouldn't have mattered",
        ],
    ),
    replies=dict(
        other=["<alexa>{at} not yet, no alexa. I asked support last month",
               "<siri|homekit>it sort of works with siri, I set it up through the shortcuts app",
               "<home assistant|api>there's an unofficial home assistant integration on github but it breaks every update"],
        request=["<matter|lock us|group it>+1 for matter", "homekit please 🙏"],
    ),
    brand=[
        "<alexa|google>Not yet! Alexa and Google Home support are on our roadmap 🙌",
        "Right now Arc works through the Lumio app and Siri Shortcuts. Matter support is something we're actively working on.",
        "{p10}Matter is planned for 2025, it'll bring Google Home, Alexa and HomeKit in one go.",
    ],
)

THEMES["sunrise_alarm"] = dict(
    weights=dict(p01=.6, p04=.6, p08=3, p09=.4, p10=2.2),
    top=dict(
        request=[
            "would love a sunrise mode that slowly brightens in the morning like a wake up light",
            "can you add a sunrise alarm? I'd ditch my hatch for this",
            "please add a gradual wake-up light 🙏 winter mornings are rough",
            "a schedule that follows the actual sunrise/sunset times where I live would be amazing",
            "fade-in alarm please! my desk is right next to my bed (studio apartment life)",
            "{p08+}night shift worker here too, a wake-up light that fades in slowly would help so much",
            "{p10}sunrise alarm that syncs with my phone alarm. please",
            "let me schedule a slow fade out at bedtime, like over 30 min",
            "[request;praise]the warm evening mode is lovely, now give us a slow sunset fade",
        ],
        question=[
            "can it do a sunrise wake up thing or only schedules?",
            "is there a way to make it fade on gradually at 7am?",
        ],
    ),
    replies=dict(
        request=["this would be amazing"],
        other=["{at} you can kind of fake it with 3 schedules 10 min apart lol"],
    ),
    brand=[
        "Love this idea ☀️ passing it to the team!",
        "You can set a schedule with a 15-min fade under Schedules > Fade in. Longer fades are coming!",
    ],
)

THEMES["focus_sessions"] = dict(
    weights=dict(p04=4, p05=.5, p06=.4, p07a=.3, p07b=.3, p07c=.3, p08=.8, p09=1.2, p10=1.1),
    top=dict(
        praise=[
            "{p04+}focus sessions are genuinely great, the light shift at the end of 25 min is such a nice cue",
            "{p04+}ok the focus session thing is lowkey genius. my adhd brain loves it",
            "{p04+}been using focus sessions all week and I actually finished my thesis chapter lol",
            "{p04+}The cool-to-warm shift when the break starts is so subtle and smart",
            "{p04+}Focus sessions = best feature you've shipped",
            "{p04+}using the focus timer for study sessions every day now, love it",
            "{p04+}didn't think I'd care about a timer in a lamp app but here we are. love it",
        ],
        request=[
            "{p04+}please let us customise focus session length, 25/5 doesn't work for me",
            "{p04+}[request;praise]love focus sessions! could you add a history / stats page?",
            "{p04+}can focus sessions sync across two lamps? me and my partner share an office",
            "{p04+}a sound option for focus sessions please, I don't always notice the light change",
            "{p04+}would love to export my focus session history to a spreadsheet / csv",
            "{p10}export focus stats to csv or connect it to apple health pls",
        ],
        question=[
            "{p04+}do focus sessions work without the phone nearby?",
            "{p04+}can you pause a focus session from the button on the lamp?",
        ],
        complaint=[
            "{p04+}focus session timer stops when my phone locks, kind of useless",
        ],
    ),
    replies=dict(
        praise=["same, the timer thing is great"],
        request=["<length|25/5>{at} 50/10 would be perfect for me"],
    ),
    brand=[
        "{p04+}<length|25/5|customi>Custom lengths are coming in the next update! ⏱️",
        "{p04+}[praise]So glad it's helping! 💛",
    ],
)

CRASH_LONG = (
    "{p04-p08}Long-time fan, first time complaining.\n\nSince 3.0 the app crashes on login on both my "
    "phone and my iPad. I've reinstalled, logged out everywhere, restarted the lamp. Nothing. The lamp "
    "itself is lovely but right now I'm stuck at whatever brightness it was on when the update hit. "
    "Please fix this, and maybe run a beta program next time so we catch this stuff before it ships "
    "to everyone."
)

THEMES["app_crash"] = dict(
    weights=dict(p01=.3, p02=.2, p03=.4, p04=5, p05=3, p06=1.5, p07a=.6, p07b=.5, p07c=.6,
                 p08=.6, p09=2.5, p10=.5),
    top=dict(
        complaint=[
            "{p01-p03}app froze twice during setup and i had to reinstall it",
            "{p01-p03}the app keeps closing when I open the Scenes tab. iPhone 11",
            "{p04+}app crashes on login since the update",
            "{p04-p08}Updated to 3.0 and now the app closes the second I hit log in. can't turn my lamp on",
            "{p04-p08}3.0 crashed 4 times in 10 minutes. roll it back please",
            "{p04-p08}can't even log in anymore, white screen and then it closes. pixel 7",
            "{p04-p08}app is completely broken after the update, iPhone 14, iOS 17.6",
            "{p04-p08}Crashes on launch every time. Reinstalled twice. Same thing.",
            "{p04-p08}so the lamp works great but the app crashes constantly since 3.0, which kind of matters for a smart lamp",
            "{p04-p08}login → crash → login → crash. fun",
            "{p04-p08}Why push an update that crashes on login?? Did nobody test this",
            "{p04-p08}my app won't open since yesterday's update. tried deleting it, same",
            "{p04-p08}it crashes when i log in with apple id. email login works tho",
            "{p04-p08}app keeps crashing after update 😤 galaxy s22",
            "{p04-p08}cool new features, shame I can't see any of them because the app crashes",
            "{p04-p08}the app crashes right after the splash screen. on ipad too",
            "{p04-p08}Uninstalled and reinstalled, cleared cache, restarted phone. still crashes on login",
            "{p04-p08}Been a week and the app still crashes. Is anyone at Lumio reading these?",
            "{p04-p08}I literally can't change anything on my lamp without the app and the app crashes. paid $129 for a lamp stuck on 40%",
            "{p04-p08}instead of new scenes maybe fix the crashing",
            "{p05-p08}the outage is over but my app still crashes on login, so is that a separate thing?",
            "{p04-p08}stuck on 'signing you in…' and then it crashes",
            "{p04-p08}App crashes when I open Focus Sessions. every single time",
            "{p04-p08}3.0 update bricked my app lol",
            "{p06-p08}still crashing on login btw. nice giveaway though 🙃",
            "{p07-p08}maybe fix the app before launching new colours? mine still crashes",
            CRASH_LONG,
            "{p09+}3.1 still crashes on login on my s21. not fixed",
            "{p09+}3.1 fixed login but now it crashes when I edit a schedule lol",
        ],
        praise=[
            "{p09+}3.1 fixed the crash for me finally 🙏",
            "{p09+}can confirm 3.1 fixed the login crash on iphone 13",
            "{p09+}[praise;complaint]updated to 3.1, no more crashes so far. took long enough",
        ],
        question=[
            "{p04-p08}is there a fix for the login crash coming? or should I just wait",
            "{p04-p08}does anyone know how to get the old version back? 3.0 keeps crashing",
            "{p04-p08}is the app crashing for everyone or just me?",
            "{p04-p08}any ETA on the crash fix?",
        ],
    ),
    replies=dict(
        complaint=["{p04-p08}same here, iphone 13", "{p04-p08}same on android", "{p04-p08}mine too. super frustrating",
                   "{p04-p08}same issue, s23 ultra", "{p04-p08}happening to me too since tuesday",
                   "{p04-p08}it's not just you", "{p04-p08}same!! been like this for days",
                   "{p09+}<login>still happening on 3.1 for me"],
        other=["{p04-p08}<log|sign>{at} try logging in with email instead of apple id, that worked for me",
               "{p04-p08}logging out on the web dashboard and back in fixed it for me, worth a try"],
    ),
    brand=[
        "{p04-p08}We're really sorry. We've found the cause of the login crash and a fix (3.0.2) is rolling out now 🙏",
        "{p04-p08}So sorry about this! Could you DM us your phone model and app version? It helps us pin this down.",
        "{p04-p08}Thanks for flagging. A fix for the login crash is in review with Apple and Google right now.",
        "{p04-p08}Really sorry. While we fix the app, the button on the base still turns the lamp on/off and cycles brightness.",
        "{p09+}<still|not fixed>Sorry it's still happening! Please DM us your device model so we can look into it.",
        "{p09+}<schedule>Thanks for letting us know, a fix for the schedule editor crash is coming in 3.1.1.",
    ],
)

THEMES["bluetooth_pairing"] = dict(
    weights=dict(p01=1.5, p02=.2, p03=3.5, p04=1, p05=.4, p06=.3, p07a=.3, p07b=.3, p07c=.3,
                 p08=.3, p09=.6, p10=.6),
    top=dict(
        complaint=[
            "pairing just fails every time. 'device not found'. tried 6 times",
            "bluetooth pairing is a nightmare. took me 40 minutes",
            "{p03}followed this video exactly and it still won't pair 🙄",
            "{p03}2 minutes? took me 25 but ok 😂",
            "it keeps disconnecting every few hours and i have to pair it again",
            "lamp pairs and then drops the connection as soon as i leave the room and come back",
            "can't pair a second phone to the same lamp?? my wife can't control it",
            "pairing fails on my pixel 6, works on my iPad. make it make sense",
            "The wifi step keeps timing out right after bluetooth pairing",
            "had to factory reset 3 times before it paired. not a great first impression",
            "{p04+}since 3.0 the app can't find my lamp anymore. it was paired fine before",
            "orbit clip light won't pair at all, arc works fine",
            "stuck on 'searching for Lumio…' forever",
        ],
        question=[
            "how do i reset it to pair again? the light just blinks orange",
            "does it need bluetooth on the whole time or just for setup?",
            "{p03}what do you do if it doesn't show up at step 2?",
            "does it work with 5GHz wifi or only 2.4?",
            "is there a way to pair without giving location permission on android?",
            "my lamp is blinking blue 3 times, what does that mean??",
        ],
        praise=[
            "{p03}this video fixed my pairing problem, the hold-for-10-seconds trick worked 🙏",
            "paired in like 30 seconds, don't know why people are struggling",
        ],
    ),
    replies=dict(
        complaint=["same, the orange blinking of doom", "same issue here. support told me to reset it, didn't help"],
        other=["<fail|pair|not found|searching|reset>{at} hold the button on the base for 10 sec until it pulses white, then try again",
               "<wifi|disconnect|drops|timing out>turn off wifi assist / adaptive connectivity on your phone, that fixed it for me",
               "<5ghz|wifi|timing out>{at} it needs 2.4ghz, it won't see 5ghz networks"],
    ),
    brand=[
        "<fail|pair|not found|searching|won't|reset>Sorry about that! Hold the base button for 10 seconds until it pulses white, then try pairing again. If it still fails, DM us 💛",
        "<orange|blink|5ghz>Orange blinking means it's in pairing mode but can't reach Wi-Fi. Arc only supports 2.4GHz networks for now.",
        "<whole time|disconnect|drops>Bluetooth is only needed for setup, after that Arc runs over Wi-Fi.",
        "<second phone>Multi-user support is coming! For now you can share access under Home > Members.",
    ],
)

THEMES["battery"] = dict(
    weights=dict(p01=.4, p03=.4, p04=2.2, p05=.8, p06=.4, p07a=.3, p07b=.6, p07c=.3, p08=.3,
                 p09=2.2, p10=.5),
    top=dict(
        complaint=[
            "{p04+}the app is draining my phone battery like crazy since 3.0, it's always running in the background",
            "{p04-p08}lumio app used 18% of my battery yesterday and I opened it twice",
            "{p04-p08}why does a lamp app need to run in the background constantly? my battery is dead by 3pm now",
            "{p04-p08}iOS says Lumio is my #1 battery user. for a lamp.",
            "orbit battery barely lasts 3 hours on medium, the box says 8",
            "my orbit clip light dies after like 2 hours, is that normal??",
            "{p04-p08}phone gets warm and the battery tanks with the new app. background location maybe?",
            "the orbit takes forever to charge and then lasts no time",
            "{p09+}3.1 didn't fix the battery drain for me, still top of the list in settings",
        ],
        praise=[
            "{p09+}3.1 battery fix seems to work, the app went from 15% to 2% for me",
        ],
        question=[
            "how long does the orbit battery last on full brightness?",
            "can you replace the battery in the orbit when it eventually dies?",
            "{p04+}does the app need background refresh on? trying to save battery",
        ],
    ),
    replies=dict(
        complaint=["{p04-p08}<app|background|phone>same, had to turn off background refresh", "{p04+}<app|background|phone>same on my s22"],
    ),
    brand=[
        "{p04-p08}<app|background|phone>Thanks for flagging this. We found a background sync bug in 3.0 that drains battery; the fix is coming in 3.1.",
        "<orbit>Orbit should last about 8h at 50% brightness. If yours dies much sooner, DM us and we'll sort out a replacement.",
    ],
)

THEMES["shipping"] = dict(
    weights=dict(p01=3.5, p02=.6, p03=.5, p04=.4, p05=.4, p06=1.4, p07a=.8, p07b=2.8, p07c=.8,
                 p08=.4, p09=.3, p10=.8),
    top=dict(
        complaint=[
            "ordered on launch day, still says 'processing' 2 weeks later",
            "3 weeks and no shipping update. not even an email",
            "tracking hasn't moved in 9 days. stuck in memphis apparently",
            "{p07b}ordered the bundle when it said 'ships this week'. it's been 12 days",
            "delivery guy left it in the rain and the box was soaked. lamp was fine luckily",
            "why did my order get split into 2 shipments and now the second one is lost",
            "{p05+}still waiting for my order from September. this is getting ridiculous",
            "paid for express shipping and it took 10 days lol",
            "{p07+}'ships this week' my ass, ordered sage on friday and it hasn't even left the warehouse",
        ],
        question=[
            "do you ship to Canada?",
            "shipping to australia? 🇦🇺",
            "do you ship to the UK / EU yet?",
            "how long does shipping take to texas?",
            "any chance you ship to Mexico?",
            "Do you ship internationally? I'm in Singapore",
            "will it arrive before christmas if i order now?",
            "are there import duties for Canada or do you cover them?",
            "{p07b}if i order the bundle today does it really ship this week?",
            "{p07b}does the bundle ship to canada too?",
            "do you do free shipping over a certain amount?",
            "is there a way to change my shipping address after ordering?",
        ],
    ),
    replies=dict(
        other=["<canada>{at} they do ship to canada, mine took 8 days to Toronto", "<ship to|internationally|uk|australia|mexico|singapore|europe>nope, US and Canada only for now sadly"],
        complaint=["<tracking|processing|update|waiting|days>same, mine was stuck for a week and then suddenly showed up"],
    ),
    brand=[
        "<ship to|internationally|uk|australia|mexico|singapore|europe>We ship to the US and Canada today, with the UK and EU coming early next year! 🌍",
        "<order|waiting|processing|tracking|weeks|days>So sorry for the wait! Please DM us your order number and we'll check on it right away.",
        "<christmas>Orders placed before Dec 15 should arrive before the holidays in the US 🎄",
        "<processing|weeks|waiting|days|tracking>Sorry about the delay, we had a backlog after launch. Everything should ship within 5 business days now.",
        "<canada>Canada yes! Duties are included at checkout so no surprise fees 🇨🇦",
    ],
)

THEMES["buying"] = dict(
    weights=dict(p01=2.5, p02=.3, p03=.3, p06=.6, p07a=1.1, p07b=5.5, p07c=2, p08=.5, p10=.6),
    top=dict(
        question=[
            "where can i buy it? is it in stores anywhere",
            "{p07b}does the bundle come with the charger for the clip light or just the lamp?",
            "{p07b}is the $149 bundle price permanent or just for launch?",
            "{p07b}can I get the bundle in the other colours or only sage?",
            "{p07b}wait so it's $149 for both?? where's the link",
            "{p07b}link to buy the bundle?",
            "{p07+}when is sage back in stock? sold out already",
            "any student discount?",
            "is there a discount code going around? 👀",
            "does it come with a warranty?",
            "is the arc sold at Target or best buy?",
            "{p07+}can I order sage in the bundle and a white one separately?",
            "will there be a black friday sale? debating buying now",
            "{p07+}is the sage edition the same lamp as the normal one, just a different colour?",
            "can i buy just the orbit clip light on its own?",
            "{p07b}[question;praise]ok this bundle is a great deal. is the orbit the new one with usb-c?",
            "{p07b}how many bundles are left? don't want to miss it",
            "{p07b}how do I add the bundle to cart? I only see the lamp on the site",
            "do you do gift wrapping?",
            "{p07+}can I pre-order sage if it's sold out?",
            "{p07b}is the bundle worth it if I already have an arc? can I get the orbit separately for less?",
            "{p07b}bundle = 1 arc + 1 orbit right? or 2 orbits?",
        ],
        praise=[
            "{p07b}just ordered the bundle 🛒 can't wait",
            "{p07b}bought two bundles, one for me and one for my sister 💚",
        ],
        request=[
            "please bring back the launch discount 😭 missed it",
        ],
        complaint=[
            "{p07+}sold out in a day? seriously?",
            "{p07b}checkout keeps erroring when I try to buy the bundle",
        ],
    ),
    replies=dict(
        other=["<where can i buy|link|stores>{at} it's on their website, link in bio", "{p07b}<permanent|launch>{at} I think it's launch only, they said limited",
               "<link|where|cart>it's in the bio link!"],
        question=["{p07b}wondering the same thing"],
    ),
    brand=[
        "{p07b}<charger|come with|usb-c|bundle =|2 orbits>Yes! The bundle includes Arc, Orbit and a USB-C charger 📦",
        "{p07+}<stock|sold out|pre-order>Sage is restocking next week. Turn on notifications on the product page to hear first 🌿",
        "<where can i buy|stores|target|best buy>You can find us online (link in bio) and in selected Best Buy stores in the US!",
        "{p07b}<link|permanent|cart|how many>Link in bio! 🔗 The bundle is $149 while stocks last.",
        "<student|discount>We offer 15% off for students through our verification partner, details are in the FAQ!",
        "<warranty>Arc comes with a 2-year warranty 💛",
    ],
)

PRICE_LONG = (
    "{p07c}I want to like this. I really do.\nBut $199 for the Sage Edition when the regular Arc is "
    "$129 is a hard sell. Hand-finished is nice but I'm looking at it from two feet away under its own "
    "light, I'm not going to notice brush strokes."
)

THEMES["price"] = dict(
    weights=dict(p01=3, p02=.2, p03=.2, p04=.6, p06=.5, p07a=2, p07b=1.5, p07c=7, p08=.3,
                 p09=.2, p10=.6),
    top=dict(
        complaint=[
            "$129 for a desk lamp is wild",
            "love the idea but the price is just too high for a lamp",
            "{p07c}$199 for a lamp in a different colour?? lol no",
            "{p07c}Sage Edition at $199 is insane. It's paint.",
            "{p07c}hand-finished… for $70 more. ok",
            "{p07c}199 dollars 💀",
            "{p07c}#overpriced but make it sage",
            "{p07c}I like it but $199 is out of my budget by a mile",
            "{p07c}so the regular one is $129 and this one is $199 because it's green? make it make sense",
            "{p07c}beautiful, but who is this priced for",
            "{p07c}pretty sure ikea sells a $30 lamp that does 80% of this",
            "{p07c}price is a joke. limited run doesn't make it worth more",
            "{p07c}[complaint;praise]gorgeous colour, ridiculous price",
            "{p07c}was going to buy one until I saw the price 😬",
            "{p07a,p07c}how is the new colour more expensive than the original",
            "{p07a}I'd buy sage at the normal price but not a cent more",
            "{p07b}$149 for the bundle is ok but the lamp alone should be cheaper",
            "too expensive for what it is tbh",
            "a lamp that costs more than my monitor. no thanks",
            "{p04+}subscription for 'premium scenes' on top of a $129 lamp? nah",
            "{p04+}why are some of the new scenes behind a paywall when I already paid $129 for the lamp",
            "pricing in canada is brutal, it's like $185 CAD with shipping",
            "{p06}cheaper to just win it I guess 😂",
            PRICE_LONG,
            "{p07c}charging $199 for a colour while the app is still crashing is a choice",
        ],
        question=[
            "why is it so expensive? genuinely asking, what's inside",
            "{p07c}what makes the sage edition worth $199? is it actually different from the normal one?",
            "{p07c}will the sage edition come down in price later?",
            "is there a cheaper version without the smart stuff?",
            "{p04+}is premium a monthly thing or one time?",
        ],
        praise=[
            "honestly worth the price, my eyes don't hurt anymore after work",
            "{p07b}149 for both is actually a good deal",
        ],
    ),
    replies=dict(
        complaint=["agreed, way overpriced", "{p07c}<199|colour|green>right?? $199 for a colour", "{at} same, waiting for a sale"],
        other=["{at} it's not just a lamp though, the light quality is really good",
               "people spend $200 on headphones without blinking, this is something you use 8 hours a day"],
    ),
    brand=[
        "{p07c}<199|sage|worth|colour>Totally fair question! The Sage Edition is hand-finished in small batches, which costs more. The standard Arc in Sage is also available at $129 🌿",
        "We hear you on price. Watch this space around Black Friday 👀",
    ],
)

THEMES["customer_support"] = dict(
    weights=dict(p01=.5, p02=.4, p03=.8, p04=1.2, p05=2, p06=.8, p07a=.5, p07b=.5, p07c=.5,
                 p08=.6, p09=1, p10=.8),
    top=dict(
        complaint=[
            "customer support never answers. emailed 3 times",
            "been waiting 10 days for a reply from support. anyone?",
            "your support chat bot is useless, it just loops me back to the FAQ",
            "I opened a ticket 2 weeks ago about a flickering lamp. nothing. not even an auto reply",
            "support told me to 'restart the app'. thanks, never thought of that",
            "why is the only way to reach a human commenting on instagram posts?",
            "{p05+}support inbox must be exploding after the outage but still, a week with no reply?",
            "no phone number, no live chat, emails go into a void",
            "return request ignored for 3 weeks. starting a chargeback",
            "[complaint;praise]Great product, terrible support. tried to get a replacement base and gave up",
            "emailed support about a dead spot on the touch strip… crickets",
            "support closed my ticket without answering it 🙃",
        ],
        praise=[
            "shoutout to Marco from support who sorted my pairing issue in 10 minutes 👏",
            "support replaced my lamp no questions asked. respect",
        ],
        question=[
            "what's the best way to contact support? email isn't getting answered",
            "do you have a support phone number?",
        ],
    ),
    replies=dict(
        complaint=["same, still waiting on mine"],
        other=["{at} DM them here, they answer DMs way faster than email"],
    ),
    brand=[
        "We're so sorry. Our support team is catching up on a backlog; please DM us your ticket number and we'll escalate it today.",
        "That's not the experience we want for you. Sending you a DM now 💛",
        "[praise]<marco>Thanks for the kind words, we'll pass them on to Marco! 🙌",
    ],
)

THEMES["cloud_outage"] = dict(
    weights=dict(p05=9, p06=1, p07a=.3, p07b=.3, p07c=.3, p08=.4, p09=.6, p10=1.5),
    top=dict(
        complaint=[
            "{p05+}why does my LAMP need the cloud to turn on. genuinely",
            "{p05+}sat in the dark for 4 hours because a server somewhere was down. great",
            "{p05+}my schedule didn't run, lamp didn't come on in the morning, overslept. thanks",
            "{p05+}a lamp that stops working when your servers go down is a design problem, not an outage",
            "{p05+}the outage lasted way longer than 'a few minutes' for me, more like 6 hours",
            "{p05}couldn't change anything in the app and the button only does on/off at the last brightness",
            "{p05}first the crash, now the outage. rough month huh",
            "{p05}My focus session got killed halfway when it went down lol",
            "{p05}the 'what we're changing' part is pretty vague. what exactly is changing?",
            "{p06+}is the cloud thing fixed? mine went offline again this morning for an hour",
        ],
        request=[
            "{p05+}[request;complaint]offline mode please. I don't want my lamp to depend on your servers",
            "{p05+}appreciate the apology but please add local control so this can't happen again",
            "{p10}local control / offline mode after the outage please. top priority imo",
        ],
        question=[
            "{p05+}what happens if you go out of business? does my lamp become a paperweight?",
            "{p05}is there a status page I can check next time?",
            "{p05}will there be any compensation? it's my main work light",
        ],
        praise=[
            "{p05}thanks for being upfront about what happened, more companies should do this",
            "{p05}Appreciate the transparency. Stuff breaks, glad you explained it",
            "{p05}[praise;request]honestly a good apology. now just don't let it happen again 😅",
        ],
    ),
    replies=dict(
        request=["this!! local control please"],
        complaint=["<dark|turn on|hours|overslept|offline>same, mine didn't turn on till the afternoon"],
        other=["<turn on|dark|cloud|paperweight>{at} the button on the base still works for on/off"],
    ),
    brand=[
        "{p05+}<cloud|local|servers|offline|design problem|paperweight|dark|depend>Completely fair. Local control over Bluetooth is coming so the basics work even if our servers don't.",
        "{p05}<status|vague|changing|again>We're sorry. A public status page will be live by next week.",
        "{p05}[praise]Thank you for understanding 💛 we're learning a lot from this one.",
    ],
)

LIGHT_LONG = (
    "{p07+}Honest review after 6 weeks: I used to get headaches by 4pm every day (spreadsheets, 9 hours "
    "a day). Switched to the Arc on the daylight scene in the morning and let it go warm after 5. "
    "Headaches are maybe once a week now. Not saying it's a miracle lamp but it's the only thing I changed."
)

THEMES["light_quality"] = dict(
    weights=dict(p01=3.5, p02=1, p03=.8, p04=.5, p06=.5, p07a=.8, p07b=.5, p07c=.5, p08=3.5,
                 p09=.3, p10=.5),
    top=dict(
        praise=[
            "the light is so nice, no more headaches after long days at the screen",
            "warm mode in the evening is perfect. my eyes thank you",
            "no flicker at all, even on camera. game changer for zoom calls",
            "I edit photos for a living and the colour accuracy of this thing is honestly impressive",
            "the way it shifts to warmer light at sunset is such a small thing but i notice it every day",
            "finally a lamp that doesn't give me eye strain",
            "light is really even across the desk, no harsh hotspot like my old one",
            "been sleeping better since I stopped using my cold white ceiling light at night and just use this",
            "the dimming goes SO low, perfect for late-night reading",
            "replaced 3 lamps with this one. the light is just better",
            "{p08}as a nurse on nights too, the warm wind-down setting is exactly what I needed",
            "my zoom face has never looked better lol 😂",
            "the daylight mode really helps me in the winter",
            "best light for late night study sessions #studygram #lumio",
            LIGHT_LONG,
        ],
        complaint=[
            "mine flickers at the lowest brightness setting, anyone else?",
            "light is great but there's a slight buzzing sound at 30-40% brightness",
            "the cool white is way too blue for me",
            "{p04+}since the update the brightness jumps instead of fading smoothly",
            "the light cuts off at the edge and leaves half my desk darker, wish the head tilted more",
        ],
        question=[
            "what's the colour temperature range? does it go below 2700K?",
            "how many lumens is it? need it for sketching",
            "is it good for someone with light sensitivity / migraines?",
            "is it bright enough for a big L shaped desk?",
            "can it do coloured light or just whites?",
            "CRI? asking for painting",
        ],
        request=[
            "please add a red light mode for really late nights",
            "would love an even warmer setting, 2000K or so",
        ],
    ),
    replies=dict(
        praise=["same, I get way fewer headaches"],
        other=["<temperature|2700|warmer|range>{at} it goes from 2200K to 6500K I think", "<coloured|red light>{at} not coloured, only warm to cool white"],
    ),
    brand=[
        "<temperature|cri|lumens|painting|2700|warmer|bright enough>Arc goes from 2200K to 6500K with a CRI of 95+ 🎨",
        "<flicker|buzz>Sorry to hear that, it's not normal. DM us and we'll send a replacement.",
        "[praise]This makes our day, thank you! 💛",
    ],
)

THEMES["design"] = dict(
    weights=dict(p01=3.5, p02=2.2, p03=.5, p04=.4, p06=.7, p07a=7, p07b=1.5, p07c=2, p08=.5,
                 p09=.3, p10=1),
    top=dict(
        praise=[
            "it's so pretty 😍",
            "this lamp is a work of art honestly",
            "the minimal design is perfect, finally a smart device that doesn't look like a gadget",
            "{p07+}the sage colour is gorgeous 🌿",
            "{p07+}SAGE. i need it.",
            "{p07+}that green is perfect with my plants 🪴",
            "{p07+}ok the sage one is stunning",
            "love how slim the arm is, takes up no space",
            "the base is heavy in a good way, feels premium",
            "the little touch strip on the arm is so satisfying",
            "it looks so good on my desk, everyone on calls asks about it",
            "{p02}love seeing the prototypes! the first one looks so different 😂",
            "{p02}14 prototypes is dedication. you can tell in the finished product",
            "clean design, no ugly cables, love it",
            "{p07a}this shade of green is so calming, perfect name for the campaign",
        ],
        request=[
            "please make it in black! white doesn't go with my setup",
            "more colours please. matte black, navy, pink?",
            "{p07+}sage is nice but where's the black version??",
            "{p07+}[request;praise]sage is lovely! now do a terracotta one 🧡",
            "would buy instantly in a wood finish",
            "can we get a white base with a wooden arm? scandi vibes",
            "pink version for my setup pls 🎀",
            "a dark grey / charcoal one would be perfect",
            "{p07+}sage for the orbit too please, the white one doesn't match",
            "{p10}more colours! black and navy",
            "a longer arm version for big desks please",
            "pls make a clamp version for desks with no space",
            "{p02}bring back prototype #7, the orange one was cool",
        ],
        complaint=[
            "the white gets dusty and shows every fingerprint",
            "base is a bit wobbly when the arm is fully extended",
            "cable is way too short, had to buy an extension",
            "{p07+}sage looks way more grey in person than in the photos",
            "{p07+}the sage in the ad looks nothing like the one I got, it's more olive",
        ],
        question=[
            "{p07+}is the sage matte or glossy?",
            "what's it made of? aluminium?",
            "{p07+}will there be more colours after sage?",
            "how tall is it fully extended?",
        ],
    ),
    replies=dict(
        praise=["right? it's even nicer in person"],
        request=["<black|charcoal|dark grey>{at} +1 for black", "<colour|black|navy|pink>black would be 🔥"],
        other=["<made of>{at} it's aluminium with a steel base I think"],
    ),
    brand=[
        "{p07+}<matte or glossy|glossy>It's a soft matte finish 🌿",
        "<colour|black|pink|wood|terracotta|charcoal|navy>More colours are on the way 👀 any favourites?",
        "[praise]<arm|design|art|slim|pretty>Thank you!! The team spent months on that arm 🥲",
    ],
)

# ---------------------------------------------------------------------------------------
# Comments without a product theme (topic empty), by kind.
# ---------------------------------------------------------------------------------------
GENERAL_PRAISE = [
    "love this", "obsessed with mine 😍", "best purchase of the year tbh",
    "this lamp changed my wfh life no joke", "got one last week and i'm so happy with it",
    "10/10 would recommend", "my favourite thing on my desk", "Love it!!",
    "bought it for my boyfriend and now I want one too lol",
    "i've recommended this to like 5 people already", "so good", "great product, great team",
    "this brand just gets it",
    "my husband rolled his eyes at a $129 lamp, now he uses it more than me 😂",
    "the packaging alone was so nice", "worth every penny", "gift idea sorted 🎁",
    "loving my lumio ✨", "new desk setup is finally done 🙌 #desksetup #wfh #lumioarc",
    "{p07+}#sage #greendesk obsessed 💚", "this is the best lamp i've owned and i've owned a lot of lamps",
    "I was skeptical but it's actually really nice", "super happy with it so far", "wow 😍",
    "need this", "want!!", "this is so cool", "obsessed", "take my money", "instant add to cart",
    "{p02}love a good behind the scenes 🔧",
    "{p02}this is so cool, always wondered how lamps actually get designed",
    "{p03}super helpful, thanks",
    "{p03}wish i'd seen this before spending an hour on setup 😅",
    "{p04}ooh new scenes! the 'library' one is lovely",
    "{p08}this made me tear up a bit. thank you Priya and all the night shift nurses 💛",
    "{p08}ICU nurses are heroes",
    "{p08}so nice to see a real customer story instead of an influencer",
    "{p08}love this story", "{p08}Priya seems lovely 🥹",
    "{p08}my sister is an icu nurse, sending her this",
    "{p09}you actually listened to feedback, respect 👏",
]

OFF_TOPIC = [
    "whats the song in this video?", "the plant in the background >>>",
    "my cat sat on my lamp and changed the scene to 'party' lol",
    "who else is scrolling instead of working rn", "that keyboard though 👀 what is it?",
    "3am and I'm looking at lamps. normal behaviour", "the chair in this shot, where's it from?",
    "lol the dog at the end", "the algorithm knows i need a new desk setup", "i came here from tiktok",
    "why are there so many comments about apps, it's a lamp 😭", "this reminds me of the pixar lamp",
    "can't stop watching the arm move",
    "the transitions in this video are so smooth, who edits your stuff?",
    "me pretending i'll be productive if i buy this", "monday again huh", "ok but the mug 😍 where from",
    "saving this for later", "the comments here are a rollercoaster lol", "hi from brazil!",
    "just here for the comments", "my desk could never look this clean",
    "anyone else reading these in bed at night", "first time seeing this brand, who are you guys?",
    "is that a mac studio on the desk?", "lol I thought this was an ad for a plant shop",
    "the voiceover guy sounds exactly like my dentist", "it's giving studio ghibli desk",
    "seen this lamp in like 4 youtuber setups now", "day 37 of asking lumio to follow me back",
    "pls reply to me lumio 🥺",
    "{p02}the engineer holding the light meter looks SO tired 😂",
    "{p02}[question]what software do you use for the light simulations?",
    "{p02}[question]is it designed and made in Portland or just designed there?",
    "{p02}[request]more BTS content please!", "{p02}hiring? 👀 asking for me",
    "{p03}[request]can you do a video on schedules next?",
    "{p03}[request]please add subtitles to your videos, I watch everything with the sound off",
    "{p03}the background music is a bop, what is it",
    "{p08}night shift gang 🌙 this is so relatable",
    "{p08}hospital pharmacist on nights here, the wind down thing is so real",
    "{p08}is this an ad? feels like an ad",
    "{p08}[request]more stories like this please",
    "{p10}[question]is there a public roadmap somewhere?",
    "{p10}[question]will older lamps get the new features or only new hardware?",
    "{p10}are you hiring? 😄", "{p10}[question]what's next after sage? 👀",
    "{p10}[request]a floor lamp version please!! same light, bigger",
]

TAG_FRIEND = [
    "@jordan_lee look at this", "@meghan.t you need this for your office",
    "@chris.ab this is the lamp I was talking about", "@nate.builds birthday gift idea 👀",
    "@laurenw.design this would look sick in your setup", "@dad.joke.dave for when you read in bed lol",
    "@emilyparks 😍😍", "@kai.studio thoughts?", "@bex.makes we should get these for the office",
    "@ollie_h remember your ikea lamp fiasco 😂 this is the upgrade", "@hannah.l.m dream setup",
    "@ro.sanchez 👀", "{p07+}@tinaa.m it comes in green now!!", "@markus_j cheaper than your monitor arm lol",
]

FIRSTS = ["first!", "first", "FIRST!", "first 🙌", "First!!", "first!", "early gang",
          "here before this blows up 🔥", "notification squad 🔔"]

EMOJI_ONLY = [  # (text, intent)
    ("😍", "praise"), ("🔥🔥🔥", "praise"), ("💚💚", "praise"), ("😍😍😍", "praise"), ("👏👏", "praise"),
    ("🙌", "praise"), ("✨✨", "praise"), ("❤️", "praise"), ("🔥", "praise"), ("😂😂😂", "other"),
    ("👀", "other"), ("🤩", "praise"), ("💡✨", "praise"), ("😭😭", "other"), ("{p07+}🌿🌿🌿", "praise"),
    ("👍", "praise"), ("😍", "praise"), ("🔥🔥🔥", "praise"),
]

GIVEAWAY = [
    "done! @sarah.kimm @jules_makes", "@mikeyp_ this is the one i told you about!! 🤞",
    "would love to win this for my home office 🤞🤞", "🤞🤞🤞 @theo.vance", "entered! fingers crossed",
    "I never win anything but here goes @danawrites",
    "my desk lamp is literally a bulb taped to a shelf so this would be life changing lol @alexr.design",
    "@priyanka.s we NEED this for the studio", "done ✅", "done ✅ @carla_bento",
    "followed, liked and tagged! @ninamorales", "this would be perfect for my night shifts 🙏",
    "@jess_ortega imagine this on your desk", "pick me pick me 😭", "manifesting 🍀",
    "hope I win!! @katietrang @sam.hollis", "entering for my mom who reads every night ❤️",
    "@bennyg_ for your gaming setup??", "I would give this to my daughter who's starting uni 🎓",
    "🙏🙏 @lucas.fern", "done and shared to my story!", "@the.jules.diaries 👀👀", "Yes please!",
    "would be a dream for my drawing desk ✏️ @artsyfrancine",
    "tagged you @owen.reads, don't say i never do anything for you",
    "done!! @remy.k @aisha.b @tomflanagan", "my 4th giveaway entry today lol, this one's the one 🤞",
    "@gracie.lou we could share it 😂", "[praise]love lumio! entering 🤞",
    "oh my god I need this. done ✅ @kellyrodz", "🤞 @paulina.w", "done ✅✅ @benji.m",
    "[question]when does the giveaway end?", "[question]is this US only?",
    "[question]is the giveaway open to canada?", "[question]was the winner announced? didn't see a post",
]

SPAM = [
    "check out my channel for desk setup tours 🔥🔥 link in bio",
    "Nice post! 👍 Visit my page for more amazing content", "follow for follow? 💕",
    "f4f anyone?? follow me and i follow back 100%",
    "I make $3,200 a week from home with this simple method, DM me 'INFO' 📩",
    "🚀 BTC is going to 100k, get in now with @btc.signals.pro before it's too late 🚀",
    "Wow amazing 😍 we'd love to feature you! DM our page @desksetups.daily 💌",
    "Hey! Love your content. Send us a DM for a collab opportunity 🤝 @brandambassador.hub",
    "get 10k real followers in 24h 👉 bit.ly/grow10kfast",
    "Who wants to earn from home?? Ask me how 💸💸💸",
    "💯💯 great post, check my profile for a free iphone 15 giveaway 📱",
    "Promote it on @growth.pages.ig 🚀",
    "please check out my new song on spotify!! it's called 'midnight lamp' lol 🎵 link in bio",
    "subscribe to my youtube channel for daily vlogs ❤️ youtube.com/@dailyvlogs_tia",
    "nice 👍 nice 👍 nice 👍", "Good content. Follow me back",
    "Great!!! visit www.bestdealz4u.shop for cheap electronics",
    "I'm a small artist and I'd really appreciate if you checked out my page 🥺🎨",
    "🔥🔥 check my bio 🔥🔥", "Earn free gift cards at giftz-now.net 🎁 (real, not a scam!!)",
    "Amazing! 🙌 Send your pic to @luxe.deskfeature to be featured ✨",
    "this lamp is nice but have you seen the lamps in my store? 50% off today only, link in profile",
    "Make money online with Forex. whatsapp +44 7700 900812",
    "hey dear, check ur DM 😘", "I got my Lumio for FREE with this trick 👉 bit.ly/fr33lamp",
    "Who's here in 2024? 👇 like if you are", "sub4sub anyone? i'll sub back 🙏",
    "Do you need an app developer? I build iOS/Android apps cheap, DM me",
    "We help brands grow on Instagram 🚀 DM to learn more",
    "✅ Verified crypto recovery expert. lost funds? contact @recover.funds.asap",
    "Awesome content 🔥 keep it up!! check my profile",
    "👉👉 www.trendydealz-shop.com 👈👈 best prices",
]
SPAM_AUTHORS = [
    "crypto.king.earnings", "fitgirl.promo_22", "follow4follow_ok", "bella.x.ox2231", "earn.daily.now",
    "desksetups.daily", "brandambassador.hub", "growth.pages.ig", "dailyvlogs_tia", "bestdealz4u",
    "mia_artz_smol", "giftz.now.official", "luxe.deskfeature", "forex.with.dan", "jenny_4829_hot",
    "sub4sub_realz", "app.dev.cheap", "igrowth.agency", "recover.funds.asap", "trendy_dealz_shop",
    "user84736291", "mark.t.7731", "lisa_rich_mindset", "nft.drops.daily", "smol.song.writer",
]

SPAM_FLOOD = (
    "I was in debt until I found @investwith.marcus 🙏 he turned my $500 into $6,700 in two weeks. "
    "highly recommend!!"
)
SPAM_FLOOD_VARIANTS = [
    SPAM_FLOOD,
    "I was in debt until I found @investwith.marcus 🙏🙏 he turned my $500 into $6,700 in two weeks. highly recommend!!",
    "i was in debt until i found @investwith.marcus 🙏 he turned my $500 into $6,700 in two weeks. highly recommend!!",
]
IMPERSONATION = "{at} Congratulations 🎉 you've been selected as a winner! DM @lumio.giveaway.winners to claim your prize 🎁"
IMPERSONATION_AUTHORS = ["lumio.giveaway.winners", "lumio_official.giveaway", "lumio.home.winners", "lumiohome_prizes"]

CRASH_FLOOD = "Lumio app crashes on login since 3.0. Fix it. #fixlumio"
CRASH_FLOOD_VARIANTS = [
    CRASH_FLOOD, CRASH_FLOOD, CRASH_FLOOD,
    "Lumio app crashes on login since 3.0. Fix it! #fixlumio",
    "lumio app crashes on login since 3.0. fix it. #fixlumio",
    "Lumio app crashes on login since 3.0. Fix it. #fixlumio #lumio",
]

# (text with markers, language, intent, topic)
NON_ENGLISH = [
    ("¿Hacen envíos a México? Me encanta la lámpara", "es", "question;praise", "shipping"),
    ("{p04-p08}la app se cierra cada vez que intento iniciar sesión desde la actualización 😡", "es", "complaint", "app_crash"),
    ("{p07+}Qué bonita en verde, la quiero 😍", "es", "praise", "design"),
    ("¿Funciona con Alexa?", "es", "question", "smart_home"),
    ("Por favor modo oscuro en la app 🙏", "es", "request", "dark_mode"),
    ("{p06}participando! @carlos_mtz 🤞", "es", "other", ""),
    ("Bitte einen Dark Mode für die App, abends ist sie viel zu hell.", "de", "request", "dark_mode"),
    ("Versand nach Deutschland wäre toll. Wann kommt ihr nach Europa?", "de", "question;request", "shipping"),
    ("Die Lampe ist super, aber die Kopplung per Bluetooth hat ewig gedauert.", "de", "complaint;praise", "bluetooth_pairing"),
    ("{p07c}199 Dollar für eine Lampe? Nein danke.", "de", "complaint", "price"),
    ("Vous livrez en France ? Je la veux trop 😍", "fr", "question", "shipping"),
    ("La lumière est vraiment agréable le soir, plus de maux de tête 👌", "fr", "praise", "light_quality"),
    ("{p04-p08}L'appli plante à chaque connexion depuis la mise à jour...", "fr", "complaint", "app_crash"),
    ("Trop cher pour une lampe, désolé", "fr", "complaint", "price"),
    ("Vocês entregam no Brasil?", "pt", "question", "shipping"),
    ("{p07+}Que linda essa cor sálvia 💚", "pt", "praise", "design"),
    ("{p04-p08}O aplicativo fica travando depois da atualização", "pt", "complaint", "app_crash"),
    ("{p06}@maria.eduarda.s olha isso, vamos participar", "pt", "other", ""),
    ("Bellissima! Spedite in Italia?", "it", "question;praise", "shipping"),
    ("Mi serve il widget per Android 🙏", "it", "request", "android_widget"),
    ("Werkt dit ook met Google Home?", "nl", "question", "smart_home"),
    ("Super lampa, polecam!", "pl", "praise", ""),
]

# (text with markers, intents, topic): comments that contain personal data
PERSONAL = [
    ("{p02+}3rd time asking, order LM-20417 never arrived. email me at kaylee.brandt@example.com", "complaint", "shipping"),
    ("support isn't answering so posting here: my lamp arrived broken, you can call me on (503) 555-0147", "complaint", "customer_support"),
    ("can someone from lumio contact me? j.okafor.home@example.net, order placed sept 4 and still not shipped", "complaint;question", "shipping"),
    ("{p04+}my ticket is #88213, email rgreene77@example.com, phone 971-555-0182. please just refund me", "complaint", "customer_support"),
    ("DMs don't work for me, reach me at tomasz.w@example.org about the replacement base", "complaint", "customer_support"),
    ("if anyone wants my old orbit (works fine) text me 415-555-0163, $40", "other", ""),
    ("+1 617 555 0199 call me, I want to order 12 lamps for our office", "question", "buying"),
]

GENERIC_REPLIES = [  # replies with no product theme: (text, intent)
    ("<lol|😂>lol", "other"), ("<lol|😂|cat|dog>😂😂", "other"), ("<scrolling|3am|monday|pretending|could never>real", "other"),
    ("<dark mode|widget|please>this ^", "other"), ("<scrolling|3am|reading these|pretending>ahaha same", "other"),
    ("<expensive|overpriced|ridiculous|wild>{at} 100%", "other"),
]
SPAM_CALLOUTS = ["report this bot", "lol nice try bot", "everyone report this account, it's a scam 🚩"]

# ---------------------------------------------------------------------------------------
# Authors
# ---------------------------------------------------------------------------------------
FIRST = """maya jordan alex sam priya diego lena marco tom nina omar chloe ravi grace leo
emma kenji sofia ben aisha noah ivy lucas hana jake mila theo zoe elias nora felix ines kai
luna max ruby owen sara tariq julia ryan mei dev anna carlos bea hugo lily mateo jade finn
rosa arjun tess luis amara dan kat jonas yara eli fiona pablo mina ezra cleo nico abby
sean isla milo rhea vince dora otis juno wes nadia ollie talia""".split()
LAST = """chen kim patel garcia nguyen smith rossi müller okafor silva brown lopez cohen khan
novak berg walsh tanaka morales reyes ahmed park fischer diaz costa hughes sato moreau
ortiz lindqvist obi quinn rivera shah young wright harris turner""".split()
WORDS = """studio desk plants coffee pixel night code lofi design draws reads makes builds
setup sketch film moss sunny cozy matcha ink paper wood""".split()


def make_handles(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        f, last, w = rng.choice(FIRST), rng.choice(LAST), rng.choice(WORDS)
        last = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode()
        pat = rng.randrange(11)
        h = [f"{f}.{last}", f"{f}_{last}{rng.randrange(10, 99)}", f"{f}{last}", f"{f}.{w}", f"{w}.with.{f}",
             f"{f}_{w}", f"the{w}{f}", f"{f}{rng.randrange(1980, 2006)}", f"{f}.{last[0]}",
             f"{f}_{last}_", f"{w}by{f}"][pat]
        if h not in seen and h != BRAND:
            seen.add(h)
            out.append(h)
    return out


# ---------------------------------------------------------------------------------------
# Marker parsing
# ---------------------------------------------------------------------------------------
MARK = re.compile(r"^(?:\{(p\d\d[a-z0-9+,\-]*)\})?(?:\[([a-z;]+)\])?(?:<([^>]+)>)?")


def allowed_posts(spec: str | None) -> list[str]:
    if not spec:
        return list(POST_IDS)
    out: list[str] = []
    for part in spec.split(","):
        if part.endswith("+"):
            lo = int(part[1:3])
            out += [p for p in POST_IDS if POST[p]["order"] >= lo]
        elif "-" in part:
            a, b = part.split("-")
            lo, hi = int(a[1:3]), int(b[1:3])
            out += [p for p in POST_IDS if lo <= POST[p]["order"] <= hi]
        elif part in POST:
            out.append(part)
        else:  # "p07" = every variant of post 7
            out += [p for p in POST_IDS if POST[p]["order"] == int(part[1:3])]
    return [p for p in POST_IDS if p in out]


def parse(raw: str, default_intent: str) -> tuple[str, list[str], list[str], datetime | None, re.Pattern]:
    m = MARK.match(raw)
    spec, intents, rx = m.group(1), m.group(2), m.group(3)
    text = raw[m.end():]
    posts = allowed_posts(spec)
    cap = None
    if spec and "-" in spec and "+" not in spec:
        hi = max(POST[p]["order"] for p in posts)
        nxt = [POST[p]["at"] for p in POST_IDS if POST[p]["order"] == hi + 1]
        cap = nxt[0] if nxt else None
    return (text, (intents.split(";") if intents else [default_intent]), posts, cap,
            re.compile(rx or "", re.IGNORECASE))


# ---------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------
PRAISE_EMOJI = ["😍", "🙌", "✨", "💛", "🔥", "👏", "🥰"]
COMPLAINT_EMOJI = ["😤", "🙄", "😩", "😡", "🤦‍♀️", "😒"]
REQUEST_EMOJI = ["🙏", "🥺", "🙏🙏", "👀"]
QUESTION_EMOJI = ["🤔", "👀", "🙏"]
EMOJI_FOR = dict(praise=PRAISE_EMOJI, complaint=COMPLAINT_EMOJI, request=REQUEST_EMOJI,
                 question=QUESTION_EMOJI, other=["😂", "👀"])
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]")


def has_emoji(s: str) -> bool:
    return bool(EMOJI_RE.search(s))


def perturb(rng: random.Random, text: str, intent: str) -> str:
    """Light, human-looking variation. Never touches @mentions, URLs or numbers."""
    t = text
    r = rng.random()
    if r < 0.18 and "\n" not in t:
        t = t.lower()
    if rng.random() < 0.35 and t.endswith(".") and not t.endswith(".."):
        t = t[:-1]
    if rng.random() < 0.22:  # iOS smart punctuation
        t = re.sub(r"(?<=\w)'(?=\w)", "’", t)
    if rng.random() < 0.05:
        words = t.split(" ")
        idx = [i for i, w in enumerate(words) if w.isalpha() and len(w) > 4]
        if idx:
            i = rng.choice(idx)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
            t = " ".join(words)
    if rng.random() < 0.05:
        t = re.sub(r"\bplease\b", "pls", t)
        t = re.sub(r"\byou\b", "u", t)
    if rng.random() < 0.10 and not has_emoji(t) and "\n" not in t:
        t = t.rstrip() + " " + rng.choice(EMOJI_FOR[intent])
    return t


def delay(rng: random.Random, kind: str) -> timedelta:
    if kind == "first":
        return timedelta(minutes=rng.uniform(0.3, 9))
    r = rng.random()
    if r < 0.55:
        h = rng.expovariate(1 / 3.0)
    elif r < 0.86:
        h = 6 + rng.expovariate(1 / 30.0)
    else:
        h = rng.uniform(3 * 24, 22 * 24)
    return timedelta(hours=h, seconds=rng.randrange(60))


def norm_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    k = " ".join("".join(ch if ch.isalnum() else " " for ch in t).split())
    return k or "".join(text.split())


def language_of(text: str, lang: str) -> str:
    bare = re.sub(r"@[\w.]+|https?://\S+|#\w+", " ", text)
    return lang if any(ch.isalpha() for ch in bare) else ""


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    handles = make_handles(rng, 900)
    fresh = iter(handles[60:])
    regulars = handles[:40]
    theme_regular = dict(dark_mode="mara.nightowl", app_crash="devin.ortiz.codes", price="frugal.desk.guy")

    def pick_author(topic: str = "") -> str:
        if topic in theme_regular and rng.random() < 0.22:
            return theme_regular[topic]
        if rng.random() < 0.18:
            return rng.choice(regulars)
        return next(fresh)

    items: list[dict] = []

    def add(raw: str, intent: str, topic: str, lang: str = "en", spam: int = 0, kind: str = "user",
            weights: dict | None = None, author: str | None = None) -> None:
        text, intents, posts, cap, _ = parse(raw, intent)
        items.append(dict(text=text, intents=intents, topic=topic, lang=lang, spam=spam, kind=kind,
                          posts=posts, cap=cap, weights=weights, author=author, parent=None,
                          dup_group=None))

    for name, th in THEMES.items():
        for intent, texts in th["top"].items():
            for raw in texts:
                add(raw, intent, name, weights=th["weights"])
    cheer = {p: POST[p]["reach"] * (0.15 if p == "p05" else 1.0) for p in POST_IDS}  # not on the apology
    for raw in GENERAL_PRAISE:
        add(raw, "praise", "", weights=cheer)
    for raw in OFF_TOPIC:
        add(raw, "other", "")
    for raw in TAG_FRIEND:
        add(raw, "other", "")
    for raw in FIRSTS:
        add(raw, "other", "", kind="first")
    for raw, intent in EMOJI_ONLY:
        add(raw, intent, "", lang="", weights=cheer)
    for raw in GIVEAWAY:
        add("{p06}" + raw, "other", "")
    for raw in SPAM:
        add(raw, "other", "", spam=1, kind="spam", weights=dict(p06=4, p01=2, p07a=1.2, p07b=1.2, p07c=1.2))
    for raw, lang, intents, topic in NON_ENGLISH:
        spec = MARK.match(raw).group(0)
        add(spec + "[" + intents + "]" + raw[len(spec):], "", topic, lang=lang,
            weights=THEMES[topic]["weights"] if topic else None)
    for raw, intents, topic in PERSONAL:
        spec = MARK.match(raw).group(0)
        add(spec + "[" + intents + "]" + raw[len(spec):], "", topic, kind="personal",
            weights=THEMES[topic]["weights"] if topic else None)

    # ---- place top-level comments on posts and in time
    for it in items:
        w = it["weights"] or {}
        ws = [w.get(p, 0.1 * POST[p]["reach"]) if it["weights"] else POST[p]["reach"] for p in it["posts"]]
        post = rng.choices(it["posts"], weights=ws)[0]
        at = POST[post]["at"]
        for _ in range(20):
            ts = at + delay(rng, it["kind"])
            if ts < END and (it["cap"] is None or ts < it["cap"]):
                break
        else:
            ts = at + timedelta(minutes=rng.uniform(5, 600))
        it.update(post=post, ts=ts)
        if it["author"] is None:
            it["author"] = rng.choice(SPAM_AUTHORS) if it["spam"] else pick_author(it["topic"])

    # ---- copy-paste floods
    flood_posts = ["p04"] * 10 + ["p05"] * 5 + ["p06"] * 3
    for i, post in enumerate(flood_posts):
        at = POST[post]["at"]
        ts = at + timedelta(hours=rng.uniform(0.5, 70 if post == "p04" else 40))
        text = CRASH_FLOOD if i == 0 else rng.choice(CRASH_FLOOD_VARIANTS)
        items.append(dict(text=text, intents=["complaint"], topic="app_crash", lang="en", spam=0,
                          kind="flood", post=post, ts=ts, author=next(fresh), parent=None, dup_group="crash"))
    spam_posts = ["p06"] * 4 + ["p07a", "p07b", "p07c", "p07a", "p07c", "p08", "p09", "p10", "p10"]
    for i, post in enumerate(spam_posts):
        ts = POST[post]["at"] + delay(rng, "spam")
        text = SPAM_FLOOD if i == 0 else rng.choice(SPAM_FLOOD_VARIANTS)
        author = f"{rng.choice(FIRST)}.{rng.choice(['wealth', 'invests', 'mindset', 'success', 'rich'])}{rng.randrange(10, 999)}"
        items.append(dict(text=text, intents=["other"], topic="", lang="en", spam=1, kind="flood",
                          post=post, ts=min(ts, END - timedelta(hours=1)), author=author, parent=None,
                          dup_group="invest"))

    top = list(items)

    # ---- replies
    reply_count: Counter = Counter()
    brand_replied: set[int] = set()

    def candidates(posts: list[str], pred) -> list[dict]:
        return [c for c in top if c["post"] in posts and pred(c) and reply_count[id(c)] < 4]

    def attach(parent: dict, raw_text: str, intents: list[str], topic: str, author: str,
               kind: str, spam: int = 0, mean_h: float = 5.0, dup_group: str | None = None) -> None:
        ts = parent["ts"] + timedelta(hours=min(rng.expovariate(1 / mean_h), 72), seconds=rng.randrange(60))
        ts = min(ts, END - timedelta(minutes=rng.randrange(5, 300)))
        if ts <= parent["ts"]:
            ts = parent["ts"] + timedelta(minutes=3)
        at = "@" + parent["author"]
        if "{at}" in raw_text:
            text = raw_text.replace("{at}", at)
        elif kind == "user" and rng.random() < 0.35:
            text = at + " " + raw_text
        else:
            text = raw_text
        reply_count[id(parent)] += 1
        items.append(dict(text=text, intents=intents, topic=topic, lang="en", spam=spam, kind=kind,
                          post=parent["post"], ts=ts, author=author, parent=parent, dup_group=dup_group))

    def weighted_parent(cands: list[dict]) -> dict:
        return rng.choices(cands, weights=[1 + math.sqrt(c.get("likes0", 1)) for c in cands])[0]

    for c in top:  # a like propensity used for choosing parents (popular comments get replies)
        c["likes0"] = rng.lognormvariate(0.5, 1.0)

    for name, th in THEMES.items():
        for intent, texts in th["replies"].items():
            for raw in texts:
                text, intents, posts, _, rx = parse(raw, intent)
                if intent in ("complaint", "request", "praise"):
                    def pred(c, i=intent, rx=rx):
                        return (c["topic"] == name and c["intents"][0] == i and c["kind"] != "flood"
                                and c["lang"] == "en" and rx.search(c["text"]) is not None)
                else:
                    def pred(c, rx=rx):
                        return c["topic"] == name and c["lang"] == "en" and rx.search(c["text"]) is not None
                cands = candidates(posts, pred)
                if cands:
                    attach(weighted_parent(cands), text, intents, name, pick_author(name), "user")
        for raw in th["brand"]:
            # for brand answers, [..] names the intents of the comments they answer
            text, answers, posts, _, rx = parse(raw, "")
            answers = answers if answers != [""] else ["complaint", "question", "request"]
            if rng.random() < 0.25:  # the community team does not get to everything
                continue
            for _rep in range(2):  # an answer is sometimes used twice, reworded the second time
                cands = [c for c in candidates(posts, lambda c: c["topic"] == name and c["lang"] == "en"
                                               and c["intents"][0] in answers and c["kind"] != "flood"
                                               and rx.search(c["text"]) is not None)
                         if id(c) not in brand_replied]
                if not cands:
                    break
                p = weighted_parent(cands)
                brand_replied.add(id(p))
                t = text if _rep == 0 else BRAND_REWORD(rng, text)
                attach(p, t, ["other"], name, BRAND, "brand", mean_h=9.0)
                if rng.random() < 0.85:
                    break
    for raw, intent in GENERIC_REPLIES:
        text, intents, posts, _, rx = parse(raw, intent)
        cands = candidates(posts, lambda c: not c["spam"] and c["lang"] == "en" and c["kind"] == "user"
                           and rx.search(c["text"]) is not None)
        attach(weighted_parent(cands), text, intents, "", next(fresh), "user")
    for raw in SPAM_CALLOUTS:
        cands = candidates(POST_IDS, lambda c: c["spam"] == 1)
        attach(weighted_parent(cands), raw, ["other"], "", next(fresh), "user")
    # giveaway impersonation: bots reply "you won" to entries on the giveaway post
    entries = [c for c in top if c["post"] == "p06" and not c["spam"] and c["topic"] == ""]
    for i, parent in enumerate(rng.sample(entries, 9)):
        attach(parent, IMPERSONATION, ["other"], "", IMPERSONATION_AUTHORS[i % len(IMPERSONATION_AUTHORS)],
               "spam", spam=1, mean_h=2.0, dup_group="impersonation")

    # ---- perturb user texts (brand, spam and floods are left as written)
    for it in items:
        if it["kind"] in ("user", "personal", "first") and it["lang"] == "en":
            it["text"] = perturb(rng, it["text"], it["intents"][0])

    # ---- likes
    for it in items:
        reach = POST[it["post"]]["reach"]
        mu = dict(request=1.0, complaint=1.0, question=0.2, praise=0.6, other=0.1)[it["intents"][0]]
        if it["kind"] in ("spam", "flood") or it["spam"]:
            mu = -0.8
        if it["parent"] is not None:
            mu = 0.6 if it["kind"] == "brand" else -0.3
        if it["topic"] == "dark_mode" and it["post"] in ("p09", "p10"):
            mu += 1.0
        if it["topic"] == "app_crash" and it["post"] in ("p04", "p05") and it["kind"] != "flood":
            mu += 0.7
        if it["topic"] == "price" and it["post"] == "p07c":
            mu += 0.5
        it["likes"] = max(0, int(rng.lognormvariate(mu + math.log(reach), 1.1) - 1))

    # ---- ids, order
    alphabet = string.ascii_letters + string.digits
    used: set[str] = set()
    for it in items:
        while True:
            cid = "Cm" + "".join(rng.choice(alphabet) for _ in range(10))
            if cid not in used:
                used.add(cid)
                it["id"] = cid
                break
    items.sort(key=lambda it: (it["ts"], it["id"]))

    # ---- duplicates: copy-paste groups, plus any exact (normalised) repeat of an earlier comment
    first_of_group: dict[str, str] = {}
    first_of_key: dict[str, str] = {}
    for it in items:
        it["duplicate_of"] = ""
        g = it.get("dup_group")
        if g:
            if g in first_of_group:
                it["duplicate_of"] = first_of_group[g]
            else:
                first_of_group[g] = it["id"]
        text = re.sub(r"^@[\w.]+\s+", "", it["text"]) if it["parent"] is not None else it["text"]
        k = norm_key(text) if it["kind"] != "brand" else None
        if k is not None:
            if not it["duplicate_of"] and k in first_of_key:
                it["duplicate_of"] = first_of_key[k]
            first_of_key.setdefault(k, it["id"])

    comments, labels = [], []
    for it in items:
        p = POST[it["post"]]
        comments.append(dict(
            comment_id=it["id"], post_id=it["post"], post_title=p["title"], variant=p["variant"],
            author=it["author"], published_at=it["ts"].isoformat(timespec="seconds"),
            like_count=it["likes"], parent_id=it["parent"]["id"] if it["parent"] else "",
            text=it["text"]))
        labels.append(dict(
            comment_id=it["id"], intent=it["intents"][0], intents=";".join(it["intents"]),
            spam=it["spam"], topic=it["topic"], language=language_of(it["text"], it["lang"]),
            duplicate_of=it["duplicate_of"]))
    return comments, labels


REWORDS = [("We're", "We are"), ("So sorry", "Really sorry"), ("Thanks", "Thank you"),
           ("!", "."), ("DM us", "send us a DM")]


def BRAND_REWORD(rng: random.Random, text: str) -> str:  # noqa: N802
    """Second use of a brand answer: community managers copy their own replies, with small edits."""
    for a, b in REWORDS:
        if a in text and rng.random() < 0.6:
            return text.replace(a, b, 1)
    return "Hi! " + text


def write_csv(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


LANG_NAMES = dict(en="English", es="Spanish", de="German", fr="French", pt="Portuguese",
                  it="Italian", nl="Dutch", pl="Polish")


def readme(comments: list[dict], labels: list[dict]) -> str:
    n = len(comments)
    by_post = Counter(c["post_id"] for c in comments)
    intents = Counter(lab["intent"] for lab in labels)
    langs = Counter(lab["language"] for lab in labels)
    topics = Counter(lab["topic"] for lab in labels if lab["topic"])
    spam = sum(int(lab["spam"]) for lab in labels)
    dups = sum(1 for lab in labels if lab["duplicate_of"])
    replies = sum(1 for c in comments if c["parent_id"])
    brand = sum(1 for c in comments if c["author"] == BRAND)
    first, last = comments[0]["published_at"], comments[-1]["published_at"]
    pii = sum(1 for c in comments if re.search(r"@example\.|\d{3}[ -]?555|555[- ]01|7700 9", c["text"]))
    lab = {lab["comment_id"]: lab for lab in labels}
    vrows = ["| variant | comments | price complaints | buying / shipping questions | design praise + colour requests | spam |",
             "|---|---|---|---|---|---|"]
    for v in "ABC":
        cs = [lab[c["comment_id"]] for c in comments if c["variant"] == v]
        vrows.append(
            f"| {v} | {len(cs)} "
            f"| {sum(x['topic'] == 'price' and x['intent'] == 'complaint' for x in cs)} "
            f"| {sum(x['topic'] in ('buying', 'shipping') and x['intent'] == 'question' for x in cs)} "
            f"| {sum(x['topic'] == 'design' and x['intent'] in ('praise', 'request') for x in cs)} "
            f"| {sum(int(x['spam']) for x in cs)} |")
    variant_table = "\n".join(vrows)
    post_rows = "\n".join(
        f"| `{pid}` | {POST[pid]['at']:%Y-%m-%d} | {POST[pid]['variant'] or ''} | {by_post[pid]} | "
        f"{POST[pid]['title'].replace('|', '/')} |" for pid in POST_IDS)
    intent_rows = "\n".join(f"| {k} | {intents[k]} |" for k in ("request", "complaint", "question", "praise", "other"))
    lang_rows = "\n".join(f"| `{k or '(none)'}` | {LANG_NAMES.get(k, 'no words (emoji / mentions only)')} | {v} |"
                          for k, v in sorted(langs.items(), key=lambda kv: -kv[1]))
    topic_rows = "\n".join(f"| `{k}` | {v} |" for k, v in sorted(topics.items(), key=lambda kv: -kv[1]))
    return f"""# Sample export: Lumio Instagram comments (synthetic)

**Everything here is fictional and was written for the `insights` demo.** Lumio is not a real
brand; the authors, handles, e-mail addresses and phone numbers are made up (e-mails use
`example.com/.net/.org`, US phone numbers use the fictional 555-01xx range). No text was copied
from any real dataset.

Lumio sells the **Lumio Arc** smart desk lamp ($129), the **Orbit** clip light and the **Lumio
app** that controls them (scenes, schedules, Focus Sessions). The file looks like a comments
export of the brand's Instagram account from a social-listening tool: {n} comments on
{len(POSTS)} posts (nine regular posts plus one campaign run as three creatives) between
{first[:10]} and {last[:10]}.

## Posts

| post_id | posted | variant | comments | caption |
|---|---|---|---|---|
{post_rows}

`p07a`, `p07b` and `p07c` are **one campaign in three ad creatives**, posted within minutes of
each other on 2024-10-11 (the `variant` column is `A`/`B`/`C` for them and empty for every other
post): A is a mood creative for the new Sage colour, B sells the Arc + Orbit bundle at $149
("ships this week"), C the hand-finished Sage Edition at $199. Their reception differs, without
being perfectly separable: B draws buying / bundle / shipping questions, C draws price
complaints, A mostly design praise and requests for more colours.

{variant_table}

What happens over time: the app 3.0 update (`p04`, 2024-09-24) brings a wave of login-crash and
battery-drain complaints, including a copy-paste protest (`#fixlumio`) pasted by 18 accounts; a
cloud outage follows (`p05`); 3.1 (`p09`) fixes most of it and ships the Android widget beta, so
crash complaints fade; dark-mode requests grow steadily and peak on the roadmap Q&A (`p10`). The
giveaway (`p06`) attracts tag-a-friend entries, spam and fake "you won" replies from accounts
impersonating the brand.

## `comments.csv` (the export)

UTF-8, comma-separated, RFC 4180 quoting (a few texts contain line breaks), sorted by
`published_at`.

| column | meaning |
|---|---|
| `comment_id` | unique id (string, e.g. `CmAb3dE5fG7h`) |
| `post_id` | the post the comment is on |
| `post_title` | the post caption |
| `variant` | `A`/`B`/`C` for the three campaign creatives, empty otherwise |
| `author` | Instagram handle; the brand's own account is `{BRAND}` ({brand} replies) |
| `published_at` | ISO 8601 with timezone (UTC, `+00:00`) |
| `like_count` | likes on the comment |
| `parent_id` | for replies: the `comment_id` of the top-level comment replied to (same post), else empty |
| `text` | the comment as written: typos, slang, emoji, @mentions, #hashtags, URLs, line breaks |

{replies} comments ({replies / n:.0%}) are replies.

## `labels.csv` (ground truth)

One row per comment, same `comment_id`s, written by hand together with the texts.

| column | meaning |
|---|---|
| `comment_id` | joins to `comments.csv` |
| `intent` | primary intent: `request`, `complaint`, `question`, `praise` or `other` (what the author mainly wants) |
| `intents` | every intent that applies, `;`-joined, primary first (e.g. `request;praise`) |
| `spam` | 1 for spam / self-promotion / scams / bot comments, else 0 |
| `topic` | product theme (see below); empty for spam and for comments with no product theme (greetings, tags, emoji, giveaway entries, generic praise such as "love this", brand-free chatter) |
| `language` | ISO 639-1 code of the text; empty when it has no words (emoji / mentions only) |
| `duplicate_of` | for copy-paste duplicates: `comment_id` of the earliest copy; else empty |

Brand replies are labelled `other` with the topic of the comment they answer. Replies are
labelled by their own text (a bare "+1 for dark mode" is a `request`). A comment counts as a
duplicate when it belongs to one of the three copy-paste floods (the `#fixlumio` crash
complaint, an investment-scam comment and the giveaway-impersonation reply; their copies differ
slightly in case, emoji or the leading @mention) or when its text, ignoring case, punctuation,
emoji and a leading @mention, equals an earlier comment's (several "first!").

### Counts

| intent | comments |
|---|---|
{intent_rows}

Spam: {spam} ({spam / n:.1%}). Duplicates (rows with `duplicate_of`): {dups}.

| language | name | comments |
|---|---|---|
{lang_rows}

| topic | comments |
|---|---|
{topic_rows}

Comments with no topic: {n - sum(topics.values())}.

Personal data to redact: {pii} comments contain an e-mail address or a phone number.

## Regenerate

```
python scripts/make_sample.py
```

The script is deterministic (fixed seed, standard library only): running it again writes
byte-identical files. All texts live in the script as hand-written lists per theme; the script
chooses the post, time (bursts right after each post, a long tail after), author, likes and
reply threads, and adds light perturbations (lowercasing, dropped full stops, curly apostrophes,
the odd typo, an extra emoji).
"""


def main() -> None:
    comments, labels = build()
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "comments.csv", comments)
    write_csv(OUT / "labels.csv", labels)
    (OUT / "README.md").write_text(readme(comments, labels), encoding="utf-8")
    print(f"wrote {len(comments)} comments to {OUT}")


if __name__ == "__main__":
    main()
