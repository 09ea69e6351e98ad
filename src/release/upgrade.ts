/**
 * `kit upgrade [--check] [--version X]` (issue 26): finds the newest release (or X) for this binary's
 * platform, reports it, and unless --check replaces the running executable with it (replace-binary.ts).
 * Nothing checks for updates unless the user runs this.
 */
import { EXIT, KitError } from "../errors.ts";
import { compareVersions, findReleaseBinary, releasesBaseUrl } from "./releases.ts";
import { oldBinaryPath } from "./old-binary.ts";
import { checkReplaceable, replaceBinary } from "./replace-binary.ts";

export interface UpgradeOptions {
  /** The version this binary is (package.json's). */
  current: string;
  /** The release platform this binary was built for; undefined when kit runs from source. */
  platform: string | undefined;
  executable: string;
  env: NodeJS.ProcessEnv;
  check: boolean;
  /** A version to install instead of the newest (may be older: a downgrade). */
  version?: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runUpgrade(opts: UpgradeOptions): Promise<number> {
  if (opts.platform === undefined) {
    throw new KitError("kit upgrade replaces a kit binary from a release; this kit runs from source: update the checkout and run 'npm run build'", EXIT.usage, "usage");
  }
  // Refused before any download: a kit that cannot be replaced needs no release.
  if (!opts.check) checkReplaceable(opts.executable);
  const pinned = opts.version?.replace(/^v/, "");
  const binary = await findReleaseBinary(releasesBaseUrl(opts.env), pinned, opts.platform);
  const order = compareVersions(binary.version, opts.current);
  if (pinned === undefined && order <= 0) {
    opts.out(order === 0 ? `kit ${opts.current} is the newest release` : `kit ${opts.current} is newer than the newest release (${binary.version}); nothing to do`);
    return EXIT.ok;
  }
  if (pinned !== undefined && order === 0) {
    opts.out(`kit ${opts.current} is already installed`);
    return EXIT.ok;
  }
  if (opts.check) {
    opts.out(`kit ${binary.version} is available (this is ${opts.current}); run 'kit upgrade${pinned === undefined ? "" : ` --version ${pinned}`}' to install it`);
    return EXIT.ok;
  }
  opts.err(`Downloading ${binary.url}`);
  await replaceBinary(opts.executable, binary);
  opts.out(`Upgraded kit ${opts.current} → ${binary.version} at ${opts.executable}`);
  opts.out(`The previous binary is kept as ${oldBinaryPath(opts.executable)} until kit next starts.`);
  return EXIT.ok;
}
