/** Errors are data: a stable code, a path to the offending input, a human message, optional details. */
export type ErrorPath = ReadonlyArray<string | number>;

export interface ErrorData {
  code: string;
  message: string;
  path?: ErrorPath;
  details?: unknown;
}

export class TesseraError extends Error {
  readonly code: string;
  readonly path: ErrorPath | undefined;
  readonly details: unknown;
  /** HTTP status the server should answer with; 400 for bad input unless said otherwise. */
  readonly status: number;

  constructor(data: ErrorData, status = 400) {
    super(data.message);
    this.name = "TesseraError";
    this.code = data.code;
    this.path = data.path;
    this.details = data.details;
    this.status = status;
  }

  toData(): ErrorData {
    const out: ErrorData = { code: this.code, message: this.message };
    if (this.path !== undefined) out.path = this.path;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

export const isTesseraError = (e: unknown): e is TesseraError => e instanceof TesseraError;
