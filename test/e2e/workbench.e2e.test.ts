/**
 * Issue 14 in Chromium (§2.3.3 collect and analyse run data): an analyst opens the workbench
 * (GraphiQL inside the dashboard, signed in with the dashboard's own session), autocompletion
 * offers a field from the schema, a saved query is opened and run, and its answer is drawn as a
 * chart, saved again from the pane under a new name and renamed; a shared query opens by link for
 * another unit's reader and runs with that reader's own access; a live example (`query … @live`, issue
 * 14 item 5, §5.3.1) shows the new value of a reading recorded through the API while it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { launchBrowser, newPage, signIn, type Browser, type Page } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
let savedId: string;
let analyst: string;

const HOURLY = `query Hourly($search: String!, $from: DateTime!, $to: DateTime!) {
  indicators(first: 1, filter: { search: $search }) {
    edges { node { code name series(from: $from, to: $to, buckets: 24) { start avg max count } } }
  }
}`;

beforeAll(async () => {
  server = await startServer({ readingsDays: 2 });
  browser = await launchBrowser();
  analyst = await login(server.url, "analyst@example.com");
  const saved = await gql<{ saveQuery: { id: string } }>(
    server.url,
    `mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id } }`,
    { i: { name: "MKT-01 hourly", query: HOURLY, variables: { search: "MKT-01", from: "{{now-24h}}", to: "{{now}}" }, sharing: "COMPANY" } },
    analyst,
  );
  savedId = saved.saveQuery.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const editorText = async (page: Page) => ((await page.locator(".graphiql-query-editor .view-lines").first().textContent()) ?? "").replace(/\u00a0/g, " ");

describe("issue 14 analysts' workbench", () => {
  it("completion offers a schema field; a saved query runs and its answer is drawn as a line and a bar chart; docs and history show it; saved and renamed from the pane", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "analyst@example.com", "/workbench");
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });

    // Completion from introspection, made with the analyst's own token (anonymous callers get no schema).
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("{ proc");
    const suggestion = page.locator(".suggest-widget .monaco-list-row", { hasText: "processes" });
    await expect
      .poll(
        async () => {
          if ((await suggestion.count()) === 0) await page.keyboard.press("Control+Space");
          return suggestion.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    await page.keyboard.press("Escape");

    // The saved query, from the "Saved queries" pane, into the editors; then run.
    await page.getByRole("button", { name: "Show Saved queries" }).click();
    await page.getByRole("button", { name: "MKT-01 hourly" }).click();
    await expect.poll(() => editorText(page)).toContain("query Hourly");
    expect(new URL(page.url()).searchParams.get("query")).toBe(savedId);
    await page.getByRole("button", { name: /Execute query/ }).click();

    // The answer's drawable list (the indicator's series) is picked, shown as a table first.
    const result = page.locator(".workbench__result");
    await expect.poll(() => result.locator("select[name=list]").inputValue(), { timeout: 30_000 }).toBe("indicators.series");
    await expect.poll(() => result.locator("table tbody tr").count()).toBeGreaterThan(10);

    await result.getByRole("button", { name: "Line chart" }).click();
    const chart = result.locator(".result-chart");
    await chart.locator("canvas").waitFor({ timeout: 30_000 });
    expect(await chart.getAttribute("data-kind")).toBe("line");
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(10);
    await result.getByRole("button", { name: "Bar chart" }).click();
    await expect.poll(() => chart.getAttribute("data-kind")).toBe("bar");

    // The schema's docs (introspected with the analyst's session) and the history of what ran.
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().click();
    await page.locator(".graphiql-doc-explorer").getByText("alertStats", { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Show History" }).click();
    await page.locator(".graphiql-history").getByText("Hourly").first().waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Show Saved queries" }).click();

    // Saved from the pane under a name, shared with the own unit, then renamed: stored server-side for the analyst.
    const pane = page.getByRole("form", { name: "Save the current query" });
    await pane.getByLabel("Name").fill("MKT-01 hourly, mine");
    await pane.getByLabel("Shared with").selectOption("UNIT");
    await pane.getByRole("button", { name: "Save" }).click();
    const mine = page.locator('li[data-saved-query="MKT-01 hourly, mine"]');
    await mine.waitFor({ timeout: 15_000 });
    await expect.poll(() => new URL(page.url()).searchParams.get("query")).not.toBe(savedId);
    const copyId = new URL(page.url()).searchParams.get("query");
    page.once("dialog", (d) => void d.accept("MKT-01 by the hour"));
    await mine.getByRole("button", { name: "Rename" }).click();
    await page.locator('li[data-saved-query="MKT-01 by the hour"]').waitFor({ timeout: 15_000 });
    const stored = await gql(server.url, `query($id: ID!) { node(id: $id) { ... on SavedQuery { name sharing query mine } } }`, { id: copyId }, analyst);
    expect(stored.node).toEqual({ name: "MKT-01 by the hour", sharing: "UNIT", query: HOURLY, mine: true });
    await page.context().close();
  });

  it("§6.4 a query shared with the company opens by link for a reader of another unit, and runs with that reader's access", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "hr.head@example.com", `/workbench?query=${encodeURIComponent(savedId)}`);
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain("query Hourly");
    // Run as the HR head: Marketing's indicator is not the HR head's to read, so the answer has no series (§6.4),
    // where the analyst who saved it got 24 buckets.
    await page.getByRole("button", { name: /Execute query/ }).click();
    const result = page.locator(".workbench__result");
    await result.getByText("The result has no list to show.").waitFor({ timeout: 30_000 });
    expect(await result.locator("[role=alert]").count()).toBe(0);
    expect(await result.locator("select[name=list] option[value='indicators.series']").count()).toBe(0);
    expect(await result.textContent()).not.toContain("MKT-01");
    await page.context().close();
  });

  it("§5.3.1 the live example runs over the dashboard's socket and its result follows a reading recorded through the API", async () => {
    const analyst = await login(server.url, "analyst@example.com");
    const ids = await indicatorIds(server.url, analyst);
    const feed = await ingestToken(server.url, [ids["MKT-01"]]);
    const page = await newPage(browser);
    await signIn(page, server.url, "analyst@example.com", "/workbench");
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });
    // The example goes into the editor once Monaco is up (the default query shows).
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain("query Catalogue");
    await page.getByRole("button", { name: "Show Examples" }).click();
    await page.getByRole("button", { name: "Open alerts and an indicator's latest reading, live" }).click();
    await expect.poll(() => editorText(page)).toContain("@live");
    await page.getByRole("button", { name: /Execute query/ }).click();

    const result = page.locator(".workbench__result");
    const live = result.getByTestId("wb-live");
    await live.waitFor({ timeout: 30_000 });
    await expect.poll(() => result.locator("select[name=list] option[value=indicators]").count(), { timeout: 30_000 }).toBe(1);
    await result.locator("select[name=list]").selectOption("indicators");
    const table = result.locator("table tbody");
    await expect.poll(() => table.locator("tr").count()).toBe(1);
    expect(await table.textContent()).not.toContain("12.34");
    expect(await live.getAttribute("data-updates")).toBe("0");

    const r = await recordReadings(server.url, feed, [{ indicatorId: ids["MKT-01"], value: 12.34, observedAt: new Date().toISOString(), key: "e2e-workbench-live-1" }]);
    expect(r.accepted).toBe(1);
    // No new run: the server re-sends the answer and the table shows the new value.
    await expect.poll(() => table.textContent(), { timeout: 15_000 }).toContain("12.34");
    expect(Number(await live.getAttribute("data-updates"))).toBeGreaterThan(0);

    // Stopping the live query takes the indicator away.
    await page.getByRole("button", { name: /Stop query/ }).click();
    await expect.poll(() => live.count()).toBe(0);
    await page.context().close();
  });

  it("§4.2.4 the aggregates example (alertStats by week) runs and draws as a chart", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "analyst@example.com", "/workbench");
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });
    await expect.poll(() => editorText(page), { timeout: 30_000 }).toContain("query Catalogue");
    await page.getByRole("button", { name: "Show Examples" }).click();
    await page.getByRole("button", { name: /^Alerts per week/ }).click();
    await expect.poll(() => editorText(page)).toContain("alertStats");
    await page.getByRole("button", { name: /Execute query/ }).click();
    const result = page.locator(".workbench__result");
    await expect.poll(() => result.locator("table tbody tr").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await result.getByRole("button", { name: "Bar chart" }).click();
    const chart = result.locator(".result-chart");
    await chart.locator("canvas").waitFor({ timeout: 30_000 });
    expect(await chart.getAttribute("data-kind")).toBe("bar");
    expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(0);
    await page.context().close();
  });
});
