/** Customer intelligence: RFM, CLV (BG/NBD + Gamma-Gamma), churn models, recommendations, lead score, lifecycle, channel preference — pure functions over typed arrays. */
export {
  type BgNbdFit,
  type BgNbdParams,
  bgNbdCustomerLogLikelihood,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from "./clv/bg-nbd.js";
export { type ClvOptions, type ClvPrediction, DAYS_PER_MONTH, predictClv } from "./clv/clv-predict.js";
export { type FrequencySummary, validateSummary } from "./clv/frequency-summary.js";
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  gammaGammaCustomerLogLikelihood,
  gammaGammaExpectedAverage,
} from "./clv/gamma-gamma.js";
export { simulateCustomers } from "./clv/simulate-customers.js";
export {
  type CustomerSummary,
  type Purchase,
  summarizeTransactions,
  type TimeUnit,
  UNIT_DAYS,
} from "./clv/transaction-summary.js";
export {
  type ChannelPreference,
  type ChannelPreferenceOptions,
  type ChannelStats,
  channelPreference,
} from "./engagement/channel-preference.js";
export {
  DEFAULT_LEAD_GRADES,
  type LeadEvent,
  type LeadScore,
  type LeadScoringRules,
  leadScore,
} from "./engagement/lead-score.js";
export {
  type LifecycleInput,
  type LifecycleStage,
  type LifecycleThresholds,
  lifecycleStage,
} from "./engagement/lifecycle-stage.js";
export {
  IntelEngine,
  type IntelEngineOptions,
  type IntelRefreshSummary,
  type ModelSummary,
} from "./engine/intel-engine.js";
export { type MinimizeResult, minimizeBfgs, numericGradient, type Objective } from "./math/bfgs-minimize.js";
export { idComparator } from "./math/id-order.js";
export { SeededRandom } from "./math/seeded-random.js";
export { digamma, hyp2f1, logBeta, logGamma } from "./math/special-functions.js";
export {
  type ChurnCrossValidation,
  type ChurnModel,
  type ChurnModelName,
  type ChurnTrainOptions,
  crossValidateChurn,
  type ModelScore,
  predictChurn,
  trainChurnModel,
} from "./propensity/churn-model.js";
export { logLoss, rocAuc } from "./propensity/classification-metrics.js";
export {
  type ColumnEncoding,
  type EncodedFeatures,
  encodeFeatures,
  type FeatureEncoding,
  fitEncoding,
} from "./propensity/feature-encoding.js";
export type { FeatureMatrix } from "./propensity/feature-matrix.js";
export { type GbtModel, type GbtOptions, predictGbt, trainGbt } from "./propensity/gradient-boosting.js";
export {
  type LogisticModel,
  type LogisticOptions,
  predictLogistic,
  trainLogistic,
} from "./propensity/logistic-regression.js";
export { stratifiedFolds } from "./propensity/stratified-folds.js";
export { type AlsModel, type AlsOptions, als, recommendAls, similarItemsAls } from "./recommend/implicit-als.js";
export { itemCosineRow, recommendItemCosine, recommendPopular, similarItemsCosine } from "./recommend/item-cosine.js";
export { buildPurchaseMatrix, type PurchaseMatrix, type ScoredItem } from "./recommend/purchase-matrix.js";
export {
  evaluateRecommenders,
  type RecommendEvaluation,
  type TimedPurchase,
} from "./recommend/recommend-evaluation.js";
export { quintileBins, type RfmScores, type RfmValues, rfmScores } from "./rfm/rfm-scores.js";
export { RFM_SEGMENTS, type RfmSegment, rfmSegment, rfmSegmentCounts } from "./rfm/rfm-segments.js";
export { type RfmCustomer, type RfmPurchase, type RfmTable, rfmTable } from "./rfm/rfm-table.js";
