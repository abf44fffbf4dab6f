import type { MergeRecord } from "./stored-event.js";

export const userKey = (id: string): string => `user:${id}`;
export const anonKey = (id: string): string => `anon:${id}`;

/** Identity keys of one message, user id first (the user id names a new profile and wins a merge). */
export interface MessageIds {
  userId: string | null;
  anonymousId: string | null;
  /** alias: the id being merged into userId; looked up as a user id first, then as an anonymous id. */
  previousId?: string | null;
}

/**
 * Identity resolution as union-find over id keys ("user:…", "anon:…"), kept in memory (loaded from the identities
 * table) because every message needs it. Changes made while a batch is being prepared are staged in `Staged` and only
 * become visible to later batches after the store commit (`commit`), so a rolled-back batch leaves no trace.
 */
export class IdentityGraph {
  private readonly keyToProfile = new Map<string, string>();
  private readonly profileKeys = new Map<string, string[]>();

  load(rows: Iterable<{ id_key: string; profile_id: string }>): void {
    for (const r of rows) {
      this.keyToProfile.set(r.id_key, r.profile_id);
      const keys = this.profileKeys.get(r.profile_id);
      if (keys) keys.push(r.id_key);
      else this.profileKeys.set(r.profile_id, [r.id_key]);
    }
  }

  profileOfKey(key: string): string | undefined {
    return this.keyToProfile.get(key);
  }

  hasProfile(id: string): boolean {
    return this.profileKeys.has(id);
  }

  keysOf(profileId: string): readonly string[] {
    return this.profileKeys.get(profileId) ?? [];
  }

  get size(): number {
    return this.profileKeys.size;
  }

  stage(): Staged {
    return new Staged(this);
  }

  /** Applies a committed staging area. */
  apply(s: Staged): void {
    for (const [key, p] of s.newKeys) this.keyToProfile.set(key, s.find(p));
    for (const p of s.newProfiles) if (!this.profileKeys.has(p)) this.profileKeys.set(p, []);
    for (const [key, p] of s.newKeys) {
      const canon = s.find(p);
      const list = this.profileKeys.get(canon);
      if (list) list.push(key);
      else this.profileKeys.set(canon, [key]);
    }
    for (const m of s.merges) {
      const moved = this.profileKeys.get(m.from) ?? [];
      const target = this.profileKeys.get(s.find(m.into)) ?? [];
      for (const k of moved) {
        this.keyToProfile.set(k, s.find(m.into));
        target.push(k);
      }
      this.profileKeys.set(s.find(m.into), target);
      this.profileKeys.delete(m.from);
    }
  }

  forget(profileId: string): void {
    for (const k of this.profileKeys.get(profileId) ?? []) this.keyToProfile.delete(k);
    this.profileKeys.delete(profileId);
  }
}

export class Staged {
  readonly newKeys = new Map<string, string>();
  readonly newProfiles = new Set<string>();
  readonly merges: MergeRecord[] = [];
  private readonly redirect = new Map<string, string>();

  constructor(private readonly base: IdentityGraph) {}

  /** Canonical profile after the merges staged so far. */
  find(p: string): string {
    let cur = p;
    for (let next = this.redirect.get(cur); next !== undefined; next = this.redirect.get(cur)) cur = next;
    return cur;
  }

  private lookup(key: string): string | undefined {
    const p = this.newKeys.get(key) ?? this.base.profileOfKey(key);
    return p === undefined ? undefined : this.find(p);
  }

  private exists(id: string): boolean {
    return this.newProfiles.has(id) || (this.base.hasProfile(id) && !this.redirect.has(id));
  }

  private freshProfileId(preferred: string): string {
    if (!this.exists(preferred) && !this.redirect.has(preferred)) return preferred;
    for (let n = 2; ; n++) {
      const candidate = `${preferred}~${n}`;
      if (!this.exists(candidate) && !this.redirect.has(candidate)) return candidate;
    }
  }

  /** Resolves the profile of a message, creating or merging profiles as needed. */
  resolve(ids: MessageIds, at: number, messageId: string): string {
    const uKey = ids.userId ? userKey(ids.userId) : null;
    const aKey = ids.anonymousId ? anonKey(ids.anonymousId) : null;
    let prevKey: string | null = null;
    if (ids.previousId) {
      const asUser = userKey(ids.previousId);
      prevKey = this.lookup(asUser) !== undefined ? asUser : anonKey(ids.previousId);
    }
    const primaryKey = uKey ?? aKey;
    if (primaryKey === null) throw new Error("message without identity reached the resolver");
    const primary = this.lookup(primaryKey);
    const others = [aKey, prevKey].filter((k): k is string => k !== null && k !== primaryKey);
    let profile = primary;
    if (profile === undefined) {
      // A known secondary id (e.g. the anonymous id of an earlier visit) carries over to the new user id.
      for (const k of others) {
        const p = this.lookup(k);
        if (p !== undefined) {
          profile = p;
          break;
        }
      }
    }
    if (profile === undefined) {
      profile = this.freshProfileId(ids.userId ?? ids.anonymousId ?? ids.previousId ?? messageId);
      this.newProfiles.add(profile);
    }
    for (const k of [primaryKey, ...others]) {
      const p = this.lookup(k);
      if (p === undefined) this.newKeys.set(k, profile);
      else if (p !== profile) {
        // The profile holding the user id survives; the other one's history moves into it.
        this.redirect.set(p, profile);
        this.merges.push({ from: p, into: profile, at, messageId });
      }
    }
    return profile;
  }
}
