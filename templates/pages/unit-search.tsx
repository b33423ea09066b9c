import { Page, type LayoutUser } from "../layouts/page";
import { UnitTable, type UnitListItem } from "../components/unit-list";
import { msg } from "../../src/messages";

export function SearchResults(props: { query: string; items: UnitListItem[]; error?: string }) {
  return (
    <div id="search-results">
      {props.error ? (
        <p class="error-text" role="alert">{props.error}</p>
      ) : props.query === "" ? null : props.items.length === 0 ? (
        <p>{msg.searchNoResult}</p>
      ) : (
        <UnitTable items={props.items} caption={`Kết quả cho “${props.query}”: ${props.items.length} đơn vị`} showParent />
      )}
    </div>
  );
}

export function UnitSearchPage(props: { user: LayoutUser; csrfToken: string; query: string; items: UnitListItem[]; error?: string }) {
  return (
    <Page title={msg.searchUnits} user={props.user} csrfToken={props.csrfToken}>
      <h1>{msg.searchUnits}</h1>
      <form method="get" action="/units" role="search" class="search">
        <label for="q">Tên đơn vị</label>
        <input
          id="q"
          name="q"
          type="search"
          value={props.query}
          placeholder={msg.searchPlaceholder}
          maxlength={100}
          hx-get="/units"
          hx-trigger="input changed delay:300ms, search"
          hx-target="#search-results"
          hx-select="#search-results"
          hx-swap="outerHTML"
          hx-push-url="true"
        />
        <button type="submit">Tìm</button>
      </form>
      <SearchResults query={props.query} items={props.items} error={props.error} />
    </Page>
  );
}
