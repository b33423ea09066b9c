// The default timestamp expression shared by the schema files (not re-exported by the barrel).
import { sql } from "drizzle-orm";

// Primary keys are plain INTEGER PRIMARY KEY (rowid), not AUTOINCREMENT: AUTOINCREMENT makes every insert
// scan sqlite_sequence, which D1 bills as rows read.
export const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
