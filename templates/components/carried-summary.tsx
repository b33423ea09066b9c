// The province's confirmed ("thừa nhận") levels of merged communes: what 2026–2030 starts from.
export type CarriedSummary = { rows: { level: string; communes: number }[]; total: number; detailsHref: string };

export function CarriedSummarySection({ s }: { s: CarriedSummary }) {
  return (
    <section id="thua-nhan" class="card" aria-labelledby="thua-nhan-title">
      <h2 id="thua-nhan-title">Mức đạt chuẩn được thừa nhận khi sắp xếp đơn vị (đầu giai đoạn 2026–2030)</h2>
      {s.total === 0 ? (
        <p class="muted">Chưa có quyết định thừa nhận nào cho các xã hình thành sau sắp xếp.</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="thua-nhan-title" tabindex={0}>
          <table id="table-carried">
            <caption>Số xã theo mức được thừa nhận (quyết định của lãnh đạo tỉnh)</caption>
            <thead>
              <tr>
                <th scope="col">Mức thừa nhận</th>
                <th scope="col" class="num">Số xã</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr>
                  <th scope="row">{r.level}</th>
                  <td class="num">{r.communes}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Tổng số xã đã có quyết định</th>
                <td class="num">{s.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <p>
        <a href={s.detailsHref}>Danh sách quyết định thừa nhận</a>
      </p>
    </section>
  );
}
