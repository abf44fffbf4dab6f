import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type CommittedBatch, Ingestor, validateAll } from "../../src/ingest/index.js";
import { CONDITION_KINDS } from "../../src/model/index.js";
import { membersAt, segmentMap } from "../../src/segments/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { StreamEvaluator } from "../../src/stream/index.js";
import { HOUR, segmentsArb, streamArb } from "./semantic-arbitraries.js";

/**
 * Streaming = batch, on random definitions over random disordered streams. Both sides are fed by the same Ingestor
 * commits (the evaluator through onCommitted, the SQL through the store), and at a random instant after each commit
 * every segment's members must be identical. Coverage is asserted per node kind, so a kind that one side skipped
 * (always false, always true) cannot hide: each kind must have split a population at least once.
 */
const discriminated = new Map<string, number>();
const generated = new Map<string, number>();

describe("stream vs batch (differential)", () => {
  it("same members at random instants for random segments and disordered streams", async () => {
    await fc.assert(
      fc.asyncProperty(
        segmentsArb,
        streamArb,
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 2 }),
        async (segments, messages, extras, cuts) => {
          const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
          try {
            const ingestor = await Ingestor.create(store);
            const evaluator = new StreamEvaluator(segments);
            ingestor.onCommitted((batch: CommittedBatch) => {
              evaluator.applyBatch(batch);
            });
            for (const s of evaluator.plan.segments)
              for (const k of s.kinds) generated.set(k, (generated.get(k) ?? 0) + 1);
            const [c1, c2] = [...cuts].sort((a, b) => a - b).map((c) => Math.floor((c / 100) * messages.length));
            const chunks = [messages.slice(0, c1), messages.slice(c1, c2), messages.slice(c2)];
            for (let i = 0; i < chunks.length; i++) {
              const chunk = chunks[i]!;
              if (chunk.length) await ingestor.ingest(validateAll(chunk, ["messages"]), { source: "diff" });
              if (evaluator.clock === Number.NEGATIVE_INFINITY) continue;
              const t = evaluator.clock + extras[i]! * HOUR;
              evaluator.advanceTo(t);
              evaluator.refreshRanks();
              const batch = await membersAt(
                store,
                segments.map((s) => ({ segmentId: s.id })),
                t,
                segmentMap(segments),
              );
              const population = evaluator.profiles.size;
              segments.forEach((s, j) => {
                const stream = evaluator.members(s.id).sort();
                expect({ segment: s.id, t: new Date(t).toISOString(), members: stream }).toEqual({
                  segment: s.id,
                  t: new Date(t).toISOString(),
                  members: batch[j],
                });
                if (stream.length > 0 && stream.length < population) {
                  for (const k of evaluator.plan.segments.find((p) => p.record.id === s.id)!.kinds) {
                    discriminated.set(k, (discriminated.get(k) ?? 0) + 1);
                  }
                }
              });
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: Number(process.env["DIFF_RUNS"] ?? 120), seed: Number(process.env["DIFF_SEED"] ?? 20240501) },
    );
  }, 240_000);

  afterAll(() => {
    if (process.env["DIFF_VERBOSE"])
      console.log(JSON.stringify({ generated: [...generated], discriminated: [...discriminated] }));
    // Every node kind was generated and, at least once, split the population (neither side can skip it silently).
    for (const k of CONDITION_KINDS) {
      expect(generated.get(k) ?? 0, `kind ${k} generated`).toBeGreaterThan(0);
      expect(discriminated.get(k) ?? 0, `kind ${k} discriminated`).toBeGreaterThan(0);
    }
  });
});
