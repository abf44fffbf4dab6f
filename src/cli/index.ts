/** The `tessera` command line: commander shells over the engine modules. */

export { type CsvTable, columnIndex, numberCell, readCsvTable } from "./csv-table.js";
export { main } from "./main.js";
