/**
 * `kit trust [--list | --revoke [path]]`: trust this project's extensions, MCP servers and config that
 * runs code or redirects keys (after showing exactly what), list the trusted projects, or forget one
 * (app/project-trust.ts decides; install/trust-store.ts keeps the records).
 */
import { defineCommand } from "citty";
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { describeItems, ProjectTrust } from "../../app/project-trust.ts";
import { loadConfig } from "../../config/config.ts";
import { kitPaths } from "../../config/paths.ts";
import { TrustStore } from "../../install/trust-store.ts";

export interface TrustCommandIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

export function trustProject(io: TrustCommandIO): number {
  const load = { cwd: io.cwd, env: io.env, flags: {} };
  const trust = new ProjectTrust(load, loadConfig(load), false);
  const u = trust.untrusted;
  if (!u) {
    const project = realpathSync(io.cwd);
    const trusted = new TrustStore(trust.config.paths.dataDir).get(project);
    io.out(trusted ? `${project} is trusted as it is (kit trust --list shows what was trusted)` : `nothing to trust in ${project}: it has no extensions, MCP servers or config that runs code or redirects keys`);
    return 0;
  }
  io.out(`Trusting ${u.project}; kit will load, while they are unchanged:`);
  for (const line of describeItems(u)) io.out(`  ${line}`);
  trust.settle("trust");
  io.out(`Trusted. A change to any of them asks again; 'kit trust --revoke' forgets this project.`);
  return 0;
}

export function listTrusted(io: TrustCommandIO): number {
  const records = Object.entries(new TrustStore(kitPaths(io.env).dataDir).all());
  if (records.length === 0) {
    io.out("no trusted projects (run 'kit trust' in a project to trust it)");
    return 0;
  }
  for (const [project, record] of records) {
    io.out(`${project}  trusted ${record.trustedAt}`);
    for (const id of Object.keys(record.items)) io.out(`  ${id}`);
  }
  return 0;
}

export function revokeTrust(io: TrustCommandIO, path: string | undefined): number {
  const given = resolve(io.cwd, path ?? ".");
  let project = given;
  try {
    project = realpathSync(given);
  } catch {
    // a project that is gone can still be forgotten by the path it had
  }
  if (!new TrustStore(kitPaths(io.env).dataDir).revoke(project)) {
    io.err(`kit: ${project} is not a trusted project (kit trust --list shows them)`);
    return 1;
  }
  io.out(`${project} is no longer trusted: its extensions, MCP servers and config that runs code are skipped or asked about again`);
  return 0;
}

export const trustCommand = defineCommand({
  meta: { name: "kit trust", description: "Trust this project's extensions, MCP servers and config that runs code or redirects keys (bound to their content); list or revoke trust" },
  args: {
    list: { type: "boolean", description: "list the trusted projects and what was trusted in each" },
    revoke: { type: "boolean", description: "forget the trust of this project, or of the project at PATH" },
    path: { type: "positional", required: false, description: "with --revoke: the project's directory (default: this one)" },
  },
  run: ({ args }) => {
    const io: TrustCommandIO = {
      cwd: process.cwd(),
      env: process.env,
      out: (line) => process.stdout.write(line + "\n"),
      err: (line) => process.stderr.write(line + "\n"),
    };
    if (args.list) return listTrusted(io);
    if (args.revoke) return revokeTrust(io, args.path);
    if (args.path !== undefined) {
      io.err(`kit: 'kit trust' trusts the project in the current directory; cd to ${args.path} and run it there (a path goes with --revoke)`);
      return 2;
    }
    return trustProject(io);
  },
});
