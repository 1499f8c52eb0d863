import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where archive objects go: a local folder by default, an S3-compatible bucket (under `archive/`) when configured. */
export interface ArchiveStore {
  readonly kind: "local" | "s3";
  /** The cold storage class objects end in (S3 only), e.g. GLACIER; null keeps the bucket's default. */
  readonly storageClass: string | null;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** null when the object does not exist. Throws when the storage cannot answer (an outage: the job retries). */
  get(key: string): Promise<Uint8Array | null>;
  /** Moves a verified object to the cold storage class (a copy onto itself); a no-op without one. */
  toColdStorage(key: string, sha256: string): Promise<void>;
}

export interface ArchiveS3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
}

/** An object in a cold class (GLACIER, DEEP_ARCHIVE) must be restored by the provider before it can be read. */
export class ColdObjectError extends Error {
  override name = "ColdObjectError";
}

/** Keys are built by the archive (`<table>/<workspace>/<day>/part-<n>.jsonl.zst`); anything else is refused. */
function assertSafeKey(key: string): void {
  if (!/^[\w-]+(\/[\w.-]+)*$/.test(key) || key.split("/").some((part) => part === ".." || part === ".")) {
    throw new Error(`Unsafe archive key: ${key}`);
  }
}

export function localArchiveStore(root: string): ArchiveStore {
  const file = (key: string) => {
    assertSafeKey(key);
    return path.join(root, key);
  };
  return {
    kind: "local",
    storageClass: null,
    async put(key, bytes) {
      const p = file(key);
      await mkdir(path.dirname(p), { recursive: true });
      // Written aside then renamed: a crash never leaves a half object under the final name.
      const tmp = `${p}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, p);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async toColdStorage() {},
  };
}

const PREFIX = "archive/";

/** S3-compatible storage through the official AWS SDK (loaded only when configured), as packages/media does. */
export async function s3ArchiveStore(s: ArchiveS3Settings, storageClass?: string): Promise<ArchiveStore> {
  const { S3Client, GetObjectCommand, PutObjectCommand, CopyObjectCommand } = await import("@aws-sdk/client-s3");
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region ?? "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    // One retry per call at most: a longer outage is left to the job's own retry (graphile-worker's backoff).
    maxAttempts: 2,
  });
  const cold = storageClass && storageClass !== "STANDARD" ? storageClass : null;
  return {
    kind: "s3",
    storageClass: cold,
    async put(key, bytes) {
      assertSafeKey(key);
      // Written STANDARD first: an object already in GLACIER could not be read back to verify it.
      await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: PREFIX + key, Body: bytes, ContentType: "application/zstd" }));
    },
    async get(key) {
      assertSafeKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: PREFIX + key }));
        return await out.Body!.transformToByteArray();
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === "NoSuchKey" || name === "NotFound") return null;
        if (name === "InvalidObjectState") throw new ColdObjectError(`${key} is in cold storage: ask the provider to restore it (S3 RestoreObject), then run the restore again`);
        throw err;
      }
    },
    async toColdStorage(key, checksum) {
      if (!cold) return;
      assertSafeKey(key);
      // A copy onto itself changing the class; the metadata is replaced too (the checksum), which S3-compatible
      // servers that refuse a class-only self-copy (s3rver) require.
      await client.send(
        new CopyObjectCommand({
          Bucket: s.bucket,
          Key: PREFIX + key,
          CopySource: `${s.bucket}/${PREFIX}${key}`,
          StorageClass: cold as never,
          MetadataDirective: "REPLACE",
          ContentType: "application/zstd",
          Metadata: { sha256: checksum },
        }),
      );
    },
  };
}

export async function createArchiveStore(opts: { dir: string; s3?: ArchiveS3Settings; storageClass?: string }): Promise<ArchiveStore> {
  return opts.s3 ? s3ArchiveStore(opts.s3, opts.storageClass) : localArchiveStore(opts.dir);
}
