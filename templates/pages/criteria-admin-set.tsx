// Admin page for one criteria set: its facts, levels, criteria tree with targets, and the status and clone forms.
// Pure functions of their props.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { ExportLinks } from "../components/criteria-export-links";
import { formatDate, formatNumber } from "../../src/domain/format";

export type TargetRowView = { id: number; level: string; levelName: string; key: string; keyLabel: string; years: string; text: string; source: string; verified: boolean };
export type IndicatorRowView = {
  id: number;
  code: string;
  name: string;
  kindLabel: string;
  unit: string | null;
  levelName: string;
  evidenceRequired: boolean;
  guidance: string | null;
  choices: string[] | null;
  targets: TargetRowView[];
};
export type CriterionRowView = { id: number; number: number; name: string; revocationKey: boolean; indicators: IndicatorRowView[] };
export type GroupRowView = { code: string; name: string; criteria: CriterionRowView[] };

export type SetDetailView = {
  id: number;
  code: string;
  name: string;
  decision: string;
  period: string;
  status: string;
  statusLabel: string;
  version: number;
  scope: string;
  source: string | null;
  appliesTo: string;
  targetKeyLabel: string;
  clonedFrom: { id: number; code: string; name: string } | null;
  createdAt: string;
  levels: { code: string; name: string; rank: number; rule: string }[];
  groups: GroupRowView[];
  targets: number;
  unverified: number;
};

export type CloneState = { values: { code: string; name: string }; errors?: Record<string, string | undefined> };
export type StatusState = { status: string; statusLabel: string; version: number; next: { value: string; label: string } | null; error?: string; notice?: string };

const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s);

function Source(props: { source: string }) {
  return isUrl(props.source) ? (
    <a href={props.source} rel="noopener noreferrer nofollow" target="_blank" class="source-link">
      {props.source}
    </a>
  ) : (
    <span>{props.source}</span>
  );
}

export function UnverifiedMark(props: { source: string }) {
  return (
    <span class="badge warn unverified" title={`Chỉ tiêu đích chưa được đối chiếu với văn bản gốc. Nguồn: ${props.source}`}>
      chưa xác minh
    </span>
  );
}

export function StatusForm(props: { csrfToken: string; setId: number; state: StatusState; canManage: boolean }) {
  const s = props.state;
  const action = `/admin/criteria/${props.setId}/status`;
  return (
    <section id="status-form" class="card" aria-labelledby="status-title">
      <h2 id="status-title">Trạng thái</h2>
      <p>
        Hiện tại: <strong>{s.statusLabel}</strong>
      </p>
      {s.notice ? (
        <div class="alert info" role="status">
          {s.notice}
        </div>
      ) : null}
      {s.error ? (
        <div class="alert error" role="alert">
          {s.error}
        </div>
      ) : null}
      {s.next && props.canManage ? (
        <form method="post" action={action} hx-post={action} hx-target="#status-form" hx-swap="outerHTML" class="inline-form">
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="version" value={String(s.version)} />
          <input type="hidden" name="status" value={s.next.value} />
          <button type="submit">Chuyển sang “{s.next.label}”</button>
        </form>
      ) : s.next ? (
        <p class="muted">Bộ tiêu chí của tỉnh khác: bạn không đổi trạng thái được.</p>
      ) : (
        <p class="muted">Bộ tiêu chí đã ngừng áp dụng. Nhân bản nếu cần dùng lại.</p>
      )}
    </section>
  );
}

export function CloneForm(props: { csrfToken: string; setId: number; provinceName: string | null; state: CloneState }) {
  const action = `/admin/criteria/${props.setId}/clone`;
  const e = props.state.errors ?? {};
  const field = (name: "code" | "name", label: string, hint: string, max: number) => (
    <div class={e[name] ? "field invalid" : "field"}>
      <label for={`clone-${name}`}>{label}</label>
      <input
        id={`clone-${name}`}
        name={name}
        type="text"
        value={props.state.values[name]}
        maxlength={max}
        aria-invalid={e[name] ? "true" : undefined}
        aria-describedby={`clone-${name}-hint${e[name] ? ` clone-${name}-error` : ""}`}
      />
      <small id={`clone-${name}-hint`}>{hint}</small>
      {e[name] ? (
        <p class="error-text" id={`clone-${name}-error`}>
          {e[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <section id="clone-form" class="card" aria-labelledby="clone-title">
      <h2 id="clone-title">Nhân bản cho tỉnh</h2>
      {props.provinceName ? (
        <>
          <p class="muted">Tạo bản sao (trạng thái bản nháp) thuộc {props.provinceName} để điều chỉnh chỉ tiêu đích; bộ gốc giữ nguyên.</p>
          {e.form ? (
            <div class="alert error" role="alert">
              {e.form}
            </div>
          ) : null}
          <form method="post" action={action} hx-post={action} hx-target="#clone-form" hx-swap="outerHTML" class="stack" novalidate>
            <Csrf token={props.csrfToken} />
            {field("code", "Mã bộ mới", "Chữ in hoa, số, gạch ngang; ví dụ QD318-2022-XA-BT.", 40)}
            {field("name", "Tên bộ mới", "Ví dụ: Bộ tiêu chí xã NTM 2021–2025 — áp dụng tại tỉnh.", 300)}
            <p class="form-actions">
              <button type="submit" class="primary">
                Nhân bản
              </button>
            </p>
          </form>
        </>
      ) : (
        <p class="muted">Tài khoản của bạn không thuộc tỉnh nào nên không nhân bản được.</p>
      )}
    </section>
  );
}

export function SetDetailPage(props: {
  user: LayoutUser;
  csrfToken: string;
  set: SetDetailView;
  provinceName: string | null;
  canManage: boolean;
  notice?: string;
  clone: CloneState;
  status: StatusState;
}) {
  const s = props.set;
  return (
    <Page title={s.code} user={props.user} csrfToken={props.csrfToken} wide>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href="/">Trang chủ</a>
          </li>
          <li>
            <a href="/admin/criteria">Bộ tiêu chí</a>
          </li>
          <li aria-current="page">{s.code}</li>
        </ol>
      </nav>
      <h1>
        {s.name} <span class="code">({s.code})</span>
      </h1>
      {props.notice ? (
        <div class="alert info" role="status" id="notice">
          {props.notice}
        </div>
      ) : null}
      <dl class="facts">
        <div>
          <dt>Quyết định</dt>
          <dd>{s.decision}</dd>
        </div>
        <div>
          <dt>Giai đoạn</dt>
          <dd>{s.period}</dd>
        </div>
        <div>
          <dt>Trạng thái</dt>
          <dd>{s.statusLabel}</dd>
        </div>
        <div>
          <dt>Phạm vi</dt>
          <dd>{s.scope}</dd>
        </div>
        <div>
          <dt>Áp dụng cho</dt>
          <dd>{s.appliesTo}</dd>
        </div>
        <div>
          <dt>Chỉ tiêu đích theo</dt>
          <dd>{s.targetKeyLabel}</dd>
        </div>
        <div>
          <dt>Chỉ tiêu đích</dt>
          <dd>
            {formatNumber(s.targets)} ({formatNumber(s.unverified)} chưa xác minh)
          </dd>
        </div>
        <div>
          <dt>Ngày nạp</dt>
          <dd>{formatDate(s.createdAt)}</dd>
        </div>
        {s.clonedFrom ? (
          <div>
            <dt>Nhân bản từ</dt>
            <dd>
              <a href={`/admin/criteria/${s.clonedFrom.id}`}>{s.clonedFrom.code}</a>
            </dd>
          </div>
        ) : null}
      </dl>
      {s.source ? (
        <p class="muted">
          Nguồn: <Source source={s.source} />
        </p>
      ) : null}
      <p>
        Tải về: <ExportLinks id={s.id} code={s.code} />
      </p>
      {props.canManage ? null : <p class="alert warn">Bộ tiêu chí của tỉnh khác: bạn chỉ xem và tải về được.</p>}

      <section aria-labelledby="levels-title">
        <h2 id="levels-title">Các mức</h2>
        <ol class="levels">
          {s.levels.map((l) => (
            <li>
              <strong>{l.name}</strong> <span class="code">{l.code}</span>
              {l.rule ? <span class="muted"> — {l.rule}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title">Tiêu chí, chỉ tiêu và chỉ tiêu đích</h2>
        {s.groups.map((g) => (
          <section class="criteria-group">
            <h3>
              {g.code ? `${g.code}. ` : ""}
              {g.name}
            </h3>
            {g.criteria.map((c) => (
              <section class="admin-criterion" id={`crit-${c.id}`}>
                <h4>
                  {c.number}. {c.name} {c.revocationKey ? <span class="badge">xét thu hồi</span> : null}
                </h4>
                <ul class="admin-indicators">
                  {c.indicators.map((i) => (
                    <li class="admin-indicator" id={`ind-${i.id}`}>
                      <p class="ind-head">
                        <strong class="code">{i.code}</strong> {i.name}
                      </p>
                      <p class="muted small">
                        {i.kindLabel}
                        {i.unit ? ` (${i.unit})` : ""} · từ mức {i.levelName}
                        {i.evidenceRequired ? " · cần minh chứng" : ""}
                        {i.choices?.length ? ` · lựa chọn: ${i.choices.join("; ")}` : ""}
                      </p>
                      <ul class="admin-targets">
                        {i.targets.map((t) => (
                          <li id={`t-${t.id}`} class={t.verified ? "admin-target" : "admin-target unverified-target"}>
                            <span class="target-what">
                              <span class="badge">{t.levelName}</span> {t.keyLabel} · {t.years}: <strong>{t.text}</strong>
                            </span>{" "}
                            {t.verified ? <span class="badge good">đã xác minh</span> : <UnverifiedMark source={t.source} />}{" "}
                            {props.canManage ? (
                              <a href={`/admin/criteria/targets/${t.id}`} aria-label={`Sửa chỉ tiêu đích ${i.code}, ${t.levelName}, ${t.keyLabel}, ${t.years}`}>
                                Sửa
                              </a>
                            ) : null}
                            <br />
                            <small class="muted">
                              Nguồn: <Source source={t.source} />
                            </small>
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
        ))}
      </section>

      <StatusForm csrfToken={props.csrfToken} setId={s.id} state={props.status} canManage={props.canManage} />
      <CloneForm csrfToken={props.csrfToken} setId={s.id} provinceName={props.provinceName} state={props.clone} />
    </Page>
  );
}
