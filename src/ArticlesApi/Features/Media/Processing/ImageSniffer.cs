using System.Buffers.Binary;
using System.Text;

namespace ArticlesApi.Features.Media.Processing;

/// Decides an upload's type from its bytes, before any image library sees it, and refuses polyglots.
/// The rule (ADR "media processing"): the file must start with the signature of one accepted format; no signature of
/// a format a browser or reader would act on (HTML, script, SVG, PDF, PHP) may appear in its first 1,024 bytes (where
/// content sniffers and PDF readers look); and the image's own structure must end where the file ends (JPEG's end of
/// image, PNG's IEND, GIF's trailer, WebP's RIFF size, AVIF's top-level boxes) — anything appended after it (a ZIP,
/// an HTML page, a motion photo's video) is refused, except zero padding. Structure that ends early is Corrupt.
internal static class ImageSniffer
{
    const int SniffWindow = 1024;

    static readonly string[] ForeignSignatures =
        ["<html", "<head", "<body", "<script", "<iframe", "<svg", "<!doctype", "<?php", "%pdf-", "<object", "<embed"];

    public static ImageFormat Detect(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var head = new byte[Math.Min(SniffWindow, file.Length)];
        file.ReadExactly(head);

        var format = Signature(head)
            ?? throw new ImageRejectedException(ImageRejection.UnsupportedType,
                "The file is not a JPEG, PNG, WebP, GIF or AVIF image (decided from its bytes, not its name).");

        var text = Encoding.Latin1.GetString(head).ToLowerInvariant();
        foreach (var signature in ForeignSignatures)
        {
            if (text.Contains(signature, StringComparison.Ordinal))
            {
                throw new ImageRejectedException(ImageRejection.UnsupportedType,
                    $"The file is a {format} image that also carries '{signature}' in its first bytes (a polyglot); export the picture again as a plain image.");
            }
        }

        if (HasZipDirectoryEnd(file))
        {
            throw new ImageRejectedException(ImageRejection.UnsupportedType,
                $"The file is a {format} image that is also a ZIP archive (a polyglot); export the picture again as a plain image.");
        }

        file.Position = 0;
        var end = format switch
        {
            ImageFormat.Jpeg => JpegEnd(file),
            ImageFormat.Png => PngEnd(file),
            ImageFormat.Gif => GifEnd(file),
            ImageFormat.WebP => WebPEnd(file),
            _ => IsoBoxesEnd(file),
        };
        if (end > file.Length)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"The {format} image is truncated: its structure runs past the end of the file.");
        }
        if (end < file.Length && !OnlyZeros(file, end))
        {
            throw new ImageRejectedException(ImageRejection.UnsupportedType,
                $"The {format} image ends at byte {end} but the file has {file.Length - end} more bytes (another file appended: a polyglot); export the picture again as a plain image.");
        }
        return format;
    }

    static ImageFormat? Signature(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return ImageFormat.Jpeg;
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ImageFormat.Png;
        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8)) return ImageFormat.Gif;
        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.WebP;
        if (h.Length >= 16 && h[4..8].SequenceEqual("ftyp"u8))
        {
            // AVIF: the major brand or one of the compatible brands is avif/avis (HEIC and MP4 are not accepted).
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(h), (uint)h.Length);
            for (var i = 8; i + 4 <= size; i += 4)
            {
                if (i == 12) continue; // minor version
                if (h[i..(i + 4)].SequenceEqual("avif"u8) || h[i..(i + 4)].SequenceEqual("avis"u8)) return ImageFormat.Avif;
            }
        }
        return null;
    }

    /// Walks the marker segments to the first scan, then the entropy-coded data (and further scans of a progressive
    /// JPEG) to the end-of-image marker. An embedded EXIF thumbnail sits inside APP1's length and is skipped whole.
    static long JpegEnd(FileStream f)
    {
        var r = new BufferedStream(f, 64 * 1024);
        long pos = 2;
        r.Position = 2;
        while (true)
        {
            var b = r.ReadByte();
            if (b < 0) return long.MaxValue;
            pos++;
            if (b != 0xFF) return long.MaxValue; // garbage between segments: corrupt
            int marker;
            do { marker = r.ReadByte(); pos++; } while (marker == 0xFF);
            if (marker < 0) return long.MaxValue;
            if (marker == 0xD9) return pos;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue;
            var hi = r.ReadByte();
            var lo = r.ReadByte();
            if (lo < 0) return long.MaxValue;
            var length = (hi << 8) | lo;
            if (length < 2) return long.MaxValue;
            pos += length;
            if (pos > f.Length) return pos;
            r.Position = pos;
            if (marker != 0xDA) continue;
            // Entropy-coded data: 0xFF 0x00 is a stuffed byte, 0xFF 0xD0–D7 a restart marker; any other marker ends it.
            while (true)
            {
                var c = r.ReadByte();
                if (c < 0) return long.MaxValue;
                pos++;
                if (c != 0xFF) continue;
                var n = r.ReadByte();
                if (n < 0) return long.MaxValue;
                pos++;
                while (n == 0xFF) { n = r.ReadByte(); pos++; }
                if (n < 0) return long.MaxValue;
                if (n == 0x00 || n is >= 0xD0 and <= 0xD7) continue;
                // Another marker: back up to it and go on with the segment walk.
                pos -= 2;
                r.Position = pos;
                break;
            }
        }
    }

    static long PngEnd(FileStream f)
    {
        Span<byte> chunk = stackalloc byte[8];
        long pos = 8;
        while (true)
        {
            f.Position = pos;
            if (f.Read(chunk) < 8) return long.MaxValue;
            var length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            pos += 12L + length;
            if (chunk[4..8].SequenceEqual("IEND"u8)) return pos;
            if (pos > f.Length) return pos;
        }
    }

    static long GifEnd(FileStream f)
    {
        var r = new BufferedStream(f, 64 * 1024);
        r.Position = 10;
        var flags = r.ReadByte();
        if (flags < 0) return long.MaxValue;
        long pos = 13;
        if ((flags & 0x80) != 0) pos += 3L << ((flags & 0x07) + 1);
        r.Position = pos;
        while (true)
        {
            var block = r.ReadByte();
            pos++;
            switch (block)
            {
                case 0x3B:
                    return pos;
                case 0x21:
                    r.ReadByte();
                    pos++;
                    break;
                case 0x2C:
                    var descriptor = new byte[9];
                    if (r.Read(descriptor) < 9) return long.MaxValue;
                    pos += 9;
                    if ((descriptor[8] & 0x80) != 0) pos += 3L << ((descriptor[8] & 0x07) + 1);
                    pos++; // LZW minimum code size
                    r.Position = pos;
                    break;
                default:
                    return long.MaxValue;
            }
            // Data sub-blocks up to the zero-length terminator.
            while (true)
            {
                if (pos >= f.Length) return long.MaxValue;
                var size = r.ReadByte();
                if (size < 0) return long.MaxValue;
                pos += 1 + size;
                if (size == 0) break;
                r.Position = pos;
            }
        }
    }

    static long WebPEnd(FileStream f)
    {
        Span<byte> header = stackalloc byte[8];
        f.Position = 0;
        f.ReadExactly(header);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        return 8L + size + (size & 1);
    }

    static readonly HashSet<string> TopLevelBoxes =
        ["ftyp", "meta", "mdat", "free", "skip", "moov", "uuid", "pdin", "moof", "mfra", "styp", "sidx", "ssix", "prft", "emsg", "etyp", "otyp", "wide"];

    /// ISO base media file (AVIF): the top-level boxes must tile the file exactly. A "box" of a type ISO/IEC 14496-12
    /// does not define at the top level is no box: the image ended before it (something was appended).
    static long IsoBoxesEnd(FileStream f)
    {
        Span<byte> box = stackalloc byte[16];
        long pos = 0;
        while (pos < f.Length)
        {
            f.Position = pos;
            if (f.Read(box[..8]) < 8) return long.MaxValue;
            if (!TopLevelBoxes.Contains(Encoding.Latin1.GetString(box[4..8]))) return pos;
            long size = BinaryPrimitives.ReadUInt32BigEndian(box);
            if (size == 1)
            {
                if (f.Read(box[8..16]) < 8) return long.MaxValue;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(box[8..]);
                if (size < 16) return long.MaxValue;
            }
            else if (size == 0)
            {
                return f.Length;
            }
            else if (size < 8)
            {
                return long.MaxValue;
            }
            pos += size;
        }
        return pos;
    }

    /// A ZIP reader looks for its end-of-central-directory record in the last 65,557 bytes; an image has none there.
    static bool HasZipDirectoryEnd(FileStream f)
    {
        var tail = new byte[Math.Min(f.Length, 65_557)];
        f.Position = f.Length - tail.Length;
        f.ReadExactly(tail);
        return tail.AsSpan().IndexOf("PK\u0005\u0006"u8) >= 0;
    }

    static bool OnlyZeros(FileStream f, long from)
    {
        if (f.Length - from > 64 * 1024) return false;
        f.Position = from;
        int b;
        while ((b = f.ReadByte()) >= 0)
        {
            if (b != 0) return false;
        }
        return true;
    }
}
