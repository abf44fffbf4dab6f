import type { Condition, Diagnostic } from "../model/index.js";
import { parseSegment } from "./parse-segment.js";
import { type ValidationContext, validateDefinition } from "./validate.js";

export interface CheckedDefinition {
  definition?: Condition;
  diagnostics: Diagnostic[];
  /** The source text, when the input was text (for carets). */
  source?: string;
}

/**
 * One entry point for user input: a string is the text form (parsed, then validated with spans), anything else is
 * the JSON AST (validated). Never throws on bad input.
 */
export function checkDefinition(input: unknown, ctx: ValidationContext = {}): CheckedDefinition {
  if (typeof input === "string") {
    const parsed = parseSegment(input);
    if (!parsed.definition) return { diagnostics: parsed.diagnostics, source: input };
    const v = validateDefinition(parsed.definition, { ...ctx, spans: parsed.spans });
    return v.definition
      ? { definition: v.definition, diagnostics: v.diagnostics, source: input }
      : { diagnostics: v.diagnostics, source: input };
  }
  return validateDefinition(input, ctx);
}
