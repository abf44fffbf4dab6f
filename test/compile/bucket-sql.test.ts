import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckdbDialect } from "../../src/compile/index.js";
import { bucketOf, fnv1a32 } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";

let store: DuckDBStore;
beforeAll(async () => {
  store = await DuckDBStore.open({ dataDir: null, threads: 1 });
});
afterAll(async () => {
  await store.close();
});

const sqlBuckets = async (salt: string, ids: string[]): Promise<number[]> => {
  const rows = await store.all<{ b: number }>(
    `SELECT ${duckdbDialect.bucketOf("$1", "id")} AS b FROM (SELECT unnest(l) AS id, generate_subscripts(l, 1) AS i FROM (SELECT CAST(json($2) AS VARCHAR[]) AS l)) ORDER BY i`,
    [fnv1a32(`${salt}:`), JSON.stringify(ids)],
  );
  return rows.map((r) => r.b);
};

describe("bucketOf in SQL equals bucketOf in JS", () => {
  it("on 20,000 generated ids", async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `user-${i}-${(i * 2654435761) % 1000003}`);
    expect(await sqlBuckets("exp-7", ids)).toEqual(ids.map((id) => bucketOf("exp-7", id)));
  });

  it("on arbitrary unicode ids and salts (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 8, unit: "grapheme" }),
        fc.array(fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }), { minLength: 1, maxLength: 50 }),
        async (salt, ids) => {
          const clean = ids.map((s) => s.replace(/\0/g, "x"));
          const s = salt.replace(/\0/g, "x");
          expect(await sqlBuckets(s, clean)).toEqual(clean.map((id) => bucketOf(s, id)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
