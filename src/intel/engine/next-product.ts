import type { Queryable } from "../../store/index.js";
import { itemCosineRow, recommendPopular } from "../recommend/item-cosine.js";
import { buildPurchaseMatrix, type PurchaseMatrix, type ScoredItem } from "../recommend/purchase-matrix.js";
import { loadProductPairs } from "./engine-data.js";

/** The purchase matrix as of asOf and a customer index, for per-profile and per-segment recommendations. */
export class ProductRecommender {
  private readonly index: Map<string, number>;
  /** cos(i, ·) per item, computed once: a refresh asks for every buyer, and items are few (hundreds). */
  private readonly rows: (Float64Array | undefined)[] = [];

  constructor(readonly matrix: PurchaseMatrix) {
    this.index = new Map(matrix.customers.map((c, i) => [c, i]));
  }

  static async load(db: Queryable, asOf: number): Promise<ProductRecommender | null> {
    const pairs = await loadProductPairs(db, asOf);
    return pairs.length ? new ProductRecommender(buildPurchaseMatrix(pairs)) : null;
  }

  has(profile: string): boolean {
    return this.index.has(profile);
  }

  /**
   * Item-cosine recommendations excluding what the profile bought; topped up with the most popular products it has
   * not bought when co-purchases run out. A profile without purchases gets the most popular products.
   */
  recommend(profile: string, k: number): (ScoredItem & { source: "cosine" | "popular" })[] {
    const u = this.index.get(profile);
    if (u === undefined) return this.popular(new Set(), k);
    const cos = this.cosine(u, k).map((s) => ({ ...s, source: "cosine" as const }));
    if (cos.length >= k) return cos;
    const seen = new Set(cos.map((s) => s.item));
    const extra = recommendPopular(this.matrix, u, k)
      .filter((s) => !seen.has(s.item))
      .slice(0, k - cos.length)
      .map((s) => ({ ...s, source: "popular" as const }));
    return [...cos, ...extra];
  }

  /**
   * recommendItemCosine with the item rows cached: the same sums in the same order (the customer's items in CSR
   * order), then the k best positive scores, ties by item index ascending, own items excluded.
   */
  private cosine(u: number, k: number): ScoredItem[] {
    const m = this.matrix;
    const n = m.items.length;
    const scores = new Float64Array(n);
    const exclude = new Uint8Array(n);
    for (let q = m.custPtr[u]!; q < m.custPtr[u + 1]!; q++) {
      const i = m.itemIdx[q]!;
      exclude[i] = 1;
      let row = this.rows[i];
      if (!row) {
        row = itemCosineRow(m, i);
        this.rows[i] = row;
      }
      for (let j = 0; j < n; j++) scores[j] = scores[j]! + row[j]!;
    }
    const top: number[] = [];
    for (let j = 0; j < n; j++) {
      const s = scores[j]!;
      if (exclude[j] || !(s > 0)) continue;
      if (top.length === k && s <= scores[top[k - 1]!]!) continue;
      let at = top.length;
      while (at > 0 && scores[top[at - 1]!]! < s) at--;
      top.splice(at, 0, j);
      if (top.length > k) top.pop();
    }
    return top.map((j) => ({ item: m.items[j]!, score: scores[j]! }));
  }

  private popular(exclude: Set<string>, k: number): (ScoredItem & { source: "popular" })[] {
    const m = this.matrix;
    const out = m.items.map((item, i) => ({
      item,
      score: m.itemPtr[i + 1]! - m.itemPtr[i]!,
      source: "popular" as const,
    }));
    return out
      .filter((s) => !exclude.has(s.item))
      .sort((a, b) => b.score - a.score || (a.item < b.item ? -1 : 1))
      .slice(0, k);
  }
}
