import { DeliveryError, retryableStatus } from "../delivery.js";

const retryAfterMs = (h: string | null): number | null => {
  if (!h) return null;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
};

/** POSTs a JSON body with a timeout; 2xx resolves, anything else throws a DeliveryError saying whether to retry. */
export async function postJson(
  url: string,
  body: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "tessera-activation/0.1", ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : (err.cause?.code ?? err.message);
    throw new DeliveryError(`POST ${url}: ${why}`, { retryable: true });
  }
  const text = await res.text().catch(() => "");
  if (res.ok) return;
  throw new DeliveryError(`POST ${url}: HTTP ${res.status}${text ? ` ${text.slice(0, 200)}` : ""}`, {
    retryable: retryableStatus(res.status),
    status: res.status,
    retryAfterMs: retryAfterMs(res.headers.get("retry-after")),
  });
}
