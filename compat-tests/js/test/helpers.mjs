// Shared helpers for the AWS SDK for JavaScript v3 compat suite (not a test file).
//
// run.sh passes the server through S3EMU_ENDPOINT, S3EMU_TEST_ACCESS_KEY, S3EMU_TEST_SECRET_KEY and
// S3EMU_TEST_REGION. Every client gets its credentials and region explicitly, never from a profile.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import zlib from 'node:zlib';
import { after, before } from 'node:test';

import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`the js compat suite needs ${name}; run it through compat-tests/js/run.sh`);
  }
  return value;
}

export const ENDPOINT = required('S3EMU_ENDPOINT').replace(/\/+$/, '');
export const ACCESS_KEY = required('S3EMU_TEST_ACCESS_KEY');
export const SECRET_KEY = required('S3EMU_TEST_SECRET_KEY');
export const REGION = process.env.S3EMU_TEST_REGION || 'us-east-1';
export const PORT = Number(new URL(ENDPOINT).port);
export const MiB = 1024 * 1024;

// --- name resolution -------------------------------------------------------------------------
// RFC 6761 makes every NAME.localhost loopback, but glibc's "files dns" does not resolve it.
// This lookup, used only by the agents made here, answers 127.0.0.1 for localhost and
// *.localhost and defers to the system resolver for anything else. Every connection still goes
// to s3emu over loopback, with the real Host header.
export function localhostLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else if (typeof options === 'number') {
    options = { family: options };
  }
  const name = String(hostname).toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    if (options && options.all) {
      process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
    } else {
      process.nextTick(callback, null, '127.0.0.1', 4);
    }
    return;
  }
  dns.lookup(hostname, options, callback);
}

// Whether the system resolver alone maps NAME to loopback.
export function systemResolvesToLoopback(name) {
  return new Promise((resolve) => {
    dns.lookup(name, { all: true }, (err, addresses) => {
      if (err) return resolve(false);
      resolve(addresses.some((a) => a.address === '127.0.0.1' || a.address === '::1'));
    });
  });
}

// --- clients ---------------------------------------------------------------------------------
/**
 * An S3 client for s3emu: explicit credentials and region, path style unless asked otherwise,
 * one attempt (a failure shows at once), and timeouts so that a hung server fails the test.
 */
export function makeClient({
  forcePathStyle = true,
  endpoint = ENDPOINT,
  accessKeyId = ACCESS_KEY,
  secretAccessKey = SECRET_KEY,
  region = REGION,
  ...extra
} = {}) {
  return new S3Client({
    endpoint,
    region,
    forcePathStyle,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestHandler: {
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16, lookup: localhostLookup }),
      connectionTimeout: 5000,
      requestTimeout: 60000,
    },
    ...extra,
  });
}

/** Records the HTTP requests a client sends (method, hostname, path, query, headers). */
export function captureRequests(client) {
  const seen = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const r = args.request;
      if (r && r.headers) {
        seen.push({
          method: r.method,
          hostname: r.hostname,
          port: r.port,
          path: r.path,
          query: { ...(r.query || {}) },
          headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
          body: r.body,
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: `capture-${randomUUID()}` },
  );
  return seen;
}

// --- buckets ---------------------------------------------------------------------------------
/** A fresh valid bucket name: lowercase letters, digits and dashes. */
export function uniqueBucket(prefix) {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 12)}`.slice(0, 63);
}

/** Best effort: aborts uploads, deletes every object and the bucket. Never throws. */
export async function deleteBucketQuietly(client, bucket) {
  try {
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of uploads.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    }
  } catch {
    // cleanup must not mask a test's result
  }
  try {
    let token;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key }));
      if (keys.length) {
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch {
    // idem
  }
}

/**
 * Registers before/after hooks in the calling file (or describe block) that create one bucket
 * and remove it at the end. Returns a context whose .s3 and .bucket are set once `before` ran.
 */
export function withBucket(prefix, clientOptions = {}) {
  const ctx = { s3: null, bucket: null };
  before(async () => {
    ctx.s3 = makeClient(clientOptions);
    ctx.bucket = uniqueBucket(prefix);
    await ctx.s3.send(new CreateBucketCommand({ Bucket: ctx.bucket }));
  });
  after(async () => {
    if (ctx.s3 && ctx.bucket) await deleteBucketQuietly(ctx.s3, ctx.bucket);
    if (ctx.s3) ctx.s3.destroy();
  });
  return ctx;
}

/** A key unique to this call, under a readable prefix. */
export function uniqueKey(prefix) {
  return `${prefix}/${randomUUID().slice(0, 8)}`;
}

// --- errors ----------------------------------------------------------------------------------
/**
 * `promise` must reject with an S3 service error of that HTTP status and code (err.name in the
 * SDK). Returns the error. The assertion message carries what actually came back.
 */
export async function expectS3Error(promise, { status, code, message }) {
  let err;
  try {
    const result = await promise;
    assert.fail(`expected ${status} ${code}, but the call succeeded: ${JSON.stringify(result?.$metadata ?? result)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  const got = { status: err.$metadata?.httpStatusCode, code: err.name };
  assert.deepEqual(got, { status, code },
    `expected ${status} ${code}, got ${got.status} ${got.code}: ${err.message}`);
  if (message !== undefined) {
    assert.match(err.message, message, `error message of ${code}`);
  }
  return err;
}

// --- bytes -----------------------------------------------------------------------------------
/** Reads a GetObject Body (SDK stream mixin) into a Buffer. */
export async function bodyBytes(body) {
  if (typeof body?.transformToByteArray === 'function') {
    return Buffer.from(await body.transformToByteArray());
  }
  const chunks = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes (fast): a random 64 KiB block repeated with a counter. */
export function patternBytes(size, seed = randomBytes(65536)) {
  const out = Buffer.alloc(size);
  for (let off = 0, n = 0; off < size; off += seed.length, n++) {
    seed.copy(out, off, 0, Math.min(seed.length, size - off));
    if (off + 4 <= size) out.writeUInt32BE(n >>> 0, off);
  }
  return out;
}

export function md5Hex(data) {
  return createHash('md5').update(data).digest('hex');
}

export function md5B64(data) {
  return createHash('md5').update(data).digest('base64');
}

/** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-N"; quoted. */
export function multipartEtag(parts) {
  const digests = Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()));
  return `"${createHash('md5').update(digests).digest('hex')}-${parts.length}"`;
}

/** Splits a buffer into parts of partSize (the last one shorter). */
export function splitParts(data, partSize) {
  const parts = [];
  for (let off = 0; off < data.length; off += partSize) parts.push(data.subarray(off, off + partSize));
  return parts;
}

// --- checksums, computed here so each assertion compares with an independent value ----------
function reflectedTable32(poly) {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
}

const CRC32_TABLE = reflectedTable32(0xedb88320);
const CRC32C_TABLE = reflectedTable32(0x82f63b78);

function crc32Table(table, data) {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function crc32(data) {
  // zlib.crc32 exists from node 20.15 / 22.2; the table is the fallback.
  return typeof zlib.crc32 === 'function' ? zlib.crc32(data) >>> 0 : crc32Table(CRC32_TABLE, data);
}

export function crc32c(data) {
  return crc32Table(CRC32C_TABLE, data);
}

// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), with the 64-bit state kept as two
// 32-bit halves so that large bodies stay fast without BigInt arithmetic per byte.
const CRC64_POLY_HI = 0x9a6c9329;
const CRC64_POLY_LO = 0xac4bc9b5;
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let k = 0; k < 8; k++) {
    const lsb = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (lsb) {
      hi = (hi ^ CRC64_POLY_HI) >>> 0;
      lo = (lo ^ CRC64_POLY_LO) >>> 0;
    }
  }
  CRC64_HI[i] = hi;
  CRC64_LO[i] = lo;
}

/** CRC-64/NVME of data, as 8 big-endian bytes. */
export function crc64nvmeBytes(data) {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    // state >> 8, then xor the table entry
    const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
    const nhi = hi >>> 8;
    lo = (nlo ^ CRC64_LO[idx]) >>> 0;
    hi = (nhi ^ CRC64_HI[idx]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}

function u32be(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** Raw checksum bytes of data for an S3 algorithm name. */
export function checksumRaw(algorithm, data) {
  switch (algorithm) {
    case 'CRC32':
      return u32be(crc32(data));
    case 'CRC32C':
      return u32be(crc32c(data));
    case 'CRC64NVME':
      return crc64nvmeBytes(data);
    case 'SHA1':
      return createHash('sha1').update(data).digest();
    case 'SHA256':
      return createHash('sha256').update(data).digest();
    default:
      throw new Error(`unknown checksum algorithm ${algorithm}`);
  }
}

export function checksumB64(algorithm, data) {
  return checksumRaw(algorithm, data).toString('base64');
}

/** S3's composite (per-part) checksum: the checksum of the concatenated part checksums, "-N". */
export function compositeChecksum(algorithm, parts) {
  const joined = Buffer.concat(parts.map((p) => checksumRaw(algorithm, p)));
  return `${checksumRaw(algorithm, joined).toString('base64')}-${parts.length}`;
}

export const ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

// Known check values ("123456789"), to prove the implementations above before trusting them.
export const CHECK_VALUES = {
  CRC32: 'cbf43926',
  CRC32C: 'e3069283',
  CRC64NVME: 'ae8b14860a799888',
};

/** Sleeps ms milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
