import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EngineTrait, type TraitValues, writeTraits } from "../../src/intel/engine/trait-writer.js";
import { DuckDBStore } from "../../src/store/index.js";

let store: DuckDBStore;

beforeAll(async () => {
  store = await DuckDBStore.open({ dataDir: null });
});

afterAll(async () => {
  await store?.close();
});

const names: EngineTrait[] = ["rfm", "lead", "lifecycle"];
const profile = fc.constantFrom("u1", "u2", "u3", "u4", "u5", "u6");
const value = fc.constantFrom('"a"', '"b"', "1", '{"x":2}');
const traitValues = fc
  .tuple(...names.map(() => fc.dictionary(profile, value, { maxKeys: 6 })))
  .map((ds): TraitValues => new Map(ds.map((d, i) => [names[i]!, new Map(Object.entries(d))])));

async function table(): Promise<Map<string, string>> {
  const rows = await store.all<{ p: string; n: string; v: string }>(
    "SELECT profile_id AS p, name AS n, value AS v FROM computed_traits",
  );
  return new Map(rows.map((r) => [`${r.n}/${r.p}`, r.v]));
}

const flat = (t: TraitValues) => {
  const out = new Map<string, string>();
  for (const [n, m] of t) for (const [p, v] of m) out.set(`${n}/${p}`, v);
  return out;
};

describe("writeTraits", () => {
  it("leaves exactly the new values and reports exactly the profiles whose values differ", async () => {
    await fc.assert(
      fc.asyncProperty(traitValues, traitValues, async (before, after) => {
        await store.run("DELETE FROM computed_traits");
        await store.run("INSERT INTO computed_traits VALUES ('other', 'custom', '1', 1, 0)");
        await store.transaction((tx) => writeTraits(tx, before, new Map(), 1));
        const r = await store.transaction((tx) => writeTraits(tx, after, new Map(names.map((n) => [n, 2])), 2));
        const want = flat(after);
        want.set("custom/other", "1"); // a trait the engine does not own is untouched
        expect(await table()).toEqual(want);
        const a = flat(before);
        const b = flat(after);
        const changed = new Set<string>();
        for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) changed.add(k.split("/")[1]!);
        expect(r.changed).toEqual([...changed].sort());
        for (const n of names) expect(r.written[n]).toBe(after.get(n)!.size);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
