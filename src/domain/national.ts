// Pure (issue 19): the national progress table from each province's last pulled summary — figures, their age,
// whether the province answered the last pull — and the totals by region.
import { NTM_REGION_NAMES } from "./units";
import type { NtmRegion } from "../db/schema";

export type SetFigures = { code: string; name: string; communes: number; criteriaMetSum: number; levels: Record<string, number> };
export type ProvinceSummary = {
  province: { code: string; name: string; tiers: number | null; region: string | null };
  generatedAt: string;
  units: { districts: number; communes: number };
  periods: { period: string; sets: SetFigures[] }[];
  recognitions: { level: string; year: number; status: string; communes: number }[];
};

export type PullState = { summary: ProvinceSummary | null; fetchedAt: string | null; lastAttemptAt: string | null; lastError: string | null };
export type RegisteredProvince = { code: string; name: string; region: string | null; baseUrl: string };

export type NationalRow = {
  code: string;
  name: string;
  region: string;
  baseUrl: string;
  /** Null until the first successful pull. */
  figures: {
    communes: number;
    period: string | null;
    setName: string | null;
    /** Communes at the set's first level or above. */
    reached: number;
    /** Criteria met (base level) summed over the communes of the set. */
    criteriaMetSum: number;
    /** In the set's communes. */
    setCommunes: number;
    recognised: number;
  } | null;
  fetchedAt: string | null;
  ageMinutes: number | null;
  /** The last pull failed (the figures, if any, are from an earlier one). */
  unreachable: boolean;
  lastError: string | null;
};

/** The period shown: the current programme period when the province has data in it, else its latest. */
export function choosePeriod(periods: string[], year: number): string | null {
  const current = periods.find((p) => {
    const [from, to] = p.split("-").map(Number);
    return year >= from && year <= to;
  });
  return current ?? [...periods].sort().at(-1) ?? null;
}

export function nationalRow(p: RegisteredProvince, pull: PullState | undefined, now: Date): NationalRow {
  const s = pull?.summary ?? null;
  let figures: NationalRow["figures"] = null;
  if (s) {
    const period = choosePeriod(s.periods.map((x) => x.period), now.getUTCFullYear());
    const sets = s.periods.find((x) => x.period === period)?.sets ?? [];
    const main = [...sets].sort((a, b) => b.communes - a.communes)[0];
    const reached = main ? Object.entries(main.levels).filter(([level]) => level !== "").reduce((n, [, c]) => n + c, 0) : 0;
    figures = {
      communes: s.units.communes,
      period,
      setName: main?.name ?? null,
      reached,
      criteriaMetSum: main?.criteriaMetSum ?? 0,
      setCommunes: main?.communes ?? 0,
      recognised: s.recognitions.filter((r) => r.status === "recognised").reduce((n, r) => n + r.communes, 0),
    };
  }
  const fetchedAt = pull?.fetchedAt ?? null;
  return {
    code: p.code,
    name: s?.province.name ?? p.name,
    region: p.region ?? s?.province.region ?? "",
    baseUrl: p.baseUrl,
    figures,
    fetchedAt,
    ageMinutes: fetchedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(fetchedAt)) / 60_000)) : null,
    unreachable: !!pull?.lastError || !pull,
    lastError: pull?.lastError ?? null,
  };
}

/** "vừa xong", "12 phút trước", "3 giờ trước", "2 ngày trước"; "chưa có số liệu". */
export function ageLabel(minutes: number | null): string {
  if (minutes === null) return "chưa có số liệu";
  if (minutes < 1) return "vừa xong";
  if (minutes < 60) return `${minutes} phút trước`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} giờ trước`;
  return `${Math.floor(minutes / 1440)} ngày trước`;
}

export type RegionTotal = { region: string; provinces: number; communes: number; reached: number; setCommunes: number; recognised: number; unreachable: number };

export function regionTotals(rows: NationalRow[]): RegionTotal[] {
  const by = new Map<string, RegionTotal>();
  for (const r of rows) {
    const t = by.get(r.region) ?? { region: r.region, provinces: 0, communes: 0, reached: 0, setCommunes: 0, recognised: 0, unreachable: 0 };
    t.provinces++;
    if (r.unreachable) t.unreachable++;
    if (r.figures) {
      t.communes += r.figures.communes;
      t.reached += r.figures.reached;
      t.setCommunes += r.figures.setCommunes;
      t.recognised += r.figures.recognised;
    }
    by.set(r.region, t);
  }
  return [...by.values()].sort((a, b) => a.region.localeCompare(b.region));
}

/** A region's name (the 7 NTM regions), "Chưa xếp vùng" when a province has none. */
export const regionName = (code: string): string => NTM_REGION_NAMES[code as NtmRegion] ?? "Chưa xếp vùng";
