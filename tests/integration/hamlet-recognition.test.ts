// Issue 21: hamlet recognitions: the province's hamlet-level sets (loaded by its admin, nothing invented), the
// hamlet checklist kept by the commune's staff, the decision by the commune or the province as the set says, counts
// on the commune and province progress pages.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hamletRecognitions } from "../../src/db/schema";
import { loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const SET = (code: string, decidedBy: "commune" | "province", extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    code,
    name: `Bộ tiêu chí thử ${code}`,
    title: decidedBy === "commune" ? "Khu dân cư kiểu mẫu" : "Ấp đạt chuẩn nông thôn mới",
    decidedBy,
    source: "",
    verified: false,
    criteria: [{ name: "Tiêu chí thử thứ nhất (dữ liệu kiểm thử)" }, { name: "Tiêu chí thử thứ hai (dữ liệu kiểm thử)" }],
    ...extra,
  });

let setIds: Record<string, number> = {};

beforeAll(async () => {
  await seededDb();
});

const criterionIds = async (setCode: string) =>
  (await testDb().$client.prepare("select c.id from hamlet_criteria c join hamlet_criteria_sets s on s.id = c.set_id where s.code = ? order by c.number").bind(setCode).all()).results.map((r) => (r as { id: number }).id);

describe("hamlet-level sets", () => {
  it("the admin loads the province's sets; a verified set needs a source; codes are unique; nobody else may load", async () => {
    const admin = await loggedIn("admin");
    const bad = await admin.post("/admin/hamlet-sets", { json: SET("KDC-KM", "commune", { verified: true }) });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Bộ tiêu chí đánh dấu đã xác minh phải ghi nguồn");
    expect((await admin.post("/admin/hamlet-sets", { json: "{nope" })).status).toBe(422);
    for (const [code, by] of [["KDC-KM", "commune"], ["AP-NTM", "province"]] as const) {
      const res = await admin.post("/admin/hamlet-sets", { json: SET(code, by) });
      expect(res.status).toBe(303);
    }
    expect((await admin.post("/admin/hamlet-sets", { json: SET("KDC-KM", "commune") })).status).toBe(409);
    const list = await (await admin.get("/admin/hamlet-sets")).text();
    expect(list).toContain("KDC-KM");
    expect(list).toContain("chưa xác minh");
    for (const user of ["lanhdao", "canbo", "xa.vinhbinh", "so.nongnghiep"]) {
      expect((await (await loggedIn(user)).post("/admin/hamlet-sets", { json: SET("X-1", "commune") })).status, user).toBe(403);
    }
    const rows = await testDb().$client.prepare("select id, code from hamlet_criteria_sets").all();
    setIds = Object.fromEntries(rows.results.map((r) => [(r as { code: string }).code, (r as { id: number }).id]));
    expect(Object.keys(setIds).sort()).toEqual(["AP-NTM", "KDC-KM"]);
  });
});

describe("a hamlet's checklist and its recognition", () => {
  it("the commune's staff keep the checklist; the commune decides a commune set once every criterion is met", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const page = `/communes/${VB}/hamlets/28879-01`;
    const [c1, c2] = await criterionIds("KDC-KM");
    // The province's cadre reads, may not tick.
    const canbo = await loggedIn("canbo");
    expect((await canbo.get(page)).status).toBe(200);
    expect((await canbo.post(`${page}/checks`, { setId: String(setIds["KDC-KM"]), [`met_${c1}`]: "1" })).status).toBe(403);
    expect((await xa.post(`${page}/checks`, { setId: String(setIds["KDC-KM"]), [`met_${c1}`]: "1" })).status).toBe(303);
    const early = await xa.post(`${page}/decision`, { setId: String(setIds["KDC-KM"]), decisionNumber: "12/QĐ-UBND", decisionDate: "15/11/2026", signer: "Chủ tịch UBND xã" });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain("Ấp chưa đạt đủ các tiêu chí");
    expect((await xa.post(`${page}/checks`, { setId: String(setIds["KDC-KM"]), [`met_${c1}`]: "1", [`met_${c2}`]: "1" })).status).toBe(303);
    const missing = await xa.post(`${page}/decision`, { setId: String(setIds["KDC-KM"]), decisionNumber: "", decisionDate: "31/02/2026", signer: "x" });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("Vui lòng nhập số quyết định.");
    // A province leader may not decide a set the commune decides.
    expect((await (await loggedIn("lanhdao")).post(`${page}/decision`, { setId: String(setIds["KDC-KM"]), decisionNumber: "1/QĐ", decisionDate: "15/11/2026", signer: "x" })).status).toBe(403);
    const ok = await xa.post(`${page}/decision`, { setId: String(setIds["KDC-KM"]), decisionNumber: "12/QĐ-UBND", decisionDate: "15/11/2026", signer: "Chủ tịch UBND xã" });
    expect(ok.status).toBe(303);
    const row = (await testDb().select().from(hamletRecognitions).get())!;
    expect(row).toMatchObject({ decidedBy: "commune", decisionNumber: "12/QĐ-UBND", decisionDate: "2026-11-15" });
    const again = await xa.post(`${page}/decision`, { setId: String(setIds["KDC-KM"]), decisionNumber: "13/QĐ-UBND", decisionDate: "16/11/2026", signer: "x" });
    expect(again.status).toBe(409);
    const html = await (await xa.get(page)).text();
    expect(html).toContain("Đã công nhận Khu dân cư kiểu mẫu: quyết định số 12/QĐ-UBND ngày 15/11/2026");
    expect(await (await xa.get(`/communes/${VB}/hamlets`)).text()).toContain("Khu dân cư kiểu mẫu</span>");
  });

  it("a province set is decided by a province leader, not by the commune", async () => {
    const page = `/communes/${VB}/hamlets/28879-02`;
    const ids = await criterionIds("AP-NTM");
    const xa = await loggedIn("xa.vinhbinh");
    expect((await xa.post(`${page}/checks`, { setId: String(setIds["AP-NTM"]), ...Object.fromEntries(ids.map((id) => [`met_${id}`, "1"])) })).status).toBe(303);
    const form = { setId: String(setIds["AP-NTM"]), decisionNumber: "300/QĐ-UBND", decisionDate: "20/11/2026", signer: "Chủ tịch UBND tỉnh" };
    expect((await xa.post(`${page}/decision`, form)).status).toBe(403);
    expect((await (await loggedIn("huyen.cholach")).post(`${page}/decision`, form)).status).toBe(403);
    expect((await (await loggedIn("lanhdao")).post(`${page}/decision`, form)).status).toBe(303);
    expect((await testDb().select().from(hamletRecognitions).where(eq(hamletRecognitions.setId, setIds["AP-NTM"])).all()).length).toBe(1);
  });

  it("counts show on the commune and province progress pages", async () => {
    const lanhdao = await loggedIn("lanhdao");
    for (const code of [VB, "83"]) {
      const html = await (await lanhdao.get(`/progress/${code}`)).text();
      expect(html, code).toContain('id="hamlet-counts"');
      expect(html, code).toContain("Khu dân cư kiểu mẫu: <strong>1</strong>");
      expect(html, code).toContain("Ấp đạt chuẩn nông thôn mới: <strong>1</strong>");
    }
  });
});
