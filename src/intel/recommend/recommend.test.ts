import { describe, expect, it } from "vitest";
import { SeededRandom } from "../math/seeded-random.js";
import { als, recommendAls, similarItemsAls } from "./implicit-als.js";
import { recommendItemCosine, recommendPopular, similarItemsCosine } from "./item-cosine.js";
import { buildPurchaseMatrix } from "./purchase-matrix.js";
import { evaluateRecommenders } from "./recommend-evaluation.js";

const pairs = (rows: [string, string][]) => rows.map(([customer, item]) => ({ customer, item }));

describe("item-cosine", () => {
  // Buyers: A {c1, c2, c3}, B {c1, c2}, C {c2, c3}, D {c4}; c1 bought B twice (binary matrix: counts ignored).
  const m = buildPurchaseMatrix(
    pairs([
      ["c1", "A"],
      ["c1", "B"],
      ["c1", "B"],
      ["c2", "A"],
      ["c2", "B"],
      ["c2", "C"],
      ["c3", "A"],
      ["c3", "C"],
      ["c4", "D"],
    ]),
  );
  const item = (id: string) => m.items.indexOf(id);
  const cust = (id: string) => m.customers.indexOf(id);

  it("similar-to: |Cᵢ∩Cⱼ|/√(|Cᵢ||Cⱼ|), ties by item id, the item itself and unrelated items left out", () => {
    // cos(A,B) = cos(A,C) = 2/√6; cos(A,D) = 0.
    expect(similarItemsCosine(m, item("A"), 10)).toEqual([
      { item: "B", score: 2 / Math.sqrt(6) },
      { item: "C", score: 2 / Math.sqrt(6) },
    ]);
    // cos(B,A) = 2/√6, cos(B,C) = 1/√4.
    const b = similarItemsCosine(m, item("B"), 10);
    expect(b.map((s) => s.item)).toEqual(["A", "C"]);
    expect(b[1]!.score).toBeCloseTo(0.5, 15);
    expect(similarItemsCosine(m, item("A"), 1)).toHaveLength(1);
  });

  it("for a customer: Σ of similarities to the customer's items, own items excluded", () => {
    const r = recommendItemCosine(m, cust("c1"), 10);
    expect(r.map((s) => s.item)).toEqual(["C"]);
    expect(r[0]!.score).toBeCloseTo(2 / Math.sqrt(6) + 0.5, 14);
    expect(recommendItemCosine(m, cust("c4"), 10)).toEqual([]);
  });

  it("popularity ranks by distinct buyers, own items excluded", () => {
    expect(recommendPopular(m, cust("c4"), 3).map((s) => [s.item, s.score])).toEqual([
      ["A", 3],
      ["B", 2],
      ["C", 2],
    ]);
  });

  it("orders numeric item ids numerically", () => {
    const n = buildPurchaseMatrix(
      pairs([
        ["u", "10"],
        ["u", "9"],
        ["u", "100"],
      ]),
    );
    expect(n.items).toEqual(["9", "10", "100"]);
  });
});

/** Two disjoint groups: customers of group g buy 3 random items among the 6 of their group. */
function blocks(seed: number, perGroup: number) {
  const rng = new SeededRandom(seed);
  const rows: { customer: string; item: string; at: number }[] = [];
  for (const g of ["a", "b"]) {
    for (let c = 0; c < perGroup; c++) {
      const items = rng.shuffle([0, 1, 2, 3, 4, 5]).slice(0, 3);
      items.forEach((it, k) => {
        rows.push({ customer: `${g}${c}`, item: `${g}-item${it}`, at: k });
      });
    }
  }
  return rows;
}

describe("implicit ALS", () => {
  it("learns the block structure: recommendations and similar items stay in the customer's group", () => {
    const rows = blocks(1, 40);
    const m = buildPurchaseMatrix(rows);
    // Rank-2 data: two factors (more would let the model memorise each customer and blur the groups).
    const model = als(m, { factors: 2, iterations: 10, seed: 3 });
    for (const c of ["a0", "a7", "b3", "b11"]) {
      const recs = recommendAls(m, model, m.customers.indexOf(c), 3);
      expect(recs).toHaveLength(3);
      for (const r of recs) expect(r.item[0]).toBe(c[0]);
    }
    const sim = similarItemsAls(m, model, m.items.indexOf("a-item0"), 5);
    expect(sim.map((s) => s.item).sort()).toEqual(["a-item1", "a-item2", "a-item3", "a-item4", "a-item5"]);
  });

  it("is deterministic for a seed", () => {
    const m = buildPurchaseMatrix(blocks(2, 10));
    expect(als(m, { factors: 4, iterations: 3, seed: 9 })).toEqual(als(m, { factors: 4, iterations: 3, seed: 9 }));
  });
});

describe("evaluateRecommenders (leave last out)", () => {
  it("holds out each customer's last purchase; collaborative methods beat popularity on block data", () => {
    const rows = blocks(5, 60);
    const ev = evaluateRecommenders(rows, 2, { factors: 2, iterations: 10, seed: 1 });
    expect(ev.customers).toBe(120);
    const by = Object.fromEntries(ev.methods.map((m) => [m.method, m]));
    for (const m of ev.methods) {
      expect(m.map).toBeLessThanOrEqual(m.hitRate);
      expect(m.map).toBeGreaterThanOrEqual(m.hitRate / 2);
    }
    expect(by["item-cosine"]!.hitRate).toBeGreaterThan(by["popularity"]!.hitRate + 0.2);
    expect(by["als"]!.hitRate).toBeGreaterThan(by["popularity"]!.hitRate + 0.2);
  });

  it("skips customers with one purchase or whose last item is a repeat", () => {
    const ev = evaluateRecommenders(
      [
        { customer: "x", item: "A", at: 1 },
        { customer: "y", item: "A", at: 1 },
        { customer: "y", item: "A", at: 2 },
        { customer: "z", item: "A", at: 1 },
        { customer: "z", item: "B", at: 2 },
      ],
      10,
      { factors: 2, iterations: 2 },
    );
    expect(ev.customers).toBe(1);
  });
});
