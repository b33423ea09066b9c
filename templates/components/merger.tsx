// The 2025 merger on a unit's pages: a closed unit names its successor(s); a new commune links to the communes it
// was formed from (their 2021–2025 checklists, read-only).
import { formatDate } from "../../src/domain/format";

/** `href` null: the viewer may not open it (shown as text). */
export type UnitLink = { code: string; name: string; href: string | null };

/** Shown on every page of a closed unit and on the home page of a user scoped to one. */
export function ClosedUnitNotice(props: { name: string; validTo: string; successors: UnitLink[]; own?: boolean }) {
  return (
    <div class="notice warning" role="note" id="closed-unit-notice">
      <p>
        <strong>{props.name}</strong> đã kết thúc hoạt động từ ngày {formatDate(props.validTo)} (sắp xếp đơn vị hành chính 2025). Dữ liệu
        dưới đây là lưu trữ giai đoạn trước, chỉ xem, không sửa được.
      </p>
      {props.successors.length ? (
        <p>
          Đơn vị kế thừa:{" "}
          {props.successors.map((s, i) => (
            <>
              {i > 0 ? ", " : ""}
              {s.href ? <a href={s.href}>{s.name}</a> : s.name} (mã {s.code})
            </>
          ))}
          .
        </p>
      ) : (
        <p>Chưa xác định được đơn vị kế thừa (bảng kế thừa chưa có dòng cho đơn vị này).</p>
      )}
      {props.own ? <p>Tài khoản của bạn vẫn gắn với đơn vị cũ: đề nghị quản trị viên chuyển tài khoản sang đơn vị kế thừa.</p> : null}
    </div>
  );
}

export type PredecessorItem = { code: string; name: string; validTo: string | null; recognised: string | null; decision: string | null; partial: boolean };

/** On a new commune: the communes it was formed from, with one link each to their 2021–2025 archive. */
export function PredecessorList(props: { items: PredecessorItem[]; sourceText: string | null; pending: boolean }) {
  if (props.items.length === 0) return <></>;
  const on = (p: PredecessorItem) => (p.validTo ? `?on=${p.validTo}` : "");
  return (
    <section aria-labelledby="predecessors-h" id="predecessors">
      <h2 id="predecessors-h">Hình thành từ các xã (trước 01/07/2025)</h2>
      {props.pending ? <p class="notice warning">Danh sách chưa đầy đủ: quản trị viên cần bổ sung theo văn bản gốc.</p> : null}
      <div class="table-wrap">
        <table>
          <caption>Các xã cũ và lưu trữ 2021–2025</caption>
          <thead>
            <tr>
              <th scope="col">Xã cũ</th>
              <th scope="col">Mã</th>
              <th scope="col">Mức đã công nhận</th>
              <th scope="col">Lưu trữ 2021–2025</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((p) => (
              <tr>
                <td><a href={`/units/${p.code}${on(p)}`}>{p.name}</a></td>
                <td class="code">{p.code}</td>
                <td>{p.recognised ? `${p.recognised}${p.decision ? ` (${p.decision})` : ""}` : "Chưa được công nhận"}</td>
                <td>
                  <a href={`/communes/${p.code}/checklist${on(p)}`}>Bộ tiêu chí</a> · <a href={`/communes/${p.code}/dossiers${on(p)}`}>Hồ sơ công nhận</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.sourceText ? <p class="muted">Theo văn bản: “{props.sourceText}”</p> : null}
    </section>
  );
}
