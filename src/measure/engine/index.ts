/** Measurement in the engine: holdouts, experiments, segment KPIs, lift, drift monitors, attribution and journeys over the store. */
export { latestDefinition, latestDefinitions, putDefinition } from "./definition-store.js";
export { distributionShift, type FeatureSample, featureSample, type ShiftResult } from "./distribution-shift.js";
export { type DriftMonitor, driftMonitorSchema, parseDriftMonitor } from "./drift-monitor.js";
export { type DriftCheck, enqueueAlert, listAlerts, runDriftMonitors } from "./drift-runner.js";
export {
  assignVariant,
  type Experiment,
  type ExperimentInput,
  experimentSchema,
  parseExperiment,
} from "./experiment-definition.js";
export {
  type ArmOutcome,
  type ExperimentReadout,
  experimentResults,
  type ObservedQuery,
  observedExperiment,
} from "./experiment-results.js";
export {
  GLOBAL_HOLDOUT_ID,
  getGlobalHoldout,
  type HoldoutSplit,
  inHoldout,
  setGlobalHoldout,
  splitHoldout,
} from "./holdouts.js";
export { DEFAULT_KPI_EVENTS, dayRange, type KpiEvents, MAX_KPI_DAYS } from "./kpi-options.js";
export {
  getExperiment,
  listDriftMonitors,
  listExperiments,
  saveDriftMonitor,
  saveExperiment,
} from "./measure-repo.js";
export { type MembershipDay, type MembershipSeries, membershipSeries } from "./membership-series.js";
export { type AttributionQuery, type EngineAttribution, engineAttribution } from "./segment-attribution.js";
export { type EngineJourneys, engineJourneys, type JourneyQuery } from "./segment-journeys.js";
export { cohortKpis, type KpiOptions, type KpiValues, type SegmentKpis } from "./segment-kpis.js";
export { type GroupOutcome, type LiftOptions, type SegmentLift, segmentLift } from "./segment-lift.js";
export {
  evaluateMembers,
  loadSegmentRecord,
  loadSegmentRecords,
  type MemberSourceKind,
  membersAsOf,
  resolveMembers,
  type SegmentMembers,
} from "./segment-members.js";
