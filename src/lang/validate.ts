import type { z } from "zod";
import {
  CONDITION_KINDS,
  type Condition,
  type Diagnostic,
  type ErrorPath,
  eventRefName,
  kindOfRaw,
  nodeShapeSchemas,
  opValueSchema,
  type PropFilter,
  type SourceSpan,
  type TraitOp,
  tryParseDuration,
} from "../model/index.js";
import { spanFor } from "./parse-segment.js";
import { closest } from "./suggest.js";

/** What the validator may check references against; every field is optional. */
export interface ValidationContext {
  /** Event names the store has seen (unknown ones are warnings, with a suggestion). */
  knownEvents?: ReadonlySet<string>;
  /** Top-level trait keys the store has seen. */
  knownTraits?: ReadonlySet<string>;
  /** Computed trait names that are defined. */
  knownComputed?: ReadonlySet<string>;
  /** Stored segments by id, for inSegment references and cycles. */
  segments?: ReadonlyMap<string, { definition: Condition; parent?: string }>;
  /** The id of the segment being defined (to detect cycles through it) and its parent. */
  selfId?: string;
  parent?: string;
  /** Spans from parseSegment, so diagnostics on text input point at the source. */
  spans?: ReadonlyMap<string, SourceSpan>;
}

export interface ValidationResult {
  /** The definition, when it has no errors (warnings allowed). */
  definition?: Condition;
  diagnostics: Diagnostic[];
}

const DURATION_FIELDS = new Set(["within", "for", "olderThan", "lookback"]);
type Path = Array<string | number>;

/**
 * Validates a definition given as JSON (unknown input). Returns diagnostics as data, never throws on user input:
 * structure (unknown node kinds and fields), bad durations, value types per operator, empty windows and ranges,
 * invalid regular expressions, unknown segments and inSegment cycles (errors), unknown traits and events (warnings).
 */
export function validateDefinition(raw: unknown, ctx: ValidationContext = {}): ValidationResult {
  const out: Diagnostic[] = [];
  const refs: Array<{ id: string; path: Path }> = [];
  const add = (d: Omit<Diagnostic, "span">): void => {
    const span = ctx.spans ? spanFor(ctx.spans, d.path) : undefined;
    out.push(span ? { ...d, span } : d);
  };
  const err = (code: string, path: Path, message: string, suggestion?: string): void =>
    add(
      suggestion === undefined
        ? { code, severity: "error", path, message }
        : { code, severity: "error", path, message, suggestion },
    );
  const warn = (code: string, path: Path, message: string, suggestion?: string): void =>
    add(
      suggestion === undefined
        ? { code, severity: "warning", path, message }
        : { code, severity: "warning", path, message, suggestion },
    );

  const zodIssues = (issues: readonly z.core.$ZodIssue[], base: Path): void => {
    for (const issue of issues) {
      const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
      const field = path[path.length - 1];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          err("unknown_field", [...path, key], `unknown field "${key}"`, hint(closest(key, FIELD_NAMES)));
      } else if (typeof field === "string" && DURATION_FIELDS.has(field)) {
        err("bad_duration", path, `${field} must be a duration such as 90s, 15m, 2h, 30d, 4w`);
      } else if (issue.code === "invalid_type" || issue.code === "invalid_union") {
        err("wrong_value_type", path, `${path.join(".") || "definition"}: ${issue.message}`);
      } else {
        err("invalid_field", path, `${path.join(".") || "definition"}: ${issue.message}`);
      }
    }
  };

  const knownEvent = (name: string, path: Path): void => {
    if (ctx.knownEvents && !ctx.knownEvents.has(name)) {
      warn("unknown_event", path, `no "${name}" event has been received yet`, hint(closest(name, ctx.knownEvents)));
    }
  };

  const checkValue = (op: TraitOp, value: unknown, path: Path, hasValue: boolean): void => {
    if (op === "exists" || op === "missing") {
      if (hasValue) err("unexpected_value", [...path, "value"], `${op} takes no value`);
      return;
    }
    if (!hasValue) {
      err("missing_value", path, `${op} needs a value`);
      return;
    }
    const r = opValueSchema[op].safeParse(value);
    if (!r.success) {
      const what = r.error.issues[0]?.message ?? "wrong type";
      const code = op === "withinLast" || op === "olderThan" ? "bad_duration" : "wrong_value_type";
      err(code, [...path, "value"], `the value for ${op} is not valid: ${what} (got ${JSON.stringify(value)})`);
      return;
    }
    if (op === "matches") {
      try {
        new RegExp(String(value));
      } catch (e) {
        err("bad_regex", [...path, "value"], `not a valid regular expression: ${(e as Error).message}`);
      }
    }
    if (op === "between") {
      const [lo, hi] = value as [number, number];
      if (lo > hi)
        err("empty_range", [...path, "value"], `between ${lo} and ${hi} is empty: the lower bound is larger`);
    }
  };

  const checkFilters = (where: readonly PropFilter[] | undefined, path: Path): void => {
    (where ?? []).forEach((f, i) => {
      checkValue(f.op, f.value, [...path, "where", i], "value" in f);
    });
  };

  const walk = (node: unknown, path: Path): boolean => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) {
      err("not_a_condition", path, `a condition must be an object with one of: ${CONDITION_KINDS.join(", ")}`);
      return false;
    }
    const kind = kindOfRaw(node);
    if (kind === undefined) {
      const keys = Object.keys(node);
      const guess = keys.map((k) => closest(k, CONDITION_KINDS)).find((x) => x !== undefined);
      err(
        "unknown_node",
        path,
        `unknown condition {${keys.join(", ")}}; expected one of ${CONDITION_KINDS.join(", ")}`,
        hint(guess),
      );
      return false;
    }
    const shape = nodeShapeSchemas[kind].safeParse(node);
    if (!shape.success) {
      const before = out.length;
      zodIssues(shape.error.issues, path);
      for (const d of out.slice(before)) {
        if (d.code === "unknown_field") {
          const key = String(d.path[d.path.length - 1]);
          const fields = Object.keys((nodeShapeSchemas[kind] as unknown as { shape?: object }).shape ?? {});
          const s = closest(key, fields);
          if (s) d.suggestion = `did you mean "${s}"?`;
          else delete d.suggestion;
        }
      }
      return false;
    }
    const c = node as Condition;
    let ok = true;
    if ("all" in c) {
      for (const [i, x] of c.all.entries()) ok = walk(x, [...path, "all", i]) && ok;
    } else if ("any" in c) {
      for (const [i, x] of c.any.entries()) ok = walk(x, [...path, "any", i]) && ok;
    } else if ("not" in c) ok = walk(c.not, [...path, "not"]);
    else if ("trait" in c) {
      checkValue(c.op, c.value, path, "value" in c);
      const computed = c.trait.startsWith("$");
      const key = (computed ? c.trait.slice(1) : c.trait).split(".")[0] ?? "";
      const known = computed ? ctx.knownComputed : ctx.knownTraits;
      if (known && !known.has(key)) {
        const what = computed ? "computed trait" : "trait";
        warn(
          `unknown_${computed ? "computed_trait" : "trait"}`,
          [...path, "trait"],
          `no profile has a ${what} "${key}" yet`,
          hint(closest(key, known), computed ? "$" : ""),
        );
      }
    } else if ("performed" in c) {
      knownEvent(c.performed, [...path, "performed"]);
      checkFilters(c.where, path);
      if (c.within !== undefined && c.between !== undefined) {
        err("conflicting_window", [...path, "between"], "give either within or between, not both");
      }
      if (c.between && Date.parse(c.between[0]) >= Date.parse(c.between[1])) {
        err(
          "empty_window",
          [...path, "between"],
          `between ${c.between[0]} and ${c.between[1]} is empty: from must be before to`,
        );
      }
      if (c.count?.op === "between" && c.count.value[0] > c.count.value[1])
        err("empty_range", [...path, "count"], "the count range is empty");
      if (c.agg?.op === "between" && c.agg.value[0] > c.agg.value[1])
        err("empty_range", [...path, "agg"], "the aggregate range is empty");
    } else if ("first" in c) {
      knownEvent(c.first, [...path, "first"]);
      checkFilters(c.where, path);
    } else if ("last" in c) {
      knownEvent(c.last, [...path, "last"]);
      checkFilters(c.where, path);
      if (c.olderThan !== undefined && c.within !== undefined) {
        if ((tryParseDuration(c.olderThan) ?? 0) >= (tryParseDuration(c.within) ?? 0)) {
          warn("never_true", path, `older than ${c.olderThan} and in last ${c.within} can never both hold`);
        }
      }
    } else if ("did" in c) {
      for (const [field, ref] of [
        ["did", c.did],
        ["thenNot", c.thenNot],
      ] as const) {
        knownEvent(eventRefName(ref), [...path, field]);
        if (typeof ref !== "string") checkFilters(ref.where, [...path, field]);
      }
    } else if ("sequence" in c) {
      c.sequence.forEach((ref, i) => {
        knownEvent(eventRefName(ref), [...path, "sequence", i]);
        if (typeof ref !== "string") checkFilters(ref.where, [...path, "sequence", i]);
      });
    } else if ("inSegment" in c) {
      refs.push({ id: c.inSegment, path: [...path, "inSegment"] });
      if (ctx.segments && !ctx.segments.has(c.inSegment) && c.inSegment !== ctx.selfId) {
        err(
          "unknown_segment",
          [...path, "inSegment"],
          `no segment with id "${c.inSegment}"`,
          hint(closest(c.inSegment, ctx.segments.keys())),
        );
      }
    }
    return ok;
  };

  walk(raw, []);
  if (ctx.segments) checkCycles(ctx, refs, err);
  const hasError = out.some((d) => d.severity === "error");
  return hasError ? { diagnostics: out } : { definition: raw as Condition, diagnostics: out };
}

const FIELD_NAMES = ["where", "within", "between", "count", "agg", "olderThan", "for", "lookback", "thenNot"];
const hint = (s: string | undefined, prefix = ""): string | undefined =>
  s === undefined ? undefined : `did you mean "${prefix}${s}"?`;

/** Segment references reachable from `id` (its definition's inSegment nodes and its parent). */
function refsOf(def: Condition, parent: string | undefined): string[] {
  const ids: string[] = parent === undefined ? [] : [parent];
  const visit = (c: Condition): void => {
    if ("inSegment" in c) ids.push(c.inSegment);
    else if ("all" in c) c.all.forEach(visit);
    else if ("any" in c) c.any.forEach(visit);
    else if ("not" in c) visit(c.not);
  };
  visit(def);
  return ids;
}

function checkCycles(
  ctx: ValidationContext,
  refs: ReadonlyArray<{ id: string; path: Path }>,
  err: (code: string, path: Path, message: string) => void,
): void {
  const start = ctx.selfId;
  const direct = [...refs, ...(ctx.parent === undefined ? [] : [{ id: ctx.parent, path: ["parent"] as Path }])];
  for (const ref of direct) {
    // Depth-first search for a path from the reference back to the segment being defined.
    const seen = new Set<string>();
    const find = (id: string, trail: string[]): string[] | undefined => {
      if (start !== undefined && id === start) return trail;
      if (seen.has(id)) return undefined;
      seen.add(id);
      const seg = ctx.segments?.get(id);
      if (!seg) return undefined;
      for (const next of refsOf(seg.definition, seg.parent)) {
        const found = find(next, [...trail, next]);
        if (found) return found;
      }
      return undefined;
    };
    const cycle = start === undefined ? undefined : find(ref.id, [start, ref.id]);
    if (cycle) {
      err("segment_cycle", ref.path as Path, `segment references form a cycle: ${cycle.join(" → ")}`);
    }
  }
}

export type { ErrorPath };
