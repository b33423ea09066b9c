import { formatNumber } from "../../src/domain/format";
// The dossier's frozen self-assessment snapshot and the diff against the previous submission.
import { displayValue } from "../../src/web/checklist-view";
import { formatDateTime } from "../../src/domain/format";
import type { IndicatorKind } from "../../src/domain/criteria-format";
import { levelName } from "./recognition-common";

export type SnapshotView = {
  /** Evidence files frozen at the submission and the ZIP of them. */
  evidence?: { files: number; zipUrl: string };
  at: string;
  levelReached: string | null;
  criteria: { number: number; name: string; met: boolean | null }[];
  indicators: { code: string; name: string; kind: IndicatorKind; unit: string | null; value: string | null; evidence: string | null; met: boolean | null }[];
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
};
export type DiffView = {
  previousAt: string;
  indicators: { code: string; name: string; kind: IndicatorKind; unit: string | null; before: string | null; after: string | null; evidenceBefore: string | null; evidenceAfter: string | null; valueChanged: boolean; evidenceChanged: boolean; returnedReason: string | null }[];
  fields: { label: string; before: string; after: string }[];
  unchangedReturned: { code: string; name: string; reason: string }[];
};

export function SnapshotSection(props: { snapshot: SnapshotView; level: string }) {
  const s = props.snapshot;
  const met = s.criteria.filter((c) => c.met === true).length;
  const applicable = s.criteria.filter((c) => c.met !== null).length;
  return (
    <section class="card" aria-labelledby="snapshot-title">
      <h2 id="snapshot-title">Kết quả tự đánh giá đã khóa</h2>
      {s.evidence ? (
        <p>
          Tệp minh chứng đã khóa khi nộp: <strong>{s.evidence.files}</strong>
          {s.evidence.files > 0 ? (
            <>
              {" · "}
              <a href={s.evidence.zipUrl} download hx-boost="false">
                Tải toàn bộ minh chứng
              </a>{" "}
              (tệp ZIP, xếp theo tiêu chí và chỉ tiêu)
            </>
          ) : null}
        </p>
      ) : null}
      <p>
        Khóa lúc <strong>{formatDateTime(s.at)}</strong> (khi nộp): <strong>{met}/{applicable}</strong> tiêu chí đạt mức {levelName(props.level)}; mức đạt khi nộp: {levelName(s.levelReached)}.
      </p>
      <p>
        Người dân hài lòng: <strong>{s.satisfactionPct === null ? "—" : `${formatNumber(s.satisfactionPct)}%`}</strong>
        {s.satisfactionEvidence ? ` (${s.satisfactionEvidence})` : ""} · Không nợ đọng XDCB: {s.noDebtConfirmed ? "đã xác nhận" : "chưa xác nhận"} · Không là điểm nóng an ninh, trật tự:{" "}
        {s.securityConfirmed ? "đã xác nhận" : "chưa xác nhận"}
      </p>
      <details>
        <summary>Biểu chi tiết theo tiêu chí ({s.criteria.length})</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tiêu chí</th>
                <th scope="col">Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr>
                  <td>
                    {c.number}. {c.name}
                  </td>
                  <td>{c.met === null ? <span class="muted">Không áp dụng</span> : c.met ? <span class="badge good">✓ Đạt</span> : <span class="badge bad">✗ Chưa đạt</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>Giá trị và minh chứng từng chỉ tiêu ({s.indicators.length})</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Giá trị</th>
                <th scope="col">Minh chứng</th>
              </tr>
            </thead>
            <tbody>
              {s.indicators.map((i) => (
                <tr>
                  <td>
                    <span class="code">{i.code}</span> {i.name}
                  </td>
                  <td>
                    {displayValue(i.kind, i.value, i.unit)} {i.met === null ? null : i.met ? <span class="badge good">✓</span> : <span class="badge bad">✗</span>}
                  </td>
                  <td>{i.evidence ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

export function DiffSection(props: { diff: DiffView }) {
  const d = props.diff;
  return (
    <section class="card rec-diff" id="diff" aria-labelledby="diff-title">
      <h2 id="diff-title">Thay đổi so với lần nộp trước ({formatDateTime(d.previousAt)})</h2>
      {d.indicators.length === 0 && d.fields.length === 0 ? <p>Không có thay đổi nào về giá trị, minh chứng hay thông tin hồ sơ.</p> : null}
      {d.indicators.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Lần trước</th>
                <th scope="col">Lần này</th>
                <th scope="col">Lý do trả lại</th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr class={i.returnedReason ? "returned" : undefined}>
                  <td>
                    <span class="code">{i.code}</span> {i.name}
                  </td>
                  <td>
                    <del>{displayValue(i.kind, i.before, i.unit)}</del>
                    {i.evidenceChanged ? (
                      <>
                        <br />
                        <small>Minh chứng: {i.evidenceBefore ?? "—"}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <ins>{displayValue(i.kind, i.after, i.unit)}</ins>
                    {i.evidenceChanged ? (
                      <>
                        <br />
                        <small>Minh chứng: {i.evidenceAfter ?? "—"}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{i.returnedReason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.fields.length ? (
        <ul>
          {d.fields.map((f) => (
            <li>
              {f.label}: <del>{f.before}</del> → <ins>{f.after}</ins>
            </li>
          ))}
        </ul>
      ) : null}
      {d.unchangedReturned.length ? (
        <div class="alert warn">
          <strong>Chỉ tiêu bị trả lại nhưng chưa thay đổi:</strong>
          <ul>
            {d.unchangedReturned.map((r) => (
              <li>
                {r.code} {r.name}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
