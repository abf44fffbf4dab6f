import { TesseraError } from "../../model/index.js";

/** An integer flag value ≥ min, or an error naming the flag. */
export function intFlag(text: string, flag: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: [flag],
      message: `${flag} must be an integer ≥ ${min}, got "${text}"`,
    });
  }
  return v;
}

/** A finite number flag value ≥ min, or an error naming the flag. */
export function numberFlag(text: string, flag: string, min: number): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v < min) {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: [flag],
      message: `${flag} must be a number ≥ ${min}, got "${text}"`,
    });
  }
  return v;
}

/** Quotes a CSV cell when it needs it. */
export const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
