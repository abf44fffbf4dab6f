import { type AlsOptions, als, recommendAls } from "./implicit-als.js";
import { recommendItemCosine, recommendPopular } from "./item-cosine.js";
import { buildPurchaseMatrix, type ScoredItem } from "./purchase-matrix.js";

export interface TimedPurchase {
  customer: string;
  item: string;
  at: number;
}

export interface MethodEvaluation {
  method: "item-cosine" | "als" | "popularity";
  hitRate: number;
  map: number;
}

export interface RecommendEvaluation {
  /** Customers whose last purchase was held out and scored. */
  customers: number;
  k: number;
  methods: MethodEvaluation[];
}

/**
 * Leave-last-out evaluation. For each customer, the latest purchase (ties: the later row) is held out when the
 * customer bought at least one other item before and had not bought the held-out item before (a repeat purchase
 * cannot be recommended since own items are excluded). Every other row trains the models. HitRate@k = share of
 * evaluated customers whose held-out item is in their top k; MAP@k = mean of 1/rank (0 when missed), the average
 * precision with one relevant item.
 */
export function evaluateRecommenders(
  purchases: readonly TimedPurchase[],
  k = 10,
  alsOptions: AlsOptions = {},
): RecommendEvaluation {
  const byCustomer = new Map<string, number[]>();
  purchases.forEach((p, i) => {
    const list = byCustomer.get(p.customer);
    if (list) list.push(i);
    else byCustomer.set(p.customer, [i]);
  });
  const heldOut = new Map<string, string>();
  const held = new Uint8Array(purchases.length);
  for (const [customer, rows] of byCustomer) {
    if (rows.length < 2) continue;
    let last = rows[0]!;
    for (const r of rows) if (purchases[r]!.at >= purchases[last]!.at) last = r;
    const item = purchases[last]!.item;
    if (rows.some((r) => r !== last && purchases[r]!.item === item)) continue;
    heldOut.set(customer, item);
    held[last] = 1;
  }
  const train = purchases.filter((_, i) => held[i] === 0);
  const m = buildPurchaseMatrix(train);
  const model = als(m, alsOptions);
  const methods: [MethodEvaluation["method"], (u: number) => ScoredItem[]][] = [
    ["item-cosine", (u) => recommendItemCosine(m, u, k)],
    ["als", (u) => recommendAls(m, model, u, k)],
    ["popularity", (u) => recommendPopular(m, u, k)],
  ];
  const custIndex = new Map(m.customers.map((c, i) => [c, i]));
  return {
    customers: heldOut.size,
    k,
    methods: methods.map(([method, recommend]) => {
      let hits = 0;
      let ap = 0;
      for (const [customer, item] of heldOut) {
        const list = recommend(custIndex.get(customer)!);
        const rank = list.findIndex((s) => s.item === item);
        if (rank >= 0) {
          hits++;
          ap += 1 / (rank + 1);
        }
      }
      const n = Math.max(1, heldOut.size);
      return { method, hitRate: hits / n, map: ap / n };
    }),
  };
}
