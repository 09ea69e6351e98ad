import { defineCommand } from "citty";
import { version } from "../../../package.json";
import { BUILD_PLATFORM } from "../../build-info.ts";
import { runUpgrade } from "../../release/upgrade.ts";

export const upgradeCommand = defineCommand({
  meta: {
    name: "kit upgrade",
    description:
      "Replace this kit with the newest release (or --version X) for its platform, checked against the release's SHA256SUMS. " +
      "Releases come from KIT_INSTALL_BASE_URL when set (a mirror), else GitHub",
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
      check: args.check === true,
      ...(args.version ? { version: args.version } : {}),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    }),
});
