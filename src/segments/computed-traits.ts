import { compileComputedTrait } from "../compile/index.js";
import {
  type ComputedTraitDef,
  type ComputedTraitRecord,
  computedTraitDefSchema,
  type Diagnostic,
  TesseraError,
} from "../model/index.js";
import type { SqlValue, Store } from "../store/index.js";
import { DefinitionRepo } from "./definition-repo.js";

/** Computed traits: versioned aggregate definitions, evaluated in batch into `computed_traits`, read as `$name`. */
export class ComputedTraits {
  private readonly repo: DefinitionRepo<ComputedTraitRecord>;

  constructor(private readonly store: Store) {
    this.repo = new DefinitionRepo(store, "computed_trait");
  }

  async list(): Promise<ComputedTraitRecord[]> {
    return (await this.repo.latest()).map((d) => d.body);
  }

  /** Creates the trait or a new version of it (same name), then evaluates it at `asOf`. */
  async define(raw: unknown, asOf: number): Promise<{ trait: ComputedTraitRecord; profiles: number }> {
    const r = computedTraitDefSchema.safeParse(raw);
    if (!r.success) {
      const diagnostics: Diagnostic[] = r.error.issues.map((i) => ({
        code:
          i.path.at(-1) === "within"
            ? "bad_duration"
            : i.code === "unrecognized_keys"
              ? "unknown_field"
              : "invalid_field",
        severity: "error",
        path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        message: i.message,
      }));
      throw new TesseraError({
        code: "invalid_computed_trait",
        message:
          `the computed trait is not valid: ${diagnostics[0]?.path.join(".") ?? ""} ${diagnostics[0]?.message ?? ""}`.trim(),
        details: { diagnostics },
      });
    }
    const def: ComputedTraitDef = r.data as ComputedTraitDef;
    const version = await this.repo.put(def.name, def.name, { ...def, version: 0 }, Date.now());
    const trait = { ...def, version };
    const profiles = await this.evaluate(trait, asOf);
    return { trait, profiles };
  }

  /** Recomputes every computed trait at `asOf`; returns rows written per trait. */
  async refreshAll(asOf: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of await this.list()) out[t.name] = await this.evaluate(t, asOf);
    return out;
  }

  private async evaluate(t: ComputedTraitRecord, asOf: number): Promise<number> {
    const q = compileComputedTrait(t, asOf);
    // Placeholders of the compiled query are $1..$n; the name, version and time follow them.
    const n = q.params.length;
    return this.store.transaction(async (tx) => {
      await tx.run("DELETE FROM computed_traits WHERE name = $1", [t.name]);
      await tx.run(
        `INSERT INTO computed_traits SELECT profile_id, $${n + 1}, value, $${n + 2}, $${n + 3} FROM (${q.sql}) q`,
        [...(q.params as SqlValue[]), t.name, t.version, asOf],
      );
      const c = await tx.all<{ c: number }>("SELECT count(*) AS c FROM computed_traits WHERE name = $1", [t.name]);
      return c[0]?.c ?? 0;
    });
  }

  /** A profile's computed traits (name → value). */
  async ofProfile(profileId: string): Promise<Record<string, unknown>> {
    const rows = await this.store.all<{ name: string; value: string }>(
      "SELECT name, value FROM computed_traits WHERE profile_id = $1 ORDER BY name",
      [profileId],
    );
    return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value) as unknown]));
  }
}
