import { type PurchaseMatrix, type ScoredItem, topItems } from "./purchase-matrix.js";

/**
 * Item-to-item cosine similarity on the binary customer × item matrix: |Cᵢ ∩ Cⱼ| / √(|Cᵢ| |Cⱼ|), where Cᵢ is the
 * set of customers who bought item i. Co-occurrences are counted by walking item i's customers and their items.
 */
export function itemCosineRow(m: PurchaseMatrix, item: number, out = new Float64Array(m.items.length)): Float64Array {
  out.fill(0);
  for (let k = m.itemPtr[item]!; k < m.itemPtr[item + 1]!; k++) {
    const u = m.custIdx[k]!;
    for (let q = m.custPtr[u]!; q < m.custPtr[u + 1]!; q++) out[m.itemIdx[q]!] = out[m.itemIdx[q]!]! + 1;
  }
  const degI = m.itemPtr[item + 1]! - m.itemPtr[item]!;
  for (let j = 0; j < out.length; j++) {
    if (out[j] === 0) continue;
    out[j] = out[j]! / Math.sqrt(degI * (m.itemPtr[j + 1]! - m.itemPtr[j]!));
  }
  return out;
}

/** The k items most similar to `item` (itself excluded; only items bought together with it). */
export function similarItemsCosine(m: PurchaseMatrix, item: number, k: number): ScoredItem[] {
  const exclude = new Uint8Array(m.items.length);
  exclude[item] = 1;
  return topItems(m, itemCosineRow(m, item), k, exclude, true);
}

/**
 * Item-based recommendations for a customer: score(j) = Σ over the customer's items i of cos(i, j); the
 * customer's own items are excluded.
 */
export function recommendItemCosine(m: PurchaseMatrix, customer: number, k: number): ScoredItem[] {
  const scores = new Float64Array(m.items.length);
  const row = new Float64Array(m.items.length);
  const exclude = new Uint8Array(m.items.length);
  for (let q = m.custPtr[customer]!; q < m.custPtr[customer + 1]!; q++) {
    const i = m.itemIdx[q]!;
    exclude[i] = 1;
    itemCosineRow(m, i, row);
    for (let j = 0; j < row.length; j++) scores[j] = scores[j]! + row[j]!;
  }
  return topItems(m, scores, k, exclude, true);
}

/** Popularity baseline: items by number of distinct buyers, the customer's own items excluded. */
export function recommendPopular(m: PurchaseMatrix, customer: number, k: number): ScoredItem[] {
  const scores = new Float64Array(m.items.length);
  for (let i = 0; i < scores.length; i++) scores[i] = m.itemPtr[i + 1]! - m.itemPtr[i]!;
  const exclude = new Uint8Array(m.items.length);
  for (let q = m.custPtr[customer]!; q < m.custPtr[customer + 1]!; q++) exclude[m.itemIdx[q]!] = 1;
  return topItems(m, scores, k, exclude, true);
}
