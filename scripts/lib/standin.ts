// The local stand-in for the Zalo ZNS and e-mail providers (and push endpoints), issue 18. One fetch-style handler,
// used by the tests (vitest.config.ts routes the Worker's outbound fetches to it) and served over HTTP by
// scripts/standin.ts (`npm start` runs it). It records every request and answers 200, or what it was told:
//   POST /_script {"to": "<phone|e-mail|push id>", "statuses": [500, 429, 200], "retryAfter": 2}
//   GET  /_sent?to=<…>&channel=zalo|email|push  → the recorded requests (JSON), newest last
//   POST /_reset                                → forget everything
//   GET  /                                      → a page showing what would have been sent
// No request leaves the machine.

export type Sent = { n: number; channel: "zalo" | "email" | "push"; to: string; at: string; status: number; body: unknown; authorized: boolean };

export function createStandIn() {
  const sent: Sent[] = [];
  const scripts = new Map<string, { statuses: number[]; retryAfter?: number }>();
  const json = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });

  async function record(channel: Sent["channel"], to: string, body: unknown, authorized: boolean): Promise<Response> {
    const script = scripts.get(to);
    const status = script?.statuses.shift() ?? 200;
    sent.push({ n: sent.length + 1, channel, to, at: new Date().toISOString(), status, body, authorized });
    const retry: Record<string, string> = status === 429 && script?.retryAfter ? { "Retry-After": String(script.retryAfter) } : {};
    if (status >= 400) return json({ error: status, message: `stand-in answers ${status}` }, status, retry);
    if (channel === "zalo") return json({ error: 0, message: "Success", data: { msg_id: `standin-${sent.length}` } });
    if (channel === "push") return new Response(null, { status: 201 });
    return json({ id: `standin-${sent.length}` });
  }

  async function handler(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method === "POST" && path.endsWith("/message/template")) {
      const body = (await request.json()) as { phone?: string };
      return record("zalo", String(body.phone ?? ""), body, Boolean(request.headers.get("access_token")));
    }
    if (request.method === "POST" && (path.endsWith("/emails") || path.endsWith("/v3/smtp/email"))) {
      const body = (await request.json()) as { to?: (string | { email: string })[] };
      const first = body.to?.[0];
      const to = typeof first === "string" ? first : (first?.email ?? "");
      return record("email", to, body, Boolean(request.headers.get("authorization") || request.headers.get("api-key")));
    }
    if (request.method === "POST" && path.includes("/push/")) {
      const bytes = (await request.arrayBuffer()).byteLength;
      return record("push", path.slice(path.indexOf("/push/") + 6), { bytes, encoding: request.headers.get("content-encoding") }, (request.headers.get("authorization") ?? "").startsWith("vapid "));
    }
    if (request.method === "POST" && path === "/_script") {
      const body = (await request.json()) as { to: string; statuses: number[]; retryAfter?: number };
      scripts.set(body.to, { statuses: [...body.statuses], retryAfter: body.retryAfter });
      return json({ ok: true });
    }
    if (request.method === "POST" && path === "/_reset") {
      sent.length = 0;
      scripts.clear();
      return json({ ok: true });
    }
    if (request.method === "GET" && path === "/_sent") {
      const to = url.searchParams.get("to");
      const channel = url.searchParams.get("channel");
      return json(sent.filter((s) => (!to || s.to === to) && (!channel || s.channel === channel)));
    }
    if (request.method === "GET" && path === "/") return new Response(page(sent), { headers: { "Content-Type": "text/html; charset=utf-8" } });
    return json({ error: 404, message: "unknown stand-in path" }, 404);
  }

  return { handler, sent };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function page(sent: Sent[]): string {
  const rows = [...sent]
    .reverse()
    .map((s) => `<tr><td>${s.n}</td><td>${escape(s.at)}</td><td>${s.channel}</td><td>${escape(s.to)}</td><td>${s.status}</td><td><pre>${escape(JSON.stringify(s.body, null, 1))}</pre></td></tr>`)
    .join("");
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tin nhắn sẽ gửi (giả lập)</title>
<h1>Tin nhắn sẽ gửi qua Zalo, thư điện tử, thông báo đẩy (giả lập cục bộ)</h1>
<p>${sent.length} yêu cầu. Không có yêu cầu nào rời khỏi máy này.</p>
<table border="1" cellpadding="4"><thead><tr><th>#</th><th>Lúc</th><th>Kênh</th><th>Người nhận</th><th>Trả lời</th><th>Nội dung</th></tr></thead><tbody>${rows}</tbody></table></html>`;
}
