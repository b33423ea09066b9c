// The checklist's indicator block is written as one string (issue 20: its JSX nodes were most of the checklist's
// rendering CPU). Oracle: the JSX component it replaced, kept here; the two render the same markup for indicators with
// and without targets, unverified sources, evidence notes, links (web and not), files, edit rights and autofocus.
import { describe, expect, it } from "vitest";
import { displayValue } from "../../src/web/checklist-view";
import { webHref } from "../../src/domain/text";
import { msg } from "../../src/messages";
import { formatDate } from "../../src/domain/format";
import { FileList } from "../../templates/components/evidence-files";
import { IndicatorBlock, MetBadges, levelName, sourcesId, targetText, unverifiedSources, type IndicatorView, type TargetView } from "../../templates/components/checklist-indicator";

function OldIndicatorBlock(props: { communeCode: string; ind: IndicatorView; canEdit: boolean; autofocus?: boolean }) {
  const i = props.ind;
  const base = `/communes/${props.communeCode}/indicators/${i.id}`;
  const unverified = unverifiedSources(i.targets);
  return (
    <li id={`ind-${i.id}`} class="indicator">
      <p class="ind-head">
        <b class="code">{i.code}</b> {i.name}
        {i.evidenceRequired ? <span class="badge warn">cần minh chứng</span> : null}
      </p>
      <p>
        Chỉ tiêu đích: {i.targets.length === 0 ? <span class="muted">không áp dụng</span> : null}
        {i.targets.map((t, n) => (
          <>
            {n ? "; " : null}
            <span class="target">
              {levelName(t.level)}: {targetText(t)}
            </span>
          </>
        ))}
        {unverified.length ? (
          <>
            {" "}
            <button class="unverified" popovertarget={sourcesId(unverified)}>
              {msg.unverified}
            </button>
          </>
        ) : null}
      </p>
      <p>
        Hiện tại: <b class="value">{displayValue(i.kind, i.value, i.unit)}</b> <MetBadges met={i.met} />
      </p>
      <p>
        Minh chứng: {i.evidenceNote ? <span>{i.evidenceNote}</span> : null}
        {webHref(i.evidenceLink) ? (
          <a href={webHref(i.evidenceLink)!} rel="noopener noreferrer nofollow" target="_blank">
            Mở minh chứng
          </a>
        ) : i.evidenceLink ? (
          <span>{i.evidenceLink}</span>
        ) : null}
        {!i.evidenceNote && !i.evidenceLink && !i.files?.length ? <span class="muted">chưa có</span> : null}
      </p>
      {i.files?.length ? <FileList listId={`files-indicator-${i.id}`} files={i.files} /> : null}
      <p class="ind-actions">
        {props.canEdit ? (
          <a class="button" href={`${base}/edit`} hx-get={`${base}/edit`} autofocus={props.autofocus}>
            Sửa chỉ tiêu {i.code}
          </a>
        ) : null}
        <a href={`${base}/history`}>Lịch sử chỉ tiêu {i.code}</a>
        {i.updatedAt ? <small class="muted">{`${i.updatedByName ? "Cập nhật" : "Khởi tạo"} ${formatDate(i.updatedAt)}`}</small> : null}
      </p>
    </li>
  );
}


const target = (over: Partial<TargetView>): TargetView => ({ level: "ntm", comparator: "gte", value: 70, unit: null, kind: "percent", verified: true, source: "", ...over });
const base: IndicatorView = {
  id: 7, code: "2.1", name: "Tỷ lệ <đường> & \"ngõ\" 'xóm'", kind: "percent", unit: null, choices: null, evidenceRequired: false, guidance: null,
  targets: [], value: null, evidenceNote: null, evidenceLink: null, updatedAt: null, updatedByName: null, version: 1, met: {},
};
const cases: [IndicatorView, boolean, boolean | undefined][] = [
  [base, false, undefined],
  [{ ...base, evidenceRequired: true, targets: [target({}), target({ level: "nc", value: 90, verified: false, source: "QĐ <318> & 211" })], value: "70.5", met: { ntm: true, nc: false } }, true, undefined],
  [{ ...base, kind: "boolean", targets: [target({ kind: "boolean", value: true, comparator: "eq" })], value: "true", evidenceNote: "Biên bản <số 3>", evidenceLink: "https://example.vn/a?b=1&c=\"2\"", updatedAt: "2026-03-04T05:06:07.000Z", updatedByName: "Cán bộ" }, true, true],
  [{ ...base, evidenceLink: "javascript:alert(1)", updatedAt: "2026-03-04T05:06:07.000Z", updatedByName: null }, true, false],
  [{ ...base, kind: "choice", targets: [target({ kind: "choice", value: ["A", "B"], comparator: "in", verified: false, source: "" }), target({ level: "kieu_mau", kind: "choice", value: "x", comparator: "eq" })], value: "A", files: [
    { id: 1, name: "ảnh <1>.jpg", type: "image/jpeg", size: 2048, hasThumb: true, takenAt: "2026-01-02T03:04:05.000Z", isPublic: false },
    { id: 2, name: "biên bản.pdf", type: "application/pdf", size: 5_000_000, hasThumb: false, takenAt: null, isPublic: true },
  ] }, false, undefined],
];

describe("IndicatorBlock", () => {
  it("renders what the JSX component rendered", () => {
    for (const [ind, canEdit, autofocus] of cases) {
      expect(String(<IndicatorBlock communeCode="28879" ind={ind} canEdit={canEdit} autofocus={autofocus} />)).toBe(String(<OldIndicatorBlock communeCode="28879" ind={ind} canEdit={canEdit} autofocus={autofocus} />));
    }
  });
});
