// Projects (công trình) of a commune: list with budget by source and the sponsors' share, one project with its
// linked contributions, and the create/edit form.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, FormKey, Select, type FieldErrors } from "../components/form";
import { StatusBadge } from "../components/ledger-figures";
import { formatDate, formatVnd } from "../../src/domain/format";
import { CONTRIBUTION_KIND_LABELS, PROJECT_STATUSES, PROJECT_STATUS_LABELS, budgetTotal } from "../../src/domain/ledger";
import type { Option, ProjectDetail, ProjectRow } from "../../src/web/ledger-view";
import { FileList, UploadForm, type FileView } from "../components/evidence-files";

type Props = { user: LayoutUser; csrfToken: string };

const BUDGET_LINES = [
  ["budgetState", "Ngân sách nhà nước"],
  ["budgetCommune", "Ngân sách xã"],
  ["budgetResidents", "Nhân dân đóng góp"],
  ["budgetSponsors", "Mạnh thường quân (kế hoạch)"],
  ["budgetOther", "Nguồn khác"],
] as const;

function Progress(props: { value: number }) {
  return (
    <span class="progress" title={`${props.value}%`}>
      <progress max={100} value={props.value} aria-label={`Tiến độ ${props.value}%`}></progress> {props.value}%
    </span>
  );
}

export function ProjectListPage(props: Props & { communeName: string; communeCode: string; rows: ProjectRow[]; canManage: boolean }) {
  return (
    <Page title={`Công trình: ${props.communeName}`} user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href={`/communes/${props.communeCode}/contributions`}>← Mạnh thường quân {props.communeName}</a>
      </p>
      <h1>Công trình: {props.communeName}</h1>
      {props.canManage ? (
        <p>
          <a class="button primary" href={`/communes/${props.communeCode}/projects/new`}>
            Thêm công trình
          </a>
        </p>
      ) : null}
      {props.rows.length === 0 ? (
        <p>Chưa có công trình nào.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Công trình</th>
                <th scope="col">Tình trạng</th>
                <th scope="col" class="num">Tổng kinh phí</th>
                <th scope="col" class="num">MTQ kế hoạch</th>
                <th scope="col" class="num">MTQ cam kết</th>
                <th scope="col" class="num">MTQ đã nhận</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/projects/${r.p.id}`}>{r.p.name}</a>
                    <br />
                    <small class="muted">{[r.hamletName, r.criterionName].filter(Boolean).join(" · ")}</small>
                  </td>
                  <td>
                    {PROJECT_STATUS_LABELS[r.p.status]}
                    <br />
                    <Progress value={r.p.progress} />
                  </td>
                  <td class="num">{formatVnd(budgetTotal(r.p))}</td>
                  <td class="num">{formatVnd(r.share.planned)}</td>
                  <td class="num">{formatVnd(r.share.pledged)}</td>
                  <td class="num">{formatVnd(r.share.received)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export function ProjectPage(props: Props & { d: ProjectDetail; communeName: string; communeCode: string; canManage: boolean; files?: FileView[] }) {
  const { p, share } = props.d;
  return (
    <Page title={p.name} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.communeCode}/projects`}>← Công trình {props.communeName}</a>
      </p>
      <h1>{p.name}</h1>
      <dl class="facts">
        <div>
          <dt>Tình trạng</dt>
          <dd>{PROJECT_STATUS_LABELS[p.status]}</dd>
        </div>
        <div>
          <dt>Tiến độ</dt>
          <dd>
            <Progress value={p.progress} />
          </dd>
        </div>
        {props.d.hamletName ? (
          <div>
            <dt>Ấp</dt>
            <dd>{props.d.hamletName}</dd>
          </div>
        ) : null}
        {props.d.criterionName ? (
          <div>
            <dt>Tiêu chí</dt>
            <dd>{props.d.criterionName}</dd>
          </div>
        ) : null}
        {p.startDate ? (
          <div>
            <dt>Khởi công</dt>
            <dd>{formatDate(p.startDate)}</dd>
          </div>
        ) : null}
        {p.endDate ? (
          <div>
            <dt>Hoàn thành</dt>
            <dd>{formatDate(p.endDate)}</dd>
          </div>
        ) : null}
      </dl>
      <div class="table-wrap">
        <table>
          <caption>Kinh phí theo nguồn</caption>
          <tbody>
            {BUDGET_LINES.map(([key, label]) => (
              <tr>
                <th scope="row">{label}</th>
                <td class="num">{formatVnd(p[key])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Tổng kinh phí</th>
              <td class="num">
                <strong>{formatVnd(budgetTotal(p))}</strong>
              </td>
            </tr>
            <tr>
              <th scope="row">Mạnh thường quân đã cam kết (tính từ các đóng góp gắn với công trình)</th>
              <td class="num" data-figure="sponsor-pledged">
                {formatVnd(share.pledged)} ({share.pledgedPercentOfBudget}% tổng kinh phí)
              </td>
            </tr>
            <tr>
              <th scope="row">Mạnh thường quân đã nộp</th>
              <td class="num" data-figure="sponsor-received">
                {formatVnd(share.received)}
              </td>
            </tr>
            <tr>
              <th scope="row">{share.gap >= 0 ? "Cam kết vượt kế hoạch" : "Cam kết còn thiếu so với kế hoạch"}</th>
              <td class="num">{formatVnd(Math.abs(share.gap))}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Đóng góp gắn với công trình</h2>
      {props.d.contributions.length === 0 ? (
        <p class="muted">Chưa có.</p>
      ) : (
        <ul>
          {props.d.contributions.map((c) => (
            <li>
              <a href={`/contributions/${c.id}`}>{c.sponsorName}</a> · {CONTRIBUTION_KIND_LABELS[c.kind]} · {formatVnd(c.amount)} (đã nhận {formatVnd(c.receivedTotal)}){" "}
              <StatusBadge status={c.status} />
            </li>
          ))}
        </ul>
      )}
      {props.canManage ? (
        <p>
          <a class="button" href={`/projects/${p.id}/edit`}>
            Sửa công trình
          </a>
        </p>
      ) : null}
      {props.files ? (
        <section class="card evidence-files" aria-labelledby="project-files-title">
          <h2 id="project-files-title">Ảnh, tài liệu công trình</h2>
          {props.files.length === 0 ? <p class="muted">Chưa có tệp nào.</p> : null}
          <FileList listId={`files-project-${p.id}`} files={props.files} withdraw={props.canManage ? { csrfToken: props.csrfToken, back: `/projects/${p.id}` } : undefined} />
          {props.canManage ? <UploadForm kind="project" parentId={p.id} csrfToken={props.csrfToken} back={`/projects/${p.id}`} listId={`files-project-${p.id}`} /> : null}
        </section>
      ) : null}
    </Page>
  );
}

export function ProjectFormPage(
  props: Props & {
    communeName: string;
    communeCode: string;
    action: string;
    title: string;
    hamlets: Option[];
    criteria: Option[];
    state: Record<string, string>;
    errors?: FieldErrors;
    version?: number;
    conflict?: boolean;
    back: string;
  },
) {
  const s = props.state;
  const e = props.errors;
  return (
    <Page title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={props.back}>← Quay lại</a>
      </p>
      <h1>{props.title}</h1>
      <p class="muted">{props.communeName}</p>
      <form method="post" action={props.action} class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        {props.version !== undefined ? <input type="hidden" name="version" value={String(props.version)} /> : <FormKey />}
        {props.conflict ? (
          <div class="alert warn" role="alert">
            <strong>Đã có người lưu trước bạn.</strong> Nội dung bạn nhập vẫn được giữ; mở lại trang công trình để xem bản mới nhất, hoặc bấm “Lưu” lần nữa để thay.
          </div>
        ) : null}
        <FormError errors={e} />
        <Field name="name" label="Tên công trình" value={s.name} errors={e} maxlength={200} />
        <Select name="hamletId" label="Ấp" value={s.hamletId} options={props.hamlets} errors={e} emptyLabel="— Toàn xã —" />
        <Select name="criterionId" label="Tiêu chí" value={s.criterionId} options={props.criteria} errors={e} emptyLabel="— Không gắn tiêu chí —" />
        <Select name="status" label="Tình trạng" value={s.status || "planned"} options={PROJECT_STATUSES.map((k) => ({ value: k, label: PROJECT_STATUS_LABELS[k] }))} errors={e} />
        <Field name="progress" label="Tiến độ (%)" value={s.progress} errors={e} inputmode="numeric" maxlength={4} />
        <fieldset>
          <legend>Kinh phí theo nguồn (đồng)</legend>
          {BUDGET_LINES.map(([key, label]) => (
            <Field name={key} label={label} value={s[key]} errors={e} inputmode="numeric" maxlength={30} />
          ))}
        </fieldset>
        <Field name="startDate" label="Ngày khởi công (dd/mm/yyyy)" value={s.startDate} errors={e} inputmode="numeric" maxlength={10} />
        <Field name="endDate" label="Ngày hoàn thành (dd/mm/yyyy)" value={s.endDate} errors={e} inputmode="numeric" maxlength={10} />
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu
          </button>{" "}
          <a href={props.back}>Hủy</a>
        </p>
      </form>
    </Page>
  );
}
