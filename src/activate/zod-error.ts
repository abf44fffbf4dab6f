import type { z } from "zod";
import { TesseraError } from "../model/index.js";

/** Turns the first zod issue into a TesseraError pointing at the offending field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, code: string, prefix: (string | number)[] = []): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
  throw new TesseraError({
    code,
    path,
    message: `${path.length ? `${path.join(".")}: ` : ""}${issue.message}`,
    details: { issues: r.error.issues.map((i) => ({ path: [...prefix, ...i.path.map(String)], message: i.message })) },
  });
}
