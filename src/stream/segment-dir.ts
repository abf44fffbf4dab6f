import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { checkDefinition, formatDiagnostic } from "../lang/index.js";
import { type Condition, hasErrors, type SegmentRecord, TesseraError } from "../model/index.js";

/** Line and column (1-based) of a character offset in text. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const at = pos ? lineCol(text, Number(pos[1])) : undefined;
    throw new TesseraError({
      code: "bad_json",
      path: at ? [file, at.line, at.column] : [file],
      message: `${file}${at ? `:${at.line}:${at.column}` : ""}: ${msg}`,
    });
  }
}

function checked(file: string, input: unknown, source?: string): Condition {
  const c = checkDefinition(input);
  if (!c.definition || hasErrors(c.diagnostics)) {
    const errors = c.diagnostics.filter((d) => d.severity === "error");
    throw new TesseraError({
      code: "invalid_definition",
      path: [file],
      message: errors.map((d) => formatDiagnostic(d, source ?? c.source, file)).join("\n"),
      details: { diagnostics: errors },
    });
  }
  return c.definition;
}

/**
 * Reads a segments directory: `NAME.json` (a bare definition, or a segment record with `definition`) or `NAME.tsg`
 * (the text form). The name (and id) is the file name without its extension unless a record names them.
 */
export function loadSegmentDir(dir: string): SegmentRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    throw new TesseraError({
      code: "dir_not_found",
      path: [dir],
      message: `${dir}: not a readable directory (--segments)`,
    });
  }
  const out: SegmentRecord[] = [];
  for (const f of names) {
    const file = join(dir, f);
    const ext = extname(f).toLowerCase();
    if ((ext !== ".json" && ext !== ".tsg") || !statSync(file).isFile()) continue;
    const stem = basename(f, extname(f));
    const text = readFileSync(file, "utf8");
    if (ext === ".tsg") {
      out.push({ id: stem, name: stem, definition: checked(file, text, text), refresh: "realtime", version: 1 });
      continue;
    }
    const doc = parseJsonFile(file, text);
    const isRecord = typeof doc === "object" && doc !== null && !Array.isArray(doc) && "definition" in doc;
    if (!isRecord) {
      out.push({ id: stem, name: stem, definition: checked(file, doc), refresh: "realtime", version: 1 });
      continue;
    }
    const r = doc as Partial<SegmentRecord> & { definition: unknown };
    const definition = checked(file, typeof r.definition === "string" ? r.definition : r.definition);
    const name = typeof r.name === "string" ? r.name : stem;
    out.push({
      ...(r as object),
      id: typeof r.id === "string" ? r.id : name,
      name,
      definition,
      refresh: r.refresh ?? "realtime",
      version: typeof r.version === "number" ? r.version : 1,
    } as SegmentRecord);
  }
  if (out.length === 0) {
    throw new TesseraError({ code: "no_segments", path: [dir], message: `${dir}: no .json or .tsg segment files` });
  }
  return out;
}
