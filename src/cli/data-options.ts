import type { Command } from "commander";
import { TesseraError } from "../model/index.js";
import { readServerFile, type ServerInfo } from "../server/index.js";
import { DuckDBStore, resolveDataDir } from "../store/index.js";

export interface DataOpts {
  data?: string;
  json?: boolean;
}

/** Adds the options every data command shares. */
export const withDataOptions = (cmd: Command): Command =>
  cmd
    .option("--data <dir>", "data directory (default $TESSERA_DATA or ./data)")
    .option("--json", "print one JSON document on stdout");

/** The server holding the data directory, if one runs: commands then go through its API instead of the file. */
export const runningServer = (opts: DataOpts): ServerInfo | null => readServerFile(resolveDataDir(opts.data));

export async function openStore(opts: DataOpts, readOnly = false): Promise<DuckDBStore> {
  return DuckDBStore.open({ dataDir: resolveDataDir(opts.data), readOnly });
}

/** Calls the running server's API with its local token. */
export async function callServer<T>(info: ServerInfo, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${info.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  const data = text
    ? (JSON.parse(text) as T & { error?: { code: string; message: string; details?: unknown } })
    : ({} as T);
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; details?: unknown } }).error;
    throw new TesseraError(
      { code: err?.code ?? `http_${res.status}`, message: err?.message ?? text, details: err?.details },
      res.status,
    );
  }
  return data;
}
