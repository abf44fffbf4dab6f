import { z } from "zod";
import { TesseraError } from "../model/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { type ConsentStatement, decideConsent, statementsFromTraits, storedStatements } from "./consent.js";
import { traitFacts } from "./profile-facts.js";
import { parseWith } from "./zod-error.js";

export const consentInputSchema = z.strictObject({
  /** A profile id, a userId or an anonymousId. */
  profile: z.string().min(1),
  channel: z.string().min(1).default("*"),
  purpose: z.string().min(1).default("*"),
  granted: z.boolean(),
  source: z.string().min(1).default("api"),
});
export type ConsentInput = z.input<typeof consentInputSchema>;

/** The canonical profile id for a profile id, userId or anonymousId (404 when unknown). */
export async function resolveProfile(store: Store, id: string): Promise<string> {
  const rows = await store.all<{ profile_id: string }>(
    `SELECT profile_id FROM profiles WHERE profile_id = $1
     UNION ALL SELECT profile_id FROM identities WHERE id_key = 'user:' || $1
     UNION ALL SELECT profile_id FROM identities WHERE id_key = 'anon:' || $1 LIMIT 1`,
    [id],
  );
  if (!rows[0]) {
    throw new TesseraError(
      { code: "profile_not_found", path: ["profile"], message: `no profile with id "${id}"` },
      404,
    );
  }
  return rows[0].profile_id;
}

/** The subscription API's side of consent: explicit statements per profile, channel and purpose. */
export class ConsentRepo {
  constructor(
    private readonly store: Store,
    private readonly now: Clock,
  ) {}

  async set(input: ConsentInput): Promise<{ profile: string; statement: ConsentStatement }> {
    const v = parseWith(consentInputSchema, input, "bad_consent");
    const profile = await resolveProfile(this.store, v.profile);
    const at = this.now();
    await this.store.transaction(async (tx) => {
      await tx.run("DELETE FROM consent WHERE profile_id = $1 AND channel = $2 AND purpose = $3", [
        profile,
        v.channel,
        v.purpose,
      ]);
      await tx.run("INSERT INTO consent VALUES ($1, $2, $3, $4, $5, $6)", [
        profile,
        v.channel,
        v.purpose,
        v.granted,
        at,
        v.source,
      ]);
    });
    return { profile, statement: { channel: v.channel, purpose: v.purpose, granted: v.granted, at, source: v.source } };
  }

  /** Every statement that applies to a profile (traits and API) and the decision per asked channel/purpose. */
  async explain(
    id: string,
    asks: { channel: string; purpose: string }[] = [],
  ): Promise<{ profile: string; statements: ConsentStatement[]; decisions: Record<string, unknown>[] }> {
    const profile = await resolveProfile(this.store, id);
    const statements = [
      ...statementsFromTraits(await traitFacts(this.store, profile)),
      ...(await storedStatements(this.store, profile)),
    ];
    const decisions = asks.map((a) => ({ ...a, ...decideConsent(statements, a.channel, a.purpose) }));
    return { profile, statements, decisions };
  }
}
