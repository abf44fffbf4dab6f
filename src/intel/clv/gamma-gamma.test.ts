import { describe, expect, it } from "vitest";
import { numericGradient } from "../math/bfgs-minimize.js";
import {
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaExpectedAverage,
  negLogLikelihood,
  spendData,
} from "./gamma-gamma.js";
import { simulateCustomers } from "./simulate-customers.js";

// CDNOW Gamma-Gamma estimates: Fader & Hardie (2013) "The Gamma-Gamma Model of Monetary Value" report p = 6.25,
// q = 3.74, γ = 15.44; the lifetimes documentation (Quickstart) prints p: 6.25, q: 3.74, v: 15.45 for 946 customers.
const CDNOW = { p: 6.25, q: 3.74, v: 15.45 };

describe("Gamma-Gamma likelihood, hand-computed", () => {
  it("p = 1, q = 2, γ = 1, x = 1, m = 1: Γ(3)/(Γ(1)Γ(2)) · 1 / 2³ = 1/4", () => {
    expect(gammaGammaCustomerLogLikelihood({ p: 1, q: 2, v: 1 }, 1, 1)).toBeCloseTo(Math.log(0.25), 14);
  });

  it("p = 2, q = 3, γ = 4, x = 2, m = 3: Γ(7)/(Γ(4)Γ(3)) · 4³ · 3³ · 2⁴ / 10⁷", () => {
    const expected = (720 / (6 * 2)) * 64 * 27 * 16 * 1e-7;
    expect(gammaGammaCustomerLogLikelihood({ p: 2, q: 3, v: 4 }, 2, 3)).toBeCloseTo(Math.log(expected), 13);
  });

  it("the analytic gradient matches central differences", () => {
    const d = spendData([1, 2, 2, 5, 0, 3], [10, 20, 35, 15, 0, 50], 0.05);
    const theta = [Math.log(3), Math.log(2), Math.log(1.5)];
    const g = new Float64Array(3);
    negLogLikelihood(d, Math.exp(theta[0]!), Math.exp(theta[1]!), Math.exp(theta[2]!), g);
    const numeric = numericGradient(
      (t) => negLogLikelihood(d, Math.exp(t[0]!), Math.exp(t[1]!), Math.exp(t[2]!), null),
      theta,
    );
    for (let i = 0; i < 3; i++) expect(g[i]).toBeCloseTo(numeric[i]!, 7);
  });
});

describe("conditional expected average value against the lifetimes documentation (CDNOW)", () => {
  // lifetimes Quickstart, conditional_expected_average_profit for customers 1, 2, 3, 6, 9. The published
  // parameters are rounded to 3 significant digits, which moves the result by up to 0.2 %: tolerance 0.3 %.
  const cases: [number, number, number][] = [
    [2, 22.35, 24.658619],
    [1, 11.77, 18.911489],
    [0, 0, 35.170981],
    [7, 73.74, 71.462843],
    [2, 25.55, 27.282408],
  ];
  it.each(cases)("x=%d m=%d → %d", (x, m, expected) => {
    expect(Math.abs(gammaGammaExpectedAverage(CDNOW, x, m) / expected - 1)).toBeLessThan(0.003);
  });
});

describe("fitGammaGamma", () => {
  it("recovers spend parameters from customers simulated with the CDNOW estimates (seeded)", () => {
    const s = simulateCustomers(30_000, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 99, {
      minT: 27,
      maxT: 39,
      spend: { p: 6.25, q: 3.74, v: 15.44 },
    });
    const fit = fitGammaGamma(s.frequency, s.monetary);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBeGreaterThan(10_000);
    // Sampling error at n = 30k, measured over seeds 101–120: worst relative errors p 14.6 %, q 3.8 %, γ 14.5 %.
    expect(Math.abs(fit.p / 6.25 - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.q / 3.74 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.v / 15.44 - 1)).toBeLessThan(0.25);
  });

  it("is equivariant in the currency: cents instead of dollars scale γ by 100", () => {
    const f = [1, 2, 2, 5, 0, 3, 1, 4];
    const m = [10, 20, 35, 15, 0, 50, 12, 22];
    const dollars = fitGammaGamma(f, m);
    const cents = fitGammaGamma(
      f,
      m.map((v) => v * 100),
    );
    expect(cents.p).toBeCloseTo(dollars.p, 4);
    expect(cents.q).toBeCloseTo(dollars.q, 4);
    expect(cents.v / 100 / dollars.v).toBeCloseTo(1, 5);
  });

  it("needs a positive monetary value for repeat customers", () => {
    expect(() => fitGammaGamma([1, 2], [10, 0])).toThrow(/customer 1/);
    expect(() => fitGammaGamma([0, 0], [0, 0])).toThrow(/frequency > 0/);
  });
});
