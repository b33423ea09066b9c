// Composition root: middleware, one sub-app per resource, error pages, the Worker's handlers.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Bindings } from "./env";
import { csrfGuard, dbAndTiming, renderError, sessionLoader } from "./web/context";
import { msg } from "./messages";
import { createDb } from "./db/client";
import { runScheduledJobs } from "./scheduled";
import { health } from "./routes/health";
import { auth } from "./routes/auth";
import { home } from "./routes/home";
import { unitRoutes } from "./routes/units";
import { adminUsers } from "./routes/admin-users";
import { checklistRoutes } from "./routes/checklist";
import { ledgerRoutes } from "./routes/ledger";
import { feedbackFeature } from "./routes/feedback";
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

const app = new Hono<AppEnv>();

app.route("/", health);
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
// Criteria set files (issue 3) may be up to 2 MB; the multipart envelope gets a little room on top.
const criteriaUploadLimit = bodyLimit({ maxSize: 2 * 1024 * 1024 + 64 * 1024, onError: (c) => renderError(c, 413, "Tệp quá lớn: tối đa 2 MB.") });
// Evidence files (issue 13): one file ≤ 10 MB, plus its thumbnail, EXIF block and the envelope.
const fileUploadLimit = bodyLimit({ maxSize: 10 * 1024 * 1024 + 256 * 1024, onError: (c) => renderError(c, 413, "Tệp quá lớn: tối đa 10 MB một tệp.") });
app.use("*", (c, next) =>
  c.req.path === "/admin/criteria/upload" ? criteriaUploadLimit(c, next) : c.req.path === "/files" ? fileUploadLimit(c, next) : defaultBodyLimit(c, next),
);
app.use("*", dbAndTiming, sessionLoader, csrfGuard);
app.use("*", keepOnInLinks);
app.use("*", tableCards);

app.route("/", auth);
app.route("/", home);
app.route("/", unitRoutes);
app.route("/", adminUsers);
app.route("/", checklistRoutes);
app.route("/", accountRoutes);
app.route("/", adminSecurity);
// (feature routes are mounted here, one line each)
app.route("/", ledgerRoutes);
app.route("/", feedbackFeature);
app.route("/", feedbackReportRoutes);
app.route("/", feedbackAdminRoutes);
app.route("/", publicProgressRoutes);
app.route("/", progressRoutes);
app.route("/", progressTargetsRoutes);
app.route("/", emulationRoutes);
app.route("/", dossierRoutes);
app.route("/", recognitionRoutes);
app.route("/", criteriaAdminRoutes);
app.route("/", bindingRoutes);
app.route("/", mergerRoutes);
app.route("/files", fileRoutes);

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
    ctx.waitUntil(runScheduledJobs(createDb(env.DB), new Date(controller.scheduledTime)).then(() => undefined));
  },
} satisfies ExportedHandler<Bindings>;
