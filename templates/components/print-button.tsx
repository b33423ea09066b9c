// "In trang này": prints the page (wide report pages print on A4 landscape, app.css). The click handler is the
// receipts' one (public/receipts-print.js, any [data-print] element): no inline script under the CSP.
export function PrintButton(props: { label?: string }) {
  return (
    <>
      <button type="button" class="no-print" data-print>
        {props.label ?? "In trang này"}
      </button>
      <script src="/receipts-print.js" defer></script>
    </>
  );
}
