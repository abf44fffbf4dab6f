import { readFileSync } from "node:fs";
import { ActivationService } from "../../activate/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import type { ServerInfo } from "../../server/index.js";
import { type DataOpts, openStore, runningServer } from "../data-options.js";

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
    const pos = /position (\d+)/.exec(msg)?.[1] ?? String(jsonErrorOffset(text));
    let where = "";
    if (pos !== "-1") {
      const before = text.slice(0, Number(pos));
      const line = before.split("\n").length;
      const col = Number(pos) - before.lastIndexOf("\n");
      where = `:${line}:${col}`;
    }
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

/**
 * Offset of the first JSON syntax error (Node 20's JSON.parse does not always say where), or -1. A small
 * recursive-descent scan: enough to point a user at the line and column.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string): void => {
    if (text.startsWith(w, i)) i += w.length;
    else fail();
  };
  const str = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        str();
        ws();
        lit(":");
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') str();
    else if (c === "t") lit("true");
    else if (c === "f") lit("false");
    else if (c === "n") lit("null");
    else {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return typeof at === "number" ? at : -1;
  }
}
