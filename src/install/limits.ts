/**
 * What `kit install` accepts from a repository (README, "Installing extensions"). A pack of a few hundred KB
 * can hold a file of gigabytes (zeros compress about 1000:1), or a tree that names one blob or one
 * folder thousands of times; without limits, fetching it would take minutes and gigabytes of memory.
 */
const MB = 1024 * 1024;

export interface InstallLimits {
  fileBytes: number;
  totalBytes: number;
  entries: number;
  warnExtensions: number;
  maxExtensions: number;
}

export const INSTALL_LIMITS: Readonly<InstallLimits> = {
  /** The most one file (any one object a fetch receives) may hold. */
  fileBytes: 50 * MB,
  /** The most all files of the installed commit may hold together, and the most a fetch may download. */
  totalBytes: 250 * MB,
  /** The most files and folders the installed commit may have. */
  entries: 50_000,
  /** Past this many extensions in one package, install warns (each one loads at every start). */
  warnExtensions: 50,
  /** Past this many, install refuses and asks for a choice (--include, --select). */
  maxExtensions: 500,
};

/** "50 MB", "1.5 GB": a size as the limits' messages show it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${Number.isInteger(bytes / MB) ? bytes / MB : (bytes / MB).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
