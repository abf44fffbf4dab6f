/** Loose instant parsing shared by the CSV importers and analytics commands: ISO 8601, YYYY-MM-DD, YYYYMMDD. */
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch milliseconds (UTC for date-only forms), or undefined when the text is not a time. */
export function parseInstant(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const compact = YMD_COMPACT.exec(t);
  const ymd = compact ?? YMD.exec(t);
  if (ymd) {
    const ms = Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3]));
    const d = new Date(ms);
    return d.getUTCDate() === Number(ymd[3]) && d.getUTCMonth() === Number(ymd[2]) - 1 ? ms : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return undefined;
  // A time without an offset is read as UTC so results never depend on the machine's time zone.
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t.replace(" ", "T")}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : ms;
}

export const DAY_MS = 86_400_000;

/** Start of the UTC day containing the instant. */
export const utcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
