import { bucketOf } from "../model/index.js";

/**
 * bucketOf without allocating: FNV-1a over the UTF-16 code units when the text is ASCII (then they are the UTF-8
 * bytes); anything else goes through the shared bucketOf. Equality with bucketOf is property-tested.
 */
export function fastBucketOf(salt: string, id: string): number {
  // Hashes `${salt}:${id}` part by part: concatenating would build (and flatten) a string per evaluation.
  const s = fnvAscii(2166136261, salt);
  const h = s < 0 ? -1 : fnvAscii(Math.imul(s ^ 0x3a, 16777619) >>> 0, id);
  return h < 0 ? bucketOf(salt, id) : (h % 10000) / 100;
}

/** FNV-1a of `text` continued from h, or −1 when a code unit is not ASCII. */
function fnvAscii(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    h = Math.imul(h ^ c, 16777619) >>> 0;
  }
  return h;
}
