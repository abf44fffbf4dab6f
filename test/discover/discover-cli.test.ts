import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-discover-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// scikit-learn's KMeans docstring points, with ids.
const six = file("six.csv", "id,x,y\na,1,2\nb,1,4\nc,1,0\nd,10,2\ne,10,4\nf,10,0\n");

describe("tessera cluster", () => {
  it("--k with first-k: the hand-derived local minimum, metrics, names and a labels file", async () => {
    const out = join(dir, "labels.csv");
    const r = await runCli([
      "cluster",
      six,
      "--features",
      "x,y",
      "--k",
      "2",
      "--init",
      "first-k",
      "--id-col",
      "id",
      "--labels",
      out,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const j = jsonOf<Record<string, unknown>>(r);
    expect(j).toMatchObject({ method: "kmeans", k: 2, inertia: 125.5, iterations: 2, sizes: [4, 2] });
    expect(j["centers"]).toEqual([
      [5.5, 1],
      [5.5, 4],
    ]);
    expect(j["centersOriginal"]).toEqual(j["centers"]);
    expect(j["names"]).toEqual(["Low y", "High y"]);
    for (const key of ["silhouette", "daviesBouldin", "calinskiHarabasz"]) expect(typeof j[key]).toBe("number");
    expect((j["timing"] as { fitMs: number }).fitMs).toBeGreaterThanOrEqual(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,label,name,pc1,pc2");
    expect(lines[1]!.startsWith("a,0,Low y,")).toBe(true);
    expect(lines).toHaveLength(7);
  });

  it("--k with k-means++ finds scikit-learn's documented centres, in original units after zscore", async () => {
    const r = await runCli([
      "cluster",
      six,
      "--features",
      "x,y",
      "--k",
      "2",
      "--transform",
      "zscore",
      "--seed",
      "3",
      "--json",
    ]);
    const j = jsonOf<{ inertia: number; centersOriginal: number[][]; silhouette: number }>(r);
    const centres = j.centersOriginal.map((c) => c.map((v) => Math.round(v * 1e9) / 1e9)).sort((a, b) => a[0]! - b[0]!);
    expect(centres).toEqual([
      [1, 2],
      [10, 2],
    ]);
    // zscore: x has population sd 4.5, y has sd √(8/3). Within clusters only y varies: Σ (y − 2)² = 2 × (0 + 4 + 4)
    // = 16 in original units, so inertia in z-units = 16 / (8/3) = 6.
    expect(j.inertia).toBeCloseTo(6, 12);
  });

  it("--k-range returns per-k metrics (null silhouette at k = 1) and recommendations", async () => {
    const r = await runCli(["cluster", six, "--features", "x,y", "--k-range", "1..4", "--json"]);
    const j = jsonOf<{ results: Array<Record<string, unknown>>; recommended: Record<string, unknown> }>(r);
    expect(j.results.map((x) => x["k"])).toEqual([1, 2, 3, 4]);
    expect(j.results[0]).toMatchObject({ k: 1, silhouette: null, daviesBouldin: null, calinskiHarabasz: null });
    // k = 1 inertia is the total sum of squares: x: 6 × 4.5² = 121.5; y: 2 × (2² + 2²) = 16.
    expect(j.results[0]!["inertia"]).toBeCloseTo(137.5, 12);
    expect(j.results[1]!["inertia"]).toBeCloseTo(16, 12);
    // k = 2: B = 6 × 4.5² = 121.5, W = 16 → CH = 121.5 / (16 / 4) = 30.375; S = 4/3 per cluster, centroid distance
    // 9 → DB = (8/3) / 9.
    expect(j.results[1]!["calinskiHarabasz"]).toBeCloseTo(30.375, 12);
    expect(j.results[1]!["daviesBouldin"]).toBeCloseTo(8 / 27, 12);
    expect(j.recommended).toEqual({ elbow: 2, silhouette: 2 });
  });

  it("--method ward --dendrogram prints scipy-convention linkage rows and the cophenetic correlation", async () => {
    const pts = file("oned.csv", "v\n1\n2\n4\n7\n11\n");
    const r = await runCli([
      "cluster",
      pts,
      "--features",
      "v",
      "--method",
      "ward",
      "--k",
      "2",
      "--dendrogram",
      "--json",
    ]);
    const j = jsonOf<{ linkage: number[][]; sizes: number[]; copheneticCorrelation: number; inertia: number }>(r);
    expect(j.linkage.map((row) => [row[0], row[1], row[3]])).toEqual([
      [0, 1, 2],
      [2, 5, 3],
      [3, 4, 2],
      [6, 7, 5],
    ]);
    expect(j.linkage[3]![2]).toBeCloseTo((Math.sqrt(2.4) * 20) / 3, 12);
    expect(j.sizes).toEqual([3, 2]);
    // {1,2,4}: mean 7/3, SS = (16 + 1 + 25)/9 = 14/3; {7,11}: SS = 2² + 2² = 8.
    expect(j.inertia).toBeCloseTo(14 / 3 + 8, 12);
    expect(j.copheneticCorrelation).toBeGreaterThan(0);
  });

  it("names the file, line and column of a bad number, and the flag of a bad option", async () => {
    const bad = file("bad.csv", "x,y\n1,2\n3,oops\n");
    const neg = file("neg.csv", "x\n1\n-2\n");
    // Independent processes: run them side by side.
    const [r, r2, r3, r4, r5] = await Promise.all([
      runCli(["cluster", bad, "--features", "x,y", "--k", "1", "--json"]),
      runCli(["cluster", six, "--features", "x,nope", "--k", "2"]),
      runCli(["cluster", six, "--features", "x,y", "--k", "9"]),
      runCli(["cluster", six, "--features", "x,y"]),
      runCli(["cluster", neg, "--features", "x", "--k", "1", "--transform", "log1p"]),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: column "y" is not a number`);
    expect(r2.stderr).toContain('no column "nope" (from --features)');
    expect(r3.stderr).toContain("--k must be in 1..6");
    expect(r4.stderr).toContain("exactly one of --k");
    expect(r5.stderr).toContain(`${neg}:3: column "x": log1p needs values > -1`);
    for (const res of [r2, r3, r4, r5]) {
      expect(res.code).toBe(1);
      expect(res.stderr).not.toContain("    at ");
    }
  });
});

describe("tessera attributes / sentiment / nps", () => {
  it("attributes ranks columns by power with the positive class inferred from 0/1", async () => {
    const f = file(
      "churn.csv",
      "id,plan,spend,churned\n1,free,10,1\n2,free,20,1\n3,pro,90,0\n4,pro,80,0\n5,free,70,1\n6,pro,15,0\n",
    );
    const [r, r2] = await Promise.all([
      runCli(["attributes", f, "--target", "churned", "--id-col", "id", "--json"]),
      runCli(["attributes", f, "--target", "churned", "--positive", "7"]),
    ]);
    const j = jsonOf<{ attributes: Array<Record<string, unknown>> }>(r);
    expect(j.attributes.map((a) => a["name"])).toEqual(["plan", "spend"]);
    expect(j.attributes[0]).toMatchObject({ kind: "categorical", measure: "cramers_v", power: 1 });
    // spend: positives 10, 20, 70 vs negatives 90, 80, 15: wins 2 of 9 → AUC 2/9, power |2/9 − ½|·2 = 5/9.
    expect(j.attributes[1]!["value"] as number).toBeCloseTo(2 / 9, 12);
    expect(j.attributes[1]!["power"] as number).toBeCloseTo(5 / 9, 12);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('--positive "7" never occurs');
  });

  it("sentiment scores each row with ids and a summary", async () => {
    const f = file("reviews.csv", 'id,text\nr1,"Great app, love it"\nr2,not good at all\nr3,arrived today\n');
    const j = jsonOf<{ rows: Array<Record<string, unknown>>; summary: Record<string, unknown> }>(
      await runCli(["sentiment", f, "--text-col", "text", "--id-col", "id", "--json"]),
    );
    expect(j.rows).toEqual([
      { id: "r1", score: 7, comparative: 7 / 4, label: "positive" },
      { id: "r2", score: -3, comparative: -3 / 4, label: "negative" },
      { id: "r3", score: 0, comparative: 0, label: "neutral" },
    ]);
    expect(j.summary).toMatchObject({ count: 3, positive: 1, negative: 1, neutral: 1 });
  });

  it("nps counts groups, skips blank scores and rejects a bad one by line", async () => {
    const f = file("nps.csv", "score,why\n10,great support\n9,great price\n7,fine\n3,slow support\n,\n");
    const bad = file("nps-bad.csv", "score\n10\n11\n");
    const [ok, r] = await Promise.all([
      runCli(["nps", f, "--score-col", "score", "--text-col", "why", "--json"]),
      runCli(["nps", bad, "--score-col", "score", "--json"]),
    ]);
    const j = jsonOf<Record<string, unknown>>(ok);
    expect(j).toMatchObject({ responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25, skipped: 1 });
    expect((j["terms"] as Record<string, unknown[]>)["promoters"]![0]).toEqual({ term: "great", count: 2 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: column "score" must be an integer 0..10`);
  });
});
