import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { auditQuerySchema, endSessionSchema } from "../domain/audit-forms";
import type { AppEnv } from "../env";
import { parseDate } from "../domain/format";
import { auditCsv, nextAuditCursor, parseAuditCursor, searchAudit } from "../services/audit-log";
import type { AuditFilters } from "../web/admin-view";
import { endSession, listActiveSessions } from "../services/users";
import { authorize, pageProps, requireUser } from "../web/context";
import { AuditPage, SessionsPage } from "../../templates/pages/admin-security";
import { type C, clientIp, currentActor } from "../web/request";
import { validate } from "../web/validate";

/** The province whose audit rows an admin reads. */
const provinceOf = (c: C) => currentActor(c).scope.provinceId ?? currentActor(c).scope.id;
const AUDIT_PAGE = 200;

/** Audit filters from the query string; dates as dd/mm/yyyy. A bad value is a 422 with a message. */
function auditFilters(c: C): { filters: AuditFilters; error?: string } {
  const parsed = auditQuerySchema.safeParse(c.req.query());
  if (!parsed.success) return { filters: {}, error: "Bộ lọc không hợp lệ (mỗi ô tối đa 64 ký tự)." };
  const q = parsed.data;
  const from = q.from ? parseDate(q.from) : undefined;
  const to = q.to ? parseDate(q.to) : undefined;
  if (from === null || to === null) return { filters: {}, error: "Ngày không hợp lệ; hãy nhập dạng dd/mm/yyyy." };
  const before = q.before ? parseAuditCursor(q.before) : undefined;
  if (before === null) return { filters: {}, error: "Liên kết trang không hợp lệ; hãy lọc lại từ đầu." };
  return { filters: { username: q.username || undefined, action: q.action || undefined, entity: q.entity || undefined, from, to, before } };
}

const SESSION_GONE = "Không tìm thấy phiên đăng nhập này (có thể đã kết thúc).";

/** A one-button form: a malformed session id is a session not found (404), after the permission check. */
const endSessionForm = validate("form", endSessionSchema, (c) => {
  authorize(c, "user.manage");
  throw new HTTPException(404, { message: SESSION_GONE });
});

export const adminSecurity = new Hono<AppEnv>()
  .use("/sessions", requireUser)
  .use("/sessions/*", requireUser)
  .use("/audit", requireUser)
  .use("/audit.csv", requireUser)
  .get("/sessions", async (c) => {
    authorize(c, "user.manage");
    return c.html(<SessionsPage {...pageProps(c)} sessions={await listActiveSessions(c.var.db, currentActor(c).scope.id, c.var.now.toISOString())} />);
  })
  .post("/sessions/end", endSessionForm, async (c) => {
    authorize(c, "user.manage");
    const { id } = c.req.valid("form");
    if (!(await endSession(c.var.db, currentActor(c).id, currentActor(c).scope.id, id, clientIp(c)))) {
      throw new HTTPException(404, { message: SESSION_GONE });
    }
    const sessions = await listActiveSessions(c.var.db, currentActor(c).scope.id, c.var.now.toISOString());
    return c.html(<SessionsPage {...pageProps(c)} sessions={sessions} notice="Đã kết thúc phiên đăng nhập." />);
  })
  .get("/audit", async (c) => {
    authorize(c, "audit.view");
    const { filters, error } = auditFilters(c);
    const rows = error ? [] : await searchAudit(c.var.db, provinceOf(c), filters, AUDIT_PAGE);
    const params = new URL(c.req.url).searchParams;
    params.delete("before");
    const query = params.toString();
    const cursor = nextAuditCursor(rows, AUDIT_PAGE);
    const next = cursor ? `/admin/audit?${query ? `${query}&` : ""}before=${encodeURIComponent(cursor)}` : null;
    return c.html(<AuditPage {...pageProps(c)} rows={rows} filters={filters} query={query} next={next} error={error} />, error ? 422 : 200);
  })
  .get("/audit.csv", async (c) => {
    authorize(c, "audit.view");
    const { filters, error } = auditFilters(c);
    if (error) throw new HTTPException(422, { message: error });
    const rows = await searchAudit(c.var.db, provinceOf(c), filters, 10_000);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="nhat-ky-${c.var.now.toISOString().slice(0, 10)}.csv"`);
    return c.body(auditCsv(rows));
  });

