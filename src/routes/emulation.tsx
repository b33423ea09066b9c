// The emulation pages ("thi đua") of a province or district: /progress/:code/thi-dua and its exports.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { formatNumber } from "../domain/format";
import { percent } from "../domain/progress";
import { barChart } from "../domain/charts";
import { exportFileName, tableToCsv, tablesToXlsx, type ExportMeta } from "../domain/progress-export";
import { keyLegend, ranked } from "../web/emulation-view";
import { unitRef } from "../services/units";
import { authorize, pageProps, requireUser } from "../web/context";
import { baseTotal, levelName } from "../web/progress-view";
import { clock, crumbs, emulationData, readQuery, shown, unitOf } from "../web/progress-page";
import { EmulationPage } from "../../templates/pages/emulation";

const EMULATION_TABLES = new Set(["leaders", "gaps", "improved"]);

export const emulationRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const q = readQuery(c);
    const t = clock(c);
    const { data, byId } = await emulationData(c, unit, q);
    const top = ranked(data)[0];
    const buckets = [
      { label: "Dẫn đầu hoặc ngang xã dẫn đầu", from: 0, to: 0 },
      { label: "Thiếu 1–2 tiêu chí", from: 1, to: 2 },
      { label: "Thiếu 3–5 tiêu chí", from: 3, to: 5 },
      { label: "Thiếu 6 tiêu chí trở lên", from: 6, to: Infinity },
    ];
    const gaps = data.communes.map((x) => (top ? Math.max(0, top.criteriaMetBase - x.criteriaMetBase) : 0));
    const gapChart = data.communes.length
      ? barChart(
          buckets.map((b) => {
            const n = gaps.filter((g) => g >= b.from && g <= b.to).length;
            return { label: b.label, value: percent(n, gaps.length), valueText: `${formatNumber(n)} xã` };
          }),
          100,
        )
      : null;
    return c.html(
      <EmulationPage
        {...pageProps(c)}
        chain={await crumbs(c, unit)}
        unitName={unit.name}
        unitCode={unit.code}
        path={`/progress/${unit.code}/thi-dua`}
        query={q.query}
        exportPath={`/progress/${unit.code}/thi-dua/export`}
        exportQuery={q.set ? { set: q.set } : {}}
        asOf={t.asOf}
        setName={`${data.set.name} (${data.set.decision})`}
        leader={
          top
            ? {
                name: top.name,
                code: top.code,
                level: levelName(top.levelReached),
                met: top.criteriaMetBase,
                total: baseTotal(data.set),
                values: data.keys.map((k) => ({ label: `Chỉ tiêu ${k.code}`, value: top.values[k.id] === null || top.values[k.id] === undefined ? "—" : `${formatNumber(top.values[k.id]!)}${k.unit ? ` ${k.unit}` : " %"}` })),
              }
            : null
        }
        keyLegend={keyLegend(data)}
        tables={{ leaders: byId.leaders ? shown(byId.leaders, q.query) : null, gaps: shown(byId.gaps, q.query), improved: shown(byId.improved, q.query) }}
        gapChart={gapChart}
      />,
    );
  })
  .get("/export/:file", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const m = /^([a-z-]{1,20})\.(csv|xlsx)$/.exec(c.req.param("file"));
    if (!m || (m[1] !== "bao-cao" && !EMULATION_TABLES.has(m[1])) || (m[1] === "bao-cao" && m[2] !== "xlsx")) {
      throw new HTTPException(404, { message: "Không có bảng này để tải. Hãy chọn bảng từ trang thi đua." });
    }
    const q = readQuery(c);
    const t = clock(c);
    const { data, tables, byId } = await emulationData(c, unit, q);
    const chosen = m[1] === "bao-cao" ? tables : byId[m[1]] ? [byId[m[1]]] : [];
    if (chosen.length === 0) throw new HTTPException(404, { message: "Bảng này không có ở trang thi đua của đơn vị." });
    const name = exportFileName(unit.code, `thi-dua-${m[1]}`, m[2] as "csv" | "xlsx");
    c.header("Content-Disposition", `attachment; filename="${name}"`);
    c.header("Cache-Control", "private, no-store");
    if (m[2] === "csv") return c.body(tableToCsv(chosen[0]), 200, { "Content-Type": "text/csv; charset=utf-8" });
    const meta: ExportMeta = { heading: `THI ĐUA “ĐỒNG KHỞI MỚI” — ${unit.name.toLocaleUpperCase("vi")}`, subheading: `${data.set.name} (${data.set.decision})`, asOf: `Số liệu đến ${t.asOf}` };
    return c.body(tablesToXlsx(meta, chosen), 200, { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  });
