// Floor for an interactive program waiting in a terminal (bench/render.ts): a compiled hello-world
// that then waits for keys in raw mode, as kit waits at its prompt. Given a file of frames (a JSON
// array of strings) and an interval in ms, it also writes one frame per interval, cycling through
// them: the floor of kit's animated widget, the same bytes at the same rate. No node: modules, whose
// loading alone would add to the peak RSS this floor stands for.
export {};
process.stdin.setRawMode(true);
process.stdin.on("data", () => {});
process.stdin.resume();
process.stdout.write("hello\r\n");
const [framesFile, intervalMs] = process.argv.slice(2);
if (framesFile) {
  const frames = (await Bun.file(framesFile).json()) as string[];
  let next = 0;
  setInterval(() => process.stdout.write(frames[next++ % frames.length]!), Number(intervalMs));
}
