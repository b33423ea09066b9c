// scripts/lib/memory-d1.ts: `npm start` seeds the demo in memory (node:sqlite, the same migrations) and copies
// every row into the local D1 with one exec(); the copy must keep every value exactly.
import { describe, expect, it } from "vitest";
import { loadThroughMemory, memoryD1 } from "../../scripts/lib/memory-d1";

const UNIT = { id: 7, code: "83", name: "Tỉnh Bến Tre", name_folded: "tinh ben tre", kind: "tinh", level: "province", valid_from: "2025-07-01" };
const TRICKY = ["It's ''quoted''", "dòng 1\ndòng 2\r\ndòng 3", "Xa\u0303 Vi\u0303nh Bình", "'; DROP TABLE units; --", "x".repeat(40_000)];

describe("loadThroughMemory", () => {
  it("copies every row exactly: quotes, line breaks, NFD text, long strings, NULLs and ids", async () => {
    const target = memoryD1();
    await loadThroughMemory(target, async (memory) => {
      await memory
        .prepare("insert into units (id, code, name, name_folded, kind, level, valid_from) values (?, ?, ?, ?, ?, ?, ?)")
        .bind(...Object.values(UNIT))
        .run();
      await memory.batch(TRICKY.map((name, i) => memory.prepare("insert into holidays (date, name) values (?, ?)").bind(`2026-01-0${i + 1}`, name)));
    });
    const units = (await target.prepare("select id, code, name, name_folded, kind, level, valid_from, parent_id from units").all()).results;
    expect(units).toEqual([{ ...UNIT, parent_id: null }]);
    const holidays = (await target.prepare("select name from holidays order by date").all<{ name: string }>()).results.map((r) => r.name);
    expect(holidays).toEqual(TRICKY);
  });

  it("keeps every statement under SQLite's 100 KB limit (a 150 KB value goes in as a bound parameter)", async () => {
    const target = memoryD1();
    const statements: string[] = [];
    const exec = target.exec.bind(target);
    target.exec = (sql: string) => (statements.push(...sql.split("\n")), exec(sql));
    const big = "đ".repeat(150_000);
    await loadThroughMemory(target, async (memory) => {
      await memory.batch(["2026-01-01", "2026-01-02"].map((date, i) => memory.prepare("insert into holidays (date, name) values (?, ?)").bind(date, i ? big : "Tết")));
    });
    expect(Math.max(...statements.map((line) => line.length))).toBeLessThan(100_000);
    const names = (await target.prepare("select name from holidays order by date").all<{ name: string }>()).results.map((r) => r.name);
    expect(names).toEqual(["Tết", big]);
  });

  it("runs a batch all or nothing, like D1", async () => {
    const db = memoryD1();
    const insert = (date: string) => db.prepare("insert into holidays (date, name) values (?, ?)").bind(date, "Tết");
    await expect(db.batch([insert("2026-02-17"), insert("2026-02-17")])).rejects.toThrow();
    expect((await db.prepare("select count(*) as n from holidays").first("n")) as number).toBe(0);
    const updated = await db.batch([insert("2026-02-17"), db.prepare("update holidays set name = ? where date = ?").bind("Tết Nguyên đán", "2026-02-17")]);
    expect(updated[1].meta.changes).toBe(1);
  });
});
