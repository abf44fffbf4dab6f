import type { Rng } from "./prng.js";

/**
 * Free-text answers whose wording agrees with their score: ratings 4–5 and NPS 9–10 read positive, rating 3 and
 * NPS 7–8 neutral, ratings 1–2 and NPS 0–6 negative. Sentiment analysis on the demo should recover the scores.
 */
export type Polarity = "positive" | "neutral" | "negative";

const REVIEW: Record<Polarity, { open: readonly string[]; body: readonly string[]; close: readonly string[] }> = {
  positive: {
    open: ["Love it!", "Excellent quality.", "Really happy with this purchase.", "Great value.", "Fantastic!"],
    body: [
      "The {p} works perfectly and feels well made.",
      "The {p} exceeded my expectations.",
      "Delivery was fast and the {p} arrived in perfect condition.",
      "I use the {p} every day and it is wonderful.",
      "Beautiful design, the {p} is even better than the photos.",
    ],
    close: ["Highly recommend.", "Would definitely buy again.", "Five stars from me.", "Great shop, thank you!"],
  },
  neutral: {
    open: ["It's okay.", "Average.", "Does the job.", "Decent.", "Mixed feelings."],
    body: [
      "The {p} is fine for the price, nothing special.",
      "The {p} works, but the finish could be better.",
      "Delivery took a bit longer than expected, the {p} itself is acceptable.",
      "The {p} is as described, neither good nor bad.",
    ],
    close: ["Might buy again.", "It is what it is.", "Not sure yet.", "Fair enough."],
  },
  negative: {
    open: ["Very disappointed.", "Terrible quality.", "Waste of money.", "Awful experience.", "Do not buy."],
    body: [
      "The {p} broke after a week.",
      "The {p} arrived damaged and support was unhelpful.",
      "The {p} is much worse than the description.",
      "Cheap materials, the {p} stopped working quickly.",
      "The {p} was late, wrong size and poorly made.",
    ],
    close: ["Would not recommend.", "I want a refund.", "Never ordering again.", "Really poor."],
  },
};

const NPS: Record<Polarity, readonly string[]> = {
  positive: [
    "Love the shop, fast delivery and great products.",
    "Excellent service, I recommend you to all my friends.",
    "Always a great experience, easy checkout and helpful support.",
    "Best online store I use, fantastic quality.",
  ],
  neutral: [
    "Good enough, prices could be lower.",
    "Okay experience, delivery is sometimes slow.",
    "Fine selection, nothing special.",
    "Decent shop, the website could be simpler.",
  ],
  negative: [
    "Terrible support, my order was late and nobody answered.",
    "Too expensive and the quality is poor.",
    "Disappointed, items arrived damaged twice.",
    "Awful experience, I am cancelling my subscription.",
  ],
};

export const ratingPolarity = (rating: number): Polarity =>
  rating >= 4 ? "positive" : rating === 3 ? "neutral" : "negative";

/** NPS buckets: promoters 9–10, passives 7–8, detractors 0–6. */
export const npsPolarity = (score: number): Polarity => (score >= 9 ? "positive" : score >= 7 ? "neutral" : "negative");

export function reviewText(rng: Rng, rating: number, productName: string): string {
  const t = REVIEW[ratingPolarity(rating)];
  const body = rng.pick(t.body).replace("{p}", productName.toLowerCase());
  return `${rng.pick(t.open)} ${body} ${rng.pick(t.close)}`;
}

export const npsComment = (rng: Rng, score: number): string => rng.pick(NPS[npsPolarity(score)]);
