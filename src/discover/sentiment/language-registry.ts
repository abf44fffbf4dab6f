import { TesseraError } from "../../model/index.js";

/**
 * Everything sentiment scoring and term extraction need for one language. To add a language, build one of these
 * (a lexicon of word → valence in −5..5, negators, intensifier multipliers, stopwords, optionally a tokenizer) and
 * call registerLanguage; `--lang CODE` then selects it.
 */
export interface SentimentLanguage {
  code: string;
  name: string;
  lexicon: ReadonlyMap<string, number>;
  negators: ReadonlySet<string>;
  /** Word → multiplier applied to the valence of the sentiment word that follows (e.g. very → 1.5). */
  intensifiers: ReadonlyMap<string, number>;
  stopwords: ReadonlySet<string>;
  /** Lower-cased word tokens; the default splits on anything that is not a letter, digit or apostrophe. */
  tokenize?: (text: string) => string[];
}

const registry = new Map<string, SentimentLanguage>();

export function registerLanguage(language: SentimentLanguage): void {
  registry.set(language.code, language);
}

export function getLanguage(code: string): SentimentLanguage {
  const lang = registry.get(code);
  if (lang === undefined) {
    throw new TesseraError({
      code: "sentiment_unknown_language",
      path: ["--lang"],
      message: `no sentiment language "${code}"; registered: ${[...registry.keys()].join(", ")}`,
    });
  }
  return lang;
}

export const registeredLanguages = (): string[] => [...registry.keys()];

/** Lower-cases, folds typographic apostrophes, and keeps runs of letters, digits and apostrophes. */
export function defaultTokenize(text: string): string[] {
  const folded = text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  const out: string[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)) out.push(m[0]);
  return out;
}

export const tokenizeWith = (lang: SentimentLanguage, text: string): string[] =>
  (lang.tokenize ?? defaultTokenize)(text);
