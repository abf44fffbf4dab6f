import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cumulative, fnv1a32, mix32, Rng, streamSeed } from "./prng.js";

const N = 200_000;

describe("Rng (mulberry32)", () => {
  it("replays the same stream for the same seed and stays in range", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        for (let i = 0; i < 50; i++) {
          const x = a.next();
          expect(x).toBe(b.next());
          expect(x >= 0 && x < 1).toBe(true);
          const k = a.int(n);
          expect(k).toBe(b.int(n));
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  // Moments of the textbook distributions; tolerances are 5 standard errors of the sample estimate at N draws.
  it("draws uniform values with mean 1/2 and variance 1/12", () => {
    const r = new Rng(1);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const x = r.next();
      s += x;
      s2 += x * x;
    }
    const mean = s / N;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(s2 / N - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it("draws standard normals, exponentials and Poisson counts with the right moments", () => {
    const r = new Rng(2);
    let zs = 0;
    let zs2 = 0;
    let es = 0;
    let ps = 0;
    let ps2 = 0;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      zs += z;
      zs2 += z * z;
      es += r.exp(3);
      const k = r.poisson(2.5);
      ps += k;
      ps2 += k * k;
    }
    expect(Math.abs(zs / N)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(zs2 / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(es / N - 3)).toBeLessThan(5 * (3 / Math.sqrt(N)));
    const pm = ps / N;
    expect(Math.abs(pm - 2.5)).toBeLessThan(5 * Math.sqrt(2.5 / N));
    expect(Math.abs(ps2 / N - pm * pm - 2.5)).toBeLessThan(0.05);
  });

  it("picks weighted indexes in proportion and never a zero-weight index", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 8 }), fc.nat(), (w, seed) => {
        fc.pre(w.some((x) => x > 0));
        const r = new Rng(seed);
        const cum = cumulative(w);
        for (let i = 0; i < 100; i++) expect(w[r.weighted(cum)]).toBeGreaterThan(0);
      }),
    );
    const r = new Rng(3);
    const counts = [0, 0, 0];
    const cum = cumulative([1, 2, 7]);
    for (let i = 0; i < N; i++) counts[r.weighted(cum)]! += 1;
    expect(Math.abs((counts[2] ?? 0) / N - 0.7)).toBeLessThan(5 * Math.sqrt((0.7 * 0.3) / N));
  });

  it("formats version-4 identifiers", () => {
    const r = new Rng(4);
    for (let i = 0; i < 100; i++)
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("hashes", () => {
  // FNV-1a 32 reference values from the algorithm's published test vectors (Fowler/Noll/Vo, "FNV test suite").
  it("matches FNV-1a 32 test vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("gives independent-looking streams to neighbouring profile indexes", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 1_000_000 }), (seed, i) => {
        expect(streamSeed(seed, i)).not.toBe(streamSeed(seed, i + 1));
        const m = mix32(i);
        expect(Number.isInteger(m) && m >= 0 && m < 2 ** 32).toBe(true);
      }),
    );
  });
});
