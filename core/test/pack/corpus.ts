import type { ExtractOptions } from '../../src/pack/unpack.js';
import { dir, end, entry, file, gnuLongName, gzip, header, pax, random, tar } from './raw-tar.js';

export interface HostileCase {
  name: string;
  /** The rule (details.rule) the refusal must name. */
  rule: string;
  tgz: Buffer;
  /** Lower caps, where reaching the default would only make the test slow. */
  options?: ExtractOptions;
}

const MiB = 1024 * 1024;

/** The hostile archive corpus: each case is exactly the bytes it describes. */
export function hostileCorpus(): HostileCase[] {
  const cases: HostileCase[] = [
    { name: 'parent traversal ../evil', rule: 'path-traversal', tgz: gzip(tar(file('../evil'))) },
    { name: 'absolute /etc/x', rule: 'absolute-path', tgz: gzip(tar(file('/etc/x'))) },
    {
      name: 'nested traversal a/../../x',
      rule: 'path-traversal',
      tgz: gzip(tar(dir('a/'), file('a/../../x'))),
    },
    {
      name: 'symlink to /etc/passwd',
      rule: 'symlink',
      tgz: gzip(tar(file('ok.txt'), entry({ name: 'passwd', type: '2', linkname: '/etc/passwd' }))),
    },
    {
      name: 'directory symlink then a file written through it',
      rule: 'symlink',
      tgz: gzip(tar(entry({ name: 'a', type: '2', linkname: '/tmp/x' }), file('a/evil', 'pwned'))),
    },
    {
      name: 'hardlink to /etc/passwd',
      rule: 'hardlink',
      tgz: gzip(tar(entry({ name: 'passwd', type: '1', linkname: '/etc/passwd' }))),
    },
    {
      name: 'hardlink to an earlier entry',
      rule: 'hardlink',
      tgz: gzip(tar(file('a.txt', 'hello'), entry({ name: 'b.txt', type: '1', linkname: 'a.txt' }))),
    },
    { name: 'character device', rule: 'char-device', tgz: gzip(tar(entry({ name: 'tty', type: '3' }))) },
    { name: 'block device', rule: 'block-device', tgz: gzip(tar(entry({ name: 'sda', type: '4' }))) },
    { name: 'fifo', rule: 'fifo', tgz: gzip(tar(entry({ name: 'pipe', type: '6' }))) },
    {
      name: 'contiguous file',
      rule: 'contiguous-file',
      tgz: gzip(tar(entry({ name: 'c', type: '7' }, 'c'))),
    },
    {
      name: 'single file declared beyond the 50 MiB cap',
      rule: 'file-too-large',
      // Only the header: the size is refused before any body is read.
      tgz: gzip(Buffer.concat([header({ name: 'huge.bin', size: 51 * MiB }), end()])),
    },
    {
      name: 'total unpacked size beyond the cap',
      rule: 'total-too-large',
      tgz: gzip(tar(file('one.bin', random(40 * 1024)), file('two.bin', random(40 * 1024)))),
      options: { maxTotalBytes: 64 * 1024 },
    },
    {
      name: 'decompression bomb: 11 MiB of zeros',
      rule: 'compression-ratio',
      tgz: gzip(tar(file('zeros.bin', Buffer.alloc(11 * MiB)))),
    },
    {
      name: 'too many entries',
      rule: 'too-many-entries',
      tgz: gzip(tar(...Array.from({ length: 101 }, (_, index) => file(`f${index}.txt`)))),
      options: { maxEntries: 100 },
    },
    {
      name: 'duplicate entries',
      rule: 'duplicate-entry',
      tgz: gzip(tar(file('a.txt', 'one'), file('a.txt', 'two'))),
    },
    { name: 'case-fold collision', rule: 'name-collision', tgz: gzip(tar(file('A.txt'), file('a.txt'))) },
    {
      name: 'case-fold collision through a directory',
      rule: 'name-collision',
      tgz: gzip(tar(file('Docs/a.txt'), file('docs/b.txt'))),
    },
    {
      name: 'unicode lookalike: NFC vs NFD é',
      rule: 'duplicate-entry',
      tgz: gzip(tar(file('caf\u00e9.txt'), file('cafe\u0301.txt'))),
    },
    {
      name: 'unicode lookalike: fullwidth ａ',
      rule: 'name-collision',
      tgz: gzip(tar(file('a.txt'), file('\uff41.txt'))),
    },
    { name: 'ß vs ss', rule: 'name-collision', tgz: gzip(tar(file('stra\u00dfe.txt'), file('STRASSE.txt'))) },
    { name: 'zero-width joiner in a name', rule: 'invisible-character', tgz: gzip(tar(file('a\u200d.txt'))) },
    {
      name: 'bidi override in a name',
      rule: 'invisible-character',
      tgz: gzip(tar(file('evil\u202etxt.sh'))),
    },
    { name: 'backslash path ..\\x', rule: 'backslash', tgz: gzip(tar(file('..\\x'))) },
    { name: 'drive letter C:/x', rule: 'drive-letter', tgz: gzip(tar(file('C:/x'))) },
    {
      name: 'pax path override to ../x',
      rule: 'path-traversal',
      tgz: gzip(tar(pax({ path: '../x' }), file('harmless.txt'))),
    },
    {
      name: 'pax path with a NUL byte',
      rule: 'nul-byte',
      tgz: gzip(tar(pax({ path: 'a\u0000/../../x' }), file('harmless.txt'))),
    },
    {
      name: 'global pax header setting path',
      rule: 'global-header',
      tgz: gzip(tar(pax({ path: '../x' }, 'g'), file('harmless.txt'))),
    },
    {
      name: 'pax header beyond the size cap',
      rule: 'pax-too-large',
      tgz: gzip(tar(pax({ comment: 'x'.repeat(70 * 1024) }), file('a.txt'))),
    },
    {
      name: 'path longer than 1024 bytes',
      rule: 'path-too-long',
      tgz: gzip(tar(pax({ path: `${'d/'.repeat(520)}x` }), file('harmless.txt'))),
    },
    {
      name: 'GNU long name to ../x',
      rule: 'path-traversal',
      tgz: gzip(tar(gnuLongName('../x'), file('harmless.txt'))),
    },
    { name: 'file then a path through it', rule: 'through-file', tgz: gzip(tar(file('a'), file('a/b'))) },
    {
      name: 'archive truncated inside a file',
      rule: 'truncated',
      tgz: gzip(file('big.bin', random(4096)).subarray(0, 512 + 1000)),
    },
    { name: 'archive without end-of-archive blocks', rule: 'truncated', tgz: gzip(file('a.txt')) },
    {
      name: 'gzip stream cut short',
      rule: 'truncated',
      tgz: gzip(tar(file('a.bin', random(8192)))).subarray(0, 3000),
    },
    {
      name: 'bad header checksum',
      rule: 'bad-checksum',
      tgz: gzip(tar(entry({ name: 'a.txt', badChecksum: true }, 'a'))),
    },
    {
      name: 'trailing garbage after the end blocks',
      rule: 'trailing-garbage',
      tgz: gzip(Buffer.concat([tar(file('a.txt')), Buffer.from('#!/bin/sh\nrm -rf ~\n')])),
    },
    { name: 'not gzip at all', rule: 'corrupt-gzip', tgz: tar(file('a.txt')) },
    {
      name: 'garbage after the gzip stream',
      rule: 'corrupt-gzip',
      tgz: Buffer.concat([gzip(tar(file('a.txt'))), Buffer.from('garbage!')]),
    },
    {
      name: 'a second gzip member smuggling more tar data',
      rule: 'trailing-garbage',
      tgz: Buffer.concat([gzip(tar(file('a.txt'))), gzip(tar(file('b.txt')))]),
    },
  ];
  return cases;
}
