import { z } from "zod";
import { bucketOf, parseInstant, TesseraError } from "../../model/index.js";

const instant = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  const t = typeof v === "number" ? v : parseInstant(v);
  if (t === undefined) {
    ctx.addIssue({ code: "custom", message: `not an instant (ISO 8601 or epoch ms): ${String(v)}` });
    return z.NEVER;
  }
  return t;
});

export const experimentMetricSchema = z.strictObject({
  /** The outcome event, counted in (exposure, exposure + windowDays]. */
  event: z.string().min(1),
  /** For a mean metric: the property summed per unit (absent = the number of events). */
  property: z.string().min(1).optional(),
  kind: z.enum(["proportion", "mean"]),
  windowDays: z.number().positive().max(3650),
});

/** An experiment (definitions kind "experiment"): variants assigned by a salted bucket hash, or read from exposure events. */
export const experimentSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _ . - (starting with a letter or digit)")
      .max(128),
    name: z.string().min(1).max(256).optional(),
    description: z.string().max(4096).optional(),
    variants: z
      .array(z.strictObject({ name: z.string().min(1).max(128), weight: z.number().positive() }))
      .min(2)
      .refine((v) => new Set(v.map((x) => x.name)).size === v.length, { message: "variant names must be unique" }),
    /** Salt of the assignment hash (default: the id). */
    salt: z.string().optional(),
    /** Units are the profiles with this event (first occurrence = exposure); absent = every profile, exposed at start. */
    exposureEvent: z.string().min(1).optional(),
    /** "bucket" (default): the variant is the hash assignment; "event": the exposure event's variant property. */
    assignment: z.enum(["bucket", "event"]).optional(),
    variantProperty: z.string().min(1).optional(),
    /** Exposure events whose experiment property names another experiment are ignored. */
    experimentProperty: z.string().min(1).optional(),
    /** Triggered analysis: keep only units with this event after exposure, within the metric window. */
    trigger: z.string().min(1).optional(),
    control: z.string().min(1).optional(),
    start: instant.optional(),
    end: instant.optional(),
    metric: experimentMetricSchema,
  })
  .refine((e) => e.control === undefined || e.variants.some((v) => v.name === e.control), {
    message: "control must name one of the variants",
    path: ["control"],
  })
  .refine((e) => e.assignment !== "event" || e.exposureEvent !== undefined, {
    message: 'assignment "event" needs an exposureEvent',
    path: ["assignment"],
  });

export type ExperimentInput = z.input<typeof experimentSchema>;
export type Experiment = z.output<typeof experimentSchema> & { version?: number; createdAt?: number };

/** Parses an experiment body; errors name the offending field. */
export function parseExperiment(raw: unknown): Experiment {
  const r = experimentSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === "symbol" ? String(p) : p)) ?? [];
  throw new TesseraError({
    code: "invalid_experiment",
    path,
    message: `the experiment is not valid at ${path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    details: { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/** The variant of a profile: bucketOf(salt, id) ∈ [0,100) against the cumulative weights scaled to 100. */
export function assignVariant(e: Pick<Experiment, "id" | "salt" | "variants">, profileId: string): string {
  const total = e.variants.reduce((s, v) => s + v.weight, 0);
  const b = bucketOf(e.salt ?? e.id, profileId);
  let cum = 0;
  for (const v of e.variants) {
    cum += (v.weight / total) * 100;
    if (b < cum) return v.name;
  }
  return e.variants.at(-1)?.name ?? "";
}
