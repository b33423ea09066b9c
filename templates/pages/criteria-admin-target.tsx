// Admin page for editing one criteria target: the target form (also the htmx partial) and its page.
// Pure functions of their props.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";

export type TargetFormState = { value: string; values: string[]; source: string; verified: boolean; version: number };
export type TargetFormProps = {
  csrfToken: string;
  target: {
    id: number;
    setId: number;
    setCode: string;
    setName: string;
    criterion: string;
    indicatorCode: string;
    indicatorName: string;
    kindLabel: string;
    unit: string | null;
    control: "decimal" | "boolean" | "choice" | "choices";
    kind: string;
    comparatorSign: string;
    choices: string[];
    levelName: string;
    keyLabel: string;
    years: string;
    currentText: string;
  };
  state: TargetFormState;
  error?: { field: "value" | "source" | "form"; message: string };
  conflict?: { text: string; source: string; verified: boolean };
};

export function TargetForm(props: TargetFormProps) {
  const t = props.target;
  const s = props.state;
  const action = `/admin/criteria/targets/${t.id}`;
  const err = (f: string) => (props.error?.field === f ? props.error.message : undefined);
  const valueError = err("value");
  const sourceError = err("source");
  const described = (id: string, error?: string) => (error ? `${id}-error` : undefined);
  return (
    <section id="target-form" class="card">
      <form method="post" action={action} hx-post={action} hx-target="#target-form" hx-swap="outerHTML" class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(s.version)} />
        <p class="muted">
          Tiêu chí {t.criterion} · Chỉ tiêu <strong class="code">{t.indicatorCode}</strong> {t.indicatorName}
        </p>
        <p>
          Mức <strong>{t.levelName}</strong> · {t.keyLabel} · {t.years} · hiện tại: <strong>{t.currentText}</strong>
        </p>
        {props.conflict ? (
          <div class="alert warn" role="alert">
            <strong>Đã có người sửa chỉ tiêu đích này trước bạn.</strong> Hiện là <strong>{props.conflict.text}</strong>, nguồn “{props.conflict.source}”,{" "}
            {props.conflict.verified ? "đã xác minh" : "chưa xác minh"}. Nội dung bạn nhập vẫn được giữ bên dưới; bấm “Lưu” lần nữa nếu vẫn muốn thay.
          </div>
        ) : null}
        {err("form") ? (
          <div class="alert error" role="alert">
            {err("form")}
          </div>
        ) : null}
        {t.control === "choices" ? (
          <fieldset class={valueError ? "field invalid" : "field"} aria-describedby={described("f-value", valueError)}>
            <legend>Giá trị đích ({t.comparatorSign} một trong các lựa chọn)</legend>
            {t.choices.map((c, n) => (
              <div class="check">
                <input id={`f-values-${n}`} type="checkbox" name="values" value={c} checked={s.values.includes(c)} />
                <label for={`f-values-${n}`}>{c}</label>
              </div>
            ))}
            {valueError ? (
              <p class="error-text" id="f-value-error">
                {valueError}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <div class={valueError ? "field invalid" : "field"}>
            <label for="f-value">
              Giá trị đích ({t.kindLabel}
              {t.control === "decimal" ? `, ${t.comparatorSign}` : ""}
              {t.unit ? `, ${t.unit}` : t.kind === "percent" ? ", %" : ""})
            </label>
            {t.control === "decimal" ? (
              <input id="f-value" name="value" type="text" inputmode="decimal" value={s.value} maxlength={40} aria-invalid={valueError ? "true" : undefined} aria-describedby={`f-value-hint${valueError ? " f-value-error" : ""}`} />
            ) : (
              <select id="f-value" name="value" aria-invalid={valueError ? "true" : undefined} aria-describedby={described("f-value", valueError)}>
                {(t.control === "boolean"
                  ? [
                      { v: "true", label: t.kind === "document" ? "Có văn bản" : "Đạt" },
                      { v: "false", label: "Không yêu cầu" },
                    ]
                  : t.choices.map((c) => ({ v: c, label: c }))
                ).map((o) => (
                  <option value={o.v} selected={o.v === s.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
            {t.control === "decimal" ? <small id="f-value-hint">Số thập phân dùng dấu phẩy hoặc dấu chấm, ví dụ 80 hoặc 80,5.</small> : null}
            {valueError ? (
              <p class="error-text" id="f-value-error">
                {valueError}
              </p>
            ) : null}
          </div>
        )}
        <div class={sourceError ? "field invalid" : "field"}>
          <label for="f-source">Nguồn (văn bản, điều khoản, đường dẫn)</label>
          <textarea id="f-source" name="source" rows={3} maxlength={500} aria-invalid={sourceError ? "true" : undefined} aria-describedby={described("f-source", sourceError)}>
            {s.source}
          </textarea>
          {sourceError ? (
            <p class="error-text" id="f-source-error">
              {sourceError}
            </p>
          ) : null}
        </div>
        <div class="check">
          <input id="f-verified" name="verified" type="checkbox" value="1" checked={s.verified} />
          <label for="f-verified">Đã xác minh (đã đối chiếu với văn bản gốc)</label>
        </div>
        <p class="muted small">Khi giá trị đích thay đổi, các xã đang dùng chỉ tiêu đích này được tính lại ngay.</p>
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu
          </button>{" "}
          <a href={`/admin/criteria/${t.setId}#t-${t.id}`}>Hủy</a>
        </p>
      </form>
    </section>
  );
}

export function TargetEditPage(props: { user: LayoutUser; csrfToken: string; form: TargetFormProps }) {
  const t = props.form.target;
  return (
    <Page title={`Sửa chỉ tiêu đích ${t.indicatorCode}`} user={props.user} csrfToken={props.csrfToken}>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href="/admin/criteria">Bộ tiêu chí</a>
          </li>
          <li>
            <a href={`/admin/criteria/${t.setId}`}>{t.setCode}</a>
          </li>
          <li aria-current="page">Chỉ tiêu đích {t.indicatorCode}</li>
        </ol>
      </nav>
      <h1>Sửa chỉ tiêu đích {t.indicatorCode}</h1>
      <TargetForm {...props.form} />
    </Page>
  );
}
