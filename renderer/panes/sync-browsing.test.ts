import { describe, expect, it } from "vitest";
import { counterpartOf, parentAndName } from "./sync-browsing";

describe("counterpartOf", () => {
  const roots = { local: "/home/ann/site", remote: "/var/www" };

  it.each([
    ["local", "/home/ann/site/img", "/var/www/img"],
    ["local", "/home/ann/site/img/2026", "/var/www/img/2026"],
    ["local", "/home/ann/site", "/var/www"],
    ["local", "/home/ann", "/var"],
    ["remote", "/var/www/css", "/home/ann/site/css"],
    ["remote", "/var", "/home/ann"],
    ["remote", "/", "/home"],
  ] as const)("%s %s: the other pane goes to %s", (side, path, expected) => {
    expect(counterpartOf(side, path, roots)).toBe(expected);
  });

  it("follows a sideways step: up out of one folder and into another", () => {
    expect(counterpartOf("local", "/home/ann/other/a", roots)).toBe("/var/other/a");
  });

  it("has none above the other pane's root", () => {
    expect(counterpartOf("local", "/", { local: "/a/b/c", remote: "/x" })).toBeUndefined();
  });

  it("keeps a Windows drive's form on the local side", () => {
    const windows = { local: "C:\\Sites\\shop", remote: "/www" };
    expect(counterpartOf("remote", "/www/img", windows)).toBe("C:\\Sites\\shop\\img");
    expect(counterpartOf("local", "C:\\Sites\\shop\\img\\new", windows)).toBe("/www/img/new");
    expect(counterpartOf("local", "D:\\Sites", windows)).toBeUndefined();
  });

  it("compares names case and all", () => {
    expect(counterpartOf("local", "/home/ann/Site/img", roots)).toBe("/var/Site/img");
  });
});

describe("parentAndName", () => {
  it("splits a path into its folder and its name", () => {
    expect(parentAndName("/var/www/img")).toEqual({ parent: "/var/www", name: "img" });
    expect(parentAndName("/img")).toEqual({ parent: "/", name: "img" });
    expect(parentAndName("C:\\Sites\\img")).toEqual({ parent: "C:\\Sites", name: "img" });
    expect(parentAndName("/")).toBeUndefined();
  });
});
