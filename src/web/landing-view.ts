// What the public landing page (`/` without login) shows: open provinces, commune search hits, latest recognitions.
export type PublicProvince = { id: number; code: string; name: string };
export type PublicHit = { code: string; name: string; parentName: string | null };
export type RecentRecognition = { communeCode: string; communeName: string; level: string; decisionNumber: string | null; decisionDate: string | null };
