/** KPI helpers over per-customer facts: rates, revenue per user, order value, repeat rate and their ratio to a baseline. */

export interface CustomerFacts {
  /** Orders (or conversions) in the period. */
  orders: number;
  /** Revenue in the period. */
  revenue: number;
}

export interface KpiSummary {
  customers: number;
  conversionRate: number;
  revenuePerCustomer: number;
  averageOrderValue: number;
  ordersPerCustomer: number;
  repeatRate: number;
}

/** The headline KPIs of a group of customers; rates over customers, AOV over orders (NaN when there are none). */
export function kpiSummary(customers: readonly CustomerFacts[]): KpiSummary {
  let converted = 0;
  let repeat = 0;
  let orders = 0;
  let revenue = 0;
  for (const c of customers) {
    if (c.orders > 0) converted++;
    if (c.orders > 1) repeat++;
    orders += c.orders;
    revenue += c.revenue;
  }
  const n = customers.length;
  return {
    customers: n,
    conversionRate: n > 0 ? converted / n : Number.NaN,
    revenuePerCustomer: n > 0 ? revenue / n : Number.NaN,
    averageOrderValue: orders > 0 ? revenue / orders : Number.NaN,
    ordersPerCustomer: n > 0 ? orders / n : Number.NaN,
    repeatRate: converted > 0 ? repeat / converted : Number.NaN,
  };
}

/** Relative change of every KPI of `segment` against `baseline` (segment / baseline − 1). */
export function kpiIndex(
  segment: KpiSummary,
  baseline: KpiSummary,
): Record<Exclude<keyof KpiSummary, "customers">, number> {
  const ratio = (a: number, b: number): number => (b !== 0 ? a / b - 1 : Number.NaN);
  return {
    conversionRate: ratio(segment.conversionRate, baseline.conversionRate),
    revenuePerCustomer: ratio(segment.revenuePerCustomer, baseline.revenuePerCustomer),
    averageOrderValue: ratio(segment.averageOrderValue, baseline.averageOrderValue),
    ordersPerCustomer: ratio(segment.ordersPerCustomer, baseline.ordersPerCustomer),
    repeatRate: ratio(segment.repeatRate, baseline.repeatRate),
  };
}
