/**
 * The command sandbox (`--sandbox`): how the bash tool's command line is wrapped so the OS enforces
 * what it may write and whether it may reach the network. Linux: bubblewrap (`bwrap`), the whole
 * file system read-only except the writable directories, a fresh /dev, and a network namespace of
 * its own unless the network is allowed. macOS: `sandbox-exec` with a profile saying the same.
 * When the sandbox is asked for but cannot run, commands are refused, never run unsandboxed.
 */
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";

export type SandboxMode = "off" | "workspace-write" | "read-only";

export interface SandboxPolicy {
  mode: Exclude<SandboxMode, "off">;
  /** --sandbox-network: commands may use the network. */
  network: boolean;
  /** What commands may write: the working directory and the system temp dir (workspace-write), or nothing. */
  writable: string[];
}

/** The policy of a mode for a working directory; undefined when the sandbox is off. */
export function sandboxPolicy(mode: SandboxMode, network: boolean, cwd: string): SandboxPolicy | undefined {
  if (mode === "off") return undefined;
  const writable = mode === "workspace-write" ? [...new Set([realOrSelf(cwd), realOrSelf(tmpdir())])] : [];
  return { mode, network, writable };
}

/** The flag that asked for it, as messages name it. */
export function describePolicy(p: SandboxPolicy): string {
  return `--sandbox ${p.mode}${p.network ? " --sandbox-network" : ""}`;
}

/** What the model is told about the sandbox up front (in the bash tool's description). */
export function sandboxSummary(p: SandboxPolicy): string {
  const writes = p.writable.length ? `only ${p.writable.join(" and ")} can be written` : "nothing can be written";
  return `Commands run in a sandbox: ${writes}${p.network ? "" : ", and there is no network access"}.`;
}

/**
 * The sandbox of one run: checks once, at the first command, that the sandbox can run here, then
 * wraps each command line.
 */
export class CommandSandbox {
  private checked: Promise<string | undefined> | undefined;

  constructor(
    readonly policy: SandboxPolicy,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Why the sandbox cannot run here (what to do about it included); undefined when it can. */
  unavailable(): Promise<string | undefined> {
    this.checked ??= this.check();
    return this.checked;
  }

  /** The argv that runs `bash -c command` inside the sandbox, in `cwd`. */
  wrap(command: string, cwd: string): string[] {
    const bash = ["bash", "-c", command];
    if (this.platform === "darwin") return ["sandbox-exec", "-p", seatbeltProfile(this.policy), ...bash];
    const args = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev"];
    for (const dir of this.policy.writable) args.push("--bind", dir, dir);
    if (!this.policy.network) args.push("--unshare-net");
    // Ends with kit's bash process, so nothing inside outlives the call's process handling.
    args.push("--die-with-parent", "--chdir", cwd, "--", ...bash);
    return args;
  }

  /**
   * A note for the model when a failed command's output shows the sandbox stopped it, so it asks
   * the user instead of retrying; undefined when nothing points at the sandbox.
   */
  failureNote(output: string): string | undefined {
    const flag = describePolicy(this.policy);
    const where = this.policy.writable.length ? `only ${this.policy.writable.join(" and ")} ${this.policy.writable.length === 1 ? "is" : "are"} writable` : "nothing is writable";
    // bubblewrap's read-only mounts fail writes with EROFS; sandbox-exec denies them with EPERM.
    const denied = this.platform === "darwin" ? /Operation not permitted|EPERM/ : /Read-only file system|EROFS/;
    if (denied.test(output)) {
      const error = this.platform === "darwin" ? "Operation not permitted" : "Read-only file system";
      return `[The command ran in kit's sandbox (${flag}): ${where}, so a write outside that fails with "${error}". Do not retry it as it is: ask the user to allow it (they can run kit with --sandbox off), or write inside the writable directories.]`;
    }
    if (!this.policy.network && /Network is unreachable|Could not resolve|Temporary failure in name resolution|Name or service not known|getaddrinfo|Connection refused|ENETUNREACH|EAI_AGAIN|ECONNREFUSED/i.test(output)) {
      return `[The command ran in kit's sandbox (${flag}) without network access, which is likely why it failed. Do not retry it: ask the user to allow the network (they can run kit with --sandbox-network).]`;
    }
    return undefined;
  }

  private async check(): Promise<string | undefined> {
    const flag = describePolicy(this.policy);
    if (this.platform === "darwin") {
      return Bun.which("sandbox-exec") ? undefined : `${flag} needs sandbox-exec, which is missing: commands are not run unsandboxed. Run kit with --sandbox off to run them without a sandbox.`;
    }
    if (this.platform !== "linux") return `${flag} is not supported on ${this.platform}: commands are not run unsandboxed. Run kit with --sandbox off to run them without a sandbox.`;
    if (!Bun.which("bwrap")) {
      return `${flag} needs bubblewrap (bwrap), which is not installed: commands are not run unsandboxed. Install it (e.g. sudo apt-get install bubblewrap) or run kit with --sandbox off.`;
    }
    // bwrap may be installed where it cannot run (user namespaces disabled, a restricted container).
    const probe = Bun.spawn(this.wrap("true", "/"), { stdin: "ignore", stdout: "ignore", stderr: "pipe" });
    const [stderr, exitCode] = await Promise.all([new Response(probe.stderr).text(), probe.exited]);
    if (exitCode === 0) return undefined;
    const why = stderr.trim().split("\n")[0] || `exit code ${exitCode}`;
    return `${flag}: bubblewrap cannot run here (${why}): commands are not run unsandboxed. Enable unprivileged user namespaces, or run kit with --sandbox off.`;
  }
}

/** The macOS profile: everything allowed except writes outside the writable directories (and /dev), and the network unless allowed. */
export function seatbeltProfile(p: SandboxPolicy): string {
  const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const writable = [...p.writable.map((dir) => `(subpath ${quote(dir)})`), `(subpath "/dev")`];
  return [
    "(version 1)",
    "(allow default)",
    "(deny file-write*)",
    `(allow file-write* ${writable.join(" ")})`,
    ...(p.network ? [] : ["(deny network*)"]),
  ].join("\n");
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
