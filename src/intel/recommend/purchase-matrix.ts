import { idComparator } from "../math/id-order.js";

/**
 * The customer × item purchase matrix in both compressed layouts. Items are indexed in id order (idComparator)
 * so "ties by item id ascending" is "ties by index ascending" everywhere downstream.
 */
export interface PurchaseMatrix {
  customers: string[];
  items: string[];
  /** CSR by customer: items of customer u are itemIdx[custPtr[u] .. custPtr[u+1]), with purchase counts. */
  custPtr: Int32Array;
  itemIdx: Int32Array;
  count: Float64Array;
  /** CSC by item: customers of item i are custIdx[itemPtr[i] .. itemPtr[i+1]). */
  itemPtr: Int32Array;
  custIdx: Int32Array;
}

export function buildPurchaseMatrix(pairs: readonly { customer: string; item: string }[]): PurchaseMatrix {
  const custIndex = new Map<string, number>();
  const customers: string[] = [];
  const itemSet = new Set<string>();
  for (const p of pairs) {
    if (!custIndex.has(p.customer)) {
      custIndex.set(p.customer, customers.length);
      customers.push(p.customer);
    }
    itemSet.add(p.item);
  }
  const items = [...itemSet];
  items.sort(idComparator(items));
  const itemIndex = new Map(items.map((it, i) => [it, i]));
  const perCustomer: Map<number, number>[] = customers.map(() => new Map());
  for (const p of pairs) {
    const m = perCustomer[custIndex.get(p.customer)!]!;
    const i = itemIndex.get(p.item)!;
    m.set(i, (m.get(i) ?? 0) + 1);
  }
  const custPtr = new Int32Array(customers.length + 1);
  perCustomer.forEach((m, u) => {
    custPtr[u + 1] = custPtr[u]! + m.size;
  });
  const nnz = custPtr[customers.length]!;
  const itemIdx = new Int32Array(nnz);
  const count = new Float64Array(nnz);
  const itemDeg = new Int32Array(items.length);
  perCustomer.forEach((m, u) => {
    let k = custPtr[u]!;
    for (const [i, c] of [...m.entries()].sort((a, b) => a[0] - b[0])) {
      itemIdx[k] = i;
      count[k++] = c;
      itemDeg[i] = itemDeg[i]! + 1;
    }
  });
  const itemPtr = new Int32Array(items.length + 1);
  for (let i = 0; i < items.length; i++) itemPtr[i + 1] = itemPtr[i]! + itemDeg[i]!;
  const fill = itemPtr.slice(0, items.length);
  const custIdx = new Int32Array(nnz);
  for (let u = 0; u < customers.length; u++) {
    for (let k = custPtr[u]!; k < custPtr[u + 1]!; k++) {
      const i = itemIdx[k]!;
      custIdx[fill[i]!] = u;
      fill[i] = fill[i]! + 1;
    }
  }
  return { customers, items, custPtr, itemIdx, count, itemPtr, custIdx };
}

export interface ScoredItem {
  item: string;
  score: number;
}

/**
 * The k best items by score (descending, ties by index = id ascending), skipping excluded items and, when
 * `positiveOnly`, items scoring ≤ 0. Keeps a sorted buffer of k so it is O(items · k) worst case, O(items) typically.
 */
export function topItems(
  m: PurchaseMatrix,
  scores: Float64Array,
  k: number,
  exclude: Uint8Array,
  positiveOnly: boolean,
): ScoredItem[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (exclude[i] || (positiveOnly && !(s > 0)) || Number.isNaN(s)) continue;
    if (idx.length === k && s <= scores[idx[k - 1]!]!) continue;
    let at = idx.length;
    while (at > 0 && scores[idx[at - 1]!]! < s) at--;
    idx.splice(at, 0, i);
    if (idx.length > k) idx.pop();
  }
  return idx.map((i) => ({ item: m.items[i]!, score: scores[i]! }));
}
