/**
 * Canonical names of keyboard shortcuts: lower case, modifiers in the order ctrl, alt, shift, then one
 * key ("ctrl+alt+p", "shift+tab", "f5"). Registration and the UI's key decoder both go through
 * `normalizeShortcut`, so "Ctrl+Shift+Tab", "control+shift+tab" and "shift+ctrl+tab" are one shortcut.
 */

const MODIFIERS = ["ctrl", "alt", "shift"] as const;
type Modifier = (typeof MODIFIERS)[number];

const MODIFIER_ALIASES: Record<string, Modifier> = {
  ctrl: "ctrl",
  control: "ctrl",
  ctl: "ctrl",
  alt: "alt",
  option: "alt",
  opt: "alt",
  meta: "alt",
  shift: "shift",
};

const KEY_ALIASES: Record<string, string> = {
  tab: "tab",
  enter: "enter",
  return: "enter",
  escape: "escape",
  esc: "escape",
  space: "space",
  " ": "space",
  backspace: "backspace",
  delete: "delete",
  del: "delete",
  insert: "insert",
  ins: "insert",
  home: "home",
  end: "end",
  pageup: "pageup",
  pgup: "pageup",
  pagedown: "pagedown",
  pgdn: "pagedown",
  up: "up",
  arrowup: "up",
  down: "down",
  arrowdown: "down",
  left: "left",
  arrowleft: "left",
  right: "right",
  arrowright: "right",
};

/** Shortcuts kit keeps for itself; registering one is refused. */
export const RESERVED_SHORTCUTS: ReadonlySet<string> = new Set(["ctrl+c"]);

/** The canonical name of `key`; throws an Error saying what is wrong when it is not a usable key. */
export function normalizeShortcut(key: string): string {
  if (typeof key !== "string" || key.trim() === "") throw new Error("shortcut key must be a non-empty string");
  const raw = key.trim().toLowerCase();
  // A trailing "+" after a separator is the plus key itself ("ctrl++").
  const parts = raw.endsWith("++") ? [...raw.slice(0, -2).split("+"), "+"] : raw === "+" ? ["+"] : raw.split("+");
  const mods = new Set<Modifier>();
  const keys: string[] = [];
  for (const part of parts.map((p) => (p === " " ? p : p.trim()))) {
    if (part === "") throw new Error(`shortcut "${key}": empty part`);
    const mod = MODIFIER_ALIASES[part];
    if (mod) {
      if (mods.has(mod)) throw new Error(`shortcut "${key}": ${mod} given twice`);
      mods.add(mod);
    } else {
      keys.push(part);
    }
  }
  if (keys.length !== 1) {
    throw new Error(`shortcut "${key}": expected modifiers (ctrl, alt, shift) and exactly one key`);
  }
  const name = keyName(key, keys[0]!);
  if (name.length === 1 && !mods.has("ctrl") && !mods.has("alt")) {
    throw new Error(`shortcut "${key}": a printable key needs ctrl or alt, or it would swallow typing`);
  }
  return [...MODIFIERS.filter((m) => mods.has(m)), name].join("+");
}

function keyName(original: string, part: string): string {
  const named = KEY_ALIASES[part];
  if (named) return named;
  if (/^f([1-9]|1[0-2])$/.test(part)) return part;
  if ([...part].length === 1 && /\P{C}/u.test(part)) return part;
  throw new Error(
    `shortcut "${original}": unknown key "${part}" (use a single character, f1-f12, or one of ${[...new Set(Object.values(KEY_ALIASES))].join(", ")})`,
  );
}

/** Normalises `key` and refuses the reserved ones. Throws with the reason. */
export function checkShortcut(key: string): string {
  const name = normalizeShortcut(key);
  if (RESERVED_SHORTCUTS.has(name)) throw new Error(`shortcut "${key}" is reserved by kit (it cancels and exits)`);
  return name;
}
