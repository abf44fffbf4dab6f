import { TesseraError } from "./tessera-error.js";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;
const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Parses "90s" | "15m" | "2h" | "30d" | "4w" into milliseconds; undefined when malformed. */
export function tryParseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] as DurationUnit;
  const ms = n * UNIT_MS[unit];
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

export function parseDuration(text: string, path: ReadonlyArray<string | number> = []): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new TesseraError({
      code: "bad_duration",
      path,
      message: `"${text}" is not a duration; use a number and a unit, e.g. 90s, 15m, 2h, 30d, 4w`,
    });
  }
  return ms;
}

/** Prints milliseconds back in the largest unit that divides them exactly. */
export function formatDuration(ms: number): string {
  for (const unit of ["w", "d", "h", "m", "s"] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
