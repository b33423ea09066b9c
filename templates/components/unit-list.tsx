import { UNIT_KIND_NAMES } from "../../src/domain/units";
import { formatNumber } from "../../src/domain/format";
import type { UnitKind } from "../../src/db/schema";

export type UnitListItem = {
  code: string;
  name: string;
  kind: UnitKind;
  communeCount?: number;
  hamletCount?: number;
  parentName?: string | null;
  /** Rendered as a link only when the viewer may open it. */
  viewable: boolean;
  /** Link when not /units/{code} (a closed unit carries ?on=its last day). */
  href?: string;
};

export function UnitTable(props: { items: UnitListItem[]; caption: string; showCommunes?: boolean; showHamlets?: boolean; showParent?: boolean }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Tên</th>
            <th scope="col">Loại</th>
            <th scope="col">Mã</th>
            {props.showParent ? <th scope="col">Thuộc</th> : null}
            {props.showCommunes ? <th scope="col" class="num">Số xã</th> : null}
            {props.showHamlets ? <th scope="col" class="num">Số ấp</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.items.map((u) => (
            <tr>
              <td>{u.viewable ? <a href={u.href ?? `/units/${u.code}`}>{u.name}</a> : <span>{u.name}</span>}</td>
              <td>{UNIT_KIND_NAMES[u.kind]}</td>
              <td class="code">{u.code}</td>
              {props.showParent ? <td>{u.parentName ?? ""}</td> : null}
              {props.showCommunes ? <td class="num">{formatNumber(u.communeCount ?? 0)}</td> : null}
              {props.showHamlets ? <td class="num">{formatNumber(u.hamletCount ?? 0)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
