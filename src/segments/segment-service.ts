import { compileMembership } from "../compile/index.js";
import type { ValidationContext } from "../lang/index.js";
import { checkDefinition } from "../lang/index.js";
import {
  bucketOf,
  type Condition,
  DEFAULT_MIN_SIZE_PERCENT,
  type Diagnostic,
  type SegmentRecord,
  TesseraError,
} from "../model/index.js";
import type { SqlValue, Store } from "../store/index.js";
import { segmentMap, sizesAt } from "./batch-evaluator.js";
import { ComputedTraits } from "./computed-traits.js";
import { DefinitionRepo } from "./definition-repo.js";
import { type ExplainNode, explainNode } from "./explain-tree.js";
import { type RefreshSummary, refreshMemberships } from "./membership-refresh.js";
import { parseInput, requireDefinition, type SegmentInput, slug, VocabularyCache } from "./segment-input.js";

export interface Preview {
  size: number;
  population: number;
  /** size / population × 100. */
  share: number;
  sample: string[];
  /** True when share < minSizePercent (flagged, not blocked). */
  belowMinSize: boolean;
  minSizePercent: number;
  asOf: string;
  diagnostics: Diagnostic[];
}

export interface Impact {
  current: number;
  proposed: number;
  entering: number;
  leaving: number;
  staying: number;
  sampleEntering: string[];
  sampleLeaving: string[];
  population: number;
  asOf: string;
  diagnostics: Diagnostic[];
}

export interface MemberPage {
  members: Array<{ profileId: string; heldOut: boolean }>;
  nextCursor: string | null;
  asOf: string;
}

const SAMPLE = 10;
const notFound = (id: string): TesseraError =>
  new TesseraError({ code: "segment_not_found", path: ["id"], message: `no segment with id "${id}"` }, 404);

/**
 * The batch engine over a Store: versioned segment definitions, preview/impact of edits, members with holdout
 * flags, explain node by node, and refresh into memberships + membership_log. All evaluation goes through the
 * compiler, many segments per query.
 */
export class SegmentService {
  private readonly repo: DefinitionRepo<SegmentRecord>;
  private readonly vocabulary = new VocabularyCache();
  readonly computedTraits: ComputedTraits;

  constructor(
    readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new DefinitionRepo(store, "segment");
    this.computedTraits = new ComputedTraits(store);
  }

  async list(): Promise<SegmentRecord[]> {
    return (await this.repo.latest()).map((d) => d.body);
  }

  async get(id: string, version?: number): Promise<SegmentRecord> {
    const d = await this.repo.get(id, version);
    if (!d || d.deleted) throw notFound(id);
    return d.body;
  }

  /**
   * Loads the validation vocabulary (every event name and trait key seen) ahead of the first preview; later calls
   * read only what arrived since. The server calls it at start so the builder's first live preview is not the one
   * paying for a scan of all history.
   */
  async warm(): Promise<void> {
    await this.vocabulary.get(this.store);
  }

  private async context(selfId?: string, parent?: string): Promise<ValidationContext> {
    const segs = await this.list();
    const ctx: ValidationContext = {
      ...(await this.vocabulary.get(this.store)),
      segments: segmentMap(segs.filter((s) => s.id !== selfId)),
    };
    if (selfId !== undefined) ctx.selfId = selfId;
    if (parent !== undefined) ctx.parent = parent;
    return ctx;
  }

  /** Text or JSON → AST + diagnostics (warnings for unknown events/traits from what the store has seen). */
  async validate(input: unknown, selfId?: string): Promise<{ definition?: Condition; diagnostics: Diagnostic[] }> {
    return checkDefinition(input, await this.context(selfId));
  }

  async create(raw: unknown): Promise<{ segment: SegmentRecord; diagnostics: Diagnostic[] }> {
    const input = parseInput(raw);
    const id = input.id ?? slug(input.name ?? "segment");
    if (await this.repo.get(id)) {
      throw new TesseraError(
        { code: "segment_exists", path: ["id"], message: `a segment with id "${id}" already exists` },
        409,
      );
    }
    return this.save(id, input, undefined);
  }

  async update(id: string, raw: unknown): Promise<{ segment: SegmentRecord; diagnostics: Diagnostic[] }> {
    const current = await this.get(id);
    const input = parseInput(raw);
    if (input.id !== undefined && input.id !== id) {
      throw new TesseraError({
        code: "id_mismatch",
        path: ["id"],
        message: `the body names segment "${input.id}", the URL "${id}"`,
      });
    }
    return this.save(id, input, current);
  }

  private async save(id: string, input: SegmentInput, current: SegmentRecord | undefined) {
    const parent = input.parent ?? current?.parent;
    if (parent !== undefined && parent !== current?.parent)
      await this.get(parent).catch(() => {
        throw new TesseraError({ code: "unknown_segment", path: ["parent"], message: `no parent segment "${parent}"` });
      });
    const given = input.dsl ?? input.definition;
    const { definition, diagnostics } =
      given === undefined && current
        ? { definition: current.definition, diagnostics: [] }
        : requireDefinition(given, await this.context(id, parent));
    const record: SegmentRecord = {
      id,
      name: input.name ?? current?.name ?? id,
      definition,
      refresh: input.refresh ?? current?.refresh ?? "realtime",
      version: 0,
    };
    const description = input.description ?? current?.description;
    if (description !== undefined) record.description = description;
    if (parent !== undefined) record.parent = parent;
    const holdout = input.holdout ?? current?.holdout;
    if (holdout !== undefined) record.holdout = holdout;
    const minSize = input.minSizePercent ?? current?.minSizePercent;
    if (minSize !== undefined) record.minSizePercent = minSize;
    const tags = input.tags ?? current?.tags;
    if (tags !== undefined) record.tags = tags;
    record.version = await this.repo.put(id, record.name, record, this.now());
    return { segment: record, diagnostics };
  }

  async delete(id: string): Promise<{ id: string; deleted: true; version: number }> {
    const current = await this.get(id);
    const dependents = (await this.list()).filter(
      (s) => s.parent === id || JSON.stringify(s.definition).includes(`"inSegment":${JSON.stringify(id)}`),
    );
    if (dependents.length) {
      throw new TesseraError(
        {
          code: "segment_in_use",
          path: ["id"],
          message: `segment "${id}" is used by ${dependents.map((s) => `"${s.id}"`).join(", ")}; change those first`,
          details: { dependents: dependents.map((s) => s.id) },
        },
        409,
      );
    }
    const version = await this.repo.put(id, current.name, current, this.now(), true);
    return { id, deleted: true, version };
  }

  /** Sizes of every segment (with held-out counts) and the population, in one shared query. */
  async sizes(asOf = this.now()): Promise<{ population: number; sizes: Record<string, number>; asOf: string }> {
    const segs = await this.list();
    const r = await sizesAt(
      this.store,
      segs.map((s) => ({ segmentId: s.id })),
      asOf,
      segmentMap(segs),
    );
    return {
      population: r.population,
      sizes: Object.fromEntries(segs.map((s, i) => [s.id, r.sizes[i] ?? 0])),
      asOf: new Date(asOf).toISOString(),
    };
  }

  async preview(
    input: unknown,
    opts: { asOf?: number; parent?: string; minSizePercent?: number } = {},
  ): Promise<Preview> {
    const asOf = opts.asOf ?? this.now();
    const ctx = await this.context(undefined, opts.parent);
    if (opts.parent !== undefined && !ctx.segments?.has(opts.parent)) throw notFound(opts.parent);
    const { definition, diagnostics } = requireDefinition(input, ctx);
    const segs = await this.list();
    const c = compileMembership([opts.parent === undefined ? { definition } : { definition, parent: opts.parent }], {
      asOf,
      segments: segmentMap(segs),
      membersOnly: true,
    });
    const rows = await this.store.all<{ size: number; population: number; sample: string[] | null }>(
      `SELECT count(*) FILTER (WHERE m0) AS size, (SELECT count(*) FROM profiles) AS population,
         min_by(profile_id, hash(profile_id), ${SAMPLE}) FILTER (WHERE m0) AS sample FROM (${c.sql}) q`,
      c.params as SqlValue[],
    );
    const r = rows[0] ?? { size: 0, population: 0, sample: [] };
    const share = r.population ? (100 * r.size) / r.population : 0;
    const minSizePercent = opts.minSizePercent ?? DEFAULT_MIN_SIZE_PERCENT;
    return {
      size: r.size,
      population: r.population,
      share,
      sample: [...(r.sample ?? [])].sort(),
      belowMinSize: share < minSizePercent,
      minSizePercent,
      asOf: new Date(asOf).toISOString(),
      diagnostics,
    };
  }

  /** Size, population and (optionally) every member of a definition at asOf: the `segment eval` contract. */
  async evaluate(
    input: unknown,
    opts: { asOf?: number; parent?: string; members?: boolean } = {},
  ): Promise<{ size: number; population: number; members?: string[]; asOf: string; diagnostics: Diagnostic[] }> {
    const asOf = opts.asOf ?? this.now();
    const { definition, diagnostics } = requireDefinition(input, await this.context(undefined, opts.parent));
    const segs = await this.list();
    const c = compileMembership([opts.parent === undefined ? { definition } : { definition, parent: opts.parent }], {
      asOf,
      segments: segmentMap(segs),
      membersOnly: true,
    });
    const [r] = await this.store.all<{ size: number; population: number }>(
      `SELECT count(*) FILTER (WHERE m0) AS size, (SELECT count(*) FROM profiles) AS population FROM (${c.sql}) q`,
      c.params as SqlValue[],
    );
    const out: { size: number; population: number; members?: string[]; asOf: string; diagnostics: Diagnostic[] } = {
      size: r?.size ?? 0,
      population: r?.population ?? 0,
      asOf: new Date(asOf).toISOString(),
      diagnostics,
    };
    if (opts.members) {
      const rows = await this.store.all<{ profile_id: string }>(
        `SELECT profile_id FROM (${c.sql}) q WHERE m0 ORDER BY profile_id`,
        c.params as SqlValue[],
      );
      out.members = rows.map((x) => x.profile_id);
    }
    return out;
  }

  /** How many would enter and leave if segment `id` had the proposed definition (and parent). */
  async impact(id: string, input: unknown, opts: { asOf?: number; parent?: string } = {}): Promise<Impact> {
    const asOf = opts.asOf ?? this.now();
    const seg = await this.get(id);
    const parent = opts.parent ?? seg.parent;
    const { definition, diagnostics } = requireDefinition(input, await this.context(id, parent));
    const segs = await this.list();
    const c = compileMembership([{ segmentId: id }, parent === undefined ? { definition } : { definition, parent }], {
      asOf,
      segments: segmentMap(segs),
      membersOnly: true,
    });
    const sample = (cond: string) => `min_by(profile_id, hash(profile_id), ${SAMPLE}) FILTER (WHERE ${cond})`;
    const rows = await this.store.all<Record<string, number> & { se: string[] | null; sl: string[] | null }>(
      `SELECT count(*) FILTER (WHERE m0) AS current, count(*) FILTER (WHERE m1) AS proposed,
         count(*) FILTER (WHERE m1 AND NOT m0) AS entering, count(*) FILTER (WHERE m0 AND NOT m1) AS leaving,
         count(*) FILTER (WHERE m0 AND m1) AS staying, (SELECT count(*) FROM profiles) AS population,
         ${sample("m1 AND NOT m0")} AS se, ${sample("m0 AND NOT m1")} AS sl FROM (${c.sql}) q`,
      c.params as SqlValue[],
    );
    const r = rows[0]!;
    return {
      current: r["current"] ?? 0,
      proposed: r["proposed"] ?? 0,
      entering: r["entering"] ?? 0,
      leaving: r["leaving"] ?? 0,
      staying: r["staying"] ?? 0,
      sampleEntering: [...(r.se ?? [])].sort(),
      sampleLeaving: [...(r.sl ?? [])].sort(),
      population: r["population"] ?? 0,
      asOf: new Date(asOf).toISOString(),
      diagnostics,
    };
  }

  /** Members evaluated at asOf (default now), ordered by profile id, with cursor paging and holdout flags. */
  async members(id: string, opts: { cursor?: string; limit?: number; asOf?: number } = {}): Promise<MemberPage> {
    const asOf = opts.asOf ?? this.now();
    const seg = await this.get(id);
    const segs = await this.list();
    const limit = Math.max(1, Math.min(opts.limit ?? 100, 100_000));
    const c = compileMembership([{ segmentId: id }], { asOf, segments: segmentMap(segs), membersOnly: true });
    const n = c.params.length;
    const rows = await this.store.all<{ profile_id: string }>(
      `SELECT profile_id FROM (${c.sql}) q WHERE m0 AND profile_id > $${n + 1} ORDER BY profile_id LIMIT $${n + 2}`,
      [...(c.params as SqlValue[]), opts.cursor ?? "", limit + 1],
    );
    const page = rows.slice(0, limit);
    const h = seg.holdout;
    return {
      members: page.map((r) => ({
        profileId: r.profile_id,
        heldOut: h ? bucketOf(h.salt, r.profile_id) < h.percent : false,
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.profile_id ?? null) : null,
      asOf: new Date(asOf).toISOString(),
    };
  }

  /** Every member as CSV (profile_id,held_out), for export. */
  async membersCsv(id: string, asOf?: number): Promise<string> {
    const lines = ["profile_id,held_out"];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.members(id, {
        limit: 100_000,
        ...(cursor === undefined ? {} : { cursor }),
        ...(asOf === undefined ? {} : { asOf }),
      });
      for (const m of page.members) lines.push(`${csvCell(m.profileId)},${m.heldOut}`);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return `${lines.join("\n")}\n`;
  }

  /** Node-by-node truth and evidence for one profile. */
  async explain(
    id: string,
    profileId: string,
    asOf = this.now(),
  ): Promise<{
    segment: string;
    version: number;
    profileId: string;
    member: boolean;
    asOf: string;
    tree: ExplainNode;
  }> {
    const seg = await this.get(id);
    const segs = await this.list();
    const c = compileMembership([{ segmentId: id }], {
      asOf,
      segments: segmentMap(segs),
      explain: true,
      restrictToIds: [profileId],
    });
    const rows = await this.store.all(c.sql, c.params as SqlValue[]);
    const row = rows[0];
    if (!row)
      throw new TesseraError(
        { code: "profile_not_found", path: ["profileId"], message: `no profile "${profileId}"` },
        404,
      );
    const tree = explainNode(c.nodes[0]!, row, c);
    return {
      segment: id,
      version: seg.version,
      profileId,
      member: row["m0"] === true,
      asOf: new Date(asOf).toISOString(),
      tree,
    };
  }

  async history(id: string, opts: { cursor?: number; limit?: number } = {}) {
    await this.get(id).catch(async (e) => {
      // A deleted segment still has history.
      const any = await this.store.all("SELECT 1 FROM definitions WHERE kind = 'segment' AND id = $1 LIMIT 1", [id]);
      if (!any.length) throw e;
    });
    const limit = Math.max(1, Math.min(opts.limit ?? 100, 10_000));
    const rows = await this.store.all<{
      seq: number;
      version: number;
      profile_id: string;
      change: string;
      changed_at: number;
      reason: string;
      cause: string;
    }>(
      "SELECT seq, version, profile_id, change, changed_at, reason, cause FROM membership_log WHERE segment_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
      [id, opts.cursor ?? Number.MAX_SAFE_INTEGER, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      changes: page.map((r) => ({
        seq: r.seq,
        segment: id,
        version: r.version,
        profile: r.profile_id,
        change: r.change,
        at: new Date(r.changed_at).toISOString(),
        reason: r.reason,
        cause: r.cause,
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  }

  /** Recomputes computed traits, then evaluates every segment and writes memberships and membership_log. */
  async refresh(asOf = this.now()): Promise<RefreshSummary & { computedTraits: Record<string, number> }> {
    const computedTraits = await this.computedTraits.refreshAll(asOf);
    const summary = await refreshMemberships(this.store, await this.list(), asOf);
    return { ...summary, computedTraits };
  }
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
