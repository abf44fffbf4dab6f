import type { ErrorPath } from "../tessera-error.js";

/** A source range in the text form: 1-based line/column, 0-based offset, length in characters. */
export interface SourceSpan {
  line: number;
  column: number;
  offset: number;
  length: number;
}

/** One finding about a definition: data, never an exception. Errors make a definition unusable; warnings do not. */
export interface Diagnostic {
  code: string;
  severity: "error" | "warning";
  /** Path into the AST (e.g. ["all", 1, "within"]). */
  path: ErrorPath;
  message: string;
  /** Where in the text form, when the definition came from text. */
  span?: SourceSpan;
  /** A concrete fix, e.g. `did you mean "Order Completed"?`. */
  suggestion?: string;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");
