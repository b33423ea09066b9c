// npm run bench:files — evidence files against `wrangler dev` on the demo: the upload of a
// 1 MB photo (server time, D1 rows read and written, from Server-Timing) and the checklist page with a
// thumbnail on every indicator (rows read). A benchmark that prints figures, not a test. Local workerd
// reports wall time, not billed CPU: the server figure is an upper bound of the Worker's CPU time.
import { writeFileSync } from "node:fs";
import { percentile, printTable, sample, Session, startApp, summarise, type Sample } from "./lib/bench";

const N = Number(process.env.N ?? 20);
const COMMUNE = "28879";

/** A JPEG-shaped body of `size` bytes (signature, noise without markers, EOI), distinct per seed. */
function photo(size: number, seed: number): Uint8Array {
  const b = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = (x >>> 16) & 0xfe;
  }
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 0);
  b.set([0xff, 0xd9], size - 2);
  return b;
}

const written = (res: Response) => Number(/written=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);

const server = await startApp();
try {
  const s = new Session(server.baseUrl);
  await s.login("xa.phuphung");
  const page = await (await s.request(`/communes/${COMMUNE}/checklist`)).text();
  const ids = [...page.matchAll(/<li id="ind-(\d+)"/g)].map((m) => m[1]);
  const form = await (await s.request(`/communes/${COMMUNE}/indicators/${ids[0]}/edit`, { htmx: true })).text();
  const unitId = /name="unitId" value="(\d+)"/.exec(form)![1];

  const upload = (indicatorId: string, file: Uint8Array, thumb?: Uint8Array) => {
    const data = new FormData();
    for (const [k, v] of Object.entries({ kind: "indicator", parentId: indicatorId, unitId })) data.set(k, v);
    data.set("file", new File([file], "anh.jpg"));
    if (thumb) data.set("thumb", new File([thumb], "t.jpg"));
    return s.request("/files", { method: "POST", body: data, headers: { "X-Upload": "1", "X-CSRF-Token": s.csrf } });
  };

  const uploads: Sample[] = [];
  const rowsWritten: number[] = [];
  for (let i = 0; i < N; i++) {
    const res = await upload(ids[i % ids.length], photo(1024 * 1024, 1000 + i));
    rowsWritten.push(written(res));
    uploads.push(await sample(res));
  }
  // A thumbnail-bearing photo on every indicator, then the checklist page.
  for (const [i, id] of ids.entries()) await (await upload(id, photo(60_000, 5000 + i), photo(8_000, 9000 + i))).arrayBuffer();
  const pages: Sample[] = [];
  let thumbs = 0;
  for (let i = 0; i < N; i++) {
    const res = await s.request(`/communes/${COMMUNE}/checklist`);
    const copy = res.clone();
    pages.push(await sample(res));
    thumbs = [...(await copy.text()).matchAll(/<img src="\/files\/\d+\/thumb" loading="lazy"/g)].length;
  }

  const results = [summarise("upload 1 MB photo POST /files", uploads), summarise(`checklist page GET, ${thumbs} thumbnails`, pages)];
  printTable(results);
  const writtenP50 = percentile(rowsWritten, 50);
  console.log(`\nD1 rows written per upload: p50 ${writtenP50}, max ${Math.max(...rowsWritten)} (file row + audit row + index entries).`);
  console.log(`N = ${N}, xa.phuphung on Xã Phú Phụng (${ids.length} indicators). Page budget: ≤ 500 rows read.`);
  writeFileSync("bench/evidence-files.json", JSON.stringify({ at: new Date().toISOString(), results, rowsWrittenP50: writtenP50, indicators: ids.length, thumbnails: thumbs }, null, 2) + "\n");
} finally {
  server.stop();
}
