// The checklist page of a commune, its summary (also the fragment htmx refreshes), the indicator edit page
// and an indicator's history.
import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { Breadcrumbs, type Crumb } from "./unit";
import { msg } from "../../src/messages";
import { formatDateTime } from "../../src/domain/format";
import { CriterionHeading, IndicatorBlock, IndicatorForm, displayValue, levelName, type CriterionView, type IndicatorView } from "../components/checklist-indicator";

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
      <div class="summary-figures">
        <div>
          <span class="big" id="criteria-met">
            {s.criteriaMet}/{s.criteriaTotal}
          </span>{" "}
          tiêu chí đạt ({levelName(s.baseLevel)})
        </div>
        <div>
          Mức đạt: <strong id="level-reached">{levelName(s.levelReached)}</strong>
        </div>
        {s.nextLevel && s.nextTotal ? (
          <div>
            <span id="criteria-met-next">
              {s.nextMet}/{s.nextTotal}
            </span>{" "}
            tiêu chí đạt mức {levelName(s.nextLevel)}
          </div>
        ) : null}
        <div class="muted">
          Mục tiêu: {levelName(s.targetLevel)} năm {s.targetYear}
        </div>
      </div>
      {s.nextLevel ? (
        <details open={s.gap.length <= 12}>
          <summary>
            Còn {s.gap.length} chỉ tiêu chưa đạt để lên {levelName(s.nextLevel)}
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
  /** Rendered above the summary (recognition: returned items, frozen dossiers, recognised level). */
  notices?: Child;
}) {
  const base = `/communes/${props.communeCode}/checklist`;
  return (
    <Page title={`Bộ tiêu chí ${props.communeName}`} user={props.user} csrfToken={props.csrfToken} wide>
      <Breadcrumbs chain={props.chain} current="Bộ tiêu chí" />
      <h1>Bộ tiêu chí: {props.communeName}</h1>
      <p class="muted">
        {props.setName} ({props.setDecision}) · Chỉ tiêu đích: {props.keyLabel}, năm {props.evalYear}
      </p>
      {props.notices}
      <Summary s={props.summary} />
      <p class="muted small">
        Dấu <span class="badge warn">{msg.unverified}</span>: {msg.unverifiedTitle.toLowerCase()}; di chuột hoặc chạm để xem nguồn.
      </p>
      <nav class="filters" aria-label="Lọc chỉ tiêu">
        {props.onlyFailing ? <a href={base}>Hiện tất cả chỉ tiêu</a> : <a href={`${base}?failing=1`}>Chỉ hiện chỉ tiêu chưa đạt</a>}
      </nav>
      {props.groups.map((g) => (
        <section class="group">
          {g.name ? (
            <h2>
              {g.code}. {g.name}
            </h2>
          ) : null}
          {g.criteria.map((c) => (
            <section class="criterion" id={`crit-${c.id}`}>
              <CriterionHeading criterion={c} />
              <ul class="indicators">
                {c.indicators.map((i) => (
                  <IndicatorBlock communeCode={props.communeCode} ind={i} canEdit={props.canEdit} />
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
      {props.groups.length === 0 ? <p>Không có chỉ tiêu nào chưa đạt.</p> : null}
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

export function HistoryPage(props: { user: LayoutUser; csrfToken: string; communeCode: string; communeName: string; ind: Pick<IndicatorView, "id" | "code" | "name" | "kind" | "unit">; rows: HistoryView[] }) {
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
            <caption>{props.rows.length} lần thay đổi, mới nhất trước</caption>
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
        </div>
      )}
    </Page>
  );
}
