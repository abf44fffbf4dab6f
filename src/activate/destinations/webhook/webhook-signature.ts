import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Tessera-Signature";

const hmacHex = (secret: string, payload: string): string => createHmac("sha256", secret).update(payload).digest("hex");

/**
 * `t=<unix seconds>,v1=<hex>[,v1=<hex>]`: one v1 per active secret (two during a rotation), each the HMAC-SHA256 of
 * `${t}.${body}`. Receivers accept when any v1 matches one of their secrets and t is recent (replay window).
 */
export function signBody(body: string, secrets: readonly string[], unixSeconds: number): string {
  const parts = [`t=${unixSeconds}`];
  for (const s of secrets) parts.push(`v1=${hmacHex(s, `${unixSeconds}.${body}`)}`);
  return parts.join(",");
}

export interface VerifyResult {
  ok: boolean;
  reason?: "malformed" | "stale" | "mismatch";
}

/** Receiver-side check, exported so receivers written in TypeScript (and the tests) verify the same way. */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): VerifyResult {
  let t: number | null = null;
  const sigs: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return { ok: false, reason: "malformed" };
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t") t = Number(v);
    else if (k === "v1") sigs.push(v);
  }
  if (t === null || !Number.isInteger(t) || sigs.length === 0) return { ok: false, reason: "malformed" };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: "stale" };
  const expected = Buffer.from(hmacHex(secret, `${t}.${body}`), "hex");
  for (const s of sigs) {
    const got = Buffer.from(s, "hex");
    if (got.length === expected.length && timingSafeEqual(got, expected)) return { ok: true };
  }
  return { ok: false, reason: "mismatch" };
}
