// The audit log's filter form (/admin/audit?username=&action=&entity=&from=&to=&before=): each value at most 64
// characters; dates and the page cursor are read by the route.
import { z } from "zod";

const short = z.string().trim().max(64).optional();
export const auditQuerySchema = z.object({ username: short, action: short, entity: short, from: short, to: short, before: short });

/** Ending a session (/admin/sessions/end): its id, 64 hex digits. */
export const endSessionSchema = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) });
