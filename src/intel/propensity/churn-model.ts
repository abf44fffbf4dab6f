import { SeededRandom } from "../math/seeded-random.js";
import { logLoss, rocAuc } from "./classification-metrics.js";
import { type FeatureMatrix, selectLabels, selectRows } from "./feature-matrix.js";
import { type GbtModel, type GbtOptions, predictGbt, trainGbt } from "./gradient-boosting.js";
import { type LogisticModel, predictLogistic, trainLogistic } from "./logistic-regression.js";
import { stratifiedFolds } from "./stratified-folds.js";

export type ChurnModelName = "logistic" | "gbt";
export type ChurnModel = LogisticModel | GbtModel;

export interface ChurnTrainOptions {
  folds?: number;
  seed?: number;
  models?: readonly ChurnModelName[];
  /** Inverse L2 strength of the logistic model (scikit-learn's C). */
  C?: number;
  gbt?: GbtOptions;
}

export interface ModelScore {
  name: ChurnModelName;
  auc: { mean: number; folds: number[] };
  /** Mean over folds of the held-out log-loss. */
  logLoss: number;
}

export interface ChurnCrossValidation {
  models: ModelScore[];
  /** The model with the highest mean AUC (first listed on a tie). */
  best: ChurnModelName;
  /** Permutation importance of the best model: mean over folds of the held-out AUC drop when a feature is shuffled. */
  importance: { feature: string; importance: number }[];
}

export function trainChurnModel(name: ChurnModelName, X: FeatureMatrix, y: Uint8Array, opts: ChurnTrainOptions = {}) {
  return name === "logistic" ? trainLogistic(X, y, { C: opts.C ?? 1 }) : trainGbt(X, y, opts.gbt ?? {});
}

export function predictChurn(model: ChurnModel, X: FeatureMatrix): Float64Array {
  return model.kind === "logistic" ? predictLogistic(model, X) : predictGbt(model, X);
}

/**
 * Stratified k-fold cross-validation of each model (logistic standardises inside each fold, from its training rows),
 * then permutation importance for the best model on the same held-out folds.
 */
export function crossValidateChurn(
  X: FeatureMatrix,
  y: Uint8Array,
  features: readonly string[],
  opts: ChurnTrainOptions = {},
): ChurnCrossValidation {
  const k = opts.folds ?? 5;
  const seed = opts.seed ?? 1;
  const fold = stratifiedFolds(y, k, seed);
  const splits = Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === f ? test : train).push(i);
    return { train, test };
  });
  const names = opts.models ?? ["logistic", "gbt"];
  const fitted = new Map<ChurnModelName, ChurnModel[]>();
  const scores: ModelScore[] = names.map((name) => {
    const aucs: number[] = [];
    let loss = 0;
    const models: ChurnModel[] = [];
    for (const { train, test } of splits) {
      const model = trainChurnModel(name, selectRows(X, train), selectLabels(y, train), opts);
      models.push(model);
      const yt = selectLabels(y, test);
      const p = predictChurn(model, selectRows(X, test));
      aucs.push(rocAuc(yt, p));
      loss += logLoss(yt, p);
    }
    fitted.set(name, models);
    return { name, auc: { mean: aucs.reduce((a, b) => a + b, 0) / k, folds: aucs }, logLoss: loss / k };
  });
  let best = scores[0]!;
  for (const s of scores) if (s.auc.mean > best.auc.mean) best = s;
  const importance = permutationImportance(fitted.get(best.name)!, X, y, splits, features, seed);
  return { models: scores, best: best.name, importance };
}

/** Held-out AUC drop per feature when its column is shuffled within the test fold (Breiman 2001, as scikit-learn). */
function permutationImportance(
  models: ChurnModel[],
  X: FeatureMatrix,
  y: Uint8Array,
  splits: { train: number[]; test: number[] }[],
  features: readonly string[],
  seed: number,
): { feature: string; importance: number }[] {
  const rng = new SeededRandom(seed ^ 0x5bd1e995);
  const total = new Float64Array(X.cols);
  splits.forEach(({ test }, f) => {
    const model = models[f]!;
    const Xt = selectRows(X, test);
    const yt = selectLabels(y, test);
    const base = rocAuc(yt, predictChurn(model, Xt));
    const column = new Float64Array(Xt.rows);
    for (let j = 0; j < X.cols; j++) {
      for (let i = 0; i < Xt.rows; i++) column[i] = Xt.data[i * Xt.cols + j]!;
      const shuffled = rng.shuffle(Float64Array.from(column));
      for (let i = 0; i < Xt.rows; i++) Xt.data[i * Xt.cols + j] = shuffled[i]!;
      total[j] = total[j]! + (base - rocAuc(yt, predictChurn(model, Xt)));
      for (let i = 0; i < Xt.rows; i++) Xt.data[i * Xt.cols + j] = column[i]!;
    }
  });
  return features
    .map((feature, j) => ({ feature, importance: total[j]! / splits.length }))
    .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}
