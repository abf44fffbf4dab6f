import { describe, expect, it } from "vitest";
import { parseInstant } from "../../model/index.js";
import { summarizeTransactions } from "./transaction-summary.js";

const at = (d: string) => parseInstant(d)!;

describe("summarizeTransactions", () => {
  const purchases = [
    { customer: "A", at: at("2024-01-01T09:00:00Z"), amount: 10 },
    { customer: "A", at: at("2024-01-01T17:30:00Z"), amount: 5 },
    { customer: "A", at: at("2024-01-08"), amount: 20 },
    { customer: "A", at: at("2024-01-22"), amount: 30 },
    { customer: "A", at: at("2024-02-05"), amount: 99 },
    { customer: "B", at: at("2024-01-15"), amount: 7 },
    { customer: "C", at: at("2024-02-01"), amount: 1 },
  ];

  it("merges same-day purchases, ignores what follows the calibration end, counts from the first purchase", () => {
    const s = summarizeTransactions(purchases, at("2024-01-29"), "week");
    expect(s.ids).toEqual(["A", "B"]);
    // A: purchase days Jan 1 (15), Jan 8 (20), Jan 22 (30): x = 2, tₓ = 21 d = 3 w, T = 28 d = 4 w, m = (20+30)/2.
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([3, 0]);
    expect(Array.from(s.T)).toEqual([4, 2]);
    expect(Array.from(s.monetary)).toEqual([25, 0]);
  });

  it("reports days with --unit day, and includes purchases on the calibration-end day", () => {
    const s = summarizeTransactions(purchases, at("2024-02-05T12:00:00Z"), "day");
    expect(s.ids).toEqual(["A", "B", "C"]);
    expect(Array.from(s.frequency)).toEqual([3, 0, 0]);
    expect(Array.from(s.recency)).toEqual([35, 0, 0]);
    expect(Array.from(s.T)).toEqual([35, 21, 4]);
    expect(s.monetary[0]).toBeCloseTo((20 + 30 + 99) / 3, 12);
  });
});
