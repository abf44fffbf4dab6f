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
  const bins = new Int32Array(d);
  // Row-major bin codes: one pass over a node's rows fills every feature's histogram with sequential reads.
  const codes = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) {
    const t = binThresholds(X, j, maxBins);
    thresholds.push(t);
    bins[j] = t.length + 1;
    for (let i = 0; i < n; i++) codes[i * d + j] = binIndex(t, X.data[i * d + j]!);
  }
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  const prior = Math.min(1 - 1e-12, Math.max(1e-12, pos / Math.max(1, n)));
  const init = Math.log(prior / (1 - prior));
  const raw = new Float64Array(n).fill(init);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: GbtTree[] = [];
  let rowsA = new Int32Array(n);
  let rowsB = new Int32Array(n);
  const fillHistogram = (rows: Int32Array, start: number, end: number): Histogram => {
    const hist = newHistogram(d);
    const hg = hist.g;
    const hh = hist.h;
    const hn = hist.n;
    for (let k = start; k < end; k++) {
      const r = rows[k]!;
      const gr = g[r]!;
      const hr = h[r]!;
      const base = r * d;
      for (let j = 0; j < d; j++) {
        const c = (j << 8) | codes[base + j]!;
        hg[c] = hg[c]! + gr;
        hh[c] = hh[c]! + hr;
        hn[c] = hn[c]! + 1;
      }
    }
    return hist;
  };
  for (let t = 0; t < nTrees; t++) {
    let G0 = 0;
    let H0 = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      g[i] = p - y[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
      G0 += g[i]!;
      H0 += h[i]!;
      rowsA[i] = i;
    }
    const tree: GbtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    let level: GbtNode[] = [
      { start: 0, end: n, node: newNode(tree), G: G0, H: H0, hist: depth > 0 ? fillHistogram(rowsA, 0, n) : null },
    ];
    for (let lv = 0; lv <= depth && level.length > 0; lv++) {
      const next: GbtNode[] = [];
      let write = 0;
      for (const nd of level) {
        const { G, H } = nd;
        const count = nd.end - nd.start;
        let bestGain = 1e-12;
        let bestF = -1;
        let bestBin = -1;
        let bestGl = 0;
        let bestHl = 0;
        if (nd.hist && count >= 2 * minLeaf && H > 1e-3) {
          const parentScore = (G * G) / H;
          const hist = nd.hist;
          for (let j = 0; j < d; j++) {
            let gl = 0;
            let hl = 0;
            let nl = 0;
            const off = j << 8;
            for (let c = 0; c < bins[j]! - 1; c++) {
              gl += hist.g[off + c]!;
              hl += hist.h[off + c]!;
              nl += hist.n[off + c]!;
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
                bestGl = gl;
                bestHl = hl;
              }
            }
          }
        }
        if (bestF < 0) {
          const v = (lr * -G) / H;
          tree.value[nd.node] = v;
          for (let k = nd.start; k < nd.end; k++) raw[rowsA[k]!] = raw[rowsA[k]!]! + v;
          continue;
        }
        tree.feature[nd.node] = bestF;
        tree.threshold[nd.node] = thresholds[bestF]![bestBin]!;
        const leftNode = newNode(tree);
        const rightNode = newNode(tree);
        tree.left[nd.node] = leftNode;
        tree.right[nd.node] = rightNode;
        // Stable partition into rowsB: left rows then right rows.
        const leftStart = write;
        for (let k = nd.start; k < nd.end; k++) {
          const r = rowsA[k]!;
          if (codes[r * d + bestF]! <= bestBin) rowsB[write++] = r;
        }
        const mid = write;
        for (let k = nd.start; k < nd.end; k++) {
          const r = rowsA[k]!;
          if (codes[r * d + bestF]! > bestBin) rowsB[write++] = r;
        }
        let leftHist: Histogram | null = null;
        let rightHist: Histogram | null = null;
        if (lv + 1 < depth) {
          // Histogram subtraction: scan only the smaller child; the sibling is parent − child.
          if (mid - leftStart <= write - mid) {
            leftHist = fillHistogram(rowsB, leftStart, mid);
            rightHist = subtractHistogram(nd.hist!, leftHist);
          } else {
            rightHist = fillHistogram(rowsB, mid, write);
            leftHist = subtractHistogram(nd.hist!, rightHist);
          }
        }
        next.push(
          { start: leftStart, end: mid, node: leftNode, G: bestGl, H: bestHl, hist: leftHist },
          { start: mid, end: write, node: rightNode, G: G - bestGl, H: H - bestHl, hist: rightHist },
        );
      }
      [rowsA, rowsB] = [rowsB, rowsA];
      level = next;
    }
    trees.push(tree);
  }
  return { kind: "gbt", init, learningRate: lr, trees };
}

/** Gradient, hessian and count sums per (feature, bin), feature j at offset 256·j. */
interface Histogram {
  g: Float64Array;
  h: Float64Array;
  n: Int32Array;
}

interface GbtNode {
  start: number;
  end: number;
  node: number;
  G: number;
  H: number;
  /** Null for nodes at the last level, which are never split. */
  hist: Histogram | null;
}

const newHistogram = (d: number): Histogram => ({
  g: new Float64Array(d << 8),
  h: new Float64Array(d << 8),
  n: new Int32Array(d << 8),
});

function subtractHistogram(parent: Histogram, child: Histogram): Histogram {
  const out = newHistogram(parent.n.length >> 8);
  for (let i = 0; i < out.n.length; i++) {
    out.g[i] = parent.g[i]! - child.g[i]!;
    out.h[i] = parent.h[i]! - child.h[i]!;
    out.n[i] = parent.n[i]! - child.n[i]!;
  }
  return out;
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
