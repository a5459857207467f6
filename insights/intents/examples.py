"""Hand-written synthetic sentences per intent: the zero-shot classifier's only training data.

Every sentence here was written for this module, spread over many domains (apps,
games, airlines, shops, restaurants, software, videos, banks, hardware) so the
head learns what a request or a complaint looks like in general, not what one
product's users talk about. No row of any evaluation dataset is used.

``PROTOTYPES`` are a few short, clean sentences per class, used for nearest-
prototype similarity; ``EXAMPLES`` is the larger set the logistic head fits.
"""

from __future__ import annotations

from insights import schema as S

PROTOTYPES: dict[str, list[str]] = {
    S.REQUEST: [
        "Please add this feature.",
        "I wish it had an option for this.",
        "It would be great if you could add support for it.",
        "You should add a setting to change this.",
        "Can you make it possible to export my data?",
        "Needs more options.",
    ],
    S.COMPLAINT: [
        "It crashes every time I open it.",
        "This doesn't work anymore.",
        "Terrible service, I have been waiting for hours.",
        "The app keeps freezing and it is so slow.",
        "My order never arrived and nobody answers.",
        "Please fix this bug, it is broken since the update.",
    ],
    S.QUESTION: [
        "How do I change my password?",
        "Is there a way to do this?",
        "Does anyone know when it will be available?",
        "What time does it open?",
        "Can I use it offline?",
    ],
    S.PRAISE: [
        "I love it, great job!",
        "Excellent service, thank you so much.",
        "Best app ever, works perfectly.",
        "Really helpful and easy to use.",
        "Amazing, highly recommend it.",
    ],
    S.OTHER: [
        "I use it every day on my phone.",
        "This is my first time here.",
        "Watching this from my office.",
        "My brother told me about it.",
        "It is a game about farming.",
    ],
}

EXAMPLES: dict[str, list[str]] = {
    S.REQUEST: [
        "Please add a dark mode.",
        "Please add an option to turn off the sound.",
        "Would love to see a widget for the home screen.",
        "It would be nice if I could sort the list by date.",
        "It would be great to have a search bar.",
        "I wish there was a way to back up my notes.",
        "I wish it had more levels.",
        "Wish you could change the font size.",
        "You should add more colors to choose from.",
        "You guys should make a version for tablets.",
        "Needs an undo button.",
        "Needs support for multiple accounts.",
        "It needs an export to PDF feature.",
        "Add the ability to share playlists with friends.",
        "Add a landscape mode please.",
        "Can you please add subtitles in Spanish?",
        "Could you add a filter for vegetarian dishes?",
        "Any chance of getting a desktop version?",
        "How about adding a sleep timer?",
        "Why not add a mute button?",
        "Suggestion: let users pick their own ringtone.",
        "Feature request: calendar sync with Outlook.",
        "I would like an option to hide my online status.",
        "I'd love a setting to disable notifications at night.",
        "Please bring back the old layout as an option.",
        "Please allow us to choose seats when booking.",
        "Please let me log in with my fingerprint.",
        "Please make the text bigger for older users.",
        "Please include vegan options on the menu.",
        "Please consider offering a student discount.",
        "It should have a way to skip the intro.",
        "It should let you save drafts.",
        "The only thing missing is a repeat function.",
        "One thing I would change is to add a pause button.",
        "Would give five stars if it had cloud sync.",
        "Will rate five stars once you add a timer.",
        "We need more payment methods.",
        "I want to be able to edit messages after sending.",
        "More customization options would be appreciated.",
        "Support for smart watches would be awesome.",
        "Integration with Google Drive would be really useful.",
        "Is it possible to add a night theme?",
        "Hope you add offline maps in the next update.",
        "Hoping for a family plan in the future.",
        "Make a tutorial for new players please.",
        "Next time, offer more vegetarian meals on long flights.",
        "Give us the option to download episodes.",
        "There should be an option to change the language.",
        "Would be cool to have achievements.",
        "Do a video on how to fix bikes please.",
        "Can you make a part two of this video?",
        "Let us customize the keyboard shortcuts.",
        "Please add two factor authentication.",
        "Adding a favorites list would make it perfect.",
        "Lack of a search function.",
        "There is no way to export my data.",
        "It doesn't let you change the background color.",
        "No option to turn off autoplay.",
        "Missing a dark theme.",
        "I miss the old sorting option, please bring it back.",
        "The only thing it lacks is a calendar view.",
        "You can't add more than one account, hope that changes.",
        "Not enough levels, I finished them all in a day.",
        "Would be even better with a larger menu for kids.",
    ],
    S.COMPLAINT: [
        "The app crashes every time I open the camera.",
        "It keeps crashing after the latest update.",
        "Doesn't work on my phone anymore.",
        "It won't load, just a black screen.",
        "I can't log in since yesterday.",
        "Unable to sync my contacts.",
        "The game freezes constantly.",
        "So slow and laggy, it takes forever to start.",
        "It drains my battery really fast.",
        "Uses way too much memory and storage.",
        "Force closes whenever I try to upload a photo.",
        "Every time I try to pay I get an error.",
        "Lost all my data after the update.",
        "Notifications stopped working.",
        "The sound is broken and the buttons don't respond.",
        "Too many ads, an ad pops up every ten seconds.",
        "Please fix the login bug.",
        "Please fix this, the video keeps buffering.",
        "Fix the sync issue, it deletes my notes.",
        "Still not fixed after three updates.",
        "My flight was delayed for four hours and nobody told us anything.",
        "Flight cancelled and no rebooking offered.",
        "They lost my luggage and customer service hung up on me.",
        "Been on hold for two hours.",
        "Still waiting for my refund after six weeks.",
        "The staff was rude and the food was cold.",
        "Worst customer service I have ever experienced.",
        "The package arrived damaged and late.",
        "I was charged twice and nobody will help.",
        "Waited forty minutes for a table even with a reservation.",
        "The seat was broken and the wifi didn't work.",
        "Missed my connection because of your delay.",
        "This update ruined everything.",
        "Total waste of money, it stopped working after a week.",
        "Terrible experience, never again.",
        "Very disappointed, the quality is awful.",
        "It says connection error no matter what I do.",
        "The screen goes blank when I rotate the phone.",
        "Keeps logging me out.",
        "The audio is out of sync with the video.",
        "Your website is down again.",
        "The battery overheats when charging.",
        "I paid for premium and it still shows ads.",
        "The alarm doesn't go off.",
        "It won't let me download anything.",
        "The app is useless now, uninstalling.",
        "Your support never answers emails.",
        "It takes ages to load a single page.",
        "Videos won't play, just a spinning wheel.",
        "Why does it keep crashing?",
        "Why is my bag still missing?",
        "Thanks for nothing.",
        "Great, another delay.",
        "Hello? Is anyone there?",
        "I will never buy from you again.",
        "Two hours and still no answer.",
        "Why is it so hard to reach a real person?",
        "What is going on with my order?",
        "So much for customer service.",
        "Not happy at all.",
        "This is the third time this has happened.",
        "I want my money back.",
        "You ruined our holiday.",
        "Nobody at the desk knows anything.",
        "Sitting on the runway with no information.",
        "Your agent hung up on me.",
        "How hard is it to answer an email?",
        "I expected much better from you.",
        "Switching to a competitor after this.",
        "Every single time, the same problem.",
        "The new version is worse than the old one.",
    ],
    S.QUESTION: [
        "How do I change the language?",
        "How can I get my old account back?",
        "Is there a dark mode?",
        "Does it work without internet?",
        "Does this support Bluetooth headphones?",
        "What is the baggage allowance for international flights?",
        "When does the sale end?",
        "Where can I find the settings?",
        "Can I transfer my progress to a new phone?",
        "Is this free or do I have to pay?",
        "Which version should I download?",
        "Anyone know how to unlock the last level?",
        "What song is playing at the end?",
        "Do you ship to Canada?",
        "Is the restaurant open on Sundays?",
        "How long does delivery usually take?",
        "Can I bring my dog on the flight?",
        "What camera did you use for this video?",
        "Is it safe to store passwords in this app?",
        "Who is the actor in the first scene?",
        "Are there any plans for an iPad version?",
        "Will my subscription renew automatically?",
        "How much does the premium plan cost?",
        "Do I need an account to use it?",
        "What does the blue icon mean?",
        "Is there a way to change my seat online?",
        "Where do I report a lost item?",
        "Which plan includes cloud storage?",
    ],
    S.PRAISE: [
        "I love this app.",
        "Great app, works perfectly.",
        "Best game I have ever played.",
        "Amazing service, thank you!",
        "Thanks for the quick reply.",
        "Excellent food and friendly staff.",
        "The crew was wonderful, thank you.",
        "Super easy to use.",
        "Very helpful, highly recommend.",
        "Awesome video, keep it up.",
        "Five stars, no complaints.",
        "Beautiful design and smooth animations.",
        "This saved me so much time.",
        "Fantastic customer support, they solved my issue in minutes.",
        "Really fun and addictive.",
        "Perfect, exactly what I needed.",
        "Great job on the new update!",
        "The best airline, always on time.",
        "Love the new features.",
        "Well done, very impressive.",
        "This is so cool.",
        "Good app.",
        "Nice and simple.",
        "Thank you so much for your help today.",
        "Absolutely brilliant.",
        "You guys rock!",
        "Works great on my tablet.",
        "Such a lovely place, we will be back.",
    ],
    S.OTHER: [
        "I downloaded it yesterday.",
        "My friend recommended this to me.",
        "I use it for work.",
        "First comment.",
        "Watching this in 2015.",
        "I have been a member since 2010.",
        "This is the third version I tried.",
        "Flying to Chicago tomorrow morning.",
        "Just boarded the plane.",
        "I am on my way to the airport.",
        "It is a puzzle game with cards.",
        "We ordered the pasta and the salad.",
        "The app is for tracking expenses.",
        "My kids play it.",
        "Okay.",
        "It's fine I guess.",
        "Not bad, not great.",
        "Average.",
        "It does what it says.",
        "Me and my sister watch this every night.",
        "Who is here after the news?",
        "Heading to New York for the weekend.",
        "Used it on my old phone too.",
        "The update came out today.",
        "I read the whole article.",
        "Lol.",
        "Same here.",
        "Subscribed.",
        "Flight 123 from Boston to Denver tomorrow.",
        "Just checked in online.",
        "Sent you a direct message with the details.",
        "Following up on my earlier message.",
        "Trying it on my new laptop.",
        "I bought the tickets last month.",
    ],
}

# --- templated sentences ------------------------------------------------------
# Templates cross request / complaint phrasings with things from many domains, so the
# head learns the phrasing, not the thing. Sampled with a fixed seed: deterministic.
_THINGS = [
    "dark mode", "offline mode", "a search bar", "an undo button", "cloud backup", "a widget", "more levels",
    "subtitles", "a family plan", "vegan options", "seat selection", "live chat support", "a sleep timer",
    "two factor login", "an export to excel", "a landscape mode", "bigger fonts", "more payment options",
    "a tablet version", "custom ringtones", "playlist sharing", "a price filter", "an ad free option",
    "multiple accounts", "a calendar view", "voice commands", "keyboard shortcuts", "a kids menu",
    "free wifi on board", "online check in for groups", "order tracking", "a loyalty program",
    "sd card support", "a repeat button", "more themes", "a desktop app", "a map view", "tags for notes",
    "delivery on weekends", "more episodes",
]
_REQUEST_TEMPLATES = [
    "Please add {x}.", "Please add {x}!!", "I wish it had {x}.", "It would be nice to have {x}.",
    "Would love {x}.", "You should add {x}.", "Needs {x}.", "It needs {x}.", "Can you add {x}?",
    "Could you please add {x}?", "How about {x}?", "{x} would be great.", "{x} please!",
    "Any plans for {x}?", "I would like {x}.", "We really need {x}.", "Hope you add {x} soon.",
    "The only thing missing is {x}.", "Would give 5 stars with {x}.", "Great app but it lacks {x}.",
    "Love it, but please add {x}.", "Suggestion: {x}.", "There is no {x}, please add it.",
    "Good but it really needs {x}.",
]
_PARTS = [
    "the app", "the game", "the website", "the camera", "the login page", "the checkout", "the video player",
    "the search", "the map", "my account", "the update", "the download", "the sync", "the keyboard",
    "the booking system", "the payment", "the widget", "the notifications", "the music", "the chat",
]
_PROBLEMS = [
    "crashes every time I open it", "keeps freezing", "doesn't work anymore", "won't load",
    "is so slow", "stopped working after the update", "drains my battery", "shows an error",
    "logs me out all the time", "is broken", "takes forever to load", "force closes",
    "lags constantly", "never finishes", "deletes my data", "keeps crashing on my phone",
    "fails every time", "is stuck on a black screen", "charged me twice", "has been down all day",
]
_COMPLAINT_TEMPLATES = [
    "{p} {q}.", "{p} {q}, please fix.", "Ugh, {p} {q}.", "Since the update {p} {q}.",
    "{p} {q} and support never answers.", "Love it but {p} {q}.", "Why does {p} keep failing?",
    "Fix it, {p} {q}!", "Useless, {p} {q}.", "I paid and {p} {q}.",
]
_PRAISE_TEMPLATES = [
    "Love {p}!", "{p} is great.", "Really happy with {p}.", "{p} works perfectly, thank you.",
    "Best {t} ever.", "Great {t}, highly recommend.", "Amazing {t}, five stars.", "Thanks, {p} is awesome.",
]
_OTHER_TEMPLATES = [
    "I use {p} every day.", "I tried {p} yesterday.", "My sister showed me {p}.", "Using {p} on my phone.",
    "Just downloaded {t}.", "This is a {t} for kids.", "Opened {p} this morning.", "Had {p} for a year now.",
]
_QUESTION_TEMPLATES = [
    "How do I use {p}?", "Where is {p}?", "Does {p} work offline?", "Is {p} free?", "When was {p} updated?",
    "Can I share {p} with friends?", "What does {p} do?", "Is there a guide for {p}?",
]
_KINDS = ["app", "game", "airline", "service", "shop", "restaurant", "tool", "player", "site", "channel"]


def templated_examples(per_class: int = 120, seed: int = 0) -> dict[str, list[str]]:
    """Sentences built from the templates above, ``per_class`` per intent, fixed seed.

    Example:
        >>> len(templated_examples(10)["request"])
        10
    """
    import random

    rng = random.Random(seed)

    def fill(template: str) -> str:
        text = template.format(
            x=rng.choice(_THINGS), p=rng.choice(_PARTS), q=rng.choice(_PROBLEMS), t=rng.choice(_KINDS)
        )
        return text[0].upper() + text[1:]

    out: dict[str, list[str]] = {}
    for label, templates in (
        (S.REQUEST, _REQUEST_TEMPLATES),
        (S.COMPLAINT, _COMPLAINT_TEMPLATES),
        (S.PRAISE, _PRAISE_TEMPLATES),
        (S.OTHER, _OTHER_TEMPLATES),
        (S.QUESTION, _QUESTION_TEMPLATES),
    ):
        seen: dict[str, None] = {}
        for _ in range(per_class * 20):
            if len(seen) >= per_class:
                break
            seen.setdefault(fill(rng.choice(templates)))
        out[label] = list(seen)
    return out
