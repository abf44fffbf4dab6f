import { bucketOf } from "../model/index.js";

/**
 * bucketOf without allocating: FNV-1a over the UTF-16 code units when the text is ASCII (then they are the UTF-8
 * bytes); anything else goes through the shared bucketOf. Equality with bucketOf is property-tested.
 */
export function fastBucketOf(salt: string, id: string): number {
  let h = 2166136261;
  const text = `${salt}:${id}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return bucketOf(salt, id);
    h = Math.imul(h ^ c, 16777619) >>> 0;
  }
  return (h % 10000) / 100;
}
