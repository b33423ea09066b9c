// Download links for one criteria set in each export format (JSON, CSV, XLSX), shared by the admin list and set pages.

const EXPORTS = [
  { format: "json", label: "JSON" },
  { format: "csv", label: "CSV" },
  { format: "xlsx", label: "XLSX" },
] as const;

export function ExportLinks(props: { id: number; code: string }) {
  return (
    <span class="export-links" hx-boost="false">
      {EXPORTS.map((e) => (
        <a href={`/admin/criteria/${props.id}/export/${e.format}`} download aria-label={`Tải bộ ${props.code} dạng ${e.label}`}>
          {e.label}
        </a>
      ))}
    </span>
  );
}
