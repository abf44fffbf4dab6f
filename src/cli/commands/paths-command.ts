import type { Command } from "commander";
import {
  customerSequences,
  type FunnelStep,
  funnel,
  type PathEvent,
  type PathShare,
  type SankeyData,
  sankey,
  topPaths,
} from "../../measure/index.js";
import { parseDuration, parseInstant, TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, readCsvTable } from "../csv-table.js";

interface PathsOptions {
  customerCol?: string;
  timeCol?: string;
  eventCol?: string;
  top: string;
  funnel?: string;
  window: string;
  depth: string;
  json?: boolean;
}

interface PathsResult {
  customers: number;
  paths: PathShare[];
  sankey: SankeyData;
  funnel?: FunnelStep[];
}

function flag(value: string | undefined, name: string): string {
  if (value === undefined || value === "")
    throw new TesseraError({ code: "missing_flag", path: [name], message: `${name} is required` });
  return value;
}

function positiveInt(text: string, name: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1)
    throw new TesseraError({
      code: "bad_flag",
      path: [name],
      message: `${name} must be a positive integer; got "${text}"`,
    });
  return v;
}

export function readPathEvents(table: CsvTable, opts: PathsOptions): PathEvent[] {
  const cu = columnIndex(table, flag(opts.customerCol, "--customer-col"), "--customer-col");
  const ti = columnIndex(table, flag(opts.timeCol, "--time-col"), "--time-col");
  const ev = columnIndex(table, flag(opts.eventCol, "--event-col"), "--event-col");
  return table.rows.map((row, r) => {
    const text = row[ti] ?? "";
    const time = parseInstant(text) ?? (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined);
    if (time === undefined) {
      throw new TesseraError({
        code: "csv_bad_time",
        path: [table.file, table.lines[r] ?? 0, table.columns[ti]!],
        message: `${table.file}:${table.lines[r]}: column "${table.columns[ti]}" is not a time (ISO 8601, YYYY-MM-DD or epoch ms): ${JSON.stringify(text)}`,
      });
    }
    return { customer: row[cu] ?? "", time, event: row[ev] ?? "" };
  });
}

function human(r: PathsResult): string {
  const lines = [`${r.customers} customers; top paths:`];
  for (const p of r.paths)
    lines.push(`  ${String(p.count).padStart(6)}  ${(100 * p.share).toFixed(1).padStart(5)}%  ${p.path.join(" > ")}`);
  if (r.funnel) {
    lines.push("funnel:");
    for (const s of r.funnel) {
      const t =
        s.medianTimeToConvertMs === null ? "" : `  median ${(s.medianTimeToConvertMs / 3_600_000).toFixed(2)} h`;
      lines.push(
        `  ${s.step.padEnd(20)} ${String(s.count).padStart(6)}  ${(100 * s.conversion).toFixed(1)}%  drop ${(100 * s.dropOff).toFixed(1)}%${t}`,
      );
    }
  }
  return lines.join("\n");
}

export function registerPathsCommand(program: Command): void {
  program
    .command("paths")
    .description("top customer paths, an ordered funnel within a window, and journey-map Sankey data")
    .argument("<file>", "CSV of events: one row per event")
    .option("--customer-col <col>", "customer id column")
    .option("--time-col <col>", "time column (ISO 8601, YYYY-MM-DD or epoch ms)")
    .option("--event-col <col>", "event name column")
    .option("--top <n>", "how many paths to list", "10")
    .option("--funnel <steps>", 'ordered steps separated by ">", e.g. "Home>Product>Checkout"')
    .option("--window <duration>", "funnel window from the first step", "7d")
    .option("--depth <n>", "Sankey depth (steps per customer)", "5")
    .option("--data <dir>", "data directory (unused: reads the CSV only)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, opts: PathsOptions) => {
        const top = positiveInt(opts.top, "--top");
        const depth = positiveInt(opts.depth, "--depth");
        const windowMs = parseDuration(opts.window, ["--window"]);
        const steps = opts.funnel
          ?.split(">")
          .map((s) => s.trim())
          .filter((s) => s !== "");
        if (steps !== undefined && steps.length === 0) {
          throw new TesseraError({
            code: "bad_flag",
            path: ["--funnel"],
            message: '--funnel needs at least one step, e.g. "Home>Product"',
          });
        }
        const sequences = customerSequences(readPathEvents(await readCsvTable(file), opts));
        const result: PathsResult = {
          customers: sequences.length,
          paths: topPaths(sequences, top),
          sankey: sankey(sequences, depth),
        };
        if (steps) result.funnel = funnel(sequences, steps, windowMs);
        printResult(opts, result, () => human(result));
      }),
    );
}
