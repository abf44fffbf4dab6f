import { DAY_MS, TesseraError, utcDay } from "../../model/index.js";

/** One purchase: who, when (epoch ms) and how much. */
export interface Purchase {
  customer: string;
  at: number;
  amount: number;
}

export type TimeUnit = "day" | "week";

export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7 };

export interface CustomerSummary {
  ids: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
}

/**
 * The standard calibration summary (as lifetimes' `summary_data_from_transaction_data` with daily periods):
 * purchases on the same UTC day are merged into one; frequency = purchase days − 1; recency = days from the first
 * to the last purchase day; T = days from the first purchase day to the calibration-end day; monetary = mean value
 * of the repeat purchase days (0 without any). Durations are then divided by the unit (7 for weeks). Purchases after
 * the calibration-end day are ignored, and so are customers whose first purchase is after it.
 */
export function summarizeTransactions(
  purchases: readonly Purchase[],
  calibrationEnd: number,
  unit: TimeUnit = "week",
): CustomerSummary {
  const endDay = utcDay(calibrationEnd);
  const perCustomer = new Map<string, Map<number, number>>();
  for (const p of purchases) {
    const day = utcDay(p.at);
    if (day > endDay) continue;
    let days = perCustomer.get(p.customer);
    if (!days) {
      days = new Map();
      perCustomer.set(p.customer, days);
    }
    days.set(day, (days.get(day) ?? 0) + p.amount);
  }
  if (perCustomer.size === 0)
    throw new TesseraError({
      code: "clv_no_customers",
      message: "no purchases on or before the calibration end",
    });
  const ids = [...perCustomer.keys()];
  const n = ids.length;
  const out: CustomerSummary = {
    ids,
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n),
  };
  const unitMs = UNIT_DAYS[unit] * DAY_MS;
  ids.forEach((id, i) => {
    const days = [...perCustomer.get(id)!.entries()].sort((a, b) => a[0] - b[0]);
    const first = days[0]![0];
    const last = days[days.length - 1]![0];
    let repeatValue = 0;
    for (let k = 1; k < days.length; k++) repeatValue += days[k]![1];
    out.frequency[i] = days.length - 1;
    out.recency[i] = (last - first) / unitMs;
    out.T[i] = (endDay - first) / unitMs;
    out.monetary[i] = days.length > 1 ? repeatValue / (days.length - 1) : 0;
  });
  return out;
}
