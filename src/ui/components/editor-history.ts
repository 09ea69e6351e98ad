/**
 * The editor's history of submitted texts, browsed with Up/Down: leaving the text being written
 * keeps it as a draft, and coming back past the newest entry restores it.
 */
export class EditorHistory {
  private readonly entries: string[];
  /** Position while browsing; entries.length = the draft. */
  private index: number;
  private draft = "";

  constructor(
    entries: readonly string[] = [],
    private readonly limit = 500,
  ) {
    this.entries = entries.slice(-limit);
    this.index = this.entries.length;
  }

  /** Submitted texts, oldest first. */
  list(): string[] {
    return [...this.entries];
  }

  /** Records a submitted text (not twice in a row) and stops browsing. */
  add(text: string): void {
    if (this.entries[this.entries.length - 1] !== text) {
      this.entries.push(text);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    this.index = this.entries.length;
    this.draft = "";
  }

  /**
   * One step older (-1) or newer (+1) from `current` (the editor's text): the text to show, or
   * undefined at either end.
   */
  move(direction: -1 | 1, current: string): string | undefined {
    const next = this.index + direction;
    if (next < 0 || next > this.entries.length) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index = next;
    return next === this.entries.length ? this.draft : this.entries[next]!;
  }
}
