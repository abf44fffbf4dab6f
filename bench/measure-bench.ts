/**
 * Measurement benchmarks: Markov attribution on 1M touches (events → journeys → exact solve) against a Monte-Carlo
 * estimate of the same chain (the simulation approach of older attribution tools), and PSI + KS on 1M values
 * against a straightforward number[] implementation (comparator sort, linear bin scan).
 */
import {
  absorptionProbabilities,
  attributionReport,
  buildMarkovChain,
  journeysFromEvents,
  ks2,
  type MarkovChain,
  markovAttribution,
  pathsFromJourneys,
  psi,
  type TouchEvent,
} from "../src/measure/index.js";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gauss = (rnd: () => number): number => Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

function touches(n: number, rnd: () => number): TouchEvent[] {
  const channels = ["Search", "Email", "Display", "Social", "Affiliate", "Direct", "Video", "Push"];
  const out: TouchEvent[] = [];
  let customer = 0;
  let t = 0;
  while (out.length < n) {
    const c = `c${customer++}`;
    const k = 1 + Math.floor(rnd() * 7);
    for (let i = 0; i < k && out.length < n; i++) {
      const ch = Math.floor(rnd() * rnd() * channels.length);
      t += 1000;
      out.push({ customer: c, time: t, channel: channels[ch]!, conversion: rnd() < 0.02 + 0.01 * ch });
    }
  }
  return out;
}

function simulate(chain: MarkovChain, walks: number, rnd: () => number, removed: number): number {
  const conv = chain.size - 2;
  const nul = chain.size - 1;
  let hits = 0;
  for (let w = 0; w < walks; w++) {
    let s = 0;
    while (s !== conv && s !== nul) {
      if (s === removed) break;
      let u = rnd();
      let next = nul;
      for (let k = 0; k < chain.size; k++) {
        u -= chain.probabilities[s * chain.size + k]!;
        if (u < 0) {
          next = k;
          break;
        }
      }
      s = next;
    }
    if (s === conv) hits++;
  }
  return hits / walks;
}

function naivePsi(expected: number[], actual: number[], bins: number): number {
  const sorted = [...expected].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const h = (sorted.length - 1) * (i / bins);
    const lo = Math.floor(h);
    const q = sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
    if (!edges.includes(q)) edges.push(q);
  }
  const share = (xs: number[]): number[] => {
    const c = new Array<number>(edges.length + 1).fill(0);
    for (const v of xs) {
      let b = 0;
      while (b < edges.length && v >= edges[b]!) b++;
      c[b]! += 1;
    }
    return c.map((x) => Math.max(x / xs.length, 1e-6));
  };
  const e = share(expected);
  const a = share(actual);
  return e.reduce((s, ev, i) => s + (a[i]! - ev) * Math.log(a[i]! / ev), 0);
}

export async function run(): Promise<object> {
  const rnd = mulberry32(7);
  const events = touches(1_000_000, rnd);
  const [split, journeysMs] = time(() => journeysFromEvents(events));
  const [paths, pathsMs] = time(() => pathsFromJourneys(split.journeys));
  const [report, attributionMs] = time(() => attributionReport(paths, { journeys: split.journeys }));
  const [, markovMs] = time(() => markovAttribution(paths));
  const chain = buildMarkovChain(paths);
  const walks = 1_000_000;
  const [mc, mcMs] = time(() => {
    const base = simulate(chain, walks, rnd, -1);
    return chain.channels.map((_, i) => 1 - simulate(chain, walks, rnd, i + 1) / base);
  });
  const exactBase = absorptionProbabilities(chain)[0]!;
  const maxAbsErr = Math.max(...report.channels.map((c, i) => Math.abs(c.removalEffect - mc[i]!)));

  const expected = new Float64Array(1_000_000);
  const actual = new Float64Array(1_000_000);
  for (let i = 0; i < expected.length; i++) {
    expected[i] = gauss(rnd);
    actual[i] = 0.1 + 1.1 * gauss(rnd);
  }
  const [p, psiMs] = time(() => psi(expected, actual, 10));
  const [naive, naiveMs] = time(() => naivePsi(Array.from(expected), Array.from(actual), 10));
  const [k, ksMs] = time(() => ks2(expected, actual));

  const result = {
    attribution: {
      touches: events.length,
      journeys: split.journeys.length,
      distinctPaths: paths.length,
      channels: chain.channels.length,
      pConversion: exactBase,
      journeysMs: Math.round(journeysMs),
      pathsMs: Math.round(pathsMs),
      markovExactMs: Math.round(markovMs * 100) / 100,
      allModelsMs: Math.round(attributionMs),
      totalMs: Math.round(journeysMs + pathsMs + attributionMs),
      baseline: `Monte-Carlo removal effects, ${walks.toLocaleString("en")} walks per scenario`,
      baselineMs: Math.round(mcMs),
      speedupExactVsSimulation: Math.round(mcMs / markovMs),
      simulationMaxAbsError: maxAbsErr,
    },
    psi: {
      values: expected.length,
      psi: p.psi,
      psiMs: Math.round(psiMs),
      baseline: "number[] + comparator sort + linear bin scan",
      baselineMs: Math.round(naiveMs),
      baselinePsi: naive,
      speedup: Math.round((naiveMs / psiMs) * 10) / 10,
      ksMs: Math.round(ksMs),
      ks: k,
    },
  };
  process.stderr.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}
