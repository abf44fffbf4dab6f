import { CATALOG, type Product } from "./catalog.js";
import { EventColumns, IDS_ANON, IDS_BOTH, IDS_USER, K } from "./event-columns.js";
import { EXPERIMENT, ExperimentTally, TREATMENT_LIFT, variantOf } from "./experiment.js";
import { type MessageCampaign, messageCampaigns } from "./message-campaigns.js";
import {
  BUSINESS_LANDINGS,
  CURRENCY,
  LANDINGS,
  MESSAGE_TOUCH,
  PRODUCT_JSON,
  productAddedJson,
  TOUCHES,
} from "./payloads.js";
import { CHANNEL_LIFT, CHANNELS, type Channel, PERSONAS, PLAN_PRICE, type Plan } from "./personas.js";
import { cumulative, Rng, streamSeed } from "./prng.js";
import { drawAttributes, type ProfileAttributes, signupTraits } from "./profile-attributes.js";
import { npsComment, reviewText } from "./texts.js";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SimulationWindow {
  seed: number;
  /** Window [start, end) in epoch ms; every generated event lies inside it. */
  start: number;
  end: number;
  /** Start of the experiment (exposures happen in [expStart, end)). */
  expStart: number;
}

const EXPOSURE_JSON = [
  JSON.stringify({ experiment: EXPERIMENT, variant: "control" }),
  JSON.stringify({ experiment: EXPERIMENT, variant: "treatment" }),
];
const CHANNEL_CUM = PERSONAS.map((p) => cumulative(p.channels));
const CANCEL_REASONS = ["too_expensive", "not_using_it", "switched_to_competitor", "missing_features"];
const SOURCE_NONE = 0;
const SOURCE_SMS = 1;
const SOURCE_PUSH = 2;
const EMAIL_CHANNEL = CHANNELS.indexOf("email");
const DIRECT_CHANNEL = CHANNELS.indexOf("direct");

const round2 = (x: number): number => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Generates the whole population into columns: one independent random stream per profile. */
export class PopulationSimulator {
  readonly events = new EventColumns();
  readonly userIds: string[] = [];
  readonly anonymousIds: (string | null)[] = [];
  readonly createdAt: number[] = [];
  readonly identifiedAt: number[] = [];
  /** Context JSON per profile (library, locale, time zone, device), shared by all its rows. */
  readonly contexts: string[] = [];
  readonly personaCounts: Record<string, number> = Object.fromEntries(PERSONAS.map((p) => [p.id, 0]));
  readonly experiment = new ExperimentTally();
  readonly campaigns: readonly MessageCampaign[];
  orders = 0;
  revenue = 0;

  constructor(readonly window: SimulationWindow) {
    this.campaigns = messageCampaigns(window.start, window.end);
  }

  simulate(index: number): void {
    const run = new ProfileRun(this, index);
    run.run();
    this.userIds.push(run.a.userId);
    this.anonymousIds.push(run.a.anonymousId);
    this.createdAt.push(run.createdAt);
    this.identifiedAt.push(run.identifyAt);
    this.contexts.push(run.a.context);
    this.personaCounts[run.a.persona.id] = (this.personaCounts[run.a.persona.id] ?? 0) + 1;
  }
}

/** One profile's life: sign-up, subscription, surveys, messages and sessions, in its own random stream. */
class ProfileRun {
  readonly rng: Rng;
  /** Network delays have their own stream: emitting rows in another order (deferred reviews) leaves behaviour alone. */
  private readonly delays: Rng;
  readonly a: ProfileAttributes;
  createdAt = 0;
  identifyAt = Number.POSITIVE_INFINITY;
  private churnAt = Number.POSITIVE_INFINITY;
  private readonly variant: number;
  private exposed = false;
  private converted = false;
  private orderCount = 0;
  private readonly sessT: number[] = [];
  private readonly sessCh: number[] = [];
  private readonly sessSrc: number[] = [];
  private readonly viewed: Product[] = [];
  /** Reviews come days after their order, so they are emitted last, once the identify time is known. */
  private readonly reviews: [number, string][] = [];

  constructor(
    private readonly sim: PopulationSimulator,
    private readonly index: number,
  ) {
    this.rng = new Rng(streamSeed(sim.window.seed, index));
    this.delays = new Rng(streamSeed(sim.window.seed ^ 0x5bd1e995, index));
    this.a = drawAttributes(this.rng, index);
    this.variant = variantOf(this.a.userId) === "treatment" ? 1 : 0;
  }

  /** Appends a row unless it falls outside the window; says whether it was kept. */
  private emit(ts: number, kind: number, payload: string, name: string | null = null, extra: string | null = null) {
    const w = this.sim.window;
    if (ts < w.start || ts >= w.end) return false;
    const ids = this.a.anonymousId === null ? IDS_USER : ts < this.identifyAt ? IDS_ANON : IDS_BOTH;
    this.sim.events.push(ts, 20 + this.delays.int(480), this.index, kind, ids, payload, name, extra);
    return true;
  }

  run(): void {
    const { start, end } = this.sim.window;
    const rng = this.rng;
    const p = this.a.persona;
    const days = Math.max(1, Math.round((end - start) / DAY));
    // Front-loaded sign-ups (density ∝ 1/√t): an established base plus steady acquisition.
    const createdDay = Math.floor(days * rng.next() ** 2);
    let created = this.localTime(start + createdDay * DAY, false);
    // Local hours east of UTC can fall on the previous UTC day: move those sign-ups a day later, not onto `start`.
    if (created < start) created += DAY;
    this.createdAt = clamp(created, start, end - 3 * HOUR);
    if (p.churns) this.churnAt = this.createdAt + (20 + 60 * rng.next()) * DAY;

    let firstSession = this.createdAt;
    if (this.a.anonymousId === null) {
      this.identifyAt = this.createdAt;
      this.emit(this.createdAt, K.identify, signupTraits(this.a, this.createdAt));
      firstSession += 2 * SEC;
    }
    const firstEnd = this.session(firstSession, this.organicChannel(), SOURCE_NONE);
    if (this.a.anonymousId !== null) {
      // Anonymous-first visitors sign up at the end of their first visit; identify merges the two ids.
      this.identifyAt = Math.min(firstEnd + 5 * SEC, end - SEC);
      this.emit(this.identifyAt, K.identify, signupTraits(this.a, this.createdAt));
    }
    const co = this.a.company;
    if (co) {
      const traits = JSON.stringify({ name: co.name, industry: co.industry, employees: co.employees });
      this.emit(this.identifyAt + SEC, K.group, traits, null, JSON.stringify({ groupId: co.id }));
    }
    this.subscription();
    this.nps();
    this.messages();
    this.organicSessions(createdDay, days, firstEnd + 10 * MIN);
    this.replaySessions();
    for (const [at, review] of this.reviews) this.emit(at, K.reviewSubmitted, review);
  }

  private organicChannel(): number {
    return this.rng.weighted(CHANNEL_CUM[this.a.personaIndex] as Float64Array);
  }

  /** A session start on the given UTC day, from the persona's local-time habits; NaN when no session that day. */
  private localTime(dayStart: number, skipWeekends: boolean): number {
    const rng = this.rng;
    let hour: number;
    if (this.a.persona.officeHours) {
      const dow = (Math.floor(dayStart / DAY) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      if (skipWeekends && (dow === 0 || dow === 6) && !rng.chance(0.15)) return Number.NaN;
      hour = 8.5 + 9.5 * rng.next();
    } else {
      const r = rng.next();
      hour = r < 0.15 ? 7 + 2 * rng.next() : r < 0.45 ? 11.5 + 2.5 * rng.next() : 17 + 6.5 * rng.next();
    }
    return Math.floor(dayStart + (hour - this.a.city.utcOffsetHours) * HOUR);
  }

  private addSession(t: number, channel: number, source: number): void {
    this.sessT.push(t);
    this.sessCh.push(channel);
    this.sessSrc.push(source);
  }

  private organicSessions(createdDay: number, days: number, notBefore: number): void {
    const { start, end } = this.sim.window;
    const base = this.a.persona.sessionsPerDay * this.a.activity;
    const tau = (this.churnAt - this.createdAt) / 2;
    for (let d = createdDay; d < days; d++) {
      const dayStart = start + d * DAY;
      if (dayStart >= this.churnAt) break;
      // Churners fade out: activity decays from sign-up and stops at the churn date.
      const act = Number.isFinite(tau) ? Math.exp(-(dayStart - this.createdAt) / tau) : 1;
      const k = this.rng.poisson(base * act);
      for (let j = 0; j < k; j++) {
        const t = this.localTime(dayStart, true);
        if (!(t >= notBefore && t < end && t < this.churnAt)) continue;
        this.addSession(t, this.organicChannel(), SOURCE_NONE);
      }
    }
  }

  private replaySessions(): void {
    const order = this.sessT.map((_, i) => i).sort((x, y) => (this.sessT[x] ?? 0) - (this.sessT[y] ?? 0));
    for (const i of order) this.session(this.sessT[i] ?? 0, this.sessCh[i] ?? 0, this.sessSrc[i] ?? 0);
  }

  private subscription(): void {
    const { end } = this.sim.window;
    const plan: Plan = this.a.targetPlan;
    if (plan === "free") return;
    const rng = this.rng;
    const at = Math.floor(this.identifyAt + HOUR + rng.exp(5 * DAY));
    if (at >= end || at >= this.churnAt) return;
    const annual = rng.chance(plan === "business" ? 0.5 : 0.25);
    const mrr = annual ? round2((PLAN_PRICE[plan] * 10) / 12) : PLAN_PRICE[plan];
    const billing = annual ? "annual" : "monthly";
    this.emit(at, K.subscriptionStarted, JSON.stringify({ plan, billing_period: billing, mrr, currency: CURRENCY }));
    this.emit(at + SEC, K.identify, JSON.stringify({ plan }));
    if (this.churnAt < end) {
      const reason = rng.pick(CANCEL_REASONS);
      const cancelAt = Math.floor(this.churnAt);
      this.emit(cancelAt, K.subscriptionCancelled, JSON.stringify({ plan, reason, mrr, currency: CURRENCY }));
      this.emit(cancelAt + SEC, K.identify, JSON.stringify({ plan: "free" }));
    }
  }

  private nps(): void {
    const p = this.a.persona;
    const rng = this.rng;
    if (!rng.chance(p.npsRate)) return;
    const churns = Number.isFinite(this.churnAt);
    let t = churns
      ? this.createdAt + (this.churnAt - this.createdAt) * (0.5 + 0.4 * rng.next())
      : this.identifyAt + (14 + 46 * rng.next()) * DAY;
    t = Math.floor(Math.max(t, this.identifyAt + HOUR));
    const score = Math.round(clamp(p.npsMean + 1.5 * rng.normal(), 0, 10));
    const comment = npsComment(rng, score);
    this.emit(t, K.npsAnswered, JSON.stringify({ score, comment, survey: "relationship_nps" }));
  }

  private messages(): void {
    const rng = this.rng;
    const p = this.a.persona;
    for (const c of this.sim.campaigns) {
      if (c.at < this.identifyAt || !this.a.optIn[c.channel]) continue;
      const sent = c.at + rng.int(10 * MIN);
      if (!this.emit(sent, K.messageSent, c.sent)) continue;
      // After churning people stop engaging but stay on the lists.
      const engage = sent >= this.churnAt ? 0.03 : 1;
      if (c.channel === "sms") {
        // SMS has no open tracking; only link clicks are reported.
        if (!rng.chance(p.open * p.click * 2 * engage)) continue;
        const click = Math.floor(sent + 30 * SEC + rng.exp(10 * MIN));
        if (this.emit(click, K.messageClicked, c.clicked)) {
          this.addSession(click + 20 * SEC + Math.floor(rng.exp(MIN)), DIRECT_CHANNEL, SOURCE_SMS);
        }
        continue;
      }
      if (!rng.chance(p.open * engage)) continue;
      const open = Math.floor(sent + 10 * SEC + rng.exp(c.channel === "push" ? 20 * MIN : 3 * HOUR));
      if (!this.emit(open, K.messageOpened, c.opened) || !rng.chance(p.click)) continue;
      const click = Math.floor(open + 5 * SEC + rng.exp(90 * SEC));
      if (this.emit(click, K.messageClicked, c.clicked)) {
        const ch = c.channel === "email" ? EMAIL_CHANNEL : DIRECT_CHANNEL;
        const src = c.channel === "email" ? SOURCE_NONE : SOURCE_PUSH;
        this.addSession(click + 20 * SEC + Math.floor(rng.exp(MIN)), ch, src);
      }
    }
  }

  private pickProduct(): Product {
    const rng = this.rng;
    const fav = this.a.favouriteCategories;
    const cat =
      fav.length > 0 && rng.chance(0.75) ? (fav[rng.int(fav.length)] ?? 0) : rng.weighted(CATALOG.categoryShares);
    const list = CATALOG.byCategory[cat] ?? CATALOG.byCategory[0] ?? [];
    const first = list[rng.weighted(CATALOG.popularity)] as Product;
    const tilt = this.a.persona.priceTilt;
    if (tilt === 0) return first;
    const second = list[rng.weighted(CATALOG.popularity)] as Product;
    return (second.price - first.price) * tilt > 0 ? second : first;
  }

  /** One visit: touch, landing page, exposure, product views, maybe a cart, a checkout, an order. Returns its end. */
  private session(t0: number, channel: number, source: number): number {
    const rng = this.rng;
    const p = this.a.persona;
    const w = this.sim.window;
    const touch =
      source === SOURCE_SMS
        ? MESSAGE_TOUCH.sms
        : source === SOURCE_PUSH
          ? MESSAGE_TOUCH.push
          : rng.pick(TOUCHES[channel] ?? []);
    if (!this.emit(t0, K.campaignTouch, touch)) return t0;
    const landing =
      p.id === "b2b_buyer" && rng.chance(0.5)
        ? (BUSINESS_LANDINGS[channel] ?? BUSINESS_LANDINGS[0])
        : rng.pick(LANDINGS[channel] ?? []);
    if (landing) this.emit(t0 + SEC, K.page, landing.json, landing.name);
    let t = t0 + 2 * SEC;
    if (!this.exposed && t >= w.expStart && this.emit(t, K.experimentViewed, EXPOSURE_JSON[this.variant] ?? "")) {
      this.exposed = true;
      this.sim.experiment.expose(this.variant);
    }
    const views = 1 + rng.poisson(p.viewsPerSession - 1);
    this.viewed.length = 0;
    for (let v = 0; v < views; v++) {
      t += 4 * SEC + Math.floor(rng.exp(40 * SEC));
      const product = this.pickProduct();
      this.emit(t, K.productViewed, PRODUCT_JSON.get(product) ?? "{}");
      if (!this.viewed.includes(product)) this.viewed.push(product);
    }
    const lift = CHANNEL_LIFT[CHANNELS[channel] as Channel];
    if (!rng.chance(Math.min(0.95, p.addRate * lift))) return t;
    const lines = Math.min(this.viewed.length, 1 + rng.poisson(p.cartLines - 1));
    const cart: { product: Product; quantity: number }[] = [];
    for (let l = 0; l < lines; l++) {
      const product = this.viewed[l] as Product;
      const quantity = p.quantity[0] + rng.int(p.quantity[1] - p.quantity[0] + 1);
      t += 3 * SEC + Math.floor(rng.exp(20 * SEC));
      if (this.emit(t, K.productAdded, productAddedJson(product, quantity))) cart.push({ product, quantity });
    }
    if (cart.length === 0 || !rng.chance(p.checkoutRate)) return t;
    let value = 0;
    let items = 0;
    for (const c of cart) {
      value += c.product.price * c.quantity;
      items += c.quantity;
    }
    value = round2(value);
    t += 10 * SEC + Math.floor(rng.exp(MIN));
    if (!this.emit(t, K.checkoutStarted, JSON.stringify({ value, items, currency: CURRENCY }))) return t;
    const treated = this.exposed && this.variant === 1;
    if (!rng.chance(Math.min(0.98, p.orderRate * (treated ? TREATMENT_LIFT : 1)))) return t;
    t += 20 * SEC + Math.floor(rng.exp(MIN));
    return this.order(t, cart, value, items);
  }

  private order(t: number, cart: { product: Product; quantity: number }[], value: number, items: number): number {
    const rng = this.rng;
    const p = this.a.persona;
    const coupon = rng.chance(p.couponRate);
    const discount = coupon ? round2(value * 0.15) : 0;
    const revenue = round2(value - discount);
    const orderId = `${this.a.userId}-o${++this.orderCount}`;
    const props: Record<string, unknown> = {
      order_id: orderId,
      revenue,
      items,
      products: cart.map((c) => ({
        product_id: c.product.id,
        category: c.product.category,
        price: c.product.price,
        quantity: c.quantity,
      })),
      currency: CURRENCY,
    };
    if (coupon) {
      props["coupon"] = "SAVE15";
      props["discount"] = discount;
    }
    if (!this.emit(t, K.orderCompleted, JSON.stringify(props))) return t;
    this.sim.orders++;
    this.sim.revenue += revenue;
    if (this.exposed) {
      this.sim.experiment.order(this.variant, revenue, !this.converted);
      this.converted = true;
    }
    if (rng.chance(p.reviewRate)) {
      const item = cart[rng.int(cart.length)] ?? cart[0];
      const at = Math.floor(t + (1 + 9 * rng.next()) * DAY);
      const rating = Math.round(clamp(p.ratingMean + 0.9 * rng.normal(), 1, 5));
      if (item) {
        const text = reviewText(rng, rating, item.product.name);
        const review = { product_id: item.product.id, order_id: orderId, rating, text };
        this.reviews.push([at, JSON.stringify(review)]);
      }
    }
    return t;
  }
}
