import { z } from "zod";

/**
 * Segment-spec messages. Unknown fields are kept (passthrough): SDKs add fields over time and we must not drop them.
 * Times are ISO strings (or epoch ms numbers, which some SDKs send).
 */
export const MESSAGE_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const timeValue = z.union([
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO 8601 time" }),
  z.number().finite(),
  z.date(),
]);
const jsonObject = z.record(z.string(), z.unknown());
const idValue = z.union([z.string().min(1).max(1024), z.number().finite()]).transform((v) => String(v));

const common = {
  messageId: z.string().min(1).max(1024).optional(),
  userId: idValue.optional().nullable(),
  anonymousId: idValue.optional().nullable(),
  timestamp: timeValue.optional(),
  sentAt: timeValue.optional(),
  receivedAt: timeValue.optional(),
  originalTimestamp: timeValue.optional(),
  context: jsonObject.optional(),
  integrations: jsonObject.optional(),
};

const withIdentity = <T extends z.ZodRawShape>(shape: T) =>
  z
    .looseObject({ ...common, ...shape })
    .refine((m) => (m.userId ?? null) !== null || (m.anonymousId ?? null) !== null, {
      message: "either userId or anonymousId is required",
      path: ["userId"],
    });

export const identifySchema = withIdentity({ type: z.literal("identify"), traits: jsonObject.optional() });
export const trackSchema = withIdentity({
  type: z.literal("track"),
  event: z.string().min(1).max(512),
  properties: jsonObject.optional(),
});
export const pageSchema = withIdentity({
  type: z.literal("page"),
  name: z.string().max(512).optional().nullable(),
  category: z.string().max(512).optional().nullable(),
  properties: jsonObject.optional(),
});
export const screenSchema = withIdentity({
  type: z.literal("screen"),
  name: z.string().max(512).optional().nullable(),
  properties: jsonObject.optional(),
});
export const groupSchema = withIdentity({
  type: z.literal("group"),
  groupId: idValue,
  traits: jsonObject.optional(),
});
export const aliasSchema = z.looseObject({
  ...common,
  type: z.literal("alias"),
  userId: idValue,
  previousId: idValue,
});

export const messageSchemas = {
  identify: identifySchema,
  track: trackSchema,
  page: pageSchema,
  screen: screenSchema,
  group: groupSchema,
  alias: aliasSchema,
} as const;

/** A validated message as it came in, with ids normalised to strings. */
export type SegmentMessage = Record<string, unknown> & {
  type: MessageType;
  messageId?: string;
  userId?: string | null;
  anonymousId?: string | null;
  timestamp?: string | number | Date;
  sentAt?: string | number | Date;
  context?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  event?: string;
  name?: string | null;
  groupId?: string;
  previousId?: string;
};

export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
