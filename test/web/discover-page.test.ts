import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
if (!hasChromium) {
  if (process.env["CI"] === "true")
    throw new Error(`${CHROMIUM} is missing: CI must install chromium (apt-get install chromium)`);
  console.log(`[discover e2e] skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

interface ClusterAnswer {
  id: string;
  k: number;
  used: number;
  dropped: number;
  clusters: { id: number; name: string; size: number; definition: unknown }[];
}

const FEATURES = ["age", "price_sensitivity", "orders_180d"];
const K = 3;

let ws: Workspace;
let browser: Browser;
let page: Page;
let consoleErrors: string[] = [];
let unexpected404: string[] = [];
/** The clusters the page showed for the fixed-k run, in table order. */
let shown: { name: string; size: number }[] = [];

const sizeOf = (text: string): number => Number(text.replace(/,/g, ""));
async function shot(name: string): Promise<void> {
  await page.waitForTimeout(150); // one more frame for canvases that resized
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!hasChromium)("Discover page end to end", () => {
  beforeAll(async () => {
    buildUiIfStale();
    ensureArtifacts();
    ws = await startWorkspace(800);
    for (const s of [
      { id: "buyers", name: "Buyers", tags: ["commerce"], definition: { performed: "Order Completed" } },
      { id: "subscribers", name: "Subscribers", definition: { performed: "Subscription Started" } },
    ])
      await ws.api("/api/segments", { method: "POST", body: JSON.stringify(s) });
    await ws.svc.refresh();
    ({ browser, page, consoleErrors, unexpected404 } = await openBrowser(ws));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ws?.stop();
  });

  it("clusters chosen features with a fixed k: sizes sum to the profiles used, charts and power matrix render", async () => {
    await page.goto(`${ws.server.url}/#/discover`);
    const features = page.getByRole("group", { name: "Features to cluster on" });
    for (const f of FEATURES) {
      const chip = features.getByRole("button", { name: f, exact: true });
      await chip.click();
      await expect.poll(() => chip.getAttribute("aria-pressed")).toBe("true");
    }
    await page.getByRole("combobox", { name: "Clustering method" }).selectOption("kmeans");
    await page.getByRole("spinbutton", { name: /Number of clusters/ }).fill(String(K));
    await page.getByRole("button", { name: "Run clustering" }).click();
    const table = page.getByRole("region", { name: "Cluster profiles" });
    await table.locator("tbody tr").first().waitFor({ timeout: 30_000 });
    const rows = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    shown = rows.map((r) => ({ name: r[0]!, size: sizeOf(r[1]!) }));
    expect(shown.length).toBe(K);
    await expect(table.getByRole("heading").textContent()).resolves.toBe(`Clusters (k = ${K})`);
    // Independent run with the page's body: same data, same default seed → same partition.
    const direct = await ws.api<ClusterAnswer>("/api/discover/clusters", {
      method: "POST",
      body: JSON.stringify({ features: FEATURES, method: "kmeans", transform: ["zscore"], k: K }),
    });
    expect(direct.used).toBeGreaterThan(100);
    expect(shown.reduce((a, c) => a + c.size, 0)).toBe(direct.used);
    expect(shown.map((c) => c.size).sort()).toEqual(direct.clusters.map((c) => c.size).sort());
    const scatter = page.getByRole("img", { name: "Scatter of profiles on PC1 and PC2 coloured by cluster" });
    await scatter.locator("canvas").first().waitFor();
    const power = page.getByRole("img", { name: "Predictive power of each attribute for each target" });
    await power.locator("canvas").first().waitFor({ timeout: 30_000 });
    await shot("discover-kmeans");
    // A fixed k fits once; leaving k to the page (0 = automatic) scans k and draws the elbow/silhouette chart.
    await page.getByRole("spinbutton", { name: /Number of clusters/ }).fill("0");
    await page.getByRole("button", { name: "Run clustering" }).click();
    const elbow = page.getByRole("img", { name: "Inertia and silhouette score by number of clusters" });
    await elbow.locator("canvas").first().waitFor({ timeout: 60_000 });
    await shot("discover-elbow");
  }, 120_000);

  it("saves a cluster as a segment: the builder opens with its definition and the same live size", async () => {
    // Re-run with the fixed k so the table holds the clusters measured above.
    await page.getByRole("spinbutton", { name: /Number of clusters/ }).fill(String(K));
    await page.getByRole("button", { name: "Run clustering" }).click();
    const table = page.getByRole("region", { name: "Cluster profiles" });
    await expect.poll(() => table.getByRole("heading").textContent(), { timeout: 30_000 }).toBe(`Clusters (k = ${K})`);
    const row = table.locator("tbody tr").first();
    const [name, sizeText] = await row.locator("td").evaluateAll((tds) => tds.map((td) => td.textContent ?? ""));
    const size = sizeOf(sizeText!);
    expect(size).toBeGreaterThan(0);
    await row.getByRole("button", { name: "Save as segment" }).click();
    await page.waitForURL(/#\/builder\?/);
    await expect.poll(() => page.getByRole("textbox", { name: "Segment name" }).inputValue()).toBe(name);
    await expect
      .poll(() => page.getByRole("textbox", { name: "Segment definition (text form)" }).inputValue())
      .toContain("$cluster.run_");
    await expect
      .poll(() => page.getByTestId("live-size").textContent(), { timeout: 15_000 })
      .toBe(size.toLocaleString("en-US"));
    await shot("discover-save-builder");
  }, 60_000);

  it("clicks a tile of the overview map and lands on that segment's page", async () => {
    await page.goto(`${ws.server.url}/#/`);
    const map = page.getByRole("img", { name: /Treemap of \d+ segments/ });
    const canvas = map.locator("canvas").first();
    await canvas.waitFor();
    await page.waitForTimeout(300); // the treemap's layout settles after the first resize
    const box = await canvas.boundingBox();
    if (!box) throw new Error("treemap canvas has no box");
    // Squarified treemaps put the largest tile at the top left: the largest segment, first in the side list.
    const largest = await page.locator(".seg-list a[data-segment]").first().getAttribute("data-segment");
    await page.mouse.click(box.x + 30, box.y + 40);
    await page.waitForURL(new RegExp(`#/segments/${largest}$`), { timeout: 10_000 });
    const stats = await ws.api<{ segments: { id: string; size: number }[] }>("/api/segment-stats?days=7");
    const size = stats.segments.find((s) => s.id === largest)?.size;
    if (size === undefined) throw new Error(`segment-stats does not list ${largest}`);
    await expect
      .poll(() => page.getByTestId("segment-size").textContent(), { timeout: 15_000 })
      .toBe(size.toLocaleString("en-US"));
    await shot("discover-map-click");
  }, 60_000);

  it("logs no console errors and no unexpected 404", () => {
    expect(consoleErrors).toEqual([]);
    expect(unexpected404).toEqual([]);
  });
});
