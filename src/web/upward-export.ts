// One response for an upward report table as CSV or XLSX (the API and the page share it).
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { ReportTable } from "../domain/progress";
import { tableToCsv, tablesToXlsx } from "../domain/progress-export";
import { formatDateTime } from "../domain/format";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function upwardFileResponse(c: Context<AppEnv>, provinceCode: string, provinceName: string, table: ReportTable, format: "csv" | "xlsx", period: string) {
  const name = `bao-cao-${provinceCode}-${table.id}.${format}`;
  c.header("Content-Disposition", `attachment; filename="${name}"`);
  c.header("Cache-Control", "no-store");
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    return c.body(tableToCsv(table));
  }
  c.header("Content-Type", XLSX_TYPE);
  const meta = { heading: `BÁO CÁO NÔNG THÔN MỚI — ${provinceName.toUpperCase()}`, subheading: period, asOf: `Số liệu đến ${formatDateTime(c.var.now.toISOString())}` };
  return c.body(tablesToXlsx(meta, [table]));
}
