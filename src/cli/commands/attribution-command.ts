import type { Command } from "commander";
import {
  type AttributionReport,
  attributionReport,
  type Journey,
  journeysFromEvents,
  type PathCount,
  pathsFromJourneys,
  type TouchEvent,
} from "../../measure/index.js";
import { parseDuration, parseInstant, TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, numberCell, readCsvTable } from "../csv-table.js";

interface AttributionOptions {
  pathCol?: string;
  sep: string;
  conversionsCol?: string;
  nullsCol?: string;
  valueCol?: string;
  events?: string;
  customerCol?: string;
  timeCol?: string;
  channelCol?: string;
  conversionCol?: string;
  halfLife: string;
  order: string;
  json?: boolean;
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no", ""]);

function need(value: string | undefined, flag: string, mode: string): string {
  if (value === undefined || value === "") {
    throw new TesseraError({ code: "missing_flag", path: [flag], message: `${flag} is required with ${mode}` });
  }
  return value;
}

/** Paths mode: one row per distinct path with its conversion and null counts. */
export function readPathCounts(table: CsvTable, opts: AttributionOptions): PathCount[] {
  const pc = columnIndex(table, need(opts.pathCol, "--path-col", "a paths file"), "--path-col");
  const cc = columnIndex(table, need(opts.conversionsCol, "--conversions-col", "a paths file"), "--conversions-col");
  const nc = columnIndex(table, need(opts.nullsCol, "--nulls-col", "a paths file"), "--nulls-col");
  const vc = opts.valueCol !== undefined ? columnIndex(table, opts.valueCol, "--value-col") : -1;
  const out: PathCount[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const path = (table.rows[r]![pc] ?? "")
      .split(opts.sep)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const conversions = numberCell(table, r, cc);
    const nulls = numberCell(table, r, nc);
    if (conversions < 0 || nulls < 0) {
      throw new TesseraError({
        code: "csv_bad_number",
        path: [table.file, table.lines[r] ?? 0, conversions < 0 ? table.columns[cc]! : table.columns[nc]!],
        message: `${table.file}:${table.lines[r]}: conversion and null counts must not be negative`,
      });
    }
    const p: PathCount = { path, conversions, nulls };
    if (vc >= 0) p.value = numberCell(table, r, vc);
    out.push(p);
  }
  return out;
}

/** Events mode: touches and conversions per customer, split into journeys. */
export function readTouchEvents(table: CsvTable, opts: AttributionOptions): TouchEvent[] {
  const mode = "--events";
  const cu = columnIndex(table, need(opts.customerCol, "--customer-col", mode), "--customer-col");
  const ti = columnIndex(table, need(opts.timeCol, "--time-col", mode), "--time-col");
  const ch = columnIndex(table, need(opts.channelCol, "--channel-col", mode), "--channel-col");
  const co = columnIndex(table, need(opts.conversionCol, "--conversion-col", mode), "--conversion-col");
  const vc = opts.valueCol !== undefined ? columnIndex(table, opts.valueCol, "--value-col") : -1;
  return table.rows.map((row, r) => {
    const where = `${table.file}:${table.lines[r]}`;
    const time = parseInstant(row[ti] ?? "") ?? (/^-?\d+(\.\d+)?$/.test(row[ti] ?? "") ? Number(row[ti]) : undefined);
    if (time === undefined) {
      throw new TesseraError({
        code: "csv_bad_time",
        path: [table.file, table.lines[r] ?? 0, table.columns[ti]!],
        message: `${where}: column "${table.columns[ti]}" is not a time (ISO 8601, YYYY-MM-DD or epoch ms): ${JSON.stringify(row[ti] ?? "")}`,
      });
    }
    const flag = (row[co] ?? "").toLowerCase();
    if (!TRUE.has(flag) && !FALSE.has(flag)) {
      throw new TesseraError({
        code: "csv_bad_boolean",
        path: [table.file, table.lines[r] ?? 0, table.columns[co]!],
        message: `${where}: column "${table.columns[co]}" must be true/false, 1/0 or yes/no: ${JSON.stringify(row[co])}`,
      });
    }
    const e: TouchEvent = { customer: row[cu] ?? "", time, channel: row[ch] ?? "", conversion: TRUE.has(flag) };
    if (vc >= 0 && e.conversion && (row[vc] ?? "") !== "") e.value = numberCell(table, r, vc);
    return e;
  });
}

const f = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));

function human(r: AttributionReport & { unattributedConversions?: number }): string {
  const lines = [`P(conversion) = ${r.pConversion.toPrecision(4)}, conversions = ${f(r.totalConversions)}`];
  lines.push(
    `${"channel".padEnd(16)} removal  markov  first  last  linear  position${r.channels[0]?.timeDecay !== undefined ? "  decay" : ""}`,
  );
  for (const c of r.channels) {
    lines.push(
      `${c.channel.padEnd(16)} ${c.removalEffect.toFixed(3)}  ${f(c.markov)}  ${f(c.firstTouch)}  ${f(c.lastTouch)}  ${f(c.linear)}  ${f(c.positionBased)}${c.timeDecay !== undefined ? `  ${f(c.timeDecay)}` : ""}`,
    );
  }
  if (r.unattributedConversions) lines.push(`${r.unattributedConversions} conversion(s) had no touch before them`);
  return lines.join("\n");
}

export function registerAttributionCommand(program: Command): void {
  program
    .command("attribution")
    .description(
      "multi-touch attribution: exact Markov-chain removal effects beside first/last/linear/position/time-decay",
    )
    .argument("[file]", "CSV of distinct paths with conversion and null counts")
    .option("--path-col <col>", "column holding the channel path, e.g. Search > Email > Display")
    .option("--sep <sep>", "separator between channels in a path", ">")
    .option("--conversions-col <col>", "column with the number of conversions of the path")
    .option("--nulls-col <col>", "column with the number of journeys of the path that did not convert")
    .option("--value-col <col>", "column with conversion value (paths: total per path; events: per conversion)")
    .option("--events <file>", "CSV of touch/conversion events instead of a paths file")
    .option("--customer-col <col>", "events: customer id column")
    .option("--time-col <col>", "events: time column (ISO 8601, YYYY-MM-DD or epoch ms)")
    .option("--channel-col <col>", "events: channel of the touch (empty on a pure conversion row)")
    .option("--conversion-col <col>", "events: true/1/yes when the row is a conversion")
    .option("--half-life <duration>", "events: time-decay half-life", "7d")
    .option("--order <n>", "Markov chain order: a state is the last n channels", "1")
    .option("--data <dir>", "data directory (unused: reads the CSV only)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string | undefined, opts: AttributionOptions) => {
        const order = Number(opts.order);
        if (!Number.isInteger(order) || order < 1 || order > 4) {
          throw new TesseraError({
            code: "bad_flag",
            path: ["--order"],
            message: `--order must be an integer from 1 to 4; got "${opts.order}"`,
          });
        }
        if ((file === undefined) === (opts.events === undefined)) {
          throw new TesseraError({
            code: "missing_input",
            path: ["file"],
            message: "give either a paths CSV file or --events F.csv (not both)",
          });
        }
        let paths: PathCount[];
        let journeys: Journey[] | undefined;
        let unattributed: number | undefined;
        if (file !== undefined) {
          paths = readPathCounts(await readCsvTable(file), opts);
        } else {
          const split = journeysFromEvents(readTouchEvents(await readCsvTable(opts.events!), opts));
          journeys = split.journeys;
          unattributed = split.unattributedConversions;
          paths = pathsFromJourneys(journeys);
        }
        const report = attributionReport(paths, {
          ...(journeys ? { journeys, halfLifeMs: parseDuration(opts.halfLife, ["--half-life"]) } : {}),
          withValue: opts.valueCol !== undefined,
          order,
        });
        const out = unattributed !== undefined ? { ...report, unattributedConversions: unattributed } : report;
        printResult(opts, out, () => human(out));
      }),
    );
}
