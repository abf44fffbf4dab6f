import { DAY_MS } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import { crossValidateChurn, predictChurn, trainChurnModel } from "../propensity/churn-model.js";
import { selectRows } from "../propensity/feature-matrix.js";
import type { LogisticModel } from "../propensity/logistic-regression.js";
import { FEATURES, featuresAt, orderedBetween } from "./point-in-time-features.js";

/** A propensity target: who is scored, how far ahead, and what counts as the positive outcome. */
export interface PropensitySpec {
  name: "churn" | "inmarket";
  /** Label window (days): the training cut-off is asOf − horizon; the label looks at (cut-off, asOf]. */
  horizonDays: number;
  /** Buyers only (churn) or everyone seen (in-market). */
  population: "buyers" | "all";
  /** The positive class: no order in the window (churn) or an order in it (in-market). */
  positive: "no_order" | "order";
}

export const CHURN_SPEC: PropensitySpec = {
  name: "churn",
  horizonDays: 90,
  population: "buyers",
  positive: "no_order",
};
export const INMARKET_SPEC: PropensitySpec = {
  name: "inmarket",
  horizonDays: 14,
  population: "all",
  positive: "order",
};

export interface PropensityInfo {
  kind: "logistic";
  cutoff: string;
  horizonDays: number;
  /** Training rows and positives among them. */
  n: number;
  positives: number;
  auc: { mean: number; folds: number[] } | null;
  logLoss: number | null;
  features: readonly string[];
  /** Log-odds per standard deviation of each feature (the model standardises its inputs). */
  coefficients: Record<string, number>;
  intercept: number;
  importance: { feature: string; importance: number }[];
  /** Why no model was fitted (one class only, too few rows); then no scores are written. */
  skipped?: string;
}

export interface PropensityResult {
  info: PropensityInfo;
  /** Profile → probability of the positive class over the next horizon, from features as of asOf. */
  scores: Map<string, number>;
}

const MIN_ROWS = 20;

/**
 * Point-in-time training: features as of the cut-off (asOf − horizon), labels from the window after it, 5-fold
 * stratified CV for the reported AUC, a final logistic fit on all rows, then scoring with features as of asOf.
 */
export async function fitPropensity(
  db: Queryable,
  asOf: number,
  spec: PropensitySpec,
  folds = 5,
): Promise<PropensityResult> {
  const cutoff = asOf - spec.horizonDays * DAY_MS;
  const [train, ordered, now] = await Promise.all([
    featuresAt(db, cutoff),
    orderedBetween(db, cutoff, asOf),
    featuresAt(db, asOf),
  ]);
  const rows: number[] = [];
  for (let i = 0; i < train.ids.length; i++) if (spec.population === "all" || train.buyer[i]) rows.push(i);
  const X = selectRows(train.X, rows);
  const y = new Uint8Array(rows.length);
  rows.forEach((i, k) => {
    const did = ordered.has(train.ids[i]!);
    y[k] = (spec.positive === "order") === did ? 1 : 0;
  });
  let positives = 0;
  for (const v of y) positives += v;
  const base: PropensityInfo = {
    kind: "logistic",
    cutoff: new Date(cutoff).toISOString(),
    horizonDays: spec.horizonDays,
    n: rows.length,
    positives,
    auc: null,
    logLoss: null,
    features: FEATURES,
    coefficients: {},
    intercept: 0,
    importance: [],
  };
  const minority = Math.min(positives, rows.length - positives);
  if (rows.length < MIN_ROWS || minority < folds)
    return {
      info: { ...base, skipped: `${rows.length} training rows with ${minority} in the smaller class` },
      scores: new Map(),
    };
  const cv = crossValidateChurn(X, y, FEATURES, { models: ["logistic"], folds });
  const score = cv.models[0]!;
  const model = trainChurnModel("logistic", X, y) as LogisticModel;
  const scoreRows: number[] = [];
  for (let i = 0; i < now.ids.length; i++) if (spec.population === "all" || now.buyer[i]) scoreRows.push(i);
  const p = predictChurn(model, selectRows(now.X, scoreRows));
  const scores = new Map<string, number>();
  scoreRows.forEach((i, k) => {
    scores.set(now.ids[i]!, p[k]!);
  });
  return {
    info: {
      ...base,
      auc: score.auc,
      logLoss: score.logLoss,
      coefficients: Object.fromEntries(FEATURES.map((f, j) => [f, model.coef[j]!])),
      intercept: model.intercept,
      importance: cv.importance,
    },
    scores,
  };
}
