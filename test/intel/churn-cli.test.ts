import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/intel/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-churn-"));
const file = join(dir, "customers.csv");
const rng = new SeededRandom(12);
const lines = ["customer,tenure,plan,tickets,churned"];
for (let i = 0; i < 300; i++) {
  const tenure = Math.round(rng.next() * 48);
  const plan = ["basic", "pro", "team"][rng.int(3)]!;
  const tickets = rng.int(6);
  const z = 1.5 - tenure / 12 + (plan === "basic" ? 1 : 0) + 0.2 * tickets;
  const churned = rng.next() < 1 / (1 + Math.exp(-z)) ? "yes" : "no";
  lines.push(`u${i},${i === 7 || i === 19 ? "" : tenure},${plan},${tickets},${churned}`);
}
writeFileSync(file, lines.join("\n"));

describe("tessera churn", () => {
  it("train: cross-validated AUC and log-loss per model, one-hot features, importance, blank warnings", async () => {
    const model = join(dir, "model.json");
    const r = await runCli([
      "churn",
      "train",
      file,
      "--target",
      "churned",
      "--positive",
      "yes",
      "--id-col",
      "customer",
      "--folds",
      "4",
      "--seed",
      "3",
      "--trees",
      "30",
      "--save",
      model,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<{
      rows: number;
      features: number;
      featureNames: string[];
      models: { name: string; auc: { mean: number; folds: number[] }; logLoss: number }[];
      importance: { feature: string; importance: number }[];
    }>(r);
    expect(out.rows).toBe(300);
    expect(out.features).toBe(4);
    expect(out.featureNames).toEqual(["tenure", "plan=pro", "plan=team", "tickets"]);
    expect(out.models.map((m) => m.name)).toEqual(["logistic", "gbt"]);
    for (const m of out.models) {
      expect(m.auc.folds).toHaveLength(4);
      expect(m.auc.mean).toBeGreaterThan(0.7);
    }
    expect(out.importance[0]!.feature).toBe("tenure");
    // Data lines 9 and 21 (rows 7 and 19 after the header) have a blank tenure.
    expect(r.stderr).toMatch(/blank numeric cells in column "tenure" read as 0 at lines 9, 21/);
    expect(existsSync(model)).toBe(true);

    const s = await runCli(["churn", "score", model, file, "--json"]);
    expect(s.code).toBe(0);
    const scores = jsonOf<{ scores: { id: string; score: number }[] }>(s).scores;
    expect(scores).toHaveLength(300);
    expect(scores[0]!.id).toBe("u0");
    for (const x of scores) expect(x.score).toBeGreaterThanOrEqual(0);
    for (const x of scores) expect(x.score).toBeLessThanOrEqual(1);
  });

  it("names the flag when the target column is missing and rejects an unknown model", async () => {
    const r = await runCli(["churn", "train", file, "--target", "churn", "--positive", "yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no column "churn" \(from --target\)/);
    const r2 = await runCli(["churn", "train", file, "--target", "churned", "--positive", "yes", "--model", "svm"]);
    expect(r2.stderr).toMatch(/--model must be logistic, gbt or all/);
  });
});
