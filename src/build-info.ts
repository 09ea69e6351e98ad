/**
 * What this binary was built from: the git commit and the release platform (`linux-x64`, `darwin-arm64`, …).
 * In the repository these are the values of a run from source; build.ts replaces this file's content in the
 * compiled binary (Bun.build `files`) with the commit it was built from and the platform it was built for.
 */
export const BUILD_COMMIT: string = "unknown";

/** The release platform of the binary (the tail of its release file name); undefined when running from source. */
export const BUILD_PLATFORM: string | undefined = undefined;
