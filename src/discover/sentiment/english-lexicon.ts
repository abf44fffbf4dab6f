/**
 * English valence lexicon written for Tessera in the style of AFINN (integer valence −5..5 per word). Hand-picked
 * and hand-scored common words of reviews, support tickets and survey answers; not a copy of any published list.
 */
const byValence: Record<string, string> = {
  "5": "outstanding superb breathtaking phenomenal thrilled ecstatic flawless masterpiece",
  "4":
    "amazing awesome excellent fantastic wonderful brilliant love loved loves loving perfect incredible " +
    "exceptional terrific delighted magnificent marvelous marvellous stellar spectacular adore adored remarkable",
  "3":
    "great good happy glad enjoy enjoyed enjoying beautiful best impressive lovely pleased recommend recommended " +
    "satisfied fabulous fun excited exciting helpful favorite favourite pleasant gorgeous superior quality " +
    "reliable efficient friendly grateful thankful thanks thank win winner success successful smooth",
  "2":
    "nice like liked likes cool easy fast quick worth useful welcome kind comfortable clean fresh improved " +
    "improvement better solid responsive affordable convenient intuitive handy clear secure safe positive " +
    "hope hopeful support supportive fair fine gain bonus reward rewarding polite courteous accurate elegant",
  "1":
    "ok okay decent adequate acceptable reasonable interesting simple calm ready stable agree agreed yes " +
    "sure sufficient steady works working fixed resolved",
  "-1":
    "slow confusing confused unclear limited issue issues problem problems minor wait waiting waited bug bugs " +
    "lacking lack lacks missing expensive pricey odd strange meh average mediocre complicated tricky no doubt " +
    "unsure delay delayed noisy outdated",
  "-2":
    "bad poor broken worse fail failed fails failing failure annoying annoyed difficult hard sad unhappy " +
    "disappointed disappointing dislike unfortunately wrong error errors crash crashed crashes crashing glitch " +
    "laggy overpriced rude unhelpful unreliable cancel cancelled canceled complaint complain complained " +
    "frustrated frustrating inconvenient lost damaged defective late refund upset sorry weak ugly cheap " +
    "slowest buggy unusable unresponsive ignored",
  "-3":
    "terrible awful horrible hate hated hates worst useless angry furious nightmare pathetic ridiculous " +
    "unacceptable garbage rubbish junk scam ripoff rip-off misleading dishonest incompetent waste wasted " +
    "regret disgusting dreadful appalling shocking worthless",
  "-4": "disaster disastrous fraud fraudulent abysmal atrocious horrendous despise loathe",
  "-5": "scammers thieves",
};

export const englishLexicon: ReadonlyMap<string, number> = new Map(
  Object.entries(byValence).flatMap(([v, words]) => words.split(/\s+/).map((w) => [w, Number(v)] as const)),
);

export const englishNegators: ReadonlySet<string> = new Set(
  (
    "not no never none nothing nobody neither nor without cannot can't don't doesn't didn't isn't aren't wasn't " +
    "weren't won't wouldn't shouldn't couldn't haven't hasn't hadn't dont doesnt didnt isnt arent wasnt wont " +
    "wouldnt shouldnt couldnt hardly barely"
  ).split(/\s+/),
);

export const englishIntensifiers: ReadonlyMap<string, number> = new Map([
  ["very", 1.5],
  ["really", 1.5],
  ["so", 1.5],
  ["too", 1.5],
  ["super", 1.5],
  ["highly", 1.5],
  ["totally", 1.5],
  ["truly", 1.5],
  ["absolutely", 2],
  ["extremely", 2],
  ["incredibly", 2],
  ["completely", 2],
  ["utterly", 2],
  ["most", 1.5],
  ["quite", 1.25],
  ["pretty", 1.25],
  ["fairly", 0.75],
  ["somewhat", 0.75],
  ["slightly", 0.5],
  ["bit", 0.5],
  ["little", 0.5],
]);

export const englishStopwords: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each few for from further had has have having he her " +
    "here hers herself him himself his how i if in into is it it's its itself just me more most my myself of off " +
    "on once only or other our ours ourselves out over own same she should so some such than that that's the " +
    "their theirs them themselves then there these they this those through to too under until up very was we " +
    "were what when where which while who whom why will with would you your yours yourself yourselves i'm i've " +
    "i'd you're we're they're it'll get got also really much many one two lot even still us im ive" +
    " not no never don't didn't doesn't isn't wasn't can't won't"
  ).split(/\s+/),
);
