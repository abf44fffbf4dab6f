import { z } from "zod";
import { TesseraError } from "../../model/index.js";

const base = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _ . - (starting with a letter or digit)")
    .max(128),
  name: z.string().min(1).max(256).optional(),
  /** Lowest level that raises an alert in the outbox (default "alert"). */
  notifyOn: z.enum(["watch", "alert"]).optional(),
};

/**
 * A drift monitor (definitions kind "drift_monitor"):
 * - segment_size: relative size change between the ends of two consecutive periods;
 * - segment_trait: PSI of a trait's distribution over the members at the two period ends (composition);
 * - computed_trait: PSI of a computed trait (a model feature or score) between the previous run's snapshot and now.
 */
export const driftMonitorSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...base,
    kind: z.literal("segment_size"),
    segment: z.string().min(1),
    periodDays: z.number().positive().max(3650).optional(),
    /** |relative change| thresholds (defaults 0.1 and 0.25, the PSI levels' values). */
    watch: z.number().positive().optional(),
    alert: z.number().positive().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("segment_trait"),
    segment: z.string().min(1),
    trait: z.string().min(1),
    periodDays: z.number().positive().max(3650).optional(),
    bins: z.number().int().min(2).max(100).optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("computed_trait"),
    trait: z.string().min(1),
    /** Restrict to the segment's current members (default: every profile with the trait). */
    segment: z.string().min(1).optional(),
    bins: z.number().int().min(2).max(100).optional(),
  }),
]);

export type DriftMonitor = z.output<typeof driftMonitorSchema> & { version?: number };

export function parseDriftMonitor(raw: unknown): DriftMonitor {
  const r = driftMonitorSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === "symbol" ? String(p) : p)) ?? [];
  throw new TesseraError({
    code: "invalid_monitor",
    path,
    message: `the drift monitor is not valid at ${path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
  });
}
