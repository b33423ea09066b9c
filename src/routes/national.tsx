// /national (issue 19): the national progress page, served only by a deployment in national mode (MODE=national).
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { nationalRow, regionTotals } from "../domain/national";
import { nationalState } from "../services/national";
import { pageProps, renderError } from "../web/context";
import { msg } from "../messages";
import { NationalPage } from "../../templates/pages/national";
import { nationalMap } from "../web/map-view";
import national from "../maps/national";

export const isNational = (env: { MODE?: string }) => env.MODE === "national";

export const nationalRoutes = new Hono<AppEnv>().get("/", async (c) => {
  if (!isNational(c.env)) return renderError(c, 404, msg.notFound);
  const state = await nationalState(c.var.db);
  const rows = state.map((s) => nationalRow(s.province, s.pull, c.var.now)).sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name, "vi"));
  const lastPull = state.map((s) => s.pull?.lastAttemptAt ?? "").sort().at(-1) || null;
  // The 34 provinces' outlines shaded by the share of communes at NTM or above (the figures of the table; no extra read).
  const map = nationalMap(
    national,
    rows.map((r) => ({ code: r.code, name: r.name, share: r.figures && r.figures.setCommunes > 0 ? (100 * r.figures.reached) / r.figures.setCommunes : null, href: `${r.baseUrl.replace(/\/+$/, "")}/public/progress/${r.code}` })),
  );
  c.header("Cache-Control", "no-store");
  return c.html(<NationalPage {...pageProps(c)} rows={rows} regions={regionTotals(rows)} lastPull={lastPull} map={map} />);
});
