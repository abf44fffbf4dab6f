/** Discovery: k-means and Ward clustering, cluster quality metrics, PCA maps, cluster naming, attribute power, sentiment and NPS. */
export {
  type AttributeColumn,
  type AttributePower,
  type AttributeValue,
  attributePower,
  cramersV,
  rocAuc,
} from "./attribute-power.js";
export {
  calinskiHarabasz,
  daviesBouldin,
  SILHOUETTE_EXACT_MAX,
  SILHOUETTE_SAMPLE,
  silhouette,
} from "./cluster-metrics.js";
export { type ClusterProfile, clusterProfiles, type NamingOptions, nameClusters } from "./cluster-naming.js";
export {
  type ClusterFit,
  type ClusterMethod,
  type ClusterOptions,
  fitClusters,
  type KScan,
  scanK,
} from "./cluster-report.js";
export { COPHENETIC_EXACT_MAX, copheneticCorrelation } from "./cophenetic.js";
export * from "./engine/discover-engine.js";
export { jacobiEigen, type SymmetricEigen } from "./jacobi-eigen.js";
export { bestSilhouetteK, elbowK } from "./k-selection.js";
export { BLOCK_SIZE, type KMeansOptions, type KMeansResult, kmeans } from "./kmeans.js";
export { firstKCenters, kmeansPlusPlusCenters } from "./kmeans-init.js";
export { terminateKmeansWorkers } from "./kmeans-workers.js";
export { columnMeans, columnStds, type Matrix, matrix } from "./matrix.js";
export { type PcaResult, pca } from "./pca.js";
export { createRng, type Rng, sampleIndices } from "./prng.js";
export {
  defaultTokenize,
  getLanguage,
  registeredLanguages,
  registerLanguage,
  type SentimentLanguage,
} from "./sentiment/language-registry.js";
export { type NpsGroup, type NpsResult, nps, npsGroup, type TermCount } from "./sentiment/nps.js";
export {
  NEGATION_WINDOW,
  type SentimentScore,
  type SentimentSummary,
  sentiment,
  summarizeSentiment,
} from "./sentiment/sentiment.js";
export {
  applyTransforms,
  type FittedTransform,
  inverseTransform,
  parseTransforms,
  TRANSFORMS,
  type TransformKind,
} from "./transforms.js";
export { cutTree, type Linkage, wardLinkage } from "./ward.js";
