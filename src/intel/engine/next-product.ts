import type { Queryable } from "../../store/index.js";
import { recommendItemCosine, recommendPopular } from "../recommend/item-cosine.js";
import { buildPurchaseMatrix, type PurchaseMatrix, type ScoredItem } from "../recommend/purchase-matrix.js";
import { loadProductPairs } from "./engine-data.js";

/** The purchase matrix as of asOf and a customer index, for per-profile and per-segment recommendations. */
export class ProductRecommender {
  private readonly index: Map<string, number>;

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
    const cos = recommendItemCosine(this.matrix, u, k).map((s) => ({ ...s, source: "cosine" as const }));
    if (cos.length >= k) return cos;
    const seen = new Set(cos.map((s) => s.item));
    const extra = recommendPopular(this.matrix, u, k)
      .filter((s) => !seen.has(s.item))
      .slice(0, k - cos.length)
      .map((s) => ({ ...s, source: "popular" as const }));
    return [...cos, ...extra];
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
