// The local stand-in for Zalo ZNS, the e-mail API and push endpoints over HTTP (issue 18): `npm run standin`
// (STANDIN_PORT, default 8790), or started by `npm start`. See scripts/lib/standin.ts for what it answers.
import { createServer } from "node:http";
import { createStandIn } from "./lib/standin";

export function serveStandIn(port: number) {
  const { handler } = createStandIn();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handler(new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method, headers, body }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(port, "127.0.0.1");
  return server;
}

if (process.argv[1]?.endsWith("standin.ts")) {
  const port = Number(process.env.STANDIN_PORT ?? 8790);
  serveStandIn(port);
  console.log(`Giả lập Zalo/thư điện tử: http://127.0.0.1:${port}/`);
}
