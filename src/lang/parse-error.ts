import type { SourceSpan } from "../model/index.js";

/** Raised inside the parser only; parseSegment turns it into a Diagnostic, so callers never see an exception. */
export class ParseFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: SourceSpan,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}
