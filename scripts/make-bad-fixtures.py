#!/usr/bin/env python3
"""Builds the bad-input corpus in test/fixtures/bad/ (run from the repo root; needs qpdf).

Every file here must be refused with a clear 4xx by every dialect's upload and leave no trace.
"""
import io, os, struct, subprocess, zipfile, zlib

OUT = 'test/fixtures/bad'
os.makedirs(OUT, exist_ok=True)


def pdf(objects, extra_trailer=''):
    out = b'%PDF-1.4\n'
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        out += f'{i + 1} 0 obj\n'.encode() + o + b'\nendobj\n'
    xref = len(out)
    out += f'xref\n0 {len(objects) + 1}\n0000000000 65535 f \n'.encode()
    for off in offsets:
        out += f'{off:010d} 00000 n \n'.encode()
    out += f'trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {extra_trailer}>>\nstartxref\n{xref}\n%%EOF\n'.encode()
    return out


def text_pdf(text='Bad input corpus'):
    stream = f'BT /F1 18 Tf 72 720 Td ({text}) Tj ET'.encode()
    return pdf([
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ])


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


good = text_pdf()
write('truncated.pdf', good[: len(good) // 2])
write('corrupt.pdf', b'%PDF-1.7\n' + bytes(range(256)) * 40 + b'\n%%EOF\n')
write('plain-for-encryption.pdf', good)
subprocess.run(['qpdf', '--object-streams=disable', '--encrypt', 'user-pass', 'owner-pass', '256', '--',
                os.path.join(OUT, 'plain-for-encryption.pdf'), os.path.join(OUT, 'encrypted.pdf')], check=True)
os.remove(os.path.join(OUT, 'plain-for-encryption.pdf'))

# A 30000x30000 1-bit image inside a PDF: 900 M pixels that decompress from ~110 KB.
side = 30000
raw = zlib.compress(b'\0' * ((side + 7) // 8 * side), 9)
write('huge-image.pdf', pdf([
    b'<< /Type /Catalog /Pages 2 0 R >>',
    b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>',
    b'<< /Length 33 >>\nstream\nq 612 0 0 792 0 0 cm /Im1 Do Q\nendstream',
    b'<< /Type /XObject /Subtype /Image /Width 30000 /Height 30000 /ColorSpace /DeviceGray /BitsPerComponent 1 '
    b'/Filter /FlateDecode /Length %d >>\nstream\n' % len(raw) + raw + b'\nendstream',
]))


def png_chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


# A real PNG decompression bomb: 30000x30000 1-bit pixels, every scanline present.
row = b'\0' + b'\0' * ((side + 7) // 8)
idat = zlib.compress(row * side, 9)
write('bomb.png', b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 1, 0, 0, 0, 0))
      + png_chunk(b'IDAT', idat) + png_chunk(b'IEND', b''))

# A DOCX whose document.xml inflates to 300 MB.
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
               + ' ' * (300 * 1024 * 1024) + '</w:t></w:r></w:p></w:body></w:document>')
write('bomb.docx', buf.getvalue())

write('empty.pdf', b'')
write('png-named.pdf', bytes.fromhex('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0500f00048501808aa98c210000000049454e44ae426082'))
write('program.exe', b'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00' + b'\x00' * 200)
print('wrote', sorted(os.listdir(OUT)))
