// The column names of the upward-reporting exports (issue 19, item 3), documented in the OpenAPI description.
import { UPWARD_TABLES } from "../domain/upward-report";

export const EXPORT_DESCRIPTION =
  "## Bảng báo cáo định kỳ (CSV, XLSX)\n\nTên cột ổn định (không đổi giữa các phiên bản v1):\n\n" +
  UPWARD_TABLES.map((t) => `- \`${t.file}\` — ${t.title}: ${t.columns.map((c) => `\`${c.key}\` (${c.description})`).join(", ")}`).join("\n");
