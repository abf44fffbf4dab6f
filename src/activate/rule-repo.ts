import { TesseraError } from "../model/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { bumpConfigEpoch } from "./config-epoch.js";
import { type Rule, type RuleInput, ruleInputSchema } from "./rule-record.js";
import { parseWith } from "./zod-error.js";

interface RuleRow {
  id: string;
  name: string;
  body: string;
  enabled: boolean;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: RuleRow): Rule => ({
  ...(JSON.parse(r.body) as Rule),
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface RuleLogEntry {
  rule: string;
  profile: string;
  key: string;
  outcome: string;
  channel: string | null;
  at: string;
  detail: string | null;
}

/** Automation rules in the store, and their decision log (sent, held out, capped, suppressed, stale, …). */
export class RuleRepo {
  constructor(
    private readonly store: Store,
    private readonly now: Clock,
  ) {}

  async list(): Promise<Rule[]> {
    return (await this.store.all<RuleRow>("SELECT * FROM rules ORDER BY id")).map(fromRow);
  }

  async find(id: string): Promise<Rule | null> {
    const rows = await this.store.all<RuleRow>("SELECT * FROM rules WHERE id = $1", [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async get(id: string): Promise<Rule> {
    const r = await this.find(id);
    if (!r) throw new TesseraError({ code: "rule_not_found", path: ["id"], message: `no rule "${id}"` }, 404);
    return r;
  }

  async put(input: RuleInput, replace = false): Promise<Rule> {
    const v = parseWith(ruleInputSchema, input, "bad_rule");
    const existing = await this.find(v.id);
    if (existing && !replace) {
      throw new TesseraError({ code: "rule_exists", path: ["id"], message: `rule "${v.id}" exists` }, 409);
    }
    const dest = await this.store.all("SELECT 1 FROM destinations WHERE id = $1", [v.action.destination]);
    if (dest.length === 0) {
      throw new TesseraError({
        code: "destination_not_found",
        path: ["action", "destination"],
        message: `rule action names destination "${v.action.destination}", which does not exist`,
      });
    }
    const t = this.now();
    const rule: Rule = { ...v, name: v.name ?? v.id, createdAt: existing?.createdAt ?? t, updatedAt: t };
    await this.store.transaction(async (tx) => {
      await tx.run("DELETE FROM rules WHERE id = $1", [rule.id]);
      await tx.run("INSERT INTO rules VALUES ($1, $2, $3, $4, $5, $6)", [
        rule.id,
        rule.name,
        JSON.stringify(rule),
        rule.enabled,
        rule.createdAt,
        rule.updatedAt,
      ]);
    });
    bumpConfigEpoch();
    return rule;
  }

  async setEnabled(id: string, enabled: boolean): Promise<Rule> {
    const r = await this.get(id);
    return this.put({ ...stripMeta(r), enabled }, true);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.store.run("DELETE FROM rules WHERE id = $1", [id]);
    bumpConfigEpoch();
  }

  async log(opts: { rule?: string; profile?: string; limit?: number } = {}): Promise<RuleLogEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.rule) where.push(`rule_id = $${params.push(opts.rule)}`);
    if (opts.profile) where.push(`profile_id = $${params.push(opts.profile)}`);
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 10_000);
    const rows = await this.store.all<{
      rule_id: string;
      profile_id: string;
      outbox_key: string;
      outcome: string;
      channel: string | null;
      logged_at: number;
      detail: string | null;
    }>(
      `SELECT * FROM rule_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY logged_at DESC, outbox_key LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      rule: r.rule_id,
      profile: r.profile_id,
      key: r.outbox_key,
      outcome: r.outcome,
      channel: r.channel,
      at: new Date(r.logged_at).toISOString(),
      detail: r.detail,
    }));
  }
}

const stripMeta = (r: Rule): RuleInput => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};
