import { isTesseraError } from "../model/index.js";

/** One JSON document on stdout with --json; human text otherwise. Logs always go to stderr. */
export interface OutputOptions {
  json?: boolean;
}

export function printResult(opts: OutputOptions, data: unknown, human: () => string): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(data)}\n`);
  else process.stdout.write(`${human()}\n`);
}

export const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

/** Prints an error naming the problem and the input, then exits non-zero. Never prints a stack for user errors. */
export function failWith(e: unknown, opts: OutputOptions = {}): never {
  if (isTesseraError(e)) {
    const where = e.path?.length ? ` (at ${e.path.join(".")})` : "";
    if (opts.json) process.stdout.write(`${JSON.stringify({ error: e.toData() })}\n`);
    process.stderr.write(`error [${e.code}]${where}: ${e.message}\n`);
    if (e.details !== undefined && !opts.json) process.stderr.write(`${JSON.stringify(e.details, null, 2)}\n`);
    process.exit(e.status >= 500 ? 2 : 1);
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  if (opts.json) process.stdout.write(`${JSON.stringify({ error: { code: "internal", message: String(e) } })}\n`);
  process.stderr.write(`internal error: ${msg}\n`);
  process.exit(2);
}

/** Wraps a command action so every error goes through failWith with the command's --json setting. */
export const action =
  <A extends unknown[]>(fn: (...args: A) => Promise<void> | void) =>
  async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as { opts?: () => OutputOptions } | undefined;
    const opts = (typeof cmd?.opts === "function" ? cmd.opts() : (args[args.length - 2] as OutputOptions)) ?? {};
    try {
      await fn(...args);
    } catch (e) {
      failWith(e, opts);
    }
  };
