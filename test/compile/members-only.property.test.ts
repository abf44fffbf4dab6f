import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compileMembership } from "../../src/compile/index.js";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { Condition, SegmentRecord } from "../../src/model/index.js";
import { segmentMap } from "../../src/segments/index.js";
import { DuckDBStore, type SqlValue } from "../../src/store/index.js";
import { HOUR, segmentsArb, streamArb } from "../stream/semantic-arbitraries.js";

/**
 * A members-only query (population narrowed to an anchor event pass, every other scan narrowed to it) returns
 * exactly the members of the full evaluation, on random definitions of every kind over random disordered streams.
 * Counted: how often the narrowing really applied, so a compiler that never anchors cannot pass.
 */
let anchored = 0;
// Shallow trees of counted `performed` leaves with every comparator at the 0/1 edges, so each case of "needs at
// least one event" (and each case that does not) is exercised often.
const counted: fc.Arbitrary<Condition> = fc
  .record({
    performed: fc.constantFrom("A", "B", "C"),
    within: fc.constantFrom(undefined, "2h", "1d"),
    count: fc.oneof(
      fc.record({ op: fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte"), value: fc.integer({ min: -1, max: 2 }) }),
      fc
        .tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 2 }))
        .map(([a, b]) => ({ op: "between" as const, value: [a, a + b] as [number, number] })),
    ),
  })
  .map((n) => Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as unknown as Condition);
const shallow: fc.Arbitrary<SegmentRecord[]> = fc
  .oneof(
    counted,
    fc.array(counted, { minLength: 1, maxLength: 3 }).map((all) => ({ all }) as Condition),
    fc.array(counted, { minLength: 1, maxLength: 2 }).map((any) => ({ any }) as Condition),
    counted.map((c) => ({ all: [c, { trait: "plan", op: "exists" }] }) as Condition),
  )
  .chain((definition) => fc.tuple(fc.constant(definition), counted))
  .map(([d0, d1]) => [
    { id: "s0", name: "s0", definition: d0, refresh: "daily", version: 1 },
    { id: "s1", name: "s1", definition: d1, refresh: "daily", version: 1 },
  ]);

// Few messages, so that many profiles lack some event (the case the narrowing must get right).
const sparse = streamArb.chain((ms) => fc.subarray(ms, { minLength: 1, maxLength: Math.min(10, ms.length) }));
let compared = 0;

describe("members-only evaluation", () => {
  it("has the same members as evaluating the whole population", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 1, arbitrary: segmentsArb }, { weight: 3, arbitrary: shallow }),
        sparse,
        fc.integer({ min: -2, max: 40 }),
        async (segments, messages, h) => {
          const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
          try {
            const ingestor = await Ingestor.create(store);
            await ingestor.ingest(validateAll(messages, ["messages"]), { source: "members-only" });
            const times = messages.map((m) => Date.parse(String(m.timestamp)));
            const t = Math.max(...times) + h * HOUR;
            const map = segmentMap(segments);
            // Each segment alone, and all of them in one query (impact compiles two targets together).
            const sets = [...segments.map((s) => [s]), segments];
            for (const set of sets) {
              const run = async (membersOnly: boolean) => {
                const targets = set.map((s) => ({ segmentId: s.id }));
                const c = compileMembership(targets, { asOf: t, segments: map, membersOnly });
                if (c.anchor !== undefined) anchored++;
                const rows = await store.all<Record<string, unknown>>(
                  `SELECT * FROM (${c.sql}) q`,
                  c.params as SqlValue[],
                );
                return c.columns.map((col) =>
                  rows
                    .filter((r) => r[col] === true)
                    .map((r) => String(r["profile_id"]))
                    .sort(),
                );
              };
              const full = await run(false);
              const narrowed = await run(true);
              compared++;
              const defs = set.map((s) => s.definition);
              expect({ defs, members: narrowed }).toEqual({ defs, members: full });
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: Number(process.env["ANCHOR_RUNS"] ?? 120), seed: 20261123 },
    );
  }, 180_000);

  afterAll(() => {
    // The narrowing must have applied to a fair share of the random definitions (else this test proves nothing).
    expect(compared).toBeGreaterThan(0);
    expect(anchored / compared).toBeGreaterThan(0.1);
  });
});
