import { isTimeZone } from "./rule-record.js";

export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (tz: string): Intl.DateTimeFormat => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
};

/** Local wall-clock time of day in `tz`, in seconds since local midnight. */
export function localSecondsOfDay(at: number, tz: string): number {
  let h = 0;
  let m = 0;
  let s = 0;
  for (const p of formatterFor(tz).formatToParts(new Date(at))) {
    if (p.type === "hour") h = Number(p.value);
    else if (p.type === "minute") m = Number(p.value);
    else if (p.type === "second") s = Number(p.value);
  }
  return h * 3600 + m * 60 + s;
}

/** The person's zone (IANA) when valid, else the fallback. */
export const zoneOf = (traitValue: unknown, fallback: string): string =>
  typeof traitValue === "string" && isTimeZone(traitValue) ? traitValue : fallback;

/**
 * When `at` falls in the quiet window [start, end) of local time in `tz` (windows may wrap midnight), the instant
 * the window ends; otherwise null. The result is computed from the local offset at `at`: across a DST switch inside
 * the window it can be an hour off, so the worker re-checks at the returned instant and waits again if still quiet.
 */
export function quietUntil(at: number, q: QuietHours, tz: string): number | null {
  const start = minutesOf(q.start) * 60;
  const end = minutesOf(q.end) * 60;
  if (start === end) return null;
  const now = localSecondsOfDay(at, tz);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const wait = (end - now + 86_400) % 86_400;
  return at - (at % 1000) + wait * 1000;
}
