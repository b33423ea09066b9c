// The user's own contact channels and notification preferences (issue 18): /me/contacts.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, type FieldErrors } from "../components/form";
import { CHANNEL_LABELS, CHOOSABLE_KINDS, TEMPLATES, displayPhone, type Channel } from "../../src/domain/notify";
import type { ContactRow, Prefs } from "../../src/web/notify-view";
import { asset } from "../assets";

export type ContactsProps = {
  user: LayoutUser;
  csrfToken: string;
  channels: ContactRow[];
  prefs: Prefs;
  /** Web Push is offered when the server has a VAPID public key. */
  vapidPublicKey: string | null;
  notice?: string;
  /** Errors of the form that was sent, by channel (or "prefs"). */
  errorsFor?: { form: Channel | "prefs"; errors: FieldErrors };
};

/** A labelled input whose id names its channel (each channel's form has an address and a code field). */
const ChannelField = (props: { channel: Channel; name: "address" | "code"; label: string; type?: string; inputmode?: "tel" | "email" | "numeric"; autocomplete?: string; maxlength: number; errors?: FieldErrors }) => (
  <Field id={`f-${props.channel}-${props.name}`} name={props.name} label={props.label} type={props.type} inputmode={props.inputmode} autocomplete={props.autocomplete} maxlength={props.maxlength} errors={props.errors} required />
);

const shown = (c: ContactRow) => (c.channel === "zalo" ? displayPhone(c.address) : c.channel === "push" ? new URL(c.address).host : c.address);

function ChannelBox(props: { channel: "zalo" | "email"; row: ContactRow | undefined; csrfToken: string; errors?: FieldErrors }) {
  const { channel, row } = props;
  const status = !row ? "Chưa khai báo" : row.verifiedAt ? "Đã xác minh" : "Chờ xác minh";
  return (
    <section class="card" id={`kenh-${channel}`} aria-labelledby={`h-${channel}`}>
      <h2 id={`h-${channel}`}>{CHANNEL_LABELS[channel]}</h2>
      <p>
        {row ? <strong>{shown(row)}</strong> : null} <span class={row?.verifiedAt ? "badge good" : "badge warn"} data-status={channel}>{status}</span>
      </p>
      <form method="post" action={`/me/contacts/${channel}`}>
        <Csrf token={props.csrfToken} />
        <ChannelField
          channel={channel}
          name="address"
          label={channel === "zalo" ? "Số điện thoại dùng Zalo" : "Địa chỉ thư điện tử"}
          type={channel === "zalo" ? "tel" : "email"}
          inputmode={channel === "zalo" ? "tel" : "email"}
          autocomplete={channel === "zalo" ? "tel" : "email"}
          maxlength={200}
          errors={props.errors}
        />
        <button type="submit">{row ? "Đổi và gửi mã xác minh" : "Gửi mã xác minh"}</button>
      </form>
      {row && !row.verifiedAt ? (
        <form method="post" action={`/me/contacts/${channel}/verify`}>
          <Csrf token={props.csrfToken} />
          <ChannelField channel={channel} name="code" label="Mã xác minh (6 chữ số)" inputmode="numeric" autocomplete="one-time-code" maxlength={6} errors={props.errors} />
          <button type="submit" class="primary">Xác minh</button>
        </form>
      ) : null}
      {row ? (
        <form method="post" action={`/me/contacts/${channel}/delete`}>
          <Csrf token={props.csrfToken} />
          <button type="submit">Xóa kênh này</button>
        </form>
      ) : null}
    </section>
  );
}

export function ContactsPage(props: ContactsProps) {
  const byChannel = new Map(props.channels.map((c) => [c.channel, c]));
  const errorsOf = (form: Channel | "prefs") => (props.errorsFor?.form === form ? props.errorsFor.errors : undefined);
  const push = byChannel.get("push");
  const prefErrors = errorsOf("prefs");
  return (
    <Page title="Kênh liên lạc" user={props.user} csrfToken={props.csrfToken}>
      <h1>Kênh liên lạc và thông báo</h1>
      <p>
        Thông báo về hạn trả lời, phản ánh mới, câu trả lời, hồ sơ công nhận và bản tổng hợp hằng tháng được gửi qua các kênh anh/chị đã xác minh. Số điện thoại và
        địa chỉ thư là dữ liệu cá nhân: chỉ anh/chị và quản trị viên của tỉnh xem được.
      </p>
      <div aria-live="polite" role="status">{props.notice ? <p class="alert info">{props.notice}</p> : null}</div>
      {props.errorsFor?.errors.form ? <p class="alert error" role="alert">{props.errorsFor.errors.form}</p> : null}
      <ChannelBox channel="zalo" row={byChannel.get("zalo")} csrfToken={props.csrfToken} errors={errorsOf("zalo")} />
      <ChannelBox channel="email" row={byChannel.get("email")} csrfToken={props.csrfToken} errors={errorsOf("email")} />
      <section class="card" id="kenh-push" aria-labelledby="h-push">
        <h2 id="h-push">{CHANNEL_LABELS.push}</h2>
        {push ? (
          <p>
            {shown(push)} <span class="badge">{push.verifiedAt ? "Đã xác minh" : "Chờ xác minh"}</span>
          </p>
        ) : (
          <p>Chưa bật trên trình duyệt nào.</p>
        )}
        {props.vapidPublicKey ? (
          <form method="post" action="/me/contacts/push" data-vapid-key={props.vapidPublicKey} id="push-form">
            <Csrf token={props.csrfToken} />
            <input type="hidden" name="address" />
            <input type="hidden" name="p256dh" />
            <input type="hidden" name="auth" />
            <button type="submit">Bật thông báo trên trình duyệt này</button>
            <script src={asset("/push.js")} defer></script>
          </form>
        ) : (
          <p class="muted">Máy chủ chưa được cấu hình khóa VAPID nên chưa bật được thông báo đẩy.</p>
        )}
        {push && !push.verifiedAt ? (
          <form method="post" action="/me/contacts/push/verify">
            <Csrf token={props.csrfToken} />
            <ChannelField channel="push" name="code" label="Mã xác minh hiện trong thông báo" inputmode="numeric" maxlength={6} errors={errorsOf("push")} />
            <button type="submit" class="primary">Xác minh</button>
          </form>
        ) : null}
        {push ? (
          <form method="post" action="/me/contacts/push/delete">
            <Csrf token={props.csrfToken} />
            <button type="submit">Tắt thông báo đẩy</button>
          </form>
        ) : null}
      </section>
      <section class="card" aria-labelledby="h-prefs">
        <h2 id="h-prefs">Nhận thông báo gì, khi nào</h2>
        <form method="post" action="/me/contacts/prefs">
          <Csrf token={props.csrfToken} />
          <fieldset>
            <legend>Loại thông báo gửi qua các kênh trên (hộp thư trong ứng dụng luôn nhận đủ)</legend>
            {CHOOSABLE_KINDS.map((k) => (
              <div class="field checkbox">
                <input type="checkbox" id={`f-on-${k}`} name={`on_${k}`} value="1" checked={!props.prefs.off.includes(k)} />
                <label for={`f-on-${k}`}>{TEMPLATES[k].label}</label>
              </div>
            ))}
          </fieldset>
          <Field name="quietFrom" label="Giờ yên lặng từ (ví dụ 22:00)" value={props.prefs.quietFrom} maxlength={5} errors={prefErrors} hint="Trong giờ yên lặng, tin được giữ lại và gửi khi hết giờ." />
          <Field name="quietTo" label="đến (ví dụ 06:00)" value={props.prefs.quietTo} maxlength={5} errors={prefErrors} />
          <div class="field checkbox">
            <input type="checkbox" id="f-dailyDigest" name="dailyDigest" value="1" checked={props.prefs.dailyDigest} />
            <label for="f-dailyDigest">Gom các thông báo không khẩn thành một bản tin mỗi ngày (cảnh báo hạn trả lời vẫn gửi ngay)</label>
          </div>
          <button type="submit" class="primary">Lưu lựa chọn</button>
        </form>
      </section>
    </Page>
  );
}
