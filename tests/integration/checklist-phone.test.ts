// The checklist for a thumb (issue 15): failing criteria open, met ones collapsed and loaded when opened, link
// names that say what they do, one legend for the unverified sources, Vietnamese decimals in the edit field.
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { unitByCode } from "../../src/services/units";
import { loadChecklist } from "../../src/services/checklist";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";

async function vinhBinh() {
  const db = testDb();
  const unit = (await unitByCode(db, VB))!;
  return (await loadChecklist(db, unit))!;
}

/** Criteria ids that hold an indicator of the gap to the next level, and the others. */
async function criteriaByStatus() {
  const checklist = await vinhBinh();
  const gap = new Set(checklist.evaluation.gap.map((g) => g.indicatorId));
  const failing = new Set(checklist.def.indicators.filter((i) => gap.has(i.id)).map((i) => i.criterionId));
  return { checklist, failing, met: checklist.def.criteria.map((c) => c.id).filter((id) => !failing.has(id)) };
}

const indicatorIds = (html: string) => [...html.matchAll(/<li id="ind-(\d+)"/g)].map((m) => Number(m[1]));

describe("checklist on a phone", () => {
  it("opens the failing criteria with their indicators; a met criterion is collapsed and loads its indicators when opened", async () => {
    const { checklist, failing, met } = await criteriaByStatus();
    expect(failing.size).toBeGreaterThan(0);
    expect(met.length).toBeGreaterThan(0);
    const client = await loggedIn("xa.vinhbinh");
    const html = await (await client.get(`/communes/${VB}/checklist`)).text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const id of failing) expect(html).toMatch(new RegExp(`<details class="criterion fail" id="crit-${id}" open="">`));
    for (const id of met) {
      expect(html).toContain(`<details class="criterion" id="crit-${id}">`);
      expect(html).toContain(`hx-get="/communes/${VB}/checklist/criteria/${id}" hx-trigger="toggle from:closest details once"`);
      expect(html).toContain(`href="/communes/${VB}/checklist?all=1#crit-${id}"`);
    }
    const shown = new Set(indicatorIds(html));
    for (const i of checklist.def.indicators) expect(shown.has(i.id)).toBe(failing.has(i.criterionId));

    // Opening a met criterion: its indicators, with the target of their edit links on the list.
    const fragment = await (await client.get(`/communes/${VB}/checklist/criteria/${met[0]}`, true)).text();
    expect(fragment.startsWith('<ul class="indicators" hx-target="closest .indicator" hx-swap="outerHTML">')).toBe(true);
    expect(indicatorIds(fragment).sort()).toEqual(checklist.def.indicators.filter((i) => i.criterionId === met[0]).map((i) => i.id).sort());
    expect((await client.get(`/communes/${VB}/checklist/criteria/999999`, true)).status).toBe(404);

    // Without htmx, ?all=1 shows every indicator.
    const all = await (await client.get(`/communes/${VB}/checklist?all=1`)).text();
    expect(indicatorIds(all).sort()).toEqual(checklist.def.indicators.map((i) => i.id).sort());
  });

  it("names every edit and history link after its indicator; readers get no edit links", async () => {
    const checklist = await vinhBinh();
    const staff = await loggedIn("xa.vinhbinh");
    const html = await (await staff.get(`/communes/${VB}/checklist?all=1`)).text();
    const edits = [...html.matchAll(/<a class="button" href="[^"]+\/edit" hx-get="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    // Every indicator once (a criterion lists its failing indicators first).
    expect([...edits].sort()).toEqual(checklist.def.indicators.map((i) => `Sửa chỉ tiêu ${i.code}`).sort());
    expect(new Set(edits).size).toBe(edits.length);
    const histories = [...html.matchAll(/<a href="[^"]+\/history">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect([...histories].sort()).toEqual(checklist.def.indicators.map((i) => `Lịch sử chỉ tiêu ${i.code}`).sort());
    // The list carries hx-target/hx-swap once, not every link.
    expect(html).not.toMatch(/hx-target="#ind-\d+"/);
    const leader = await (await loggedIn("lanhdao")).get(`/communes/${VB}/checklist?all=1`);
    expect(await leader.text()).not.toContain("Sửa chỉ tiêu");
  });

  it("makes every unverified mark a button that opens one popover of the page's legend, which names the source", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const html = await (await client.get(`/communes/${VB}/checklist?all=1`)).text();
    const marks = [...html.matchAll(/<button class="unverified" popovertarget="(src-[0-9a-z]+)">chưa xác minh<\/button>/g)].map((m) => m[1]);
    expect(marks.length).toBeGreaterThan(0);
    for (const id of new Set(marks)) expect(html).toMatch(new RegExp(`<div id="${id}" popover="auto" class="sources"[^>]*>.*?</div>`, "s"));
    // One popover per distinct set of sources, not one per mark; no hover-only titles.
    expect([...html.matchAll(/class="sources"/g)].length).toBe(new Set(marks).size);
    expect(html).not.toMatch(/class="badge warn unverified" title=/);
    // The fragment after a save names the same popover as the page.
    const id = indicatorIds(html)[0];
    const view = await (await client.get(`/communes/${VB}/indicators/${id}/view`, true)).text();
    const mark = /popovertarget="(src-[0-9a-z]+)"/.exec(view)?.[1];
    if (mark) expect(marks).toContain(mark);
  });

  it("shows a stored decimal with a comma in the edit field and saves what was typed that way", async () => {
    const checklist = await vinhBinh();
    const ind = checklist.def.indicators.find((i) => i.kind === "percent")!;
    const client = await loggedIn("xa.vinhbinh");
    const version = checklist.values.get(ind.id)!.version;
    const saved = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "70,4", evidenceNote: "Báo cáo", evidenceLink: "", note: "", version: String(version) }, { htmx: true });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("70,4 %");
    const edit = await (await client.get(`/communes/${VB}/indicators/${ind.id}/edit`, true)).text();
    expect(edit).toContain(`id="value-${ind.id}" name="value" type="text" inputmode="decimal" value="70,4"`);
  });

  it("puts the header's links behind one Menu button (a popover on phones)", async () => {
    const html = await (await (await loggedIn("xa.vinhbinh")).get(`/communes/${VB}/checklist`)).text();
    expect(html).toMatch(/<button type="button" class="menu-button" popovertarget="menu">Menu(<span class="count">.*?<\/span><\/span>)?<\/button><nav id="menu" popover="auto" aria-label="Điều hướng chính">/);
  });
});
