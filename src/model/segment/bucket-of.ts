const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const encoder = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as an unsigned integer. `seed` continues from an earlier state
 * (fnv1a32(a + b) = fnv1a32(b, fnv1a32(a))), which lets SQL hash only the profile id after a precomputed salt prefix.
 */
export function fnv1a32(text: string, seed: number = FNV_OFFSET): number {
  const bytes = encoder.encode(text);
  let h = seed;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME) >>> 0;
  return h;
}

/**
 * The one deterministic bucket function shared by the SQL compiler and the streaming evaluator:
 * FNV-1a 32-bit over the UTF-8 bytes of `${salt}:${profileId}`, mod 10000, / 100 → [0, 100) in steps of 0.01.
 */
export const bucketOf = (salt: string, profileId: string): number => (fnv1a32(`${salt}:${profileId}`) % 10000) / 100;

export const BUCKET_HASH = { name: "fnv1a32", offset: FNV_OFFSET, prime: FNV_PRIME, modulus: 10000 } as const;
