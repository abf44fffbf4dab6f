import { describe, expect, it } from "vitest";
import { numericGradient } from "../math/bfgs-minimize.js";
import { hyp2f1 } from "../math/special-functions.js";
import {
  bgNbdCustomerLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
  negLogLikelihood,
} from "./bg-nbd.js";
import { compressSummary } from "./frequency-summary.js";
import { simulateCustomers } from "./simulate-customers.js";

// CDNOW estimates published by Fader, Hardie & Lee (2005), Table/§5: r = 0.243, α = 4.414, a = 0.793, b = 2.426,
// LL = −9582.4. The lifetimes documentation (Quickstart, CDNOW summary) reports the same fit to more digits:
const LIFETIMES_CDNOW = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

describe("BG/NBD likelihood (FHL 2005 eq. 6), hand-computed single customers", () => {
  it("x = 0: L = B(a, b)/B(a, b) · Γ(r) α^r / (Γ(r) (α+T)^r) = (α/(α+T))^r", () => {
    // r = α = a = b = 1, T = 1 → L = 1/2.
    expect(bgNbdCustomerLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, 0, 0, 1)).toBeCloseTo(Math.log(0.5), 14);
    // r = 2, α = 3, T = 6 → (3/9)² = 1/9 (the Beta factor is 1 for x = 0).
    expect(bgNbdCustomerLogLikelihood({ r: 2, alpha: 3, a: 0.5, b: 4 }, 0, 0, 6)).toBeCloseTo(Math.log(1 / 9), 14);
  });

  it("x = 1, tₓ = 1, T = 2 with unit parameters: L = ½·1/9 + ½·1/4 = 13/72", () => {
    // B(1,2)/B(1,1) = ½; Γ(2)·1/(Γ(1)·3²) = 1/9; B(2,1)/B(1,1) = ½; Γ(2)/(Γ(1)·2²) = ¼.
    expect(bgNbdCustomerLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, 1, 1, 2)).toBeCloseTo(Math.log(13 / 72), 14);
  });

  it("x = 2, tₓ = 4, T = 6 with r = 2, α = 3, a = 2, b = 3", () => {
    // B(2,5)/B(2,3) = (1/30)/(1/12) = 0.4;  Γ(4)·3²/(Γ(2)·9⁴) = 54/6561
    // B(3,4)/B(2,3) = (1/60)/(1/12) = 0.2;  Γ(4)·3²/(Γ(2)·7⁴) = 54/2401
    const expected = 0.4 * (54 / 6561) + 0.2 * (54 / 2401);
    expect(bgNbdCustomerLogLikelihood({ r: 2, alpha: 3, a: 2, b: 3 }, 2, 4, 6)).toBeCloseTo(Math.log(expected), 13);
  });

  it("the summed log-likelihood is the sum of the customers' (duplicates folded correctly)", () => {
    const p = { r: 0.5, alpha: 2, a: 0.9, b: 3 };
    const s = { frequency: [0, 0, 3, 3, 1], recency: [0, 0, 5, 5, 2.5], T: [10, 10, 9, 9, 12] };
    let sum = 0;
    for (let i = 0; i < 5; i++) sum += bgNbdCustomerLogLikelihood(p, s.frequency[i]!, s.recency[i]!, s.T[i]!);
    expect(bgNbdLogLikelihood(p, s)).toBeCloseTo(sum, 11);
  });

  it("the analytic gradient (log-parameters) matches central differences", () => {
    const sim = simulateCustomers(500, { r: 0.4, alpha: 3, a: 0.7, b: 2 }, 9);
    const c = compressSummary(sim);
    const theta = [Math.log(0.3), Math.log(4), Math.log(0.9), Math.log(2.5)];
    const g = new Float64Array(4);
    negLogLikelihood(c, theta.map(Math.exp), g);
    const numeric = numericGradient((t) => negLogLikelihood(c, Array.from(t, Math.exp), null), theta, 1e-6);
    for (let i = 0; i < 4; i++) expect(g[i]).toBeCloseTo(numeric[i]!, 7);
  });
});

describe("BG/NBD predictions against the lifetimes documentation (CDNOW fit, t = 1 week)", () => {
  // lifetimes docs, Quickstart "Ranking customers from best to worst": predicted_purchases at t = 1, 6 decimals.
  const cases: [number, number, number, number][] = [
    [18, 35.14, 35.86, 0.424877],
    [19, 34.0, 34.14, 0.474738],
    [17, 28.43, 28.86, 0.486526],
    [29, 37.71, 38.0, 0.662396],
    [26, 30.86, 31.0, 0.710623],
  ];
  it.each(cases)("x=%d tₓ=%d T=%d → %d (±1e-6)", (x, tx, T, expected) => {
    expect(Math.abs(bgNbdExpectedPurchases(LIFETIMES_CDNOW, 1, x, tx, T) - expected)).toBeLessThan(1e-6);
  });

  it("P(alive) is 1 without repeat purchases and falls as the customer goes quiet", () => {
    expect(bgNbdProbabilityAlive(LIFETIMES_CDNOW, 0, 0, 38.86)).toBe(1);
    const recent = bgNbdProbabilityAlive(LIFETIMES_CDNOW, 5, 38, 38.86);
    const quiet = bgNbdProbabilityAlive(LIFETIMES_CDNOW, 5, 10, 38.86);
    expect(recent).toBeGreaterThan(quiet);
    expect(quiet).toBeGreaterThan(0);
  });

  it("expected purchases grow with the horizon and heavy buyers do not overflow", () => {
    let prev = 0;
    for (const t of [1, 10, 52, 520]) {
      const e = bgNbdExpectedPurchases(LIFETIMES_CDNOW, t, 3, 30, 38);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    const heavy = bgNbdExpectedPurchases(LIFETIMES_CDNOW, 52, 2000, 38.8, 38.86);
    expect(Number.isFinite(heavy)).toBe(true);
    expect(heavy).toBeGreaterThan(1000);
  });

  it("the direct and Euler-transformed ₂F₁ factors agree, and a degenerate fit (huge a) stays finite", () => {
    // ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; c; z) = (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; c; z), c = a+b+x−1.
    for (const [r, alpha, a, b, x, T, t] of [
      [0.5, 3, 2, 1.5, 1, 20, 10],
      [0.243, 4.414, 0.793, 2.426, 7, 38.86, 52],
    ] as const) {
      const z = t / (alpha + T + t);
      const c = a + b + x - 1;
      const direct = (1 - z) ** (r + x) * hyp2f1(r + x, b + x, c, z);
      const euler = (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
      expect(euler).toBeCloseTo(direct, 12);
    }
    const degenerate = { r: 0.27, alpha: 0.35, a: 114498, b: 8.7e-6 };
    const d = bgNbdExpectedPurchases(degenerate, 52, 1, 5.7, 9.3);
    expect(Number.isFinite(d)).toBe(true);
    expect(d).toBeGreaterThanOrEqual(0);
  });
});

describe("fitBgNbd", () => {
  it("recovers known parameters from 20,000 customers simulated with the CDNOW estimates (seeded)", () => {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const s = simulateCustomers(20_000, truth, 2024, { minT: 27, maxT: 39 });
    const fit = fitBgNbd(s);
    expect(fit.converged).toBe(true);
    // Sampling error at n = 20k, measured over seeds 1–20: worst relative errors r 4.7 %, α 6.9 %, a 29 %, b 35 %,
    // mean drop-out a/(a+b) 5.1 %, mean rate r/α 3.1 % (a and b are weakly identified separately, as FHL note).
    expect(Math.abs(fit.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.alpha / truth.alpha - 1)).toBeLessThan(0.12);
    expect(Math.abs(fit.a / truth.a - 1)).toBeLessThan(0.45);
    expect(Math.abs(fit.b / truth.b - 1)).toBeLessThan(0.5);
    expect(Math.abs(fit.a / (fit.a + fit.b) / (truth.a / (truth.a + truth.b)) - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.r / fit.alpha / (truth.r / truth.alpha) - 1)).toBeLessThan(0.06);
    // A maximum: no better than the fitted optimum at the true parameters or nearby points.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, s));
    for (const k of ["r", "alpha", "a", "b"] as const) {
      for (const f of [0.99, 1.01]) {
        const p = { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b, [k]: fit[k] * f };
        expect(bgNbdLogLikelihood(p, s)).toBeLessThan(fit.logLikelihood);
      }
    }
  });

  it("is equivariant in the time unit: days instead of weeks scale α by 7 and nothing else", () => {
    const s = simulateCustomers(3000, { r: 0.5, alpha: 6, a: 1.2, b: 3 }, 77);
    const weeks = fitBgNbd(s);
    const days = fitBgNbd({ frequency: s.frequency, recency: s.recency.map((v) => v * 7), T: s.T.map((v) => v * 7) });
    expect(days.r).toBeCloseTo(weeks.r, 5);
    expect(days.alpha / 7).toBeCloseTo(weeks.alpha, 4);
    expect(days.a).toBeCloseTo(weeks.a, 4);
    expect(days.b).toBeCloseTo(weeks.b, 4);
    // The densities of tₓ differ by the Jacobian 7^−x per customer.
    let sx = 0;
    for (const x of s.frequency) sx += x;
    expect(days.logLikelihood).toBeCloseTo(weeks.logLikelihood - sx * Math.log(7), 5);
  });

  it("rejects an invalid summary with the customer's row", () => {
    expect(() => fitBgNbd({ frequency: [1, 2], recency: [3, 9], T: [5, 8] })).toThrow(/customer 1: recency/);
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [5] })).toThrow(/whole number/);
  });
});
