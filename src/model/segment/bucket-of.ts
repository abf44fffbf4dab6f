const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const encoder = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  const bytes = encoder.encode(text);
  let h = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME) >>> 0;
  return h;
}

/**
 * The one deterministic bucket function shared by the SQL compiler and the streaming evaluator:
 * FNV-1a 32-bit over the UTF-8 bytes of `${salt}:${profileId}`, mod 10000, / 100 → [0, 100) in steps of 0.01.
 */
export const bucketOf = (salt: string, profileId: string): number => (fnv1a32(`${salt}:${profileId}`) % 10000) / 100;

export const BUCKET_HASH = { name: "fnv1a32", offset: FNV_OFFSET, prime: FNV_PRIME, modulus: 10000 } as const;
