/**
 * Opens a URL in the user's browser, best effort: without one (SSH, containers) nothing happens, so
 * callers always show the URL too.
 */
export function openBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    Bun.spawn([opener, url], { stdin: "ignore", stdout: "ignore", stderr: "ignore" }).unref();
  } catch {
    // No opener installed: the URL is shown.
  }
}
