import { TesseraError } from "../../model/index.js";
import "./english-language.js";
import { getLanguage, tokenizeWith } from "./language-registry.js";

export interface TermCount {
  term: string;
  count: number;
}

export interface NpsResult {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, in −100..100 (null with no responses). */
  nps: number | null;
  terms: { promoters: TermCount[]; passives: TermCount[]; detractors: TermCount[] };
}

export type NpsGroup = "promoters" | "passives" | "detractors";

/** Promoters score 9–10, passives 7–8, detractors 0–6 (Reichheld, "The One Number You Need to Grow", 2003). */
export function npsGroup(score: number): NpsGroup {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new TesseraError({ code: "nps_bad_score", message: `NPS scores are integers 0..10, got ${score}` });
  }
  return score >= 9 ? "promoters" : score >= 7 ? "passives" : "detractors";
}

/**
 * Net Promoter Score and, when texts are given, each group's most frequent terms: lower-cased tokens that are not
 * stopwords of the language, at least 2 characters, not purely digits; ranked by count, then alphabetically.
 */
export function nps(
  scores: ReadonlyArray<number>,
  texts?: ReadonlyArray<string | null | undefined>,
  options: { languageCode?: string; topTerms?: number } = {},
): NpsResult {
  const lang = getLanguage(options.languageCode ?? "en");
  const top = options.topTerms ?? 10;
  const counts = { promoters: 0, passives: 0, detractors: 0 };
  const freq: Record<NpsGroup, Map<string, number>> = {
    promoters: new Map(),
    passives: new Map(),
    detractors: new Map(),
  };
  scores.forEach((s, i) => {
    const g = npsGroup(s);
    counts[g]++;
    const text = texts?.[i];
    if (!text) return;
    for (const tok of tokenizeWith(lang, text)) {
      if (tok.length < 2 || lang.stopwords.has(tok) || /^\d+$/.test(tok)) continue;
      freq[g].set(tok, (freq[g].get(tok) ?? 0) + 1);
    }
  });
  const rank = (m: Map<string, number>): TermCount[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, top)
      .map(([term, count]) => ({ term, count }));
  const n = scores.length;
  return {
    responses: n,
    ...counts,
    nps: n ? ((counts.promoters - counts.detractors) / n) * 100 : null,
    terms: { promoters: rank(freq.promoters), passives: rank(freq.passives), detractors: rank(freq.detractors) },
  };
}
