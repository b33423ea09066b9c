// Everything a Worker isolate keeps between requests, forgotten in one call: the test files share one isolate and
// empty the database between them, so ids come back with other rows behind them. A new per-isolate cache goes here.
import { forgetSetDefinitions } from "./criteria-sets";
import { forgetArchiveCounts } from "./level-counts";
import { forgetDefinitions } from "./progress";
import { forgetHeirs } from "./succession";
import { forgetCriterionLabels } from "./public-ledger";

export function forgetIsolateCaches(): void {
  forgetSetDefinitions();
  forgetDefinitions();
  forgetArchiveCounts();
  forgetHeirs();
  forgetCriterionLabels();
}
