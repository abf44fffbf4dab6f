import { readFileSync } from "node:fs";
import { ActivationService } from "../../activate/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import type { ServerInfo } from "../../server/index.js";
import { type DataOpts, openStore, runningServer } from "../data-options.js";
import { jsonErrorPosition } from "../json-error-position.js";

/**
 * Runs a command through the server holding the data directory when one runs (DuckDB has one writer), else on
 * the store directly.
 */
export async function viaActivation<T>(
  opts: DataOpts,
  remote: (server: ServerInfo) => Promise<T>,
  local: (svc: ActivationService) => Promise<T>,
): Promise<T> {
  const server = runningServer(opts);
  if (server) return remote(server);
  const store = await openStore(opts);
  try {
    return await local(new ActivationService(store));
  } finally {
    await store.close();
  }
}

/** Parses JSON text; a syntax error names the source (file or flag) with line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    // Node 20 names the offending position only sometimes; the recogniser always does.
    const { line, column } = jsonErrorPosition(text);
    const where = `:${line}:${column}`;
    throw new TesseraError({ code: "bad_json", path: [source], message: `${source}${where}: invalid JSON: ${msg}` });
  }
}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TesseraError({ code: "file_not_readable", path: [path], message: `${path}: ${(e as Error).message}` });
  }
  return parseJsonText(text, path);
}

export function intFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new TesseraError({ code: "bad_flag", path: [flag], message: `${flag}: expected an integer, got "${v}"` });
  }
  return n;
}

export function numberFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    throw new TesseraError({ code: "bad_flag", path: [flag], message: `${flag}: expected a number, got "${v}"` });
  }
  return n;
}

export function instantFlag(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = parseInstant(v);
  if (t === undefined) {
    throw new TesseraError({
      code: "bad_flag",
      path: [flag],
      message: `${flag}: "${v}" is not an ISO date or instant`,
    });
  }
  return t;
}

export const seqArgs = (args: string[]): number[] => args.map((a, i) => intFlag(a, `seq #${i + 1}`)!);

export const qs = (params: Record<string, string | number | undefined>): string => {
  const e = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return e.length ? `?${e.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&")}` : "";
};
