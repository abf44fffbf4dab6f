import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-rfm-"));
const file = join(dir, "tx.csv");
writeFileSync(
  file,
  [
    "customer,date,amount,order",
    "1,2024-01-01,10,o1",
    "1,2024-01-01T18:00:00Z,5,o1",
    "1,2024-02-10,20,o2",
    "2,2024-01-15,7,o3",
    "3,20240301,100,o4",
    "3,2024-03-02T10:00:00Z,50,o5",
    "4,2024-03-05,1,o6",
  ].join("\n"),
);
const base = ["rfm", file, "--customer-col", "customer", "--time-col", "date", "--amount-col", "amount"];

describe("tessera rfm", () => {
  it("prints hand-checked scores and segment counts as JSON", async () => {
    const r = await runCli([...base, "--order-col", "order", "--json"]);
    expect(r.code).toBe(0);
    const out = jsonOf<{
      snapshot: string;
      customers: { id: string; recency: number; frequency: number; monetary: number; score: string }[];
      segments: { name: string; count: number }[];
    }>(r);
    expect(out.snapshot).toBe("2024-03-06");
    // Recency 25, 51, 4, 1 days; n = 4 → rank bins 1, 2, 4, 5 (pandas qcut of ranks), R reversed.
    expect(out.customers.map((c) => [c.id, c.recency, c.frequency, c.monetary, c.score])).toEqual([
      ["1", 25, 2, 35, "244"],
      ["2", 51, 1, 7, "112"],
      ["3", 4, 2, 150, "455"],
      ["4", 1, 1, 1, "521"],
    ]);
    const counts = Object.fromEntries(out.segments.map((s) => [s.name, s.count]));
    expect(counts).toMatchObject({ "At Risk": 1, Hibernating: 1, Loyal: 1, "Potential Loyalists": 1, Champions: 0 });
  });

  it("counts rows without --order-col and takes --snapshot", async () => {
    const out = jsonOf<{ snapshot: string; customers: { frequency: number; recency: number }[] }>(
      await runCli([...base, "--snapshot", "2024-04-01", "--json"]),
    );
    expect(out.snapshot).toBe("2024-04-01");
    expect(out.customers.map((c) => c.frequency)).toEqual([3, 1, 2, 1]);
    expect(out.customers.map((c) => c.recency)).toEqual([51, 77, 30, 27]);
  });

  it("names the flag for a missing column and the line for a bad time", async () => {
    const r = await runCli(["rfm", file, "--customer-col", "cust", "--time-col", "date", "--amount-col", "amount"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no column "cust" \(from --customer-col\)/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "customer,date,amount\n1,2024-01-01,3\n2,yesterday,4\n");
    const r2 = await runCli(["rfm", bad, "--customer-col", "customer", "--time-col", "date", "--amount-col", "amount"]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bad\.csv:3: column "date" is not a time/);
    expect(r2.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
