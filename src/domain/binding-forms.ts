// The form binding a commune to a criteria set (/communes/:code/binding): the set, its key, level and years, the
// version it was read at. Whether the set exists and may be bound there is checked by the route against the database.
import { z } from "zod";

const short = (v: unknown, max = 20) => (typeof v === "string" ? v.slice(0, max) : "");

export const SET_REQUIRED = "Hãy chọn bộ tiêu chí.";

/** The form as typed (every field cut to 20 characters; a malformed version shown as 0). */
export const bindingTyped = z.record(z.string(), z.unknown()).transform((body) => {
  const version = Math.trunc(Number(short(body.version)));
  const versionOk = Number.isInteger(version) && version >= 0;
  return {
    setId: Number(short(body.setId)),
    versionOk,
    state: {
      key: short(body.key).trim(),
      targetLevel: short(body.targetLevel).trim(),
      targetYear: short(body.targetYear).trim(),
      evalYear: short(body.evalYear).trim(),
      confirmArchive: short(body.confirmArchive) === "1",
      version: versionOk ? version : 0,
    },
  };
});

/** The form: a set id and a version (0 before the first binding); the other fields are checked when saved. */
export const bindingSchema = bindingTyped.superRefine((v, ctx) => {
  if (!Number.isInteger(v.setId) || v.setId <= 0) ctx.addIssue({ code: "custom", message: SET_REQUIRED, path: ["setId"] });
  if (!v.versionOk) ctx.addIssue({ code: "custom", message: "Thiếu phiên bản dữ liệu; hãy tải lại trang.", path: ["version"] });
});
