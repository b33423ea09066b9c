import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormKey } from "../components/form";
import { Breadcrumbs, type Crumb } from "./unit";
import { levelName } from "../components/recognition-common";
import { formatDate, formatDateTime } from "../../src/domain/format";
import { formatShare } from "../../src/domain/evaluation";
import { CHAIN_LABELS, CHAINS, STATE_LABELS, type Chain, type DossierState } from "../../src/domain/recognition";

export type DossierRow = { id: number; level: string; year: number; status: DossierState; submittedAt: string | null; decisionNumber: string | null; decisionDate: string | null; communeName: string; communeCode: string; mine?: boolean };

function DossierTable(props: { rows: DossierRow[]; caption: string; showCommune?: boolean; id?: string }) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.showCommune ? <th scope="col">Xã</th> : null}
            <th scope="col">Mức đề nghị</th>
            <th scope="col">Năm</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Ngày nộp</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {props.showCommune ? (
                <td>
                  <a href={`/dossiers/${r.id}`}>{r.communeName}</a>
                </td>
              ) : null}
              <td>{props.showCommune ? levelName(r.level) : <a href={`/dossiers/${r.id}`}>{levelName(r.level)}</a>}</td>
              <td>{r.year}</td>
              <td>
                {STATE_LABELS[r.status]}
                {r.decisionNumber && (r.status === "recognised" || r.status === "revoked") ? <small class="muted"> · QĐ {r.decisionNumber}</small> : null}
              </td>
              <td>{formatDate(r.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type RegisterState = { level: string; year: string };

export function CommuneDossiersPage(props: {
  user: LayoutUser;
  csrfToken: string;
  chain: Crumb[];
  communeName: string;
  communeCode: string;
  rows: DossierRow[];
  canPrepare: boolean;
  levels: { code: string; name: string }[];
  form: RegisterState;
  errors: Record<string, string | undefined>;
  existingId?: number;
  processChain: Chain;
}) {
  const e = props.errors;
  return (
    <Page title={`Hồ sơ công nhận · ${props.communeName}`} user={props.user} csrfToken={props.csrfToken}>
      <Breadcrumbs chain={props.chain} current="Hồ sơ công nhận" />
      <h1>Hồ sơ đề nghị công nhận: {props.communeName}</h1>
      {props.rows.length ? <DossierTable rows={props.rows} caption={`${props.rows.length} hồ sơ`} id="dossiers" /> : <p>Xã chưa có hồ sơ đề nghị công nhận nào.</p>}
      {props.canPrepare ? (
        <form method="post" action={`/communes/${props.communeCode}/dossiers`} class="card stack" novalidate id="register">
          <Csrf token={props.csrfToken} />
          <FormKey />
          <h2>Đăng ký xét công nhận</h2>
          <p class="muted">Quy trình của tỉnh: {CHAIN_LABELS[props.processChain]}.</p>
          {e.form ? (
            <div class="alert error" role="alert">
              {e.form} {props.existingId ? <a href={`/dossiers/${props.existingId}`}>Mở hồ sơ đó</a> : null}
            </div>
          ) : null}
          <div class={e.level ? "field invalid" : "field"}>
            <label for="f-level">Mức đề nghị công nhận</label>
            <select id="f-level" name="level" aria-describedby={e.level ? "f-level-error" : undefined}>
              <option value="">— Chọn mức —</option>
              {props.levels.map((l) => (
                <option value={l.code} selected={props.form.level === l.code}>
                  {l.name}
                </option>
              ))}
            </select>
            {e.level ? <p class="error-text" id="f-level-error">{e.level}</p> : null}
          </div>
          <div class={e.year ? "field invalid" : "field"}>
            <label for="f-year">Năm xét</label>
            <input id="f-year" name="year" type="text" inputmode="numeric" value={props.form.year} maxlength={4} aria-describedby={e.year ? "f-year-error" : undefined} />
            {e.year ? <p class="error-text" id="f-year-error">{e.year}</p> : null}
          </div>
          <p>
            <button type="submit" class="primary">
              Lập hồ sơ
            </button>
          </p>
        </form>
      ) : null}
      <p class="links">
        <a href={`/communes/${props.communeCode}/checklist`}>Bộ tiêu chí của xã</a> · <a href="/public/recognitions">Danh sách xã đã được công nhận</a>
      </p>
    </Page>
  );
}

export function RecognitionInboxPage(props: {
  user: LayoutUser;
  csrfToken: string;
  areaName: string;
  mine: DossierRow[];
  others: DossierRow[];
  canReview: boolean;
  chainSetting: { chain: Chain; configured: boolean; version: number; provinceCode: string; canEdit: boolean; error?: string; message?: string } | null;
  revocationSetting?: { rule: "qd18_2022" | null; source: string | null; canEdit: boolean; error?: string } | null;
}) {
  const cs = props.chainSetting;
  const rs = props.revocationSetting ?? null;
  return (
    <Page title="Hồ sơ xét công nhận" user={props.user} csrfToken={props.csrfToken}>
      <h1>Hồ sơ xét công nhận: {props.areaName}</h1>
      <ul class="actions">
        {props.canReview ? (
          <li>
            <a class="button" href="/recognitions/review">
              Rà soát hằng năm (xét thu hồi)
            </a>
          </li>
        ) : null}
        <li>
          <a class="button" href="/public/recognitions">
            Danh sách công khai
          </a>
        </li>
      </ul>
      {props.mine.length ? <DossierTable rows={props.mine} caption={`Cần bạn xử lý (${props.mine.length})`} showCommune id="mine" /> : <p id="mine">Không có hồ sơ nào chờ bạn xử lý.</p>}
      {props.others.length ? <DossierTable rows={props.others} caption={`Hồ sơ khác đang trong quy trình (${props.others.length})`} showCommune id="others" /> : null}
      {cs ? (
        <section class="card" id="chain-setting">
          <h2>Quy trình xét công nhận của tỉnh</h2>
          <p>
            Hiện tại: <strong>{CHAIN_LABELS[cs.chain]}</strong>
            {cs.configured ? "" : " (mặc định theo mô hình chính quyền của tỉnh)"}.
          </p>
          {cs.message ? <p class="alert info" role="status">{cs.message}</p> : null}
          {cs.error ? <p class="alert error" role="alert">{cs.error}</p> : null}
          {cs.canEdit ? (
            <form method="post" action="/recognitions/chain" class="stack">
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="version" value={String(cs.version)} />
              <fieldset>
                <legend>Chọn quy trình (áp dụng cho hồ sơ lập sau khi đổi)</legend>
                {CHAINS.map((c) => (
                  <label class="rec-radio">
                    <input type="radio" name="chain" value={c} checked={cs.chain === c} /> {CHAIN_LABELS[c]}
                  </label>
                ))}
              </fieldset>
              <p>
                <button type="submit">Lưu quy trình</button>
              </p>
            </form>
          ) : null}
        </section>
      ) : null}
      {rs ? (
        <section class="card" id="revocation-rule">
          <h2>Quy tắc thu hồi cho công nhận giai đoạn 2026–2030</h2>
          <p>
            Quyết định 18/2022/QĐ-TTg chỉ áp dụng cho công nhận giai đoạn 2021–2025; chưa tìm thấy văn bản trung ương cho giai đoạn 2026–2030. Hiện tại:{" "}
            <strong>{rs.rule === "qd18_2022" ? "tỉnh áp dụng ngưỡng của 18/2022/QĐ-TTg" : "chưa có quy tắc"}</strong>
            {rs.rule === "qd18_2022" ? rs.source ? ` (theo ${rs.source})` : null : null}{" "}
            {rs.rule === "qd18_2022" && rs.source ? null : <span class="badge warn">chưa xác minh</span>}
          </p>
          {rs.error ? <p class="alert error" role="alert">{rs.error}</p> : null}
          {rs.canEdit ? (
            <form method="post" action="/recognitions/revocation-rule" class="stack">
              <Csrf token={props.csrfToken} />
              <fieldset>
                <legend>Quy tắc rà soát hằng năm cho xã được công nhận theo bộ tiêu chí 2026–2030</legend>
                <label class="rec-radio">
                  <input type="radio" name="rule" value="none" checked={rs.rule === null} /> Chưa có quy tắc (rà soát chỉ liệt kê, không đề xuất thu hồi)
                </label>
                <label class="rec-radio">
                  <input type="radio" name="rule" value="qd18_2022" checked={rs.rule === "qd18_2022"} /> Áp dụng ngưỡng của 18/2022/QĐ-TTg (tỉnh quyết định)
                </label>
              </fieldset>
              <label for="revocation-source">Văn bản làm căn cứ (số, ngày; để trống nếu chưa có)</label>
              <input id="revocation-source" name="source" maxlength={300} value={rs.source ?? ""} />
              <p>
                <button type="submit">Lưu quy tắc</button>
              </p>
            </form>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

export type ReviewRow = {
  dossierId: number;
  communeName: string;
  level: string;
  year: number;
  decisionNumber: string | null;
  decisionDate: string | null;
  failed: number;
  total: number;
  reason: string;
  failing: { number: number; name: string; key: boolean }[];
  cls: "revoke" | "watch" | "ok" | "no_rule";
};

export function ReviewPage(props: { user: LayoutUser; csrfToken: string; provinceName: string; rows: ReviewRow[]; asOf: string }) {
  const revoke = props.rows.filter((r) => r.cls === "revoke");
  const watch = props.rows.filter((r) => r.cls === "watch");
  const ok = props.rows.filter((r) => r.cls === "ok");
  const noRule = props.rows.filter((r) => r.cls === "no_rule");
  // Cards rather than a table: four wide columns do not fit a 360 px phone.
  const list = (rows: ReviewRow[], caption: string, id: string) => (
    <section id={id} aria-label={caption}>
      <h2>{caption}</h2>
      {rows.map((r) => (
        <article class={`card rec-review ${r.cls}`}>
          <h3>
            <a href={`/dossiers/${r.dossierId}`}>{r.communeName}</a> · {levelName(r.level)} ({r.year})
          </h3>
          <p class="muted">
            Quyết định số {r.decisionNumber ?? "—"} ngày {formatDate(r.decisionDate)}
          </p>
          <p>
            <strong>
              {r.failed}/{r.total} tiêu chí không đạt ({formatShare(r.failed, r.total)})
            </strong>
          </p>
          <ul class="rec-failing">
            {r.failing.map((f) => (
              <li>
                {f.number}. {f.name}
                {f.key ? (
                  <>
                    {" "}
                    <span class="badge bad">tiêu chí trọng yếu</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <p>{r.reason}</p>
        </article>
      ))}
    </section>
  );
  return (
    <Page title="Rà soát hằng năm xã đã công nhận" user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href="/recognitions">← Hồ sơ xét công nhận</a>
      </p>
      <h1>Rà soát hằng năm: {props.provinceName}</h1>
      <p>
        {props.rows.length} quyết định công nhận còn hiệu lực, theo số liệu bộ tiêu chí hiện tại (ngày {formatDateTime(props.asOf)}). Công nhận theo bộ tiêu chí giai đoạn 2021–2025: áp dụng quy định thu hồi của Quyết định 18/2022/QĐ-TTg — thu hồi khi từ 50% số tiêu chí trở lên không đạt, hoặc từ 30% đến dưới 50% không đạt
        mà trong đó có tiêu chí thu nhập, môi trường và an toàn thực phẩm, chất lượng môi trường sống, quốc phòng và an ninh. Xã kiểu mẫu được rà soát theo các tiêu chí nâng cao cùng điều kiện kiểu mẫu. Công nhận theo bộ tiêu chí giai đoạn 2026–2030: theo quy tắc của tỉnh (chưa có văn bản trung ương được xác minh).
      </p>
      <p class="rec-review-counts">
        <span class="badge bad">Thuộc diện thu hồi: {revoke.length}</span> <span class="badge warn">Cần theo dõi: {watch.length}</span> <span class="badge good">Giữ vững: {ok.length}</span>
        {noRule.length ? (
          <>
            {" "}
            <span class="badge">Chưa có quy tắc thu hồi đã xác minh: {noRule.length}</span>
          </>
        ) : null}
      </p>
      {revoke.length ? list(revoke, `Thuộc diện thu hồi (${revoke.length})`, "at-risk") : <p id="at-risk">Không có xã nào thuộc diện thu hồi.</p>}
      {watch.length ? list(watch, `Có tiêu chí không đạt, chưa đến mức thu hồi (${watch.length})`, "watch") : null}
      {noRule.length ? list(noRule, `Chưa có quy tắc thu hồi đã xác minh (${noRule.length})`, "no-rule") : null}
    </Page>
  );
}

export type PublicRow = {
  level: string;
  year: number;
  status: DossierState;
  decisionNumber: string | null;
  decisionDate: string | null;
  decisionSigner: string | null;
  revocationNumber: string | null;
  revocationDate: string | null;
  communeName: string;
  districtName: string | null;
  provinceName: string;
};

/** A level carried across the 2025 merger ("thừa nhận"), decided by the province's leader. */
export type CarriedRow = { communeCode: string; communeName: string; provinceName: string; level: string; decisionNumber: string | null; decisionDate: string | null; decisionSigner: string | null };

export function PublicRecognitionsPage(props: { user: LayoutUser; csrfToken: string; provinces: { code: string; name: string }[]; province: string; rows: PublicRow[]; carried?: CarriedRow[] }) {
  const recognised = props.rows.filter((r) => r.status === "recognised");
  const revoked = props.rows.filter((r) => r.status === "revoked");
  const showProvince = !props.province && props.provinces.length > 1;
  const table = (rows: PublicRow[], caption: string, id: string, withRevocation: boolean) => (
    <div class="table-wrap">
      <table id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Xã</th>
            <th scope="col">Huyện</th>
            {showProvince ? <th scope="col">Tỉnh</th> : null}
            <th scope="col">Mức công nhận</th>
            <th scope="col">Quyết định</th>
            {withRevocation ? <th scope="col">Thu hồi</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.communeName}</td>
              <td>{r.districtName ?? "—"}</td>
              {showProvince ? <td>{r.provinceName}</td> : null}
              <td>
                {levelName(r.level)} ({r.year})
              </td>
              <td>
                Số <strong>{r.decisionNumber}</strong> ngày {formatDate(r.decisionDate)}
                {r.decisionSigner ? <small class="muted"> · {r.decisionSigner}</small> : null}
              </td>
              {withRevocation ? (
                <td>
                  Số {r.revocationNumber} ngày {formatDate(r.revocationDate)}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Page title="Xã được công nhận đạt chuẩn nông thôn mới" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Xã được công nhận đạt chuẩn nông thôn mới</h1>
      <p>Danh sách công khai các quyết định công nhận (và thu hồi) của Ủy ban nhân dân cấp tỉnh.</p>
      {props.provinces.length > 1 ? (
        <form method="get" action="/public/recognitions" class="search">
          <label for="f-province">Tỉnh</label>
          <select id="f-province" name="province">
            <option value="">Tất cả</option>
            {props.provinces.map((p) => (
              <option value={p.code} selected={p.code === props.province}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit">Xem</button>
        </form>
      ) : null}
      {recognised.length ? table(recognised, `${recognised.length} quyết định công nhận còn hiệu lực`, "recognised", false) : <p id="recognised">Chưa có quyết định công nhận nào.</p>}
      {revoked.length ? table(revoked, `${revoked.length} quyết định đã bị thu hồi`, "revoked", true) : null}
      {props.carried?.length ? (
        <div class="table-wrap">
          <table id="carried">
            <caption>{props.carried.length} xã hình thành sau sắp xếp năm 2025 được thừa nhận mức đạt chuẩn</caption>
            <thead>
              <tr><th scope="col">Xã</th>{showProvince ? <th scope="col">Tỉnh</th> : null}<th scope="col">Mức thừa nhận</th><th scope="col">Quyết định</th></tr>
            </thead>
            <tbody>
              {props.carried.map((r) => (
                <tr>
                  <td>{r.communeName}</td>
                  {showProvince ? <td>{r.provinceName}</td> : null}
                  <td>{levelName(r.level)}</td>
                  <td>
                    Số <strong>{r.decisionNumber}</strong> ngày {formatDate(r.decisionDate)}
                    {r.decisionSigner ? <small class="muted"> · {r.decisionSigner}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
