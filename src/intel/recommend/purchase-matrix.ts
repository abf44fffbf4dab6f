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
  const rowCustomer = new Int32Array(pairs.length);
  pairs.forEach((p, k) => {
    let u = custIndex.get(p.customer);
    if (u === undefined) {
      u = customers.length;
      custIndex.set(p.customer, u);
      customers.push(p.customer);
    }
    rowCustomer[k] = u;
    itemSet.add(p.item);
  });
  const items = [...itemSet];
  items.sort(idComparator(items));
  const itemIndex = new Map(items.map((it, i) => [it, i]));
  const ni = items.length;
  // One numeric key per row, customer-major; a typed-array sort groups duplicates and orders each customer's items.
  const keys = new Float64Array(pairs.length);
  pairs.forEach((p, k) => {
    keys[k] = rowCustomer[k]! * ni + itemIndex.get(p.item)!;
  });
  keys.sort();
  let nnz = 0;
  for (let k = 0; k < keys.length; k++) if (k === 0 || keys[k] !== keys[k - 1]) nnz++;
  const custPtr = new Int32Array(customers.length + 1);
  const itemIdx = new Int32Array(nnz);
  const count = new Float64Array(nnz);
  const itemDeg = new Int32Array(ni);
  let e = -1;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (k > 0 && key === keys[k - 1]) {
      count[e] = count[e]! + 1;
      continue;
    }
    e++;
    const u = Math.floor(key / ni);
    const i = key - u * ni;
    itemIdx[e] = i;
    count[e] = 1;
    custPtr[u + 1] = custPtr[u + 1]! + 1;
    itemDeg[i] = itemDeg[i]! + 1;
  }
  for (let u = 0; u < customers.length; u++) custPtr[u + 1] = custPtr[u + 1]! + custPtr[u]!;
  const itemPtr = new Int32Array(ni + 1);
  for (let i = 0; i < ni; i++) itemPtr[i + 1] = itemPtr[i]! + itemDeg[i]!;
  const fill = itemPtr.slice(0, ni);
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
