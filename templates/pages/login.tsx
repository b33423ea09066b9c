import { Page } from "../layouts/page";
import { Csrf, Field, FormError, type FieldErrors } from "../components/form";
import { msg } from "../../src/messages";

export function LoginForm(props: { csrfToken: string; username?: string; next?: string; errors?: FieldErrors; carry?: string }) {
  return (
    <form id="login-form" method="post" action="/login" hx-post="/login" hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="next" value={props.next ?? "/"} />
      {props.carry ? <input type="hidden" name="carry" value={props.carry} /> : null}
      <FormError errors={props.errors} />
      <Field name="username" label={msg.username} value={props.username} errors={props.errors} autocomplete="username" maxlength={64} required />
      <Field name="password" label={msg.password} type="password" errors={props.errors} autocomplete="current-password" required />
      <button type="submit" class="primary">{msg.login}</button>
    </form>
  );
}

export function LoginPage(props: { csrfToken: string; next?: string; errors?: FieldErrors; username?: string; notice?: string; carry?: string }) {
  return (
    <Page title={msg.login} user={null} csrfToken={props.csrfToken}>
      <div class="narrow">
        <h1>{msg.login}</h1>
        <p class="muted">{msg.appTagline}</p>
        {props.notice ? <p class="alert info">{props.notice}</p> : null}
        <LoginForm csrfToken={props.csrfToken} next={props.next} errors={props.errors} username={props.username} carry={props.carry} />
      </div>
    </Page>
  );
}
