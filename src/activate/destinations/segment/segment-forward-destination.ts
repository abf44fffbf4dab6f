import { z } from "zod";
import type { Store } from "../../../store/index.js";
import { asMembership, type Delivery } from "../../delivery.js";
import type { DestinationAdapter, DestinationFactory } from "../../destination-adapter.js";
import { parseWith } from "../../zod-error.js";
import { postJson } from "../http-post.js";

const configSchema = z.strictObject({
  /** Base URL of any Segment-compatible HTTP API (Segment itself, RudderStack, another Tessera). */
  url: z.url({ protocol: /^https?$/ }),
  writeKey: z.string().min(1),
  /** Trait name per segment id; default: the segment id in snake_case, the way hosted audience products name it. */
  audienceKeys: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  actionEvent: z.string().default("Tessera Action"),
});
type SegmentConfig = z.infer<typeof configSchema>;

export const audienceKeyOf = (segmentId: string): string =>
  segmentId
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();

/** Segment messages for one delivery: identify (audience as a boolean trait) then track Audience Entered/Exited. */
export function segmentMessages(
  d: Delivery,
  ids: { userId: string | null; anonymousId: string | null },
  cfg: Pick<SegmentConfig, "audienceKeys" | "actionEvent">,
): Record<string, unknown>[] {
  const who: Record<string, string> = {};
  if (ids.userId) who["userId"] = ids.userId;
  else who["anonymousId"] = ids.anonymousId ?? d.profileId;
  const context = { library: { name: "tessera-activation", version: "0.1.0" } };
  if (d.kind === "action") {
    return [
      {
        type: "track",
        messageId: `${d.key}:track`,
        event: cfg.actionEvent,
        ...who,
        timestamp: new Date(d.createdAt).toISOString(),
        properties: { ...d.payload },
        context,
      },
    ];
  }
  const m = asMembership(d.payload);
  const key = cfg.audienceKeys[m.segment] ?? audienceKeyOf(m.segment);
  const entered = m.change === "entered";
  const common = { ...who, timestamp: m.at, context: { ...context, personas: { computation_key: key } } };
  return [
    { type: "identify", messageId: `${d.key}:identify`, traits: { [key]: entered }, ...common },
    {
      type: "track",
      messageId: `${d.key}:track`,
      event: entered ? "Audience Entered" : "Audience Exited",
      properties: {
        audience_key: key,
        [key]: entered,
        segment_id: m.segment,
        segment_version: m.version,
        reason: m.reason,
      },
      ...common,
    },
  ];
}

class SegmentForwardDestination implements DestinationAdapter {
  readonly kind = "segment";
  readonly mode = "each" as const;
  private readonly auth: string;
  constructor(
    private readonly cfg: SegmentConfig,
    private readonly store: Store,
  ) {
    this.auth = `Basic ${Buffer.from(`${cfg.writeKey}:`).toString("base64")}`;
  }

  private async idsOf(profileId: string): Promise<{ userId: string | null; anonymousId: string | null }> {
    const rows = await this.store.all<{ id_key: string }>(
      "SELECT id_key FROM identities WHERE profile_id = $1 ORDER BY created_at, id_key",
      [profileId],
    );
    const user = rows.find((r) => r.id_key.startsWith("user:"));
    const anon = rows.find((r) => r.id_key.startsWith("anon:"));
    return { userId: user ? user.id_key.slice(5) : null, anonymousId: anon ? anon.id_key.slice(5) : null };
  }

  async send(deliveries: readonly Delivery[]): Promise<void> {
    const batch: Record<string, unknown>[] = [];
    for (const d of deliveries) batch.push(...segmentMessages(d, await this.idsOf(d.profileId), this.cfg));
    const body = JSON.stringify({ batch, sentAt: new Date().toISOString() });
    await postJson(`${this.cfg.url.replace(/\/+$/, "")}/v1/batch`, body, this.cfg.timeoutMs, {
      authorization: this.auth,
    });
  }
}

export const segmentForwardFactory: DestinationFactory = {
  kind: "segment",
  validate: (config) => parseWith(configSchema, config, "bad_destination_config", ["config"]),
  redact: (config) => ({ ...config, writeKey: "***" }),
  create: (spec, ctx) => new SegmentForwardDestination(configSchema.parse(spec.config), ctx.store),
};
