// The version of a new build task (§3.3): start_version at first, then the number inside it counts
// up from the previous build's version, as long as the text around the number stays the same.

/** What a build or deploy task's run is told of versions (§3.3). */
export interface BuildVars {
  type: string;
  incomingVersion: string | null;
  targetVersion: string | null;
}

const VERSION_PARTS = /^(.*[^\d])?(\d+)([^\d].*)?$/;

interface VersionParts {
  prefix: string;
  digits: string;
  suffix: string;
}

function split(version: string): VersionParts | null {
  const m = VERSION_PARTS.exec(version);
  return m ? { prefix: m[1] ?? '', digits: m[2], suffix: m[3] ?? '' } : null;
}

/**
 * `previous` is the version of the template's latest task that has one, or null.
 * Returns null when the template has no start version (nothing to count from).
 */
export function nextBuildVersion(
  startVersion: string | null | undefined,
  previous: string | null | undefined,
): string | null {
  if (!startVersion) return null;
  if (!previous) return startVersion;
  const start = split(startVersion);
  const prev = split(previous);
  if (!start || !prev || start.prefix !== prev.prefix || start.suffix !== prev.suffix) return startVersion;
  const next = BigInt(prev.digits) + 1n;
  if (BigInt(start.digits) >= next) return startVersion;
  // A zero-padded start number ("build-007") keeps its width.
  return `${start.prefix}${next.toString().padStart(start.digits.length, '0')}${start.suffix}`;
}
