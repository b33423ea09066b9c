// Issue 21 "xã nắm tới hộ": a commune's hamlets (ấp, khu phố): who follows each, the last visit, household counts
// (aggregates only, never a household row), the assignment form and the assignment history.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { DateField, SelectField, TextField, type Option, type Values } from "../components/fields";
import { formatDate, formatNumber } from "../../src/domain/format";
import type { HamletCoverageRow } from "../../src/web/hamlets-view";

export type HamletsPageProps = {
  user: LayoutUser;
  csrfToken: string;
  commune: { code: string; name: string };
  rows: HamletCoverageRow[];
  history: { id: number; hamletName: string; userName: string; role: string; periodFrom: string; periodTo: string | null }[];
  /** The assignment form (the commune's staff and the admin). */
  assign: { users: Option[]; hamlets: Option[]; values: Values; errors?: FieldErrors } | null;
  canLogVisit: boolean;
  canSeeHouseholds: boolean;
  today: string;
};

export function HamletsPage(props: HamletsPageProps) {
  const { commune } = props;
  const nobody = props.rows.filter((r) => r.assignees.length === 0);
  const total = props.rows.reduce((s, r) => s + r.listed, 0);
  return (
    <Page title={`Ấp, khu phố: ${commune.name}`} user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href={`/units/${commune.code}`}>← {commune.name}</a>
      </p>
      <h1>Ấp, khu phố của {commune.name}</h1>
      <p class="muted">Xã nắm tới ấp, tới hộ gia đình: mỗi ấp có cán bộ xã theo dõi, đi cơ sở và nắm tình hình từng hộ.</p>
      <ul class="actions">
        <li>
          <a class="button" href={`/communes/${commune.code}/visits`}>
            Chuyến thăm
          </a>
        </li>
        {props.canLogVisit ? (
          <li>
            <a class="button" href={`/communes/${commune.code}/visits/new`}>
              Ghi nhận chuyến thăm ấp
            </a>
          </li>
        ) : null}
        {props.canSeeHouseholds ? (
          <li>
            <a class="button" href={`/communes/${commune.code}/households`}>
              Hộ gia đình xã theo dõi
            </a>
          </li>
        ) : null}
      </ul>
      <p id="hamlet-summary" role="status">
        {props.rows.length} ấp, khu phố · <strong>{nobody.length}</strong> chưa có người theo dõi · {formatNumber(total)} hộ trong danh sách xã theo dõi
      </p>
      <div class="table-wrap">
        <table class="stack-mobile" id="hamlet-coverage">
          <caption>Ai theo dõi ấp nào, lần thăm gần nhất và số hộ (chỉ số liệu tổng hợp)</caption>
          <thead>
            <tr>
              <th scope="col">Ấp, khu phố</th>
              <th scope="col">Người theo dõi</th>
              <th scope="col">Thăm gần nhất</th>
              <th scope="col">Số hộ theo dõi</th>
              <th scope="col">Nước sạch</th>
              <th scope="col">Nhà tiêu HVS</th>
              <th scope="col">Nhà kiên cố, bán kiên cố</th>
              <th scope="col">Nghèo · cận nghèo</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`hamlet-${r.code}`}>
                <th scope="row" data-label="Ấp, khu phố">
                  <a href={`/communes/${commune.code}/hamlets/${r.code}`}>{r.name}</a>
                  {r.recognitions.map((t) => (
                    <span class="badge success"> {t}</span>
                  ))}
                  {r.officialHouseholds !== null ? <small class="muted"> · {formatNumber(r.officialHouseholds)} hộ (danh mục)</small> : null}
                </th>
                <td data-label="Người theo dõi" class="assignees">
                  {r.assignees.length === 0 ? (
                    <span class="badge warn">Chưa có người theo dõi</span>
                  ) : (
                    <ul class="plain">
                      {r.assignees.map((a) => (
                        <li>
                          {a.name} <small class="muted">({a.role}, từ {formatDate(a.periodFrom)})</small>
                          {props.assign ? (
                            <form method="post" action={`/communes/${commune.code}/hamlets/assignments/${a.assignmentId}/end`} class="inline">
                              <Csrf token={props.csrfToken} />
                              <input type="hidden" name="version" value={String(a.version)} />
                              <input type="hidden" name="periodTo" value={formatDate(props.today)} />
                              <button type="submit" class="link" aria-label={`Kết thúc phân công ${a.name} theo dõi ${r.name}`}>
                                Kết thúc
                              </button>
                            </form>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Thăm gần nhất" class="last-visit">{r.lastVisit ? formatDate(r.lastVisit) : <span class="muted">Chưa có</span>}</td>
                <td data-label="Số hộ theo dõi" class="listed">{formatNumber(r.listed)}</td>
                <td data-label="Nước sạch">{formatNumber(r.cleanWater)}</td>
                <td data-label="Nhà tiêu HVS">{formatNumber(r.sanitation)}</td>
                <td data-label="Nhà kiên cố, bán kiên cố">{formatNumber(r.solidHousing)}</td>
                <td data-label="Nghèo · cận nghèo">
                  {formatNumber(r.poor)} · {formatNumber(r.nearPoor)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.assign ? <AssignForm commune={commune} csrfToken={props.csrfToken} form={props.assign} /> : null}
      <section class="card">
        <h2>Lịch sử phân công</h2>
        {props.history.length === 0 ? (
          <p class="muted">Chưa có phân công nào.</p>
        ) : (
          <ul id="hamlet-history">
            {props.history.map((h) => (
              <li>
                {h.userName} — {h.hamletName} ({h.role}): {formatDate(h.periodFrom)} – {h.periodTo ? formatDate(h.periodTo) : "nay"}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function AssignForm(props: { commune: { code: string }; csrfToken: string; form: NonNullable<HamletsPageProps["assign"]> }) {
  const v = props.form.values;
  return (
    <section class="card" aria-labelledby="assign-title">
      <h2 id="assign-title">Phân công theo dõi ấp</h2>
      <form method="post" action={`/communes/${props.commune.code}/hamlets/assignments`} class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <FormKey />
        <FormError errors={props.form.errors} />
        <SelectField name="userId" label="Cán bộ, công chức xã" value={v.userId} options={props.form.users} errors={props.form.errors} empty="— Chọn người theo dõi —" required />
        <SelectField name="hamletId" label="Ấp, khu phố" value={v.hamletId} options={props.form.hamlets} errors={props.form.errors} empty="— Chọn ấp —" required />
        <TextField name="role" label="Vai trò" value={v.role ?? "Cán bộ phụ trách ấp"} errors={props.form.errors} maxlength={120} required />
        <DateField name="periodFrom" label="Từ ngày" value={v.periodFrom} errors={props.form.errors} required />
        <DateField name="periodTo" label="Đến ngày, không bắt buộc" value={v.periodTo} errors={props.form.errors} />
        <button type="submit" class="primary">
          Phân công
        </button>
      </form>
    </section>
  );
}
