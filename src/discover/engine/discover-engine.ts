/** The discovery engine over a Store: clustering runs, saving clusters as segments, attribute power, sentiment. */

export { type ClusterRequest, clusterRequestSchema, MAX_POINTS, WARD_MAX_ROWS } from "./cluster-request.js";
export { type ClusterRun, ClusterRuns, type RunCluster, type RunSummary } from "./cluster-runs.js";
export { CLUSTER_TRAIT, writeClusterTrait } from "./cluster-trait.js";
export { type DendrogramNode, dendrogramTree } from "./dendrogram.js";
export { EVENT_AGGREGATES, type FeatureRows, featureSource, gatherFeatures } from "./feature-rows.js";
export { DEFAULT_AGGREGATES, type PowerMatrix, profileAttributePower } from "./profile-attribute-power.js";
export { refreshSentiment, SENTIMENT_SOURCES, SENTIMENT_TRAIT, type SentimentRefresh } from "./sentiment-trait.js";
