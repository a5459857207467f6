"""Hand-written spam and ham examples for the embedding spam view.

Every sentence here was written for this module to describe *kinds* of comment seen on
many platforms (Instagram, X/Twitter, Facebook, TikTok, Reddit, YouTube, app stores,
shops, forums); none is copied from a dataset, and no dataset label was used to choose
them. The embedding view fits a small linear model on their MiniLM embeddings, so
adding a kind of spam (or of ordinary feedback that was mistaken for spam) is a matter
of adding a few sentences of it to the right list.

Spam: self-promotion aimed at the reader, scams, paid pitches, engagement bait and
bot openers. Ham: what customers, users and fans write anywhere, including the
sentences that look like spam on the surface (questions about a brand's giveaway,
people posting their own contact details to get help, fans asking for a follow back).
"""

from __future__ import annotations

SPAM_EXAMPLES: tuple[str, ...] = (
    # Self-promotion: "visit my page", "check out my channel".
    "check out my channel, I upload new videos every week",
    "go visit my profile for more content like this",
    "great post! see my page for more daily inspiration",
    "hey, I just started a small business, please support my shop",
    "listen to my new single, link in my bio",
    "I'm an independent artist, would mean the world if you followed my account",
    "new video on my channel, go watch it and subscribe",
    "my podcast just dropped a new episode, give it a listen",
    "I make lofi beats, check my profile if you like chill music",
    "follow my page for daily memes",
    "please check out my art account, I draw every day",
    "come watch my stream tonight, link on my profile",
    # Paid growth, marketing and freelance pitches.
    "we help small businesses grow their followers, send us a message to learn more",
    "want more followers? our agency gets you real engagement fast",
    "I can promote your account to 200k people, DM me for prices",
    "looking for a web designer? I build websites cheap and fast, message me",
    "I edit videos for creators at affordable rates, inbox me",
    "need a logo? professional designs for any budget, contact me",
    "boost your sales with our marketing service, message our page",
    "we are looking for brand ambassadors, DM our account to apply",
    "your page has potential, let's collab, send us a DM",
    "we would love to repost your photo on our page, DM us",
    # Investment, crypto and recovery scams.
    "I made $4,000 in a week trading with my account manager, message her now",
    "thanks to my mentor I paid off my debts in one month, she is legit",
    "she grew my small investment ten times, contact her on telegram",
    "lost money to a scam? a certified recovery agent got my funds back, reach him by email",
    "bitcoin will explode this month, join our signals group before it's too late",
    "forex trading made me rich, ask me how to start with $200",
    "earn daily profits from crypto mining, guaranteed returns",
    "invest $300 and receive $3,000 in 48 hours, no risk",
    "if you need help recovering a hacked account or stolen crypto, message this expert",
    "make money from home with just your phone, 100% legit",
    "anyone want to earn extra income working online? ask me",
    "I quit my job and now earn $500 a day online, message me to learn how",
    # Prize scams.
    "congratulations, you have been selected as a winner, claim your prize now",
    "you won our giveaway! send your details to our official page to receive the gift",
    "free gift card for the first 100 people, click the link",
    "claim your free iphone today, limited offer",
    "win a free trip by clicking this link and entering your card number",
    # Romance and bot openers.
    "hello dear, you look lovely, can we be friends?",
    "hi handsome, check your inbox",
    "hey beautiful, I sent you a message, reply me",
    "I'm lonely tonight, message me on whatsapp",
    "hot singles in your area, click here",
    # Engagement bait and chain messages.
    "like this comment if you are still here in 2025",
    "who else is watching this in 2023? like if you are",
    "type amen and share to receive a blessing",
    "like and share so everyone can see this",
    "don't scroll past without liking, bad luck for 7 years",
    "follow for follow, I always follow back",
    "sub for sub, comment done and I will subscribe back",
    # Goods and links.
    "buy cheap followers and likes at our website",
    "get the best deals on designer bags at www.cheap-bags-example.com",
    "download this app and get free coins with my referral code",
    "use my promo code for 50% off your first order",
    "watch the full movie free at this link",
)

HAM_EXAMPLES: tuple[str, ...] = (
    # Product and service feedback.
    "the app keeps crashing since the last update",
    "delivery took three weeks and nobody answered my emails",
    "love the new design, so much easier to use",
    "the battery drains really fast now",
    "customer support was friendly and fixed it in minutes",
    "my flight was delayed four hours and we got no information",
    "the food was great but the service was slow",
    "please add a dark mode",
    "it would be great if you added more colours",
    "the price went up again, not happy",
    "I've been a customer for years and this is the worst it has been",
    "works perfectly, exactly what I needed",
    "the login page just shows an error",
    "can't check out, the payment page keeps failing",
    "the checkout button does nothing on my phone",
    "why did you remove the old layout",
    # Questions about a brand's own giveaways, prices, shipping.
    "when does the giveaway end?",
    "is the contest open to people outside the US?",
    "did anyone win the giveaway yet?",
    "entered! fingers crossed",
    "how much is shipping to the UK?",
    "is this on sale for black friday?",
    "do you ship to Australia?",
    "where can I buy this in stores?",
    "is there a student discount?",
    "will it be back in stock soon?",
    # People sharing their own details or asking to be contacted for help.
    "my order never arrived, please call me back at my number",
    "I sent you a DM about my refund, please check it",
    "please email me, my account was charged twice",
    "can someone from support contact me? order number 55321",
    "I'd like to buy ten of these for our office, who can I talk to?",
    "my card was stolen, how do I block it?",
    "how do I transfer money to my savings account",
    "I lost my password and can't log in",
    # Fans and reactions.
    "day 10 of asking you to bring back the old flavour",
    "please notice me, I love your products so much",
    "I've bought three of these already, gifts for my family",
    "tagging my sister because she needs this",
    "this made my day",
    "who else is here after the announcement?",
    "been following you since the beginning, so proud",
    "the video quality is amazing",
    "this song reminds me of summer",
    "first time I've seen an ad I actually like",
    "your team is great, thanks for the quick reply",
    "haha this is so relatable",
    "I recommend this to all my friends",
    "check out the new update, the widget finally works",
    "lol the last photo",
    "congrats on the launch, well deserved",
    "link in the bio doesn't work for me",
    "I follow you on every platform",
    "your page is my favourite on here",
    "love the content on this page",
    "I tried investing in the new bank app and the interest rate is low",
    "the crypto exchange froze my withdrawal, support isn't answering",
)
