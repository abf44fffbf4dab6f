import type { Command } from "commander";
import { type DriftReport, driftReport } from "../../measure/index.js";
import { TesseraError } from "../../model/index.js";
import { action, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, numberCell, readCsvTable } from "../csv-table.js";

interface DriftOptions {
  expected?: string;
  actual?: string;
  column?: string;
  bins: string;
  groupCol?: string;
  expectedValue?: string;
  actualValue?: string;
  json?: boolean;
}

function numbers(table: CsvTable, col: number, keep?: (row: string[]) => boolean): Float64Array {
  const out: number[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    if (keep && !keep(table.rows[r]!)) continue;
    out.push(numberCell(table, r, col));
  }
  return Float64Array.from(out);
}

function nonEmpty(xs: Float64Array, what: string, flag: string): Float64Array {
  if (xs.length === 0)
    throw new TesseraError({ code: "empty_sample", path: [flag], message: `the ${what} sample is empty` });
  return xs;
}

const n = (x: number | null): string => (x === null ? "∞" : x.toPrecision(4));

function human(r: DriftReport): string {
  const lines = [
    `PSI = ${r.psi.toFixed(4)} (${r.level}) · KS D = ${r.ks.d.toFixed(4)}, p = ${r.ks.pValue.toPrecision(4)} (${r.ks.method})`,
  ];
  for (const b of r.bins) {
    lines.push(
      `  [${b.lower === null ? "-∞" : n(b.lower)}, ${n(b.upper)})  expected ${(100 * b.expected).toFixed(1)}%  actual ${(100 * b.actual).toFixed(1)}%`,
    );
  }
  return lines.join("\n");
}

export function registerDriftCommand(program: Command): void {
  program
    .command("drift")
    .description("distribution drift of a numeric column: PSI on expected-decile bins and a two-sample KS test")
    .option("--expected <file>", "reference CSV (or the single CSV with --group-col)")
    .option("--actual <file>", "current CSV")
    .option("--column <col>", "numeric column to compare")
    .option("--bins <n>", "number of quantile bins of the expected sample", "10")
    .option("--group-col <col>", "one file: column telling the expected rows from the actual rows")
    .option("--expected-value <v>", "with --group-col: value marking expected rows")
    .option("--actual-value <v>", "with --group-col: value marking actual rows")
    .option("--data <dir>", "data directory (unused: reads the CSV only)")
    .option("--json", "print one JSON document")
    .action(
      action(async (opts: DriftOptions) => {
        const bins = Number(opts.bins);
        if (!Number.isInteger(bins) || bins < 2) {
          throw new TesseraError({
            code: "bad_flag",
            path: ["--bins"],
            message: `--bins must be an integer ≥ 2; got "${opts.bins}"`,
          });
        }
        if (opts.column === undefined)
          throw new TesseraError({ code: "missing_flag", path: ["--column"], message: "--column is required" });
        if (opts.expected === undefined)
          throw new TesseraError({ code: "missing_flag", path: ["--expected"], message: "--expected is required" });
        let expected: Float64Array;
        let actual: Float64Array;
        if (opts.groupCol !== undefined) {
          if (opts.expectedValue === undefined || opts.actualValue === undefined) {
            throw new TesseraError({
              code: "missing_flag",
              path: ["--expected-value"],
              message: "--group-col needs --expected-value and --actual-value",
            });
          }
          const t = await readCsvTable(opts.expected);
          const g = columnIndex(t, opts.groupCol, "--group-col");
          const c = columnIndex(t, opts.column, "--column");
          expected = numbers(t, c, (row) => row[g] === opts.expectedValue);
          actual = numbers(t, c, (row) => row[g] === opts.actualValue);
        } else {
          if (opts.actual === undefined)
            throw new TesseraError({
              code: "missing_flag",
              path: ["--actual"],
              message: "--actual is required (or use --group-col)",
            });
          const te = await readCsvTable(opts.expected);
          const ta = await readCsvTable(opts.actual);
          expected = numbers(te, columnIndex(te, opts.column, "--column"));
          actual = numbers(ta, columnIndex(ta, opts.column, "--column"));
        }
        const report = driftReport(
          nonEmpty(expected, "expected", "--expected"),
          nonEmpty(actual, "actual", "--actual"),
          bins,
        );
        printResult(opts, report, () => human(report));
      }),
    );
}
