import { DAY_MS, TesseraError, utcDay } from "../model/index.js";
import type { Store } from "../store/index.js";
import { writePopulation } from "./demo-writer.js";
import { EXPERIMENT_DAYS, type ExperimentSummary } from "./experiment.js";
import { PopulationSimulator } from "./profile-simulator.js";

export interface DemoOptions {
  /** Number of profiles (default 50,000). */
  profiles?: number;
  /** Length of the window in days (default 180). */
  days?: number;
  /** PRNG seed, an integer in [0, 2^32) (default 42). */
  seed?: number;
  /** End of the window, epoch ms (default: the current day's UTC midnight). */
  end?: number;
  /** Replace the existing event and profile data instead of refusing. */
  force?: boolean;
}

export type DemoPhase = "generate" | "write";
export interface DemoProgress {
  phase: DemoPhase;
  done: number;
  total: number;
}

export interface DemoSummary {
  profiles: number;
  events: number;
  /** trait_values rows written. */
  traits: number;
  ms: number;
  seed: number;
  days: number;
  start: string;
  end: string;
  orders: number;
  revenue: number;
  personas: Record<string, number>;
  experiment: ExperimentSummary;
}

export const DEMO_DEFAULTS = { profiles: 50_000, days: 180, seed: 42 } as const;
const MAX_PROFILES = 2_000_000;
const MAX_DAYS = 3650;

/** Tables whose rows describe people and their behaviour; --force clears them (definitions and keys survive). */
const DATA_TABLES = [
  "events",
  "profiles",
  "identities",
  "merges",
  "trait_values",
  "computed_traits",
  "membership_base",
  "membership_log",
  "snapshots",
];

const intOption = (name: string, value: number | undefined, fallback: number, min: number, max: number): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new TesseraError({
      code: "bad_option",
      path: [`--${name}`],
      message: `--${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    });
  }
  return v;
};

/** Resolves options against the defaults and checks their ranges (errors name the flag). */
export function resolveDemoOptions(opts: DemoOptions): Required<DemoOptions> {
  const end = opts.end ?? utcDay(Date.now());
  if (!Number.isSafeInteger(end)) {
    throw new TesseraError({ code: "bad_option", path: ["--end"], message: `--end is not an instant: ${end}` });
  }
  return {
    profiles: intOption("profiles", opts.profiles, DEMO_DEFAULTS.profiles, 1, MAX_PROFILES),
    days: intOption("days", opts.days, DEMO_DEFAULTS.days, 1, MAX_DAYS),
    seed: intOption("seed", opts.seed, DEMO_DEFAULTS.seed, 0, 2 ** 32 - 1),
    end,
    force: opts.force ?? false,
  };
}

/**
 * Generates the demo workspace into the store: a deterministic e-commerce + subscription population (same seed,
 * window and size → the same rows). Refuses with `demo_exists` when the store already has events unless `force`.
 */
export async function generateDemo(
  store: Store,
  options: DemoOptions = {},
  onProgress: (p: DemoProgress) => void = () => undefined,
): Promise<DemoSummary> {
  const t0 = performance.now();
  const o = resolveDemoOptions(options);
  const [counts0] = await store.all<{ events: number; profiles: number }>(
    "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM profiles) AS profiles",
  );
  const had = { events: counts0?.events ?? 0, profiles: counts0?.profiles ?? 0 };
  if ((had.events > 0 || had.profiles > 0) && !o.force) {
    throw new TesseraError(
      {
        code: "demo_exists",
        path: ["--data", store.dataDir ?? ":memory:"],
        message:
          `${store.dataDir ?? "the store"} already has ${had.events} events and ${had.profiles} profiles; ` +
          "pass --force to replace them with the demo",
      },
      409,
    );
  }
  const start = o.end - o.days * DAY_MS;
  const expStart = o.end - Math.min(o.days, EXPERIMENT_DAYS) * DAY_MS;
  const sim = new PopulationSimulator({ seed: o.seed, start, end: o.end, expStart });
  const step = Math.max(1, Math.floor(o.profiles / 200));
  for (let i = 0; i < o.profiles; i++) {
    sim.simulate(i);
    if ((i + 1) % step === 0 || i + 1 === o.profiles) {
      onProgress({ phase: "generate", done: i + 1, total: o.profiles });
      // Let timers (progress rendering, signals) run between slices of CPU-bound work.
      if ((i + 1) % (step * 10) === 0) await new Promise((r) => setImmediate(r));
    }
  }
  if (o.force) {
    // A separate, earlier transaction: DuckDB's appender rejects keys deleted in its own transaction (unique indexes).
    await store.transaction(async (tx) => {
      for (const t of DATA_TABLES) await tx.run(`DELETE FROM ${t}`);
      // The log starts again: the memberships view reads all of it over the (now empty) base.
      await tx.run("UPDATE membership_fold SET applied_seq = 0");
    });
  }
  const counts = await writePopulation(store, sim, (p) => onProgress({ phase: "write", ...p }));
  return {
    profiles: o.profiles,
    events: counts.events,
    traits: counts.traits,
    ms: Math.round(performance.now() - t0),
    seed: o.seed,
    days: o.days,
    start: new Date(start).toISOString(),
    end: new Date(o.end).toISOString(),
    orders: sim.orders,
    revenue: Math.round(sim.revenue * 100) / 100,
    personas: sim.personaCounts,
    experiment: sim.experiment.summary(expStart, o.end),
  };
}
