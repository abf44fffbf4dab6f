import { fastValidate } from "./message-fast-check.js";
import {
  MAX_MESSAGE_BYTES,
  MESSAGE_TYPES,
  type MessageType,
  messageSchemas,
  type SegmentMessage,
} from "./message-schema.js";
import type { ErrorData } from "./tessera-error.js";

export type ValidationResult = { ok: true; message: SegmentMessage } | { ok: false; errors: ErrorData[] };

const isMessageType = (t: unknown): t is MessageType =>
  typeof t === "string" && (MESSAGE_TYPES as readonly string[]).includes(t);

/**
 * Validates one raw message. `forcedType` is the type implied by the endpoint (/v1/track…); `path` prefixes every
 * error path (e.g. ["batch", 3]) so a caller can point at the exact message and field.
 */
export function validateMessage(
  raw: unknown,
  path: ReadonlyArray<string | number>,
  forcedType?: MessageType,
): ValidationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ code: "invalid_message", path, message: "a message must be a JSON object" }] };
  }
  const obj = raw as Record<string, unknown>;
  const type = forcedType ?? obj["type"];
  if (!isMessageType(type)) {
    return {
      ok: false,
      errors: [
        {
          code: "invalid_type",
          path: [...path, "type"],
          message: `type must be one of ${MESSAGE_TYPES.join(", ")}; got ${JSON.stringify(obj["type"] ?? null)}`,
        },
      ],
    };
  }
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      errors: [
        { code: "message_too_large", path, message: `message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES}` },
      ],
    };
  }
  const fast = fastValidate(obj, type);
  if (fast) return { ok: true, message: fast };
  return validateWithSchema(obj, type, path);
}

/** The reference path (zod): produces the errors, and is what the fast path is tested against. */
export function validateWithSchema(
  obj: Record<string, unknown>,
  type: MessageType,
  path: ReadonlyArray<string | number>,
): ValidationResult {
  const parsed = messageSchemas[type].safeParse({ ...obj, type });
  if (parsed.success) return { ok: true, message: parsed.data as SegmentMessage };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      code: "invalid_field",
      path: [...path, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: issue.message,
    })),
  };
}
