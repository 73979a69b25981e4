using System.Text;
using ArticlesApi.Features.Media;
using FastEndpoints;
using FluentValidation.Results;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Media.Upload;

/// Reads the multipart body as it arrives: the `file` part streamed into a temporary file and counted (over
/// Media:MaxBytes: 413 at once, the rest is not read), the text parts bounded. Nothing is buffered in memory whole.
/// The temporary directory is deleted when the request ends, whatever happens.
sealed class UploadBinder : IRequestBinder<Request>
{
    /// A text part longer than this is refused before it is read whole (the validator's limits are shorter).
    const int MaxFieldBytes = 16 * 1024;

    public async ValueTask<Request> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var http = ctx.HttpContext;
        var maxBytes = ctx.Resolve<IOptions<MediaOptions>>().Value.MaxBytes;
        var request = new Request();
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            ctx.ValidationFailures.Add(new ValidationFailure("body",
                "Send the upload as `multipart/form-data` with the image in a part named `file` and its text in `alt` (required), `caption`, `credit`, `license`."));
            return request;
        }

        var upload = new TemporaryUpload();
        // Deleted as soon as the answer starts (everything is stored by then, or refused), and at the end of the request
        // when no answer started.
        http.Response.OnStarting(() =>
        {
            upload.Dispose();
            return Task.CompletedTask;
        });
        http.Response.RegisterForDispose(upload);
        request.Upload = upload;
        var seen = new HashSet<string>();
        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    ctx.ValidationFailures.Add(new ValidationFailure("body", "Every part of the body must be `Content-Disposition: form-data` with a name."));
                    return request;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                switch (name)
                {
                    case "file" or "alt" or "caption" or "credit" or "license" when !seen.Add(name):
                        ctx.ValidationFailures.Add(new ValidationFailure(name, $"Send `{name}` once per upload."));
                        return request;
                    case "file":
                        await upload.WriteAsync(section.Body, maxBytes, ct);
                        break;
                    case "alt" or "caption" or "credit" or "license":
                        var value = await ReadFieldAsync(section.Body, ct);
                        if (value is null)
                            ctx.ValidationFailures.Add(new ValidationFailure(name, $"'{name}' is longer than {MaxFieldBytes} bytes."));
                        else if (value.Contains('\0'))
                            ctx.ValidationFailures.Add(new ValidationFailure(name, $"'{name}' must not contain NUL characters."));
                        else if (name == "alt") request.Alt = value;
                        else if (name == "caption") request.Caption = value;
                        else if (name == "credit") request.Credit = value;
                        else request.License = value;
                        break;
                    default:
                        ctx.ValidationFailures.Add(new ValidationFailure(name.Length is > 0 and <= 100 ? name : "body",
                            $"'{name}' is not a part of an upload: send `file`, `alt`, `caption`, `credit` and `license`."));
                        return request;
                }
            }
        }
        // A body that ends before its closing boundary: MultipartReader throws IOException ("Unexpected end of Stream"). Not
        // BadHttpRequestException (an IOException too): that is Kestrel's own answer (413, a client gone) and keeps its status.
        catch (Exception e) when (e is InvalidDataException || e is IOException and not BadHttpRequestException)
        {
            ctx.ValidationFailures.Add(new ValidationFailure("body", "The body is not valid `multipart/form-data` (a part's headers are malformed or too long, or it ends early)."));
            return request;
        }
        request.File = upload.Bytes is { } bytes ? new FormFile(Stream.Null, 0, bytes, "file", upload.FileName) : null;
        return request;
    }

    /// UTF-8 text of at most MaxFieldBytes; null when longer.
    static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            length += read;
        if (length > MaxFieldBytes)
            return null;
        return new UTF8Encoding(false, false).GetString(buffer, 0, length);
    }
}

/// The uploaded file in a directory of its own under the system's temporary directory (the processor's output goes
/// there too); deleted with everything in it when the request ends.
sealed class TemporaryUpload : IDisposable
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"articles-upload-{Guid.NewGuid():N}");
    public string FileName => System.IO.Path.Combine(Directory, "upload");
    public string OutputDirectory => System.IO.Path.Combine(Directory, "out");

    /// Null until the `file` part was read.
    public long? Bytes { get; private set; }

    public async Task WriteAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(OutputDirectory);
        var total = 0L;
        await using var file = new FileStream(FileName, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new BadHttpRequestException($"The file is larger than Media:MaxBytes ({maxBytes} bytes).", StatusCodes.Status413PayloadTooLarge);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        Bytes = total;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
