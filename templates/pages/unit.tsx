import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { UnitTable, type UnitListItem } from "../components/unit-list";
import { NTM_REGION_NAMES, UNIT_KIND_NAMES } from "../../src/domain/units";
import { formatDate, formatNumber } from "../../src/domain/format";
import type { Unit } from "../../src/db/schema";

export type Crumb = { code: string; name: string; viewable: boolean; href?: string };

export function Breadcrumbs(props: { chain: Crumb[]; current: string }) {
  return (
    <nav aria-label="Đơn vị cấp trên" class="crumbs">
      <ol>
        {props.chain.map((c) => (
          <li>{c.viewable ? <a href={c.href ?? `/units/${c.code}`}>{c.name}</a> : <span>{c.name}</span>}</li>
        ))}
        <li aria-current="page">{props.current}</li>
      </ol>
    </nav>
  );
}

function CommuneLinks(props: { code: string; on: string | null; s: NonNullable<Parameters<typeof UnitPage>[0]["sections"]> }) {
  const base = `/communes/${props.code}`;
  const on = props.on ? `?on=${props.on}` : "";
  return (
    <ul class="actions" aria-label="Trang của xã">
      {props.s.dossiers ? <li><a class="button" href={`${base}/dossiers${on}`}>Hồ sơ xét công nhận</a></li> : null}
      {props.s.ledger ? <li><a class="button" href={`${base}/contributions`}>Mạnh thường quân</a></li> : null}
      {props.s.pledge ? <li><a class="button" href={`${base}/contributions/new`}>Ghi nhận cam kết đóng góp</a></li> : null}
      {props.s.visits ? <li><a class="button" href={`${base}/visits`}>Chuyến thăm cơ sở</a></li> : null}
      {props.s.feedback ? <li><a class="button" href={`${base}/feedback`}>Phản ánh, kiến nghị</a></li> : null}
    </ul>
  );
}

export function UnitPage(props: {
  user: LayoutUser;
  csrfToken: string;
  unit: Unit;
  chain: Crumb[];
  counts: { district: number; commune: number; hamlet: number };
  children: UnitListItem[];
  canViewData: boolean;
  /** Admin: link to the commune's criteria binding. */
  canBindCriteria?: boolean;
  /** A commune's other pages the user may open (issue 14: every page reachable by clicks). */
  sections?: { dossiers: boolean; ledger: boolean; visits: boolean; feedback: boolean; pledge: boolean };
  /** The merger: closed-unit notice, predecessors of a new commune. */
  notices?: Child;
}) {
  const u = props.unit;
  const childCaption = { province: u.tiers === 3 ? "Các huyện, thị xã, thành phố" : "Các xã, phường, đặc khu", district: "Các xã, phường, thị trấn", commune: "Các ấp, thôn, khu phố", hamlet: "" }[u.level];
  return (
    <Page title={u.name} user={props.user} csrfToken={props.csrfToken}>
      <Breadcrumbs chain={props.chain} current={u.name} />
      <h1>{u.name}</h1>
      {props.notices}
      <dl class="facts">
        <div><dt>Loại</dt><dd>{UNIT_KIND_NAMES[u.kind]}</dd></div>
        <div><dt>Mã GSO</dt><dd class="code">{u.code}</dd></div>
        {u.level === "province" ? <div><dt>Mô hình</dt><dd>{u.tiers === 3 ? "3 cấp (tỉnh → huyện → xã)" : "2 cấp (tỉnh → xã)"}</dd></div> : null}
        {u.region ? <div><dt>Vùng NTM</dt><dd>{NTM_REGION_NAMES[u.region]}</dd></div> : null}
        {props.counts.district ? <div><dt>Số huyện</dt><dd>{formatNumber(props.counts.district)}</dd></div> : null}
        {props.counts.commune ? <div><dt>Số xã</dt><dd>{formatNumber(props.counts.commune)}</dd></div> : null}
        {props.counts.hamlet ? <div><dt>Số ấp</dt><dd>{formatNumber(props.counts.hamlet)}</dd></div> : null}
        {u.households ? <div><dt>Số hộ</dt><dd>{formatNumber(u.households)}</dd></div> : null}
        {u.population ? <div><dt>Số dân</dt><dd>{formatNumber(u.population)}</dd></div> : null}
        <div><dt>Hiệu lực từ</dt><dd>{formatDate(u.validFrom)}{u.validTo ? ` đến ${formatDate(u.validTo)}` : ""}</dd></div>
      </dl>
      {u.level === "commune" && props.canViewData ? (
        <p>
          <a class="button primary" href={`/communes/${u.code}/checklist${u.validTo ? `?on=${u.validTo}` : ""}`}>
            Bộ tiêu chí của xã
          </a>
        </p>
      ) : null}
      {u.level === "commune" && !u.validTo && props.canViewData && props.counts.hamlet > 0 ? (
        <p>
          <a class="button" href={`/communes/${u.code}/hamlets`}>
            Ấp, khu phố: người theo dõi, hộ gia đình
          </a>
        </p>
      ) : null}
      {u.level === "commune" && props.sections ? <CommuneLinks code={u.code} on={u.validTo} s={props.sections} /> : null}
      {u.level === "commune" && props.canBindCriteria ? (
        <p>
          <a class="button" href={`/communes/${u.code}/binding`}>
            Gắn bộ tiêu chí
          </a>
        </p>
      ) : null}
      {props.children.length > 0 ? (
        <UnitTable
          items={props.children}
          caption={childCaption}
          showCommunes={u.level === "province" && u.tiers === 3}
          showHamlets={u.level !== "commune"}
        />
      ) : u.level !== "hamlet" ? (
        <p class="muted">Chưa có đơn vị trực thuộc.</p>
      ) : null}
    </Page>
  );
}
