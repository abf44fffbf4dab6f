/**
 * Behavioural personas of the demo population. Each is a set of rates the profile simulator draws from; a profile
 * also gets its own activity multiplier, so personas overlap the way real segments do instead of forming points.
 */
export type PersonaId = "bargain_hunter" | "loyal_high_spender" | "window_shopper" | "b2b_buyer" | "churner";

export const CHANNELS = ["email", "paid_search", "social", "display", "affiliate", "direct"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Multiplier on the add-to-cart rate of a session by the channel that brought it (what Markov attribution finds). */
export const CHANNEL_LIFT: Readonly<Record<Channel, number>> = {
  email: 1.3,
  paid_search: 1.4,
  social: 0.6,
  display: 0.5,
  affiliate: 1.2,
  direct: 1.1,
};

export interface Persona {
  id: PersonaId;
  /** Share of the population. */
  weight: number;
  /** Organic sessions per day at full activity. */
  sessionsPerDay: number;
  /** Mean product views per session (at least one). */
  viewsPerSession: number;
  /** P(add to cart | session), before the channel lift. */
  addRate: number;
  /** P(checkout | added). */
  checkoutRate: number;
  /** P(order | checkout) in control. */
  orderRate: number;
  /** Mean distinct products per cart. */
  cartLines: number;
  /** Units per line: [min, max]. */
  quantity: readonly [number, number];
  /** -1 takes the cheaper of two candidate products, +1 the pricier, 0 the first. */
  priceTilt: -1 | 0 | 1;
  couponRate: number;
  age: readonly [number, number];
  priceSensitivity: readonly [number, number];
  /** Weights of free, pro, business. */
  plans: readonly [number, number, number];
  optIn: { email: number; sms: number; push: number };
  /** P(open | message sent), P(click | opened). */
  open: number;
  click: number;
  reviewRate: number;
  ratingMean: number;
  npsRate: number;
  npsMean: number;
  /** Weights over CHANNELS for organic sessions. */
  channels: readonly number[];
  /** Sessions in office hours on weekdays (true) or mornings/lunch/evenings every day. */
  officeHours: boolean;
  /** Activity decays from sign-up and stops at a churn date. */
  churns: boolean;
}

export const PERSONAS: readonly Persona[] = [
  {
    id: "bargain_hunter",
    weight: 0.25,
    sessionsPerDay: 0.028,
    viewsPerSession: 3,
    addRate: 0.3,
    checkoutRate: 0.65,
    orderRate: 0.55,
    cartLines: 1.6,
    quantity: [1, 2],
    priceTilt: -1,
    couponRate: 0.6,
    age: [31, 9],
    priceSensitivity: [0.82, 0.08],
    plans: [0.85, 0.15, 0],
    optIn: { email: 0.75, sms: 0.35, push: 0.4 },
    open: 0.35,
    click: 0.35,
    reviewRate: 0.12,
    ratingMean: 3.7,
    npsRate: 0.2,
    npsMean: 7,
    channels: [0.2, 0.25, 0.1, 0.05, 0.3, 0.1],
    officeHours: false,
    churns: false,
  },
  {
    id: "loyal_high_spender",
    weight: 0.12,
    sessionsPerDay: 0.04,
    viewsPerSession: 2.5,
    addRate: 0.5,
    checkoutRate: 0.8,
    orderRate: 0.72,
    cartLines: 2,
    quantity: [1, 2],
    priceTilt: 1,
    couponRate: 0.05,
    age: [44, 10],
    priceSensitivity: [0.2, 0.08],
    plans: [0.25, 0.6, 0.15],
    optIn: { email: 0.8, sms: 0.25, push: 0.5 },
    open: 0.5,
    click: 0.3,
    reviewRate: 0.25,
    ratingMean: 4.5,
    npsRate: 0.3,
    npsMean: 9.2,
    channels: [0.35, 0.1, 0.05, 0.02, 0.03, 0.45],
    officeHours: false,
    churns: false,
  },
  {
    id: "window_shopper",
    weight: 0.35,
    sessionsPerDay: 0.021,
    viewsPerSession: 3.5,
    addRate: 0.07,
    checkoutRate: 0.45,
    orderRate: 0.5,
    cartLines: 1.2,
    quantity: [1, 1],
    priceTilt: 0,
    couponRate: 0.15,
    age: [27, 8],
    priceSensitivity: [0.5, 0.15],
    plans: [0.96, 0.04, 0],
    optIn: { email: 0.5, sms: 0.1, push: 0.3 },
    open: 0.15,
    click: 0.2,
    reviewRate: 0.08,
    ratingMean: 3.9,
    npsRate: 0.15,
    npsMean: 7.2,
    channels: [0.08, 0.12, 0.4, 0.25, 0.05, 0.1],
    officeHours: false,
    churns: false,
  },
  {
    id: "b2b_buyer",
    weight: 0.1,
    sessionsPerDay: 0.026,
    viewsPerSession: 2.5,
    addRate: 0.45,
    checkoutRate: 0.8,
    orderRate: 0.7,
    cartLines: 3,
    quantity: [2, 12],
    priceTilt: 0,
    couponRate: 0.02,
    age: [39, 9],
    priceSensitivity: [0.35, 0.1],
    plans: [0.1, 0.2, 0.7],
    optIn: { email: 0.7, sms: 0.05, push: 0.1 },
    open: 0.3,
    click: 0.25,
    reviewRate: 0.1,
    ratingMean: 4.1,
    npsRate: 0.35,
    npsMean: 8,
    channels: [0.25, 0.35, 0.03, 0.02, 0.05, 0.3],
    officeHours: true,
    churns: false,
  },
  {
    id: "churner",
    weight: 0.18,
    sessionsPerDay: 0.06,
    viewsPerSession: 2.5,
    addRate: 0.3,
    checkoutRate: 0.6,
    orderRate: 0.55,
    cartLines: 1.4,
    quantity: [1, 2],
    priceTilt: 0,
    couponRate: 0.2,
    age: [35, 11],
    priceSensitivity: [0.6, 0.15],
    plans: [0.3, 0.65, 0.05],
    optIn: { email: 0.6, sms: 0.2, push: 0.35 },
    open: 0.3,
    click: 0.25,
    reviewRate: 0.3,
    ratingMean: 2.3,
    npsRate: 0.35,
    npsMean: 3.5,
    channels: [0.15, 0.2, 0.2, 0.15, 0.1, 0.2],
    officeHours: false,
    churns: true,
  },
];

export const PLANS = ["free", "pro", "business"] as const;
export type Plan = (typeof PLANS)[number];
/** Monthly list price in USD. */
export const PLAN_PRICE: Readonly<Record<Plan, number>> = { free: 0, pro: 29, business: 99 };
