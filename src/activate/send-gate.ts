import { parseDuration } from "../model/index.js";
import type { Queryable } from "../store/index.js";
import { decideConsent, statementsFromTraits, storedStatements } from "./consent.js";
import { asMembership, type Delivery } from "./delivery.js";
import type { DestinationRecord } from "./destination-record.js";
import { inHoldout } from "./dispatcher.js";
import { isMember, segmentHoldout, traitAt, traitFacts, traitValues } from "./profile-facts.js";
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
 * Audience deliveries: an "entered" goes out only with consent for the destination's channel and purpose; an
 * "exited" only when the destination holds the member (so an opted-out person, never sent, is never mentioned).
 */
export async function gateMembership(
  db: Queryable,
  dest: DestinationRecord,
  d: Delivery,
  /** Within one batch: what earlier rows of the same batch will have made the destination hold (not committed yet). */
  inBatch?: Map<string, boolean>,
): Promise<GateDecision> {
  const m = asMembership(d.payload);
  const batchKey = `${m.segment}\u0000${d.profileId}`;
  const decided = await gateMembershipRow(db, dest, d, inBatch?.get(batchKey));
  if (inBatch && decided.kind === "send") inBatch.set(batchKey, m.change === "entered");
  return decided;
}

async function gateMembershipRow(
  db: Queryable,
  dest: DestinationRecord,
  d: Delivery,
  heldInBatch: boolean | undefined,
): Promise<GateDecision> {
  const m = asMembership(d.payload);
  if (m.change === "exited") {
    if (heldInBatch === true) return { kind: "send", channel: null, traits: {} };
    const held =
      heldInBatch === false
        ? []
        : await db.all("SELECT 1 FROM sync_state WHERE destination_id = $1 AND segment_id = $2 AND profile_id = $3", [
            dest.id,
            m.segment,
            d.profileId,
          ]);
    if (held.length === 0) {
      return {
        kind: "close",
        status: "skipped",
        outcome: "not_held",
        detail: "destination never received this member",
      };
    }
    return { kind: "send", channel: null, traits: {} };
  }
  const facts = await traitFacts(db, d.profileId);
  const statements = [...statementsFromTraits(facts), ...(await storedStatements(db, d.profileId))];
  const c = decideConsent(statements, dest.channel, dest.purpose);
  if (!c.granted) return { kind: "close", status: "suppressed", outcome: "suppressed", detail: c.because };
  return { kind: "send", channel: null, traits: {} };
}

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
  const traits = traitValues(facts);
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
