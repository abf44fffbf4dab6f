import type { MessageType, SegmentMessage } from "./message-schema.js";

/**
 * The hot path of validation: a hand-written check of the same rules as the zod schemas, ~10× faster. It only ever
 * says "valid" (returning the normalised message) or "don't know"; on "don't know" the zod schemas run and produce
 * the errors. A differential property test keeps the two in agreement.
 */
const isObj = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
const optObj = (v: unknown): boolean => v === undefined || isObj(v);
const okTime = (v: unknown): boolean =>
  v === undefined ||
  (typeof v === "string" && !Number.isNaN(Date.parse(v))) ||
  (typeof v === "number" && Number.isFinite(v)) ||
  v instanceof Date;
const okId = (v: unknown): boolean =>
  (typeof v === "string" && v.length >= 1 && v.length <= 1024) || (typeof v === "number" && Number.isFinite(v));
const optId = (v: unknown): boolean => v === undefined || v === null || okId(v);
const optName = (v: unknown): boolean => v === undefined || v === null || (typeof v === "string" && v.length <= 512);
const idStr = (v: unknown): unknown => (typeof v === "number" ? String(v) : v);

export function fastValidate(m: Record<string, unknown>, type: MessageType): SegmentMessage | undefined {
  const mid = m["messageId"];
  if (mid !== undefined && !(typeof mid === "string" && mid.length >= 1 && mid.length <= 1024)) return undefined;
  if (!okTime(m["timestamp"]) || !okTime(m["sentAt"]) || !okTime(m["receivedAt"]) || !okTime(m["originalTimestamp"])) {
    return undefined;
  }
  if (!optObj(m["context"]) || !optObj(m["integrations"])) return undefined;
  const userId = m["userId"];
  const anonymousId = m["anonymousId"];
  if (type === "alias") {
    if (!okId(userId) || !okId(m["previousId"]) || !optId(anonymousId)) return undefined;
  } else {
    if (!optId(userId) || !optId(anonymousId)) return undefined;
    if ((userId ?? null) === null && (anonymousId ?? null) === null) return undefined;
  }
  switch (type) {
    case "identify":
      if (!optObj(m["traits"])) return undefined;
      break;
    case "track": {
      const ev = m["event"];
      if (!(typeof ev === "string" && ev.length >= 1 && ev.length <= 512) || !optObj(m["properties"])) return undefined;
      break;
    }
    case "page":
      if (!optName(m["name"]) || !optName(m["category"]) || !optObj(m["properties"])) return undefined;
      break;
    case "screen":
      if (!optName(m["name"]) || !optObj(m["properties"])) return undefined;
      break;
    case "group":
      if (!okId(m["groupId"]) || !optObj(m["traits"])) return undefined;
      break;
    case "alias":
      break;
    default: {
      const never: never = type;
      throw new Error(`unreachable message type ${String(never)}`);
    }
  }
  const out: Record<string, unknown> = { ...m, type };
  if (typeof userId === "number") out["userId"] = idStr(userId);
  if (typeof anonymousId === "number") out["anonymousId"] = idStr(anonymousId);
  if (type === "group" && typeof m["groupId"] === "number") out["groupId"] = idStr(m["groupId"]);
  if (type === "alias" && typeof m["previousId"] === "number") out["previousId"] = idStr(m["previousId"]);
  return out as SegmentMessage;
}
