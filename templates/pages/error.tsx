import type { LayoutUser } from "../layouts/page";
import { Page } from "../layouts/page";

export function ErrorMessage(props: { title: string; message: string }) {
  return (
    <div class="alert error" role="alert">
      <strong>{props.title}</strong>
      <p>{props.message}</p>
    </div>
  );
}

export function ErrorPage(props: { status: number; title: string; message: string; user: LayoutUser; csrfToken: string }) {
  return (
    <Page title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <h1>{props.title}</h1>
      <ErrorMessage title={`Mã lỗi ${props.status}`} message={props.message} />
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </Page>
  );
}
