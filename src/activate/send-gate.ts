import { parseDuration } from "../model/index.js";
import type { Queryable } from "../store/index.js";
import { type ConsentStatement, decideConsent, statementsFromTraits, storedStatements } from "./consent.js";
import { asMembership, type Delivery } from "./delivery.js";
import type { DestinationRecord } from "./destination-record.js";
import { inHoldout } from "./dispatcher.js";
import { KEY_LIST } from "./outbox-row.js";
import {
  computedTraitValues,
  isMember,
  segmentHoldout,
  type TraitFact,
  traitAt,
  traitFacts,
  traitValues,
} from "./profile-facts.js";
import { quietUntil, zoneOf } from "./quiet-hours.js";
import { failingCondition } from "./rule-conditions.js";
import type { Rule } from "./rule-record.js";

/** What to do with a due delivery, decided just before sending. */
export type GateDecision =
  | { kind: "send"; channel: string | null; traits: Record<string, unknown> }
  | {
      kind: "close";
      status: "skipped" | "suppressed" | "held_out";
      outcome: string;
      detail: string;
      channel?: string | null;
    }
  | { kind: "wait"; until: number; detail: string };

/**
 * Audience deliveries, decided for a whole claim at once (three queries, whatever its size): an "entered" goes out
 * only with consent for the destination's channel and purpose; an "exited" only when the destination holds the
 * member (so an opted-out person, never sent, is never mentioned). Rows are decided in order, so an exit after an
 * enter of the same claim sees the enter as held.
 */
export async function gateMemberships(
  db: Queryable,
  dest: DestinationRecord,
  ds: readonly Delivery[],
): Promise<GateDecision[]> {
  if (ds.length === 0) return [];
  const profiles = JSON.stringify([...new Set(ds.map((d) => d.profileId))]);
  const [traitRows, consentRows, heldRows] = await Promise.all([
    db.all<{ profile_id: string; key: string; value: string; ts: number }>(
      `SELECT profile_id, key, arg_max(value, (ts, seq)) AS value, max(ts) AS ts FROM trait_values
       WHERE profile_id IN ${KEY_LIST(1)} AND (key IN ${KEY_LIST(2)} OR suffix(key, '_opt_in'))
       GROUP BY profile_id, key`,
      [profiles, JSON.stringify(CONSENT_TRAITS)],
    ),
    db.all<{
      profile_id: string;
      channel: string;
      purpose: string;
      granted: boolean;
      updated_at: number;
      source: string;
    }>(
      `SELECT profile_id, channel, purpose, granted, updated_at, source FROM consent WHERE profile_id IN ${KEY_LIST(1)}`,
      [profiles],
    ),
    db.all<{ segment_id: string; profile_id: string }>(
      `SELECT segment_id, profile_id FROM sync_state WHERE destination_id = $1 AND profile_id IN ${KEY_LIST(2)}`,
      [dest.id, profiles],
    ),
  ]);
  const statements = new Map<string, ConsentStatement[]>();
  const facts = new Map<string, Map<string, TraitFact>>();
  for (const r of traitRows) {
    const v = JSON.parse(r.value) as unknown;
    if (v === null) continue;
    const m = facts.get(r.profile_id) ?? new Map<string, TraitFact>();
    m.set(r.key, { value: v, ts: r.ts });
    facts.set(r.profile_id, m);
  }
  for (const [p, f] of facts) statements.set(p, statementsFromTraits(f));
  for (const r of consentRows) {
    const list = statements.get(r.profile_id) ?? [];
    list.push({ channel: r.channel, purpose: r.purpose, granted: r.granted, at: r.updated_at, source: r.source });
    statements.set(r.profile_id, list);
  }
  const held = new Map<string, boolean>(heldRows.map((h) => [`${h.segment_id}\u0000${h.profile_id}`, true]));
  return ds.map((d) => {
    const m = asMembership(d.payload);
    const k = `${m.segment}\u0000${d.profileId}`;
    if (m.change === "exited") {
      if (!held.get(k)) {
        return {
          kind: "close",
          status: "skipped",
          outcome: "not_held",
          detail: "destination never received this member",
        };
      }
      held.set(k, false);
      return { kind: "send", channel: null, traits: {} };
    }
    const c = decideConsent(statements.get(d.profileId) ?? [], dest.channel, dest.purpose);
    if (!c.granted) return { kind: "close", status: "suppressed", outcome: "suppressed", detail: c.because };
    held.set(k, true);
    return { kind: "send", channel: null, traits: {} };
  });
}

const CONSENT_TRAITS = ["unsubscribed", "opt_out", "do_not_contact", "consent"];

/**
 * Automation actions, in this order: the rule still exists and is enabled; the trigger still holds (membership
 * re-check) and every condition holds; a channel with consent exists (person's preference first); the frequency
 * cap has room; it is not quiet hours in the person's zone (else wait until they end, then re-check everything);
 * holdout members are logged as "would have been sent" and not sent.
 */
export async function gateAction(db: Queryable, rule: Rule | null, d: Delivery, now: number): Promise<GateDecision> {
  if (!rule?.enabled) {
    return { kind: "close", status: "skipped", outcome: "rule_disabled", detail: "rule removed or disabled" };
  }
  const facts = await traitFacts(db, d.profileId);
  const traits = { ...traitValues(facts), ...(await computedTraitValues(db, d.profileId)) };
  const trig = rule.trigger;
  if (rule.recheck && (trig.on === "entered" || trig.on === "exited")) {
    const member = await isMember(db, trig.segment, d.profileId);
    if (member !== (trig.on === "entered")) {
      const detail = `no longer ${trig.on === "entered" ? "in" : "out of"} segment ${trig.segment} at send time`;
      return { kind: "close", status: "skipped", outcome: "stale", detail };
    }
  }
  const failed = await failingCondition(db, rule.conditions, d.profileId, traits);
  if (failed) return { kind: "close", status: "skipped", outcome: "stale", detail: failed };

  const statements = [...statementsFromTraits(facts), ...(await storedStatements(db, d.profileId))];
  let channel: string | null = null;
  const { channels, purpose, preferenceTrait } = rule.action;
  if (channels.length === 0) {
    const c = decideConsent(statements, "*", purpose);
    if (!c.granted) return { kind: "close", status: "suppressed", outcome: "suppressed", detail: c.because };
  } else {
    const pref = traitAt(traits, preferenceTrait);
    const order =
      typeof pref === "string" && channels.includes(pref) ? [pref, ...channels.filter((c) => c !== pref)] : channels;
    const why: string[] = [];
    for (const ch of order) {
      const c = decideConsent(statements, ch, purpose);
      if (c.granted) {
        channel = ch;
        break;
      }
      why.push(`${ch}: ${c.because}`);
    }
    if (channel === null) {
      return {
        kind: "close",
        status: "suppressed",
        outcome: "suppressed",
        detail: `no consented channel (${why.join("; ")})`,
      };
    }
  }

  if (rule.frequencyCap) {
    const since = now - parseDuration(rule.frequencyCap.per);
    const n = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM rule_log WHERE rule_id = $1 AND profile_id = $2
       AND outcome IN ('sent', 'held_out') AND logged_at > $3`,
      [rule.id, d.profileId, since],
    );
    if ((n[0]?.n ?? 0) >= rule.frequencyCap.max) {
      const detail = `frequency cap ${rule.frequencyCap.max} per ${rule.frequencyCap.per} reached`;
      return { kind: "close", status: "skipped", outcome: "capped", detail, channel };
    }
  }

  if (rule.quietHours) {
    const q = rule.quietHours;
    const tz = zoneOf(traitAt(traits, q.timeZoneTrait), q.defaultTimeZone);
    const until = quietUntil(now, q, tz);
    if (until !== null) {
      return {
        kind: "wait",
        until,
        detail: `quiet hours ${q.start}-${q.end} in ${tz} until ${new Date(until).toISOString()}`,
      };
    }
  }

  const segHoldout = trig.on === "entered" || trig.on === "exited" ? await segmentHoldout(db, trig.segment) : null;
  if (inHoldout(segHoldout, d.profileId) || inHoldout(rule.holdout, d.profileId)) {
    return {
      kind: "close",
      status: "held_out",
      outcome: "held_out",
      detail: `holdout: would have been sent${channel ? ` via ${channel}` : ""}`,
      channel,
    };
  }
  return {
    kind: "send",
    channel,
    traits: Object.fromEntries(rule.action.traits.map((k) => [k, traitAt(traits, k) ?? null])),
  };
}
