import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignVariant, parseExperiment, splitHoldout } from "../../src/measure/index.js";
import { bucketOf, TesseraError } from "../../src/model/index.js";

const holdoutArb = fc.record({ percent: fc.integer({ min: 0, max: 100 }), salt: fc.string({ maxLength: 8 }) });

describe("holdout split and variant assignment (properties)", () => {
  it("splitHoldout partitions the members: disjoint, complete, and held out exactly by the bucket rule", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 60 }),
        holdoutArb,
        fc.option(holdoutArb, { nil: null }),
        (ids, seg, global) => {
          const s = splitHoldout(ids, seg, global);
          expect([...s.treated, ...s.segmentHoldout, ...s.globalHoldout].sort()).toEqual([...ids].sort());
          for (const id of s.segmentHoldout) expect(bucketOf(seg.salt, id)).toBeLessThan(seg.percent);
          for (const id of s.globalHoldout) {
            expect(bucketOf(seg.salt, id)).toBeGreaterThanOrEqual(seg.percent);
            expect(global !== null && bucketOf(global.salt, id) < global.percent).toBe(true);
          }
          for (const id of s.treated) {
            expect(bucketOf(seg.salt, id) >= seg.percent).toBe(true);
            expect(global === null || bucketOf(global.salt, id) >= global.percent).toBe(true);
          }
        },
      ),
    );
  });

  it("assignVariant is deterministic, always names a variant, and follows the weights' bucket ranges", () => {
    const variants = fc.uniqueArray(
      fc.record({ name: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.integer({ min: 1, max: 10 }) }),
      { minLength: 2, maxLength: 5, selector: (v) => v.name },
    );
    fc.assert(
      fc.property(variants, fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 }), (vs, salt, id) => {
        const e = { id: "exp", salt, variants: vs };
        const v = assignVariant(e, id);
        expect(assignVariant(e, id)).toBe(v);
        const total = vs.reduce((s, x) => s + x.weight, 0);
        const i = vs.findIndex((x) => x.name === v);
        expect(i).toBeGreaterThanOrEqual(0);
        const lo = (vs.slice(0, i).reduce((s, x) => s + x.weight, 0) / total) * 100;
        const hi = (vs.slice(0, i + 1).reduce((s, x) => s + x.weight, 0) / total) * 100;
        const b = bucketOf(salt, id);
        expect(b).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(b).toBeLessThan(hi + 1e-9);
      }),
    );
  });

  it("a 1:3 split puts about a quarter of 20,000 ids in the first variant", () => {
    const e = {
      id: "x",
      variants: [
        { name: "a", weight: 1 },
        { name: "b", weight: 3 },
      ],
    };
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (assignVariant(e, `user-${i}`) === "a") a++;
    // Binomial sd = √(20000·0.25·0.75) ≈ 61; allow 5 sd.
    expect(Math.abs(a - 5000)).toBeLessThan(310);
  });

  it("experiment definitions are validated with a path to the problem", () => {
    const base = {
      id: "e1",
      variants: [
        { name: "a", weight: 1 },
        { name: "b", weight: 1 },
      ],
      metric: { event: "Order Completed", kind: "proportion", windowDays: 7 },
    };
    expect(parseExperiment({ ...base, start: "2026-01-01" }).start).toBe(Date.UTC(2026, 0, 1));
    const cases: [unknown, string][] = [
      [{ ...base, control: "c" }, "control"],
      [{ ...base, assignment: "event" }, "assignment"],
      [
        {
          ...base,
          variants: [
            { name: "a", weight: 1 },
            { name: "a", weight: 2 },
          ],
        },
        "variants",
      ],
      [{ ...base, metric: { ...base.metric, windowDays: 0 } }, "metric.windowDays"],
      [{ ...base, start: "soon" }, "start"],
      [{ ...base, extra: 1 }, ""],
    ];
    for (const [input, path] of cases) {
      try {
        parseExperiment(input);
        expect.unreachable(`accepted ${JSON.stringify(input)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(TesseraError);
        expect((e as TesseraError).code).toBe("invalid_experiment");
        expect(((e as TesseraError).path ?? []).join(".")).toBe(path);
      }
    }
  });
});
