// Receipts: the "In phiếu thu" button prints the page (no inline script: CSP script-src 'self').
// Loaded again on each boosted visit, so the listener is added once only.
if (!window.__ntmReceiptPrint) {
  window.__ntmReceiptPrint = true;
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
  });
}
