// The one way templates link a static asset: its path with the content hash as a version query, so the file can
// be cached for a year (public/_headers: immutable) and a changed file is fetched under its new URL.
import { ASSET_VERSIONS } from "./asset-versions";

export type AssetPath = keyof typeof ASSET_VERSIONS;

export const asset = (path: AssetPath): string => `${path}?v=${ASSET_VERSIONS[path]}`;
