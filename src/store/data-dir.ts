import { resolve } from "node:path";

/** `--data DIR` wins, then TESSERA_DATA, then ./data (DESIGN.md §4). */
export const resolveDataDir = (flag?: string): string => resolve(flag ?? process.env["TESSERA_DATA"] ?? "data");
