// The checklist page's reads in one batch: the checklist and what the page shows beside it.
import type { Db } from "../db/client";
import { inBatch } from "../db/prepared";
import type { Unit } from "../db/schema";
import { checklistFrom } from "./checklist";
import { checklistReads } from "./checklist-queries";
import { allFilesOfQuery } from "./evidence-files";
import { noticeDossiersQuery } from "./recognition-queries";
import { linkedQueries } from "./succession";
import { inChainOrder, parentChainInBatch } from "./units";

/**
 * The checklist page's reads in one batch (one D1 round trip): the checklist's four, the commune's evidence files,
 * its ancestors (breadcrumbs), its dossiers (recognition notices) and the communes it was formed from.
 */
export async function loadChecklistPage(db: Db, unit: Unit) {
  const [bindingRows, setRows, rows, rollupRows, files, ancestors, dossierRows, predecessors] = await db.batch([
    ...checklistReads(db, unit.id),
    inBatch(allFilesOfQuery(db), { unitId: unit.id, kind: "indicator" }),
    parentChainInBatch(db, unit),
    inBatch(noticeDossiersQuery(db), { communeId: unit.id }),
    inBatch(linkedQueries(db).successor, { unitId: unit.id }),
  ]);
  const checklist = await checklistFrom(db, unit, bindingRows, setRows, rows, rollupRows);
  return checklist && { checklist, files, chain: inChainOrder(ancestors), dossiers: dossierRows, predecessors };
}

