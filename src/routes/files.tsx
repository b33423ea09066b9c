// Evidence files, URL prefix /files: upload one file (multipart, with or without JavaScript),
// serve a file or its thumbnail after the parent's permission check, withdraw a file.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { FILE_PARENT_KINDS, type EvidenceFile, type FileParentKind } from "../db/schema";
import { COMMUNE_QUOTA_BYTES, THUMB_TYPES, contentDisposition, fileMsg, objectKey, type SniffedType } from "../domain/files";
import { ATTACHABLE_KINDS, filesOf, getFile, loadParent, provinceUsage, uploadFile, withdrawFile, type FileParent } from "../services/evidence-files";
import { frozenFiles, isFrozen, zipEntries, zipStream } from "../services/dossier-files";
import { getDossier } from "../services/recognition";
import { getUnit, unitRef } from "../services/units";
import { FileUsagePage } from "../../templates/pages/file-usage";
import { authorize, pageProps, redirectAfterPost, renderError, requireUser } from "../web/context";
import { msg } from "../messages";
import { FileList } from "../../templates/components/evidence-files";
import { toFileView } from "../web/file-view";
import { type C, clientIp, currentActor, idParam, todayOf } from "../web/request";
import { statusOf } from "../web/outcome";

/** Where to go back after a plain form post: a local path only. */
const backOf = (v: unknown) => (typeof v === "string" && /^\/(?!\/)[\w\-./?=&#%]*$/.test(v) ? v : "/");
/** upload.js sends this header and wants the refreshed list (or the message) instead of a redirect. */
const wantsFragment = (c: C) => c.req.header("X-Upload") === "1";

const listIdOf = (p: Pick<FileParent, "kind" | "id">) => `files-${p.kind}-${p.id}`;

async function parentOfFile(c: C, file: EvidenceFile): Promise<FileParent | null> {
  return loadParent(c.var.db, c.var.user?.actor ?? null, file.parentKind, file.parentId, file.unitId, todayOf(c));
}

function refuse(c: C, status: number, message: string) {
  if (wantsFragment(c)) return c.text(message, status as 400);
  return renderError(c, status, message);
}

async function serveObject(c: C, sha256: string, type: string | null, disposition: string) {
  const object = await c.env.EVIDENCE.get(objectKey(sha256));
  if (!object) throw new HTTPException(404, { message: "Không tìm thấy nội dung tệp trong kho lưu trữ." });
  return new Response(object.body, {
    headers: {
      "Content-Type": type ?? object.httpMetadata?.contentType ?? "application/octet-stream",
      "Content-Length": String(object.size),
      "Content-Disposition": disposition,
      "X-Content-Type-Options": "nosniff",
      // Content-addressed, so the bytes never change; private because access depends on the reader.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      ETag: `"${sha256}"`,
    },
  });
}

/** The file and a decision: public live files for everyone, the rest as their parent allows. */
async function readable(c: C): Promise<EvidenceFile | Response> {
  const file = await getFile(c.var.db, idParam(c, "id"));
  if (!file) throw new HTTPException(404, { message: "Không tìm thấy tệp này." });
  if (file.isPublic && !file.withdrawnAt) return file;
  if (!c.var.user) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 302);
  const parent = await parentOfFile(c, file);
  if (!parent || !parent.canRead) throw new HTTPException(403, { message: msg.forbidden });
  if (file.withdrawnAt && !parent.canAttach) throw new HTTPException(404, { message: "Tệp này đã được rút." });
  return file;
}

export const fileRoutes = new Hono<AppEnv>()
  .post("/", requireUser, async (c) => {
    const body = await c.req.parseBody();
    const kind = String(body.kind ?? "") as FileParentKind;
    const parentId = Number(body.parentId);
    const unitId = body.unitId === undefined || body.unitId === "" ? null : Number(body.unitId);
    if (!FILE_PARENT_KINDS.includes(kind) || !(ATTACHABLE_KINDS as readonly string[]).includes(kind) || !Number.isInteger(parentId) || (unitId !== null && !Number.isInteger(unitId))) {
      return refuse(c, 404, "Không tìm thấy nơi đính kèm tệp.");
    }
    const parent = await loadParent(c.var.db, currentActor(c), kind, parentId, unitId, todayOf(c));
    if (!parent) return refuse(c, 404, "Không tìm thấy nơi đính kèm tệp.");
    if (!parent.canAttach) return refuse(c, 403, msg.forbidden);
    const file = body.file;
    if (!(file instanceof File)) return refuse(c, 422, fileMsg.missing);
    const blob = (v: unknown) => (v instanceof File ? v.arrayBuffer().then((b) => new Uint8Array(b)) : Promise.resolve(null));
    const [bytes, thumb, exif] = await Promise.all([blob(file), blob(body.thumb), blob(body.exif)]);
    const outcome = await uploadFile(
      c.var.db,
      c.env.EVIDENCE,
      currentActor(c).id,
      parent,
      { bytes: bytes!, name: file.name, thumb, exif: exif && exif.length <= 64 * 1024 ? exif : null, isPublic: body.public === "1" },
      c.var.now.toISOString(),
      clientIp(c),
    );
    if (!outcome.ok) return refuse(c, statusOf(outcome), outcome.message);
    if (!wantsFragment(c)) return redirectAfterPost(c, backOf(body.back));
    const files = await filesOf(c.var.db, parent.unit.id, parent.kind, [parent.id]);
    c.header("X-File-Id", String(outcome.file.id));
    return c.html(<FileList listId={listIdOf(parent)} files={files.map(toFileView)} withdraw={{ csrfToken: c.var.csrfToken, back: backOf(body.back) }} />, 201);
  })
  // Storage per commune against the quota: the province's admin.
  .get("/usage", requireUser, async (c) => {
    const actor = currentActor(c);
    const province = await getUnit(c.var.db, actor.scope.level === "province" ? actor.scope.id : (actor.scope.provinceId ?? -1));
    if (!province) throw new HTTPException(403, { message: msg.forbidden });
    // The admin's report (a read: it stays open on a closed province until the admin is re-scoped).
    authorize(c, "user.manage", { unit: unitRef(province) });
    const rows = await provinceUsage(c.var.db, province.id);
    return c.html(<FileUsagePage {...pageProps(c)} provinceName={province.name} quotaBytes={COMMUNE_QUOTA_BYTES} rows={rows} />);
  })
  // "Tải toàn bộ minh chứng": the files the dossier's latest submission froze, as one streamed ZIP.
  .get("/dossiers/:id/minh-chung.zip", requireUser, async (c) => {
    const found = await getDossier(c.var.db, idParam(c, "id"));
    if (!found) throw new HTTPException(404, { message: "Không tìm thấy hồ sơ này." });
    authorize(c, "unit.viewData", { unit: unitRef(found.commune) });
    const files = await frozenFiles(c.var.db, found.dossier);
    if (files.length === 0) throw new HTTPException(404, { message: "Hồ sơ chưa có tệp minh chứng nào được khóa khi nộp." });
    const entries = await zipEntries(c.var.db, found.dossier.setId, files);
    const name = `minh-chung-${found.commune.code}-${found.dossier.level}-${found.dossier.year}.zip`;
    return new Response(zipStream(c.env.EVIDENCE, entries, new Date(found.dossier.submittedAt!)), {
      headers: { "Content-Type": "application/zip", "Content-Disposition": contentDisposition("attachment", name), "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" },
    });
  })
  .get("/:id", async (c) => {
    const file = await readable(c);
    if (file instanceof Response) return file;
    const kind = c.req.query("download") === "1" ? "attachment" : "inline";
    return serveObject(c, file.sha256, file.contentType, contentDisposition(kind, file.fileName));
  })
  .get("/:id/thumb", async (c) => {
    const file = await readable(c);
    if (file instanceof Response) return file;
    if (file.thumbSha256) return serveObject(c, file.thumbSha256, null, contentDisposition("inline", `thu-nho-${file.id}.jpg`));
    if (!THUMB_TYPES.includes(file.contentType as SniffedType) || file.size > 300 * 1024) throw new HTTPException(404, { message: "Tệp này không có ảnh thu nhỏ." });
    return serveObject(c, file.sha256, file.contentType, contentDisposition("inline", file.fileName));
  })
  .post("/:id/withdraw", requireUser, async (c) => {
    const file = await getFile(c.var.db, idParam(c, "id"));
    if (!file) throw new HTTPException(404, { message: "Không tìm thấy tệp này." });
    const parent = await parentOfFile(c, file);
    if (!parent || !(parent.canManage ?? parent.canAttach)) throw new HTTPException(403, { message: msg.forbidden });
    const locked = parent.locked || (await isFrozen(c.var.db, file.id));
    const outcome = await withdrawFile(c.var.db, currentActor(c).id, file, locked, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) return refuse(c, statusOf(outcome), outcome.message);
    const body = await c.req.parseBody();
    return redirectAfterPost(c, backOf(body.back));
  });
