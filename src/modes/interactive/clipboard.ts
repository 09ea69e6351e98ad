/**
 * Copying to the clipboard of the terminal the user sits at, through OSC 52: the terminal sets its
 * clipboard from the escape sequence, so it works over SSH. Inside tmux the sequence is also sent
 * wrapped in tmux's passthrough (for `allow-passthrough on`); plain OSC 52 reaches the outer
 * terminal when tmux's `set-clipboard` is on.
 */

/** The bytes that put `text` on the clipboard. */
export function osc52(text: string, env: Record<string, string | undefined> = process.env): string {
  const data = Buffer.from(text, "utf8").toString("base64");
  const plain = `\x1b]52;c;${data}\x07`;
  if (!env.TMUX) return plain;
  // tmux passthrough: DCS tmux; <sequence with every ESC doubled> ST
  return plain + `\x1bPtmux;${plain.replaceAll("\x1b", "\x1b\x1b")}\x1b\\`;
}
