/** Why dist/ under the package folder `root` cannot be used as it is, or undefined when it is a build of the current sources (see distStale.mjs). */
export function distStaleness(root: string): string | undefined;
