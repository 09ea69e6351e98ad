// Floor for interactive first paint: a compiled program that writes the bytes kit wrote up to its
// first complete frame (captured in the same bench run, passed as a file) to the terminal, and
// nothing else. Bun.write rather than node:fs, whose loading alone adds a few MB of peak RSS.
export {};
await Bun.write(Bun.stdout, Bun.file(process.argv[2]!));
