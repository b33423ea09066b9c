import { env } from "cloudflare:workers";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { units, unitSearchTerms } from "../../src/db/schema";
import { planProvince } from "../../src/domain/units";
import { unitByCode, importProvince } from "../../src/services/units";

beforeAll(async () => {
  await seededDb();
});

const countLevel = async (provinceId: number, level: "district" | "commune") =>
  (await testDb().select({ n: count() }).from(units).where(and(eq(units.provinceId, provinceId), eq(units.level, level))).get())!.n;

describe("unit import", () => {
  it("loaded Bến Tre 3-tier: 9 district-level units, 148 communes, region DBSCL", async () => {
    const province = (await unitByCode(testDb(), "83"))!;
    expect(province.name).toBe("Tỉnh Bến Tre");
    expect(province.tiers).toBe(3);
    expect(province.region).toBe("DBSCL");
    expect(await countLevel(province.id, "district")).toBe(9);
    expect(await countLevel(province.id, "commune")).toBe(148);
    const vinhBinh = (await unitByCode(testDb(), "28879"))!;
    expect(vinhBinh.districtId).toBe((await unitByCode(testDb(), "832"))!.id);
  });

  it("is idempotent: importing Bến Tre again inserts and updates nothing", async () => {
    const db = testDb();
    const before = (await db.select({ n: count() }).from(units).get())!.n;
    const terms = (await db.select({ n: count() }).from(unitSearchTerms).get())!.n;
    const summary = await importProvince(db, planProvince(env.UNITS_2025, "83"));
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 + 9 + 148 });
    expect((await db.select({ n: count() }).from(units).get())!.n).toBe(before);
    expect((await db.select({ n: count() }).from(unitSearchTerms).get())!.n).toBe(terms);
  });

  it("rejects an unknown province with a Vietnamese message", () => {
    expect(() => planProvince(env.UNITS_2025, "99")).toThrow("Không có tỉnh mã 99 trong tệp.");
  });
});

describe("unit pages and scope", () => {
  it("huyen.cholach sees Chợ Lách's communes and not Ba Tri's", async () => {
    const client = await loggedIn("huyen.cholach");
    const district = await client.get("/units/832");
    expect(district.status).toBe(200);
    const html = await district.text();
    expect(html).toContain("Xã Vĩnh Bình");
    expect(html).toContain("Xã Sơn Định");
    expect((await client.get("/units/836")).status).toBe(403); // Huyện Ba Tri
    const baTriCommune = await client.get("/units/29116"); // Xã Mỹ Hòa, Ba Tri
    expect(baTriCommune.status).toBe(403);
    expect(await baTriCommune.text()).toContain("không có quyền");
    const home = await (await client.get("/")).text();
    expect(home).toContain("Xã Vĩnh Bình");
    expect(home).not.toContain("Xã Mỹ Hòa");
  });

  it("commune staff walk down from the province to their commune, but not sideways", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const province = await (await client.get("/units/83")).text();
    expect(province).toContain('href="/units/832"');
    expect(province).not.toContain('href="/units/836"');
    expect((await client.get("/units/832")).status).toBe(200);
    const commune = await client.get("/units/28879");
    expect(commune.status).toBe(200);
    expect(await commune.text()).toContain("Ấp Vĩnh Thạnh");
    expect((await client.get("/units/28876")).status).toBe(403); // Sơn Định, same district
  });

  it("answers an unknown unit code with 404 and a Vietnamese message", async () => {
    const client = await loggedIn("admin");
    const res = await client.get("/units/99999");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Không tìm thấy đơn vị hành chính có mã &quot;99999&quot;");
    expect((await client.get("/units/abc")).status).toBe(404);
  });

  it("gives htmx requests a fragment, not a page", async () => {
    const client = await loggedIn("admin");
    const res = await client.get("/units/99999", true);
    const html = await res.text();
    expect(res.status).toBe(404);
    expect(html).not.toContain("<html");
    expect(html).toContain('role="alert"');
  });
});

describe("unit search on the folded, indexed column", () => {
  it.each([
    ["cho lach", "Huyện Chợ Lách"],
    ["vinh binh", "Xã Vĩnh Bình"],
    ["duong moi", "Ấp Đường Mới"],
    ["Vi\u0303nh Bi\u0300nh", "Xã Vĩnh Bình"], // NFD input
    ["CHỢ LÁCH", "Thị trấn Chợ Lách"],
  ])("%s finds %s", async (q, expected) => {
    const client = await loggedIn("admin");
    const res = await client.get(`/units?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(expected);
  });

  it("only lists units the user may open", async () => {
    const client = await loggedIn("huyen.cholach");
    const html = await (await client.get("/units?q=xa")).text();
    expect(html).toContain("Xã Vĩnh Bình");
    expect(html).not.toContain("Xã Mỹ Hòa");
  });

  it("asks for at least 2 characters (422)", async () => {
    const client = await loggedIn("admin");
    const res = await client.get("/units?q=a");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Nhập ít nhất 2 ký tự");
  });

  it("reads only the matching rows through the index", async () => {
    const client = await loggedIn("admin");
    const res = await client.get("/units?q=vinh%20binh");
    const rows = Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing")!)![1]);
    expect(rows).toBeLessThan(60);
  });
});
