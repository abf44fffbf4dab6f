import type { Store } from "../../store/index.js";
import { sentiment } from "../sentiment/sentiment.js";

/** The computed trait written by the refresh: `{ comparative, score, label, texts }`, read as `$sentiment.comparative`. */
export const SENTIMENT_TRAIT = "sentiment";

/** The events scored, and the property holding the free text (docs/demo.md). */
export const SENTIMENT_SOURCES = [
  { event: "Review Submitted", property: "text" },
  { event: "NPS Answered", property: "comment" },
] as const;

export interface SentimentRefresh {
  profiles: number;
  texts: number;
  positive: number;
  negative: number;
  neutral: number;
  ms: number;
}

/**
 * Scores every review text and NPS comment up to asOf with the sentiment lexicon and writes, per profile with at
 * least one non-empty text, the mean comparative score, the mean score, the label of the mean comparative's sign
 * and the number of texts into the computed trait `sentiment` (rows of the trait replaced in one transaction).
 */
export async function refreshSentiment(store: Store, asOf: number, lang = "en"): Promise<SentimentRefresh> {
  const started = performance.now();
  const cases = SENTIMENT_SOURCES.map(
    (s, i) => `WHEN event = $${2 * i + 1} THEN json_extract_string(properties, '$.${s.property}')`,
  );
  const params = [...SENTIMENT_SOURCES.flatMap((s) => [s.event, s.event]), asOf];
  const names = SENTIMENT_SOURCES.map((_, i) => `$${2 * i + 2}`);
  const rows = await store.all<{ profile_id: string; text: string | null }>(
    `SELECT profile_id, CASE ${cases.join(" ")} END AS text FROM events
     WHERE event IN (${names.join(", ")}) AND ts <= $${params.length} AND profile_id IS NOT NULL`,
    params,
  );
  const acc = new Map<string, { comparative: number; score: number; n: number }>();
  let texts = 0;
  for (const r of rows) {
    if (r.text === null || r.text.trim() === "") continue;
    const s = sentiment(r.text, lang);
    const a = acc.get(r.profile_id) ?? { comparative: 0, score: 0, n: 0 };
    a.comparative += s.comparative;
    a.score += s.score;
    a.n++;
    acc.set(r.profile_id, a);
    texts++;
  }
  const out: SentimentRefresh = { profiles: acc.size, texts, positive: 0, negative: 0, neutral: 0, ms: 0 };
  const at = Date.now();
  const values = [...acc].map(([id, a]) => {
    const comparative = a.comparative / a.n;
    const label = comparative > 0 ? "positive" : comparative < 0 ? "negative" : "neutral";
    out[label]++;
    const value = { comparative, score: a.score / a.n, label, texts: a.n };
    return [id, SENTIMENT_TRAIT, JSON.stringify(value), 1, at] as const;
  });
  await store.transaction(async (tx) => {
    await tx.run("DELETE FROM computed_traits WHERE name = $1", [SENTIMENT_TRAIT]);
    if (values.length) await tx.append("computed_traits", values);
  });
  out.ms = performance.now() - started;
  return out;
}
