// The 2025 merger for the coordination office and leaders: succession rows to complete by hand, and the carried-over
// ("thừa nhận") level of each merged commune.
import { Page, type LayoutUser } from "../layouts/page";
import { formatDate } from "../../src/domain/format";
import { levelName } from "../components/recognition-common";

export type PartialView = { code: string; name: string; sourceText: string; predecessors: string[]; error?: string };

export function SuccessionPage(props: { user: LayoutUser; csrfToken: string; provinceName: string; items: PartialView[] }) {
  return (
    <Page title="Bổ sung bảng kế thừa" user={props.user} csrfToken={props.csrfToken}>
      <h1>Bảng kế thừa chờ bổ sung — {props.provinceName}</h1>
      <p>
        Các dòng “partial”: một số tên trong văn bản sắp xếp không khớp đúng một xã cũ (thường là “một phần” của xã, phường). Đọc văn bản
        gốc, nhập mã GSO các xã cũ còn thiếu (mã hiệu lực ngày 30/06/2025), rồi xác nhận.
      </p>
      {props.items.length === 0 ? <p class="muted">Không còn dòng nào chờ bổ sung.</p> : null}
      {props.items.map((it) => (
        <section aria-labelledby={`p-${it.code}`} class="card" id={`partial-${it.code}`}>
          <h2 id={`p-${it.code}`}>{it.name} <span class="code">({it.code})</span></h2>
          <p>Văn bản: “{it.sourceText}”</p>
          <p>Đã khớp: {it.predecessors.length ? it.predecessors.join(", ") : "chưa có xã nào"}</p>
          <form method="post" action={`/merger/succession/${it.code}`}>
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <label for={`codes-${it.code}`}>Mã các xã cũ còn thiếu (cách nhau bởi dấu phẩy; để trống nếu đã đủ)</label>
            <input id={`codes-${it.code}`} name="codes" maxlength={200} aria-invalid={it.error ? "true" : undefined} aria-describedby={it.error ? `err-${it.code}` : undefined} />
            {it.error ? <p class="error" id={`err-${it.code}`} role="alert">{it.error}</p> : null}
            <button type="submit">Xác nhận đã đủ</button>
          </form>
        </section>
      ))}
    </Page>
  );
}

export type CarryView = {
  code: string;
  name: string;
  predecessors: { code: string; name: string; validTo: string | null; level: string | null; decisionNumber: string | null; decisionDate: string | null }[];
  proposed: string | null;
  needsDecision: boolean;
  proposedAt: string | null;
  proposedLevel: string | null;
  decided: { level: string | null; decisionNumber: string | null; decisionDate: string | null; signer: string | null } | null;
};

export function CarryPage(props: {
  user: LayoutUser;
  csrfToken: string;
  provinceName: string;
  rule: { id: string; label: string; source: string; verified: boolean };
  rules: readonly { id: string; label: string }[];
  items: CarryView[];
  canPropose: boolean;
  canDecide: boolean;
  error?: { code: string; message: string };
  pager: { single: boolean; page: number; hasNext: boolean };
  flash?: string;
}) {
  const toDecide = props.items.filter((i) => i.needsDecision);
  const nothing = props.items.length - toDecide.length;
  const pager = (
    <nav class="pager" aria-label="Trang danh sách">
      {props.pager.single ? <a href="/merger/carry-over">Toàn bộ danh sách</a> : null}
      {!props.pager.single && props.pager.page > 1 ? <a href={`/merger/carry-over?trang=${props.pager.page - 1}`}>← Trang trước</a> : null}
      {!props.pager.single ? <span> Trang {props.pager.page} </span> : null}
      {props.pager.hasNext ? <a href={`/merger/carry-over?trang=${props.pager.page + 1}`}>Trang sau →</a> : null}
    </nav>
  );
  return (
    <Page title="Thừa nhận mức đạt chuẩn sau sắp xếp" user={props.user} csrfToken={props.csrfToken}>
      <h1>Thừa nhận mức đạt chuẩn của xã sau sắp xếp — {props.provinceName}</h1>
      <p>
        Quy tắc đề xuất của tỉnh: <strong>{props.rule.label}</strong>{" "}
        {props.rule.verified ? null : <span class="badge warn">chưa kiểm chứng</span>} · Nguồn: {props.rule.source || <em>chưa có văn bản</em>}. Không tìm
        thấy quy định chung của Trung ương; mức đề xuất chỉ để tham khảo, lãnh đạo quyết định.
      </p>
      {props.canPropose ? (
        <details>
          <summary>Đổi quy tắc đề xuất của tỉnh</summary>
          <form method="post" action="/merger/carry-over/rule">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <fieldset>
              <legend>Quy tắc</legend>
              {props.rules.map((r) => (
                <label>
                  <input type="radio" name="rule" value={r.id} checked={r.id === props.rule.id} /> {r.label}
                </label>
              ))}
            </fieldset>
            <label for="rule-source">Văn bản làm căn cứ (để trống nếu chưa có; quy tắc vẫn là “chưa kiểm chứng”)</label>
            <input id="rule-source" name="source" maxlength={300} value={props.rule.source} />
            {props.error?.code === "rule" ? <p class="error" role="alert">{props.error.message}</p> : null}
            <button type="submit">Lưu quy tắc</button>
          </form>
        </details>
      ) : null}
      {props.flash ? (
        <p class="notice" role="status">
          {props.flash}
        </p>
      ) : null}
      {pager}
      <p class="muted">{props.pager.single ? "" : "Trên trang này, "}{nothing} xã có các xã cũ đều chưa được công nhận: không có gì để quyết định.</p>
      {toDecide.map((it) => (
        <section aria-labelledby={`c-${it.code}`} class="card" id={`carry-${it.code}`}>
          <h2 id={`c-${it.code}`}>
            <a href={`/units/${it.code}`}>{it.name}</a> <span class="code">({it.code})</span>
          </h2>
          <table>
            <caption>Các xã cũ và mức đã được công nhận (2021–2025)</caption>
            <thead>
              <tr><th scope="col">Xã cũ</th><th scope="col">Mức</th><th scope="col">Quyết định</th></tr>
            </thead>
            <tbody>
              {it.predecessors.map((p) => (
                <tr>
                  <td><a href={`/communes/${p.code}/checklist${p.validTo ? `?on=${p.validTo}` : ""}`}>{p.name}</a></td>
                  <td>{p.level ? levelName(p.level) : "Chưa được công nhận"}</td>
                  <td>{p.decisionNumber ? `Số ${p.decisionNumber} ngày ${formatDate(p.decisionDate)}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Mức đề xuất theo quy tắc: <strong>{it.proposed ? levelName(it.proposed) : "không thừa nhận mức nào"}</strong></p>
          {props.error?.code === it.code ? <p class="error" role="alert">{props.error.message}</p> : null}
          {it.decided ? (
            <p class="notice">
              Đã quyết định: <strong>{it.decided.level ? levelName(it.decided.level) : "không thừa nhận"}</strong> — Số {it.decided.decisionNumber} ngày{" "}
              {formatDate(it.decided.decisionDate)}, {it.decided.signer}.
            </p>
          ) : it.proposedAt ? (
            <>
              <p>Văn phòng điều phối đã đề xuất ngày {formatDate(it.proposedAt)}: {it.proposedLevel ? levelName(it.proposedLevel) : "không thừa nhận"}.</p>
              {props.canDecide ? <DecideForm csrfToken={props.csrfToken} item={it} /> : <p class="muted">Chờ lãnh đạo tỉnh quyết định.</p>}
            </>
          ) : props.canPropose ? (
            <form method="post" action={`/merger/carry-over/${it.code}/propose`}>
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <button type="submit" class="primary">Đề xuất mức thừa nhận</button>
            </form>
          ) : (
            <p class="muted">Chờ văn phòng điều phối đề xuất.</p>
          )}
        </section>
      ))}
      {pager}
    </Page>
  );
}

function DecideForm(props: { csrfToken: string; item: CarryView }) {
  const levels = [...new Set(props.item.predecessors.map((p) => p.level).filter((l): l is string => l !== null))];
  const id = (f: string) => `${f}-${props.item.code}`;
  return (
    <form method="post" action={`/merger/carry-over/${props.item.code}/decide`}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <label for={id("level")}>Mức thừa nhận</label>
      <select id={id("level")} name="level">
        {levels.map((l) => (
          <option value={l} selected={l === props.item.proposedLevel}>{levelName(l)}</option>
        ))}
        <option value="" selected={props.item.proposedLevel === null}>Không thừa nhận</option>
      </select>
      <label for={id("number")}>Số quyết định</label>
      <input id={id("number")} name="decisionNumber" required maxlength={60} />
      <label for={id("date")}>Ngày quyết định (dd/mm/yyyy)</label>
      <input id={id("date")} name="decisionDate" required maxlength={10} placeholder="dd/mm/yyyy" />
      <label for={id("signer")}>Người ký</label>
      <input id={id("signer")} name="signer" required maxlength={120} />
      <button type="submit" class="primary">Quyết định</button>
    </form>
  );
}

/** On a new commune's page: the level carried across the merger, once decided. */
export function CarriedNotice(props: { level: string | null; decisionNumber: string | null; decisionDate: string | null; signer: string | null }) {
  return (
    <p class="notice" id="carried-level">
      Thừa nhận sau sắp xếp: <strong>{props.level ? levelName(props.level) : "không thừa nhận mức nào"}</strong> — Quyết định số {props.decisionNumber} ngày{" "}
      {formatDate(props.decisionDate)} ({props.signer}). Tính là đã đạt chuẩn đầu giai đoạn 2026–2030.
    </p>
  );
}
