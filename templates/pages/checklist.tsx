// The checklist page of a commune, its summary (also the fragment htmx refreshes), the indicator edit page
// and an indicator's history.
import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { Breadcrumbs, type Crumb } from "./unit";
import { msg } from "../../src/messages";
import { formatDateTime } from "../../src/domain/format";
import { displayValue } from "../../src/web/checklist-view";
import { CriterionHeading, IndicatorBlock, IndicatorForm, SourcesPopover, levelName, sourcesId, unverifiedSources, type CriterionView, type IndicatorView } from "../components/checklist-indicator";

export type GroupView = { code: string; name: string; criteria: CriterionView[] };

export type SummaryView = {
  communeCode: string;
  baseLevel: string;
  criteriaMet: number;
  criteriaTotal: number;
  levelReached: string | null;
  nextLevel: string | null;
  /** Criteria met / applicable at the next level (absent when the top is reached). */
  nextMet: number | null;
  nextTotal: number | null;
  targetLevel: string;
  targetYear: number;
  gap: { id: number; code: string; name: string }[];
};

/** The summary, sticky at the top while the list scrolls: figures in one line, the gap to the next level. */
export function Summary(props: { s: SummaryView }) {
  const s = props.s;
  return (
    <section
      id="summary"
      class="card summary"
      aria-label="Tóm tắt"
      hx-get={`/communes/${s.communeCode}/checklist/summary`}
      hx-trigger="checklist-changed from:body"
      hx-swap="outerHTML"
    >
      <p class="summary-figures">
        <span>
          <span class="big" id="criteria-met">
            {s.criteriaMet}/{s.criteriaTotal}
          </span>{" "}
          tiêu chí đạt ({levelName(s.baseLevel)})
        </span>
        <span>
          Mức đạt: <strong id="level-reached">{levelName(s.levelReached)}</strong>
        </span>
        {s.nextLevel && s.nextTotal ? (
          <span>
            <span id="criteria-met-next">
              {s.nextMet}/{s.nextTotal}
            </span>{" "}
            tiêu chí đạt mức {levelName(s.nextLevel)}
          </span>
        ) : null}
        <span class="muted">
          Mục tiêu: {levelName(s.targetLevel)} năm {s.targetYear}
        </span>
      </p>
      {s.nextLevel ? (
        <details class="gap-list">
          <summary>
            <span>
              Còn {s.gap.length} chỉ tiêu chưa đạt để lên {levelName(s.nextLevel)}
            </span>
          </summary>
          <ul class="gap">
            {s.gap.map((g) => (
              <li>
                <a href={`#ind-${g.id}`}>
                  {g.code} {g.name}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p>Đã đạt mức cao nhất của bộ tiêu chí.</p>
      )}
    </section>
  );
}

/** A criterion's indicators (also the fragment a met criterion loads when opened): the list carries the target of their edit links. */
export function IndicatorList(props: { communeCode: string; criterion: CriterionView; canEdit: boolean }) {
  return (
    <ul class="indicators" hx-target="closest .indicator" hx-swap="outerHTML">
      {props.criterion.indicators.map((i) => (
        <IndicatorBlock communeCode={props.communeCode} ind={i} canEdit={props.canEdit} />
      ))}
    </ul>
  );
}

/** Every distinct set of unverified sources on the page, once (the marks open them as popovers). */
function sourceSets(groups: GroupView[]) {
  const sets = new Map<string, { level: string; source: string }[]>();
  for (const g of groups) for (const c of g.criteria) for (const i of c.indicators) {
    const sources = unverifiedSources(i.targets);
    if (sources.length) sets.set(sourcesId(sources), sources);
  }
  return [...sets.values()];
}

export function ChecklistPage(props: {
  user: LayoutUser;
  csrfToken: string;
  chain: Crumb[];
  communeName: string;
  communeCode: string;
  setName: string;
  setDecision: string;
  keyLabel: string;
  evalYear: number;
  summary: SummaryView;
  groups: GroupView[];
  canEdit: boolean;
  onlyFailing: boolean;
  /** Render the indicators of met criteria too (else they load when opened). */
  all?: boolean;
  /** Rendered above the summary (closed unit, recognition: returned items, frozen dossiers, recognised level). */
  notices?: Child;
  /** Rendered after the list (the communes this one was formed from). */
  after?: Child;
}) {
  const base = `/communes/${props.communeCode}/checklist`;
  const met = props.groups.flatMap((g) => g.criteria).filter((c) => !c.failing).length;
  return (
    <Page title={`Bộ tiêu chí ${props.communeName}`} user={props.user} csrfToken={props.csrfToken} wide>
      <Breadcrumbs chain={props.chain} current="Bộ tiêu chí" />
      <h1>Bộ tiêu chí: {props.communeName}</h1>
      <p class="muted small">
        {props.setName} ({props.setDecision}) · Chỉ tiêu đích: {props.keyLabel}, năm {props.evalYear}
      </p>
      {props.notices}
      <Summary s={props.summary} />
      <div class="checklist-tools">
        {props.onlyFailing ? null : (
          <p class="check phone-only">
            <input type="checkbox" id="show-met" checked={props.all} />
            <label for="show-met">Hiện cả {met} tiêu chí đã đạt</label>
          </p>
        )}
        <nav class="filters" aria-label="Lọc chỉ tiêu">
          {props.onlyFailing ? <a href={base}>Hiện tất cả chỉ tiêu</a> : <a class="wide-only" href={`${base}?failing=1`}>Chỉ hiện chỉ tiêu chưa đạt</a>}
        </nav>
      </div>
      <div class="checklist">
        {/* A set without groups (2026–2030) still gets a level-2 heading above its criteria (h3). */}
        {props.groups.length && !props.groups[0].name ? <h2 class="visually-hidden">Các tiêu chí</h2> : null}
        {props.groups.map((g) => (
          <section class={g.criteria.some((c) => c.failing) ? "group fail" : "group"}>
            {g.name ? (
              <h2>
                {g.code}. {g.name}
              </h2>
            ) : null}
            {g.criteria.map((c) => (
              <details class={c.failing ? "criterion fail" : "criterion"} id={`crit-${c.id}`} open={c.failing || props.all}>
                <summary>
                  <CriterionHeading criterion={c} />
                </summary>
                {c.failing || props.all ? (
                  <IndicatorList communeCode={props.communeCode} criterion={c} canEdit={props.canEdit} />
                ) : (
                  // A met criterion loads its indicators when opened (keeps the page small); without htmx, the link.
                  <p hx-get={`${base}/criteria/${c.id}`} hx-trigger="toggle from:closest details once" hx-swap="outerHTML">
                    <a href={`${base}?all=1#crit-${c.id}`}>Xem {c.indicators.length} chỉ tiêu của tiêu chí {c.number}</a>
                  </p>
                )}
              </details>
            ))}
          </section>
        ))}
      </div>
      {props.groups.length === 0 ? <p>Không có chỉ tiêu nào chưa đạt.</p> : null}
      <p class="muted small legend">
        <span class="badge warn">cần minh chứng</span>: cần minh chứng để ghi nhận đạt. <span class="badge warn">{msg.unverified}</span>: {msg.unverifiedTitle.toLowerCase()}; chạm vào dấu để xem nguồn.
      </p>
      {sourceSets(props.groups).map((sources) => (
        <SourcesPopover sources={sources} />
      ))}
      {props.after}
    </Page>
  );
}

export function IndicatorEditPage(props: { user: LayoutUser; csrfToken: string; communeCode: string; communeName: string; form: Parameters<typeof IndicatorForm>[0] }) {
  return (
    <Page title={`Sửa chỉ tiêu ${props.form.ind.code}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.communeCode}/checklist#ind-${props.form.ind.id}`}>← Bộ tiêu chí {props.communeName}</a>
      </p>
      <h1>Sửa chỉ tiêu {props.form.ind.code}</h1>
      <ul class="indicators">
        <IndicatorForm {...props.form} />
      </ul>
    </Page>
  );
}

export type HistoryView = { changedAt: string; changedByName: string | null; oldValue: string | null; newValue: string | null; oldEvidence: string | null; newEvidence: string | null; note: string | null };

export function HistoryPage(props: { user: LayoutUser; csrfToken: string; communeCode: string; communeName: string; ind: Pick<IndicatorView, "id" | "code" | "name" | "kind" | "unit">; rows: HistoryView[]; next?: string | null }) {
  const i = props.ind;
  return (
    <Page title={`Lịch sử chỉ tiêu ${i.code}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.communeCode}/checklist#ind-${i.id}`}>← Bộ tiêu chí {props.communeName}</a>
      </p>
      <h1>
        Lịch sử chỉ tiêu {i.code}: {i.name}
      </h1>
      {props.rows.length === 0 ? (
        <p>Chưa có thay đổi nào.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{props.next ? `${props.rows.length} lần thay đổi mới nhất` : `${props.rows.length} lần thay đổi, mới nhất trước`}</caption>
            <thead>
              <tr>
                <th scope="col">Thời gian</th>
                <th scope="col">Người sửa</th>
                <th scope="col">Giá trị cũ → mới</th>
                <th scope="col">Minh chứng</th>
                <th scope="col">Ghi chú</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{formatDateTime(r.changedAt)}</td>
                  <td>{r.changedByName ?? ""}</td>
                  <td>
                    {displayValue(i.kind, r.oldValue, i.unit)} → <strong>{displayValue(i.kind, r.newValue, i.unit)}</strong>
                  </td>
                  <td>{r.oldEvidence === r.newEvidence ? (r.newEvidence ?? "") : `${r.oldEvidence ?? "—"} → ${r.newEvidence ?? "—"}`}</td>
                  <td>{r.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.next ? (
            <p>
              <a href={props.next}>Xem thêm (cũ hơn) →</a>
            </p>
          ) : null}
        </div>
      )}
    </Page>
  );
}
