import { TesseraError } from "../../model/index.js";
import { SegmentService } from "../../segments/index.js";
import type { Store } from "../../store/index.js";
import { RFM_SEGMENTS } from "../rfm/rfm-segments.js";
import { channelModel, DEFAULT_LEAD_RULES, leadModel } from "./engagement-models.js";
import { loadPopulation, loadPurchases } from "./engine-data.js";
import { latestModels, type ModelRecord, nextVersions, saveModels } from "./model-registry.js";
import { ProductRecommender } from "./next-product.js";
import { CHURN_SPEC, fitPropensity, INMARKET_SPEC, type PropensityResult } from "./propensity-engine.js";
import { changedProfiles, ENGINE_TRAITS, type EngineTrait, type TraitValues, writeTraits } from "./trait-writer.js";
import { clvModel, lifecycleModel, rfmModel } from "./value-models.js";

export interface IntelEngineOptions {
  /** Called after each committed refresh with the profiles whose engine traits changed (segment re-evaluation hook). */
  onTraitsChanged?: (profiles: readonly string[], asOf: number) => void | Promise<void>;
  /** Scheduled refreshes report failures here instead of throwing (default: console.error). */
  onError?: (error: unknown) => void;
  /** Clock for scheduled refreshes and fittedAt. */
  now?: () => number;
}

export interface ModelSummary {
  rows: number;
  ms: number;
  n: number;
  parameters: Record<string, unknown>;
  auc: { mean: number; folds: number[] } | null;
  version: number;
}

export interface IntelRefreshSummary {
  asOf: string;
  ms: number;
  population: number;
  models: Record<EngineTrait, ModelSummary>;
  /** How many profiles had an engine trait added, changed or removed by this refresh. */
  changed: number;
}

const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? null : x));

/**
 * Computes every intelligence model per profile from the store and writes the results as computed traits
 * (`$rfm.segment`, `$clv.12m`, `$churn.risk`, …) in one transaction per refresh, with a registry of the fits.
 */
export class IntelEngine {
  private running: Promise<IntelRefreshSummary> | null = null;
  private readonly now: () => number;

  constructor(
    readonly store: Store,
    private readonly opts: IntelEngineOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** One refresh at a time: a call while one runs waits for it and returns its summary. */
  refresh(opts: { asOf?: number } = {}): Promise<IntelRefreshSummary & { changedProfiles: string[] }> {
    if (this.running) return this.running as Promise<IntelRefreshSummary & { changedProfiles: string[] }>;
    const run = this.run(opts.asOf ?? this.now()).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Refreshes every `intervalMs` (first run after one interval); returns a function that stops the schedule. */
  start(intervalMs: number): () => void {
    if (!(intervalMs > 0)) throw new TesseraError({ code: "bad_interval", message: "interval must be positive" });
    const timer = setInterval(() => {
      this.refresh().catch((e: unknown) => (this.opts.onError ?? console.error)(e));
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private async run(asOf: number): Promise<IntelRefreshSummary & { changedProfiles: string[] }> {
    const started = performance.now();
    const db = this.store;
    const timed = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const v = await fn();
      return [v, Math.round(performance.now() - t0)];
    };
    const [population, purchases] = await Promise.all([loadPopulation(db, asOf), loadPurchases(db, asOf)]);
    const [rfm, rfmMs] = await timed(() => rfmModel(purchases, asOf));
    const [clv, clvMs] = await timed(() => clvModel(purchases, asOf));
    const [lifecycle, lifeMs] = await timed(() => lifecycleModel(population, purchases, clv, asOf));
    const [lead, leadMs] = await timed(() => leadModel(db, population, asOf));
    const [channel, channelMs] = await timed(() => channelModel(db, asOf));
    const [recs, recMs] = await timed(async () => {
      const r = await ProductRecommender.load(db, asOf);
      const out = new Map<string, string>();
      if (r) for (const c of r.matrix.customers) out.set(c, json(r.recommend(c, 1)[0]?.item ?? null));
      return { r, out };
    });
    const [churn, churnMs] = await timed(() => fitPropensity(db, asOf, CHURN_SPEC));
    const [inmarket, inMs] = await timed(() => fitPropensity(db, asOf, INMARKET_SPEC));

    const values: TraitValues = new Map();
    const put = (name: EngineTrait, m: Map<string, string>) => values.set(name, m);
    put("rfm", new Map([...(rfm?.values ?? new Map())].map(([id, v]) => [id, json(v)])));
    const clvValues = new Map<string, string>();
    clv?.summary.ids.forEach((id, i) => {
      const p = clv.predictions[i]!;
      clvValues.set(
        id,
        json({
          "12m": p.clv,
          pAlive: p.pAlive,
          expectedPurchases12m: p.expectedPurchases,
          expectedAvgValue: p.expectedAvgValue,
        }),
      );
    });
    put("clv", clvValues);
    const propensity = (r: PropensityResult, key: string) =>
      new Map([...r.scores].map(([id, p]) => [id, json({ [key]: p })]));
    put("churn", propensity(churn, "risk"));
    put("inmarket", propensity(inmarket, "score"));
    put("lead", new Map([...lead].map(([id, v]) => [id, json(v)])));
    put("lifecycle", new Map([...lifecycle].map(([id, v]) => [id, json(v)])));
    put("next_product", recs.out);
    put("channel", new Map([...channel.values].map(([id, v]) => [id, json(v)])));

    const changed = await changedProfiles(db, values);
    const fittedAt = this.now();
    const models = await db.transaction(async (tx) => {
      const versions = await nextVersions(tx, ENGINE_TRAITS);
      const rows = await writeTraits(tx, values, versions, asOf);
      const rec = (
        id: EngineTrait,
        ms: number,
        n: number,
        parameters: Record<string, unknown>,
        auc: ModelRecord["auc"] = null,
      ): ModelRecord => ({
        id,
        version: versions.get(id)!,
        fittedAt: new Date(fittedAt).toISOString(),
        asOf: new Date(asOf).toISOString(),
        n,
        parameters,
        auc,
        rows: rows[id] ?? 0,
        ms,
      });
      const { auc: churnAuc, ...churnInfo } = churn.info;
      const { auc: inAuc, ...inInfo } = inmarket.info;
      const list: ModelRecord[] = [
        rec("rfm", rfmMs, rfm?.table.customers.length ?? 0, {
          snapshot: rfm ? new Date(rfm.table.snapshot).toISOString() : null,
          segments: rfm?.table.segments ?? [],
        }),
        rec("clv", clvMs, clv?.summary.ids.length ?? 0, {
          bgNbd: clv && {
            r: clv.bg.r,
            alpha: clv.bg.alpha,
            a: clv.bg.a,
            b: clv.bg.b,
            logLikelihood: clv.bg.logLikelihood,
            converged: clv.bg.converged,
          },
          gammaGamma: clv?.gg
            ? { p: clv.gg.p, q: clv.gg.q, v: clv.gg.v, customers: clv.gg.customers, converged: clv.gg.converged }
            : null,
          unit: "week",
          horizonMonths: 12,
          discountMonthly: 0.01,
        }),
        rec("churn", churnMs, churn.info.n, churnInfo, churnAuc),
        rec("inmarket", inMs, inmarket.info.n, inInfo, inAuc),
        rec("lead", leadMs, lead.size, { ...DEFAULT_LEAD_RULES }),
        rec("lifecycle", lifeMs, lifecycle.size, {
          expectedGap: "BG/NBD posterior mean inter-purchase time (alpha + T) / (r + x) weeks",
          thresholds: { churnedPAlive: 0.1, atRiskPAlive: 0.5, lapsedGaps: 2, churnedGaps: 4 },
        }),
        rec("next_product", recMs, recs.r?.matrix.customers.length ?? 0, {
          method: "item-cosine",
          items: recs.r?.matrix.items.length ?? 0,
        }),
        rec("channel", channelMs, channel.values.size, { prior: channel.prior, priorStrength: 10 }),
      ];
      await saveModels(tx, list, fittedAt);
      return list;
    });
    if (this.opts.onTraitsChanged && changed.length) await this.opts.onTraitsChanged(changed, asOf);
    const summary = Object.fromEntries(
      models.map((m) => [
        m.id,
        { rows: m.rows, ms: m.ms, n: m.n, parameters: m.parameters, auc: m.auc, version: m.version },
      ]),
    ) as Record<EngineTrait, ModelSummary>;
    return {
      asOf: new Date(asOf).toISOString(),
      ms: Math.round(performance.now() - started),
      population: population.length,
      models: summary,
      changed: changed.length,
      changedProfiles: changed,
    };
  }

  /** The latest fit of every model. */
  models(): Promise<ModelRecord[]> {
    return latestModels(this.store);
  }

  /** Top-k products for one profile (item-cosine over purchases up to now). */
  async recommendForProfile(profile: string, k: number, asOf = this.now()) {
    const r = await ProductRecommender.load(this.store, asOf);
    return { profile, known: r?.has(profile) ?? false, items: r ? r.recommend(profile, k) : [] };
  }

  /**
   * Top-k products for a segment: the members' top-k recommendations summed (score) and counted (members). Members
   * come from the memberships table, or from a batch evaluation when the segment has none stored.
   */
  async recommendForSegment(segment: string, k: number, asOf = this.now()) {
    const members = await this.segmentMembers(segment, asOf);
    const r = await ProductRecommender.load(this.store, asOf);
    const acc = new Map<string, { score: number; members: number }>();
    if (r)
      for (const m of members)
        for (const s of r.recommend(m, k)) {
          const a = acc.get(s.item) ?? { score: 0, members: 0 };
          a.score += s.score;
          a.members++;
          acc.set(s.item, a);
        }
    const items = [...acc]
      .map(([item, a]) => ({ item, score: a.score, members: a.members }))
      .sort((a, b) => b.members - a.members || b.score - a.score || (a.item < b.item ? -1 : 1))
      .slice(0, k);
    return { segment, members: members.length, items };
  }

  /** Members of a segment: stored memberships, else evaluated now with the batch engine. */
  async segmentMembers(segment: string, asOf = this.now()): Promise<string[]> {
    const rows = await this.store.all<{ p: string }>(
      "SELECT profile_id AS p FROM memberships WHERE segment_id = $1 ORDER BY p",
      [segment],
    );
    if (rows.length) return rows.map((r) => r.p);
    const svc = new SegmentService(this.store, this.now);
    const seg = await svc.get(segment);
    const r = await svc.evaluate(seg.definition, {
      asOf,
      members: true,
      ...(seg.parent === undefined ? {} : { parent: seg.parent }),
    });
    return r.members ?? [];
  }

  /** Profiles per RFM segment (all ten, zeros included) from the stored `rfm` trait. */
  async rfmSummary() {
    const rows = await this.store.all<{ s: string; n: number; m: number }>(
      `SELECT json_extract_string(value, '$.segment') AS s, count(*) AS n FROM computed_traits WHERE name = 'rfm' GROUP BY 1`,
    );
    const counts = new Map(rows.map((r) => [r.s, r.n]));
    const total = rows.reduce((a, r) => a + r.n, 0);
    return {
      total,
      segments: RFM_SEGMENTS.map((name) => {
        const count = counts.get(name) ?? 0;
        return { name, count, share: total ? count / total : 0 };
      }),
    };
  }

  /** Preferred-channel counts and mean smoothed rates, over a segment's members or everyone with a channel trait. */
  async channelMix(segment?: string) {
    const members = segment === undefined ? null : new Set(await this.segmentMembers(segment));
    const rows = await this.store.all<{ p: string; v: string }>(
      "SELECT profile_id AS p, value AS v FROM computed_traits WHERE name = 'channel'",
    );
    const preferred = new Map<string, number>();
    const rateSum = new Map<string, { sum: number; n: number }>();
    let profiles = 0;
    for (const r of rows) {
      if (members && !members.has(r.p)) continue;
      profiles++;
      const v = JSON.parse(r.v) as { preferred: string | null; rates: Record<string, number> };
      const key = v.preferred ?? "none";
      preferred.set(key, (preferred.get(key) ?? 0) + 1);
      for (const [c, rate] of Object.entries(v.rates)) {
        const a = rateSum.get(c) ?? { sum: 0, n: 0 };
        a.sum += rate;
        a.n++;
        rateSum.set(c, a);
      }
    }
    const channels = [...new Set([...preferred.keys(), ...rateSum.keys()])].filter((c) => c !== "none").sort();
    return {
      segment: segment ?? null,
      members: members ? members.size : null,
      profiles,
      channels: channels.map((channel) => ({
        channel,
        preferred: preferred.get(channel) ?? 0,
        share: profiles ? (preferred.get(channel) ?? 0) / profiles : 0,
        meanRate: (rateSum.get(channel)?.sum ?? 0) / (rateSum.get(channel)?.n || 1),
      })),
    };
  }
}
