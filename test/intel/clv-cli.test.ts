import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateCustomers } from "../../src/intel/clv/simulate-customers.js";
import { fitBgNbd, fitGammaGamma, predictClv } from "../../src/intel/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-clv-"));
const sim = simulateCustomers(800, { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, 31, {
  minT: 20,
  maxT: 39,
  spend: { p: 6, q: 4, v: 15 },
});
const summaryFile = join(dir, "summary.csv");
writeFileSync(
  summaryFile,
  [
    "customer_id,frequency,recency,T,monetary_value",
    ...Array.from(sim.frequency, (x, i) => `c${i},${x},${sim.recency[i]},${sim.T[i]},${sim.monetary[i]}`),
  ].join("\n"),
);

interface FitOut {
  customers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma?: { p: number; q: number; v: number; logLikelihood: number };
}

describe("tessera clv", () => {
  it("fit --summary equals the library fit (BG/NBD and Gamma-Gamma)", async () => {
    const r = await runCli(["clv", "fit", "--summary", summaryFile, "--json"]);
    expect(r.code).toBe(0);
    const out = jsonOf<FitOut>(r);
    const bg = fitBgNbd(sim);
    const gg = fitGammaGamma(sim.frequency, sim.monetary);
    expect(out.customers).toBe(800);
    expect(out.bgnbd.r).toBeCloseTo(bg.r, 8);
    expect(out.bgnbd.alpha).toBeCloseTo(bg.alpha, 7);
    expect(out.bgnbd.logLikelihood).toBeCloseTo(bg.logLikelihood, 6);
    expect(out.gammaGamma!.p).toBeCloseTo(gg.p, 6);
    expect(out.gammaGamma!.logLikelihood).toBeCloseTo(gg.logLikelihood, 6);
  });

  it("predict gives per-customer P(alive), purchases, value and CLV over the horizon", async () => {
    const r = await runCli([
      "clv",
      "predict",
      "--summary",
      summaryFile,
      "--horizon-months",
      "6",
      "--discount-monthly",
      "0.02",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<{
      customers: { id: string; pAlive: number; expectedPurchases: number; expectedAvgValue: number; clv: number }[];
    }>(r);
    expect(out.customers).toHaveLength(800);
    const expected = predictClv(fitBgNbd(sim), fitGammaGamma(sim.frequency, sim.monetary), sim, {
      horizonMonths: 6,
      discountMonthly: 0.02,
      unitsPerMonth: 365.25 / 12 / 7,
    });
    expect(out.customers[5]!.id).toBe("c5");
    for (const i of [0, 5, 17, 799]) {
      expect(out.customers[i]!.pAlive).toBeCloseTo(expected[i]!.pAlive, 8);
      expect(out.customers[i]!.clv).toBeCloseTo(expected[i]!.clv!, 6);
    }
  });

  it("fit --transactions builds the calibration summary (same-day merged) and fits without monetary", async () => {
    const tx = join(dir, "tx.csv");
    const lines = ["cust,day"];
    // 30 customers with 1–4 weekly purchases starting on different days, two rows on one day for c0.
    for (let c = 0; c < 30; c++)
      for (let k = 0; k <= c % 4; k++) lines.push(`c${c},2024-01-${String(1 + (c % 9) + 7 * k).padStart(2, "0")}`);
    lines.push("c0,2024-01-01");
    writeFileSync(tx, lines.join("\n"));
    const r = await runCli([
      "clv",
      "fit",
      "--transactions",
      tx,
      "--customer-col",
      "cust",
      "--time-col",
      "day",
      "--calibration-end",
      "2024-02-15",
      "--unit",
      "day",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<FitOut>(r);
    expect(out.customers).toBe(30);
    expect(out.gammaGamma).toBeUndefined();
    expect(Number.isFinite(out.bgnbd.logLikelihood)).toBe(true);
  });

  it("rejects ambiguous input with a message naming the flags", async () => {
    const r = await runCli(["clv", "fit", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exactly one of --summary FILE or --transactions FILE/);
    expect(jsonOf<{ error: { code: string } }>(r).error.code).toBe("bad_flag");
  });
});
