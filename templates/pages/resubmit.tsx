// After logging in again (issue 14): the form that was posted when the session had expired, to send again.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import type { CarriedForm } from "../../src/domain/carried-form";

export function ResubmitPage(props: { user: LayoutUser; csrfToken: string; carried: CarriedForm }) {
  const shown = props.carried.fields.filter(([k, v]) => !k.startsWith("_") && k !== "version" && v.trim() !== "");
  return (
    <Page title="Gửi lại nội dung chưa lưu" user={props.user} csrfToken={props.csrfToken}>
      <h1>Gửi lại nội dung chưa lưu</h1>
      <p>Phiên đăng nhập trước đã hết nên nội dung dưới đây chưa được lưu. Kiểm tra lại rồi bấm “Gửi lại”.</p>
      <form method="post" action={props.carried.action} class="card stack">
        <Csrf token={props.csrfToken} />
        {props.carried.fields.map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <dl class="facts">
          {shown.map(([k, v]) => (
            <div>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <p>
          <button type="submit" class="primary">
            Gửi lại
          </button>{" "}
          <a href="/">Bỏ, về trang chủ</a>
        </p>
      </form>
    </Page>
  );
}
