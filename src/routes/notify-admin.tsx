// The admin's delivery log with the province's contact channels, and the template preview (issue 18). Prefix /admin/notify.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { EVENT_KINDS, SAMPLE_PARAMS, TEMPLATES } from "../domain/notify";
import { provinceContacts } from "../services/contacts";
import { auditStatement } from "../services/audit";
import { deliveryLog, pendingOutbox } from "../services/delivery-log";
import { authorize, pageProps, requireUser } from "../web/context";
import { DeliveryLogPage, TemplatesPage } from "../../templates/pages/notify-admin";
import { DELIVERY_STATUS_LABELS } from "../web/notify-view";
import { type C, currentActor } from "../web/request";

const provinceOf = (c: C) => currentActor(c).scope.provinceId ?? currentActor(c).scope.id;

function templateIds(c: C): Record<string, string> {
  try {
    return JSON.parse(c.env.ZALO_TEMPLATE_IDS || "{}") as Record<string, string>;
  } catch {
    return {};
  }
}

export const notifyAdminRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    authorize(c, "user.manage");
    const q = c.req.query("status") ?? "";
    const status = Object.hasOwn(DELIVERY_STATUS_LABELS, q) ? q : "";
    const [rows, contacts, pending] = await Promise.all([deliveryLog(c.var.db, provinceOf(c), status || null), provinceContacts(c.var.db, provinceOf(c)), pendingOutbox(c.var.db)]);
    // Reading the province's contact data (personal data) is itself audited.
    await auditStatement(c.var.db, { actorId: currentActor(c).id, action: "contact.view", entity: "province", entityId: provinceOf(c), after: { channels: contacts.length } }).run();
    return c.html(<DeliveryLogPage {...pageProps(c)} rows={rows} contacts={contacts} pending={pending} status={status} />);
  })
  .get("/templates", (c) => {
    authorize(c, "user.manage");
    const ids = templateIds(c);
    const params = { ...SAMPLE_PARAMS, origin: c.env.APP_URL ?? "" };
    const previews = EVENT_KINDS.map((kind) => ({ kind, label: TEMPLATES[kind].label, subject: TEMPLATES[kind].subject(params), body: TEMPLATES[kind].body(params), znsTemplateId: ids[kind] ?? null }));
    return c.html(<TemplatesPage {...pageProps(c)} previews={previews} />);
  });
