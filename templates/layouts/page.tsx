import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { msg } from "../../src/messages";
import { asset } from "../assets";

export type LayoutUser = { displayName: string; roleLabel: string; isAdmin: boolean; /** Unread notifications (menu count). */ unread?: number } | null;

/** "3" / "99+" with what it counts for screen readers. */
function UnreadCount(props: { n: number }) {
  return (
    <span class="count">
      {props.n >= 100 ? "99+" : String(props.n)}
      <span class="visually-hidden"> chưa đọc</span>
    </span>
  );
}

// htmx settings live in a meta tag (no inline script, CSP-friendly). Error responses are swapped too:
// 401/409/422 re-render the form with its messages; other errors show the Vietnamese error page or fragment.
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  // A save that has not answered in 45 s (slow 3G, lost signal) ends with the "Mất kết nối — chưa lưu" banner (public/forms.js).
  timeout: 45000,
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "(401|409|422|429)", swap: true, error: false },
    { code: "[45]..", swap: true, error: true },
  ],
});

export function Page(props: { title: string; user: LayoutUser; csrfToken: string; children: Child; wide?: boolean; description?: string }) {
  // The doctype keeps browsers out of quirks mode (JSX cannot express it).
  return (
    <>
    {raw("<!doctype html>")}
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} · ${msg.appName}`}</title>
        <meta name="description" content={props.description ?? `${props.title}: ${msg.appDescription}`} />
        <link rel="icon" href="/icons/icon-192.png" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#1f6f43" />
        <link rel="stylesheet" href={asset("/app.css")} />
        <link rel="stylesheet" href={asset("/forms.css")} />
        <script src={asset("/vendor/htmx.min.js")} defer></script>
        <script src={asset("/upload.js")} defer></script>
        <script src={asset("/forms.js")} defer></script>
        <script src={asset("/offline.js")} defer></script>
      </head>
      <body hx-boost="true" hx-headers={props.csrfToken ? JSON.stringify({ "X-CSRF-Token": props.csrfToken }) : undefined}>
        <a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
        <header class="top">
          <a class="brand" href="/">{msg.appName}</a>
          {props.user ? (
            <>
              {/* Phones: one "Menu" button opening the links as a popover; wider screens show them inline (app.css). */}
              <button type="button" class="menu-button" popovertarget="menu">
                Menu{props.user.unread ? <UnreadCount n={props.user.unread} /> : null}
              </button>
              <nav id="menu" popover="auto" aria-label="Điều hướng chính">
                <a href="/units">{msg.searchUnits}</a>
                <a href="/progress">Tiến độ</a>
                <a href="/recognitions">Công nhận</a>
                {props.user.isAdmin ? <a href="/admin/users">{msg.users}</a> : null}
                {props.user.isAdmin ? <a href="/admin/audit">Nhật ký</a> : null}
                {props.user.isAdmin ? <a href="/files/usage">Dung lượng minh chứng</a> : null}
                <a href="/me/notifications">Thông báo{props.user.unread ? <UnreadCount n={props.user.unread} /> : null}</a>
                <a href="/me/password">Đổi mật khẩu</a>
                <span class="who" title={props.user.roleLabel}>{props.user.displayName}</span>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <button type="submit" class="link">{msg.logout}</button>
                </form>
              </nav>
            </>
          ) : (
            // The public's pages link to each other; the login link stays discreet.
            <nav class="public-nav" aria-label="Thông tin công khai">
              <a href="/public/recognitions">Xã đã công nhận</a>
              <a class="login-link" href="/login">
                Đăng nhập
              </a>
            </nav>
          )}
        </header>
        <div id="announce" class="visually-hidden" aria-live="polite" role="status"></div>
        <main id="main" class={props.wide ? "wide" : undefined}>{props.children}</main>
      </body>
    </html>
    </>
  );
}
