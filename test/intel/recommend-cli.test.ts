import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-rec-"));
const file = join(dir, "purchases.csv");
writeFileSync(
  file,
  [
    "customer,sku,ts",
    "c1,A,2024-01-01",
    "c1,B,2024-01-02",
    "c2,A,2024-01-01",
    "c2,B,2024-01-03",
    "c2,C,2024-01-05",
    "c3,A,2024-01-02",
    "c3,C,2024-01-04",
    "c4,D,2024-01-01",
  ].join("\n"),
);
const base = ["recommend", file, "--customer-col", "customer", "--item-col", "sku"];
type Items = { items: { item: string; score: number }[] };

describe("tessera recommend", () => {
  it("item-cosine --similar-to: cosine on the binary matrix, ties by item id", async () => {
    const out = jsonOf<Items>(await runCli([...base, "--similar-to", "A", "--json"]));
    expect(out.items.map((i) => i.item)).toEqual(["B", "C"]);
    expect(out.items[0]!.score).toBeCloseTo(2 / Math.sqrt(6), 12);
  });

  it("item-cosine --customer excludes the customer's own items", async () => {
    const out = jsonOf<Items>(await runCli([...base, "--customer", "c1", "--k", "5", "--json"]));
    expect(out.items.map((i) => i.item)).toEqual(["C"]);
  });

  it("als --customer returns k unseen items", async () => {
    const out = jsonOf<Items>(
      await runCli([...base, "--method", "als", "--customer", "c3", "--k", "2", "--factors", "2", "--json"]),
    );
    expect(out.items).toHaveLength(2);
    for (const i of out.items) expect(["A", "C"]).not.toContain(i.item);
  });

  it("--evaluate reports HitRate and MAP for item-cosine, als and popularity", async () => {
    const r = await runCli([...base, "--evaluate", "--time-col", "ts", "--factors", "2", "--json"]);
    expect(r.code).toBe(0);
    const ev = jsonOf<{ evaluation: { customers: number; k: number; methods: { method: string }[] } }>(r).evaluation;
    // c1 (B held out), c2 (C), c3 (C) qualify; c4 has one purchase.
    expect(ev.customers).toBe(3);
    expect(ev.k).toBe(10);
    expect(ev.methods.map((m) => m.method)).toEqual(["item-cosine", "als", "popularity"]);
  });

  it("names unknown items and customers", async () => {
    const r = await runCli([...base, "--similar-to", "Z"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no purchases of item "Z" \(--similar-to\)/);
    const r2 = await runCli([...base, "--evaluate"]);
    expect(r2.stderr).toMatch(/--evaluate needs --time-col/);
  });
});
