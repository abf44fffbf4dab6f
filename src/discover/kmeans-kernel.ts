/**
 * One Lloyd assignment step over a range of row blocks, with Hamerly's bounds (G. Hamerly, "Making k-means even
 * faster", SDM 2010) to skip distance computations that cannot change a label.
 *
 * The kernel is generated as JavaScript source specialised for the dimension d and the number of centres k
 * (distance and accumulation loops unrolled up to UNROLL_MAX features, which is 2–3× faster in V8 than an inner
 * loop over d; small centre sets held in locals). The main thread compiles the
 * text with `new Function`, and worker threads evaluate the very same text, so every thread runs identical
 * arithmetic and no TypeScript loader is needed inside a worker.
 *
 * Labels match plain Lloyd with lowest-index tie-breaking: a point is skipped only when its upper bound, inflated by
 * a relative 1e-9 against rounding in the bound updates, is strictly below the bound on every other centre; ties
 * and near-ties are recomputed with the same squared-distance arithmetic (terms added in feature order) a full scan
 * uses.
 *
 * Per-block outputs (sums, counts, changes, inertia) go to the block's own slots; the caller combines them in block
 * order, so the result does not depend on how blocks are spread over threads. The full step (mode 0) recomputes
 * each block's per-cluster sums; a bounded step only moves the rows whose label changed from one sum to the other,
 * so rows that keep their label are never read again (the memory traffic that dominates late iterations).
 *
 * `state` layout: [0..k) half the distance from each centre to its nearest other centre, [k..2k) each centre's
 * movement since the last step, then max movement, second max movement, index of the max.
 * `mode`: 0 = full scan (first step), 1 = bounded step.
 */
export type LloydStep = (
  X: Float64Array,
  n: number,
  k: number,
  centers: Float64Array,
  state: Float64Array,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  changes: Float64Array,
  inertia: Float64Array,
  blockSize: number,
  b0: number,
  b1: number,
  mode: number,
  withSums: number,
  withInertia: number,
) => void;

const UNROLL_MAX = 32;

/** `s` = squared distance from the current row to the centre starting at centers[c]. */
function distance(d: number, c: string): string {
  if (d > UNROLL_MAX) {
    return `s = 0; for (let t = 0; t < ${d}; t++) { z = X[xo + t] - centers[${c} + t]; s += z * z; }`;
  }
  const parts: string[] = [];
  for (let t = 0; t < d; t++) parts.push(`z = x${t} - centers[${c} + ${t}]; s ${t === 0 ? "=" : "+="} z * z;`);
  return parts.join(" ");
}

function accumulate(d: number): string {
  if (d > UNROLL_MAX) return `for (let t = 0; t < ${d}; t++) sums[ca + t] += X[xo + t];`;
  const parts: string[] = [];
  for (let t = 0; t < d; t++) parts.push(`sums[ca + ${t}] += x${t};`);
  return parts.join(" ");
}

/** Moves the current row's values from the sums at co to those at cn. */
function move(d: number): string {
  if (d > UNROLL_MAX) return `for (let t = 0; t < ${d}; t++) { sums[co + t] -= X[xo + t]; sums[cn + t] += X[xo + t]; }`;
  const parts: string[] = [];
  for (let t = 0; t < d; t++) parts.push(`sums[co + ${t}] -= x${t}; sums[cn + ${t}] += x${t};`);
  return parts.join(" ");
}

/** Few enough centre values to hold them all in locals for the whole step (no loads, no bounds checks). */
const inRegisters = (d: number, k: number): boolean => d <= UNROLL_MAX && k * d <= 256;

function loadCenters(d: number, k: number): string {
  if (!inRegisters(d, k)) return "";
  const parts: string[] = [];
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) parts.push(`c${j}_${t} = centers[${j * d + t}]`);
  return `const ${parts.join(", ")};`;
}

/**
 * The scan over every centre: best and second-best squared distances, ties to the lowest index. Unrolled over
 * centres and features with the centres in locals when small enough (about 25% faster than loops over arrays);
 * otherwise a loop that reuses the distance to the current centre already computed by the bounded step.
 */
function scan(d: number, k: number): string {
  if (!inRegisters(d, k)) {
    return `const known = mode === 0 ? -1 : a;
        const sa = s;
        for (let j = 0, cj = 0; j < k; j++, cj += ${d}) {
          if (j === known) s = sa;
          else {
            ${distance(d, "cj")}
          }
          if (s < best) {
            second = best;
            best = s;
            bj = j;
          } else if (s < second) second = s;
        }`;
  }
  const out: string[] = [];
  for (let j = 0; j < k; j++) {
    const terms: string[] = [];
    for (let t = 0; t < d; t++) terms.push(`z = x${t} - c${j}_${t}; s ${t === 0 ? "=" : "+="} z * z;`);
    out.push(terms.join(" "));
    out.push(`if (s < best) { second = best; best = s; bj = ${j}; } else if (s < second) second = s;`);
  }
  return out.join("\n        ");
}

function load(d: number): string {
  if (d > UNROLL_MAX) return "";
  const parts: string[] = [];
  for (let t = 0; t < d; t++) parts.push(`x${t} = X[xo + ${t}]`);
  return `const ${parts.join(", ")};`;
}

/** JavaScript source of the step kernel for dimension d (an anonymous function expression). */
export function lloydStepSource(d: number, k: number): string {
  return `function (X, n, k, centers, state, labels, upper, lower, sums, counts, changes, inertia, blockSize, b0, b1, mode, withSums, withInertia) {
  const slack = 1 + 1e-9;
  ${loadCenters(d, k)}
  const maxDrift = state[2 * k], secondDrift = state[2 * k + 1], argMax = state[2 * k + 2];
  for (let b = b0; b < b1; b++) {
    const start = b * blockSize;
    const end = Math.min(n, start + blockSize);
    const so = b * k * ${d};
    const bo = b * k;
    if (withSums && mode === 0) {
      for (let t = 0; t < k * ${d}; t++) sums[so + t] = 0;
      for (let t = 0; t < k; t++) counts[bo + t] = 0;
    }
    let changed = 0;
    let sse = 0;
    for (let i = start; i < end; i++) {
      const xo = i * ${d};
      ${load(d)}
      let a = labels[i];
      let full = mode === 0;
      let s = 0;
      let z = 0;
      if (!full) {
        let u = upper[i] + state[k + a];
        const l = lower[i] - (a === argMax ? secondDrift : maxDrift);
        const half = state[a];
        const m = half > l ? half : l;
        if (u * slack >= m) {
          const ca = a * ${d};
          ${distance(d, "ca")}
          u = Math.sqrt(s);
          if (u * slack >= m) full = true;
        }
        upper[i] = u;
        lower[i] = l;
      }
      if (full) {
        let best = Infinity;
        let second = Infinity;
        let bj = 0;
        ${scan(d, k)}
        if (bj !== a) {
          changed++;
          if (withSums && mode !== 0) {
            const co = so + a * ${d};
            const cn = so + bj * ${d};
            ${move(d)}
            counts[bo + a] -= 1;
            counts[bo + bj] += 1;
          }
          a = bj;
          labels[i] = bj;
        }
        upper[i] = Math.sqrt(best);
        lower[i] = Math.sqrt(second);
      }
      if (withSums && mode === 0) {
        const ca = so + a * ${d};
        ${accumulate(d)}
        counts[bo + a] += 1;
      }
      if (withInertia) {
        const ca = a * ${d};
        ${distance(d, "ca")}
        sse += s;
      }
    }
    changes[b] = changed;
    inertia[b] = sse;
  }
}`;
}

const compiled = new Map<string, LloydStep>();

/** The compiled kernel for d features and k centres, cached per process. */
export function lloydStep(d: number, k: number): LloydStep {
  const key = `${d}x${k}`;
  let f = compiled.get(key);
  if (f === undefined) {
    f = new Function(`return (${lloydStepSource(d, k)});`)() as LloydStep;
    compiled.set(key, f);
  }
  return f;
}
