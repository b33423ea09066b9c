// The public progress summary (no login): /public/progress/:code for any province, district or commune.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { compareVi } from "../domain/text";
import { levelRows, percent, periodLabel, periodOfSet } from "../domain/progress";
import { areaLevels, areaSetsInPeriod, communeRows, publicDistrictRows, setDefinitions } from "../services/progress";
import { communeFigures } from "../services/commune-progress";
import { parentChain } from "../services/units";
import { baseTotal, levelName } from "../web/progress-view";
import { clock, periodView, querySchema, unitOf } from "../web/progress-page";
import { PublicProgressPage } from "../../templates/pages/progress-public";
import { provinceCommuneMap, provinceShape } from "../web/map-view";
import type { CommuneRow } from "../services/progress";

/** Public summary (no login): counts and levels only, for any province, district or commune. */
export const publicProgressRoutes = new Hono<AppEnv>().get("/:code", async (c) => {
  const unit = await unitOf(c);
  const db = c.var.db;
  const t = clock(c);
  const parents = (await parentChain(db, unit)).map((u) => ({ code: u.code, name: u.name }));
  c.header("Cache-Control", "public, max-age=60");
  const common = { csrfToken: c.var.csrfToken, unitCode: unit.code, unitName: unit.name, parents, asOf: t.asOf };
  if (unit.level === "commune") {
    const f = await communeFigures(db, unit.id, t.month, t.month);
    const set = f.rollup ? await setDefinitions(db, f.rollup.setId) : null;
    if (!f.rollup || !set) throw new HTTPException(404, { message: `${unit.name} chưa có số liệu tiến độ.` });
    return c.html(
      <PublicProgressPage
        {...common}
        period={{ label: periodLabel(periodOfSet(set), t.year), switches: [] }}
        setName={set.name}
        commune={{ level: levelName(f.rollup.levelReached), met: f.rollup.criteriaMetBase, total: baseTotal(set) }}
        communes={1}
        baseName={levelName(set.baseLevel)}
        reached={0}
        reachedShare={0}
        levels={[]}
        childrenCaption=""
        children={[]}
        childrenAreCommunes
      />,
    );
  }
  const inPeriod = await areaSetsInPeriod(db, unit.id, querySchema.shape.period.parse(c.req.query("period")), t.year);
  if (!inPeriod) throw new HTTPException(404, { message: `${unit.name} chưa có số liệu tiến độ.` });
  const period = periodView(`/public/progress/${unit.code}`, inPeriod.period, inPeriod.periods, t.year);
  const first = inPeriod.sets[0];
  const set = first ? inPeriod.defs.find((d) => d.id === first.id) ?? null : null;
  if (!first || !set) {
    return c.html(
      <PublicProgressPage {...common} period={period} setName="" commune={null} communes={0} baseName="" reached={0} reachedShare={0} levels={[]} childrenCaption="" children={[]} childrenAreCommunes noData />,
    );
  }
  const communes = first.communes;
  const districtsFirst = unit.level === "province" && unit.tiers !== 2;
  let read: readonly CommuneRow[] = [];
  const [levels, children] = await Promise.all([
    areaLevels(db, unit.id, set),
    districtsFirst
      ? publicDistrictRows(db, unit.id, set.id).then((rows) =>
          rows.map((r) => ({ code: r.code, name: r.name, communes: r.communes, reached: r.communes - r.none, share: percent(r.communes - r.none, r.communes), level: null, met: null })),
        )
      : communeRows(db, unit.id).then((rows) =>
          (read = rows)
            .filter((r) => r.rollup?.setId === set.id)
            .map((r) => ({ code: r.code, name: r.name, communes: null, reached: null, share: null, level: levelName(r.rollup!.levelReached), met: `${r.rollup!.criteriaMetBase}/${baseTotal(set)}` })),
        ),
  ]);
  // The map: a two-tier province's communes (the rows read above) on its drawn shapes; no extra D1 read.
  const shape = unit.level === "province" && unit.tiers === 2 ? await provinceShape(unit.code) : null;
  const map = shape && provinceCommuneMap(shape, unit.name, set.levels.map((l) => ({ code: l.code, name: levelName(l.code) })), read, set.id, (code) => `/public/progress/${code}`, levelName(null));
  const rows = levelRows(set.levels.map((l) => ({ ...l, name: levelName(l.code) })), { communes, levels }, null, levelName(null));
  const base = rows[0];
  return c.html(
    <PublicProgressPage
      {...common}
      period={period}
      setName={set.name}
      commune={null}
      communes={communes}
      baseName={levelName(set.baseLevel)}
      reached={base.atLeast}
      reachedShare={base.atLeastShare}
      levels={rows.map((r) => ({ name: r.name, communes: r.exact, share: r.exactShare }))}
      childrenCaption={districtsFirst ? "Các huyện, thị xã, thành phố" : "Các xã"}
      children={children.sort((a, b) => compareVi(a.name, b.name))}
      childrenAreCommunes={!districtsFirst}
      map={map}
    />,
  );
});
