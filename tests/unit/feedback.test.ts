import { describe, expect, it } from "vitest";
import {
  FEEDBACK_ACTIONS,
  FEEDBACK_STATUS_LIST,
  availableActions,
  averageRating,
  buildDigest,
  decide,
  dueDateError,
  flagsDue,
  routingAction,
  slaState,
  titleFrom,
  workingDaysLeft,
  type DigestItem,
  type FeedbackAction,
  type FeedbackStatus,
  type Party,
} from "../../src/domain/feedback";
import { DEFAULT_HOLIDAYS } from "../../src/domain/working-days";
import { statusOf } from "../../src/web/outcome";

const H = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));

// The workflow written out independently of TRANSITIONS: the status an action leads to from each status
// ("-" = impossible, 409), and the only parties who may do it (others: 403).
//                        new       routed       in_progress  answered  closed  returned
const MATRIX: Record<FeedbackAction, [string, Party[]]> = {
  route: /*          */ ["routed    -            -            -         -       routed", ["coordinator"]],
  reroute: /*        */ ["-         routed       routed       -         -       -", ["coordinator"]],
  accept: /*         */ ["-         in_progress  -            -         -       -", ["department"]],
  return: /*         */ ["-         returned     returned     -         -       -", ["department"]],
  answer: /*         */ ["-         answered     answered     -         -       -", ["department"]],
  rate: /*           */ ["-         -            -            closed    -       -", ["sender"]],
  close: /*          */ ["-         -            -            closed    -       -", ["coordinator"]],
  comment: /*        */ ["new       routed       in_progress  answered  -       returned", ["coordinator", "department", "sender"]],
};
const STATUSES: FeedbackStatus[] = ["new", "routed", "in_progress", "answered", "closed", "returned"];
const PARTIES: Party[] = ["coordinator", "department", "sender"];

describe("feedback transitions (who may do what from which status)", () => {
  it("the matrix covers every action and status", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...FEEDBACK_ACTIONS].sort());
    expect([...STATUSES].sort()).toEqual([...FEEDBACK_STATUS_LIST].sort());
  });

  for (const action of FEEDBACK_ACTIONS) {
    const [row, allowed] = MATRIX[action];
    const targets = row.trim().split(/\s+/);
    STATUSES.forEach((status, i) => {
      for (const party of PARTIES) {
        const expected = !allowed.includes(party) ? 403 : targets[i] === "-" ? 409 : targets[i];
        it(`${party} ${action} from ${status} → ${expected}`, () => {
          const d = decide(action, status, [party]);
          if (typeof expected === "number") {
            expect(d.ok).toBe(false);
            if (!d.ok) {
              expect(statusOf(d)).toBe(expected);
              expect(d.message).toMatch(expected === 403 ? /không được thực hiện/ : /Không thể/);
            }
          } else {
            expect(d).toEqual({ ok: true, to: expected });
          }
        });
      }
    });
  }

  it("no party at all (a leader reading) may do nothing", () => {
    for (const action of FEEDBACK_ACTIONS) for (const status of STATUSES) expect(decide(action, status, [])).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("403 wins over 409 and a 409 names the current status in Vietnamese", () => {
    expect(decide("answer", "closed", ["sender"])).toMatchObject({ kind: "forbidden" });
    const d = decide("answer", "closed", ["department"]);
    expect(d).toMatchObject({ ok: false, kind: "conflict" });
    if (!d.ok) expect(d.message).toContain("Đã đóng");
  });

  it("an actor holding two parties gets the union", () => {
    expect(availableActions("answered", ["coordinator", "sender"]).sort()).toEqual(["close", "comment", "rate"]);
    expect(availableActions("routed", ["department"]).sort()).toEqual(["accept", "answer", "comment", "return"]);
    expect(availableActions("closed", PARTIES)).toEqual([]);
    expect(availableActions("new", ["coordinator"]).sort()).toEqual(["comment", "route"]);
  });

  it.each([
    ["new", "route"],
    ["returned", "route"],
    ["routed", "reroute"],
    ["in_progress", "reroute"],
  ] as const)("routingAction(%s) = %s", (status, action) => expect(routingAction(status)).toBe(action));
});

describe("slaState", () => {
  // Received Monday 02/03/2026, due Monday 16/03/2026.
  const open = { receivedDate: "2026-03-02", dueDate: "2026-03-16", answeredDate: null };
  it.each([
    ["2026-03-05", "ok", 30, false],
    ["2026-03-12", "warn", 80, false],
    ["2026-03-16", "due", 100, false],
    ["2026-03-17", "overdue", 110, true],
  ])("open on %s → %s", (today, level, used, overdue) => {
    expect(slaState(open, today, H)).toEqual({ level, usedPercent: used, overdue });
  });

  it("answered items are done or late, measured at the answer", () => {
    expect(slaState({ ...open, answeredDate: "2026-03-13" }, "2026-04-30", H)).toEqual({ level: "done", usedPercent: 90, overdue: false });
    expect(slaState({ ...open, answeredDate: "2026-03-18" }, "2026-04-30", H)).toEqual({ level: "overdue", usedPercent: 120, overdue: true });
  });

  it("workingDaysLeft counts down and goes negative", () => {
    expect(workingDaysLeft("2026-03-16", "2026-03-12", H)).toBe(2);
    expect(workingDaysLeft("2026-03-16", "2026-03-16", H)).toBe(0);
    expect(workingDaysLeft("2026-03-16", "2026-03-18", H)).toBe(-2);
  });
});

describe("flagsDue (80 % and 100 % warnings, once each)", () => {
  const base = { receivedDate: "2026-03-02", dueDate: "2026-03-16", status: "routed" as FeedbackStatus, flagged80: false, flagged100: false };
  it.each([
    ["79 %: nothing", { ...base }, "2026-03-11", false, false],
    ["80 %", { ...base }, "2026-03-12", true, false],
    ["90 %, not flagged before", { ...base }, "2026-03-13", true, false],
    ["90 %, 80 already flagged", { ...base, flagged80: true }, "2026-03-13", false, false],
    ["100 % on the due date", { ...base, flagged80: true }, "2026-03-16", false, true],
    ["100 % without an 80 flag: only the 100 one", { ...base }, "2026-03-16", false, true],
    ["weekend before the due date stays at 90 %", { ...base, flagged80: true }, "2026-03-15", false, false],
    ["overdue, flagged at 100 before", { ...base, flagged80: true, flagged100: true }, "2026-03-20", false, false],
    ["in progress counts", { ...base, status: "in_progress" as FeedbackStatus }, "2026-03-12", true, false],
    ["returned counts (still unanswered)", { ...base, status: "returned" as FeedbackStatus }, "2026-03-16", false, true],
    ["new counts", { ...base, status: "new" as FeedbackStatus }, "2026-03-12", true, false],
    ["answered never", { ...base, status: "answered" as FeedbackStatus }, "2026-03-20", false, false],
    ["closed never", { ...base, status: "closed" as FeedbackStatus }, "2026-03-20", false, false],
  ])("%s", (_name, item, today, flag80, flag100) => {
    expect(flagsDue(item, today, H)).toEqual({ flag80, flag100 });
  });

  it("across Tết the 80 % point moves with the holidays", () => {
    // Received 12/02/2026, due 05/03/2026: 8 working days used on 03/03.
    const item = { ...base, receivedDate: "2026-02-12", dueDate: "2026-03-05" };
    expect(flagsDue(item, "2026-03-02", H).flag80).toBe(false);
    expect(flagsDue(item, "2026-03-03", H).flag80).toBe(true);
  });
});

describe("buildDigest (monthly figures)", () => {
  const period = { from: "2026-10-01", to: "2026-10-31", dayAfter: "2026-11-01" };
  const item = (p: Partial<DigestItem>): DigestItem => ({ departmentId: 1, categoryId: 10, receivedDate: "2026-10-05", dueDate: "2026-10-19", answeredDate: null, rating: null, ...p });
  const items: DigestItem[] = [
    item({ answeredDate: "2026-10-15", rating: 5 }), // received, answered on time
    item({ answeredDate: "2026-10-20", rating: 2 }), // received, answered late
    item({ departmentId: 2, categoryId: 11, receivedDate: "2026-10-20", dueDate: "2026-11-03" }), // received, pending, not yet due
    item({ departmentId: 2, receivedDate: "2026-10-10", dueDate: "2026-10-31" }), // pending, due on the last day → overdue at month end
    item({ departmentId: 2, receivedDate: "2026-09-20", dueDate: "2026-10-02", answeredDate: "2026-10-02" }), // received before, answered on time in October
    item({ departmentId: null, categoryId: 12, receivedDate: "2026-09-25", dueDate: "2026-10-09" }), // not routed, overdue
    item({ receivedDate: "2026-10-28", dueDate: "2026-11-11", answeredDate: "2026-11-02" }), // received in October, answered in November → pending at month end
    item({ receivedDate: "2026-09-01", dueDate: "2026-09-15", answeredDate: "2026-09-10" }), // all in September: ignored
    item({ receivedDate: "2026-11-02", dueDate: "2026-11-16" }), // November: ignored
  ];
  const names = { departments: new Map([[1, "Sở Xây dựng"], [2, "Sở Nông nghiệp và Môi trường"]]), categories: new Map([[10, "Giao thông"], [11, "Nông nghiệp"], [12, "Khác"]]) };
  const digest = buildDigest(period, items, names);

  it("totals", () => {
    expect(digest.total).toEqual({ received: 5, answered: 3, answeredOnTime: 2, answeredLate: 1, pending: 4, overdue: 2, onTimeRate: 66.7, ratings: 2, ratingSum: 7 });
  });

  it("by department: sorted by name, not-routed last", () => {
    expect(digest.byDepartment.map((r) => [r.id, r.name, r.figures.received, r.figures.answered, r.figures.answeredOnTime, r.figures.pending, r.figures.overdue, r.figures.onTimeRate])).toEqual([
      [2, "Sở Nông nghiệp và Môi trường", 2, 1, 1, 2, 1, 100],
      [1, "Sở Xây dựng", 3, 2, 1, 1, 0, 50],
      [null, "Chưa chuyển sở, ngành", 0, 0, 0, 1, 1, null],
    ]);
  });

  it("by category", () => {
    expect(digest.byCategory.map((r) => [r.name, r.figures.received, r.figures.answered, r.figures.pending])).toEqual([
      ["Giao thông", 4, 3, 2],
      ["Khác", 0, 0, 1],
      ["Nông nghiệp", 1, 0, 1],
    ]);
  });

  it("an empty month has no rate", () => {
    const empty = buildDigest(period, [], names);
    expect(empty.total.onTimeRate).toBeNull();
    expect(empty.byDepartment).toEqual([]);
  });

  it("unknown names fall back to a numbered label", () => {
    const d = buildDigest(period, [item({ departmentId: 9, categoryId: 99 })], names);
    expect(d.byDepartment[0].name).toBe("Sở, ngành #9");
    expect(d.byCategory[0].name).toBe("Lĩnh vực #99");
  });

  it("averageRating", () => {
    expect(averageRating(digest.total)).toBe(3.5);
    expect(averageRating({ ratings: 0, ratingSum: 0 })).toBeNull();
    expect(averageRating({ ratings: 3, ratingSum: 13 })).toBe(4.3);
  });
});

describe("input rules", () => {
  it.each([
    ["Ngắn gọn", "Ngắn gọn"],
    ["  nhiều   khoảng\ntrắng ", "nhiều khoảng trắng"],
    ["Đường liên ấp Vĩnh Hiệp – Vĩnh Bắc xuống cấp nghiêm trọng, xe tải nhỏ không qua được cầu, đề nghị sớm sửa chữa", "Đường liên ấp Vĩnh Hiệp – Vĩnh Bắc xuống cấp nghiêm trọng, xe tải nhỏ không…"],
    ["x".repeat(100), `${"x".repeat(79)}…`],
  ])("titleFrom(%j)", (input, expected) => {
    expect(titleFrom(input)).toBe(expected);
    expect(titleFrom(input).length).toBeLessThanOrEqual(80);
  });

  it.each([
    [null, "2026-11-27", null],
    ["2026-11-27", "2026-11-27", null],
    ["2026-12-01", "2026-11-27", null],
    ["2026-11-26", "2026-11-27", "Hạn trả lời không được trước ngày hôm nay."],
  ])("dueDateError(%s, today %s)", (due, today, expected) => expect(dueDateError(due, today)).toBe(expected));
});
