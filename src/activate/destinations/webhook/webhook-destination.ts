import { z } from "zod";
import type { Delivery } from "../../delivery.js";
import type { DestinationAdapter, DestinationFactory } from "../../destination-adapter.js";
import { parseWith } from "../../zod-error.js";
import { postJson } from "../http-post.js";
import { SIGNATURE_HEADER, signBody } from "./webhook-signature.js";

const configSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Newest first; two during a rotation, both sign every request. */
  secrets: z.array(z.string().min(16, "a signing secret needs at least 16 characters")).min(1).max(2),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  headers: z.record(z.string(), z.string()).default({}),
});
export type WebhookConfig = z.infer<typeof configSchema>;

/** The JSON body of a webhook: the delivery's payload plus its stable id (= idempotency key) and type. */
export const webhookBody = (d: Delivery): string => JSON.stringify({ id: d.key, type: d.kind, ...d.payload });

class WebhookDestination implements DestinationAdapter {
  readonly kind = "webhook";
  readonly mode = "each" as const;
  constructor(
    private readonly cfg: WebhookConfig,
    private readonly now: () => number,
  ) {}

  async send(deliveries: readonly Delivery[]): Promise<void> {
    for (const d of deliveries) {
      const body = webhookBody(d);
      const t = Math.floor(this.now() / 1000);
      await postJson(this.cfg.url, body, this.cfg.timeoutMs, {
        ...this.cfg.headers,
        [SIGNATURE_HEADER]: signBody(body, this.cfg.secrets, t),
        "Idempotency-Key": d.key,
        "Tessera-Delivery-Attempt": String(d.attempts + 1),
      });
    }
  }
}

export const webhookFactory: DestinationFactory = {
  kind: "webhook",
  validate: (config) => parseWith(configSchema, config, "bad_destination_config", ["config"]),
  redact: (config) => ({ ...config, secrets: (config["secrets"] as string[] | undefined)?.map(() => "***") ?? [] }),
  create: (spec, ctx) => new WebhookDestination(configSchema.parse(spec.config), ctx.now),
};
