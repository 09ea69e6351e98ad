import { version } from "../package.json";
import { versionLine } from "./version-line.ts";

/**
 * Entry point. `kit --version` answers before anything else is loaded (the build splits every other
 * module into chunks that load on import), so it starts as fast as a hello-world; the rest lives in
 * cli/main.ts.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  console.log(versionLine(version));
} else {
  const cli = await import("./cli/main.ts");
  cli.exitWith(cli.main(argv, version), argv);
}
