// Composition root: middleware, one sub-app per resource, error pages, the Worker's handlers. A sub-app is mounted
// under its URL prefix and writes its paths relative to it; the ones at "/" serve several prefixes (docs/routes.md).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Bindings } from "./env";
import { csrfGuard, dbAndTiming, renderError, sessionLoader } from "./web/context";
import { msg } from "./messages";
import { isolateDb } from "./db/client";
import { runScheduledJobs } from "./scheduled";
import { health } from "./routes/health";
import { auth } from "./routes/auth";
import { home } from "./routes/home";
import { unitRoutes } from "./routes/units";
import { adminUsers } from "./routes/admin-users";
import { checklistRoutes } from "./routes/checklist";
import { ledgerRoutes } from "./routes/ledger";
import { sponsorRoutes } from "./routes/sponsors";
import { contributionRoutes } from "./routes/contributions";
import { projectRoutes } from "./routes/projects";
import { feedbackRoutes } from "./routes/feedback";
import { assignmentRoutes } from "./routes/assignments";
import { visitRoutes } from "./routes/visits";
import { feedbackReportRoutes } from "./routes/feedback-reports";
import { feedbackAdminRoutes } from "./routes/feedback-admin";
import { progressRoutes } from "./routes/progress";
import { publicProgressRoutes } from "./routes/progress-public";
import { progressTargetsRoutes } from "./routes/progress-targets";
import { emulationRoutes } from "./routes/emulation";
import { recognitionRoutes } from "./routes/recognition";
import { dossierRoutes } from "./routes/dossiers";
import { criteriaAdminRoutes } from "./routes/criteria-admin";
import { bindingRoutes } from "./routes/bindings";
import { mergerRoutes } from "./routes/merger";
import { keepOnInLinks } from "./web/unit-date";
import { tableCards } from "./web/table-cards";
import { accountRoutes } from "./routes/account";
import { adminSecurity } from "./routes/admin-security";
import { fileRoutes } from "./routes/files";
import { outboxFlush } from "./web/outbox-flush";
import { contactRoutes } from "./routes/contacts";
import { notifyAdminRoutes } from "./routes/notify-admin";
import { consumeBatch, consumeDeadLetters } from "./services/deliver";
import { flushAll, type NotifyMessage } from "./services/outbox";
import { hamletRoutes } from "./routes/hamlets";
import { hamletRecognitionRoutes } from "./routes/hamlet-recognition";
import { api, API_BASE } from "./api";
import { apiTokenRoutes } from "./routes/api-tokens";
import { adminRequiresSso, ssoSession } from "./web/sso";
import { ssoAdminRoutes } from "./routes/sso-admin";
import { isNational, nationalRoutes } from "./routes/national";
import { pullAll } from "./services/national";
import { upwardReportRoutes } from "./routes/upward-reports";

const app = new Hono<AppEnv>();

app.route("/healthz", health);
app.use(
  "*",
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "same-origin",
    xFrameOptions: "DENY",
    strictTransportSecurity: false,
  }),
);
app.use("*", async (c, next) => {
  await next();
  const host = new URL(c.req.url).hostname;
  if (host !== "localhost" && host !== "127.0.0.1") c.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
});
const defaultBodyLimit = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text("Dữ liệu gửi lên quá lớn (tối đa 1 MB).", 413) });
// Criteria set files may be up to 2 MB; the multipart envelope gets a little room on top.
const criteriaUploadLimit = bodyLimit({ maxSize: 2 * 1024 * 1024 + 64 * 1024, onError: (c) => renderError(c, 413, "Tệp quá lớn: tối đa 2 MB.") });
// Evidence files: one file ≤ 10 MB, plus its thumbnail, EXIF block and the envelope.
const fileUploadLimit = bodyLimit({ maxSize: 10 * 1024 * 1024 + 256 * 1024, onError: (c) => renderError(c, 413, "Tệp quá lớn: tối đa 10 MB một tệp.") });
app.use("*", (c, next) =>
  c.req.path === "/admin/criteria/upload" ? criteriaUploadLimit(c, next) : c.req.path === "/files" ? fileUploadLimit(c, next) : defaultBodyLimit(c, next),
);
// The JSON API authenticates by bearer token, not by session cookie: mounted before the session and CSRF.
app.use(`${API_BASE}/*`, outboxFlush);
app.route(API_BASE, api);
app.use("*", outboxFlush, dbAndTiming, sessionLoader, ssoSession, csrfGuard, adminRequiresSso);
app.use("*", keepOnInLinks);
app.use("*", tableCards);

app.route("/", auth);
app.route("/", home);
app.route("/units", unitRoutes);
app.route("/admin", adminUsers);
app.route("/communes", checklistRoutes);
app.route("/me/password", accountRoutes);
app.route("/admin", adminSecurity);
// (feature routes are mounted here, one line each)
app.route("/", ledgerRoutes);
app.route("/sponsors", sponsorRoutes);
app.route("/", contributionRoutes);
app.route("/", projectRoutes);
app.route("/", assignmentRoutes);
app.route("/", visitRoutes);
app.route("/", feedbackRoutes);
app.route("/reports/feedback", feedbackReportRoutes);
app.route("/admin", feedbackAdminRoutes);
app.route("/public/progress", publicProgressRoutes);
app.route("/progress", progressRoutes);
app.route("/progress/:code/targets", progressTargetsRoutes);
app.route("/progress/:code/thi-dua", emulationRoutes);
app.route("/", dossierRoutes);
app.route("/", recognitionRoutes);
app.route("/admin/criteria", criteriaAdminRoutes);
app.route("/communes/:code/binding", bindingRoutes);
app.route("/merger", mergerRoutes);
app.route("/", hamletRoutes);
app.route("/", hamletRecognitionRoutes);
app.route("/files", fileRoutes);
app.route("/me/contacts", contactRoutes);
app.route("/admin/notify", notifyAdminRoutes);
app.route("/admin/api-tokens", apiTokenRoutes);
app.route("/admin/sso", ssoAdminRoutes);
app.route("/national", nationalRoutes);
app.route("/reports/upward", upwardReportRoutes);

app.notFound((c) => renderError(c, 404, msg.notFound));
app.onError((err, c) => {
  if (err instanceof HTTPException) {
    if (err.status >= 500) console.error(err);
    return renderError(c, err.status, err.message || msg.invalid);
  }
  console.error(err);
  return renderError(c, 500, msg.serverError);
});

export { app };

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const db = isolateDb(env.DB);
    const now = new Date(controller.scheduledTime);
    // National mode pulls every registered province's summary; a province runs its jobs, whose outbox rows
    // (deadline flags, monthly digest) then go to the queue.
    if (isNational(env)) ctx.waitUntil(pullAll(db, now).then(() => undefined));
    else ctx.waitUntil(runScheduledJobs(db, now).then(() => (env.NOTIFY_QUEUE ? flushAll(db, env.NOTIFY_QUEUE, now) : 0)).then(() => undefined));
  },
  async queue(batch, env) {
    const db = isolateDb(env.DB);
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(db, batch as MessageBatch<NotifyMessage>);
    else await consumeBatch(db, batch as MessageBatch<NotifyMessage>, env);
  },
} satisfies ExportedHandler<Bindings>;
