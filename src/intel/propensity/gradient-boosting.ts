import type { FeatureMatrix } from "./feature-matrix.js";
import { sigmoid } from "./feature-matrix.js";

/**
 * Gradient-boosted trees for binary log-loss (Friedman 2001): the raw score starts at the training log-odds and
 * each tree is fitted to the loss's gradient with second-order split gains G²/H and Newton leaf values −G/H
 * (the leaf step Friedman's "TreeBoost" uses for log-loss), shrunk by the learning rate. Splits are searched on
 * feature histograms of at most 255 bins (as scikit-learn's HistGradientBoostingClassifier does), so training is
 * linear in rows; a split stores the raw threshold, so prediction needs no binning.
 */
export interface GbtOptions {
  trees?: number;
  depth?: number;
  learningRate?: number;
  minSamplesLeaf?: number;
  maxBins?: number;
}

/** Trees as flat arrays: feature < 0 marks a leaf; go left when x[feature] ≤ threshold. */
export interface GbtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbtModel {
  kind: "gbt";
  init: number;
  learningRate: number;
  trees: GbtTree[];
}

/** Per-feature thresholds (ascending); bin k holds values in (t[k−1], t[k]], the last bin everything above. */
function binThresholds(X: FeatureMatrix, j: number, maxBins: number): Float64Array {
  const n = X.rows;
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) col[i] = X.data[i * X.cols + j]!;
  col.sort();
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || col[i] !== col[i - 1]) distinct.push(col[i]!);
  if (distinct.length <= maxBins) {
    const t = new Float64Array(Math.max(0, distinct.length - 1));
    for (let k = 0; k < t.length; k++) t[k] = (distinct[k]! + distinct[k + 1]!) / 2;
    return t;
  }
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const v = col[Math.floor((k * n) / maxBins)]!;
    if (cuts.length === 0 || v > cuts[cuts.length - 1]!) cuts.push(v);
  }
  if (cuts[cuts.length - 1] === col[n - 1]) cuts.pop();
  return Float64Array.from(cuts);
}

function binIndex(t: Float64Array, v: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= t[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function trainGbt(X: FeatureMatrix, y: Uint8Array, opts: GbtOptions = {}): GbtModel {
  const nTrees = opts.trees ?? 100;
  const depth = opts.depth ?? 3;
  const lr = opts.learningRate ?? 0.1;
  const minLeaf = opts.minSamplesLeaf ?? 1;
  const maxBins = Math.min(255, opts.maxBins ?? 255);
  const { rows: n, cols: d } = X;
  const thresholds: Float64Array[] = [];
  // Column-major bin codes: the histogram loop reads one feature's codes at a time.
  const codes = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) {
    const t = binThresholds(X, j, maxBins);
    thresholds.push(t);
    for (let i = 0; i < n; i++) codes[j * n + i] = binIndex(t, X.data[i * d + j]!);
  }
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  const prior = Math.min(1 - 1e-12, Math.max(1e-12, pos / Math.max(1, n)));
  const init = Math.log(prior / (1 - prior));
  const raw = new Float64Array(n).fill(init);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: GbtTree[] = [];
  const histG = new Float64Array(256);
  const histH = new Float64Array(256);
  const histN = new Int32Array(256);
  let rowsA = new Int32Array(n);
  let rowsB = new Int32Array(n);
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
    const tree: GbtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    for (let i = 0; i < n; i++) rowsA[i] = i;
    // Nodes of the current level as [start, end) ranges into rowsA, with their tree slot.
    let level: { start: number; end: number; node: number }[] = [{ start: 0, end: n, node: newNode(tree) }];
    for (let lv = 0; lv <= depth && level.length > 0; lv++) {
      const next: { start: number; end: number; node: number }[] = [];
      let write = 0;
      for (const nd of level) {
        let G = 0;
        let H = 0;
        for (let k = nd.start; k < nd.end; k++) {
          G += g[rowsA[k]!]!;
          H += h[rowsA[k]!]!;
        }
        const count = nd.end - nd.start;
        let bestGain = 1e-12;
        let bestF = -1;
        let bestBin = -1;
        if (lv < depth && count >= 2 * minLeaf && H > 1e-3) {
          const parentScore = (G * G) / H;
          for (let j = 0; j < d; j++) {
            const bins = thresholds[j]!.length + 1;
            if (bins < 2) continue;
            histG.fill(0, 0, bins);
            histH.fill(0, 0, bins);
            histN.fill(0, 0, bins);
            const base = j * n;
            for (let k = nd.start; k < nd.end; k++) {
              const r = rowsA[k]!;
              const c = codes[base + r]!;
              histG[c] = histG[c]! + g[r]!;
              histH[c] = histH[c]! + h[r]!;
              histN[c] = histN[c]! + 1;
            }
            let gl = 0;
            let hl = 0;
            let nl = 0;
            for (let c = 0; c < bins - 1; c++) {
              gl += histG[c]!;
              hl += histH[c]!;
              nl += histN[c]!;
              if (nl < minLeaf) continue;
              if (count - nl < minLeaf) break;
              const hr = H - hl;
              if (hl <= 1e-12 || hr <= 1e-12) continue;
              const gr = G - gl;
              const gain = (gl * gl) / hl + (gr * gr) / hr - parentScore;
              if (gain > bestGain) {
                bestGain = gain;
                bestF = j;
                bestBin = c;
              }
            }
          }
        }
        if (bestF < 0) {
          tree.value[nd.node] = (lr * -G) / H;
          for (let k = nd.start; k < nd.end; k++) raw[rowsA[k]!] = raw[rowsA[k]!]! + tree.value[nd.node]!;
          continue;
        }
        tree.feature[nd.node] = bestF;
        tree.threshold[nd.node] = thresholds[bestF]![bestBin]!;
        const leftNode = newNode(tree);
        const rightNode = newNode(tree);
        tree.left[nd.node] = leftNode;
        tree.right[nd.node] = rightNode;
        // Stable partition into rowsB: left rows then right rows.
        const base = bestF * n;
        const leftStart = write;
        for (let k = nd.start; k < nd.end; k++) if (codes[base + rowsA[k]!]! <= bestBin) rowsB[write++] = rowsA[k]!;
        const mid = write;
        for (let k = nd.start; k < nd.end; k++) if (codes[base + rowsA[k]!]! > bestBin) rowsB[write++] = rowsA[k]!;
        next.push({ start: leftStart, end: mid, node: leftNode }, { start: mid, end: write, node: rightNode });
      }
      [rowsA, rowsB] = [rowsB, rowsA];
      level = next;
    }
    trees.push(tree);
  }
  return { kind: "gbt", init, learningRate: lr, trees };
}

function newNode(tree: GbtTree): number {
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(0);
  return tree.feature.length - 1;
}

/** Raw scores (log-odds) for every row. Leaf values already include the learning rate. */
export function gbtRawScores(model: GbtModel, X: FeatureMatrix): Float64Array {
  const out = new Float64Array(X.rows).fill(model.init);
  const d = X.cols;
  for (const tree of model.trees) {
    for (let i = 0; i < X.rows; i++) {
      let node = 0;
      let f = tree.feature[0]!;
      while (f >= 0) {
        node = X.data[i * d + f]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        f = tree.feature[node]!;
      }
      out[i] = out[i]! + tree.value[node]!;
    }
  }
  return out;
}

export function predictGbt(model: GbtModel, X: FeatureMatrix): Float64Array {
  return gbtRawScores(model, X).map(sigmoid);
}
