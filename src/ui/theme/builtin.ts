/**
 * The 22 built-in themes, embedded in the executable: each file of themes/ is imported through
 * Bun's YAML loader, so the bundler turns it into an object at build time (`bun build --compile`
 * carries it; nothing is read from disk or parsed at run time). They are then validated by the same
 * code as user theme files. Adding a theme = adding a file to themes/ and a line here
 * (test/ui/theme/builtin.test.ts checks the two lists agree).
 */
import kitt from "../../../themes/kitt.yaml";
import catppuccin from "../../../themes/catppuccin.yaml";
import dracula from "../../../themes/dracula.yaml";
import tokyonight from "../../../themes/tokyonight.yaml";
import nord from "../../../themes/nord.yaml";
import gruvbox from "../../../themes/gruvbox.yaml";
import monokai from "../../../themes/monokai.yaml";
import solarized from "../../../themes/solarized.yaml";
import github from "../../../themes/github.yaml";
import oneDark from "../../../themes/one-dark.yaml";
import rosePine from "../../../themes/rose-pine.yaml";
import ayu from "../../../themes/ayu.yaml";
import material from "../../../themes/material.yaml";
import everforest from "../../../themes/everforest.yaml";
import kanagawa from "../../../themes/kanagawa.yaml";
import amoled from "../../../themes/amoled.yaml";
import synthwave from "../../../themes/synthwave.yaml";
import vesper from "../../../themes/vesper.yaml";
import flexoki from "../../../themes/flexoki.yaml";
import matrix from "../../../themes/matrix.yaml";
import vercel from "../../../themes/vercel.yaml";
import zenburn from "../../../themes/zenburn.yaml";

/** Name → contents of every built-in theme file, kitt (the default) first. */
export const BUILTIN_THEMES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["kitt", kitt],
  ["catppuccin", catppuccin],
  ["dracula", dracula],
  ["tokyonight", tokyonight],
  ["nord", nord],
  ["gruvbox", gruvbox],
  ["monokai", monokai],
  ["solarized", solarized],
  ["github", github],
  ["one-dark", oneDark],
  ["rose-pine", rosePine],
  ["ayu", ayu],
  ["material", material],
  ["everforest", everforest],
  ["kanagawa", kanagawa],
  ["amoled", amoled],
  ["synthwave", synthwave],
  ["vesper", vesper],
  ["flexoki", flexoki],
  ["matrix", matrix],
  ["vercel", vercel],
  ["zenburn", zenburn],
]);
