import { describe, expect, it } from "vitest";
import { fold, searchTerms } from "../../src/domain/text";

describe("fold", () => {
  it.each([
    ["Huyện Chợ Lách", "huyen cho lach"],
    ["Đường", "duong"],
    ["đường ĐẠI LỘ", "duong dai lo"],
    ["Nguyễn", "nguyen"],
    ["Xã Vĩnh Bình", "xa vinh binh"],
    // NFD input (decomposed marks) folds the same as NFC
    ["Xa\u0303 Vi\u0303nh Bi\u0300nh", "xa vinh binh"],
    // stacked marks: ệ written as e + circumflex + dot below, in either order
    ["Nghe\u0302\u0323", "nghe"],
    ["Nghe\u0323\u0302", "nghe"],
    ["  Thị   trấn\tChợ-Lách ", "thi tran cho lach"],
    ["Hoà / Hòa", "hoa hoa"],
  ])("%s → %s", (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it("maps both đ and Đ to d and keeps digits", () => {
    expect(fold("Đặc khu Phú Quốc 2")).toBe("dac khu phu quoc 2");
  });
});

describe("searchTerms", () => {
  it("lists every word-start suffix", () => {
    expect(searchTerms("Huyện Chợ Lách")).toEqual(["huyen cho lach", "cho lach", "lach"]);
  });
});
