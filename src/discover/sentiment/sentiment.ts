import "./english-language.js";
import { getLanguage, tokenizeWith } from "./language-registry.js";

export interface SentimentScore {
  score: number;
  /** score / number of tokens (0 for an empty text). */
  comparative: number;
  label: "positive" | "negative" | "neutral";
  tokens: number;
  positive: string[];
  negative: string[];
}

/** How many tokens before a sentiment word are searched for a negator ("not really that good"). */
export const NEGATION_WINDOW = 3;

/**
 * Lexicon sentiment in the AFINN manner: the sum of word valences. A sentiment word's valence is multiplied by the
 * intensifiers directly before it ("very bad" → −2·1.5) and its sign flips when a negator occurs within the
 * NEGATION_WINDOW tokens before it ("not good" → −3, "not very good" → −4.5).
 */
export function sentiment(text: string, languageCode = "en"): SentimentScore {
  const lang = getLanguage(languageCode);
  const tokens = tokenizeWith(lang, text);
  let score = 0;
  const positive: string[] = [];
  const negative: string[] = [];
  tokens.forEach((tok, i) => {
    const base = lang.lexicon.get(tok);
    if (base === undefined) return;
    let v = base;
    for (let j = i - 1; j >= 0; j--) {
      const m = lang.intensifiers.get(tokens[j]!);
      if (m === undefined) break;
      v *= m;
    }
    for (let j = i - 1; j >= Math.max(0, i - NEGATION_WINDOW); j--) {
      if (lang.negators.has(tokens[j]!)) {
        v = -v;
        break;
      }
    }
    score += v;
    if (v > 0) positive.push(tok);
    else if (v < 0) negative.push(tok);
  });
  return {
    score,
    comparative: tokens.length ? score / tokens.length : 0,
    label: score > 0 ? "positive" : score < 0 ? "negative" : "neutral",
    tokens: tokens.length,
    positive,
    negative,
  };
}

export interface SentimentSummary {
  count: number;
  positive: number;
  negative: number;
  neutral: number;
  meanScore: number;
  meanComparative: number;
}

export function summarizeSentiment(scores: ReadonlyArray<SentimentScore>): SentimentSummary {
  const s: SentimentSummary = {
    count: scores.length,
    positive: 0,
    negative: 0,
    neutral: 0,
    meanScore: 0,
    meanComparative: 0,
  };
  for (const r of scores) {
    s[r.label]++;
    s.meanScore += r.score;
    s.meanComparative += r.comparative;
  }
  if (scores.length) {
    s.meanScore /= scores.length;
    s.meanComparative /= scores.length;
  }
  return s;
}
