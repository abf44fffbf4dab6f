import { randomBytes } from "node:crypto";
import { TesseraError } from "../model/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { bumpConfigEpoch } from "./config-epoch.js";
import {
  type DestinationInput,
  type DestinationRecord,
  type DestinationRow,
  destinationFromRow,
  destinationInputSchema,
} from "./destination-record.js";
import { factoryOf } from "./destinations/destination-kinds.js";
import { parseWith } from "./zod-error.js";

const notFound = (id: string): TesseraError =>
  new TesseraError({ code: "destination_not_found", path: ["id"], message: `no destination "${id}"` }, 404);

/** Destinations in the store: validated on write, secrets redacted on every read meant for people. */
export class DestinationRepo {
  constructor(
    private readonly store: Store,
    private readonly now: Clock,
  ) {}

  async list(): Promise<DestinationRecord[]> {
    const rows = await this.store.all<DestinationRow>("SELECT * FROM destinations ORDER BY id");
    return rows.map(destinationFromRow);
  }

  async get(id: string): Promise<DestinationRecord> {
    const rows = await this.store.all<DestinationRow>("SELECT * FROM destinations WHERE id = $1", [id]);
    if (!rows[0]) throw notFound(id);
    return destinationFromRow(rows[0]);
  }

  async find(id: string): Promise<DestinationRecord | null> {
    const rows = await this.store.all<DestinationRow>("SELECT * FROM destinations WHERE id = $1", [id]);
    return rows[0] ? destinationFromRow(rows[0]) : null;
  }

  /** Creates (or, with `replace`, overwrites) a destination; returns the stored record. */
  async put(input: DestinationInput, replace = false): Promise<DestinationRecord> {
    const v = parseWith(destinationInputSchema, input, "bad_destination");
    const factory = factoryOf(v.kind);
    if (v.alerts && v.kind !== "webhook") {
      throw new TesseraError({
        code: "bad_destination",
        path: ["alerts"],
        message: "only webhook destinations receive alerts",
      });
    }
    const config = factory.validate(v.config);
    const id = v.id ?? `${v.kind}-${randomBytes(4).toString("hex")}`;
    const existing = await this.find(id);
    if (existing && !replace) {
      throw new TesseraError({ code: "destination_exists", path: ["id"], message: `destination "${id}" exists` }, 409);
    }
    const t = this.now();
    const rec: DestinationRecord = {
      id,
      kind: v.kind,
      name: v.name ?? id,
      config,
      segments: v.segments,
      purpose: v.purpose,
      channel: v.channel,
      concurrency: v.concurrency,
      ratePerSec: v.ratePerSec,
      maxAttempts: v.maxAttempts,
      enabled: v.enabled,
      alerts: v.alerts,
      createdAt: existing?.createdAt ?? t,
      updatedAt: t,
    };
    await this.store.transaction(async (tx) => {
      await tx.run("DELETE FROM destinations WHERE id = $1", [id]);
      await tx.run("INSERT INTO destinations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)", [
        rec.id,
        rec.kind,
        rec.name,
        JSON.stringify(rec.config),
        JSON.stringify(rec.segments),
        rec.purpose,
        rec.channel,
        rec.concurrency,
        rec.ratePerSec,
        rec.maxAttempts,
        rec.enabled,
        rec.createdAt,
        rec.updatedAt,
        rec.alerts,
      ]);
    });
    bumpConfigEpoch();
    return rec;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.store.transaction(async (tx) => {
      await tx.run("DELETE FROM destinations WHERE id = $1", [id]);
      await tx.run("DELETE FROM sync_state WHERE destination_id = $1", [id]);
      // Undelivered rows of a removed destination would never be sent: close them, visibly.
      await tx.run(
        "UPDATE outbox SET status = 'dead', last_error = 'destination removed' WHERE destination = $1 AND status = 'pending'",
        [id],
      );
    });
    bumpConfigEpoch();
  }

  /** Webhook secret rotation: the new secret signs first, the previous one keeps signing until the next rotation. */
  async rotateSecret(id: string): Promise<{ destination: DestinationRecord; secret: string }> {
    const d = await this.get(id);
    if (d.kind !== "webhook") {
      throw new TesseraError({ code: "not_a_webhook", path: ["id"], message: `"${id}" is a ${d.kind} destination` });
    }
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    const old = (d.config["secrets"] as string[])[0]!;
    const next = await this.put({ ...inputOf(d), config: { ...d.config, secrets: [secret, old] } }, true);
    return { destination: next, secret };
  }

  redacted(d: DestinationRecord): DestinationRecord {
    return { ...d, config: factoryOf(d.kind).redact(d.config) };
  }
}

export const inputOf = (d: DestinationRecord): DestinationInput => ({
  id: d.id,
  kind: d.kind,
  name: d.name,
  config: d.config,
  segments: d.segments,
  purpose: d.purpose,
  channel: d.channel,
  concurrency: d.concurrency,
  ratePerSec: d.ratePerSec,
  maxAttempts: d.maxAttempts,
  enabled: d.enabled,
  alerts: d.alerts,
});
