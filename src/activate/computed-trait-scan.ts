import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { actionRow, appendRows } from "./outbox-append.js";
import type { NewOutboxRow } from "./outbox-row.js";
import { compare } from "./rule-conditions.js";
import type { Rule } from "./rule-record.js";

const PRIMED = "rules.computed.primed:";

/**
 * Trait-change triggers on computed traits (`$lifecycle`, `$churn.risk`): `computed_traits` holds only current
 * values, rewritten by each batch refresh, so changes are found by diffing it against the values last seen here
 * (`activation_trait_seen`), at most every `everyMs`. A name is primed silently the first time a rule watches it:
 * rules act on changes from then on, never on history.
 */
export class ComputedTraitScan {
  private lastScan = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly now: Clock,
    private readonly everyMs = 5000,
  ) {}

  async scan(rules: readonly Rule[]): Promise<number> {
    if (rules.length === 0) return 0;
    const t = this.now();
    if (t - this.lastScan < this.everyMs) return 0;
    this.lastScan = t;
    const names = [...new Set(rules.map((r) => (r.trigger.on === "trait" ? r.trigger.trait.slice(1) : "")))];
    let n = 0;
    for (const name of names) n += await this.scanName(name, rules, t);
    return n;
  }

  /** Reads the differences and records them as seen in one transaction, so a concurrent refresh is never skipped. */
  private scanName(name: string, rules: readonly Rule[], t: number): Promise<number> {
    return this.store.transaction(async (tx) => {
      const primed = await tx.all("SELECT 1 FROM activation_cursors WHERE name = $1", [PRIMED + name]);
      const changed = await tx.all<{ profile_id: string; value: string; prev: string | null }>(
        `SELECT c.profile_id, c.value, s.value AS prev FROM computed_traits c
         LEFT JOIN activation_trait_seen s ON s.profile_id = c.profile_id AND s.name = c.name
         WHERE c.name = $1 AND (s.value IS NULL OR s.value <> c.value) ORDER BY c.profile_id`,
        [name],
      );
      const out: NewOutboxRow[] = [];
      if (primed.length > 0) {
        for (const c of changed) {
          const next = JSON.parse(c.value) as unknown;
          const prev = c.prev === null ? undefined : (JSON.parse(c.prev) as unknown);
          for (const r of rules) {
            if (r.trigger.on !== "trait" || r.trigger.trait !== `$${name}`) continue;
            if (r.trigger.from !== undefined && !compare(prev, "eq", r.trigger.from)) continue;
            if (r.trigger.to !== undefined && !compare(next, "eq", r.trigger.to)) continue;
            const at = new Date(t).toISOString();
            const trig = { type: "trait", trait: `$${name}`, from: prev ?? null, to: next, at };
            out.push(actionRow(r, `computed:${name}:${c.profile_id}:${t}`, c.profile_id, trig, t, t));
          }
        }
      } else {
        await tx.run("INSERT INTO activation_cursors VALUES ($1, $2)", [PRIMED + name, t]);
      }
      await appendRows(this.store, tx, out);
      if (changed.length > 0) {
        await tx.run(
          `INSERT INTO activation_trait_seen SELECT profile_id, name, value FROM computed_traits WHERE name = $1
           ON CONFLICT (profile_id, name) DO UPDATE SET value = EXCLUDED.value`,
          [name],
        );
      }
      return changed.length;
    });
  }
}
