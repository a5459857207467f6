"""Hand-written anchor sentences per class, domain-general, used as extra self-training seeds.

They are written for comments on anything (apps, shops, travel, food, media, support),
not copied from or tuned to any evaluation dataset. Neutral anchors are questions and
plain statements of fact, which is what neutral comments mostly are.
"""

from __future__ import annotations

ANCHORS: dict[str, tuple[str, ...]] = {
    "negative": (
        "This is terrible, I am so disappointed.",
        "Worst experience ever.",
        "I have been waiting for hours and still no update.",
        "It keeps crashing and nobody has fixed it.",
        "The service was rude and unhelpful.",
        "I want a refund, this is unacceptable.",
        "My order never arrived and no one answers.",
        "It stopped working after the update.",
        "What a waste of money.",
        "I am really angry about how I was treated.",
        "This is getting worse every time.",
        "Nobody responded to my complaint.",
        "They cancelled without telling me.",
        "It is too slow and full of bugs.",
        "Very poor quality, would not recommend.",
        "I was charged twice and can't reach anyone.",
        "Stuck on hold for an hour again.",
        "The food was cold and bland.",
        "Such a frustrating experience from start to finish.",
        "Why does this never work?",
    ),
    "neutral": (
        "What time does it open tomorrow?",
        "How do I change my email address?",
        "I will be there on Monday.",
        "Is there a version for tablets?",
        "Can you send me the link?",
        "The meeting is at 3 pm.",
        "I sent you a direct message with the details.",
        "Does this work with older phones?",
        "We ordered the set menu for two.",
        "Where can I find the receipt?",
        "I watched it yesterday.",
        "They have a new location downtown.",
        "Please let me know the order number.",
        "Which plan includes the extra storage?",
        "It comes in three sizes.",
        "I am flying to Chicago next week.",
        "Is the offer still available?",
        "The update was released today.",
        "My friend told me about this.",
        "Any news on the next release?",
    ),
    "positive": (
        "Thank you so much, this is great!",
        "I love it, best one I have ever used.",
        "Excellent service, very friendly staff.",
        "Thanks for the quick help, problem solved.",
        "Amazing experience, highly recommend.",
        "Works perfectly, really happy with it.",
        "The food was delicious and the service was wonderful.",
        "You made my day, thank you!",
        "Great job, keep it up.",
        "So easy to use and it looks beautiful.",
        "Really impressed with how fast it arrived.",
        "Fantastic update, everything feels smoother.",
        "The team was very helpful and kind.",
        "Such a pleasant surprise, loved every minute.",
        "Best customer support I have dealt with.",
        "This song is awesome.",
        "I appreciate your help a lot.",
        "Perfect, exactly what I needed.",
        "Had a wonderful time, will come back.",
        "Brilliant, thanks again!",
    ),
}


def anchor_texts() -> tuple[list[str], list[str]]:
    """All anchors as (texts, labels), in a fixed order.

    Example:
        >>> texts, labels = anchor_texts()
        >>> len(texts) == len(labels), sorted(set(labels))
        (True, ['negative', 'neutral', 'positive'])
    """
    texts: list[str] = []
    labels: list[str] = []
    for label, sentences in ANCHORS.items():
        texts.extend(sentences)
        labels.extend([label] * len(sentences))
    return texts, labels
