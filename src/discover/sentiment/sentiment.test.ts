import { describe, expect, it } from "vitest";
import { englishLexicon } from "./english-lexicon.js";
import { getLanguage, registerLanguage } from "./language-registry.js";
import { nps, npsGroup } from "./nps.js";
import { NEGATION_WINDOW, sentiment, summarizeSentiment } from "./sentiment.js";

describe("sentiment", () => {
  it("sums valences and divides by tokens for the comparative score", () => {
    // good +3, love +4; 4 tokens (good, product, love, it).
    const r = sentiment("Good product, love it!");
    expect(r).toMatchObject({ score: 7, tokens: 4, label: "positive", positive: ["good", "love"] });
    expect(r.comparative).toBeCloseTo(7 / 4, 14);
    expect(sentiment("The parcel arrived on Tuesday")).toMatchObject({ score: 0, label: "neutral" });
    expect(sentiment("")).toMatchObject({ score: 0, comparative: 0, tokens: 0 });
  });

  it("flips the sign after a negator within the window, and scales after intensifiers", () => {
    expect(sentiment("not good").score).toBe(-3);
    expect(sentiment("this isn't good").score).toBe(-3);
    expect(sentiment("very bad").score).toBe(-3); // −2 × 1.5
    expect(sentiment("not very good").score).toBe(-4.5); // 3 × 1.5, negated
    expect(sentiment("extremely slow").score).toBe(-2); // −1 × 2
    expect(sentiment("slightly annoying").score).toBe(-1); // −2 × 0.5
    // The negator is further back than the window: no flip.
    const far = `not ${"x ".repeat(NEGATION_WINDOW)}good`;
    expect(sentiment(far).score).toBe(3);
  });

  it("folds typographic apostrophes and case", () => {
    expect(sentiment("DON\u2019T LIKE it").score).toBe(-2);
  });

  it("uses a registered language", () => {
    registerLanguage({
      code: "xx-test",
      name: "test",
      lexicon: new Map([["bon", 2]]),
      negators: new Set(["pas"]),
      intensifiers: new Map([["tres", 2]]),
      stopwords: new Set(["le"]),
    });
    expect(sentiment("le tres bon", "xx-test").score).toBe(4);
    expect(sentiment("pas bon", "xx-test").score).toBe(-2);
    expect(() => getLanguage("zz")).toThrow(expect.objectContaining({ code: "sentiment_unknown_language" }));
  });

  it("lexicon valences stay within −5..5 and the English list has a few hundred words", () => {
    for (const v of englishLexicon.values()) expect(Math.abs(v)).toBeLessThanOrEqual(5);
    expect(englishLexicon.size).toBeGreaterThan(250);
  });

  it("summarises labels and means", () => {
    const s = summarizeSentiment(["good", "bad", "table"].map((t) => sentiment(t)));
    expect(s).toEqual({ count: 3, positive: 1, negative: 1, neutral: 1, meanScore: 1 / 3, meanComparative: 1 / 3 });
  });
});

describe("nps", () => {
  it("counts promoters (9–10), passives (7–8), detractors (0–6) and computes %P − %D", () => {
    const r = nps([10, 9, 8, 7, 6, 0, 10]);
    expect(r).toMatchObject({ responses: 7, promoters: 3, passives: 2, detractors: 2 });
    expect(r.nps!).toBeCloseTo(((3 - 2) / 7) * 100, 12);
    expect(nps([]).nps).toBeNull();
    expect(nps([0, 1]).nps).toBe(-100);
  });

  it("lists each group's most frequent non-stopword terms", () => {
    const r = nps([10, 9, 3, 2], ["Great support, great price", "great app", "slow support and slow app", "too slow"]);
    expect(r.terms.promoters).toEqual([
      { term: "great", count: 3 },
      { term: "app", count: 1 },
      { term: "price", count: 1 },
      { term: "support", count: 1 },
    ]);
    expect(r.terms.detractors[0]).toEqual({ term: "slow", count: 3 });
    expect(r.terms.passives).toEqual([]);
  });

  it("rejects scores outside 0..10", () => {
    expect(() => npsGroup(11)).toThrow(expect.objectContaining({ code: "nps_bad_score" }));
    expect(() => npsGroup(7.5)).toThrow(expect.objectContaining({ code: "nps_bad_score" }));
  });
});
