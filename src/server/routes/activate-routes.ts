import { Hono } from "hono";
import type { ActivationService, DestinationInput, RuleInput } from "../../activate/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import { readJsonBody } from "../request-body.js";

const BODY_LIMIT = 256 * 1024;

const intParam = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new TesseraError({ code: "bad_parameter", path: [name], message: `${name} must be an integer, got "${v}"` });
  }
  return n;
};

const objectBody = async (c: Parameters<typeof readJsonBody>[0]): Promise<Record<string, unknown>> => {
  const b = await readJsonBody(c, BODY_LIMIT);
  if (b === null || typeof b !== "object" || Array.isArray(b)) {
    throw new TesseraError({ code: "bad_body", message: "the body must be a JSON object" });
  }
  return b as Record<string, unknown>;
};

const instantParam = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === null || v === "") return undefined;
  const t = parseInstant(String(v));
  if (t === undefined) {
    throw new TesseraError({
      code: "bad_instant",
      path: [name],
      message: `${name}: "${String(v)}" is not an ISO instant`,
    });
  }
  return t;
};

/**
 * Activation API (mounted under /api): destinations, automation rules and their log, consent, the outbox
 * (delivery log, dead-letter retry, replay) and audience re-sync.
 */
export function activateRoutes(svc: ActivationService): Hono {
  const app = new Hono();

  app.get("/destinations", async (c) => {
    const list = await svc.destinations.list();
    return c.json({ destinations: list.map((d) => svc.destinations.redacted(d)) });
  });
  app.post("/destinations", async (c) => {
    const d = await svc.destinations.put((await objectBody(c)) as DestinationInput);
    return c.json(svc.destinations.redacted(d), 201);
  });
  app.get("/destinations/:id", async (c) =>
    c.json(svc.destinations.redacted(await svc.destinations.get(c.req.param("id")))),
  );
  app.put("/destinations/:id", async (c) => {
    const body = await objectBody(c);
    const d = await svc.destinations.put({ ...(body as DestinationInput), id: c.req.param("id") }, true);
    return c.json(svc.destinations.redacted(d));
  });
  app.delete("/destinations/:id", async (c) => {
    await svc.destinations.remove(c.req.param("id"));
    return c.json({ deleted: c.req.param("id") });
  });
  app.post("/destinations/:id/rotate-secret", async (c) => {
    const r = await svc.destinations.rotateSecret(c.req.param("id"));
    return c.json({ destination: svc.destinations.redacted(r.destination), secret: r.secret });
  });
  app.post("/destinations/:id/resync", async (c) => {
    const full = c.req.query("full") === "true";
    return c.json(await svc.resync(c.req.param("id"), full));
  });

  app.get("/rules", async (c) => c.json({ rules: await svc.rules.list() }));
  app.post("/rules", async (c) => c.json(await svc.rules.put((await objectBody(c)) as RuleInput), 201));
  app.get("/rules/:id", async (c) => c.json(await svc.rules.get(c.req.param("id"))));
  app.put("/rules/:id", async (c) => {
    const body = await objectBody(c);
    return c.json(await svc.rules.put({ ...(body as RuleInput), id: c.req.param("id") }, true));
  });
  app.delete("/rules/:id", async (c) => {
    await svc.rules.remove(c.req.param("id"));
    return c.json({ deleted: c.req.param("id") });
  });
  app.post("/rules/:id/enable", async (c) => c.json(await svc.rules.setEnabled(c.req.param("id"), true)));
  app.post("/rules/:id/disable", async (c) => c.json(await svc.rules.setEnabled(c.req.param("id"), false)));
  app.get("/rules/:id/log", async (c) => {
    const profile = c.req.query("profile");
    const limit = intParam(c.req.query("limit"), "limit");
    return c.json({
      log: await svc.rules.log({
        rule: c.req.param("id"),
        ...(profile ? { profile } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    });
  });

  app.post("/consent", async (c) => c.json(await svc.consent.set((await objectBody(c)) as never), 201));
  app.get("/consent/:profile", async (c) => {
    const channel = c.req.query("channel");
    const purpose = c.req.query("purpose") ?? "marketing";
    const asks = channel ? [{ channel, purpose }] : [{ channel: "*", purpose }];
    return c.json(await svc.consent.explain(c.req.param("profile"), asks));
  });

  app.get("/outbox", async (c) => {
    const q = c.req.query();
    const after = intParam(q["cursor"], "cursor");
    const limit = intParam(q["limit"], "limit");
    return c.json(
      await svc.outbox.list({
        ...(q["status"] ? { status: q["status"] } : {}),
        ...(q["destination"] ? { destination: q["destination"] } : {}),
        ...(q["profile"] ? { profile: q["profile"] } : {}),
        ...(after !== undefined ? { after } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    );
  });
  app.get("/outbox/stats", async (c) => c.json({ stats: await svc.outbox.stats() }));
  app.get("/outbox/:seq", async (c) => c.json(await svc.outbox.get(intParam(c.req.param("seq"), "seq")!)));
  app.post("/outbox/retry", async (c) => {
    const b = await objectBody(c);
    const seqs = seqList(b["seqs"]);
    const n = await svc.outbox.retry({
      ...(seqs ? { seqs } : {}),
      ...(typeof b["destination"] === "string" ? { destination: b["destination"] } : {}),
    });
    return c.json({ requeued: n });
  });
  app.post("/outbox/replay", async (c) => {
    const b = await objectBody(c);
    const seqs = seqList(b["seqs"]);
    const since = instantParam(b["since"], "since");
    const until = instantParam(b["until"], "until");
    const n = await svc.outbox.replay({
      ...(seqs ? { seqs } : {}),
      ...(typeof b["destination"] === "string" ? { destination: b["destination"] } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
    });
    return c.json({ requeued: n });
  });
  return app;
}

function seqList(v: unknown): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x))) {
    throw new TesseraError({ code: "bad_body", path: ["seqs"], message: "seqs must be an array of integers" });
  }
  return v as number[];
}
