import { describe, expect, test } from "bun:test";
import type { ThemeSlot } from "kit/ext";
import { assertCommandRegistered, createHarness } from "kit/test";
import { NEON } from "./neon-theme.ts";

const EXT = `${import.meta.dir}/neon-theme.ts`;

// Written out here, so a slot missing from NEON is caught at run time too, not only by the type.
const SLOTS: Record<ThemeSlot, true> = {
  primary: true, secondary: true, success: true, warning: true, error: true, info: true, text: true, muted: true,
  veryMuted: true, background: true, border: true, mutedBorder: true, system: true, tool: true, accent: true,
  highlight: true, mdHeading: true, mdLink: true, mdKeyword: true, mdString: true, mdNumber: true, mdComment: true,
};
const HEX = /^#[0-9a-f]{6}$/;

describe("neon-theme", () => {
  test("the palette has every slot, each with a light and a dark hex colour", () => {
    expect(Object.keys(NEON).sort()).toEqual(Object.keys(SLOTS).sort());
    for (const [slot, color] of Object.entries(NEON)) {
      expect({ slot, light: HEX.test(color.light), dark: HEX.test(color.dark) }).toEqual({ slot, light: true, dark: true });
    }
  });

  test("is registered when the session starts, without switching to it", async () => {
    const h = await createHarness().load(EXT);
    const start = h.context.getTheme().name;
    await h.emit("session_start");
    expect(h.context.listThemes()).toContain("neon");
    expect(h.context.getTheme().name).toBe(start);
  });

  test("/neon switches to it and getTheme gives its colours for every slot", async () => {
    const h = await createHarness().load(EXT);
    assertCommandRegistered(h, "neon");
    await h.emit("session_start");
    expect(await h.runCommand("neon")).toBe("Theme: neon. /neon off switches back.");
    const theme = h.context.getTheme();
    expect(theme.name).toBe("neon");
    const variant = theme.dark ? "dark" : "light";
    for (const slot of Object.keys(SLOTS) as ThemeSlot[]) expect([slot, theme[slot]]).toEqual([slot, NEON[slot][variant]]);
    expect(await h.runCommand("neon")).toBe("The neon theme is already on.");
  });

  test("/neon off goes back to the theme used before", async () => {
    const h = await createHarness().load(EXT);
    await h.emit("session_start");
    h.context.registerTheme("paper", { text: { light: "#111111", dark: "#eeeeee" } });
    h.context.setTheme("paper");
    expect(await h.runCommand("neon", "off")).toBe("The neon theme is not on (the theme is paper).");
    await h.runCommand("neon");
    expect(await h.runCommand("neon", "off")).toBe("Theme: paper.");
    expect(h.context.getTheme().text).toBe("#eeeeee");
  });

  test("/neon works before any session_start (it registers the theme itself)", async () => {
    const h = await createHarness().load(EXT);
    await h.runCommand("neon");
    expect(h.context.getTheme().primary).toBe(NEON.primary.dark);
  });
});
