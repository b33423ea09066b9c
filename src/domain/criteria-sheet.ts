// A criteria set as a spreadsheet (CSV or XLSX), full fidelity with the JSON format in criteria-format.ts.
// Pure: no I/O, no clock, no randomness; runs in workerd (SheetJS is used with in-memory arrays only).
// Layout of the sheet: criteria-sheet-layout.ts; CSV/XLSX encodings: criteria-sheet-formats.ts.
import { consistencyProblems, criteriaSetSchema, type CriteriaSetFile, type TargetValue } from "./criteria-format";
import {
  CRITERION_COLUMNS,
  Collector,
  HEADER_ROW,
  INDICATOR_COLUMNS,
  LEVEL_COLUMNS,
  LIST_SEPARATOR,
  SET_COLUMNS,
  SHEET_COLUMNS,
  TARGET_COLUMNS,
  cellOf,
  emptyRow,
  formatBoolean,
  formatNumberCell,
  formatValue,
  isBlankRow,
  parseNumber,
  quoteText,
  sortErrors,
  type SheetError,
  type SheetRow,
} from "./criteria-sheet-layout";
import { Fields, describeIssue, locate, mergeCell, readTargetValue, type CriterionEntry, type IndicatorEntry, type TargetEntry } from "./criteria-sheet-checks";
import { csvToRows, xlsxToRows } from "./criteria-sheet-formats";

// ---------------------------------------------------------------------------------------------------------------
// Set → rows

/** One row per target, preceded by one row per level. The set columns are repeated on every row. */
export function setToRows(set: CriteriaSetFile): SheetRow[] {
  const base = emptyRow();
  base.set_code = set.code;
  base.set_name = set.name;
  base.decision = set.decision;
  base.period_from = formatNumberCell(set.period[0]);
  base.period_to = formatNumberCell(set.period[1]);
  base.applies_to = set.appliesTo.join(LIST_SEPARATOR);
  base.target_key_kind = set.targetKey;
  base.status = set.status;
  base.set_source = set.source ?? "";

  const rows: SheetRow[] = [];
  for (const level of set.levels) {
    rows.push({
      ...base,
      level_code: level.code,
      level_name: level.name,
      level_rank: formatNumberCell(level.rank),
      level_rule: level.rule,
      level_basis: level.basis ?? "",
      level_pilot: level.pilot ? formatBoolean(true) : "",
    });
  }
  for (const criterion of set.criteria) {
    for (const ind of criterion.indicators) {
      for (const t of ind.targets) {
        rows.push({
          ...base,
          criterion_number: formatNumberCell(criterion.number),
          criterion_name: criterion.name,
          group: criterion.group,
          group_name: criterion.groupName,
          revocation_key: formatBoolean(criterion.revocationKey),
          indicator_code: ind.code,
          indicator_name: ind.name,
          kind: ind.kind,
          comparator: ind.comparator,
          unit: ind.unit ?? "",
          indicator_level: ind.level,
          evidence_required: formatBoolean(ind.evidenceRequired),
          guidance: ind.guidance ?? "",
          choices: ind.choices?.join(LIST_SEPARATOR) ?? "",
          target_level: t.level,
          target_key: t.key,
          year_from: formatNumberCell(t.years[0]),
          year_to: formatNumberCell(t.years[1]),
          target_value: formatValue(t.value),
          source: t.source,
          verified: formatBoolean(t.verified),
        });
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → set

/**
 * Reads rows (as produced by csvToRows/xlsxToRows or setToRows) back into a criteria set, validated with
 * criteriaSetSchema and consistencyProblems. Nothing is stored: this is the dry run. `set` is null when there is
 * any error. Row i of `rows` is sheet row i + 2; completely empty rows are skipped.
 */
export function rowsToSet(rows: Record<string, string>[]): { set: CriteriaSetFile | null; errors: SheetError[] } {
  const out = new Collector();
  let setFields: Fields | null = null;
  const levels: { code: string; fields: Fields }[] = [];
  const levelByCode = new Map<string, Fields>();
  const indicators = new Map<string, IndicatorEntry>();
  const targetRows: { row: number; indicator: IndicatorEntry; cells: SheetRow }[] = [];
  let levelRowCount = 0;

  // Pass 1: set, levels, indicators (with their criterion number).
  rows.forEach((raw, i) => {
    const row = i + 2;
    const cells = emptyRow();
    for (const c of SHEET_COLUMNS) cells[c] = cellOf(raw as Record<string, unknown>, c).trim();
    if (isBlankRow(cells)) return;

    setFields ??= new Fields(row, "các cột của bộ tiêu chí phải giống nhau trên mọi dòng (hoặc để trống)");
    for (const c of SET_COLUMNS) mergeCell(out, setFields, row, c, cells[c]);

    if (cells.indicator_code === "") {
      if (cells.level_code === "") {
        out.add(row, undefined, "dòng không có mã chỉ tiêu (indicator_code) cũng không có mã mức (level_code); mỗi dòng là một chỉ tiêu đích hoặc một dòng khai báo mức");
        return;
      }
      // A level row.
      levelRowCount++;
      for (const c of [...CRITERION_COLUMNS, ...INDICATOR_COLUMNS, ...TARGET_COLUMNS]) {
        if (cells[c] !== "") out.add(row, c, "dòng khai báo mức (có level_code, không có indicator_code) phải để trống cột này");
      }
      const fields = new Fields(row, "");
      for (const c of LEVEL_COLUMNS) mergeCell(out, fields, row, c, cells[c]);
      const code = fields.value<string>("level_code");
      if (code === undefined) return;
      const prev = levelByCode.get(code);
      if (prev) {
        out.add(row, "level_code", `mức ${code} đã khai báo ở dòng ${prev.firstRow}`);
        return;
      }
      levelByCode.set(code, fields);
      levels.push({ code, fields });
      return;
    }

    // A target row.
    for (const c of LEVEL_COLUMNS) {
      if (cells[c] !== "") {
        out.add(row, c, "cột này chỉ dùng cho dòng khai báo mức; dòng chỉ tiêu đích dùng target_level và indicator_level");
      }
    }
    const code = cells.indicator_code;
    let indicator = indicators.get(code);
    if (!indicator) {
      indicator = {
        code,
        fields: new Fields(
          row,
          `các dòng cùng mã chỉ tiêu ${code} phải ghi giống nhau hoặc để trống (nếu là hai chỉ tiêu khác nhau thì mã chỉ tiêu bị trùng)`,
        ),
        targets: [],
      };
      indicators.set(code, indicator);
    }
    for (const c of INDICATOR_COLUMNS) mergeCell(out, indicator.fields, row, c, cells[c]);
    mergeCell(out, indicator.fields, row, "criterion_number", cells.criterion_number);
    targetRows.push({ row, indicator, cells });
  });

  if (setFields === null) {
    out.add(HEADER_ROW, undefined, "không có dòng dữ liệu nào");
    return { set: null, errors: out.errors };
  }
  const set: Fields = setFields;
  if (levelRowCount === 0) {
    out.add(HEADER_ROW, undefined, "chưa có dòng khai báo mức nào (dòng có level_code, để trống indicator_code)");
  }
  if (targetRows.length === 0) out.add(HEADER_ROW, undefined, "chưa có dòng chỉ tiêu đích nào (dòng có indicator_code)");

  // Pass 2: criteria in order of first appearance, their fields, targets.
  const criteria = new Map<number, CriterionEntry>();
  const placed = new Set<IndicatorEntry>();
  const reportedMissingCriterion = new Set<IndicatorEntry>();
  for (const { row, indicator, cells } of targetRows) {
    const number = indicator.fields.value<number>("criterion_number");
    if (number === undefined) {
      if (!indicator.fields.failed.has("criterion_number") && !reportedMissingCriterion.has(indicator)) {
        out.add(indicator.fields.firstRow, "criterion_number", `chỉ tiêu ${indicator.code} chưa ghi số tiêu chí`);
      }
      reportedMissingCriterion.add(indicator);
    } else {
      let criterion = criteria.get(number);
      if (!criterion) {
        criterion = {
          number,
          fields: new Fields(row, `các dòng của tiêu chí ${number} phải ghi giống nhau (hoặc để trống)`),
          indicators: [],
        };
        criterion.fields.cells.set("criterion_number", indicator.fields.cells.get("criterion_number")!);
        criteria.set(number, criterion);
      }
      // A row whose own criterion number disagrees was reported above; its criterion cells belong to another criterion.
      const own = cells.criterion_number === "" ? number : parseNumber(cells.criterion_number);
      if (own === number) {
        for (const c of CRITERION_COLUMNS) if (c !== "criterion_number") mergeCell(out, criterion.fields, row, c, cells[c]);
      }
      if (!placed.has(indicator)) {
        placed.add(indicator);
        criterion.indicators.push(indicator);
      }
    }

    const target = new Fields(row, "");
    for (const c of TARGET_COLUMNS) if (c !== "target_value") mergeCell(out, target, row, c, cells[c]);
    const entry: TargetEntry = { fields: target, row, valueText: cells.target_value };
    readTargetValue(out, indicator, entry);
    indicator.targets.push(entry);
  }

  // Checks that need the whole sheet, each pointed at its row and column (mirrors consistencyProblems).
  const targetKeyKind = set.value<string>("target_key_kind");
  for (const indicator of indicators.values()) {
    const f = indicator.fields;
    const where = `chỉ tiêu ${indicator.code}`;
    const level = f.value<string>("indicator_level");
    if (level !== undefined && !levelByCode.has(level)) {
      out.add(f.rowOf("indicator_level"), "indicator_level", `mức ${level} của ${where} chưa có dòng khai báo mức`);
    }
    const kind = f.value<string>("kind");
    const comparator = f.value<string>("comparator");
    const choices = f.value<string[]>("choices");
    if (kind === "choice" && !choices?.length && !f.failed.has("choices")) {
      out.add(f.rowOf("choices"), "choices", `${where} loại choice cần danh sách lựa chọn (các mục cách nhau bằng “|”)`);
    }
    if ((kind === "number" || kind === "percent") && comparator === "in") {
      out.add(f.rowOf("comparator"), "comparator", `${where} loại ${kind} không dùng được phép so sánh “in” (chỉ dùng cho loại choice)`);
    }
    const seen = new Map<string, number>();
    for (const t of indicator.targets) {
      const tl = t.fields.value<string>("target_level");
      if (tl !== undefined && !levelByCode.has(tl)) {
        out.add(t.row, "target_level", `mức ${tl} chưa có dòng khai báo mức`);
      }
      const from = t.fields.value<number>("year_from");
      const to = t.fields.value<number>("year_to");
      if (from !== undefined && to !== undefined && from > to) {
        out.add(t.row, "year_from", `năm bắt đầu ${from} sau năm kết thúc ${to}`);
      }
      const key = t.fields.value<string>("target_key");
      if (key !== undefined && key !== "all" && targetKeyKind !== undefined) {
        const keyKind = /^\d$/.test(key) ? "group" : "region";
        if (keyKind !== targetKeyKind) {
          out.add(
            t.row,
            "target_key",
            `khóa ${quoteText(key)} không hợp với bộ tiêu chí chia chỉ tiêu đích theo ${targetKeyKind === "region" ? "vùng (region)" : "nhóm xã (group)"}`,
          );
        }
      }
      if (tl !== undefined && key !== undefined && from !== undefined && to !== undefined) {
        const id = `${tl}|${key}|${from}|${to}`;
        const prev = seen.get(id);
        if (prev !== undefined) {
          out.add(t.row, undefined, `trùng chỉ tiêu đích với dòng ${prev} (cùng chỉ tiêu ${indicator.code}, mức, khóa và năm áp dụng)`);
        } else {
          seen.set(id, t.row);
        }
      }
    }
  }

  // Build the JSON shape; missing values stay undefined so the schema names them.
  const levelList = levels.map(({ fields }) => {
    const basis = fields.value<string>("level_basis");
    return {
      code: fields.value<string>("level_code"),
      name: fields.value<string>("level_name"),
      rank: fields.value<number>("level_rank"),
      rule: fields.value<string>("level_rule") ?? "",
      ...(basis !== undefined ? { basis } : {}),
      ...(fields.value<boolean>("level_pilot") ? { pilot: true } : {}),
    };
  });
  const criterionList = [...criteria.values()].map(({ fields, indicators: inds }) => ({
    number: fields.value<number>("criterion_number"),
    name: fields.value<string>("criterion_name"),
    group: fields.value<string>("group") ?? "",
    groupName: fields.value<string>("group_name") ?? "",
    revocationKey: fields.value<boolean>("revocation_key"),
    indicators: inds.map(({ fields: f, targets }) => {
      const unit = f.value<string>("unit");
      const guidance = f.value<string>("guidance");
      const choices = f.value<string[]>("choices");
      return {
        code: f.value<string>("indicator_code"),
        name: f.value<string>("indicator_name"),
        kind: f.value<string>("kind"),
        comparator: f.value<string>("comparator"),
        ...(unit !== undefined ? { unit } : {}),
        level: f.value<string>("indicator_level"),
        evidenceRequired: f.value<boolean>("evidence_required"),
        ...(guidance !== undefined ? { guidance } : {}),
        ...(choices !== undefined ? { choices } : {}),
        targets: targets.map(({ fields: t }) => ({
          level: t.value<string>("target_level"),
          key: t.value<string>("target_key"),
          years: [t.value<number>("year_from"), t.value<number>("year_to")],
          value: t.value<TargetValue>("target_value"),
          source: t.value<string>("source") ?? "",
          verified: t.value<boolean>("verified"),
        })),
      };
    }),
  }));
  const source = set.value<string>("set_source");
  const candidate = {
    code: set.value<string>("set_code"),
    name: set.value<string>("set_name"),
    decision: set.value<string>("decision"),
    period: [set.value<number>("period_from"), set.value<number>("period_to")],
    appliesTo: set.value<string[]>("applies_to"),
    targetKey: set.value<string>("target_key_kind"),
    status: set.value<string>("status"),
    ...(source !== undefined ? { source } : {}),
    levels: levelList,
    criteria: criterionList,
  };

  const parsed = criteriaSetSchema.safeParse(candidate);
  if (!parsed.success) {
    const located = { set, levels: levels.map((l) => l.fields), criteria: [...criteria.values()] };
    for (const issue of parsed.error.issues) {
      const at = locate(located, issue.path);
      if (!at) continue; // an empty list already reported above
      if (at.column && at.fields.failed.has(at.column)) continue;
      out.add(at.row, at.column, describeIssue(issue, at.column, at.column ? at.fields.textOf(at.column) : ""));
    }
  }
  if (out.errors.length === 0 && parsed.success) {
    // Backstop: every rule of consistencyProblems is checked above with its row; anything left is still reported.
    for (const problem of consistencyProblems(parsed.data)) {
      const code = /^Chỉ tiêu (\S+?):?\s/.exec(problem)?.[1];
      const ind = code ? indicators.get(code) : undefined;
      const row = ind ? ind.fields.firstRow : set.firstRow;
      out.errors.push({ row, message: `Dòng ${row}: ${problem}` });
    }
  }
  const errors = sortErrors(out.errors);
  return { set: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Conveniences

/** CSV text → set (dry run): the errors of csvToRows and rowsToSet together. */
export function csvToSet(text: string): { set: CriteriaSetFile | null; errors: SheetError[]; rows: SheetRow[] } {
  const parsed = csvToRows(text);
  const result = rowsToSet(parsed.rows);
  const errors = sortErrors([...parsed.errors, ...result.errors]);
  return { set: errors.length ? null : result.set, errors, rows: parsed.rows };
}

/** XLSX bytes → set (dry run): the errors of xlsxToRows and rowsToSet together. */
export function xlsxToSet(data: ArrayBuffer | Uint8Array): { set: CriteriaSetFile | null; errors: SheetError[]; rows: SheetRow[] } {
  const parsed = xlsxToRows(data);
  const result = rowsToSet(parsed.rows);
  const errors = sortErrors([...parsed.errors, ...result.errors]);
  return { set: errors.length ? null : result.set, errors, rows: parsed.rows };
}

/** "bo-tieu-chi-QD318-2022-XA.xlsx" */
export function exportFileName(set: Pick<CriteriaSetFile, "code">, ext: "csv" | "xlsx" | "json" | string): string {
  const code = set.code.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "bo";
  return `bo-tieu-chi-${code}.${ext.replace(/^\.+/, "").toLowerCase()}`;
}
