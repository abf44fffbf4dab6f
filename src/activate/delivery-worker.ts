import type { Store } from "../store/index.js";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.js";
import { type Clock, systemClock } from "./clock.js";
import { configEpoch } from "./config-epoch.js";
import { type Delivery, DeliveryError } from "./delivery.js";
import { type Lane, toDelivery } from "./delivery-lane.js";
import type { DestinationAdapter } from "./destination-adapter.js";
import { type DestinationRecord, RULE_PREFIX, STAR } from "./destination-record.js";
import { DestinationRepo } from "./destination-repo.js";
import { factoryOf } from "./destinations/destination-kinds.js";
import { Dispatcher } from "./dispatcher.js";
import { outboxRewinds } from "./outbox-rewind.js";
import type { OutboxRow } from "./outbox-row.js";
import { failureOutcome, gateOutcome, outcomeOf } from "./outcome-builder.js";
import { type Outcome, writeOutcomes } from "./outcome-writer.js";
import { TokenBucket } from "./rate-limiter.js";
import type { Rule } from "./rule-record.js";
import { RuleRepo } from "./rule-repo.js";
import { type GateDecision, gateAction, gateMemberships } from "./send-gate.js";

export interface WorkerOptions {
  now?: Clock;
  /** Jitter source (tests pass a seeded one). */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Idle poll interval of `start()`. */
  pollMs?: number;
  /** Largest prefix a batch destination (file, Postgres) receives at once. */
  batchSize?: number;
  /** Concurrent actions per automation rule. */
  ruleConcurrency?: number;
  /** How long destinations and rules edited by another process may stay cached (default 1 s). */
  configTtlMs?: number;
  log?: (msg: string) => void;
}

/**
 * The delivery worker. At-least-once: a row is marked delivered only after the destination acknowledged, in a
 * transaction, so a crash at any point re-sends (with the same idempotency key) and never loses. Per-profile order:
 * only the oldest pending row of a (destination, profile) is ever eligible, and it stays blocking until its outcome
 * is committed — including while it waits out a backoff. Concurrency and a token-bucket rate limit apply per
 * destination; failures back off exponentially with jitter and go to the dead-letter queue (status "dead") after
 * the destination's maxAttempts or on a non-retryable error.
 */
export class DeliveryWorker {
  readonly now: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly ruleConcurrency: number;
  private readonly log: (msg: string) => void;
  private readonly destinations: DestinationRepo;
  private readonly rules: RuleRepo;
  private readonly dispatcher: Dispatcher;
  private readonly lanes = new Map<string, Lane>();
  private readonly adapters = new Map<string, { adapter: DestinationAdapter; version: number }>();
  private readonly running = new Set<Promise<void>>();
  private completed: Outcome[] = [];
  private dests = new Map<string, DestinationRecord>();
  private cached: { at: number; epoch: number; dests: DestinationRecord[]; rules: Rule[] } | null = null;
  private readonly configTtlMs: number;
  private afterRounds: Lane[] = [];
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    opts: WorkerOptions = {},
  ) {
    this.now = opts.now ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.pollMs = opts.pollMs ?? 100;
    this.batchSize = opts.batchSize ?? 500;
    this.ruleConcurrency = opts.ruleConcurrency ?? 8;
    this.configTtlMs = opts.configTtlMs ?? 1000;
    this.log = opts.log ?? (() => undefined);
    this.destinations = new DestinationRepo(store, this.now);
    this.rules = new RuleRepo(store, this.now);
    this.dispatcher = new Dispatcher(store, this.destinations, this.rules, this.now);
  }

  /**
   * One round: commit finished outcomes, dispatch new changes, launch every due delivery the limits allow.
   * With `wait`, also waits for the launched sends and commits them (tests and `drain`). Returns the work done.
   */
  async tick(wait = false): Promise<number> {
    let work = await this.flush();
    const config = await this.config();
    work += await this.dispatcher.dispatch(config);
    // Rows wait only for a destination or a rule: with neither, there is nothing to scan for.
    if (config.dests.length > 0 || config.rules.length > 0) work += await this.launchDue();
    if (wait) {
      while (this.running.size > 0) await Promise.all([...this.running]);
      work += await this.flush();
    }
    return work;
  }

  /** Ticks until nothing is due at the current clock (tests with a manual clock). */
  async drain(maxRounds = 1000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) if ((await this.tick(true)) === 0) return;
  }

  /** Runs until `stop()`: ticks continuously while there is work, polls every pollMs when idle. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        let work = 0;
        try {
          work = await this.tick(false);
        } catch (e) {
          this.log(`activation worker: ${(e as Error).message}`);
        }
        // Sends in flight: gather their outcomes for a few ms so commits carry many rows. Idle: sleep until a
        // producer pokes or the poll interval passes.
        const busy = this.running.size > 0;
        if ((work === 0 || busy) && !this.stopping) {
          await new Promise<void>((r) => {
            const t = setTimeout(r, busy ? Math.min(this.pollMs, 10) : this.pollMs);
            this.wake = () => {
              clearTimeout(t);
              r();
            };
          });
          this.wake = null;
        }
      }
      while (this.running.size > 0) await Promise.all([...this.running]);
      await this.flush().catch((e: Error) => this.log(`activation worker: ${e.message}`));
    })();
  }

  /** Nudges an idle loop (a producer just wrote outbox rows). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const lane of this.lanes.values()) {
      if (lane.pumpTimer) clearTimeout(lane.pumpTimer);
      lane.pumpTimer = null;
    }
    this.wake?.();
    await this.loop;
    this.loop = null;
    for (const a of this.adapters.values()) await a.adapter.close?.();
    this.adapters.clear();
  }

  /** Destinations and rules, re-read when this process edited them or after configTtlMs (edits from elsewhere). */
  private async config(): Promise<{ dests: DestinationRecord[]; rules: Rule[] }> {
    const t = performance.now();
    if (!this.cached || this.cached.epoch !== configEpoch() || t - this.cached.at > this.configTtlMs) {
      const epoch = configEpoch();
      this.cached = { at: t, epoch, dests: await this.destinations.list(), rules: await this.rules.list() };
    }
    return this.cached;
  }

  private async adapterFor(dest: DestinationRecord): Promise<DestinationAdapter> {
    const cur = this.adapters.get(dest.id);
    if (cur && cur.version === dest.updatedAt) return cur.adapter;
    if (cur) await cur.adapter.close?.();
    const adapter = factoryOf(dest.kind).create(
      { id: dest.id, kind: dest.kind, name: dest.name, config: dest.config },
      { store: this.store, now: this.now },
    );
    this.adapters.set(dest.id, { adapter, version: dest.updatedAt });
    return adapter;
  }

  private async laneFor(
    id: string,
    dests: Map<string, DestinationRecord>,
    rules: Map<string, Rule>,
  ): Promise<Lane | null> {
    const isRule = id.startsWith(RULE_PREFIX);
    const dest = isRule ? null : (dests.get(id) ?? null);
    const rule = isRule ? (rules.get(id.slice(RULE_PREFIX.length)) ?? null) : null;
    if (!isRule && !dest?.enabled) return null;
    const version = dest?.updatedAt ?? rule?.updatedAt ?? 0;
    const old = this.lanes.get(id);
    if (old && old.version === version) {
      old.rule = rule;
      return old;
    }
    const settings = {
      dest,
      rule,
      adapter: dest ? await this.adapterFor(dest) : null,
      bucket: dest?.ratePerSec ? new TokenBucket(dest.ratePerSec, this.now()) : null,
      concurrency: dest?.concurrency ?? this.ruleConcurrency,
      maxAttempts: dest?.maxAttempts ?? 10,
      version,
    };
    if (old) {
      // An edited destination updates its lane in place: sends in flight still count against it when they finish.
      Object.assign(old, settings);
      return old;
    }
    const lane: Lane = {
      id,
      ...settings,
      profiles: new Set(),
      queue: [],
      inflight: 0,
      pumpTimer: null,
      batchBusy: false,
      lastRoundAt: Number.NEGATIVE_INFINITY,
    };
    this.lanes.set(id, lane);
    return lane;
  }

  /**
   * Every destination row below this seq has left "pending" (rows are appended in seq order and only a dead-letter
   * retry or replay makes an old row pending again, which rewinds it): the due scan starts here instead of reading
   * the whole outbox on every pass.
   */
  private pendingFrom = 0;
  private rewindsSeen = outboxRewinds();

  private async launchDue(): Promise<number> {
    const now = this.now();
    const rewinds = outboxRewinds();
    if (rewinds !== this.rewindsSeen) this.pendingFrom = 0;
    const from = this.pendingFrom;
    const groups = await this.store.all<{ destination: string | null; next: number; low: number; top: number }>(
      `SELECT destination, min(next_attempt_at) AS next, min(seq) AS low, NULL AS top FROM outbox
       WHERE seq >= $1 AND status = 'pending' AND destination <> '${STAR}' GROUP BY destination
       UNION ALL SELECT NULL, NULL, NULL, max(seq) FROM outbox WHERE seq >= $1`,
      [from],
    );
    let low = Number.POSITIVE_INFINITY;
    let top = from - 1;
    for (const g of groups) {
      if (g.destination === null) top = Math.max(top, Number(g.top ?? from - 1));
      else low = Math.min(low, Number(g.low));
    }
    // Nothing pending: later rows get greater seqs than the greatest seen now.
    this.pendingFrom = Number.isFinite(low) ? low : top + 1;
    this.rewindsSeen = rewinds;
    const due = groups.filter((g) => g.destination !== null && Number(g.next) <= now);
    if (due.length === 0) return 0;
    const config = await this.config();
    const dests = new Map(config.dests.map((d) => [d.id, d]));
    const rules = new Map(config.rules.map((r) => [r.id, r]));
    this.dests = dests;
    let launched = 0;
    for (const { destination } of due) {
      const lane = await this.laneFor(destination ?? "", dests, rules);
      if (!lane) continue;
      launched += lane.adapter?.mode === "batch" ? await this.launchBatch(lane, now) : await this.launchEach(lane, now);
    }
    return launched;
  }

  private async launchEach(lane: Lane, now: number): Promise<number> {
    // Claim ahead (up to 8 × concurrency) so a slow database round trip never leaves send slots idle.
    const want = lane.concurrency * 8 - lane.queue.length;
    if (want <= 0) return this.pump(lane);
    const heads = await this.store.all<OutboxRow>(
      `SELECT * FROM (
         SELECT * FROM outbox WHERE seq >= $4 AND destination = $1 AND status = 'pending'
         QUALIFY row_number() OVER (PARTITION BY profile_id ORDER BY seq) = 1
       ) WHERE next_attempt_at <= $2 ORDER BY seq LIMIT $3`,
      [lane.id, now, want + lane.profiles.size, this.pendingFrom],
    );
    const claimed = heads
      .filter((r) => !lane.profiles.has(r.profile_id ?? ""))
      .slice(0, want)
      .map(toDelivery);
    if (claimed.length === 0) return this.pump(lane);
    for (const d of claimed) lane.profiles.add(d.profileId);
    let sends = claimed;
    if (lane.dest) {
      // Audience rows: consent and "does the destination hold this member" for the whole claim in one go.
      const members = claimed.filter((d) => d.kind === "membership");
      const decisions = new Map(
        (await gateMemberships(this.store, lane.dest, members)).map((g, i) => [members[i]!.seq, g] as const),
      );
      sends = [];
      for (const d of claimed) {
        const g = decisions.get(d.seq);
        if (!g || g.kind === "send") sends.push(d);
        else this.completed.push(this.fromGate(lane, d, g, now));
      }
    }
    lane.queue.push(...sends);
    return claimed.length - sends.length + this.pump(lane);
  }

  /** Starts queued sends while the lane has free slots and rate tokens; returns how many started. */
  private pump(lane: Lane): number {
    let started = 0;
    while (lane.inflight < lane.concurrency && lane.queue.length > 0) {
      if (lane.bucket && lane.bucket.take(1, this.now()) === 0) {
        if (!lane.pumpTimer && !this.stopping) {
          lane.pumpTimer = setTimeout(() => {
            lane.pumpTimer = null;
            this.pump(lane);
          }, lane.bucket.waitMs());
        }
        break;
      }
      const d = lane.queue.shift()!;
      lane.inflight++;
      started++;
      this.track(this.runEach(lane, d));
    }
    return started;
  }

  private async launchBatch(lane: Lane, now: number): Promise<number> {
    if (lane.batchBusy) return 0;
    if (lane.adapter?.everyMs !== undefined && now - lane.lastRoundAt < lane.adapter.everyMs) return 0;
    const rows = await this.store.all<OutboxRow>(
      `SELECT * FROM outbox WHERE seq >= $2 AND destination = $1 AND status = 'pending' ORDER BY seq LIMIT ${this.batchSize}`,
      [lane.id, this.pendingFrom],
    );
    // The oldest rows go first, all together: a batch stops at the first row still backing off.
    const batch: Delivery[] = [];
    for (const r of rows) {
      if ((r.next_attempt_at ?? 0) > now) break;
      batch.push(toDelivery(r));
    }
    if (batch.length === 0) return 0;
    lane.batchBusy = true;
    lane.lastRoundAt = now;
    this.track(this.runBatch(lane, batch));
    return batch.length;
  }

  private track(p: Promise<void>): void {
    const q: Promise<void> = p
      .catch((e: Error) => this.log(`activation worker: ${e.message}`))
      .finally(() => this.running.delete(q));
    this.running.add(q);
  }

  private outcome(lane: Lane, d: Delivery, startedAt: number, rest: Partial<Outcome>): Outcome {
    return outcomeOf(lane, d, startedAt, this.now(), rest);
  }

  private fromGate(lane: Lane, d: Delivery, g: Exclude<GateDecision, { kind: "send" }>, t: number): Outcome {
    return gateOutcome(lane, d, g, t, this.now());
  }

  private failure(lane: Lane, d: Delivery, e: unknown, startedAt: number, t0: number, channel: string | null): Outcome {
    return failureOutcome(lane, d, e, {
      startedAt,
      t0,
      channel,
      now: this.now(),
      backoff: this.backoff,
      random: this.random,
    });
  }

  private async runEach(lane: Lane, d: Delivery): Promise<void> {
    const startedAt = this.now();
    let result: Outcome;
    if (lane.id.startsWith(RULE_PREFIX)) {
      result = await this.runAction(lane, d, this.dests, startedAt);
    } else {
      const t0 = performance.now();
      try {
        await lane.adapter!.send([d]);
        result = this.outcome(lane, d, startedAt, { durationMs: performance.now() - t0 });
      } catch (e) {
        result = this.failure(lane, d, e, startedAt, t0, null);
      }
    }
    this.completed.push(result);
    lane.inflight--;
    this.pump(lane);
  }

  private async runAction(
    lane: Lane,
    d: Delivery,
    dests: Map<string, DestinationRecord>,
    startedAt: number,
  ): Promise<Outcome> {
    const g = await gateAction(this.store, lane.rule, d, startedAt);
    if (g.kind !== "send") return this.fromGate(lane, d, g, startedAt);
    const rule = lane.rule!;
    const t0 = performance.now();
    try {
      const target = dests.get(rule.action.destination);
      if (!target?.enabled) {
        throw new DeliveryError(`rule destination "${rule.action.destination}" is missing or disabled`, {
          retryable: true,
        });
      }
      const adapter = await this.adapterFor(target);
      const trigger = (d.payload["trigger"] ?? {}) as Record<string, unknown>;
      const message = {
        rule: { id: rule.id, name: rule.name },
        profile: d.profileId,
        channel: g.channel,
        trigger,
        traits: g.traits,
        sentAt: new Date(this.now()).toISOString(),
      };
      await adapter.send([{ ...d, kind: "action", payload: message }]);
      return this.outcome(lane, d, startedAt, {
        durationMs: performance.now() - t0,
        channel: g.channel,
        logOutcome: "sent",
      });
    } catch (e) {
      return this.failure(lane, d, e, startedAt, t0, g.channel);
    }
  }

  private async runBatch(lane: Lane, batch: Delivery[]): Promise<void> {
    const startedAt = this.now();
    const send: Delivery[] = [];
    const results: Outcome[] = [];
    const members = batch.filter((d) => d.kind === "membership");
    const decisions = new Map(
      (await gateMemberships(this.store, lane.dest!, members)).map((g, i) => [members[i]!.seq, g] as const),
    );
    for (const d of batch) {
      const g = decisions.get(d.seq);
      if (g && g.kind !== "send") results.push(this.fromGate(lane, d, g, startedAt));
      else send.push(d);
    }
    const t0 = performance.now();
    try {
      if (send.length > 0) await lane.adapter!.send(send);
      const ms = performance.now() - t0;
      for (const d of send) results.push(this.outcome(lane, d, startedAt, { durationMs: ms }));
      if (send.length > 0 && lane.adapter!.afterRound) this.afterRounds.push(lane);
    } catch (e) {
      for (const d of send) results.push(this.failure(lane, d, e, startedAt, t0, null));
    }
    for (const d of batch) lane.profiles.add(d.profileId);
    this.completed.push(...results);
    this.poke();
  }

  /** Commits finished outcomes in one transaction, then frees their profiles for the next row. */
  private async flush(): Promise<number> {
    if (this.completed.length === 0) return 0;
    const batch = this.completed;
    this.completed = [];
    try {
      await this.store.transaction((tx) => writeOutcomes(tx, batch));
    } finally {
      for (const o of batch) {
        const lane = this.lanes.get(o.d.destination);
        if (!lane) continue;
        lane.profiles.delete(o.d.profileId);
        lane.batchBusy = false;
      }
    }
    const rounds = this.afterRounds;
    this.afterRounds = [];
    for (const lane of rounds) {
      await lane.adapter!.afterRound!().catch((e: Error) => this.log(`${lane.id}: snapshot failed: ${e.message}`));
    }
    return batch.length;
  }
}
