import type { Command } from "commander";
import { type AttributePower, attributePower } from "../../discover/index.js";
import { TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, readCsvTable } from "../csv-table.js";

interface AttributesFlags {
  target: string;
  positive?: string;
  idCol?: string;
  exclude?: string;
  json?: boolean;
}

const DEFAULT_POSITIVES = ["1", "true", "yes", "y"];

/** The positive class: --positive, or 1/true/yes when the target's values are such a pair. */
function positiveValue(table: CsvTable, t: number, given: string | undefined): string {
  const values = [...new Set(table.rows.map((r) => r[t] ?? "").filter((v) => v !== ""))];
  if (given !== undefined) {
    if (!values.includes(given)) {
      throw new TesseraError({
        code: "cli_bad_flag",
        path: ["--positive"],
        message: `${table.file}: --positive "${given}" never occurs in column "${table.columns[t]}" (values: ${values.slice(0, 10).join(", ")})`,
      });
    }
    return given;
  }
  const found = values.filter((v) => DEFAULT_POSITIVES.includes(v.toLowerCase()));
  if (values.length === 2 && found.length === 1) return found[0]!;
  throw new TesseraError({
    code: "cli_missing_flag",
    path: ["--positive"],
    message: `${table.file}: column "${table.columns[t]}" has values ${values.slice(0, 10).join(", ")}; say which is the positive class with --positive`,
  });
}

const human = (rows: AttributePower[]) =>
  [
    "  power  measure     value  kind         attribute",
    ...rows.map(
      (r) => `  ${r.power.toFixed(3)}  ${r.measure.padEnd(9)}  ${r.value.toFixed(3)}  ${r.kind.padEnd(11)}  ${r.name}`,
    ),
  ].join("\n");

export function registerAttributesCommand(program: Command): void {
  program
    .command("attributes")
    .description("rank the columns of a CSV file by their univariate power to predict a binary target")
    .argument("<file>", "CSV file with a header row")
    .requiredOption("--target <col>", "binary target column")
    .option("--positive <value>", "the target value counted as positive (default: 1/true/yes)")
    .option("--id-col <col>", "identifier column, left out of the ranking")
    .option("--exclude <cols>", "comma-separated columns to leave out")
    .option("--data <dir>", "data directory (unused: works on the file)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, flags: AttributesFlags) => {
        const table = await readCsvTable(file);
        const t = columnIndex(table, flags.target, "--target");
        const skip = new Set<number>([t]);
        if (flags.idCol !== undefined) skip.add(columnIndex(table, flags.idCol, "--id-col"));
        for (const c of (flags.exclude ?? "").split(",").filter((s) => s.trim() !== "")) {
          skip.add(columnIndex(table, c.trim(), "--exclude"));
        }
        const pos = positiveValue(table, t, flags.positive);
        const rows = table.rows.map((_, i) => i).filter((i) => (table.rows[i]![t] ?? "") !== "");
        const dropped = table.rows.length - rows.length;
        if (dropped > 0) log(`${file}: ${dropped} rows without a "${flags.target}" value left out`);
        const positive = rows.map((i) => table.rows[i]![t] === pos);
        const columns = table.columns
          .map((name, c) => ({ name, c }))
          .filter(({ c }) => !skip.has(c))
          .map(({ name, c }) => ({ name, values: rows.map((i) => table.rows[i]![c] ?? "") }));
        const ranked = attributePower(columns, positive);
        printResult(flags, { attributes: ranked, rows: rows.length, positives: positive.filter(Boolean).length }, () =>
          human(ranked),
        );
      }),
    );
}
