import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { niceStep, traitBreakdown } from "../../src/server/routes/insights/trait-breakdown.js";
import { DuckDBStore, type SqlValue } from "../../src/store/index.js";

let store: DuckDBStore;
beforeAll(async () => {
  store = await DuckDBStore.open({ dataDir: null, threads: 1 });
});
afterAll(async () => store?.close());

/** Replaces profiles, trait values and one segment's memberships with the given population. */
async function load(values: readonly unknown[], members: (i: number) => boolean): Promise<void> {
  await store.transaction(async (tx) => {
    for (const t of ["profiles", "trait_values", "membership_base"]) await tx.run(`DELETE FROM ${t}`);
    await tx.append(
      "profiles",
      values.map((_, i) => [`p${i}`, 0]),
    );
    const tv: SqlValue[][] = [];
    values.forEach((v, i) => {
      if (v !== undefined) tv.push([`p${i}`, "score", JSON.stringify(v), 1, i, "identify"]);
    });
    await tx.append("trait_values", tv);
    const m: SqlValue[][] = [];
    values.forEach((_, i) => {
      if (members(i)) m.push(["seg", `p${i}`, 1, 0, ""]);
    });
    await tx.append("membership_base", m);
  });
}

describe("traitBreakdown", () => {
  it("bins a numeric trait with more than 20 distinct values on nice edges", async () => {
    await load(
      Array.from({ length: 100 }, (_, i) => i),
      (i) => i >= 50 && i % 2 === 0,
    );
    const b = await traitBreakdown(store, "seg", "score");
    expect(b.kind).toBe("numeric");
    // span 99 over 16 bins → raw width 6.19 → nice width 10: [0,10) … [90,100)
    expect(b.buckets.map((x) => [x.from, x.to])).toEqual(Array.from({ length: 10 }, (_, i) => [i * 10, i * 10 + 10]));
    expect(b.buckets.map((x) => x.population)).toEqual(Array(10).fill(10));
    expect(b.buckets.map((x) => x.members)).toEqual([0, 0, 0, 0, 0, 5, 5, 5, 5, 5]);
    expect(b.missing).toEqual({ members: 0, population: 0 });
  });

  it("picks nice steps of 1, 2, 2.5 or 5 × 10^k", () => {
    expect(niceStep(99, 16)).toBe(10);
    expect(niceStep(1, 16)).toBe(0.1);
    expect(niceStep(35, 16)).toBe(2.5);
    expect(niceStep(70, 16)).toBe(5);
    expect(niceStep(0, 16)).toBe(1);
  });

  it("accounts for every profile and every member exactly once (property)", async () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer({ min: -50, max: 50 }),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.constantFrom("gold", "silver", "bronze", "x"),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        async (vals, k) => {
          await load(vals, (i) => i % k === 0);
          const b = await traitBreakdown(store, "seg", "score");
          const members = vals.filter((_, i) => i % k === 0).length;
          expect(b.population).toBe(vals.length);
          expect(b.members).toBe(members);
          expect(b.buckets.reduce((a, x) => a + x.population, 0) + b.missing.population).toBe(vals.length);
          expect(b.buckets.reduce((a, x) => a + x.members, 0) + b.missing.members).toBe(members);
          for (const x of b.buckets) expect(x.members).toBeLessThanOrEqual(x.population);
        },
      ),
      { numRuns: 25 },
    );
  });
});
