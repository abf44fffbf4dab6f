import { createReadStream, existsSync } from "node:fs";
import { parse } from "csv-parse";
import { TesseraError } from "../model/index.js";

/** A CSV file read whole for the analytics commands: header names and string cells, with 1-based file line numbers. */
export interface CsvTable {
  file: string;
  columns: string[];
  rows: string[][];
  /** lines[i] is the file line of rows[i] (header is line 1). */
  lines: number[];
}

export async function readCsvTable(file: string): Promise<CsvTable> {
  if (!existsSync(file)) throw new TesseraError({ code: "file_not_found", message: `${file}: no such file` });
  const parser = createReadStream(file).pipe(
    parse({ bom: true, relax_column_count: false, skip_empty_lines: true, trim: true, info: true }),
  );
  let columns: string[] | null = null;
  const rows: string[][] = [];
  const lines: number[] = [];
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) columns = rec.record;
      else {
        rows.push(rec.record);
        lines.push(rec.info.lines);
      }
    }
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new TesseraError({
      code: "csv_parse_error",
      path: [file, err.lines ?? 0],
      message: `${file}:${err.lines ?? "?"}: ${err.message ?? String(e)}`,
    });
  }
  if (columns === null)
    throw new TesseraError({ code: "csv_empty", path: [file], message: `${file}: the file is empty` });
  return { file, columns, rows, lines };
}

/** Index of a named column, or a clear error naming the file, the flag and the columns it has. */
export function columnIndex(table: CsvTable, name: string, flag: string): number {
  const i = table.columns.indexOf(name);
  if (i < 0) {
    throw new TesseraError({
      code: "csv_missing_column",
      path: [table.file, flag],
      message: `${table.file}: no column "${name}" (from ${flag}); columns are ${table.columns.join(", ")}`,
    });
  }
  return i;
}

/** Parses a numeric cell or fails naming file, line and column. */
export function numberCell(table: CsvTable, row: number, col: number): number {
  const text = table.rows[row]?.[col] ?? "";
  const v = Number(text);
  if (text === "" || !Number.isFinite(v)) {
    throw new TesseraError({
      code: "csv_bad_number",
      path: [table.file, table.lines[row] ?? 0, table.columns[col] ?? col],
      message: `${table.file}:${table.lines[row]}: column "${table.columns[col]}" is not a number: ${JSON.stringify(text)}`,
    });
  }
  return v;
}
