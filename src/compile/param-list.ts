import type { Dialect } from "./dialect.js";

export type ParamValue = string | number | boolean | null;

/** Collects bind values in order; identical values share one placeholder. Values never enter the SQL text. */
export class ParamList {
  readonly values: ParamValue[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly dialect: Dialect) {}

  add(value: ParamValue): string {
    const key = `${typeof value}:${String(value)}`;
    let i = this.index.get(key);
    if (i === undefined) {
      this.values.push(value);
      i = this.values.length;
      this.index.set(key, i);
    }
    return this.dialect.placeholder(i);
  }
}
