import type { Queryable } from "../store/index.js";
import type { TraitFact } from "./profile-facts.js";

/** One consent statement: `*` matches every channel or purpose. */
export interface ConsentStatement {
  channel: string;
  purpose: string;
  granted: boolean;
  at: number;
  source: string;
}

const truthy = (v: unknown): boolean | null =>
  typeof v === "boolean" ? v : v === "true" || v === "yes" ? true : v === "false" || v === "no" ? false : null;

/**
 * Statements read from traits:
 *  - `<channel>_opt_in: bool`      → that channel, every purpose
 *  - `unsubscribed` / `opt_out` / `do_not_contact: true` → every channel and purpose denied
 *  - `consent: { <channel>: bool | { <purpose>: bool } }` (and `consent: { "*": … }`)
 */
export function statementsFromTraits(traits: Map<string, TraitFact>): ConsentStatement[] {
  const out: ConsentStatement[] = [];
  for (const [key, { value, ts }] of traits) {
    const m = /^(.+)_opt_in$/.exec(key);
    if (m) {
      const g = truthy(value);
      if (g !== null) out.push({ channel: m[1]!, purpose: "*", granted: g, at: ts, source: `trait ${key}` });
    } else if (key === "unsubscribed" || key === "opt_out" || key === "do_not_contact") {
      if (truthy(value) === true)
        out.push({ channel: "*", purpose: "*", granted: false, at: ts, source: `trait ${key}` });
    } else if (key === "consent" && value !== null && typeof value === "object") {
      for (const [channel, v] of Object.entries(value as Record<string, unknown>)) {
        const g = truthy(v);
        if (g !== null) out.push({ channel, purpose: "*", granted: g, at: ts, source: `trait consent.${channel}` });
        else if (v !== null && typeof v === "object") {
          for (const [purpose, pv] of Object.entries(v as Record<string, unknown>)) {
            const pg = truthy(pv);
            if (pg !== null)
              out.push({ channel, purpose, granted: pg, at: ts, source: `trait consent.${channel}.${purpose}` });
          }
        }
      }
    }
  }
  return out;
}

export async function storedStatements(db: Queryable, profileId: string): Promise<ConsentStatement[]> {
  const rows = await db.all<{ channel: string; purpose: string; granted: boolean; updated_at: number; source: string }>(
    "SELECT channel, purpose, granted, updated_at, source FROM consent WHERE profile_id = $1",
    [profileId],
  );
  return rows.map((r) => ({
    channel: r.channel,
    purpose: r.purpose,
    granted: r.granted,
    at: r.updated_at,
    source: r.source,
  }));
}

export interface ConsentDecision {
  granted: boolean;
  because: string;
}

/**
 * Whether `channel`/`purpose` may be used. Among the statements that apply (exact or `*`), the most recent wins;
 * at equal times the more specific one wins, then a denial. No statement = allowed (opt-out model).
 * Asking for channel `*` (a destination that is not a channel) only hears statements about every channel.
 */
export function decideConsent(
  statements: readonly ConsentStatement[],
  channel: string,
  purpose: string,
): ConsentDecision {
  let best: ConsentStatement | null = null;
  const specificity = (s: ConsentStatement): number => (s.channel === "*" ? 0 : 2) + (s.purpose === "*" ? 0 : 1);
  for (const s of statements) {
    if (s.channel !== "*" && s.channel !== channel) continue;
    if (s.purpose !== "*" && s.purpose !== purpose) continue;
    if (
      best === null ||
      s.at > best.at ||
      (s.at === best.at && specificity(s) > specificity(best)) ||
      (s.at === best.at && specificity(s) === specificity(best) && !s.granted)
    ) {
      best = s;
    }
  }
  if (best === null) return { granted: true, because: "no consent statement (opt-out model)" };
  return { granted: best.granted, because: `${best.source}: ${best.granted ? "granted" : "denied"}` };
}
