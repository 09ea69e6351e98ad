/**
 * The preload bundle of `kit test`, as text. In the repository it is undefined; build.ts replaces this
 * file's content in the compiled binary (Bun.build `files`) with the bundle it built just before. When
 * kit runs from source, `kit test` builds the bundle on demand instead (preload-build.ts).
 */
export const EMBEDDED_PRELOAD: string | undefined = undefined;
