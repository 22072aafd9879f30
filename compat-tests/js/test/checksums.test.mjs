// Each flexible-checksum algorithm (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) on PutObject, sent as a
// header (Buffer body) and as a trailer (stream body); HeadObject/GetObject with ChecksumMode must
// answer the value computed independently here; a wrong value is refused with BadDigest.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import {
  ALGORITHMS,
  CHECK_VALUES,
  bodyBytes,
  captureRequests,
  checksumB64,
  checksumRaw,
  expectS3Error,
  md5B64,
  patternBytes,
  uniqueKey,
  withBucket,
} from './helpers.mjs';

const FIELD = Object.fromEntries(ALGORITHMS.map((a) => [a, `Checksum${a}`]));
const HEADER = Object.fromEntries(ALGORITHMS.map((a) => [a, `x-amz-checksum-${a.toLowerCase()}`]));

/** The Checksum* fields present on an SDK output. */
function checksumFields(output) {
  return Object.keys(output).filter((k) => /^Checksum(CRC|SHA)/.test(k) && output[k] !== undefined).sort();
}

test('the checksum implementations of this suite match the published check values', () => {
  const check = Buffer.from('123456789');
  for (const [algorithm, hex] of Object.entries(CHECK_VALUES)) {
    assert.equal(checksumRaw(algorithm, check).toString('hex'), hex, algorithm);
  }
  assert.equal(checksumRaw('SHA1', Buffer.from('abc')).toString('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assert.equal(checksumB64('SHA256', Buffer.alloc(0)), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
});

describe('checksum algorithms', () => {
  const ctx = withBucket('js-checksums');

  async function assertStoredChecksum(key, algorithm, data) {
    const expected = checksumB64(algorithm, data);
    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head[FIELD[algorithm]], expected, `HeadObject ${FIELD[algorithm]}`);
    assert.deepEqual(checksumFields(head), [FIELD[algorithm]], 'only the chosen algorithm is stored');
    assert.equal(head.ChecksumType, 'FULL_OBJECT');

    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(got[FIELD[algorithm]], expected, `GetObject ${FIELD[algorithm]}`);
    // The SDK validates the body against that checksum as it is read.
    assert.ok((await bodyBytes(got.Body)).equals(data), 'GetObject body');
  }

  for (const algorithm of ALGORITHMS) {
    test(`${algorithm} in a header (Buffer body)`, async () => {
      const data = patternBytes(150_001);
      const key = uniqueKey(`header-${algorithm}`);
      const sent = captureRequests(ctx.s3);
      const put = await ctx.s3.send(new PutObjectCommand({
        Bucket: ctx.bucket, Key: key, Body: data, ChecksumAlgorithm: algorithm,
      }));
      const headers = sent.find((r) => r.method === 'PUT')?.headers ?? {};
      assert.equal(headers[HEADER[algorithm]], checksumB64(algorithm, data), `the SDK sent ${HEADER[algorithm]}`);
      assert.equal(headers['x-amz-sdk-checksum-algorithm'], algorithm);
      assert.equal(put[FIELD[algorithm]], checksumB64(algorithm, data), `PutObject answers ${FIELD[algorithm]}`);
      await assertStoredChecksum(key, algorithm, data);
    });

    test(`${algorithm} in a trailer (stream body, aws-chunked)`, async () => {
      const data = patternBytes(200_003);
      const key = uniqueKey(`trailer-${algorithm}`);
      const sent = captureRequests(ctx.s3);
      const body = Readable.from((function* chunks() {
        for (let off = 0; off < data.length; off += 64 * 1024) yield data.subarray(off, off + 64 * 1024);
      })(), { objectMode: false });
      const put = await ctx.s3.send(new PutObjectCommand({
        Bucket: ctx.bucket, Key: key, Body: body, ContentLength: data.length, ChecksumAlgorithm: algorithm,
      }));
      const headers = sent.find((r) => r.method === 'PUT')?.headers ?? {};
      assert.equal(headers['x-amz-trailer'], HEADER[algorithm], 'the checksum travels in the trailer');
      assert.equal(headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      assert.equal(put[FIELD[algorithm]], checksumB64(algorithm, data), `PutObject answers ${FIELD[algorithm]}`);
      await assertStoredChecksum(key, algorithm, data);
    });

    test(`${algorithm}: a precomputed right value is accepted, a wrong one is refused with BadDigest`, async () => {
      const data = Buffer.from(`checksummed with ${algorithm}`);
      const key = uniqueKey(`given-${algorithm}`);
      const right = checksumB64(algorithm, data);
      const put = await ctx.s3.send(new PutObjectCommand({
        Bucket: ctx.bucket, Key: key, Body: data, ChecksumAlgorithm: algorithm, [FIELD[algorithm]]: right,
      }));
      assert.equal(put[FIELD[algorithm]], right);
      await assertStoredChecksum(key, algorithm, data);

      // A well-formed value of other bytes: S3 answers 400 BadDigest ("The CRC32 you specified
      // did not match the calculated checksum.") and stores nothing.
      const badKey = uniqueKey(`wrong-${algorithm}`);
      const wrong = checksumB64(algorithm, Buffer.from('some other bytes'));
      await expectS3Error(ctx.s3.send(new PutObjectCommand({
        Bucket: ctx.bucket, Key: badKey, Body: data, ChecksumAlgorithm: algorithm, [FIELD[algorithm]]: wrong,
      })), { status: 400, code: 'BadDigest' });
      await expectS3Error(ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: badKey })),
        { status: 404, code: 'NotFound' });
    });
  }

  test('a checksum value that is not a valid digest is refused with InvalidRequest', async () => {
    const key = uniqueKey('malformed');
    // "Value for x-amz-checksum-sha256 header is invalid."
    await expectS3Error(ctx.s3.send(new PutObjectCommand({
      Bucket: ctx.bucket, Key: key, Body: 'x', ChecksumAlgorithm: 'SHA256', ChecksumSHA256: 'AAAAAA==',
    })), { status: 400, code: 'InvalidRequest' });
  });

  test('a wrong Content-MD5 is refused with BadDigest, a right one accepted', async () => {
    const data = Buffer.from('md5 checked');
    const key = uniqueKey('md5');
    const put = await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: data, ContentMD5: md5B64(data) }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    await expectS3Error(ctx.s3.send(new PutObjectCommand({
      Bucket: ctx.bucket, Key: uniqueKey('md5-wrong'), Body: data, ContentMD5: md5B64(Buffer.from('other')),
    })), { status: 400, code: 'BadDigest' });
  });
});
