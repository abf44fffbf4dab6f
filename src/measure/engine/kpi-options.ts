import { DAY_MS, TesseraError } from "../../model/index.js";

/** Event vocabulary of the KPIs (defaults follow the Segment e-commerce spec, as the demo workspace does). */
export interface KpiEvents {
  /** The macro conversion (orders). */
  conversion: string;
  /** Property of the conversion event holding its value. */
  revenueProperty: string;
  /** Micro-conversions reported next to the macro ones. */
  clicks: string;
  addToCarts: string;
  /** Events that are not customer activity (sent by the business), left out of active and retention counts. */
  notActivity: readonly string[];
}

export const DEFAULT_KPI_EVENTS: KpiEvents = {
  conversion: "Order Completed",
  revenueProperty: "revenue",
  clicks: "Message Clicked",
  addToCarts: "Product Added",
  notActivity: ["Message Sent"],
};

export const MAX_KPI_DAYS = 400;

/** A range of whole UTC days [firstDay, endDay) as day numbers (ms / DAY_MS). */
export interface DayRange {
  firstDay: number;
  endDay: number;
}

/** The UTC days touched by [from, to): every day from from's day to the day of the last instant before `to`. */
export function dayRange(from: number, to: number): DayRange {
  if (!(to > from)) {
    throw new TesseraError({ code: "bad_range", path: ["to"], message: `"to" must be after "from"` });
  }
  const firstDay = Math.floor(from / DAY_MS);
  const endDay = Math.floor((to - 1) / DAY_MS) + 1;
  if (endDay - firstDay > MAX_KPI_DAYS) {
    throw new TesseraError({
      code: "bad_range",
      path: ["from"],
      message: `at most ${MAX_KPI_DAYS} days per request, got ${endDay - firstDay}`,
    });
  }
  return { firstDay, endDay };
}

/** JSON path of a top-level property for json_extract_string (quoted, so names with dots or spaces work). */
export const propertyPath = (name: string): string => `$."${name.replaceAll('"', '\\"')}"`;

/** Division that reports "no denominator" as null rather than NaN (JSON has no NaN). */
export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
