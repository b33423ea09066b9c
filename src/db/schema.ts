// The one Drizzle schema, one file per feature under ./schema/. drizzle-kit generates migrations/ from it; wrangler applies them.
export * from "./schema/units";
export * from "./schema/auth";
export * from "./schema/criteria";
export * from "./schema/checklist";
export * from "./schema/support";
export * from "./schema/feedback";
export * from "./schema/ledger";
export * from "./schema/progress";
export * from "./schema/recognition";
export * from "./schema/merger";
export * from "./schema/files";
export * from "./schema/notify";
export * from "./schema/hamlets";
export * from "./schema/api";
export * from "./schema/national";
export * from "./schema/forms";
