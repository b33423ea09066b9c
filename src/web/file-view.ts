// Evidence files as the templates show them.

export type FileView = { id: number; name: string; type: string; size: number; hasThumb: boolean; takenAt: string | null; isPublic: boolean };

export const toFileView = (f: { id: number; fileName: string; contentType: string; size: number; thumbSha256: string | null; takenAt: string | null; isPublic: boolean }): FileView => ({
  id: f.id,
  name: f.fileName,
  type: f.contentType,
  size: f.size,
  // Browsers show JPEG/PNG/WebP; without a browser-made thumbnail a small image is its own preview.
  hasThumb: f.thumbSha256 !== null || (["image/jpeg", "image/png", "image/webp"].includes(f.contentType) && f.size <= 300 * 1024),
  takenAt: f.takenAt,
  isPublic: f.isPublic,
});
