// Issue 21: recognised hamlets per hamlet-level set (khu dân cư kiểu mẫu, ấp NTM…), for the progress pages.
import { formatNumber } from "../../src/domain/format";

export type HamletCountView = { code: string; title: string; recognised: number };

export function HamletCounts(props: { counts?: HamletCountView[]; hamlets?: number | null }) {
  if (!props.counts || props.counts.length === 0) return null;
  return (
    <p class="hamlet-counts" id="hamlet-counts">
      Ấp, khu phố được công nhận:{" "}
      {props.counts.map((c, i) => (
        <>
          {i > 0 ? " · " : null}
          {c.title}: <strong>{formatNumber(c.recognised)}</strong>
          {props.hamlets ? `/${formatNumber(props.hamlets)}` : null}
        </>
      ))}
    </p>
  );
}
