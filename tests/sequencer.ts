// Test file order for a run without vitest's timing cache (a fresh clone: vitest then starts the largest files first).
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * A sequencer starting the files named in `first` (file names without `.test.ts`, slowest first) so the workers end
 * together, and running `lastProject`'s files after all others.
 */
export function slowestFirst(first: string[], lastProject?: string) {
  const rank = (file: TestSpecification) => {
    if (file.project.name === lastProject) return first.length + 1;
    const i = first.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));
    return i < 0 ? first.length : i;
  };
  return class SlowestFirst extends BaseSequencer {
    async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
    }
  };
}
