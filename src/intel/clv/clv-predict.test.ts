import { describe, expect, it } from "vitest";
import { DAYS_PER_MONTH, predictClv } from "./clv-predict.js";

// lifetimes Quickstart: BG/NBD refitted on the CDNOW summary with monetary values, Gamma-Gamma as printed
// (p 6.25, q 3.74, v 15.45), customer_lifetime_value(time=12, discount_rate=0.01) with its default freq="D",
// which steps 30 time units per month — on the weekly CDNOW data that is 30 weeks. We reproduce it by passing
// unitsPerMonth = 30. Tolerance 0.3 %: the published Gamma-Gamma parameters are rounded.
const BG = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const GG = { p: 6.25, q: 3.74, v: 15.45 };

describe("predictClv", () => {
  const s = {
    frequency: [2, 1, 0, 7, 2],
    recency: [30.43, 1.71, 0, 29.43, 35.71],
    T: [38.86, 38.86, 38.86, 38.86, 38.86],
    monetary: [22.35, 11.77, 0, 73.74, 25.55],
  };
  const published = [140.096211, 18.943467, 38.180574, 1003.868107, 167.418216];

  it("matches the lifetimes documentation's 12-month CLV for CDNOW customers 1, 2, 3, 6, 9", () => {
    const out = predictClv(BG, GG, s, { unitsPerMonth: 30, horizonMonths: 12, discountMonthly: 0.01 });
    out.forEach((p, i) => {
      expect(Math.abs(p.clv! / published[i]! - 1)).toBeLessThan(0.003);
    });
  });

  it("CLV is the discounted sum of monthly expected purchases times the expected value", () => {
    const undiscounted = predictClv(BG, GG, s, { unitsPerMonth: 4, horizonMonths: 6, discountMonthly: 0 });
    for (const p of undiscounted) expect(p.clv!).toBeCloseTo(p.expectedPurchases * p.expectedAvgValue!, 10);
    const discounted = predictClv(BG, GG, s, { unitsPerMonth: 4, horizonMonths: 6, discountMonthly: 0.05 });
    discounted.forEach((p, i) => {
      expect(p.clv!).toBeLessThan(undiscounted[i]!.clv!);
      expect(p.clv!).toBeGreaterThan(undiscounted[i]!.clv! / 1.05 ** 6);
    });
  });

  it("without a spend model gives purchases and P(alive) only", () => {
    const [p] = predictClv(BG, undefined, s, { unitsPerMonth: DAYS_PER_MONTH / 7 });
    expect(p!.clv).toBeNull();
    expect(p!.expectedAvgValue).toBeNull();
    expect(p!.pAlive).toBeGreaterThan(0);
    expect(p!.expectedPurchases).toBeGreaterThan(0);
  });
});
