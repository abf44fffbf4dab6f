import { describe, expect, it } from "vitest";
import { parseInstant } from "../../model/index.js";
import { rfmTable } from "./rfm-table.js";

const at = (d: string) => parseInstant(d)!;

describe("rfmTable", () => {
  const purchases = [
    { customer: "1", at: at("2024-01-01"), amount: 10, order: "o1" },
    { customer: "1", at: at("2024-01-01T18:00:00Z"), amount: 5, order: "o1" },
    { customer: "1", at: at("2024-02-10"), amount: 20, order: "o2" },
    { customer: "2", at: at("2024-01-15"), amount: 7, order: "o3" },
    { customer: "3", at: at("2024-03-01"), amount: 100, order: "o4" },
    { customer: "3", at: at("2024-03-02T10:00:00Z"), amount: 50, order: "o5" },
    { customer: "4", at: at("2024-03-05T23:59:00Z"), amount: 1, order: "o6" },
  ];

  it("defaults the snapshot to the day after the last purchase and counts whole days", () => {
    const t = rfmTable(purchases);
    expect(new Date(t.snapshot).toISOString()).toBe("2024-03-06T00:00:00.000Z");
    expect(t.customers.map((c) => [c.id, c.recency, c.frequency, c.monetary])).toEqual([
      ["1", 25, 2, 35],
      ["2", 51, 1, 7],
      ["3", 4, 2, 150],
      ["4", 1, 1, 1],
    ]);
    // n = 4 → bins by rank 1,2,4,5. Recency ranks: 4,3,1,2 → reversed R. Frequency ties broken by id.
    expect(t.customers.map((c) => c.score)).toEqual(["244", "112", "455", "521"]);
    expect(t.segments.reduce((s, x) => s + x.count, 0)).toBe(4);
  });

  it("counts rows without orders and honours an explicit snapshot", () => {
    const rows = purchases.map(({ order: _order, ...p }) => p);
    const t = rfmTable(rows, at("2024-04-01"));
    expect(t.customers.map((c) => c.frequency)).toEqual([3, 1, 2, 1]);
    expect(t.customers.map((c) => c.recency)).toEqual([51, 77, 30, 27]);
  });

  it("is as of an earlier snapshot: later purchases are ignored", () => {
    const t = rfmTable(purchases, at("2024-02-10"));
    expect(t.customers.map((c) => [c.id, c.recency, c.frequency, c.monetary])).toEqual([
      ["1", 0, 2, 35],
      ["2", 26, 1, 7],
    ]);
    expect(() => rfmTable(purchases, at("2023-12-31"))).toThrow(/no purchases on or before/);
  });
});
