import type { Condition, Diagnostic, SourceSpan } from "../model/index.js";
import { LexError } from "./lexer.js";
import { ParseFailure } from "./parse-error.js";
import { Parser } from "./parser.js";

export interface ParseResult {
  definition?: Condition;
  diagnostics: Diagnostic[];
  /** Source span of every AST path (JSON-encoded path → span), for mapping later diagnostics back to the text. */
  spans: Map<string, SourceSpan>;
}

/** Text form → AST. Never throws on user input: a syntax error is one diagnostic with a span and a suggestion. */
export function parseSegment(text: string): ParseResult {
  let parser: Parser;
  try {
    parser = new Parser(text);
  } catch (e) {
    if (e instanceof LexError) {
      return {
        diagnostics: [{ code: e.code, severity: "error", path: [], message: e.message, span: e.span }],
        spans: new Map(),
      };
    }
    throw e;
  }
  try {
    const definition = parser.parseAll();
    return { definition, diagnostics: [], spans: parser.spans };
  } catch (e) {
    if (e instanceof ParseFailure) {
      const d: Diagnostic = { code: e.code, severity: "error", path: [], message: e.message, span: e.span };
      if (e.suggestion !== undefined) d.suggestion = e.suggestion;
      return { diagnostics: [d], spans: parser.spans };
    }
    throw e;
  }
}

/** The span of the deepest recorded path that is a prefix of `path`. */
export function spanFor(
  spans: ReadonlyMap<string, SourceSpan>,
  path: ReadonlyArray<string | number>,
): SourceSpan | undefined {
  for (let n = path.length; n >= 0; n--) {
    const s = spans.get(JSON.stringify(path.slice(0, n)));
    if (s) return s;
  }
  return undefined;
}

/**
 * A diagnostic as a human reads it in a terminal: location, message, the source line, a caret under the token, and
 * the suggestion.
 */
export function formatDiagnostic(d: Diagnostic, source?: string, file?: string): string {
  const where = d.span ? `${file ?? "<text>"}:${d.span.line}:${d.span.column}` : d.path.length ? d.path.join(".") : "";
  const head = `${d.severity}[${d.code}]${where ? ` ${where}` : ""}: ${d.message}`;
  const lines = [head];
  if (d.span && source !== undefined) {
    const text = source.split("\n")[d.span.line - 1] ?? "";
    lines.push(
      `  ${text}`,
      `  ${" ".repeat(d.span.column - 1)}${"^".repeat(Math.max(1, Math.min(d.span.length, text.length - d.span.column + 1)))}`,
    );
  }
  if (d.suggestion) lines.push(`  ${d.suggestion}`);
  return lines.join("\n");
}
