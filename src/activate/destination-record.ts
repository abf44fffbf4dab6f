import { z } from "zod";

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, _ . - (at most 64)");

/** What a user sends to create or replace a destination; `config` is checked by the kind's own schema. */
export const destinationInputSchema = z.strictObject({
  id: idSchema.optional(),
  kind: z.string().min(1),
  name: z.string().min(1).optional(),
  config: z.record(z.string(), z.unknown()),
  /** Segment ids whose enter/exit changes this destination receives; ["*"] = every segment. */
  segments: z.array(z.string().min(1)).default([]),
  /** Consent purpose this destination serves (suppression by purpose), e.g. "marketing", "analytics". */
  purpose: z.string().min(1).default("marketing"),
  /** Consent channel; "*" = only opt-outs that cover every channel apply. */
  channel: z.string().min(1).default("*"),
  concurrency: z.number().int().min(1).max(256).default(4),
  /** Deliveries per second (token bucket, burst = max(1, rate)); null = unlimited. */
  ratePerSec: z.number().positive().nullable().default(null),
  maxAttempts: z.number().int().min(1).max(100).default(10),
  enabled: z.boolean().default(true),
  /** Also receive alerts other modules put in the outbox (kind "alert", e.g. drift monitors); webhooks only. */
  alerts: z.boolean().default(false),
});
export type DestinationInput = z.input<typeof destinationInputSchema>;

export interface DestinationRecord {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  segments: string[];
  purpose: string;
  channel: string;
  concurrency: number;
  ratePerSec: number | null;
  maxAttempts: number;
  enabled: boolean;
  alerts: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DestinationRow {
  id: string;
  kind: string;
  name: string;
  config: string;
  segments: string;
  purpose: string;
  channel: string;
  concurrency: number;
  rate_per_sec: number | null;
  max_attempts: number;
  enabled: boolean;
  created_at: number;
  updated_at: number;
  alerts: boolean | null;
}

export const destinationFromRow = (r: DestinationRow): DestinationRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  config: JSON.parse(r.config) as Record<string, unknown>,
  segments: JSON.parse(r.segments) as string[],
  purpose: r.purpose,
  channel: r.channel,
  concurrency: r.concurrency,
  ratePerSec: r.rate_per_sec,
  maxAttempts: r.max_attempts,
  enabled: r.enabled,
  alerts: r.alerts ?? false,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const subscribes = (d: DestinationRecord, segmentId: string): boolean =>
  d.segments.includes("*") || d.segments.includes(segmentId);

/** Outbox destinations of automation rules are "rule:<id>"; everything else names a destination record. */
export const RULE_PREFIX = "rule:";
export const STAR = "*";
