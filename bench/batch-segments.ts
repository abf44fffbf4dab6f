import type { Condition } from "../src/model/index.js";

/** The benchmark mix: 100 segments over the generated data (every node kind, realistic proportions). */
export function benchSegments(): Condition[] {
  const events = ["Page Viewed", "Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Signed Up"];
  const windows = ["7d", "30d", "90d"];
  const plans = ["free", "pro", "team"];
  const out: Condition[] = [];
  for (let i = 0; out.length < 100; i++) {
    const e = events[i % events.length]!;
    const w = windows[i % windows.length]!;
    const plan = plans[i % plans.length]!;
    switch (i % 10) {
      case 0:
        out.push({ performed: e, within: w, count: { op: "gte", value: 1 + (i % 4) } });
        break;
      case 1:
        out.push({
          all: [
            {
              performed: "Order Completed",
              where: [{ property: "revenue", op: "gt", value: 50 + i }],
              within: w,
              count: { op: "gte", value: 2 },
            },
            { trait: "plan", op: "eq", value: plan },
          ],
        });
        break;
      case 2:
        out.push({
          performed: "Order Completed",
          within: w,
          agg: { fn: "sum", property: "revenue", op: "gte", value: 200 + 10 * i },
        });
        break;
      case 3:
        out.push({
          any: [
            { trait: "age", op: "between", value: [18 + (i % 20), 40 + (i % 20)] },
            { trait: "country", op: "in", value: ["DE", "FR"] },
          ],
        });
        break;
      case 4:
        out.push({ last: "Order Completed", olderThan: w });
        break;
      case 5:
        out.push({ did: "Product Added", thenNot: "Order Completed", for: ["1h", "1d", "3d"][i % 3]!, within: "30d" });
        break;
      case 6:
        out.push({ all: [{ first: "Signed Up", within: w }, { not: { performed: "Order Completed", within: w } }] });
        break;
      case 7:
        out.push({ trait: "ltv", op: i % 20 === 7 ? "topPercent" : "bottomPercent", value: 5 + (i % 4) * 5 });
        break;
      case 8:
        out.push(
          i % 30 === 8
            ? { sequence: ["Product Viewed", "Product Added", "Checkout Started"], within: "1d", lookback: "30d" }
            : {
                all: [
                  { bucket: { salt: i % 20 === 18 ? "exp-a" : "exp-b", from: (i % 4) * 25, to: (i % 4) * 25 + 25 } },
                  { performed: e, within: w },
                ],
              },
        );
        break;
      default:
        out.push({
          all: [
            { trait: "plan", op: "neq", value: plan },
            { performed: "Page Viewed", where: [{ property: "sku", op: "in", value: ["s1", "s2", "s3"] }], within: w },
            { not: { trait: "country", op: "eq", value: "US" } },
          ],
        });
    }
  }
  return out;
}
