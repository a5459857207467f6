"""Measure the zero-shot spam detector, before and after a change, in one run.

Nothing here trains anything: the detector's signals and weights are hand-set in
insights/clean/spam.py, and the embedding view compares comments with hand-written
sentences (insights/clean/spam_examples.py). Prints, for the current detector and for
the detector at a baseline git revision (``--baseline``, loaded from git into memory):

* YouTube Spam Collection (CLASS=1 is spam): precision, recall, F1, per-file F1,
  comments per second of CPU time, and the 4-phrase regex baseline;
* the demo export data/sample (Instagram-style comments, labels.csv ``spam``): a
  second medium;
* the share flagged in corpora of ordinary feedback (airline tweets, app reviews,
  restaurant reviews, bank questions): nearly all ham, so about the false-positive rate;
* spam caught and ham flagged among hand-written comments from many media (CHECK_ROUNDS);
* the embedding view's speed on uncached texts and the whole cleaning stage's speed.

    python scripts/eval_spam.py [--baseline c4b763d] [--no-embeddings] [--errors 20]
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insights import schema as S
from insights.clean import Cleaner
from insights.clean import spam as current
from insights.corpus import Corpus
from insights.evaluate import prf

BASELINE = re.compile(r"check out|subscribe|my channel|http", re.IGNORECASE)
# The detector as the clean stage shipped it, before the multi-media follow-up (issue 4).
DEFAULT_BASELINE = "c4b763d"

# Hand-written comments from many media (none from a dataset), in five rounds. Each round
# was scored once as written, before the rules were extended for the kinds it missed, so
# what this prints for them now is a development number; the first-shot numbers are in
# the round's comment (caught spam / flagged ham, current rules at the time -> baseline).
CHECK_ROUNDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # round 1: first shot 15/20, 0/20 (baseline rules 12/20, 3/20)
    "round 1": (
        (
            'Join my telegram group for free trading signals, 90% win rate',
            'Tired of your 9-5? I made $3k last month from my phone, link in my bio',
            'I review apps on my YouTube channel, go check it out',
            'Best app ever!!! Use my invite code GEMS500 to get free gems',
            'Found a website that gives unlimited coins for this game, search for it',
            'Hi sweetie, your profile caught my eye, text me on hangouts',
            'Want 10k followers? Visit our site for cheap packages',
            'Promote your music to 1M listeners, contact us for a feature',
            'Anyone need a ghostwriter for their essays? DM me, fast turnaround',
            'My aunt recovered her hacked account with the help of @hackrecovery_pro, contact him',
            "He's legit! Mr Daniel helped me make profits with bitcoin, reach him on whatsapp +44 7700 900123",
            "Like this post and type 'YES' to receive good luck for a year",
            'Tag 3 friends and follow our page to win a free phone',
            "Congrats! You've won a $500 gift card, click the link in our bio to claim",
            'Check out my Etsy shop for handmade jewelry 💍',
            'Subscribe to my newsletter for daily deals, link below',
            "I'm a fitness coach, DM me 'FIT' for a free plan",
            'make $200 a day doing simple tasks online, ask me how',
            'Come watch me live on twitch tonight!',
            'Selling followers and likes at the lowest prices, inbox us',
        ),
        (
            'Is the giveaway still running? I just followed',
            'I entered the contest yesterday, when will winners be contacted?',
            'Please call me back, my order number is 88231 and it never arrived',
            "Can someone DM me about the refund? I've emailed three times",
            'My account was hacked, how do I recover it?',
            'Is there a discount code for students?',
            'the app asks for my phone number every time I log in',
            'love your page, been following for years',
            'following you for more updates on the launch',
            "can you check my DM please, it's about a damaged item",
            'I tried the bitcoin feature in the app and the fees are too high',
            'who else is using this in 2024, still the best notes app',
            'checkout worked this time, thanks for fixing it',
            'The link in your bio is broken',
            'I shared this with my whole team, we love it',
            'This app made me $0 and cost me $5, what a scam',
            'how do I earn points with my purchases?',
            'great giveaway, good luck everyone!',
            'visit the store in person, the staff are lovely',
            'my daughter subscribed by mistake, how do I cancel?',
        ),
    ),
    # round 2: first shot 10/20, 2/20 (baseline rules 9/20, 2/20)
    "round 2": (
        (
            'Great thread! I wrote a full guide on this on my blog, link in profile',
            'Stop wasting money on ads, our agency will 10x your sales. Book a free call',
            "OMG I can't believe this works, got 5000 free robux from this site",
            "To anyone struggling financially, Mrs Sandra's investment plan changed my life, write to her on telegram",
            "Hello handsome, I'm new here, want to chat? 💋",
            "Don't buy this, get the same lamp for $20 at cheaplamps-example.shop",
            'Earn passive income with our AI trading bot, 300% returns guaranteed',
            "Share this to 10 groups and you'll receive a surprise tomorrow",
            'Hey! Your account has been flagged. Verify here to avoid suspension: meta-support-verify.example',
            'Looking for brand partners! Send us a DM to collaborate',
            "If you need a hacker to spy on your partner's phone, contact @spyexpert_hack",
            'I teach people how to make six figures on Amazon FBA, comment INFO',
            "Stream my EP on Spotify 🎧 it's called Neon Nights",
            'Please vote for my daughter in the baby photo contest, link below!',
            'Who else came here from TikTok? 👇 drop a like',
            'Work from home opportunity!! No experience needed, message me for details',
            'Our page posts the best desk setups daily, go follow us',
            'Free followers! Just go to the link in my bio',
            'Just launched my online course on photography, 50% off this week only',
            "I'm giving away $1000 to the first 50 people who follow me and DM 'money'",
        ),
        (
            'I posted a review on my blog last year and it still holds up',
            'Our team bought five of these for the office, everyone loves them',
            'my kid spent 5000 robux in this game without asking, how do I get a refund?',
            'Please DM me, I was charged twice for the same order',
            'Hello, is anyone from customer service reading these?',
            'I found the same lamp cheaper on another site, will you price match?',
            'The trading feature is confusing, please add a tutorial',
            'shared this with my mom, she needs a better reading light',
            'I got an email saying my account was suspended, is that real or a scam?',
            'Would love to see a collab with an artist for a limited colour',
            'My phone got hacked after I installed this, is it safe?',
            'comment section is full of bots again',
            'Been listening to this album all week',
            'voted for you in the design awards, good luck!',
            "I came here from TikTok and I'm not disappointed",
            'I work from home and this lamp saved my eyes',
            'I follow your page for the setup photos, keep posting',
            'the link in your bio goes to a 404',
            'the course was useful, but the videos are too long',
            'Did anyone win the $1000 gift card from last month?',
        ),
    ),
    # round 3: first shot 9/15, 0/15 (baseline rules 9/15, 0/15)
    "round 3": (
        (
            "This is the best review I've read! By the way I sell handmade candles, my shop link is in my profile",
            'Get verified on Instagram fast, guaranteed blue tick, message our team',
            'Wanna see my private pics? 🔞 check my bio',
            "Hi, I'm Jessica, a 26 year old nurse. I'd like to know you better, add me",
            "Crypto is the future! I earn $2,500 weekly with Coach Robert's strategy, he's on Instagram",
            'Instant loans approved in 5 minutes, no credit check, apply now at quickcash-example.net',
            'Tap the link to claim your free $100 Amazon voucher before midnight',
            'Thanks for sharing! We sell the same product 40% cheaper, visit our store',
            'Real estate investors wanted, 20% monthly return, inbox me for the plan',
            "Comment 'READY' and I'll send you my free ebook on passive income",
            'My new app helps you track your sleep, download it free on the App Store!',
            "Type 'I love Jesus' and watch what happens in 24 hours 🙏 share with 5 friends",
            "Who's watching in 2026? Hit like if you're still here 👍",
            'Check out r/dealsdaily for the best discounts, join us!',
            "We're hiring! Earn $50/hour as a remote chat moderator, apply via the link",
        ),
        (
            "This is the best review I've read, thank you for the detail",
            'How do I get the verified badge on my business page in your app?',
            "Can you add a private mode so my kids can't see my photos?",
            "Hi, I'm a nurse and I use this lamp after night shifts, it's perfect",
            'Does the app support paying with crypto?',
            'The loan application keeps failing at the last step',
            'I got a message saying I won a voucher from you, is it real?',
            'Found it 40% cheaper on another site, will you match the price?',
            'Is the monthly plan cheaper than the yearly one?',
            'Ready for the next update, the last one was great',
            'Downloaded the new version and the sleep tracker is finally accurate',
            'Sharing this with my prayer group, we all need better light for reading',
            'Still using this in 2026, nothing beats it',
            "I posted about this on r/lamps and people agreed it's the best",
            "Are you hiring? I'd love to work on the app team",
        ),
    ),
    # round 4: first shot 7/15, 0/15 (baseline rules 4/15, 0/15)
    "round 4": (
        (
            'Nice! I do the same kind of edits, my portfolio is on my profile 🎬',
            'Hey I love your vibe, I run a fashion brand and want to send you free clothes, DM us',
            'Cheap Netflix and Spotify premium accounts, lifetime access, message me',
            'Girls near you are waiting 😈 tap my profile',
            'I recovered $45,000 of my lost bitcoin thanks to a recovery hacker, email him',
            'Shop our summer sale, everything 70% off at our online store',
            'Be your own boss, join my team and earn while you sleep',
            'Vote for our team in the community awards! Every vote counts, link in comments',
            'Please report this account, they stole my photos. Then follow my real page',
            'Looking for testers for our new game, paid $20 per hour, sign up at the link',
            'Bro your content is fire 🔥 check out mine too',
            'Reply YES if you want the secret to losing 10kg in a month',
            "I'm selling my pre-made Instagram pages with 50k followers, DM for price",
            'Get paid to review products from home! Apply here',
            "Amen if you believe 🙏 ignore if you don't",
        ),
        (
            'I edit photos for a living and these colours are spot on',
            'The clothes came in the wrong size, how do I exchange them?',
            'Netflix keeps crashing on this TV since the update',
            'Tapped my profile picture and the app froze',
            'I lost $40 because the app charged me twice, please refund',
            'Is the summer sale also on in your stores?',
            'I work night shifts and this helped me sleep',
            'Voted for you in the awards, you deserve it!',
            'Someone is using your brand name on a fake account, please report it',
            "Are you looking for beta testers? I'd love to try the new feature",
            'Your content got me into photography, thank you',
            'YES, finally a dark mode!',
            'How many followers do you need before you can sell on your shop?',
            'I review products on my own for fun, this one is honestly great',
            'Amen to that, the new update is so much better',
        ),
    ),
    # round 5: first shot 5/12, 0/12 (baseline rules 6/12, 0/12)
    "round 5": (
        (
            'Your pictures are amazing! You should send them to @travel.feature.hub for a shoutout',
            'I lost 15 pounds in 2 weeks with this tea, link in my profile 🍵',
            'Need cash urgently? Loans for everyone, whatsapp +234 801 234 5678',
            'Visit my onlyfans for exclusive content 😏',
            'Let me help you get 1000 real followers every week, check my bio',
            "Hi friend, I'm a widow looking for a kind man to talk to, write me",
            'Guys I found a glitch to get free V-bucks, go to my profile',
            'Top 10 crypto coins to buy now, full list on my page!',
            'FREE shipping on all orders today only at our store, use code SAVE20',
            'I help coaches get 20 clients a month, send me a message',
            '👉 Follow @daily.quotes.hub for daily motivation 👈',
            "Y'all need to try my homemade hot sauce, ordering info on my page 🌶️",
        ),
        (
            'Your pictures are amazing, which lens did you use?',
            'I lost 15 pounds this year and this lamp kept me company on early runs lol',
            'The payment keeps failing and I need this urgently for a gift',
            'Exclusive colours should be available to everyone, not just members',
            'How did you get so many followers so fast? Love your posts',
            'Hi friends, does anyone know if the bulb is replaceable?',
            "There's a glitch in the app, my scenes disappear after restart",
            'Top quality as always, my third purchase from you',
            'Is shipping free if I buy two?',
            "I'm a coach and I recommend this to all my clients for their home office",
            "Following for more updates, can't wait for the new model",
            'My homemade setup finally looks good with this lamp on it',
        ),
    ),
}


def load_revision(rev: str) -> ModuleType | None:
    """insights/clean/spam.py as it was at ``rev``, imported under another name."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:insights/clean/spam.py"],
            check=True, capture_output=True, text=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"(no baseline: cannot read insights/clean/spam.py at {rev!r}: {exc})")
        return None
    path = Path(tempfile.mkdtemp()) / f"spam_{rev}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"spam_{rev}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "datasets" / "youtube_spam"))
    parser.add_argument("--sample", default=str(ROOT / "data" / "sample"), help="folder with comments.csv, labels.csv")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare with ('' for none)")
    parser.add_argument("--threshold", type=float, default=None, help="default: Cleaner's default")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM view")
    parser.add_argument("--errors", type=int, default=0, help="print this many misclassified comments")
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(args.data, "*.csv")))
    if not files:
        raise SystemExit(f"No CSV files in {args.data}. Pass --data pointing at youtube_spam/.")
    data = pd.concat([pd.read_csv(f).assign(file=Path(f).stem) for f in files], ignore_index=True)
    texts = data["CONTENT"].astype(str).tolist()
    y = data["CLASS"].to_numpy(dtype=int) == 1
    threshold = Cleaner().spam_threshold if args.threshold is None else args.threshold
    print(f"YouTube: {len(texts)} comments, {y.sum()} spam, from {len(files)} files; threshold {threshold}")

    sample = None
    comments_csv, labels_csv = Path(args.sample) / "comments.csv", Path(args.sample) / "labels.csv"
    if comments_csv.exists() and labels_csv.exists():
        merged = pd.read_csv(comments_csv).merge(
            pd.read_csv(labels_csv)[["comment_id", "spam"]], on="comment_id", how="inner"
        )
        sample = (
            merged["text"].astype(str).tolist(),
            merged["spam"].fillna(0).to_numpy(dtype=int) == 1,
            merged["post_id"].tolist() if "post_id" in merged else None,
        )
        print(f"sample: {len(merged)} comments, {sample[1].sum()} spam ({args.sample})")

    detectors: list[tuple[str, ModuleType, str]] = []
    old = load_revision(args.baseline) if args.baseline else None
    models = ["rules"] + ([] if args.no_embeddings else ["embeddings"])
    for model in models:
        if old is not None:
            detectors.append((f"before {model}", old, model))
        detectors.append((model, current, model))

    rows = []
    for name, module, model in detectors:
        if model == "embeddings":
            module.spam_scores(texts[:2], model="embeddings")  # load MiniLM and prototypes outside the timing
        started = time.process_time()
        scores = module.spam_scores(texts, model=model, groups=data["file"].tolist())
        seconds = time.process_time() - started
        pred = scores >= threshold
        per_file = {k: prf(y[idx], pred[idx])[2] for k, idx in data.groupby("file").indices.items()}
        print(f"\n[{name}] YouTube per-file F1: " + ", ".join(f"{k}={v:.3f}" for k, v in per_file.items()))
        sample_prf = (float("nan"),) * 3
        if sample is not None:
            s_texts, s_y, s_groups = sample
            s_scores = module.spam_scores(s_texts, model=model, groups=s_groups)
            s_pred = s_scores >= threshold
            sample_prf = prf(s_y, s_pred)
            if args.errors and module is current:
                for i in np.flatnonzero(s_pred != s_y)[: args.errors]:
                    print(f"  sample {'FN' if s_y[i] else 'FP'} {s_scores[i]:.2f} {s_texts[i][:140]!r}")
        if args.errors and module is current:
            for i in np.flatnonzero(pred != y)[: args.errors]:
                print(f"  YouTube {'FN' if y[i] else 'FP'} {scores[i]:.2f} {texts[i][:140]!r}")
        rows.append((name, *prf(y, pred), *sample_prf, len(texts) / seconds))
    base = np.array([bool(BASELINE.search(t)) for t in texts])
    base_sample = (
        prf(sample[1], np.array([bool(BASELINE.search(t)) for t in sample[0]])) if sample else (float("nan"),) * 3
    )
    rows.append(("regex baseline", *prf(y, base), *base_sample, float("nan")))

    print(f"\n{'':<20}{'--- YouTube ---':^24}{'--- sample ---':^24}")
    print(f"{'detector':<20}{'P':>8}{'R':>8}{'F1':>8}{'P':>8}{'R':>8}{'F1':>8}{'comments/s CPU':>16}")
    for name, p, r, f, sp, sr, sf, speed in rows:
        print(f"{name:<20}{p:>8.3f}{r:>8.3f}{f:>8.3f}{sp:>8.3f}{sr:>8.3f}{sf:>8.3f}{speed:>16.0f}")

    # Comments flagged in corpora with (almost) no spam: a proxy for false positives elsewhere.
    shared = Path(args.data).parent
    others = {
        "airline_tweets": (shared / "airline_tweets" / "Tweets.csv", "text"),
        "clap_app_reviews": (shared / "clap_app_reviews" / "rq1-raw-data.csv", "review"),
        "semeval_restaurants": (shared / "semeval2014_restaurants" / "Restaurants_Train_v2.csv", None),
        "banking77": (shared / "banking77" / "train.csv", None),
    }
    print("\nflagged as spam in corpora of ordinary feedback (false positives, or real spam):")
    for corpus_name, (path, column) in others.items():
        if not path.exists():
            continue
        other = pd.read_csv(path)[column or "text"].dropna().astype(str).drop_duplicates().tolist()
        rates = []
        for name, module, model in detectors:
            flagged = module.spam_scores(other, model=model) >= threshold
            rates.append(f"{name} {flagged.mean():6.2%}")
            if args.errors and module is current and model == "rules":
                for t in [t for t, f in zip(other, flagged) if f][: args.errors]:
                    fired = [k for k, v in current.spam_signals(t).items() if v]
                    print(f"    {','.join(fired)}: {t[:140]!r}")
        print(f"  {corpus_name:<20} of {len(other):>6}: " + ", ".join(rates))

    print("\nhand-written comments from many media (spam caught, ham flagged; see CHECK_ROUNDS):")
    for round_name, (spam_texts, ham_texts) in CHECK_ROUNDS.items():
        cells = []
        for name, module, model in detectors:
            flagged = module.spam_scores(list(spam_texts) + list(ham_texts), model=model) >= threshold
            caught, false = int(flagged[: len(spam_texts)].sum()), int(flagged[len(spam_texts) :].sum())
            cells.append(f"{name} {caught}/{len(spam_texts)}, {false}/{len(ham_texts)}")
        print(f"  {round_name}: " + "; ".join(cells))

    if not args.no_embeddings:
        # The embedding view's real cost on texts never seen before (the cache is bypassed).
        from insights.embed import SentenceTransformerEmbedder, embed_texts

        embedder = SentenceTransformerEmbedder()
        embedder.encode(["load the model outside the timing"])
        fresh = [f"{t} (uncached {i})" for i, t in enumerate(texts[:300])]
        started = time.perf_counter()
        current.embedding_logit(fresh, embed_texts(fresh, embedder, cache=False))
        seconds = time.perf_counter() - started
        print(f"\nembedding view on uncached texts: {len(fresh) / seconds:.0f} comments/s (wall clock)")

    # Speed of the whole cleaning stage (normalise, PII, language, spam, duplicates), rules only.
    repeat = max(1, 20000 // len(texts))
    frame = pd.DataFrame({S.COMMENT_ID: [str(i) for i in range(len(texts) * repeat)],
                          S.TEXT: [f"{t} {i}" for i in range(repeat) for t in texts]})
    Cleaner(spam_model="rules").run(Corpus(comments=frame.head(20).copy()))  # imports, model load
    import insights.clean.stage as stage

    print()
    for name, module in [("before", old), ("now", current)] if old is not None else [("now", current)]:
        # The stage imported the scorer by name: swap it in for the baseline's timing.
        stage.score_comments, stage.WEIGHTS = module.score_comments, module.WEIGHTS
        started, cpu = time.perf_counter(), time.process_time()
        Cleaner(spam_model="rules").run(Corpus(comments=frame.copy()))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU time is the fairer one-core figure on a shared machine; wall time is also shown.
        print(
            f"Cleaner(rules) {name:<6} on {len(frame)} comments: {len(frame) / cpu:.0f} comments/s of CPU "
            f"time ({len(frame) / seconds:.0f}/s wall clock, load average {os.getloadavg()[0]:.1f})"
        )
    stage.score_comments, stage.WEIGHTS = current.score_comments, current.WEIGHTS


if __name__ == "__main__":
    main()
