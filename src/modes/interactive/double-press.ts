/**
 * Double presses in the interactive UI: Ctrl+C twice on an empty idle input quits. The first press
 * shows a hint under the editor for as long as a second one counts; the next key takes the hint away.
 */

/** Two presses of Ctrl+C (quit) within this count as a double press. */
export const DOUBLE_PRESS_MS = 1000;

export type DoublePressKey = "ctrl+c";

export class DoublePresses {
  private readonly lastAt: Record<DoublePressKey, number> = { "ctrl+c": 0 };
  private shown: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `changed`: the hint line appeared or went (the live region is drawn again). */
  constructor(private readonly changed: () => void) {}

  /** A short message under the editor (press again to …), if one shows. */
  get hint(): string | undefined {
    return this.shown;
  }

  /** A key arrived: the hint, which was about the key before it, goes. */
  keyArrived(): void {
    this.shown = undefined;
  }

  /** True when this press of `key` is the second in time (and starts over); otherwise `hint` shows. */
  press(key: DoublePressKey, hint: string): boolean {
    const now = Date.now();
    if (now - this.lastAt[key] < DOUBLE_PRESS_MS) {
      this.lastAt[key] = 0;
      return true;
    }
    this.lastAt[key] = now;
    this.flash(hint);
    return false;
  }

  /** Something else came between: the next press of `key` is a first one again. */
  forget(key: DoublePressKey): void {
    this.lastAt[key] = 0;
  }

  /** Kit quits: the hint's timer must not keep the process alive. */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /** Shows a hint for as long as a double press counts (one timer, which then ends). */
  private flash(hint: string): void {
    this.shown = hint;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.shown === hint) this.shown = undefined;
      this.changed();
    }, DOUBLE_PRESS_MS);
    this.changed();
  }
}
