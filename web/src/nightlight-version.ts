/**
 * Nightlight's version in the browser: the build writes package.json's version here
 * (vite.config.ts), where src/chart/nightlight-version.ts would read the file.
 */
declare const __NIGHTLIGHT_VERSION__: string;

/** The version of the build. */
export function nightlightVersion(): string {
  return __NIGHTLIGHT_VERSION__;
}
