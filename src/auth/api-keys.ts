import { createHash, randomBytes } from "node:crypto";
import { TesseraError } from "../model/index.js";
import type { Store } from "../store/index.js";

export const SCOPES = ["write", "read", "admin"] as const;
export type Scope = (typeof SCOPES)[number];
/** write keys ingest only (Segment write keys); api keys carry read/write/admin scopes for /api. */
export type KeyKind = "write" | "api";

export interface ApiKey {
  id: string;
  kind: KeyKind;
  scopes: Scope[];
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Secrets are 32 random bytes, so one SHA-256 is enough to store them safely (no password stretching needed); only
 * the hash is kept and the secret is shown once at creation.
 */
const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

export function parseScopes(text: string): Scope[] {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (!(SCOPES as readonly string[]).includes(p)) {
      throw new TesseraError({
        code: "bad_scope",
        path: ["scope"],
        message: `unknown scope "${p}"; use ${SCOPES.join(", ")}`,
      });
    }
  }
  if (parts.length === 0)
    throw new TesseraError({ code: "bad_scope", path: ["scope"], message: "at least one scope is needed" });
  return parts as Scope[];
}

interface KeyRow {
  id: string;
  kind: string;
  scopes: string;
  hash: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  kind: r.kind as KeyKind,
  scopes: r.scopes.split(",") as Scope[],
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class KeyStore {
  private byHash = new Map<string, ApiKey>();

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    const rows = await this.store.all<KeyRow>("SELECT * FROM api_keys WHERE revoked_at IS NULL");
    this.byHash = new Map(rows.map((r) => [r.hash, toKey(r)]));
  }

  /** Creates a key; a "write" scope alone makes a Segment write key, anything else an API key. */
  async create(scopes: Scope[], name = ""): Promise<{ key: ApiKey; secret: string }> {
    const kind: KeyKind = scopes.length === 1 && scopes[0] === "write" && name !== "api" ? "write" : "api";
    return this.createOfKind(kind, scopes, name);
  }

  async createOfKind(kind: KeyKind, scopes: Scope[], name = ""): Promise<{ key: ApiKey; secret: string }> {
    const id = randomBytes(6).toString("hex");
    const secret = `${kind === "write" ? "tw" : "ta"}_${id}_${randomBytes(32).toString("base64url")}`;
    const key: ApiKey = { id, kind, scopes, name, createdAt: Date.now(), revokedAt: null };
    await this.store.transaction((tx) =>
      tx.append("api_keys", [[id, kind, scopes.join(","), hashSecret(secret), name, key.createdAt, null]]),
    );
    this.byHash.set(hashSecret(secret), key);
    return { key, secret };
  }

  async list(): Promise<ApiKey[]> {
    return (await this.store.all<KeyRow>("SELECT * FROM api_keys ORDER BY created_at")).map(toKey);
  }

  async revoke(id: string): Promise<void> {
    await this.store.run("UPDATE api_keys SET revoked_at = $1 WHERE id = $2", [Date.now(), id]);
    for (const [h, k] of this.byHash) if (k.id === id) this.byHash.delete(h);
  }

  verify(secret: string): ApiKey | undefined {
    return this.byHash.get(hashSecret(secret));
  }
}
