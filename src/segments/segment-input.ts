import { z } from "zod";
import { checkDefinition, type ValidationContext } from "../lang/index.js";
import {
  type Condition,
  type Diagnostic,
  holdoutSchema,
  REFRESH_MODES,
  type SegmentRecord,
  TesseraError,
} from "../model/index.js";
import type { Queryable } from "../store/index.js";

/** What a client sends to create or update a segment: `definition` is the JSON AST or the text form. */
export const segmentInputSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _ . - (starting with a letter or digit)")
    .max(128)
    .optional(),
  name: z.string().min(1).max(256).optional(),
  description: z.string().max(4096).optional(),
  parent: z.string().min(1).optional(),
  definition: z.unknown().optional(),
  dsl: z.string().optional(),
  holdout: holdoutSchema.optional(),
  minSizePercent: z.number().min(0).max(100).optional(),
  refresh: z.enum(REFRESH_MODES).optional(),
  tags: z.array(z.string()).optional(),
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64) || "segment";

/** Structural problems of the request body as diagnostics (same shape as definition diagnostics). */
export function parseInput(raw: unknown): SegmentInput {
  const r = segmentInputSchema.safeParse(raw);
  if (r.success) return r.data;
  const diagnostics: Diagnostic[] = r.error.issues.map((i) => ({
    code: i.code === "unrecognized_keys" ? "unknown_field" : "invalid_field",
    severity: "error",
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
  }));
  throw new TesseraError({ code: "invalid_segment", message: "the segment is not valid", details: { diagnostics } });
}

/** Known events, traits and computed traits from the store, for unknown-name warnings. */
export type StoreVocabulary = Pick<ValidationContext, "knownEvents" | "knownTraits" | "knownComputed">;

/**
 * The vocabulary, kept incrementally: events and trait rows are appended with increasing seq, so each call scans only
 * what arrived since the last one (zone maps on seq skip the rest). A full DISTINCT over millions of events on every
 * keystroke of the builder's live preview is what this avoids.
 */
export class VocabularyCache {
  private eventSeq = 0;
  private traitSeq = 0;
  private readonly events = new Set<string>();
  private readonly traits = new Set<string>();

  async get(db: Queryable): Promise<StoreVocabulary> {
    const [events, traits, computed] = await Promise.all([
      db.all<{ v: string; s: number }>(
        "SELECT event AS v, max(seq) AS s FROM events WHERE seq > $1 AND event IS NOT NULL GROUP BY event",
        [this.eventSeq],
      ),
      db.all<{ v: string; s: number }>("SELECT key AS v, max(seq) AS s FROM trait_values WHERE seq > $1 GROUP BY key", [
        this.traitSeq,
      ]),
      db.all<{ v: string }>("SELECT DISTINCT id AS v FROM definitions WHERE kind = 'computed_trait' AND NOT deleted"),
    ]);
    for (const r of events) {
      this.events.add(r.v);
      if (r.s > this.eventSeq) this.eventSeq = r.s;
    }
    for (const r of traits) {
      this.traits.add(r.v);
      if (r.s > this.traitSeq) this.traitSeq = r.s;
    }
    return {
      knownEvents: new Set(this.events),
      knownTraits: new Set(this.traits),
      knownComputed: new Set(computed.map((r) => r.v)),
    };
  }
}

/** Parses/validates a definition (text or JSON); throws invalid_definition (400) with the diagnostics on errors. */
export function requireDefinition(
  input: unknown,
  ctx: ValidationContext,
): { definition: Condition; diagnostics: Diagnostic[] } {
  if (input === undefined) {
    throw new TesseraError({
      code: "invalid_definition",
      message: "a definition is required (JSON AST in `definition`, or the text form in `dsl`)",
      details: {
        diagnostics: [{ code: "missing_definition", severity: "error", path: ["definition"], message: "required" }],
      },
    });
  }
  const r = checkDefinition(input, ctx);
  if (!r.definition) {
    const first = r.diagnostics.find((d) => d.severity === "error") ?? r.diagnostics[0];
    const at = first?.span
      ? ` at ${first.span.line}:${first.span.column}`
      : first?.path.length
        ? ` at ${first.path.join(".")}`
        : "";
    throw new TesseraError({
      code: "invalid_definition",
      message: `the definition is not valid${at}: ${first?.message ?? "unknown problem"}`,
      details: { diagnostics: r.diagnostics },
    });
  }
  return { definition: r.definition, diagnostics: r.diagnostics };
}

export type { SegmentRecord };
