import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes small CSV files into a fresh temporary directory and returns their paths by name. */
export function writeCsvs(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "tessera-measure-"));
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = join(dir, name);
    writeFileSync(out[name], text);
  }
  return out;
}

/** CSV text of a column header and rows. */
export const csv = (header: string, rows: readonly (readonly (string | number)[])[]): string =>
  `${header}\n${rows.map((r) => r.join(",")).join("\n")}\n`;
