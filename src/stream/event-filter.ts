import type { PropFilter } from "../model/index.js";
import { pathGet } from "./json-value.js";
import { valueTest } from "./value-test.js";

export type PropPredicate = (properties: Record<string, unknown> | null) => boolean;

/** Compiles `where` filters to one predicate over event properties (the SQL eventMatch, minus the name test). */
export function propPredicate(where: readonly PropFilter[] | undefined): PropPredicate {
  if (!where || where.length === 0) return () => true;
  const tests = where.map((f) => ({ path: f.property.split("."), op: f.op, value: f.value }));
  return (props) => {
    for (const f of tests) if (!valueTest(pathGet(props, f.path), f.op, f.value, 0)) return false;
    return true;
  };
}
