// The admin's merge of duplicate sponsors (issue 14), on the page of the sponsor that is kept.
import { Csrf } from "./form";

export type MergeCandidate = { id: number; version: number; name: string; phone: string | null; pledges: number };

export function SponsorMergeForm(props: { id: number; version: number; csrfToken: string; candidates: MergeCandidate[]; error?: string }) {
  const action = `/sponsors/${props.id}/merge`;
  return (
    <form method="post" action={action} class="card stack" id="sponsor-merge" novalidate>
      <h2>Gộp nhà tài trợ trùng</h2>
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.error ? (
        <div class="alert error" role="alert">
          {props.error}
        </div>
      ) : null}
      {props.candidates.length === 0 ? (
        <p class="muted">Không thấy nhà tài trợ nào cùng tên hoặc cùng số điện thoại trong tỉnh.</p>
      ) : (
        <>
          <p>Các cam kết của nhà tài trợ được chọn chuyển sang nhà tài trợ này (phiếu thu giữ nguyên số); nhà tài trợ được chọn bị xóa.</p>
          <fieldset>
            <legend>Nhà tài trợ trùng</legend>
            {props.candidates.map((c) => (
              <label class="check">
                <input type="radio" name="from" value={`${c.id}.${c.version}`} required /> {c.name} (mã {c.id}
                {c.phone ? `, ĐT ${c.phone}` : ""}, {c.pledges} cam kết)
              </label>
            ))}
          </fieldset>
          <p>
            <button type="submit">Gộp vào nhà tài trợ này</button>
          </p>
        </>
      )}
    </form>
  );
}
