// Default data integrity of the newest SDK: every PutObject carries a CRC32 (requestChecksumCalculation
// WHEN_SUPPORTED), and GetObject asks for the checksum (x-amz-checksum-mode: ENABLED) and validates
// the body against it while reading (responseChecksumValidation WHEN_SUPPORTED).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import {
  bodyBytes,
  captureRequests,
  checksumB64,
  makeClient,
  md5Hex,
  patternBytes,
  uniqueKey,
  withBucket,
} from './helpers.mjs';

describe('default integrity (CRC32 on upload, validated on download)', () => {
  const ctx = withBucket('js-integrity');

  // PutObject with the default client, then the same object back with ChecksumMode ENABLED.
  async function roundTrip(name, body, expectedBytes) {
    const key = uniqueKey(name);
    const sent = captureRequests(ctx.s3);
    const crc = checksumB64('CRC32', expectedBytes);

    const put = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: body }));
    const putRequest = sent.find((r) => r.method === 'PUT');
    assert.ok(putRequest, 'the PUT was captured');
    assert.equal(putRequest.headers['x-amz-checksum-crc32'], crc, 'the SDK sent a CRC32 header by default');
    assert.equal(put.ChecksumCRC32, crc, 'PutObject answers the stored CRC32');
    assert.equal(put.ChecksumType, 'FULL_OBJECT', 'PutObject answers x-amz-checksum-type FULL_OBJECT');
    assert.equal(put.ETag, `"${md5Hex(expectedBytes)}"`);

    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC32, crc, 'GetObject with ChecksumMode returns the CRC32');
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
    // The SDK wraps the body in a checksum-validating stream: reading it all must not throw.
    const bytes = await bodyBytes(got.Body);
    assert.ok(bytes.equals(expectedBytes), 'GetObject body equals what was put');
    return key;
  }

  test('a string body', async () => {
    const text = 'hello, integrity ✓\n'.repeat(100);
    await roundTrip('string', text, Buffer.from(text, 'utf8'));
  });

  test('a Buffer body (256 KiB)', async () => {
    const data = patternBytes(256 * 1024);
    await roundTrip('buffer', data, data);
  });

  test('a Uint8Array body', async () => {
    const data = new Uint8Array(patternBytes(4097));
    await roundTrip('uint8array', data, Buffer.from(data));
  });

  test('an empty body (CRC32 AAAAAA==)', async () => {
    const key = await roundTrip('empty', '', Buffer.alloc(0));
    assert.equal(checksumB64('CRC32', Buffer.alloc(0)), 'AAAAAA==');
    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(head.ContentLength, 0);
  });

  test('GetObject without ChecksumMode: the SDK enables it and validates', async () => {
    const data = patternBytes(70_000);
    const key = uniqueKey('auto-mode');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data }));
    const sent = captureRequests(ctx.s3);
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    const getRequest = sent.find((r) => r.method === 'GET');
    assert.equal(getRequest?.headers['x-amz-checksum-mode'], 'ENABLED', 'the SDK asked for the checksum');
    assert.equal(got.ChecksumCRC32, checksumB64('CRC32', data));
    assert.ok((await bodyBytes(got.Body)).equals(data));
  });

  test('HeadObject with ChecksumMode returns the CRC32 and its type; without it, no checksum', async () => {
    const data = Buffer.from('head me');
    const key = uniqueKey('head');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data }));
    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, checksumB64('CRC32', data));
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    const plain = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
    assert.equal(plain.ChecksumCRC32, undefined, 'no checksum unless x-amz-checksum-mode is ENABLED');
  });

  test('a GetObject Range answers no full-object checksum (the SDK would reject the part)', async () => {
    const data = patternBytes(10_000);
    const key = uniqueKey('range');
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data }));
    const got = await ctx.s3.send(new GetObjectCommand({
      Bucket: ctx.bucket, Key: key, Range: 'bytes=100-199', ChecksumMode: 'ENABLED',
    }));
    assert.equal(got.$metadata.httpStatusCode, 206);
    assert.equal(got.ChecksumCRC32, undefined, 'a range read carries no whole-object checksum');
    assert.ok((await bodyBytes(got.Body)).equals(data.subarray(100, 200)));
  });

  test('WHEN_REQUIRED client: no checksum sent; S3 adds its default CRC64NVME', async () => {
    const legacy = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    try {
      const data = Buffer.from('uploaded without any checksum');
      const key = uniqueKey('no-checksum');
      const sent = captureRequests(legacy);
      await legacy.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data }));
      const headers = sent.find((r) => r.method === 'PUT')?.headers ?? {};
      assert.deepEqual(Object.keys(headers).filter((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm'), [],
        'a WHEN_REQUIRED client sends no checksum on PutObject');

      const got = await legacy.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
      assert.equal(got.ChecksumCRC32, undefined);
      assert.ok((await bodyBytes(got.Body)).equals(data));

      // "If the object was uploaded without a checksum, Amazon S3 adds the default checksum, CRC64NVME."
      const head = await legacy.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(head.ChecksumCRC64NVME, checksumB64('CRC64NVME', data), 'S3 default CRC64NVME of an object put without a checksum');
      assert.equal(head.ChecksumType, 'FULL_OBJECT');
    } finally {
      legacy.destroy();
    }
  });
});
