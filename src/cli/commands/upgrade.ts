import { defineCommand } from "citty";
import { version } from "../../../package.json";
import { BUILD_PLATFORM } from "../../build-info.ts";
import { ProjectTrust } from "../../app/project-trust.ts";
import { loadConfig } from "../../config/config.ts";
import { runUpgrade } from "../../release/upgrade.ts";

export const upgradeCommand = defineCommand({
  meta: {
    name: "kit upgrade",
    description:
      "Replace this kit with the newest release (or --version X) for its platform, checked against the release's SHA256SUMS. " +
      "Releases come from KIT_INSTALL_BASE_URL when set (a mirror), else the upgrade-url config key, else GitHub",
  },
  args: {
    check: { type: "boolean", description: "only say whether a newer release exists" },
    version: { type: "string", valueHint: "X", description: "install release X instead of the newest (a downgrade too)" },
  },
  run: ({ args }) =>
    runUpgrade({
      current: version,
      platform: BUILD_PLATFORM,
      executable: process.execPath,
      env: process.env,
      releasesUrl: configuredReleasesUrl(),
      check: args.check === true,
      ...(args.version ? { version: args.version } : {}),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    }),
});

/**
 * The `upgrade-url` config key. It chooses the binary that replaces kit, so an untrusted project's value
 * is skipped (and said so; the project's other items do not matter here) as in a run without anyone to ask.
 */
function configuredReleasesUrl(): string | undefined {
  const load = { cwd: process.cwd(), env: process.env, flags: {} };
  const trust = new ProjectTrust(load, loadConfig(load), false);
  if (trust.untrusted?.changed.has("config upgrade-url")) {
    console.error(`kit: skipped this project's upgrade-url (not trusted, or changed since); run 'kit trust' in ${trust.untrusted.project} to use it`);
  }
  return trust.settle("skip").string("upgrade-url");
}
