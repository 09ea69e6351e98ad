// Neon theme: registers "neon", a high-contrast palette with a light and a dark value for every colour slot, and `/neon` to switch to it (`/neon off` switches back).
import type { Context, ExtensionAPI, ThemeColor, ThemeSlot } from "kit/ext";

/** Every slot, so nothing is inherited from the default theme (the type insists on all of them). */
export const NEON: Record<ThemeSlot, ThemeColor> = {
  primary: { light: "#d1008f", dark: "#ff2bd6" },
  secondary: { light: "#007c91", dark: "#00f0ff" },
  success: { light: "#008a3e", dark: "#39ff14" },
  warning: { light: "#a66300", dark: "#ffb300" },
  error: { light: "#c4001d", dark: "#ff3860" },
  info: { light: "#2f4bd8", dark: "#4d9dff" },
  text: { light: "#1a1030", dark: "#f4ecff" },
  muted: { light: "#5d4f7a", dark: "#a99bc9" },
  veryMuted: { light: "#9a8fb3", dark: "#5a4d78" },
  background: { light: "#fbf7ff", dark: "#0b0616" },
  border: { light: "#b400ff", dark: "#b400ff" },
  mutedBorder: { light: "#d9c6f5", dark: "#2e1f4d" },
  system: { light: "#6a00d1", dark: "#c77dff" },
  tool: { light: "#00739e", dark: "#00e5ff" },
  accent: { light: "#c43a00", dark: "#ff6b00" },
  highlight: { light: "#8a7a00", dark: "#fff200" },
  mdHeading: { light: "#d1008f", dark: "#ff2bd6" },
  mdLink: { light: "#2f4bd8", dark: "#00f0ff" },
  mdKeyword: { light: "#6a00d1", dark: "#c77dff" },
  mdString: { light: "#008a3e", dark: "#39ff14" },
  mdNumber: { light: "#c43a00", dark: "#ff9e00" },
  mdComment: { light: "#7a6e94", dark: "#7d6f9e" },
};

export default function neonTheme(kit: ExtensionAPI) {
  let before: string | undefined;
  // Themes are registered through the context; session_start is the first time one is at hand. kit
  // applies a remembered theme when it is registered, so neon chosen last time is back at the next start.
  const register = (ctx: Context) => {
    if (!ctx.listThemes().includes("neon")) ctx.registerTheme("neon", NEON);
  };
  kit.onSessionStart((_e, ctx) => register(ctx));

  kit.registerCommand({
    name: "neon",
    description: "Switch to the neon theme (/neon off: back to the previous one)",
    complete: (prefix) => ["off"].filter((v) => v.startsWith(prefix)),
    execute: (args, ctx) => {
      register(ctx);
      const current = ctx.getTheme().name;
      if (args.trim() === "off") {
        if (current !== "neon") return `The neon theme is not on (the theme is ${current}).`;
        // The theme used before /neon, else the first other one (the built-in default comes first).
        const back = before && before !== "neon" ? before : ctx.listThemes().find((t) => t !== "neon");
        if (!back) return "There is no other theme to switch back to.";
        ctx.setTheme(back);
        return `Theme: ${ctx.getTheme().name}.`;
      }
      if (current === "neon") return "The neon theme is already on.";
      before = current;
      ctx.setTheme("neon");
      return "Theme: neon. /neon off switches back.";
    },
  });
}
