// Evidence storage per commune against the quota, for the province's admin.
import { Page, type LayoutUser } from "../layouts/page";

export type UsageView = { code: string; name: string; bytes: number; files: number };

const mb = (n: number) => (n / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 });

export function FileUsagePage(props: { user: LayoutUser; csrfToken: string; provinceName: string; quotaBytes: number; rows: UsageView[] }) {
  return (
    <Page title="Dung lượng minh chứng" user={props.user} csrfToken={props.csrfToken}>
      <h1>Dung lượng tệp minh chứng: {props.provinceName}</h1>
      <p>
        Hạn mức mỗi xã: <strong>{mb(props.quotaBytes)} MB</strong> (tính trên các tệp chưa rút). Khi vượt hạn mức, xã không tải thêm được tệp.
      </p>
      {props.rows.length === 0 ? (
        <p class="muted">Chưa có tệp minh chứng nào.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Xã</th>
              <th scope="col">Số tệp</th>
              <th scope="col">Đã dùng (MB)</th>
              <th scope="col">Tỷ lệ hạn mức</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  {r.name} <small class="muted">({r.code})</small>
                </td>
                <td>{r.files.toLocaleString("vi-VN")}</td>
                <td>{mb(r.bytes)}</td>
                <td>{Math.round((r.bytes / props.quotaBytes) * 100).toLocaleString("vi-VN")}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
