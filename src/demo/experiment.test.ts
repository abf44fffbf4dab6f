import { describe, expect, it } from "vitest";
import { ExperimentTally, variantOf } from "./experiment.js";
import { userIdOf } from "./profile-attributes.js";

describe("variantOf", () => {
  it("is balanced across blocks of consecutive profile ids (chi-square)", () => {
    // 200 blocks of 1,000 consecutive ids: Σ z² ~ χ²(200), mean 200, sd 20; 300 is beyond the 99.999th percentile.
    // FNV-1a's top bit without the finaliser scores ≈ 1,400 here, which is why the finaliser exists.
    const blocks = 200;
    const size = 1000;
    let chi = 0;
    for (let b = 0; b < blocks; b++) {
      let t = 0;
      for (let i = b * size; i < (b + 1) * size; i++) if (variantOf(userIdOf(i)) === "treatment") t++;
      chi += (t - size / 2) ** 2 / (size / 4);
    }
    expect(chi).toBeLessThan(300);
    expect(chi).toBeGreaterThan(120);
  });

  it("is a pure function of the id", () => {
    expect(variantOf("u000042")).toBe(variantOf("u000042"));
    expect(new Set(["a", "b", "c", "d", "e", "f", "g", "h"].map(variantOf))).toEqual(new Set(["control", "treatment"]));
  });
});

describe("ExperimentTally", () => {
  it("summarises exposures and post-exposure orders per arm", () => {
    const t = new ExperimentTally();
    for (let i = 0; i < 4; i++) t.expose(0);
    for (let i = 0; i < 5; i++) t.expose(1);
    t.order(0, 10, true);
    t.order(1, 20, true);
    t.order(1, 5, false);
    t.order(1, 7.5, true);
    const s = t.summary(Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1));
    expect(s.control).toEqual({
      exposed: 4,
      converted: 1,
      orders: 1,
      revenue: 10,
      conversionRate: 0.25,
      ordersPerProfile: 0.25,
    });
    expect(s.treatment).toMatchObject({ exposed: 5, converted: 2, orders: 3, revenue: 32.5, conversionRate: 0.4 });
    expect(s.relativeLift.conversion).toBeCloseTo(0.4 / 0.25 - 1, 6);
    expect(s.relativeLift.orders).toBeCloseTo(0.6 / 0.25 - 1, 6);
    expect(s.start).toBe("2026-01-01T00:00:00.000Z");
  });
});
