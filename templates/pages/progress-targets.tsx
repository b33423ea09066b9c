import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { formatDateTime } from "../../src/domain/format";
import type { TargetsHistoryRow } from "../../src/web/progress-view";

export type TargetsFormValues = { year: string; shareNtm: string; shareAdvanced: string; shareModel: string; minCriteria: string; version: string };

/** `hint2021`: the national 2021–2025 target (history since 2026); a 2026–2030 year has no national figure in the app. */
const FIELDS: { name: keyof TargetsFormValues; label: string; hint2021: string }[] = [
  { name: "shareNtm", label: "Tỷ lệ xã đạt chuẩn NTM trở lên (%)", hint2021: "Mục tiêu quốc gia giai đoạn 2021–2025: ≥ 80%." },
  { name: "shareAdvanced", label: "Tỷ lệ xã đạt NTM nâng cao trở lên (%)", hint2021: "Mục tiêu quốc gia giai đoạn 2021–2025: khoảng 40%." },
  { name: "shareModel", label: "Tỷ lệ xã đạt NTM kiểu mẫu (%)", hint2021: "Mục tiêu quốc gia giai đoạn 2021–2025: ≥ 10%." },
  { name: "minCriteria", label: "Không xã nào dưới (số tiêu chí)", hint2021: "Mục tiêu quốc gia giai đoạn 2021–2025: không xã dưới 15 tiêu chí." },
];
const HINT_2026 = "Giai đoạn 2026–2030: mục tiêu do tỉnh tự đặt; ứng dụng chưa có mục tiêu quốc gia đã xác minh cho giai đoạn này.";
/** The hint under a field for the year shown. */
const targetHint = (field: (typeof FIELDS)[number], year: number) => (year <= 2025 ? field.hint2021 : HINT_2026);

const describe = (v: unknown) => {
  if (!v || typeof v !== "object") return "—";
  const o = v as Record<string, number>;
  return `NTM ${o.shareNtm}% · nâng cao ${o.shareAdvanced}% · kiểu mẫu ${o.shareModel}% · tối thiểu ${o.minCriteria} tiêu chí`;
};

export function TargetsPage(props: {
  user: LayoutUser;
  csrfToken: string;
  unitCode: string;
  unitName: string;
  year: number;
  values: TargetsFormValues;
  errors: Record<string, string>;
  conflict: { shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number } | null;
  saved: boolean;
  history: TargetsHistoryRow[];
}) {
  const v = props.values;
  const action = `/progress/${props.unitCode}/targets`;
  return (
    <Page title={`Mục tiêu ${props.unitName} năm ${props.year}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/progress/${props.unitCode}?year=${props.year}`}>← Tiến độ {props.unitName}</a>
      </p>
      <h1>
        Mục tiêu năm {props.year}: {props.unitName}
      </h1>
      <form method="get" action={action} class="search no-print">
        <label for="year-pick">Chọn năm</label>
        <input id="year-pick" name="year" type="number" inputmode="numeric" min="2000" max="2100" value={String(props.year)} />
        <button type="submit">Xem</button>
      </form>
      {props.saved ? (
        <div class="alert info" role="status">
          Đã lưu mục tiêu năm {props.year}.
        </div>
      ) : null}
      {props.conflict ? (
        <div class="alert warn" role="alert">
          <strong>Đã có người lưu mục tiêu này trước bạn.</strong> Mục tiêu đang lưu: <strong>{describe(props.conflict)}</strong>. Giá trị bạn nhập vẫn được giữ bên dưới; bấm “Lưu mục tiêu” lần nữa nếu vẫn muốn thay.
        </div>
      ) : null}
      {Object.keys(props.errors).length ? (
        <div class="alert error" role="alert">
          Mục tiêu chưa được lưu: hãy sửa các ô có thông báo.
        </div>
      ) : null}
      <form method="post" action={action} class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={v.version} />
        <input type="hidden" name="year" value={v.year} />
        {props.errors.year ? <p class="error-text">{props.errors.year}</p> : null}
        {FIELDS.map((f) => {
          const error = props.errors[f.name];
          return (
            <div class={error ? "field invalid" : "field"}>
              <label for={`t-${f.name}`}>{f.label}</label>
              <input
                id={`t-${f.name}`}
                name={f.name}
                type="text"
                inputmode="numeric"
                value={v[f.name]}
                maxlength={3}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={`t-${f.name}-hint${error ? ` t-${f.name}-error` : ""}`}
              />
              <small id={`t-${f.name}-hint`}>{targetHint(f, props.year)}</small>
              {error ? (
                <p class="error-text" id={`t-${f.name}-error`}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu mục tiêu
          </button>
        </p>
      </form>
      <h2>Lịch sử thay đổi</h2>
      {props.history.length === 0 ? (
        <p class="muted">Chưa có thay đổi; đang dùng mục tiêu mặc định (80% / 40% / 10%, không xã dưới 15 tiêu chí).</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Mỗi lần lưu là một phiên bản</caption>
            <thead>
              <tr>
                <th scope="col">Thời gian</th>
                <th scope="col">Người sửa</th>
                <th scope="col">Trước</th>
                <th scope="col">Sau</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map((h) => (
                <tr>
                  <td>{formatDateTime(h.at)}</td>
                  <td>{h.actorName ?? ""}</td>
                  <td>{describe(h.before)}</td>
                  <td>{describe(h.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
