// One indicator of a commune's checklist: its view and edit partials (the fragments htmx swaps), the
// criterion heading and met badges, and how values and targets read.
import { raw } from "hono/html";
import { escaped as esc } from "./markup";
import { webHref } from "../../src/domain/text";
import { Csrf } from "./form";
import { msg } from "../../src/messages";
import { COMPARATOR_SIGNS, type Comparator, type IndicatorKind } from "../../src/domain/criteria-format";
import { formatDate, formatDateTime, formatNumber } from "../../src/domain/format";
import { FileList, UploadForm, type FileView } from "./evidence-files";
import { levelName } from "../../src/web/progress-view";
import { displayValue } from "../../src/web/checklist-view";


export type TargetView = { level: string; comparator: Comparator; value: unknown; unit: string | null; kind: IndicatorKind; verified: boolean; source: string };

export type IndicatorView = {
  id: number;
  code: string;
  name: string;
  kind: IndicatorKind;
  unit: string | null;
  choices: string[] | null;
  evidenceRequired: boolean;
  guidance: string | null;
  targets: TargetView[];
  value: string | null;
  evidenceNote: string | null;
  evidenceLink: string | null;
  updatedAt: string | null;
  updatedByName: string | null;
  version: number;
  met: Partial<Record<string, boolean>>;
  /** Attached evidence files (issue 13), when loaded. */
  files?: FileView[];
};

/** `failing`: some indicator is not met at the next level (the page opens such criteria). */
export type CriterionView = { id: number; number: number; name: string; met: Partial<Record<string, boolean>>; failing?: boolean; indicators: IndicatorView[] };

export { levelName };

/** A target as the checklist writes it ("≥ 80 %", "Có văn bản"). */
export function targetText(t: TargetView): string {
  if (t.kind === "boolean") return t.value === true ? "Đạt" : "Không yêu cầu";
  if (t.kind === "document") return t.value === true ? "Có văn bản" : "Không yêu cầu";
  if (Array.isArray(t.value)) return `${COMPARATOR_SIGNS.in} {${t.value.join("; ")}}`;
  if (typeof t.value === "number") return `${COMPARATOR_SIGNS[t.comparator]} ${formatNumber(t.value)}${t.unit ? ` ${t.unit}` : t.kind === "percent" ? " %" : ""}`;
  return `${COMPARATOR_SIGNS[t.comparator]} ${String(t.value)}`;
}

export function MetBadges(props: { met: Partial<Record<string, boolean>> }) {
  const entries = Object.entries(props.met);
  if (entries.length === 0) return null;
  return (
    <span class="badges">
      {entries.map(([level, ok]) => (
        <b class={ok ? "ok" : "no"}>
          {ok ? "✓" : "✗"} {levelName(level)}
        </b>
      ))}
    </span>
  );
}

export function CriterionHeading(props: { criterion: Pick<CriterionView, "id" | "number" | "name" | "met">; oob?: boolean }) {
  const c = props.criterion;
  return (
    <h3 id={`crit-head-${c.id}`} hx-swap-oob={props.oob ? "true" : undefined}>
      {c.number}. {c.name} <MetBadges met={c.met} />
    </h3>
  );
}

/** The unverified targets of an indicator as (level, source) pairs: what its "chưa xác minh" mark discloses. */
export const unverifiedSources = (targets: TargetView[]) => targets.filter((t) => !t.verified).map((t) => ({ level: t.level, source: t.source }));

/**
 * The id of the one popover (in the page's legend) that shows these sources: a hash of their text, so the page
 * and a fragment htmx swaps in later name the same popover without sharing state.
 */
export function sourcesId(sources: { level: string; source: string }[]): string {
  // FNV-1a over the first UTF-16 unit of each code point (what `for (const ch of text) ch.charCodeAt(0)` hashed), by
  // index: the string iterator made a string per character (the checklist hashes long legal sources per indicator).
  const text = sources.map((s) => `${s.level}\u0000${s.source}`).join("\u0001");
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ unit, 16777619);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return `src-${(h >>> 0).toString(36)}`;
}

/** The legend's popover for one set of unverified sources (opened by the marks that name its id). */
export function SourcesPopover(props: { sources: { level: string; source: string }[] }) {
  const id = sourcesId(props.sources);
  return (
    <div id={id} popover="auto" class="sources" role="dialog" aria-labelledby={`${id}-h`}>
      <p id={`${id}-h`}>
        <strong>{msg.unverifiedTitle}.</strong> Nguồn đang dùng:
      </p>
      <ul>
        {props.sources.map((s) => (
          <li>
            {levelName(s.level)}: {s.source || "chưa có nguồn"}
          </li>
        ))}
      </ul>
      <button type="button" popovertarget={id} popovertargetaction="hide">
        Đóng
      </button>
    </div>
  );
}

/** MetBadges' markup as a string (for IndicatorBlock). */
function metBadgesHtml(met: Partial<Record<string, boolean>>): string {
  const entries = Object.entries(met);
  if (entries.length === 0) return "";
  return `<span class="badges">${entries.map(([level, ok]) => `<b class="${ok ? "ok" : "no"}">${ok ? "✓" : "✗"} ${esc(levelName(level))}</b>`).join("")}</span>`;
}

/**
 * One indicator as the checklist shows it (also the fragment an htmx save returns). Kept small (the page holds every
 * indicator): the list around it carries hx-target/hx-swap, the marks are explained once in the legend. Written as one string, the markup hono/jsx wrote for it (same attributes,
 * same escaping: hono's escapeToBuffer, tests compare whole pages): a checklist has dozens of indicators, and their
 * JSX nodes were the largest part of its rendering CPU (issue 20).
 */
export function IndicatorBlock(props: { communeCode: string; ind: IndicatorView; canEdit: boolean; autofocus?: boolean }) {
  const i = props.ind;
  const base = `/communes/${props.communeCode}/indicators/${i.id}`;
  const unverified = unverifiedSources(i.targets);
  const link = webHref(i.evidenceLink);
  let html = `<li id="ind-${i.id}" class="indicator"><p class="ind-head"><b class="code">${esc(i.code)}</b> ${esc(i.name)}`;
  if (i.evidenceRequired) html += '<span class="badge warn">cần minh chứng</span>';
  html += "</p><p>Chỉ tiêu đích: ";
  if (i.targets.length === 0) html += '<span class="muted">không áp dụng</span>';
  i.targets.forEach((t, n) => {
    html += `${n ? "; " : ""}<span class="target">${esc(levelName(t.level))}: ${esc(targetText(t))}</span>`;
  });
  if (unverified.length) html += ` <button class="unverified" popovertarget="${esc(sourcesId(unverified))}">${esc(msg.unverified)}</button>`;
  html += `</p><p>Hiện tại: <b class="value">${esc(displayValue(i.kind, i.value, i.unit))}</b> ${metBadgesHtml(i.met)}</p><p>Minh chứng: `;
  if (i.evidenceNote) html += `<span>${esc(i.evidenceNote)}</span>`;
  if (link) html += `<a href="${esc(link)}" rel="noopener noreferrer nofollow" target="_blank">Mở minh chứng</a>`;
  else if (i.evidenceLink) html += `<span>${esc(i.evidenceLink)}</span>`;
  if (!i.evidenceNote && !i.evidenceLink && !i.files?.length) html += '<span class="muted">chưa có</span>';
  html += "</p>";
  if (i.files?.length) html += String(<FileList listId={`files-indicator-${i.id}`} files={i.files} />);
  html += '<p class="ind-actions">';
  if (props.canEdit) html += `<a class="button" href="${esc(`${base}/edit`)}" hx-get="${esc(`${base}/edit`)}"${props.autofocus ? ' autofocus=""' : ""}>Sửa chỉ tiêu ${esc(i.code)}</a>`;
  html += `<a href="${esc(`${base}/history`)}">Lịch sử chỉ tiêu ${esc(i.code)}</a>`;
  if (i.updatedAt) html += `<small class="muted">${esc(`${i.updatedByName ? "Cập nhật" : "Khởi tạo"} ${formatDate(i.updatedAt)}`)}</small>`;
  return raw(`${html}</p></li>`);
}

export type FormState = { value: string; evidenceNote: string; evidenceLink: string; note: string; version: number };
export type Conflict = { value: string | null; updatedByName: string | null; updatedAt: string };

export function IndicatorForm(props: {
  communeCode: string;
  ind: IndicatorView;
  csrfToken: string;
  state: FormState;
  error?: { field: string; message: string };
  conflict?: Conflict;
  /** Evidence files (issue 13): the commune's id for the upload form. */
  upload?: { unitId: number };
}) {
  const i = props.ind;
  const action = `/communes/${props.communeCode}/indicators/${i.id}`;
  const s = props.state;
  const err = (field: string) => (props.error?.field === field ? props.error.message : undefined);
  const valueError = err("value");
  const evidenceError = err("evidence");
  return (
    <li id={`ind-${i.id}`} class="indicator editing">
      <form method="post" action={action} hx-post={action} hx-target={`#ind-${i.id}`} hx-swap="outerHTML" class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(s.version)} />
        <div class="ind-head">
          <strong class="code">{i.code}</strong> <span>{i.name}</span>
        </div>
        {props.conflict ? (
          <div class="alert warn" role="alert">
            <strong>Đã có người lưu trước bạn.</strong> {props.conflict.updatedByName ?? "Một người dùng khác"} đã lưu giá trị{" "}
            <strong>{displayValue(i.kind, props.conflict.value, i.unit)}</strong> lúc {formatDateTime(props.conflict.updatedAt)}. Giá trị bạn nhập vẫn được giữ bên dưới; bấm
            “Lưu” lần nữa nếu vẫn muốn thay bằng giá trị của bạn.
          </div>
        ) : null}
        {props.error && !valueError && !evidenceError ? <div class="alert error" role="alert">{props.error.message}</div> : null}
        <div class={valueError ? "field invalid" : "field"}>
          <label for={`value-${i.id}`}>Giá trị{i.unit ? ` (${i.unit})` : i.kind === "percent" ? " (%)" : ""}</label>
          {i.kind === "boolean" || i.kind === "document" || i.kind === "choice" ? (
            <select id={`value-${i.id}`} name="value" autofocus aria-invalid={valueError ? "true" : undefined} aria-describedby={valueError ? `value-${i.id}-error` : undefined}>
              <option value="">— Chưa nhập —</option>
              {(i.kind === "choice"
                ? (i.choices ?? []).map((c) => ({ v: c, label: c }))
                : [
                    { v: "true", label: i.kind === "document" ? "Có" : "Đạt" },
                    { v: "false", label: i.kind === "document" ? "Chưa có" : "Không đạt" },
                  ]
              ).map((o) => (
                <option value={o.v} selected={o.v === s.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`value-${i.id}`}
              name="value"
              type="text"
              inputmode="decimal"
              value={s.value}
              autofocus
              maxlength={40}
              aria-invalid={valueError ? "true" : undefined}
              aria-describedby={valueError ? `value-${i.id}-error` : undefined}
            />
          )}
          {valueError ? (
            <p class="error-text" id={`value-${i.id}-error`}>
              {valueError}
            </p>
          ) : null}
          {i.guidance ? <small>{i.guidance}</small> : null}
        </div>
        <div class={evidenceError ? "field invalid" : "field"}>
          <label for={`evidence-note-${i.id}`}>Minh chứng (ghi chú){i.evidenceRequired ? " — bắt buộc khi đạt" : ""}</label>
          <textarea id={`evidence-note-${i.id}`} name="evidenceNote" rows={2} maxlength={1000} aria-describedby={evidenceError ? `evidence-${i.id}-error` : undefined}>
            {s.evidenceNote}
          </textarea>
          <label for={`evidence-link-${i.id}`}>Đường dẫn minh chứng (http:// hoặc https://)</label>
          <input id={`evidence-link-${i.id}`} name="evidenceLink" type="url" value={s.evidenceLink} maxlength={500} />
          {evidenceError ? (
            <p class="error-text" id={`evidence-${i.id}-error`}>
              {evidenceError}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for={`note-${i.id}`}>Lý do thay đổi (không bắt buộc)</label>
          <input id={`note-${i.id}`} name="note" type="text" value={s.note} maxlength={300} />
        </div>
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu
          </button>{" "}
          <a href={`/communes/${props.communeCode}/checklist#ind-${i.id}`} hx-get={`${action}/view`} hx-target={`#ind-${i.id}`} hx-swap="outerHTML">
            Hủy
          </a>
        </p>
      </form>
      {props.upload ? (
        <section class="evidence-files" aria-label={`Tệp minh chứng của chỉ tiêu ${i.code}`}>
          <FileList listId={`files-indicator-${i.id}`} files={i.files ?? []} withdraw={{ csrfToken: props.csrfToken, back: `${action}/edit` }} />
          <UploadForm kind="indicator" parentId={i.id} unitId={props.upload.unitId} csrfToken={props.csrfToken} back={`${action}/edit`} listId={`files-indicator-${i.id}`} />
        </section>
      ) : null}
    </li>
  );
}
