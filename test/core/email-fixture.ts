import { tinyPdf, tinyPng } from '../helpers/files.ts';

const b64 = (bytes: Uint8Array | string) =>
  Buffer.from(bytes)
    .toString('base64')
    .replace(/(.{76})/g, '$1\r\n');

/**
 * A multipart e-mail built in memory: Thai plain-text and HTML bodies, an inline logo (multipart/related),
 * a PDF invoice, a text note and an executable attachment.
 */
export function sampleEml(tag = String(Math.random())): string {
  const pdf = tinyPdf(`FAKE-OCR: InvoiceId: EML-${tag}`);
  return [
    `From: =?UTF-8?B?${Buffer.from('ฝ่ายบัญชี ACME').toString('base64')}?= <billing@acme.example>`,
    'To: AP Team <ap@example.co.th>',
    `Subject: =?UTF-8?B?${Buffer.from(`ใบแจ้งหนี้ประจำเดือน ${tag}`).toString('base64')}?=`,
    'Date: Tue, 03 Nov 2026 09:30:00 +0700',
    `Message-ID: <inv-${tag}@acme.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="MIX"',
    '',
    '--MIX',
    'Content-Type: multipart/related; boundary="REL"',
    '',
    '--REL',
    'Content-Type: multipart/alternative; boundary="ALT"',
    '',
    '--ALT',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(`เรียน ฝ่ายบัญชี\nแนบใบแจ้งหนี้เลขที่ EML-${tag} ยอดชำระ 1,070.00 บาท\n`),
    '--ALT',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>เรียน ฝ่ายบัญชี</p><p>แนบใบแจ้งหนี้เลขที่ EML-${tag}</p><img src="cid:logo">`,
    '--ALT--',
    '--REL',
    'Content-Type: image/png',
    'Content-ID: <logo>',
    'Content-Disposition: inline',
    'Content-Transfer-Encoding: base64',
    '',
    b64(tinyPng()),
    '--REL--',
    '--MIX',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(pdf),
    '--MIX',
    'Content-Type: text/plain; charset=utf-8; name="note.txt"',
    'Content-Disposition: attachment; filename="note.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(`หมายเหตุ ${tag}: ชำระภายใน 30 วัน`),
    '--MIX',
    'Content-Type: application/octet-stream; name="setup.exe"',
    'Content-Disposition: attachment; filename="setup.exe"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])),
    '--MIX--',
    '',
  ].join('\r\n');
}
