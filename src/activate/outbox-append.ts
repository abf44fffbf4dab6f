import { parseDuration } from "../model/index.js";
import type { Store, StoreTx } from "../store/index.js";
import { RULE_PREFIX } from "./destination-record.js";
import { KEY_LIST, type NewOutboxRow, outboxValues } from "./outbox-row.js";
import type { Rule } from "./rule-record.js";

const delayOf = (r: Rule): number => (r.delay ? parseDuration(r.delay) : 0);

/** The outbox row of a rule action: due at cause time + delay (never in the past), key = cause key + rule. */
export function actionRow(
  r: Rule,
  causeKey: string,
  profileId: string,
  trigger: Record<string, unknown>,
  causeAt: number,
  now: number,
): NewOutboxRow {
  const due = Math.max(now, (Number.isFinite(causeAt) ? causeAt : now) + delayOf(r));
  return {
    key: `${causeKey}:${RULE_PREFIX}${r.id}`,
    destination: `${RULE_PREFIX}${r.id}`,
    kind: "action",
    profileId,
    payload: { rule: r.id, profile: profileId, trigger, dueAt: new Date(due).toISOString() },
    status: "pending",
    nextAttemptAt: due,
    createdAt: now,
  };
}

/**
 * Appends new outbox rows with fresh seqs, skipping keys that already exist (a re-run after a crash, a second
 * worker). The outbox has no key index (it would be rewritten whole at every checkpoint), so the lookup scans:
 * callers that know every possible duplicate has a seq above some bound (copies of producer rows come after them)
 * pass it as `after`, and the scan skips the rest of the table by its seq statistics.
 */
export async function appendRows(store: Store, tx: StoreTx, rows: readonly NewOutboxRow[], after = 0): Promise<void> {
  if (rows.length === 0) return;
  const existing = new Set(
    (
      await tx.all<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM outbox WHERE seq > $2 AND idempotency_key IN ${KEY_LIST(1)}`,
        [JSON.stringify(rows.map((r) => r.key)), after],
      )
    ).map((r) => r.idempotency_key),
  );
  const fresh = rows.filter((r) => !existing.has(r.key));
  if (fresh.length === 0) return;
  const first = await store.nextSeq("outbox", fresh.length);
  await tx.append(
    "outbox",
    fresh.map((r, i) => outboxValues(first + i, r)),
  );
}
