/** The demo workspace: a deterministic, realistic e-commerce + subscription population written straight into the store. */

export { CATALOG, CATEGORIES, type Product } from "./catalog.js";
export {
  EXPERIMENT,
  EXPERIMENT_DAYS,
  type ExperimentSummary,
  TREATMENT_LIFT,
  type Variant,
  variantOf,
} from "./experiment.js";
export {
  DEMO_DEFAULTS,
  type DemoOptions,
  type DemoPhase,
  type DemoProgress,
  type DemoSummary,
  generateDemo,
  resolveDemoOptions,
} from "./generate-demo.js";
export { CHANNELS, PERSONAS, type PersonaId } from "./personas.js";
export { CITIES } from "./places.js";
