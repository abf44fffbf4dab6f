/** The segment language: text form ⇄ AST (lexer, recursive-descent parser, printer) and validation with diagnostics. */

export { type CheckedDefinition, checkDefinition } from "./check-definition.js";
export { lex, type Token } from "./lexer.js";
export { formatDiagnostic, type ParseResult, parseSegment, spanFor } from "./parse-segment.js";
export { printCondition, printOperator } from "./printer.js";
export { closest, editDistance } from "./suggest.js";
export { type ValidationContext, type ValidationResult, validateDefinition } from "./validate.js";
