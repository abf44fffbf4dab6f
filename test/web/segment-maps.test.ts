import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import {
  ARTIFACTS,
  buildUiIfStale,
  CHROMIUM,
  ensureArtifacts,
  openBrowser,
  startWorkspace,
  type Workspace,
} from "./web-harness.js";

const hasChromium = existsSync(CHROMIUM);
/**
 * TESSERA_E2E_DATA=DIR runs the same journey on a copy of an existing demo workspace (the 50k one, for the timings
 * in docs/ui.md); otherwise a 1,500-profile demo is generated.
 */
const COPY_FROM = process.env["TESSERA_E2E_DATA"];
const PROFILES = COPY_FROM ? "copied" : "1500";
if (!hasChromium) {
  if (process.env["CI"] === "true")
    throw new Error(`${CHROMIUM} is missing: CI must install chromium (apt-get install chromium)`);
  console.log(`[segment-maps e2e] skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

/** Endpoints other modules have not shipped yet: the UI must answer their 404 with a "not available yet" state. */
const NOT_YET = [/\/api\/discover\//];

let ws: Workspace;
let browser: Browser;
let page: Page;
let consoleErrors: string[] = [];
let unexpected404: string[] = [];
const timings: Record<string, number> = {};

async function open(name: string, hash: string, ready: string): Promise<void> {
  const t0 = performance.now();
  await page.goto(`${ws.server.url}/${hash}`);
  await page.locator(ready).first().waitFor({ state: "visible", timeout: 15_000 });
  timings[name] = Math.round(performance.now() - t0);
}
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(150); // one more frame for canvases that resized
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

describe.skipIf(!hasChromium)("Segment Maps UI end to end", () => {
  beforeAll(async () => {
    buildUiIfStale();
    ensureArtifacts();
    ws = await startWorkspace(1500, COPY_FROM);
    const seed = [
      { id: "buyers", name: "Buyers", tags: ["commerce"], definition: { performed: "Order Completed" } },
      {
        id: "buyers-opted-in",
        name: "Buyers, e-mail opt-in",
        parent: "buyers",
        tags: ["commerce", "crm"],
        definition: { trait: "email_opt_in", op: "eq", value: true },
      },
      {
        id: "engaged",
        name: "Engaged browsers",
        tags: ["engagement"],
        definition: { performed: "Product Viewed", within: "30d", count: { op: "gte", value: 5 } },
      },
      {
        id: "subscribers",
        name: "Subscribers",
        tags: ["subscription"],
        definition: { performed: "Subscription Started" },
      },
    ];
    for (const s of seed) {
      // A copied workspace may hold them already: then they become a new version.
      const exists = await ws.api(`/api/segments/${s.id}`).then(
        () => true,
        () => false,
      );
      if (exists) await ws.api(`/api/segments/${s.id}`, { method: "PUT", body: JSON.stringify(s) });
      else await ws.api("/api/segments", { method: "POST", body: JSON.stringify(s) });
    }
    if (COPY_FROM) await ws.api("/api/segments/e2e-repeat-buyers", { method: "DELETE" }).catch(() => undefined);
    await ws.svc.refresh(); // materialise memberships (what the engine's refresh does) for breakdowns and overlap
    ({ browser, page, consoleErrors, unexpected404 } = await openBrowser(ws, NOT_YET));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ws?.stop();
    if (Object.keys(timings).length) {
      writeFileSync(join(ARTIFACTS, "timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
      console.log(
        `[segment-maps e2e] page ready times (ms, ${PROFILES === "copied" ? COPY_FROM : "1500-profile demo"}): ${JSON.stringify(timings)}`,
      );
    }
  });

  it("shows every segment on the map", async () => {
    await open("first-visit", "#/", ".seg-list a[data-segment]");
    await page.locator(".chart canvas").first().waitFor();
    const ids = await page
      .locator(".seg-list a[data-segment]")
      .evaluateAll((as) => as.map((a) => a.getAttribute("data-segment")));
    const seeded = ["buyers", "buyers-opted-in", "engaged", "subscribers"];
    if (COPY_FROM) expect(ids).toEqual(expect.arrayContaining(seeded));
    else expect(ids.sort()).toEqual(seeded);
    const map = page.getByRole("img", { name: new RegExp(`Treemap of ${ids.length} segments`) });
    await expect(map.count()).resolves.toBe(1);
    await shot("overview");
    // The first visit also pays for starting the browser's renderer; a page load proper is this reload.
    const t0 = performance.now();
    await page.reload();
    await page.locator(".seg-list a[data-segment]").first().waitFor();
    timings["overview"] = Math.round(performance.now() - t0);
  });

  it("opens a segment with its size, history, breakdown, overlap and members", async () => {
    const { size } = await ws.api<{ size: number }>("/api/segments/preview", {
      method: "POST",
      body: JSON.stringify({ definition: { performed: "Order Completed" } }),
    });
    await open("segment", "#/segments/buyers", "[data-testid=segment-size]");
    await expect.poll(() => page.getByTestId("segment-size").textContent()).toBe(size.toLocaleString("en-US"));
    await page.getByRole("img", { name: /Segment size per day/ }).waitFor();
    await shot("segment");
    await page.getByRole("tab", { name: "Breakdown" }).click();
    await page.getByRole("combobox", { name: "Trait to break down by" }).selectOption("country");
    await page.getByRole("table", { name: "Breakdown of country" }).waitFor();
    await page.getByRole("img", { name: /Members and population by location/ }).waitFor();
    await shot("segment-breakdown");
    await page.getByRole("tab", { name: "Overlap" }).click();
    await page.getByRole("table", { name: "Overlap with other segments" }).waitFor();
    // buyers-opted-in is a sub-segment: all of it is shared with buyers
    const row = page.getByRole("row").filter({ hasText: "Buyers, e-mail opt-in" });
    const cells = await row.getByRole("cell").allTextContents();
    expect(cells[1]).toBe(cells[2]);
    await shot("segment-overlap");
    await page.getByRole("tab", { name: "Members" }).click();
    await page.getByRole("table", { name: "Segment members" }).waitFor();
    expect(await page.locator("table[aria-label='Segment members'] tbody tr").count()).toBe(Math.min(50, size));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export members as CSV" }).click();
    const csv = await (await download).createReadStream();
    let text = "";
    for await (const chunk of csv) text += chunk.toString();
    expect(text.trim().split("\n").length).toBe(size + 1);
    // The measure module's journeys take tens of seconds over 17k members of the 50k workspace and keep DuckDB busy
    // after the page is left, which would skew the timings of the next pages: checked on the generated workspace.
    if (!COPY_FROM) {
      await page.getByRole("tab", { name: "Journeys & lift" }).click();
      await page.getByRole("img", { name: /Sankey diagram/ }).waitFor({ timeout: 15_000 });
      await page.getByRole("img", { name: /Funnel/ }).waitFor();
      await page
        .getByRole("img", { name: /Top recommended products/ })
        .or(page.getByText("Nothing to show."))
        .first()
        .waitFor({ timeout: 15_000 });
      await shot("segment-insights");
    }
  });

  it("builds a segment whose live size matches tessera segment eval, saves it and shows it on the map", async () => {
    await open("builder", "#/builder", "[aria-label='Visual condition tree']");
    await page.getByRole("combobox", { name: "Add a condition to root" }).selectOption("performed");
    await page.getByRole("combobox", { name: "root.all[0] event" }).fill("Order Completed");
    await page.getByRole("textbox", { name: "root.all[0] count value" }).fill("2");
    await page.getByRole("textbox", { name: "root.all[0] within" }).fill("30d");
    const definition = { all: [{ performed: "Order Completed", within: "30d", count: { op: "gte", value: 2 } }] };
    // Independent oracles: plain SQL over the store, and the CLI when the lang helper's `segment eval` is present.
    const now = Date.now();
    const [oracle] = await ws.server.store.all<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT profile_id FROM events WHERE event = 'Order Completed' AND ts > $1 AND ts <= $2
       GROUP BY profile_id HAVING count(*) >= 2)`,
      [now - 30 * 86_400_000, now],
    );
    const expected = oracle!.n;
    expect(expected).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId("live-size").textContent(), { timeout: 10_000 })
      .toBe(expected.toLocaleString("en-US"));
    const hasEval = /^\s+segment\b/m.test((await runCli(["--help"])).stdout);
    if (hasEval) {
      // The running server holds DuckDB's write lock, so the CLI evaluates a checkpointed copy of the workspace.
      await ws.server.store.run("CHECKPOINT");
      const copy = mkdtempSync(join(tmpdir(), "tessera-web-eval-"));
      cpSync(ws.dataDir, copy, { recursive: true, filter: (src) => !src.endsWith(".tessera-server.json") });
      const defFile = join(copy, "e2e-def.json");
      writeFileSync(defFile, JSON.stringify(definition));
      const r = await runCli([
        "segment",
        "eval",
        defFile,
        "--data",
        copy,
        "--as-of",
        new Date(now).toISOString(),
        "--json",
      ]);
      rmSync(copy, { recursive: true, force: true });
      expect(jsonOf<{ size: number }>(r).size, r.stderr).toBe(expected);
    } else {
      console.log("[segment-maps e2e] `tessera segment eval` is not registered yet: compared with plain SQL only");
    }
    await expect
      .poll(() => page.getByRole("textbox", { name: "Segment definition (text form)" }).inputValue())
      .toContain("Order Completed");
    await shot("builder");
    await page.getByRole("textbox", { name: "Segment name" }).fill("E2E repeat buyers");
    await page.getByRole("textbox", { name: "Segment tags" }).fill("e2e, commerce");
    await page.getByRole("button", { name: "Save segment" }).click();
    await page.waitForURL(/#\/segments\/e2e-repeat-buyers/);
    await expect
      .poll(() => page.getByTestId("segment-size").textContent(), { timeout: 15_000 })
      .toBe(expected.toLocaleString("en-US"));
    await open("overview-after-save", "#/?tag=e2e", ".seg-list a[data-segment='e2e-repeat-buyers']");
  });

  it("shows the impact of an edit before saving it", async () => {
    const draft = { performed: "Product Viewed", within: "30d", count: { op: "gte", value: 3 } };
    const impact = await ws.api<{ entering: number; leaving: number }>("/api/segments/engaged/impact", {
      method: "POST",
      body: JSON.stringify({ definition: draft }),
    });
    expect(impact.entering).toBeGreaterThan(0);
    await open("builder-edit", "#/builder?id=engaged", "[aria-label='Impact of this edit']");
    const count = page.getByRole("textbox", { name: "root count value" });
    await expect.poll(() => count.inputValue()).toBe("5");
    await count.fill("3");
    await page.getByRole("button", { name: "Compute impact" }).click();
    const panel = page.getByRole("region", { name: "Impact of this edit" });
    await expect
      .poll(() => panel.locator(".kpi .v").first().textContent(), { timeout: 15_000 })
      .toBe(`+${impact.entering.toLocaleString("en-US")}`);
    expect(await panel.locator(".kpi .v").nth(1).textContent()).toBe(`−${impact.leaving.toLocaleString("en-US")}`);
  });

  it("edits the text form and sees the tree follow", async () => {
    await open("builder-text", "#/builder", "[aria-label='Visual condition tree']");
    const text = page.getByRole("textbox", { name: "Segment definition (text form)" });
    await text.click();
    await text.fill('plan = "pro"');
    await page.getByRole("combobox", { name: "root trait" }).waitFor();
    expect(await page.getByRole("combobox", { name: "root trait" }).inputValue()).toBe("plan");
    await text.fill("plan = ");
    await page.locator("[data-testid=diagnostics] li").first().waitFor();
  });

  it("shows a profile with traits, timeline, memberships and why", async () => {
    const members = await ws.api<{ members: { profileId: string }[] }>("/api/segments/buyers/members?limit=1");
    const id = members.members[0]!.profileId;
    await open("profile", `#/profiles/${encodeURIComponent(id)}?segment=buyers`, "[aria-label='Event timeline'] li");
    await page.getByRole("table", { name: "Segment memberships" }).getByText("buyers", { exact: true }).waitFor();
    await page.locator(".explain .ok").first().waitFor();
    await shot("profile");
  });

  it("renders Discover, Measure and Activate with real calls and clear empty states", async () => {
    for (const [name, hash] of [
      ["discover", "#/discover"],
      ["measure", "#/measure"],
      ["activate", "#/activate"],
    ] as const) {
      await open(name, hash, "h1");
      await page.locator("[data-testid=not-available], table.data, .chart").first().waitFor();
      if (name === "measure" && !COPY_FROM) {
        await page.getByRole("table", { name: "KPIs per segment" }).waitFor({ timeout: 15_000 });
        await page.getByRole("img", { name: /Conversions attributed to each channel/ }).waitFor();
      }
      await shot(name);
    }
  });

  it("loads pages fast and logs no console errors", () => {
    expect(consoleErrors).toEqual([]);
    expect(unexpected404).toEqual([]);
    // Target: pages ready in < 1 s (docs/ui.md reports the figures on the 50k demo). The median must meet it; any
    // single page gets 3 s so that one slow request on a loaded 2-core box does not fail the run.
    const warm = Object.entries(timings).filter(([name]) => name !== "first-visit");
    const sorted = warm.map(([, ms]) => ms).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(1000);
    for (const [name, ms] of warm) expect(ms, name).toBeLessThan(3000);
  });
});
