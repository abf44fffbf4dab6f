import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { Delivery } from "./delivery.js";

/** Adapter-facing view of a destination record. */
export interface DestinationSpec {
  id: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
}

export interface AdapterContext {
  store: Store;
  now: Clock;
}

/**
 * The one small interface every destination implements.
 * - mode "each": the worker sends one delivery per call, several profiles concurrently, one at a time per profile.
 * - mode "batch": the worker hands an ordered prefix of the destination's queue; the adapter applies it atomically
 *   (all or nothing), which keeps per-profile order without per-profile lanes.
 * `send` resolves when the destination acknowledged; it throws DeliveryError otherwise.
 */
export interface DestinationAdapter {
  readonly kind: string;
  readonly mode: "each" | "batch";
  /** Batch destinations that run on a schedule (file export): the worker calls them at most this often. */
  readonly everyMs?: number;
  send(deliveries: readonly Delivery[]): Promise<void>;
  /** Called after a scheduled round committed (file export writes its full snapshot here). */
  afterRound?(): Promise<void>;
  close?(): Promise<void>;
}

export interface DestinationFactory {
  readonly kind: string;
  /** Validates the kind-specific config; throws TesseraError with a path into `config`. */
  validate(config: unknown): Record<string, unknown>;
  /** Secrets are never shown by the API or CLI. */
  redact(config: Record<string, unknown>): Record<string, unknown>;
  create(spec: DestinationSpec, ctx: AdapterContext): DestinationAdapter;
}
