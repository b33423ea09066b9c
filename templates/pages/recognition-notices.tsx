// The block at the top of a commune's checklist: recognised level, returned dossiers with the indicators
// to fix, dossiers whose snapshot is frozen (since when, who can reopen), drafts.
import { levelName } from "../components/recognition-common";
import { formatDate, formatDateTime } from "../../src/domain/format";
import { ROLE_LABELS, STATE_LABELS, reopeners, type RecognitionNotices as Props } from "../../src/domain/recognition";

export function RecognitionNotices(props: Props & { canPrepare: boolean }) {
  const empty = !props.recognised && !props.returned.length && !props.frozen.length && !props.drafts.length;
  if (empty && !props.canPrepare) return null;
  return (
    <section id="recognition-notices" class="rec-notices" aria-label="Hồ sơ xét công nhận">
      {props.returned.map((r) => (
        <div class="alert error rec-returned" id={`returned-${r.dossierId}`}>
          <strong>
            Hồ sơ đề nghị công nhận {levelName(r.level)} năm {r.year} bị trả lại
          </strong>
          {r.at ? ` ngày ${formatDate(r.at)}` : ""}
          {r.byName ? ` (${r.byName})` : ""}.{r.note ? <> Lý do: {r.note}</> : null}
          {r.items.length ? (
            <ul>
              {r.items.map((i) => (
                <li>
                  <a href={`#ind-${i.indicatorId}`}>
                    <strong>{i.code}</strong> {i.name}
                  </a>
                  : {i.reason}
                </li>
              ))}
            </ul>
          ) : null}
          <a href={`/dossiers/${r.dossierId}`}>Mở hồ sơ để nộp lại</a>
        </div>
      ))}
      {props.frozen.map((f) => {
        const who = reopeners(f.status, f.chain).map((r) => ROLE_LABELS[r]);
        return (
          <div class="alert info rec-lock" id={`frozen-${f.dossierId}`}>
            🔒 <strong>
              Hồ sơ {levelName(f.level)} năm {f.year}: {STATE_LABELS[f.status]}.
            </strong>{" "}
            Số liệu trong hồ sơ đã được khóa từ {formatDateTime(f.since)}; các thay đổi ở bộ tiêu chí dưới đây không làm thay đổi hồ sơ đã nộp.{" "}
            {who.length ? `Người có thể mở lại hồ sơ: ${who.join("; ")}.` : "Hồ sơ đang chờ quyết định, không mở lại được."} <a href={`/dossiers/${f.dossierId}`}>Xem hồ sơ</a>
          </div>
        );
      })}
      {props.drafts.map((d) => (
        <p class="alert warn">
          Hồ sơ đề nghị công nhận {levelName(d.level)} năm {d.year} đang soạn. <a href={`/dossiers/${d.dossierId}`}>Tiếp tục hồ sơ</a>
        </p>
      ))}
      {props.recognised ? (
        <p class="rec-recognised" id="recognised-level">
          Xã đã được công nhận đạt chuẩn <strong>{levelName(props.recognised.level)}</strong>
          {props.recognised.decisionNumber ? ` (Quyết định số ${props.recognised.decisionNumber} ngày ${formatDate(props.recognised.decisionDate)})` : ""}.
        </p>
      ) : null}
      <p class="rec-links">
        <a href={`/communes/${props.communeCode}/dossiers`}>Hồ sơ xét công nhận của xã</a>
      </p>
    </section>
  );
}
