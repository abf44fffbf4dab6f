import { englishIntensifiers, englishLexicon, englishNegators, englishStopwords } from "./english-lexicon.js";
import { registerLanguage, type SentimentLanguage } from "./language-registry.js";

export const english: SentimentLanguage = {
  code: "en",
  name: "English",
  lexicon: englishLexicon,
  negators: englishNegators,
  intensifiers: englishIntensifiers,
  stopwords: englishStopwords,
};

registerLanguage(english);
