// Binding a commune to a criteria set: admin form. Pure functions of their props.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { formatNumber } from "../../src/domain/format";

export type BindingState = { key: string; targetLevel: string; targetYear: string; evalYear: string; confirmArchive: boolean; version: number };

export type BindingFormProps = {
  csrfToken: string;
  unit: { code: string; name: string; kindLabel: string };
  current: { setId: number; setName: string; keyLabel: string; levelName: string; targetYear: number; evalYear: number } | null;
  sets: { id: number; label: string }[];
  set: { id: number; name: string; decision: string; period: string; targetKeyLabel: string; levels: { code: string; name: string }[] } | null;
  keyOptions: { value: string; label: string }[];
  state: BindingState;
  valuesEntered: number;
  errors?: Record<string, string | undefined>;
  conflict?: string;
  notice?: string;
};

function Err(props: { id: string; message?: string }) {
  return props.message ? (
    <p class="error-text" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

export function BindingForm(props: BindingFormProps) {
  const p = props;
  const e = p.errors ?? {};
  const action = `/communes/${p.unit.code}/binding`;
  const changingSet = !!p.current && !!p.set && p.current.setId !== p.set.id;
  const inv = (f: string) => (e[f] ? "true" : undefined);
  const desc = (f: string) => (e[f] ? `b-${f}-error` : undefined);
  return (
    <section id="binding-form" class="stack">
      {p.notice ? (
        <div class="alert info" role="status">
          {p.notice} <a href={`/communes/${p.unit.code}/checklist`}>Xem bộ tiêu chí của xã</a>
        </div>
      ) : null}
      {p.current ? (
        <div class="card">
          <h2>Đang gắn</h2>
          <p>
            <strong>{p.current.setName}</strong> · {p.current.keyLabel} · phấn đấu đạt <strong>{p.current.levelName}</strong> năm {p.current.targetYear} · năm đánh giá {p.current.evalYear}
          </p>
          <p class="muted">{formatNumber(p.valuesEntered)} chỉ tiêu đã có số liệu hoặc minh chứng.</p>
        </div>
      ) : (
        <p class="alert warn">{p.unit.name} chưa được gắn bộ tiêu chí.</p>
      )}
      {p.conflict ? (
        <div class="alert warn" role="alert">
          {p.conflict}
        </div>
      ) : null}
      {e.form ? (
        <div class="alert error" role="alert">
          {e.form}
        </div>
      ) : null}

      {p.sets.length === 0 ? (
        <p class="alert warn">Chưa có bộ tiêu chí nào áp dụng cho loại đơn vị “{p.unit.kindLabel}”. Hãy nạp bộ tiêu chí trước.</p>
      ) : (
        <form method="get" action={action} hx-get={action} hx-trigger="change, submit" hx-target="#binding-form" hx-swap="outerHTML" class="set-chooser">
          <div class={e.setId ? "field invalid" : "field"}>
            <label for="b-set">Bộ tiêu chí</label>
            <select id="b-set" name="set" aria-invalid={inv("setId")} aria-describedby={desc("setId")}>
              {p.sets.map((s) => (
                <option value={String(s.id)} selected={s.id === p.set?.id}>
                  {s.label}
                </option>
              ))}
            </select>
            <Err id="b-setId-error" message={e.setId} />
          </div>
          <noscript>
            <button type="submit">Chọn bộ này</button>
          </noscript>
        </form>
      )}

      {p.set ? (
        <form method="post" action={action} hx-post={action} hx-target="#binding-form" hx-swap="outerHTML" class="stack card" novalidate>
          <Csrf token={p.csrfToken} />
          <input type="hidden" name="setId" value={String(p.set.id)} />
          <input type="hidden" name="version" value={String(p.state.version)} />
          <p class="muted">
            {p.set.decision} · giai đoạn {p.set.period} · chỉ tiêu đích theo {p.set.targetKeyLabel}
          </p>
          <div class={e.key ? "field invalid" : "field"}>
            <label for="b-key">{p.set.targetKeyLabel === "nhóm xã" ? "Nhóm xã" : "Vùng"}</label>
            <select id="b-key" name="key" aria-invalid={inv("key")} aria-describedby={desc("key")}>
              {p.keyOptions.map((o) => (
                <option value={o.value} selected={o.value === p.state.key}>
                  {o.label}
                </option>
              ))}
              {p.state.key !== "" && !p.keyOptions.some((o) => o.value === p.state.key) ? (
                <option value={p.state.key} selected>
                  {p.state.key} (không hợp lệ)
                </option>
              ) : null}
            </select>
            <Err id="b-key-error" message={e.key} />
          </div>
          <div class={e.targetLevel ? "field invalid" : "field"}>
            <label for="b-targetLevel">Mức phấn đấu</label>
            <select id="b-targetLevel" name="targetLevel" aria-invalid={inv("targetLevel")} aria-describedby={desc("targetLevel")}>
              {p.set.levels.map((l) => (
                <option value={l.code} selected={l.code === p.state.targetLevel}>
                  {l.name}
                </option>
              ))}
              {p.state.targetLevel !== "" && !p.set.levels.some((l) => l.code === p.state.targetLevel) ? (
                <option value={p.state.targetLevel} selected>
                  {p.state.targetLevel} (không có trong bộ)
                </option>
              ) : null}
            </select>
            <Err id="b-targetLevel-error" message={e.targetLevel} />
          </div>
          <div class={e.targetYear ? "field invalid" : "field"}>
            <label for="b-targetYear">Năm phấn đấu đạt</label>
            <input id="b-targetYear" name="targetYear" type="text" inputmode="numeric" maxlength={4} value={p.state.targetYear} aria-invalid={inv("targetYear")} aria-describedby={desc("targetYear")} />
            <Err id="b-targetYear-error" message={e.targetYear} />
          </div>
          <div class={e.evalYear ? "field invalid" : "field"}>
            <label for="b-evalYear">Năm đánh giá (năm của chỉ tiêu đích đang áp dụng)</label>
            <input id="b-evalYear" name="evalYear" type="text" inputmode="numeric" maxlength={4} value={p.state.evalYear} aria-invalid={inv("evalYear")} aria-describedby={desc("evalYear")} />
            <Err id="b-evalYear-error" message={e.evalYear} />
          </div>
          {changingSet ? (
            <div class={e.confirmArchive ? "field invalid" : "field"}>
              <p class="alert warn">
                Đổi sang bộ tiêu chí khác: số liệu hiện có ({formatNumber(p.valuesEntered)} chỉ tiêu) <strong>không được chuyển</strong> sang bộ mới, kể cả khi bộ mới nhân bản từ bộ
                cũ. Số liệu cũ được ghi vào lịch sử (ghi chú “Đổi bộ tiêu chí”) rồi xóa khỏi danh mục của xã.
              </p>
              <div class="check">
                <input id="b-confirmArchive" name="confirmArchive" type="checkbox" value="1" checked={p.state.confirmArchive} aria-describedby={desc("confirmArchive")} />
                <label for="b-confirmArchive">Lưu trữ số liệu cũ và đổi bộ tiêu chí</label>
              </div>
              <Err id="b-confirmArchive-error" message={e.confirmArchive} />
            </div>
          ) : null}
          <p class="form-actions">
            <button type="submit" class="primary">
              {p.current ? "Lưu" : "Gắn bộ tiêu chí"}
            </button>{" "}
            <a href={`/units/${p.unit.code}`}>Quay lại</a>
          </p>
        </form>
      ) : null}
    </section>
  );
}

export function BindingPage(props: { user: LayoutUser; csrfToken: string; form: BindingFormProps }) {
  const u = props.form.unit;
  return (
    <Page title={`Gắn bộ tiêu chí — ${u.name}`} user={props.user} csrfToken={props.csrfToken}>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href={`/units/${u.code}`}>{u.name}</a>
          </li>
          <li aria-current="page">Gắn bộ tiêu chí</li>
        </ol>
      </nav>
      <h1>Gắn bộ tiêu chí: {u.name}</h1>
      <BindingForm {...props.form} />
    </Page>
  );
}
