using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.Media.Processing;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Media.Upload;

sealed class Request : MediaInput
{
    /// The image: JPEG, PNG, WebP, GIF or AVIF (decided from its bytes), at most Media:MaxBytes (20 MB by default) and
    /// Media:MaxPixels (40 megapixels).
    public IFormFile? File { get; set; }

    [HideFromDocs]
    public TemporaryUpload? Upload { get; set; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new MediaInputRules());
        RuleFor(x => x.File).NotNull().WithMessage("'file' is required: the image, as the multipart/form-data part named `file`.");
    }
}

sealed class Endpoint(ArticlesDb db, IImageProcessor processor, IMediaStorage storage, IOptions<MediaOptions> options,
    ILogger<Endpoint> logger) : Endpoint<Request, MediaResponse>
{
    /// Text parts and the multipart framing around the file.
    const long FormOverheadBytes = 128 * 1024;

    public override void Configure()
    {
        Post("/media");
        AllowFileUploads(dontAutoBindFormData: true);
        RequestBinder(new UploadBinder());
        Definition.Declare(new LargeBody(
            services => services.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes + FormOverheadBytes,
            services => $"The file is larger than Media:MaxBytes ({services.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes} bytes)."));
        Roles(RoleNames.Writers);
        Options(b => b.WithRequestTimeout(ArticlesApi.Infrastructure.Resilience.RequestTimeoutOptions.UploadPolicy));
        Description(b => b.Produces<MediaResponse>(201).ProducesProblems(400, 401, 403, 413, 415, 422));
        Summary(s =>
        {
            s.Summary = "Upload an image (contributor and up)";
            s.Description = "`multipart/form-data` with the image as `file` and its `alt` text (required), `caption`, `credit` and `license`. "
                + "The type is decided from the bytes: JPEG, PNG, WebP, GIF or AVIF; anything else (SVG included) answers 415. "
                + "Larger than Media:MaxBytes: 413 (the rest of the body is not read). More pixels than Media:MaxPixels, truncated or corrupt: "
                + "422 naming `file`, before the image is decoded where its header says enough. The stored original and every rendition "
                + "(Media:Widths narrower than the original, in WebP and the original's format) have their orientation applied, are in sRGB "
                + "and carry no metadata at all (EXIF, GPS, XMP, IPTC, comments): a photo never reveals where it was taken. "
                + "Files are served under their `url`s with `Cache-Control: public, max-age=31536000, immutable`. "
                + "Atomic: an upload that fails stores nothing.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var upload = req.Upload!;
        var limits = options.Value;
        ProcessedImage processed;
        try
        {
            // Probe refuses a type it does not accept and more pixels than Media:MaxPixels, before any decoding.
            var probe = processor.Probe(upload.FileName);
            processed = await processor.ProcessAsync(upload.FileName, probe, limits.RenditionWidths, upload.OutputDirectory, ct);
        }
        catch (ImageRejectedException e)
        {
            await Send.ResultAsync(Rejected(e));
            return;
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var caller = Caller.From(User);
        var item = new MediaItem
        {
            ContentType = processed.Original.ContentType, Width = processed.Original.Width, Height = processed.Original.Height,
            Bytes = processed.Original.Bytes, StorageKey = "", Alt = req.Alt.Trim(), Caption = MediaInputRules.Text(req.Caption),
            Credit = MediaInputRules.Text(req.Credit), License = MediaInputRules.Text(req.License), Placeholder = processed.Placeholder,
            UploadedByKeyId = caller.KeyId, UploadedByAuthorId = caller.AuthorId, CreatedAt = now, UpdatedAt = now,
        };
        var prefix = MediaKeys.Prefix(item.Id, now);
        var stored = new List<string>();
        try
        {
            // Files first, then the row: a row never names a missing file. Whatever fails deletes what was written.
            item.StorageKey = await PutAsync(prefix, processed.Original, stored, upload.OutputDirectory, ct);
            // One per width and format (a WebP original's renditions in "WebP and the original's format" are one file).
            foreach (var rendition in processed.Renditions.DistinctBy(r => (r.Width, r.Format)).OrderBy(r => r.Width).ThenBy(r => r.Format != ImageFormat.WebP))
                item.Renditions.Add(new MediaRendition
                {
                    Width = rendition.Width, Height = rendition.Height, Format = MediaKeys.FormatName(rendition.Format), Bytes = rendition.Bytes,
                    StorageKey = await PutAsync(prefix, rendition, stored, upload.OutputDirectory, ct),
                });
            db.Media.Add(item);
            await db.SaveChangesAsync(ct);
        }
        catch (MediaStorageFailures.UnavailableException e)
        {
            await DeleteStoredAsync(stored);
            logger.LogWarning("Media storage unavailable for an upload: {Error}", e.InnerException!.GetBaseException().Message);
            HttpContext.Response.Headers.RetryAfter = "5";
            await Send.ResultAsync(Problems.Result(ProblemTypes.StorageUnavailable,
                "The media storage could not store the files (it is unreachable or refused them); nothing was stored. Retry in a moment."));
            return;
        }
        catch
        {
            await DeleteStoredAsync(stored);
            throw;
        }
        HttpContext.Response.Headers.Location = $"/api/v1/media/{item.Id}";
        await Send.ResponseAsync(await MediaRepresentation.StoredAsync(db, item.Id, storage, ct), StatusCodes.Status201Created, ct);
    }

    async Task<string> PutAsync(string prefix, ProcessedFile file, List<string> stored, string directory, CancellationToken ct)
    {
        var key = MediaKeys.For(prefix, file.FileName);
        await using var content = System.IO.File.OpenRead(System.IO.Path.Combine(directory, file.FileName));
        stored.Add(key);
        try
        {
            await storage.PutAsync(key, content, file.ContentType, ct);
        }
        catch (Exception e) when (MediaStorageFailures.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            throw new MediaStorageFailures.UnavailableException(e);
        }
        return key;
    }

    async Task DeleteStoredAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A failed upload left the media file {Key}: delete it by hand.", key);
            }
        }
    }

    static IResult Rejected(ImageRejectedException e) => e.Reason == ImageRejection.UnsupportedType
        ? Problems.Result(ProblemTypes.UnsupportedImageType, e.Message)
        : Problems.Result(ProblemTypes.UnprocessableImage, e.Message, new Dictionary<string, object?>
        {
            ["errors"] = new[] { new { name = "file", reason = e.Message } },
        });
}
