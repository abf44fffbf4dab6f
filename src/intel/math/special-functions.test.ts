import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, logBeta, logGamma } from "./special-functions.js";

describe("logGamma", () => {
  it("matches exact values (Γ(n) = (n−1)!, Γ(½) = √π, Γ(3/2) = √π/2)", () => {
    let fact = 1;
    for (let n = 1; n <= 30; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(fact), 12);
      fact *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 13);
    // Γ(1/3) = 2.678938534707747633… (Abramowitz & Stegun 6.1.10)
    expect(logGamma(1 / 3)).toBeCloseTo(Math.log(2.678938534707747), 13);
  });

  it("satisfies Γ(x+1) = x Γ(x)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 200, noNaN: true }), (x) => {
        expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 10);
      }),
    );
  });

  it("logBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a+b))", () => {
    expect(Math.exp(logBeta(2, 3))).toBeCloseTo(1 / 12, 14);
  });
});

describe("digamma", () => {
  it("matches ψ(1) = −γ and ψ(½) = −γ − 2 ln 2 (A&S 6.3.2, 6.3.3)", () => {
    const euler = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-euler, 13);
    expect(digamma(0.5)).toBeCloseTo(-euler - 2 * Math.LN2, 13);
  });

  it("is the derivative of logGamma", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 500, noNaN: true }), (x) => {
        const h = 1e-5 * Math.max(1, x);
        const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
        expect(Math.abs(digamma(x) - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }),
    );
  });
});

describe("hyp2f1", () => {
  it("matches closed forms: ₂F₁(1,1;2;z) = −ln(1−z)/z and ₂F₁(a,b;b;z) = (1−z)^−a", () => {
    for (const z of [0.01, 0.3, 0.6, 0.9]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo((1 - z) ** -0.7, 12);
    }
  });
});
