import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ReadStream } from 'node:fs';

/** Content types of the files a Vite build writes. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file to send: its stream, type, length, and how long browsers may keep it. */
export interface StaticFile {
  stream(): ReadStream;
  contentType: string;
  size: number;
  cacheControl: string;
  /** `br` or `gzip` when the stream is the build's precompressed copy of the file. */
  contentEncoding?: 'br' | 'gzip';
}

/** Precompressed copies the build writes next to a file, best first. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** The encodings an `Accept-Encoding` header admits (`q=0` refuses one). */
function accepted(header: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name && (q === undefined || Number(q) > 0)) names.add(name.trim());
  }
  return names;
}

/**
 * The built web app on disk. Resolves URL paths to files inside `root` only (no `..`, no
 * symlinked escape by name), and answers every other page path with `index.html` so the app's
 * own router can show it.
 */
export class StaticFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** True when the build is there. */
  get available(): boolean {
    return existsSync(join(this.root, 'index.html'));
  }

  /**
   * The file for a URL path: the file itself when it exists, `index.html` for page paths
   * (no file extension), otherwise undefined (a missing asset is a 404, not the app). With
   * `acceptEncoding` naming `br` or `gzip`, the build's precompressed copy is sent when there is one.
   */
  resolve(urlPath: string, acceptEncoding?: string): StaticFile | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath.split('?')[0]);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    if (relative.split(/[/\\]/).includes('..')) return undefined;
    const candidate = join(this.root, relative);
    if (candidate !== this.root && !candidate.startsWith(this.root + sep)) return undefined;
    const file = this.file(candidate, acceptEncoding);
    if (file) return file;
    return extname(relative) === '' ? this.file(join(this.root, 'index.html'), acceptEncoding) : undefined;
  }

  private file(path: string, acceptEncoding: string | undefined): StaticFile | undefined {
    const plain = this.plainFile(path);
    if (!plain) return undefined;
    const admitted = accepted(acceptEncoding);
    for (const { encoding, suffix } of ENCODINGS) {
      if (!admitted.has(encoding)) continue;
      const compressed = this.plainFile(path + suffix);
      if (compressed) return { ...compressed, contentType: plain.contentType, cacheControl: plain.cacheControl, contentEncoding: encoding };
    }
    return plain;
  }

  private plainFile(path: string): StaticFile | undefined {
    let size: number;
    try {
      const s = statSync(path);
      if (!s.isFile()) return undefined;
      size = s.size;
    } catch {
      return undefined;
    }
    const ext = extname(path).toLowerCase();
    // Vite names assets by content hash: they never change, so browsers may keep them a year.
    // index.html names the current assets and must be revalidated on every load.
    const hashed = path.startsWith(join(this.root, 'assets') + sep);
    return {
      stream: () => createReadStream(path),
      contentType: TYPES[ext] ?? 'application/octet-stream',
      size,
      cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  }
}
