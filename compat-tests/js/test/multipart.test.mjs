// lib-storage Upload: ~12 MiB from a stream of unknown length, partSize 5 MiB, queueSize 4 (three
// parts uploaded concurrently), with the SDK's default CRC32, with explicit algorithms (composite
// SHA256, full-object CRC64NVME, full-object CRC32) and with no checksum at all.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import {
  MiB,
  bodyBytes,
  captureRequests,
  checksumB64,
  compositeChecksum,
  makeClient,
  multipartEtag,
  patternBytes,
  splitParts,
  uniqueKey,
  withBucket,
} from './helpers.mjs';

const PART_SIZE = 5 * MiB;
const DATA = patternBytes(12 * MiB + 54_321);
const PARTS = splitParts(DATA, PART_SIZE);

/** DATA as a Readable of uneven pieces whose total length the SDK cannot know. */
function dataStream() {
  return Readable.from((function* pieces() {
    let off = 0;
    let i = 0;
    while (off < DATA.length) {
      const size = 96 * 1024 + ((i++ * 7919) % 50_000);
      yield DATA.subarray(off, off + size);
      off += size;
    }
  })(), { objectMode: false });
}

describe('lib-storage multipart Upload (12 MiB, 5 MiB parts, queueSize 4)', () => {
  const ctx = withBucket('js-multipart');

  // Runs an Upload of DATA; checks ETag, bytes, the request sequence; returns the HeadObject.
  async function uploadAndVerify(client, extraParams = {}) {
    assert.equal(PARTS.length, 3);
    const key = uniqueKey('upload');
    const sent = captureRequests(client);
    const progress = [];
    const upload = new Upload({
      client, partSize: PART_SIZE, queueSize: 4, leavePartsOnError: false,
      params: { Bucket: ctx.bucket, Key: key, Body: dataStream(), ContentType: 'application/x-big', ...extraParams },
    });
    upload.on('httpUploadProgress', (p) => progress.push(p));
    const result = await upload.done();

    assert.equal(result.ETag, multipartEtag(PARTS), 'ETag is the multipart ETag of the 3 parts');
    assert.match(result.ETag, /-3"$/);
    assert.equal(result.Key, key);
    const parts = sent.filter((r) => r.method === 'PUT' && r.query.partNumber);
    assert.deepEqual(parts.map((r) => Number(r.query.partNumber)).sort(), [1, 2, 3], 'three UploadPart requests');
    assert.ok(progress.length > 0, 'httpUploadProgress events were emitted');

    const head = await client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ContentLength, DATA.length);
    assert.equal(head.ETag, result.ETag);
    assert.equal(head.ContentType, 'application/x-big');

    const got = await client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    const bytes = await bodyBytes(got.Body);
    assert.equal(bytes.length, DATA.length, 'GetObject length');
    assert.ok(bytes.equals(DATA), 'GetObject bytes equal the uploaded stream');

    const part2 = await client.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key, PartNumber: 2 }));
    assert.equal(part2.$metadata.httpStatusCode, 206);
    assert.equal(part2.PartsCount, 3);
    assert.equal(part2.ContentRange, `bytes ${PART_SIZE}-${2 * PART_SIZE - 1}/${DATA.length}`);
    assert.ok((await bodyBytes(part2.Body)).equals(PARTS[1]), 'GetObject PartNumber 2 is the second part');

    const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: ctx.bucket, Prefix: key }));
    assert.deepEqual(pending.Uploads ?? [], [], 'the upload is completed, not left pending');
    return { key, head, sent };
  }

  test('default client: CRC32 per part, composite object checksum', async () => {
    const { head, sent } = await uploadAndVerify(ctx.s3);
    const create = sent.find((r) => r.method === 'POST' && 'uploads' in r.query);
    assert.equal(create?.headers['x-amz-checksum-algorithm'], 'CRC32', 'CreateMultipartUpload asks for CRC32');
    for (const part of sent.filter((r) => r.method === 'PUT' && r.query.partNumber)) {
      const n = Number(part.query.partNumber);
      assert.equal(part.headers['x-amz-checksum-crc32'], checksumB64('CRC32', PARTS[n - 1]), `part ${n} CRC32`);
    }
    assert.equal(head.ChecksumCRC32, compositeChecksum('CRC32', PARTS), 'composite CRC32 of the parts, "-3"');
    assert.equal(head.ChecksumType, 'COMPOSITE');
  });

  test('ChecksumAlgorithm SHA256: composite SHA256', async () => {
    const { head } = await uploadAndVerify(ctx.s3, { ChecksumAlgorithm: 'SHA256' });
    assert.equal(head.ChecksumSHA256, compositeChecksum('SHA256', PARTS));
    assert.equal(head.ChecksumCRC32, undefined);
    assert.equal(head.ChecksumType, 'COMPOSITE');
  });

  test('ChecksumAlgorithm CRC64NVME: full-object checksum', async () => {
    const { head } = await uploadAndVerify(ctx.s3, { ChecksumAlgorithm: 'CRC64NVME' });
    assert.equal(head.ChecksumCRC64NVME, checksumB64('CRC64NVME', DATA), 'CRC64NVME of the whole object');
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
  });

  test('ChecksumAlgorithm CRC32 with ChecksumType FULL_OBJECT: full-object CRC32', async () => {
    const { head } = await uploadAndVerify(ctx.s3, { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
    assert.equal(head.ChecksumCRC32, checksumB64('CRC32', DATA), 'CRC32 of the whole object, no "-N"');
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
  });

  test('a WHEN_REQUIRED client: no checksum at all', async () => {
    const plain = makeClient({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    try {
      const { sent } = await uploadAndVerify(plain);
      for (const r of sent) {
        const sums = Object.keys(r.headers).filter((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-mode');
        assert.deepEqual(sums, [], `${r.method} ${r.path} sent no checksum`);
      }
    } finally {
      plain.destroy();
    }
  });
});
