import { describe, expect, it } from "vitest";
import { userDataDir } from "./user-data-dir";

describe("the web host's default data folder", () => {
  it("is where Electron keeps Ferry's data on each platform", () => {
    expect(userDataDir("linux", {}, "/home/ann")).toBe("/home/ann/.config/Ferry");
    expect(userDataDir("linux", { XDG_CONFIG_HOME: "/home/ann/cfg" }, "/home/ann")).toBe("/home/ann/cfg/Ferry");
    expect(userDataDir("darwin", {}, "/Users/ann")).toBe("/Users/ann/Library/Application Support/Ferry");
    expect(userDataDir("win32", { APPDATA: "C:\\Users\\ann\\AppData\\Roaming" }, "C:\\Users\\ann")).toBe(
      "C:\\Users\\ann\\AppData\\Roaming\\Ferry",
    );
    expect(userDataDir("win32", {}, "C:\\Users\\ann")).toBe("C:\\Users\\ann\\AppData\\Roaming\\Ferry");
  });
});
