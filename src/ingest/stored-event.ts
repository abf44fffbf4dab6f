import type { MessageType } from "../model/index.js";

/** One message as the store keeps it (the `events` table), before the profile id is final. */
export interface StoredEvent {
  seq: number;
  messageId: string;
  source: string;
  type: MessageType;
  event: string | null;
  name: string | null;
  profileId: string;
  userId: string | null;
  anonymousId: string | null;
  ts: number;
  receivedAt: number;
  properties: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
  extra: Record<string, unknown> | null;
}

export interface MergeRecord {
  from: string;
  into: string;
  at: number;
  messageId: string;
}
