import { fnv1a32, mix32 } from "./prng.js";

/**
 * The demo's A/B test. Variant = top bit of mix32(FNV-1a 32 of "checkout_v2:<profile_id>"): 0 → control, 1 → treatment
 * (the finaliser matters: FNV-1a alone leaves the top bit biased for ids that differ only in their last digits). After a
 * profile's exposure, treatment multiplies P(order | checkout started) by TREATMENT_LIFT, a real +20 % effect on
 * the orders rate that a two-proportion test detects easily at 50,000 profiles.
 */
export const EXPERIMENT = "checkout_v2";
export const VARIANTS = ["control", "treatment"] as const;
export type Variant = (typeof VARIANTS)[number];
export const TREATMENT_LIFT = 1.2;
/** The experiment runs over the last EXPERIMENT_DAYS days of the window (the whole window when shorter). */
export const EXPERIMENT_DAYS = 60;

export const variantOf = (profileId: string): Variant =>
  VARIANTS[mix32(fnv1a32(`${EXPERIMENT}:${profileId}`)) >>> 31] ?? "control";

export interface ArmSummary {
  exposed: number;
  converted: number;
  orders: number;
  revenue: number;
  conversionRate: number;
  ordersPerProfile: number;
}

export interface ExperimentSummary {
  experiment: string;
  start: string;
  end: string;
  designedOrderLift: number;
  control: ArmSummary;
  treatment: ArmSummary;
  /** treatment / control − 1, for the share of exposed profiles with an order after exposure and for orders per profile. */
  relativeLift: { conversion: number; orders: number };
}

/** Ground truth counted while generating: orders after exposure, per arm. */
export class ExperimentTally {
  readonly exposed = new Float64Array(2);
  readonly converted = new Float64Array(2);
  readonly orders = new Float64Array(2);
  readonly revenue = new Float64Array(2);

  expose(variant: number): void {
    this.exposed[variant] = (this.exposed[variant] ?? 0) + 1;
  }

  /** An order after exposure; `first` marks the profile's first such order (a conversion). */
  order(variant: number, revenue: number, first: boolean): void {
    this.orders[variant] = (this.orders[variant] ?? 0) + 1;
    this.revenue[variant] = (this.revenue[variant] ?? 0) + revenue;
    if (first) this.converted[variant] = (this.converted[variant] ?? 0) + 1;
  }

  summary(start: number, end: number): ExperimentSummary {
    const arm = (v: number): ArmSummary => {
      const exposed = this.exposed[v] ?? 0;
      const rate = (x: number): number => (exposed > 0 ? round6(x / exposed) : 0);
      return {
        exposed,
        converted: this.converted[v] ?? 0,
        orders: this.orders[v] ?? 0,
        revenue: Math.round((this.revenue[v] ?? 0) * 100) / 100,
        conversionRate: rate(this.converted[v] ?? 0),
        ordersPerProfile: rate(this.orders[v] ?? 0),
      };
    };
    const control = arm(0);
    const treatment = arm(1);
    const lift = (t: number, c: number): number => (c > 0 ? round6(t / c - 1) : 0);
    return {
      experiment: EXPERIMENT,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      designedOrderLift: round6(TREATMENT_LIFT - 1),
      control,
      treatment,
      relativeLift: {
        conversion: lift(treatment.conversionRate, control.conversionRate),
        orders: lift(treatment.ordersPerProfile, control.ordersPerProfile),
      },
    };
  }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
