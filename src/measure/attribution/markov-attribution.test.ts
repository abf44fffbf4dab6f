import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PathCount } from "./attribution-types.js";
import { attributionReport } from "./channel-attribution.js";
import { heuristicAttribution, positionWeights, timeDecayAttribution } from "./heuristic-attribution.js";
import { journeysFromEvents, pathsFromJourneys } from "./journeys.js";
import { solveLinear } from "./linear-solve.js";
import {
  absorptionProbabilities,
  buildMarkovChain,
  type MarkovChain,
  markovAttribution,
  statesWithChannel,
} from "./markov-attribution.js";

const path = (s: string, conversions: number, nulls: number): PathCount => ({ path: s.split(">"), conversions, nulls });

/** Mulberry32: a small seeded PRNG so the simulation is reproducible. */
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

/** Share of `walks` random walks from start that end in conversion; `removed` states send the walker to null. */
function simulate(chain: MarkovChain, walks: number, seed: number, removed: ReadonlySet<number> = new Set()): number {
  const rnd = mulberry32(seed);
  const conv = chain.size - 2;
  const nul = chain.size - 1;
  let converted = 0;
  for (let w = 0; w < walks; w++) {
    let s = 0;
    while (s !== conv && s !== nul) {
      if (removed.has(s)) {
        s = nul;
        break;
      }
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
    if (s === conv) converted++;
  }
  return converted / walks;
}

describe("linear solve", () => {
  it("solves a system that needs pivoting", () => {
    // [[0, 2, 1], [1, 1, 1], [2, 1, 0]] x = [5, 4, 4] has x = (1, 2, 1); the zero pivot forces a row swap.
    const x = solveLinear(Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]), Float64Array.from([5, 4, 4]), 3);
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 1]);
  });
  it("refuses a singular matrix with a coded error", () => {
    expect(() => solveLinear(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2)).toThrow(/singular/);
  });
});

describe("Markov attribution", () => {
  // Solvable by hand. Paths: A>B (1 conversion), A (1 null), B (1 conversion, 1 null).
  // start → A 2/4, start → B 2/4; A → B 1/2, A → null 1/2; B → conversion 2/3, B → null 1/3.
  // P(B) = 2/3, P(A) = ½·2/3 = 1/3, P(start) = ½·1/3 + ½·2/3 = ½.
  // Without A: ½·0 + ½·2/3 = 1/3 → removal effect 1 − (1/3)/(1/2) = 1/3. Without B: 0 → removal effect 1.
  // Two conversions split 1/3 : 1 → A 0.5, B 1.5.
  const hand = [path("A>B", 1, 0), path("A", 0, 1), path("B", 1, 1)];
  it("solves the hand case exactly", () => {
    const r = markovAttribution(hand);
    expect(r.pConversion).toBeCloseTo(0.5, 14);
    const [a, b] = r.channels;
    expect(a).toMatchObject({ channel: "A" });
    expect(a!.removalEffect).toBeCloseTo(1 / 3, 14);
    expect(a!.markov).toBeCloseTo(0.5, 14);
    expect(b!.removalEffect).toBeCloseTo(1, 14);
    expect(b!.markov).toBeCloseTo(1.5, 14);
  });

  it("heuristic models on the hand case", () => {
    const h = heuristicAttribution(hand);
    expect(Object.fromEntries(h.firstTouch)).toEqual({ A: 1, B: 1 });
    expect(Object.fromEntries(h.lastTouch)).toEqual({ B: 2 });
    expect(Object.fromEntries(h.linear)).toEqual({ A: 0.5, B: 1.5 });
    expect(positionWeights(4)).toEqual([0.4, 0.1, 0.1, 0.4]);
  });

  // A chain with loops (A ↔ B, repeated touches) so the exact solve is not a simple product of probabilities.
  const loopy = [
    path("A>B>A>C", 30, 70),
    path("B>B>C", 25, 40),
    path("C>A", 10, 90),
    path("A>C>B>A", 12, 20),
    path("B", 5, 60),
    path("C>C>B>A>B", 8, 12),
  ];
  it("agrees with a seeded Monte-Carlo simulation of the same chain (200,000 walks, tolerance 4 standard errors)", () => {
    const chain = buildMarkovChain(loopy);
    const walks = 200_000;
    const exact = absorptionProbabilities(chain)[0]!;
    const sim = simulate(chain, walks, 42);
    const se = Math.sqrt((exact * (1 - exact)) / walks);
    expect(Math.abs(sim - exact)).toBeLessThan(4 * se);
    for (let c = 1; c <= chain.channels.length; c++) {
      const exactRemoved = absorptionProbabilities(chain, new Set([c]))[0]!;
      const simRemoved = simulate(chain, walks, 1000 + c, new Set([c]));
      const seR = Math.sqrt((exactRemoved * (1 - exactRemoved)) / walks) || 1 / walks;
      expect(Math.abs(simRemoved - exactRemoved)).toBeLessThan(4 * seR);
    }
  });

  it("second order: a state is the last two channels, which separates what follows A from what follows C", () => {
    // Paths A>B (1 conversion) and C>B (1 null). First order: B converts half the time whatever came before, so
    // P = ½; without A: ½·0 + ½·½ = ¼ → ½; without B: 0 → 1; without C: ¼ → ½; credits ¼, ½, ¼.
    // Second order: states A, C, (A,B) → conversion, (C,B) → null; P = ½; without A: 0 → 1; without B: 0 → 1;
    // without C: ½ → 0; credits ½, ½, 0.
    const paths = [path("A>B", 1, 0), path("C>B", 0, 1)];
    const first = markovAttribution(paths, 1).channels.map((c) => c.markov);
    const second = markovAttribution(paths, 2);
    [0.25, 0.5, 0.25].forEach((v, i) => {
      expect(first[i]).toBeCloseTo(v, 14);
    });
    expect(second.pConversion).toBeCloseTo(0.5, 14);
    expect(second.channels.map((c) => c.removalEffect)).toEqual([1, 1, 0]);
    expect(second.channels.map((c) => c.markov)).toEqual([0.5, 0.5, 0]);
    expect(buildMarkovChain(paths, 2).states).toEqual([[], ["A"], ["A", "B"], ["C"], ["C", "B"]]);
  });

  it("second order agrees with a seeded simulation of its chain (200,000 walks, 4 standard errors)", () => {
    const chain = buildMarkovChain(loopy, 2);
    const walks = 200_000;
    for (const [i, c] of ["", ...chain.channels].entries()) {
      const removed = c === "" ? new Set<number>() : statesWithChannel(chain, c);
      const exact = absorptionProbabilities(chain, removed)[0]!;
      const sim = simulate(chain, walks, 7 + i, removed);
      const se = Math.sqrt((exact * (1 - exact)) / walks) || 1 / walks;
      expect(Math.abs(sim - exact)).toBeLessThan(4 * se);
    }
  });

  it("credits sum to total conversions, removal effects lie in [0, 1] (property)", () => {
    const channel = fc.constantFrom("A", "B", "C", "D", "E");
    const arbPath = fc.record({
      path: fc.array(channel, { minLength: 1, maxLength: 6 }),
      conversions: fc.integer({ min: 0, max: 50 }),
      nulls: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbPath, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 3 }),
        (paths, order) => {
          const r = markovAttribution(paths, order);
          const total = paths.reduce((s, p) => s + p.conversions, 0);
          const credited = r.channels.reduce((s, c) => s + c.markov, 0);
          if (r.pConversion > 0) expect(Math.abs(credited - total)).toBeLessThan(1e-9 * Math.max(1, total));
          else expect(credited).toBe(0);
          for (const c of r.channels) {
            expect(c.removalEffect).toBeGreaterThanOrEqual(0);
            expect(c.removalEffect).toBeLessThanOrEqual(1 + 1e-12);
          }
          expect(r.pConversion).toBeGreaterThanOrEqual(0);
          expect(r.pConversion).toBeLessThanOrEqual(1 + 1e-12);
          const h = heuristicAttribution(paths);
          for (const m of [h.firstTouch, h.lastTouch, h.linear, h.positionBased]) {
            const s = [...m.values()].reduce((a, b) => a + b, 0);
            expect(Math.abs(s - total)).toBeLessThan(1e-9 * Math.max(1, total));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("journeys from events", () => {
  const day = 86_400_000;
  const events = [
    { customer: "u1", time: 2 * day, channel: "Email", conversion: false },
    { customer: "u1", time: 1 * day, channel: "Search", conversion: false },
    { customer: "u1", time: 3 * day, channel: "", conversion: true, value: 40 },
    { customer: "u1", time: 9 * day, channel: "Display", conversion: false },
    { customer: "u2", time: 1 * day, channel: "Display", conversion: false },
    { customer: "u2", time: 5 * day, channel: "Search", conversion: true, value: 10 },
    { customer: "u3", time: 1 * day, channel: "", conversion: true },
  ];
  it("splits journeys at conversions in time order; trailing touches form a null path", () => {
    const { journeys, unattributedConversions } = journeysFromEvents(events);
    expect(unattributedConversions).toBe(1);
    expect(journeys.map((j) => [j.channels.join(">"), j.converted])).toEqual([
      ["Search>Email", true],
      ["Display", false],
      ["Display>Search", true],
    ]);
    const paths = pathsFromJourneys(journeys);
    expect(paths.find((p) => p.path.join(">") === "Display")).toMatchObject({ conversions: 0, nulls: 1 });
    expect(paths.find((p) => p.path.join(">") === "Search>Email")).toMatchObject({ conversions: 1, value: 40 });
  });

  it("time decay halves the weight per half-life before the conversion", () => {
    const { journeys } = journeysFromEvents(events);
    // u1: Search 2 days and Email 1 day before the conversion, half-life 1 day → weights ¼ and ½ → ⅓ and ⅔.
    // u2: Display 4 days and Search 0 days before → 1/16 and 1 → 1/17 and 16/17.
    const d = timeDecayAttribution(journeys, day);
    expect(d.get("Search")!).toBeCloseTo(1 / 3 + 16 / 17, 14);
    expect(d.get("Email")!).toBeCloseTo(2 / 3, 14);
    expect(d.get("Display")!).toBeCloseTo(1 / 17, 14);
    const report = attributionReport(pathsFromJourneys(journeys), { journeys, halfLifeMs: day });
    expect(report.channels.map((c) => c.channel)).toEqual(["Display", "Email", "Search"]);
    expect(report.channels.every((c) => c.timeDecay !== undefined)).toBe(true);
  });
});
