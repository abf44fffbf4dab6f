import type { Command } from "commander";
import { rfmTable } from "../../intel/index.js";
import { parseInstant, TesseraError, toIsoDate } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, numberCell, readCsvTable } from "../csv-table.js";

/** Parses a cell as an instant (ISO, YYYY-MM-DD or YYYYMMDD) or fails naming file, line and column. */
export function instantCell(table: CsvTable, row: number, col: number): number {
  const text = table.rows[row]?.[col] ?? "";
  const ms = parseInstant(text);
  if (ms === undefined)
    throw new TesseraError({
      code: "csv_bad_time",
      path: [table.file, table.lines[row] ?? 0, table.columns[col] ?? col],
      message: `${table.file}:${table.lines[row]}: column "${table.columns[col]}" is not a time (ISO 8601, YYYY-MM-DD or YYYYMMDD): ${JSON.stringify(text)}`,
    });
  return ms;
}

/** A non-blank text cell or an error naming file, line and column. */
export function textCell(table: CsvTable, row: number, col: number): string {
  const text = table.rows[row]?.[col] ?? "";
  if (text === "")
    throw new TesseraError({
      code: "csv_blank_cell",
      path: [table.file, table.lines[row] ?? 0, table.columns[col] ?? col],
      message: `${table.file}:${table.lines[row]}: column "${table.columns[col]}" is blank`,
    });
  return text;
}

/** Parses a flag's numeric value, or fails naming the flag. */
export function numberFlag(value: string | undefined, flag: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
    throw new TesseraError({
      code: "bad_flag",
      path: [flag],
      message: `${flag} must be ${integer ? "an integer" : "a number"} (got ${JSON.stringify(value)})`,
    });
  return v;
}

/** A date flag (YYYY-MM-DD or any instant parseInstant accepts) or an error naming the flag. */
export function dateFlag(value: string, flag: string): number {
  const ms = parseInstant(value);
  if (ms === undefined)
    throw new TesseraError({
      code: "bad_flag",
      path: [flag],
      message: `${flag} is not a date: ${JSON.stringify(value)}`,
    });
  return ms;
}

interface RfmOptions {
  customerCol: string;
  timeCol: string;
  amountCol: string;
  orderCol?: string;
  snapshot?: string;
  json?: boolean;
}

export function registerRfmCommand(program: Command): void {
  program
    .command("rfm")
    .description("RFM scores (quintiles 1-5) and named segments per customer from a transactions CSV")
    .argument("<file>", "transactions CSV, one row per purchase line")
    .requiredOption("--customer-col <name>", "customer id column")
    .requiredOption("--time-col <name>", "purchase time column (ISO 8601, YYYY-MM-DD or YYYYMMDD)")
    .requiredOption("--amount-col <name>", "purchase amount column")
    .option("--order-col <name>", "order id column (frequency counts distinct orders instead of rows)")
    .option("--snapshot <date>", "reference day for recency (default: the day after the last purchase)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, opts: RfmOptions) => {
        const table = await readCsvTable(file);
        const c = columnIndex(table, opts.customerCol, "--customer-col");
        const t = columnIndex(table, opts.timeCol, "--time-col");
        const a = columnIndex(table, opts.amountCol, "--amount-col");
        const o = opts.orderCol === undefined ? -1 : columnIndex(table, opts.orderCol, "--order-col");
        const purchases = table.rows.map((row, i) => {
          const order = o >= 0 ? row[o] || `\u0000row${i}` : undefined;
          return {
            customer: textCell(table, i, c),
            at: instantCell(table, i, t),
            amount: numberCell(table, i, a),
            ...(order === undefined ? {} : { order }),
          };
        });
        if (purchases.length === 0)
          throw new TesseraError({ code: "csv_no_rows", path: [file], message: `${file}: no data rows` });
        const snapshot = opts.snapshot === undefined ? undefined : dateFlag(opts.snapshot, "--snapshot");
        const result = rfmTable(purchases, snapshot);
        printResult(opts, { ...result, snapshot: toIsoDate(result.snapshot) }, () =>
          [
            `RFM for ${result.customers.length} customers, snapshot ${toIsoDate(result.snapshot)}`,
            ...result.segments.filter((s) => s.count > 0).map((s) => `  ${s.name.padEnd(20)} ${s.count}`),
          ].join("\n"),
        );
      }),
    );
}
