/** HTTP access to the Tessera API: bearer key from local storage, one error type carrying the API's error body. */
const KEY_STORAGE = "tessera.apiKey";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** The route itself does not exist on this server (a feature not shipped yet), as opposed to a missing record. */
  get notAvailable(): boolean {
    return this.status === 404 && this.code === "not_found";
  }
}

export const getApiKey = (): string => localStorage.getItem(KEY_STORAGE) ?? "";
export const setApiKey = (key: string): void => {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
};

async function request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${getApiKey()}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const res = await fetch(path, init);
  if (!res.ok) {
    const text = await res.text();
    let code = `http_${res.status}`;
    let message = text || res.statusText;
    let details: unknown;
    try {
      const err = (JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } }).error;
      if (err?.code) code = err.code;
      if (err?.message) message = err.message;
      details = err?.details;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(res.status, code, message, details);
  }
  return res;
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request("GET", path, undefined, signal)).json()) as T;
}
export async function apiSend<T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  return (res.status === 204 ? null : await res.json()) as T;
}
export async function apiText(path: string): Promise<string> {
  return (await request("GET", path)).text();
}

export const q = (v: string): string => encodeURIComponent(v);
