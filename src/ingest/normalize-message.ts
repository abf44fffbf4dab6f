import { randomUUID } from "node:crypto";
import type { SegmentMessage } from "../model/index.js";

const KNOWN = new Set([
  "type",
  "messageId",
  "userId",
  "anonymousId",
  "timestamp",
  "sentAt",
  "receivedAt",
  "originalTimestamp",
  "context",
  "traits",
  "properties",
  "event",
  "name",
]);

const toMs = (v: unknown): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return v;
  if (v instanceof Date) return v.getTime();
  const ms = Date.parse(String(v));
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Event time as Segment computes it: the client's timestamp corrected for client clock skew when sentAt is known
 * (timestamp − (sentAt − receivedAt)); without a timestamp, receivedAt.
 */
export function eventTime(msg: SegmentMessage, receivedAt: number): number {
  const ts = toMs(msg.timestamp) ?? toMs(msg["originalTimestamp"]);
  if (ts === undefined) return receivedAt;
  const sentAt = toMs(msg.sentAt);
  return sentAt === undefined ? ts : ts - (sentAt - receivedAt);
}

export const eventName = (msg: SegmentMessage): string | null => {
  switch (msg.type) {
    case "track":
      return msg.event ?? null;
    case "page":
      return "Page Viewed";
    case "screen":
      return "Screen Viewed";
    case "identify":
    case "group":
    case "alias":
      return null;
    default: {
      const never: never = msg.type;
      throw new Error(`unreachable message type ${String(never)}`);
    }
  }
};

/** Fields we do not model as columns, kept verbatim so nothing a client sent is lost. */
export function extraFields(msg: SegmentMessage): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(msg)) {
    if (KNOWN.has(k) || v === undefined) continue;
    out ??= {};
    out[k] = v;
  }
  return out;
}

export const ensureMessageId = (msg: SegmentMessage): string => msg.messageId ?? `tsr-${randomUUID()}`;
