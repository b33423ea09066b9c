// npm run crash — crash durability: the app started as `npm start` does (fresh database, demo province), N writers
// saving checklist indicators of one commune through the real form, then `kill -9` of the whole process group
// (tsx, wrangler, workerd) at a random moment while saves are in flight; the app restarted on the same database;
// ROUNDS times. Then, from the database: every acknowledged save (200 received before the kill) is there with
// exactly one history row; a save in flight at the kill is either wholly there or not at all; each indicator's
// version equals its version before the first round plus its history rows since; the stored value is the last
// history row's; every commune rollup and area counter equals a recount (src/services/rollups-check.ts).
// Loopback only; CRASH_ROUNDS (3), CRASH_WRITERS (8) override the defaults. Exit code 1 on any loss.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, like } from "drizzle-orm";
import { indicatorValueHistory, indicatorValues } from "../src/db/schema";
import { rollupDifferences } from "../src/services/rollups-check";
import { unitByCode } from "../src/services/units";
import { numericIndicators, openEdit, saveIndicator, Session, startApp, type StartedApp } from "./lib/bench";
import { withLocalDb } from "./lib/local";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const WRITERS = Number(process.env.CRASH_WRITERS ?? 8);
const COMMUNE = "28879";
const USER = "xa.phuphung";
/** The kill comes this long after the first acknowledged save of a round (uniformly random). */
const KILL_AFTER_MS: [number, number] = [1_500, 6_000];
/** A round never runs longer than this, kill or not. */
const ROUND_LIMIT_MS = 30_000;

type Save = { round: number; writer: number; indicator: string; value: string; note: string; state: "in flight" | "acknowledged" | "refused" | "lost connection" };

const dir = mkdtempSync(join(tmpdir(), "ntm-crash-"));
const saves: Save[] = [];
const rounds: { round: number; acknowledged: number; inFlight: number; killAtMs: number; survivors: number }[] = [];
let server: StartedApp | undefined;

/** Processes still alive in a process group (none after a successful kill -9 of the group). */
function groupMembers(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,comm="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid)
    .map((f) => `${f[0]} ${f[2]}`);
}

/** Waits up to `ms` for a process group to be empty; returns what is still alive. */
async function waitGone(pgid: number, ms: number): Promise<string[]> {
  let alive = groupMembers(pgid);
  for (const until = Date.now() + ms; alive.length && Date.now() < until; alive = groupMembers(pgid)) await new Promise((r) => setTimeout(r, 100));
  return alive;
}

/** A clean stop (SIGTERM), then SIGKILL for whatever is left after 10 s. */
async function shutdown(app: StartedApp): Promise<void> {
  app.stop();
  if ((await waitGone(app.pgid, 10_000)).length) app.kill();
  await waitGone(app.pgid, 5_000);
}

try {
  console.log(`Khởi động ứng dụng trên cơ sở dữ liệu mới ${dir} …`);
  server = await startApp(dir);
  const setup = new Session(server.baseUrl);
  await setup.login(USER);
  const indicators = (await numericIndicators(setup, COMMUNE)).slice(0, WRITERS);
  const initial = new Map<string, number>();
  for (const id of indicators) initial.set(id, Number((await openEdit(setup, COMMUNE, id)).version));

  for (let round = 1; round <= ROUNDS; round++) {
    let killed = false;
    let firstAck: () => void = () => {};
    const acked = new Promise<void>((resolve) => (firstAck = resolve));
    // Logged in one after another: parallel logins of one account meet the login throttle (5 at a time).
    const sessions: Session[] = [];
    for (let w = 0; w < WRITERS; w++) {
      sessions.push(new Session(server.baseUrl));
      await sessions[w].login(USER);
    }
    const writer = async (w: number) => {
      const s = sessions[w];
      const indicator = indicators[w % indicators.length];
      for (let i = 1; !killed; i++) {
        let version: string;
        try {
          version = (await openEdit(s, COMMUNE, indicator)).version;
        } catch {
          return; // the server is gone
        }
        const save: Save = { round, writer: w, indicator, value: String(10 + ((round * 31 + w * 7 + i) % 80)), note: `crash-r${round}-w${w}-${i}`, state: "in flight" };
        saves.push(save);
        try {
          const res = await saveIndicator(s, COMMUNE, indicator, { value: save.value, note: save.note, version });
          save.state = res.status === 200 ? "acknowledged" : "refused";
          if (res.status === 200) firstAck();
        } catch {
          save.state = "lost connection";
          return;
        }
      }
    };
    const started = Date.now();
    const running = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await Promise.race([acked, new Promise((r) => setTimeout(r, ROUND_LIMIT_MS))]);
    const delay = KILL_AFTER_MS[0] + Math.random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]);
    await new Promise((r) => setTimeout(r, delay));
    // The moment of the kill: what is acknowledged and what is in flight now is what the check holds to.
    const mine = saves.filter((s) => s.round === round);
    const inFlight = mine.filter((s) => s.state === "in flight").length;
    const acknowledged = mine.filter((s) => s.state === "acknowledged").length;
    const pgid = server.pgid;
    const members = groupMembers(pgid).map((m) => m.split(" ")[1]);
    server.kill();
    killed = true;
    const killAtMs = Date.now() - started;
    await running;
    for (const s of mine) if (s.state === "in flight") s.state = "lost connection";
    const survivors = await waitGone(pgid, 5_000);
    rounds.push({ round, acknowledged, inFlight, killAtMs, survivors: survivors.length });
    console.log(`Vòng ${round}: kill -9 sau ${(killAtMs / 1000).toFixed(1)} s; ${acknowledged} lần lưu đã xác nhận, ${inFlight} đang gửi; đã giết ${members.length} tiến trình (${[...new Set(members)].join(", ")}), còn sống: ${survivors.length}`);
    if (survivors.length) throw new Error(`processes survived the kill: ${survivors.join(", ")}`);
    server = await startApp(dir);
    const again = new Session(server.baseUrl);
    await again.login(USER);
    const page = await again.request(`/communes/${COMMUNE}/checklist`);
    await page.arrayBuffer();
    if (page.status !== 200) throw new Error(`checklist after restart: ${page.status}`);
  }
  await shutdown(server);
  server = undefined;

  // From the database, after the last restart and a clean stop.
  const found = await withLocalDb(dir, async (db) => {
    const commune = (await unitByCode(db, COMMUNE))!;
    const problems: string[] = [];
    const counts = { acknowledgedPresent: 0, acknowledgedMissing: 0, duplicated: 0, inFlightWritten: 0, inFlightAbsent: 0, halfWritten: 0 };
    const history = new Map<string, { note: string | null; newValue: string | null }[]>();
    for (const id of indicators) {
      history.set(
        id,
        await db
          .select({ note: indicatorValueHistory.note, newValue: indicatorValueHistory.newValue })
          .from(indicatorValueHistory)
          .where(and(eq(indicatorValueHistory.unitId, commune.id), eq(indicatorValueHistory.indicatorId, Number(id)), like(indicatorValueHistory.note, "crash-%")))
          .orderBy(asc(indicatorValueHistory.id))
          .all(),
      );
    }
    for (const save of saves) {
      const rows = history.get(save.indicator)!.filter((h) => h.note === save.note);
      if (rows.length > 1) counts.duplicated++;
      if (rows.length === 1 && rows[0].newValue !== save.value) problems.push(`${save.note}: history holds ${rows[0].newValue}, sent ${save.value}`);
      if (save.state === "acknowledged") rows.length === 1 ? counts.acknowledgedPresent++ : counts.acknowledgedMissing++;
      else if (save.state === "lost connection") rows.length === 1 ? counts.inFlightWritten++ : counts.inFlightAbsent++;
      else if (rows.length > 0) problems.push(`${save.note}: refused (${save.state}) but written`);
    }
    for (const id of indicators) {
      const row = await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, commune.id), eq(indicatorValues.indicatorId, Number(id)))).get();
      const rows = history.get(id)!;
      const expectedVersion = initial.get(id)! + rows.length;
      const last = rows[rows.length - 1];
      if (!row || row.version !== expectedVersion || (last && Number(row.value) !== Number(last.newValue))) {
        counts.halfWritten++;
        problems.push(`indicator ${id}: version ${row?.version} (expected ${expectedVersion}), value ${row?.value} (last history ${last?.newValue})`);
      }
    }
    const rollups = await rollupDifferences(db, commune.provinceId!);
    const rollupDiffs = rollups.communes.length + rollups.areas.length;
    if (rollupDiffs) problems.push(...rollups.communes, ...rollups.areas);
    return { counts, problems, rollupDiffs };
  });

  const { counts, problems, rollupDiffs } = found;
  console.log(`\nĐộ bền khi sập (kill -9 cả nhóm tiến trình trong lúc ghi), ${ROUNDS} vòng, ${WRITERS} luồng ghi, ${indicators.length} chỉ tiêu của xã ${COMMUNE}`);
  console.log("| round | kill after | acknowledged | in flight at kill |");
  console.log("|---|---|---|---|");
  for (const r of rounds) console.log(`| ${r.round} | ${(r.killAtMs / 1000).toFixed(1)} s | ${r.acknowledged} | ${r.inFlight} |`);
  console.log(`  saves sent: ${saves.length}; acknowledged: ${counts.acknowledgedPresent + counts.acknowledgedMissing}, present after restart: ${counts.acknowledgedPresent}, missing: ${counts.acknowledgedMissing}, duplicated: ${counts.duplicated}`);
  console.log(`  in flight at a kill: ${counts.inFlightWritten + counts.inFlightAbsent} (wholly written: ${counts.inFlightWritten}, not written: ${counts.inFlightAbsent})`);
  console.log(`  half-written: ${counts.halfWritten} (indicator version ≠ before + history rows, or value ≠ last history); rollups differing from a recount: ${rollupDiffs}`);
  for (const p of problems.slice(0, 20)) console.log(`  ! ${p}`);
  if (counts.acknowledgedMissing || counts.duplicated || counts.halfWritten || rollupDiffs || problems.length) process.exitCode = 1;
} finally {
  if (server) await shutdown(server);
  rmSync(dir, { recursive: true, force: true });
}
