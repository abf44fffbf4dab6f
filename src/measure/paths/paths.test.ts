import { describe, expect, it } from "vitest";
import { customerSequences, type PathEvent } from "./customer-sequences.js";
import { funnel, funnelReach } from "./funnel.js";
import { sankey } from "./sankey.js";
import { topPaths } from "./top-paths.js";

const h = 3_600_000;
const ev = (customer: string, hour: number, event: string): PathEvent => ({ customer, time: hour * h, event });

const events = [
  ev("a", 0, "Home"),
  ev("a", 1, "Product"),
  ev("a", 2, "Checkout"),
  ev("b", 0, "Home"),
  ev("b", 30, "Product"), // outside a 24 h window from Home
  ev("c", 5, "Product"),
  ev("c", 0, "Home"), // out of input order: sorted by time
  ev("d", 0, "Product"),
  ev("d", 1, "Home"),
  ev("e", 0, "Home"),
  ev("e", 100, "Home"),
  ev("e", 110, "Product"),
  ev("e", 120, "Checkout"),
];
const seqs = customerSequences(events);

describe("paths", () => {
  it("top paths count whole histories in time order", () => {
    const top = topPaths(seqs, 2);
    expect(top[0]).toEqual({ path: ["Home", "Product"], count: 2, share: 2 / 5 });
    expect(top).toHaveLength(2);
    expect(top[1]!.count).toBe(1);
  });

  it("funnel: strict order, window from the first step, the best start wins", () => {
    const f = funnel(seqs, ["Home", "Product", "Checkout"], 24 * h);
    // a: all three (1 h, 2 h); b: Product after 30 h is out of window; c: Home → Product at 5 h;
    // d: Product before Home does not count; e: the second Home (100 h) reaches Checkout at +20 h.
    expect(f.map((s) => s.count)).toEqual([5, 3, 2]);
    expect(f[1]!.conversion).toBeCloseTo(0.6, 15);
    expect(f[2]!.dropOff).toBeCloseTo(1 / 3, 15);
    expect(f[0]!.medianTimeToConvertMs).toBeNull();
    expect(f[1]!.medianTimeToConvertMs).toBe(5 * h); // median of 1, 5, 10 h
    expect(f[2]!.medianTimeToConvertMs).toBe(11 * h); // median of 2 h and 20 h
    expect(funnelReach(seqs.find((s) => s.customer === "b")!, ["Home", "Product"], 24 * h)).toEqual([0]);
  });

  it("sankey has step-indexed nodes and links between consecutive steps", () => {
    const s = sankey(seqs, 2);
    expect(s.nodes.map((n) => n.name)).toEqual(["1:Home", "1:Product", "2:Home", "2:Product"]);
    expect(s.links[0]).toEqual({ source: "1:Home", target: "2:Product", value: 3 });
    expect(s.links).toContainEqual({ source: "1:Product", target: "2:Home", value: 1 });
    expect(s.links).toContainEqual({ source: "1:Home", target: "2:Home", value: 1 });
  });
});
